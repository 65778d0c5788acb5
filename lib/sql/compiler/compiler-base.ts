import { CompileError, TooManyParametersError } from '../../errors';
import { assertNever } from '../../util/assert-never';
import type { CompiledQuery, ResultColumn } from '../compiled-query';
import type { Dialect } from '../dialect';
import type * as n from '../nodes';
import type { ExprNode, FromNode, QueryNode, StatementNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import type { TypeRenderer } from '../types/type-renderer';
import { BoundParams } from './bound-params';
import type { DialectCapabilities } from './capabilities';
import { compileReturningList, compileSetClause } from './compile-dml';
import {
  compileCondition,
  compileExpr,
  compileOperand,
  compileTextFragment,
  compileValue,
} from './compile-expression';
import { compileFrom, compileValuesAsUnion } from './compile-from';
import { compileCtes, compileQuery, compileWhere } from './compile-select';
import { collectFroms } from './from-inference';
import type { StatementCompilerHooks } from './hooks';
import type { IdentifierPreparer } from './identifier-preparer';
import { PreparedQuery } from './prepared-query';
import { querySummary } from './query-summary';
import { schemaTranslation, type CompileOptions, type SchemaTranslation } from './schema-translate';
import { cacheFor, statementKey, type ParamSource } from './statement-cache';
import { isDdlNode, statementKind, type DdlStatementNode } from './statement-kind';

/**
 * The statement compiler without its hooks: the state of one compilation (SQL text, parameters,
 * result columns, scopes), the output and scope helpers hooks use, and the walk, which hooks may
 * call but never override (spec/dialects checks it). How each construct is written lives in a
 * module of its own, as functions taking the compiler as their context (compile-context.ts):
 * compile-expression.ts, compile-select.ts (queries), compile-from.ts (FROM items and joins),
 * compile-dml.ts (INSERT, UPDATE, DELETE), and bound-params.ts (parameters). The hooks the walk
 * calls through `this` are abstract here, so a subclass that lacks one does not compile:
 * `SqlCompiler` (compiler.ts) gives their defaults and a dialect's compiler overrides them.
 */
export abstract class StatementCompilerBase implements StatementCompilerHooks {
  /** What the dialect can do. */
  readonly capabilities: DialectCapabilities;
  /** How the dialect writes and converts each kind of type. */
  readonly types: TypeRenderer;
  /** The dialect's identifier quoting. */
  protected readonly preparer: IdentifierPreparer;

  /** The SQL written so far. */
  protected sql = '';
  /** The result columns the statement returns. */
  protected columns: ResultColumn[] = [];
  /** Output binds that return values (Oracle's RETURNING … INTO), if any. */
  protected outBinds: ResultColumn[] | undefined;
  private readonly binds: BoundParams;
  /** When set, columns of this table render unqualified (RETURNING) or with this prefix (OUTPUT INSERTED). */
  private columnPrefix: { table: n.TableNode | n.TableAliasNode; prefix: string } | undefined;
  /** FROM items of enclosing statements, for correlating subqueries. */
  private enclosingFroms: Set<FromNode>[] = [];
  /** The `schemaTranslateMap` in effect, checked; undefined when schemas are written as declared. */
  private readonly translation: SchemaTranslation | undefined;

  /**
   * A compiler for one statement.
   *
   * @param dialect - The dialect whose hooks, capabilities and types the compiler uses.
   * @param compileOptions - `schemaTranslateMap`: schema names to write instead of the declared ones.
   */
  constructor(
    readonly dialect: Dialect,
    private readonly compileOptions?: CompileOptions,
  ) {
    this.capabilities = dialect.capabilities;
    this.types = dialect.types;
    this.preparer = dialect.preparer;
    this.binds = new BoundParams(dialect.types);
    this.translation = schemaTranslation(compileOptions?.schemaTranslateMap);
  }

  /**
   * Compiles a whole statement. A compiler instance compiles one statement. Statements of a shape
   * compiled before (same tree but for bound values) come from the statement cache.
   * @example new SqlCompiler(getDialect('sqlite')).compile(select(users.c.id).toStatementNode())
   */
  compile(node: StatementNode | DdlStatementNode): CompiledQuery {
    // A statement compiled under one schema translation is never served under another.
    const key = statementKey(node, this.translation?.key);
    if (key === undefined) return this.compileUncached(node);
    const cache = cacheFor(this.dialect);
    const hit = cache.lookup(key);
    if (hit !== undefined) return hit;
    const compiled = this.compileUncached(node);
    cache.store(key, compiled, this.binds.sources, this.binds.processors);
    return compiled;
  }

  /**
   * Compiles a statement once for runs that differ only in the values of `slots`, bind nodes of its
   * tree (see `PreparedQuery`); undefined for DDL or when a parameter's source is unknown.
   * @internal
   */
  prepare(node: StatementNode, slots: readonly n.BindParamNode[]): PreparedQuery | undefined {
    if (isDdlNode(node)) return undefined;
    const compiled = this.compileUncached(node);
    return PreparedQuery.of(compiled, this.binds.sources, this.binds.processors, slots);
  }

  /** Compiles a statement without the cache. */
  compileUncached(node: StatementNode | DdlStatementNode): CompiledQuery {
    if (isDdlNode(node)) {
      const ddl = this.dialect.ddlCompiler;
      return new ddl(this.dialect, this.compileOptions).compile(node);
    }
    this.visitStatement(node, true);
    // Refused here, before anything is sent: past the limit PostgreSQL drops the connection with a
    // protocol error and the others answer with messages that do not name the limit.
    const bound = this.params.length + (this.outBinds?.length ?? 0);
    if (bound > this.capabilities.maxParams) {
      throw new TooManyParametersError(bound, this.capabilities.maxParams, this.dialect.name);
    }
    return Object.freeze({
      sql: this.sql,
      params: Object.freeze(this.binds.values),
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

  private visitStatement(node: StatementNode, top: boolean): void {
    switch (node.kind) {
      case 'Select':
        return this.visitSelect(node, top);
      case 'SetOperation':
        return compileQuery(this, node, top);
      case 'Insert':
        return this.visitInsert(node);
      case 'Update':
        return this.visitUpdate(node);
      case 'Delete':
        return this.visitDelete(node);
      case 'TextStatement':
        compileTextFragment(this, node.text);
        if (top) this.columns = node.columns.map(([name, type]) => ({ name, type }));
        return;
      default:
        return assertNever(node, 'statement');
    }
  }

  // ---- hooks (documented in hooks.ts) ------------------------------------------------------

  abstract placeholder(index: number): string;
  abstract tableAliasKeyword(): string;
  abstract columnAliasKeyword(): string;
  abstract booleanConstant(value: boolean): string;
  abstract functionName(name: string): string;
  abstract castType(type: SqlType<unknown>): string;
  abstract sequenceNextValue(qualifiedName: string): string;
  abstract recursiveWithKeyword(): string;
  abstract lateralKeyword(): string;
  abstract emptyFrom(): string;
  abstract booleanExpressions(): boolean;
  abstract writeBooleanValue(node: ExprNode): void;
  abstract visitConcat(left: ExprNode, right: ExprNode): void;
  abstract visitModulo(left: ExprNode, right: ExprNode): void;
  abstract visitIlike(node: n.BinaryNode): void;
  abstract visitIn(node: n.InNode): void;
  abstract visitExcluded(node: n.ExcludedNode): void;
  abstract visitSelect(node: n.SelectNode, top: boolean): void;
  abstract selectPrefix(node: n.SelectNode): void;
  abstract visitLimitOffset(
    limit: ExprNode | undefined,
    offset: ExprNode | undefined,
    hasOrderBy: boolean,
    compound: boolean,
  ): void;
  abstract visitForUpdate(node: n.ForUpdateNode): void;
  abstract afterFromTable(node: n.TableNode | n.TableAliasNode): void;
  abstract supportsSetOp(op: n.SetOp): boolean;
  abstract setOpKeyword(op: n.SetOp): string;
  abstract visitSetMember(query: QueryNode, top: boolean): void;
  abstract visitValues(node: n.ValuesNode): void;
  abstract visitValuesCell(value: ExprNode, type: SqlType<unknown> | undefined, row: number): void;
  abstract visitInsert(node: n.InsertNode): void;
  abstract visitInsertBody(node: n.InsertNode): void;
  abstract defaultValuesClause(node: n.InsertNode): string;
  abstract beforeValues(node: n.InsertNode): void;
  abstract visitOnConflict(node: n.InsertNode, onConflict: n.OnConflictNode): void;
  abstract visitReturning(
    table: n.TableNode | n.TableAliasNode,
    returning: readonly ExprNode[],
    side: 'INSERTED' | 'DELETED',
  ): void;
  abstract visitUpdate(node: n.UpdateNode): void;
  abstract afterUpdateSet(node: n.UpdateNode): void;
  abstract visitDelete(node: n.DeleteNode): void;
  abstract afterDeleteTable(node: n.DeleteNode): void;

  // ---- output --------------------------------------------------------------------------------

  /** The values bound so far, in placeholder order. */
  protected get params(): readonly unknown[] {
    return this.binds.values;
  }

  /** Appends SQL text to the statement. */
  write(text: string): void {
    this.sql += text;
  }

  /**
   * Binds a value (converted by its type for this dialect) and writes its placeholder. `source`
   * is the node the value comes from; without it the statement is not cached (the value could
   * not be found again in another tree of the same shape).
   */
  bind(value: unknown, type: SqlType<unknown> | undefined, source?: ParamSource): void {
    this.write(this.placeholder(this.binds.add(value, type, source)));
  }

  /** Runs `visit` with bound values named after `column`, for messages about invalid values. */
  forColumn(column: string | undefined, visit: () => void): void {
    this.binds.forColumn(column, visit);
  }

  /** Visits each item, writing `sep` between them. */
  list<T>(items: readonly T[], visit: (item: T, index: number) => void, sep = ', '): void {
    items.forEach((item, i) => {
      if (i > 0) this.write(sep);
      visit(item, i);
    });
  }

  /** Quotes an identifier with the dialect's identifier preparer. */
  quoteIdentifier(name: string): string {
    return this.preparer.quoteIdentifier(name);
  }

  /** A string literal, for the few places SQL cannot take a parameter. */
  quoteLiteral(value: string): string {
    return this.preparer.quoteLiteral(value);
  }

  /** The table's quoted name, schema-qualified when it has a schema. */
  tableName(node: n.TableNode): string {
    const name = this.quoteIdentifier(node.name);
    const schema = this.schemaName(node.schemaName);
    return schema === undefined ? name : `${this.quoteIdentifier(schema)}.${name}`;
  }

  /** The schema a statement names for `declared`, after the execution's schema translation map, if any. */
  schemaName(declared: string | undefined): string | undefined {
    return this.translation === undefined ? declared : this.translation.translate(declared);
  }

  /** @throws CompileError naming `construct` and the dialect. */
  unsupported(construct: string): never {
    throw new CompileError(`${construct} is not supported by the ${this.dialect.name} dialect`);
  }

  /** Records the result columns the statement returns, for reading its rows. */
  setResultColumns(columns: ResultColumn[]): void {
    this.columns = columns;
  }

  // ---- scopes --------------------------------------------------------------------------------

  /**
   * The FROM items of a SELECT: its explicit FROM and the tables its columns name, less those of enclosing
   * queries (correlation).
   */
  fromsOf(node: n.SelectNode): FromNode[] {
    return collectFroms(node, this.enclosingFroms);
  }

  /**
   * Runs `visit` with `froms` as an enclosing scope, so subqueries inside correlate to them (the
   * target table of an UPDATE / DELETE, for instance) instead of adding them to their own FROM.
   */
  withScope(froms: readonly FromNode[], visit: () => void): void {
    this.enclosingFroms.push(new Set(froms.flatMap(leaves)));
    try {
      visit();
    } finally {
      this.enclosingFroms.pop();
    }
  }

  /**
   * Runs `visit` with the columns of `table` written as `prefix.column` (a dialect's RETURNING / OUTPUT
   * spelling).
   */
  withColumnPrefix(table: n.TableNode | n.TableAliasNode, prefix: string, visit: () => void): void {
    const saved = this.columnPrefix;
    this.columnPrefix = { table, prefix };
    try {
      visit();
    } finally {
      this.columnPrefix = saved;
    }
  }

  /** The prefix `withColumnPrefix()` set for `table`, if it is the current one. */
  columnPrefixFor(table: FromNode): string | undefined {
    const current = this.columnPrefix;
    return current !== undefined && current.table === table ? current.prefix : undefined;
  }

  // ---- the walk (hooks call these; no dialect overrides them) --------------------------------

  /** Writes an expression. */
  visitExpr(node: ExprNode): void {
    compileExpr(this, node);
  }

  /** Writes an operand, parenthesizing compound expressions (`insideLogical`: directly inside AND / OR). */
  visitOperand(node: ExprNode, insideLogical = false): void {
    compileOperand(this, node, insideLogical);
  }

  /** Writes an expression in a condition position (WHERE, ON, HAVING, CASE WHEN). */
  visitCondition(node: ExprNode, insideLogical = false): void {
    compileCondition(this, node, insideLogical);
  }

  /** Writes an expression in a value position (select list, SET, VALUES, RETURNING). */
  visitValue(node: ExprNode): void {
    compileValue(this, node);
  }

  /** Writes a SELECT or a set operation (`top`: the statement itself rather than a subquery). */
  visitQuery(node: QueryNode, top: boolean): void {
    compileQuery(this, node, top);
  }

  /** Writes a WITH clause for `ctes` (nothing when there are none). */
  visitCtes(ctes: readonly n.CteNode[]): void {
    compileCtes(this, ctes);
  }

  /** Writes one FROM item: a table, an alias, a join, a subquery, a CTE reference or VALUES. */
  visitFrom(node: FromNode): void {
    compileFrom(this, node);
  }

  /** Writes ` WHERE condition` when there is one. */
  visitWhere(where: ExprNode | undefined): void {
    compileWhere(this, where);
  }

  /** Writes `col = value, …`, naming bound values after `table.col` when `table` is given. */
  visitSetClause(set: readonly (readonly [string, ExprNode])[], table?: n.TableNode): void {
    compileSetClause(this, set, table);
  }

  /**
   * Writes the returned expressions, target-table columns prefixed with `prefix`, and records them as result
   * columns.
   */
  writeReturningList(
    table: n.TableNode | n.TableAliasNode,
    returning: readonly ExprNode[],
    prefix: string,
    aliases = true,
  ): void {
    compileReturningList(this, table, returning, prefix, aliases);
  }

  /**
   * VALUES as `SELECT … UNION ALL SELECT …` (MySQL/MariaDB and Oracle, whose VALUES either
   * lacks column names or does not exist). `fromDual` adds Oracle's FROM DUAL.
   */
  visitValuesAsUnion(node: n.ValuesNode, fromDual: string): void {
    compileValuesAsUnion(this, node, fromDual);
  }
}

function leaves(node: FromNode): FromNode[] {
  return node.kind === 'Join' ? [...leaves(node.left), ...leaves(node.right)] : [node];
}
