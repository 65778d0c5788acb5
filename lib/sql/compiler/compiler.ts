import { CompileError } from '../../errors';
import { assertNever } from '../../util/assert-never';
import type * as n from '../nodes';
import type { ExprNode, FromNode, QueryNode, StatementNode } from '../nodes';
import { fromName } from '../nodes';
import { ExpressionCompiler } from './expression-compiler';
import { resultNames } from './naming';
import { collectFroms } from './from-inference';
import { firstSelect, typeOfNode } from './node-type';
import type { SqlType } from '../types/sql-type';

/**
 * Walks a statement tree once and produces SQL text plus bound parameters. Dialects subclass it
 * and override the small hooks (placeholders, quoting, paging, RETURNING, upsert, DDL types), never
 * whole visits unless the syntax really differs. This layer compiles statements, SELECT and FROM;
 * the layers below it hold the output state and hooks (compiler-base.ts) and the expressions
 * (expression-compiler.ts), the ones above it DML and DDL.
 */
export abstract class SqlCompiler extends ExpressionCompiler {
  /** FROM items of enclosing SELECTs, for correlating subqueries. */
  private enclosingFroms: Set<FromNode>[] = [];

  // ---- hooks ---------------------------------------------------------------------------------

  /**
   * Renders LIMIT / OFFSET (or its dialect's equivalent) after ORDER BY. `compound` is true for
   * the LIMIT of a UNION / INTERSECT / EXCEPT as a whole.
   */
  protected visitLimitOffset(
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
  protected selectPrefix(_node: n.SelectNode): void {}

  protected visitForUpdate(node: n.ForUpdateNode): void {
    this.write(node.mode === 'SHARE' ? ' FOR SHARE' : ' FOR UPDATE');
    if (node.of.length) this.write(` OF ${node.of.map((f) => this.quoteIdentifier(fromName(f))).join(', ')}`);
    if (node.noWait) this.write(' NOWAIT');
    if (node.skipLocked) this.write(' SKIP LOCKED');
  }

  /** Hook for table hints after a table in FROM (SQL Server's locking hints). */
  protected afterFromTable(_node: n.TableNode | n.TableAliasNode): void {}

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
      case 'CreateTable':
        return this.visitCreateTable(node);
      case 'DropTable':
        return this.visitDropTable(node);
      case 'CreateIndex':
        return this.visitCreateIndex(node);
      case 'DropIndex':
        return this.visitDropIndex(node);
      case 'CreateEnumType':
        return this.visitCreateEnumType(node);
      case 'DropEnumType':
        return this.visitDropEnumType(node);
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

  protected recursiveWithKeyword(): string {
    return 'WITH RECURSIVE ';
  }

  /** A nested query (subquery, CTE body, set-operation member). */
  protected visitQuery(node: QueryNode, top: boolean): void {
    if (node.kind === 'Select') this.visitSelect(node, top);
    else this.visitSetOperation(node, top);
  }

  protected visitSelect(node: n.SelectNode, top: boolean): void {
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
  protected emptyFrom(): string {
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

  protected supportsSetOp(_op: n.SetOp): boolean {
    return true;
  }

  protected setOpKeyword(op: n.SetOp): string {
    return op;
  }

  /** A member of a set operation; parenthesized when it has its own ORDER BY / LIMIT. */
  protected visitSetMember(q: QueryNode, top: boolean): void {
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

  protected lateralKeyword(): string {
    return 'LATERAL ';
  }

  /** `(VALUES (…), (…)) AS alias (columns)`: PostgreSQL and SQL Server; the other dialects override. */
  protected visitValues(node: n.ValuesNode): void {
    this.write('(VALUES ');
    this.list(node.rows, (row, r) => {
      this.write('(');
      this.list(row, (v, i) => this.visitValuesCell(v, node.types[i], r));
      this.write(')');
    });
    const columns = node.columnNames.map((c) => this.quoteIdentifier(c)).join(', ');
    this.write(`)${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)} (${columns})`);
  }

  /** One value of a VALUES row; PostgreSQL casts the first row so the columns get their types. */
  protected visitValuesCell(value: ExprNode, _type: SqlType<unknown> | undefined, _row: number): void {
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
          this.visitExpr(v);
          if (r === 0)
            this.write(`${this.columnAliasKeyword()}${this.quoteIdentifier(node.columnNames[i]!)}`);
        });
        this.write(fromDual);
      },
      ' UNION ALL ',
    );
    this.write(`)${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
  }

  protected columnAliasKeyword(): string {
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

  // ---- DML (implemented in dml-compiler.ts) --------------------------------------------------

  protected abstract visitInsert(node: n.InsertNode): void;
  protected abstract visitUpdate(node: n.UpdateNode): void;
  protected abstract visitDelete(node: n.DeleteNode): void;

  // ---- DDL (implemented in ddl-compiler.ts) --------------------------------------------------

  protected abstract visitCreateTable(node: n.CreateTableNode): void;
  protected abstract visitDropTable(node: n.DropTableNode): void;
  protected abstract visitCreateIndex(node: n.CreateIndexNode): void;
  protected abstract visitDropIndex(node: n.DropIndexNode): void;
  protected abstract visitCreateEnumType(node: n.CreateEnumTypeNode): void;
  protected abstract visitDropEnumType(node: n.DropEnumTypeNode): void;
}

function leaves(node: FromNode): FromNode[] {
  return node.kind === 'Join' ? [...leaves(node.left), ...leaves(node.right)] : [node];
}
