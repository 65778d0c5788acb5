import { CompileError, InvalidValueError, TooManyParametersError } from '../../errors';
import { assertNever } from '../../util/assert-never';
import type { CompiledQuery, ResultColumn } from '../compiled-query';
import type { Dialect } from '../dialect';
import type * as n from '../nodes';
import type { ExprNode, FromNode, QueryNode, StatementNode } from '../nodes';
import { bindValue, fromName } from '../nodes';
import type { SqlType } from '../types/sql-type';
import { bindProcessorOf, renderTypeCast, type TypeRenderer } from '../types/type-renderer';
import type { DialectCapabilities } from './capabilities';
import { collectFroms } from './from-inference';
import type { StatementCompilerHooks } from './hooks';
import type { IdentifierPreparer } from './identifier-preparer';
import { resultNames } from './naming';
import { firstSelect, typeOfNode } from './node-type';
import { COMPOUND_KINDS, isPredicate } from './predicates';
import { cacheFor, statementKey, type ParamSource } from './statement-cache';
import { isDdlNode, statementKind, type DdlStatementNode } from './statement-kind';
import { querySummary } from './query-summary';

/**
 * The statement compiler: walks a SELECT, set operation, INSERT, UPDATE, DELETE or text() tree once
 * and produces SQL text plus bound parameters (DDL goes to the dialect's DDL compiler). A dialect
 * subclasses it once and overrides hooks only: the methods of `StatementCompilerHooks`
 * (hooks.ts), where each is documented. The other protected methods are the walk, which hooks may
 * call but never override (spec/dialects checks it). Used as it is, it compiles standard SQL with
 * `?` placeholders.
 *
 * One class rather than a chain of layers: expressions, SELECT and DML recurse into each other
 * (subqueries, RETURNING, upsert SET lists), so every layer needed every other one.
 */
export class SqlCompiler implements StatementCompilerHooks {
  readonly capabilities: DialectCapabilities;
  /** How the dialect writes and converts each kind of type. */
  readonly types: TypeRenderer;
  protected readonly preparer: IdentifierPreparer;

  protected sql = '';
  protected params: unknown[] = [];
  protected columns: ResultColumn[] = [];
  protected outBinds: ResultColumn[] | undefined;
  /** When set, columns of this table render unqualified (RETURNING) or with this prefix (OUTPUT INSERTED). */
  protected columnPrefix: { table: n.TableNode; prefix: string } | undefined;
  private processors = new Map<SqlType<unknown>, ((v: unknown) => unknown) | undefined>();
  /** Per parameter: the node it came from and its bind processor, for the statement cache. */
  private paramSources: (ParamSource | undefined)[] = [];
  private paramProcessors: (((v: unknown) => unknown) | undefined)[] = [];

  /** The column the values being bound are written to or compared with, for InvalidValueError. */
  private valueColumn: string | undefined;

  /** FROM items of enclosing SELECTs, for correlating subqueries. */
  private enclosingFroms: Set<FromNode>[] = [];

  constructor(readonly dialect: Dialect) {
    this.capabilities = dialect.capabilities;
    this.types = dialect.types;
    this.preparer = dialect.preparer;
  }

  /**
   * Compiles a whole statement. A compiler instance compiles one statement. Statements of a shape
   * compiled before (same tree but for bound values) come from the statement cache.
   * @example new SqlCompiler(getDialect('sqlite')).compile(select(users.c.id).toStatementNode())
   */
  compile(node: StatementNode | DdlStatementNode): CompiledQuery {
    const key = statementKey(node);
    if (key === undefined) return this.compileUncached(node);
    const cache = cacheFor(this.dialect);
    const hit = cache.lookup(key);
    if (hit !== undefined) return hit;
    const compiled = this.compileUncached(node);
    cache.store(key, compiled, this.paramSources, this.paramProcessors);
    return compiled;
  }

  /** Compiles a statement without the cache. */
  compileUncached(node: StatementNode | DdlStatementNode): CompiledQuery {
    if (isDdlNode(node)) return new this.dialect.ddlCompiler(this.dialect).compile(node);
    this.visitStatement(node, true);
    // Refused here, before anything is sent: past the limit PostgreSQL drops the connection with a
    // protocol error and the others answer with messages that do not name the limit.
    const bound = this.params.length + (this.outBinds?.length ?? 0);
    if (bound > this.capabilities.maxParams) {
      throw new TooManyParametersError(bound, this.capabilities.maxParams, this.dialect.name);
    }
    return Object.freeze({
      sql: this.sql,
      params: Object.freeze(this.params),
      columns: Object.freeze(this.columns),
      statementKind: statementKind(node),
      returnsRows:
        this.columns.length > 0 ||
        node.kind === 'TextStatement' ||
        node.kind === 'Select' ||
        node.kind === 'SetOperation',
      summary: querySummary(node),
      ...(this.outBinds === undefined ? {} : { outBinds: Object.freeze(this.outBinds) }),
    });
  }

  // ---- hooks ---------------------------------------------------------------------------------

  /** The placeholder of the `index`-th (1-based) parameter. */
  placeholder(_index: number): string {
    return '?';
  }

  /** Quotes an identifier with the dialect's identifier preparer. */
  quoteIdentifier(name: string): string {
    return this.preparer.quoteIdentifier(name);
  }

  /** A string literal, for the few places SQL cannot take a parameter. */
  quoteLiteral(value: string): string {
    return this.preparer.quoteLiteral(value);
  }

  /** The keyword between a FROM item and its alias (`AS`; Oracle has none for tables). */
  tableAliasKeyword(): string {
    return ' AS ';
  }

  booleanConstant(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  functionName(name: string): string {
    return name.toLowerCase() === 'current_timestamp' ? 'CURRENT_TIMESTAMP' : name;
  }

  /** The type name used in CAST. */
  castType(type: SqlType<unknown>): string {
    return renderTypeCast(this.types, type);
  }

  // ---- output helpers ------------------------------------------------------------------------

  protected write(text: string): void {
    this.sql += text;
  }

  /**
   * Binds a value (converted by its type for this dialect) and writes its placeholder. `source`
   * is the node the value comes from; without it the statement is not cached (the value could
   * not be found again in another tree of the same shape).
   */
  protected bind(value: unknown, type: SqlType<unknown> | undefined, source?: ParamSource): void {
    let v = value;
    let proc: ((v: unknown) => unknown) | undefined;
    if (type !== undefined) {
      proc = this.processors.get(type);
      if (proc === undefined && !this.processors.has(type)) {
        proc = bindProcessorOf(this.types, type);
        this.processors.set(type, proc);
      }
      if (proc !== undefined && this.valueColumn !== undefined) proc = namingColumn(proc, this.valueColumn);
      if (proc !== undefined && v !== undefined && (v !== null || type.bindsNull)) v = proc(v);
    }
    this.params.push(v === undefined ? null : v);
    this.paramSources.push(source);
    this.paramProcessors.push(proc);
    this.write(this.placeholder(this.params.length));
  }

  /** Visits with `column` as the column of the values bound meanwhile (INSERT, SET, comparisons). */
  protected forColumn(column: string | undefined, visit: () => void): void {
    const saved = this.valueColumn;
    this.valueColumn = column ?? saved;
    try {
      visit();
    } finally {
      this.valueColumn = saved;
    }
  }

  /** Visits `value` compared with `other`: values bound in it are named after `other` when it is a column. */
  protected visitComparedOperand(value: ExprNode, other: ExprNode): void {
    this.forColumn(columnLabel(other), () => this.visitOperand(value));
  }

  protected list<T>(items: readonly T[], visit: (item: T, index: number) => void, sep = ', '): void {
    items.forEach((item, i) => {
      if (i > 0) this.write(sep);
      visit(item, i);
    });
  }

  protected tableName(node: n.TableNode): string {
    const name = this.quoteIdentifier(node.name);
    return node.schemaName === undefined ? name : `${this.quoteIdentifier(node.schemaName)}.${name}`;
  }

  protected unsupported(construct: string): never {
    throw new CompileError(`${construct} is not supported by the ${this.dialect.name} dialect`);
  }

  // ---- boolean positions ---------------------------------------------------------------------

  /**
   * Whether a boolean-valued column or function can stand as a condition and a comparison can
   * stand as a value. SQL Server and Oracle have no boolean expressions: see `visitCondition`.
   */
  booleanExpressions(): boolean {
    return true;
  }

  /**
   * An expression in a condition position (WHERE, ON, HAVING, AND / OR, CASE WHEN). Without
   * boolean expressions, a boolean value such as a BIT column is compared with 1.
   */
  protected visitCondition(node: ExprNode, insideLogical = false): void {
    if (this.booleanExpressions() || isPredicate(node)) {
      return insideLogical ? this.visitOperand(node, true) : this.visitExpr(node);
    }
    this.visitOperand(node);
    this.write(' = 1');
  }

  /**
   * An expression in a value position (select list, SET, VALUES, THEN / ELSE, RETURNING).
   * Without boolean expressions, a comparison becomes `CASE WHEN … THEN 1 ELSE 0 END`.
   */
  protected visitValue(node: ExprNode): void {
    if (this.booleanExpressions() || !isPredicate(node)) return this.visitExpr(node);
    this.writeBooleanValue(node);
  }

  /** A condition as a 0/1 value (dialects without boolean expressions). */
  writeBooleanValue(node: ExprNode): void {
    this.write('CASE WHEN ');
    this.visitCondition(node);
    this.write(' THEN 1 ELSE 0 END');
  }

  // ---- expressions ---------------------------------------------------------------------------

  protected visitExpr(node: ExprNode): void {
    switch (node.kind) {
      case 'Column':
        return this.visitColumn(node);
      case 'BindParam':
        return this.bind(bindValue(node), node.type, node);
      case 'Null':
        return this.write('NULL');
      case 'BooleanConstant':
        return this.write(this.booleanConstant(node.value));
      case 'Star':
        return this.write(node.from === undefined ? '*' : `${this.quoteIdentifier(fromName(node.from))}.*`);
      case 'Binary':
        return this.visitBinary(node);
      case 'Logical':
        return this.list(node.operands, (op) => this.visitCondition(op, true), ` ${node.op} `);
      case 'Not':
        this.write('NOT ');
        if (!this.booleanExpressions() && !isPredicate(node.operand)) {
          this.write('(');
          this.visitCondition(node.operand);
          return this.write(')');
        }
        return this.visitOperand(node.operand);
      case 'UnaryMinus':
        this.write('-');
        return this.visitOperand(node.operand);
      case 'IsNull':
        this.visitOperand(node.operand);
        return this.write(node.negated ? ' IS NOT NULL' : ' IS NULL');
      case 'In':
        return this.visitIn(node);
      case 'Between':
        this.visitOperand(node.operand);
        this.write(node.negated ? ' NOT BETWEEN ' : ' BETWEEN ');
        this.visitComparedOperand(node.low, node.operand);
        this.write(' AND ');
        return this.visitComparedOperand(node.high, node.operand);
      case 'Function':
        return this.visitFunction(node);
      case 'Cast':
        this.write('CAST(');
        this.visitExpr(node.operand);
        return this.write(` AS ${this.castType(node.type)})`);
      case 'Case':
        return this.visitCase(node);
      case 'Label':
        // A label outside the select list refers to the labeled expression.
        return this.visitExpr(node.expr);
      case 'Exists':
        this.write('EXISTS (');
        this.visitQuery(node.query, false);
        return this.write(')');
      case 'ScalarSubquery':
        this.write('(');
        this.visitQuery(node.query, false);
        return this.write(')');
      case 'Window':
        return this.visitWindow(node);
      case 'Tuple':
        this.write('(');
        this.list(node.items, (i) => this.visitExpr(i));
        return this.write(')');
      case 'TextFragment':
        return this.visitTextFragment(node);
      case 'DefaultValue':
        return this.write('DEFAULT');
      case 'Excluded':
        return this.visitExcluded(node);
      default:
        return assertNever(node, 'expression');
    }
  }

  /**
   * Visits an operand, wrapping compound expressions in parentheses. Directly inside AND / OR a
   * comparison needs none (AND and OR bind loosest); a nested AND / OR always gets them.
   */
  protected visitOperand(node: ExprNode, insideLogical = false): void {
    let parens = COMPOUND_KINDS.has(node.kind);
    if (insideLogical && node.kind !== 'Logical' && node.kind !== 'TextFragment') parens = false;
    if (parens) this.write('(');
    this.visitExpr(node);
    if (parens) this.write(')');
  }

  protected visitColumn(node: n.ColumnNode): void {
    const prefix = this.columnPrefix;
    if (prefix !== undefined && node.from === prefix.table) {
      this.write(prefix.prefix + this.quoteIdentifier(node.name));
      return;
    }
    const from = node.from;
    const qualifier = from.kind === 'Table' ? this.tableName(from) : this.quoteIdentifier(fromName(from));
    this.write(`${qualifier}.${this.quoteIdentifier(node.name)}`);
  }

  protected visitBinary(node: n.BinaryNode): void {
    switch (node.op) {
      case 'concat':
        return this.visitConcat(node.left, node.right);
      case 'ilike':
      case 'notIlike':
        return this.visitIlike(node);
      case 'like':
      case 'notLike':
        this.visitComparedOperand(node.left, node.right);
        this.write(node.op === 'like' ? ' LIKE ' : ' NOT LIKE ');
        this.visitComparedOperand(node.right, node.left);
        return this.visitEscape(node.escape);
      case '%':
        return this.visitModulo(node.left, node.right);
      default:
        this.visitComparedOperand(node.left, node.right);
        this.write(` ${node.op} `);
        return this.visitComparedOperand(node.right, node.left);
    }
  }

  protected visitEscape(escape: string | undefined): void {
    if (escape === undefined) return;
    if (escape.length !== 1) throw new CompileError('a LIKE escape must be a single character');
    this.write(` ESCAPE ${this.quoteLiteral(escape)}`);
  }

  visitConcat(left: ExprNode, right: ExprNode): void {
    this.visitOperand(left);
    this.write(' || ');
    this.visitOperand(right);
  }

  visitModulo(left: ExprNode, right: ExprNode): void {
    this.visitOperand(left);
    this.write(' % ');
    this.visitOperand(right);
  }

  /** ILIKE where the dialect has it; `LOWER(a) LIKE LOWER(b)` elsewhere. */
  visitIlike(node: n.BinaryNode): void {
    const negated = node.op === 'notIlike';
    if (this.capabilities.nativeIlike) {
      this.visitOperand(node.left);
      this.write(negated ? ' NOT ILIKE ' : ' ILIKE ');
      this.visitOperand(node.right);
    } else {
      this.write('LOWER(');
      this.visitExpr(node.left);
      this.write(negated ? ') NOT LIKE LOWER(' : ') LIKE LOWER(');
      this.visitExpr(node.right);
      this.write(')');
    }
    this.visitEscape(node.escape);
  }

  visitIn(node: n.InNode): void {
    this.visitOperand(node.operand);
    this.write(node.negated ? ' NOT IN (' : ' IN (');
    if (Array.isArray(node.values)) {
      this.forColumn(columnLabel(node.operand), () =>
        this.list(node.values as readonly ExprNode[], (v) => this.visitExpr(v)),
      );
    } else this.visitQuery(node.values as QueryNode, false);
    this.write(')');
  }

  protected visitFunction(node: n.FunctionNode): void {
    const name = this.functionName(node.name);
    if (name === 'CURRENT_TIMESTAMP' && node.args.length === 0) return this.write(name);
    this.write(`${name}(`);
    if (node.distinct) this.write('DISTINCT ');
    this.list(node.args, (a) => this.visitExpr(a));
    this.write(')');
  }

  protected visitCase(node: n.CaseNode): void {
    this.write('CASE');
    if (node.subject !== undefined) {
      this.write(' ');
      this.visitOperand(node.subject);
    }
    for (const [when, then] of node.whens) {
      this.write(' WHEN ');
      if (node.subject === undefined) this.visitCondition(when);
      else this.visitExpr(when);
      this.write(' THEN ');
      this.visitValue(then);
    }
    if (node.otherwise !== undefined) {
      this.write(' ELSE ');
      this.visitValue(node.otherwise);
    }
    this.write(' END');
  }

  protected visitWindow(node: n.WindowNode): void {
    this.visitExpr(node.fn);
    this.write(' OVER (');
    let space = '';
    if (node.partitionBy.length) {
      this.write('PARTITION BY ');
      this.list(node.partitionBy, (e) => this.visitExpr(e));
      space = ' ';
    }
    if (node.orderBy.length) {
      this.write(`${space}ORDER BY `);
      this.list(node.orderBy, (o) => this.visitOrderItem(o));
      space = ' ';
    }
    if (node.frame !== undefined) {
      const f = node.frame;
      this.write(`${space}${f.mode} BETWEEN ${this.frameBound(f.start)} AND ${this.frameBound(f.end)}`);
    }
    this.write(')');
  }

  /** A frame bound from its node: keywords, or a checked integer offset (never text from a caller). */
  protected frameBound(b: n.FrameBoundNode): string {
    switch (b.bound) {
      case 'unboundedPreceding':
        return 'UNBOUNDED PRECEDING';
      case 'unboundedFollowing':
        return 'UNBOUNDED FOLLOWING';
      case 'currentRow':
        return 'CURRENT ROW';
      case 'preceding':
      case 'following': {
        const offset = b.offset;
        if (!Number.isSafeInteger(offset) || (offset as number) < 0)
          throw new CompileError(
            `a window frame offset must be a non-negative integer, got ${String(offset)}`,
          );
        return `${offset as number} ${b.bound === 'preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
      }
      default:
        return assertNever(b.bound, 'frame bound');
    }
  }

  /** `text()`: replaces `:name` with placeholders and binds the named values. */
  protected visitTextFragment(node: n.TextFragmentNode): void {
    const pattern = /(?<![:\w\\]):(\w+)(?!:)/g;
    let last = 0;
    for (const match of node.sql.matchAll(pattern)) {
      const name = match[1]!;
      this.write(node.sql.slice(last, match.index).replace(/\\:/g, ':'));
      if (!(name in node.params)) {
        throw new CompileError(`text(): no value was given for the bind parameter ':${name}'`);
      }
      this.bind(node.params[name], undefined, { fragment: node, name });
      last = match.index + match[0].length;
    }
    this.write(node.sql.slice(last).replace(/\\:/g, ':'));
  }

  visitExcluded(node: n.ExcludedNode): void {
    this.write(`EXCLUDED.${this.quoteIdentifier(node.name)}`);
  }

  // ---- hooks ---------------------------------------------------------------------------------

  /**
   * Renders LIMIT / OFFSET (or its dialect's equivalent) after ORDER BY. `compound` is true for
   * the LIMIT of a UNION / INTERSECT / EXCEPT as a whole.
   */
  visitLimitOffset(
    limit: ExprNode | undefined,
    offset: ExprNode | undefined,
    _hasOrderBy: boolean,
    _compound: boolean,
  ): void {
    if (limit !== undefined) {
      this.write(' LIMIT ');
      this.visitExpr(limit);
    }
    if (offset !== undefined) {
      this.write(' OFFSET ');
      this.visitExpr(offset);
    }
  }

  /** Text placed right after SELECT [DISTINCT] (SQL Server's TOP). */
  selectPrefix(_node: n.SelectNode): void {}

  visitForUpdate(node: n.ForUpdateNode): void {
    this.write(node.mode === 'SHARE' ? ' FOR SHARE' : ' FOR UPDATE');
    if (node.of.length) this.write(` OF ${node.of.map((f) => this.quoteIdentifier(fromName(f))).join(', ')}`);
    if (node.noWait) this.write(' NOWAIT');
    if (node.skipLocked) this.write(' SKIP LOCKED');
  }

  /** Hook for table hints after a table in FROM (SQL Server's locking hints). */
  afterFromTable(_node: n.TableNode | n.TableAliasNode): void {}

  // ---- statements ----------------------------------------------------------------------------

  protected visitStatement(node: StatementNode, top: boolean): void {
    switch (node.kind) {
      case 'Select':
        return this.visitSelect(node, top);
      case 'SetOperation':
        return this.visitSetOperation(node, top);
      case 'Insert':
        return this.visitInsert(node);
      case 'Update':
        return this.visitUpdate(node);
      case 'Delete':
        return this.visitDelete(node);
      case 'TextStatement':
        this.visitTextFragment(node.text);
        if (top) this.columns = node.columns.map(([name, type]) => ({ name, type }));
        return;
      default:
        return assertNever(node, 'statement');
    }
  }

  protected visitCtes(ctes: readonly n.CteNode[]): void {
    if (ctes.length === 0) return;
    this.write(ctes.some((c) => c.recursive) ? this.recursiveWithKeyword() : 'WITH ');
    this.list(ctes, (cte) => {
      this.write(this.quoteIdentifier(cte.name));
      // Oracle and SQL Server require the column list of a recursive CTE; it is harmless elsewhere.
      const names =
        cte.columnNames ?? (cte.recursive ? resultNames(firstSelect(cte.query).columns) : undefined);
      if (names) this.write(` (${names.map((c) => this.quoteIdentifier(c)).join(', ')})`);
      this.write(' AS (');
      this.visitQuery(cte.query, false);
      this.write(')');
    });
    this.write(' ');
  }

  recursiveWithKeyword(): string {
    return 'WITH RECURSIVE ';
  }

  /** A nested query (subquery, CTE body, set-operation member). */
  protected visitQuery(node: QueryNode, top: boolean): void {
    if (node.kind === 'Select') this.visitSelect(node, top);
    else this.visitSetOperation(node, top);
  }

  visitSelect(node: n.SelectNode, top: boolean): void {
    this.visitCtes(node.ctes);
    const froms = collectFroms(node, this.enclosingFroms);
    const names = resultNames(node.columns);
    if (top) this.columns = node.columns.map((c, i) => ({ name: names[i]!, type: typeOfNode(c) }));

    if (node.columns.length === 0) throw new CompileError('a SELECT needs at least one column');
    // Subqueries anywhere in this SELECT, its select list included, correlate to its FROM items.
    this.withScope(froms, () => {
      this.write('SELECT ');
      if (node.distinct) this.write('DISTINCT ');
      this.selectPrefix(node);
      this.list(node.columns, (col, i) => this.visitSelectColumn(col, names[i]!));
      if (froms.length) {
        this.write(' FROM ');
        this.list(froms, (f) => this.visitFrom(f));
      } else {
        this.write(this.emptyFrom());
      }
      this.visitWhere(node.where);
      if (node.groupBy.length) {
        this.write(' GROUP BY ');
        this.list(node.groupBy, (e) => this.visitExpr(e));
      }
      if (node.having !== undefined) {
        this.write(' HAVING ');
        this.visitCondition(node.having);
      }
      this.visitOrderBy(node.orderBy);
      this.visitLimitOffset(node.limit, node.offset, node.orderBy.length > 0, false);
      if (node.forUpdate !== undefined) this.visitForUpdate(node.forUpdate);
    });
  }

  /** What a SELECT without FROM needs (Oracle: ` FROM DUAL`). */
  emptyFrom(): string {
    return '';
  }

  protected visitSelectColumn(node: ExprNode, name: string): void {
    if (node.kind === 'Label') {
      this.visitValue(node.expr);
      if (node.expr.kind === 'Column' && node.expr.name === name) return;
    } else {
      this.visitValue(node);
      if (node.kind === 'Column' && node.name === name) return;
    }
    this.write(` AS ${this.quoteIdentifier(name)}`);
  }

  protected visitOrderBy(items: readonly n.OrderByNode[]): void {
    if (items.length === 0) return;
    this.write(' ORDER BY ');
    this.list(items, (item) => this.visitOrderItem(item));
  }

  protected visitOrderItem(item: n.OrderByNode): void {
    if (item.nulls !== undefined && !this.capabilities.nullsOrdering) {
      // Emulate NULLS FIRST / LAST with a leading sort key: 0 sorts before 1.
      this.write('CASE WHEN ');
      this.visitExpr(item.expr);
      this.write(item.nulls === 'FIRST' ? ' IS NULL THEN 0 ELSE 1 END, ' : ' IS NULL THEN 1 ELSE 0 END, ');
    }
    this.visitExpr(item.expr);
    if (item.direction) this.write(` ${item.direction}`);
    if (item.nulls !== undefined && this.capabilities.nullsOrdering) this.write(` NULLS ${item.nulls}`);
  }

  protected visitSetOperation(node: n.SetOperationNode, top: boolean): void {
    this.visitCtes(node.ctes);
    if (!this.supportsSetOp(node.op)) this.unsupported(node.op);
    node.queries.forEach((q, i) => {
      if (i > 0) this.write(` ${this.setOpKeyword(node.op)} `);
      this.visitSetMember(q, top && i === 0);
    });
    this.visitOrderBy(node.orderBy);
    this.visitLimitOffset(node.limit, node.offset, node.orderBy.length > 0, true);
  }

  supportsSetOp(_op: n.SetOp): boolean {
    return true;
  }

  setOpKeyword(op: n.SetOp): string {
    return op;
  }

  /** A member of a set operation; parenthesized when it has its own ORDER BY / LIMIT. */
  visitSetMember(q: QueryNode, top: boolean): void {
    const needsParens =
      q.kind === 'SetOperation' || q.orderBy.length > 0 || q.limit !== undefined || q.offset !== undefined;
    if (needsParens) this.write('(');
    this.visitQuery(q, top);
    if (needsParens) this.write(')');
  }

  // ---- FROM ----------------------------------------------------------------------------------

  protected visitFrom(node: FromNode): void {
    switch (node.kind) {
      case 'Table':
        this.write(this.tableName(node));
        this.afterFromTable(node);
        return;
      case 'TableAlias':
        this.write(
          `${this.tableName(node.table)}${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`,
        );
        this.afterFromTable(node);
        return;
      case 'DerivedTable':
        if (node.lateral) this.write(this.lateralKeyword());
        this.write('(');
        this.visitQuery(node.query, false);
        this.write(`)${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
        return;
      case 'Join':
        return this.visitJoin(node);
      case 'CteRef':
        this.write(this.quoteIdentifier(node.cte.name));
        if (node.alias !== undefined)
          this.write(`${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
        return;
      case 'TableFunction':
        this.visitExpr(node.fn);
        this.write(`${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
        return;
      case 'Values':
        return this.visitValues(node);
      default:
        return assertNever(node, 'FROM item');
    }
  }

  lateralKeyword(): string {
    return 'LATERAL ';
  }

  /** `(VALUES (…), (…)) AS alias (columns)`: PostgreSQL and SQL Server; the other dialects override. */
  visitValues(node: n.ValuesNode): void {
    this.write('(VALUES ');
    this.list(node.rows, (row, r) => {
      this.write('(');
      this.list(row, (v, i) =>
        this.forColumn(`${node.alias}.${node.columnNames[i]}`, () =>
          this.visitValuesCell(v, node.types[i], r),
        ),
      );
      this.write(')');
    });
    const columns = node.columnNames.map((c) => this.quoteIdentifier(c)).join(', ');
    this.write(`)${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)} (${columns})`);
  }

  /** One value of a VALUES row; PostgreSQL casts the first row so the columns get their types. */
  visitValuesCell(value: ExprNode, _type: SqlType<unknown> | undefined, _row: number): void {
    this.visitExpr(value);
  }

  /**
   * VALUES as `SELECT … UNION ALL SELECT …` (MySQL/MariaDB and Oracle, whose VALUES either
   * lacks column names or does not exist). `fromDual` adds Oracle's FROM DUAL.
   */
  protected visitValuesAsUnion(node: n.ValuesNode, fromDual: string): void {
    this.write('(');
    this.list(
      node.rows,
      (row, r) => {
        this.write('SELECT ');
        this.list(row, (v, i) => {
          this.forColumn(`${node.alias}.${node.columnNames[i]}`, () => this.visitExpr(v));
          if (r === 0)
            this.write(`${this.columnAliasKeyword()}${this.quoteIdentifier(node.columnNames[i]!)}`);
        });
        this.write(fromDual);
      },
      ' UNION ALL ',
    );
    this.write(`)${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
  }

  columnAliasKeyword(): string {
    return ' AS ';
  }

  protected visitJoin(node: n.JoinNode): void {
    if (node.type === 'FULL' && !this.capabilities.fullJoin) this.unsupported('FULL OUTER JOIN');
    this.visitFrom(node.left);
    const keyword = {
      INNER: 'JOIN',
      LEFT: 'LEFT OUTER JOIN',
      RIGHT: 'RIGHT OUTER JOIN',
      FULL: 'FULL OUTER JOIN',
      CROSS: 'CROSS JOIN',
    }[node.type];
    this.write(` ${keyword} `);
    const nested = node.right.kind === 'Join';
    if (nested) this.write('(');
    this.visitFrom(node.right);
    if (nested) this.write(')');
    if (node.on !== undefined) {
      this.write(' ON ');
      this.visitCondition(node.on);
    }
  }

  // ---- scopes --------------------------------------------------------------------------------

  /**
   * Runs `visit` with `froms` as an enclosing scope, so subqueries inside correlate to them (the
   * target table of an UPDATE / DELETE, for instance) instead of adding them to their own FROM.
   */
  protected withScope(froms: readonly FromNode[], visit: () => void): void {
    this.enclosingFroms.push(new Set(froms.flatMap(leaves)));
    try {
      visit();
    } finally {
      this.enclosingFroms.pop();
    }
  }

  /** ` WHERE condition`, when there is one. */
  protected visitWhere(where: ExprNode | undefined): void {
    if (where === undefined) return;
    this.write(' WHERE ');
    this.visitCondition(where);
  }

  visitInsert(node: n.InsertNode): void {
    this.visitCtes(node.ctes);
    this.write(`INSERT INTO ${this.tableName(node.table)}`);
    this.visitInsertBody(node);
    if (node.onConflict !== undefined) this.visitOnConflict(node, node.onConflict);
    this.visitReturning(node.table, node.returning, 'INSERTED');
  }

  /** `(cols) VALUES (…), (…)`, `(cols) SELECT …`, or DEFAULT VALUES. */
  visitInsertBody(node: n.InsertNode): void {
    if (node.select !== undefined) {
      this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')}) `);
      this.visitQuery(node.select, false);
      return;
    }
    if (node.columns.length === 0) {
      if (node.rows.length > 1) this.unsupported('a multi-row INSERT of default values only');
      this.write(this.defaultValuesClause(node));
      return;
    }
    if (node.rows.length > 1 && !this.capabilities.multiRowInsert) this.unsupported('multi-row INSERT');
    this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')})`);
    this.beforeValues(node);
    this.write(' VALUES ');
    this.list(node.rows, (row) => {
      this.write('(');
      this.list(row, (v, i) =>
        this.forColumn(`${node.table.name}.${node.columns[i]}`, () => this.visitValue(v)),
      );
      this.write(')');
    });
  }

  defaultValuesClause(_node: n.InsertNode): string {
    return ' DEFAULT VALUES';
  }

  /** Hook between the column list and VALUES (SQL Server's OUTPUT). */
  beforeValues(_node: n.InsertNode): void {}

  visitOnConflict(node: n.InsertNode, oc: n.OnConflictNode): void {
    if (oc.target.length === 0 && oc.set !== undefined) {
      throw new CompileError(`onConflictDoUpdate() needs a conflict target on the ${this.dialect} dialect`);
    }
    this.write(' ON CONFLICT');
    if (oc.target.length) this.write(` (${oc.target.map((c) => this.quoteIdentifier(c)).join(', ')})`);
    if (oc.set === undefined) {
      this.write(' DO NOTHING');
      return;
    }
    this.write(' DO UPDATE SET ');
    this.visitSetClause(oc.set, node.table);
    if (oc.where !== undefined) {
      this.write(' WHERE ');
      this.withScope([node.table], () => this.visitCondition(oc.where!));
    }
  }

  /** RETURNING for dialects that have it; the result columns are the returned expressions. */
  visitReturning(table: n.TableNode, returning: readonly ExprNode[], _side: 'INSERTED' | 'DELETED'): void {
    if (returning.length === 0) return;
    if (this.capabilities.returning === 'none') this.unsupported('RETURNING');
    this.write(' RETURNING ');
    this.writeReturningList(table, returning, '');
  }

  /**
   * Writes returned expressions, target-table columns with `prefix` (`''` for unqualified), and
   * records them as the result columns.
   */
  protected writeReturningList(
    table: n.TableNode,
    returning: readonly ExprNode[],
    prefix: string,
    aliases = true,
  ): void {
    const names = resultNames(returning);
    this.columns = returning.map((c, i) => ({ name: names[i]!, type: typeOfNode(c) }));
    const saved = this.columnPrefix;
    this.columnPrefix = { table, prefix };
    try {
      this.list(returning, (col, i) =>
        aliases ? this.visitSelectColumn(col, names[i]!) : this.visitValue(col),
      );
    } finally {
      this.columnPrefix = saved;
    }
  }

  visitUpdate(node: n.UpdateNode): void {
    if (node.returning.length && !this.capabilities.updateReturning) this.unsupported('UPDATE … RETURNING');
    if (node.from.length && !this.capabilities.updateFrom) this.unsupported('UPDATE … FROM');
    this.visitCtes(node.ctes);
    this.withScope([node.table, ...node.from], () => {
      this.write(`UPDATE ${this.tableName(node.table)} SET `);
      this.visitSetClause(node.set, node.table);
      this.afterUpdateSet(node);
      if (node.from.length) {
        this.write(' FROM ');
        this.list(node.from, (f) => this.visitFrom(f));
      }
      this.visitWhere(node.where);
      if (node.from.length && node.returning.length && this.capabilities.returning === 'returning') {
        // Another table is in scope: the returned columns of the target are qualified.
        this.write(' RETURNING ');
        this.writeReturningList(node.table, node.returning, `${this.tableName(node.table)}.`);
      } else this.visitReturning(node.table, node.returning, 'INSERTED');
    });
  }

  protected visitSetClause(set: readonly (readonly [string, ExprNode])[], table?: n.TableNode): void {
    this.list(set, ([name, value]) => {
      this.write(`${this.quoteIdentifier(name)} = `);
      this.forColumn(table === undefined ? name : `${table.name}.${name}`, () => this.visitValue(value));
    });
  }

  /** Hook after UPDATE's SET list (SQL Server's OUTPUT). */
  afterUpdateSet(_node: n.UpdateNode): void {}

  visitDelete(node: n.DeleteNode): void {
    this.visitCtes(node.ctes);
    this.withScope([node.table], () => {
      this.write(`DELETE FROM ${this.tableName(node.table)}`);
      this.afterDeleteTable(node);
      this.visitWhere(node.where);
      this.visitReturning(node.table, node.returning, 'DELETED');
    });
  }

  /** Hook after DELETE FROM t (SQL Server's OUTPUT). */
  afterDeleteTable(_node: n.DeleteNode): void {}
}

function leaves(node: FromNode): FromNode[] {
  return node.kind === 'Join' ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

/** `table.column` of a column node (or its alias's name), for naming a refused value. */
function columnLabel(node: ExprNode): string | undefined {
  if (node.kind !== 'Column') return undefined;
  const from = node.from;
  return `${from.kind === 'Table' ? from.name : fromName(from)}.${node.name}`;
}

/** `proc`, completing the InvalidValueError it throws with the column's name. */
function namingColumn(proc: (v: unknown) => unknown, column: string): (v: unknown) => unknown {
  return (v) => {
    try {
      return proc(v);
    } catch (e) {
      throw e instanceof InvalidValueError ? e.forColumn(column) : e;
    }
  };
}
