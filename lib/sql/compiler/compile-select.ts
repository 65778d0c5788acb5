import { CompileError } from '../../errors';
import type * as n from '../nodes';
import type { ExprNode, QueryNode } from '../nodes';
import { fromName } from '../nodes';
import type { CompileContext } from './compile-context';
import { compileCondition, compileExpr, compileOrderItem, compileValue } from './compile-expression';
import { resultNames } from './naming';
import { firstSelect, typeOfNode } from './node-type';

/** Queries: SELECT, set operations (UNION, …), CTEs, ORDER BY, LIMIT / OFFSET, FOR UPDATE. */

/** `WITH [RECURSIVE] name (columns) AS (query), … `, when there are CTEs. */
export function compileCtes(c: CompileContext, ctes: readonly n.CteNode[]): void {
  if (ctes.length === 0) return;
  c.write(ctes.some((cte) => cte.recursive) ? c.recursiveWithKeyword() : 'WITH ');
  c.list(ctes, (cte) => {
    c.write(c.quoteIdentifier(cte.name));
    // Oracle and SQL Server require the column list of a recursive CTE; it is harmless elsewhere.
    const names =
      cte.columnNames ?? (cte.recursive ? resultNames(firstSelect(cte.query).columns) : undefined);
    if (names) c.write(` (${names.map((name) => c.quoteIdentifier(name)).join(', ')})`);
    c.write(' AS (');
    compileQuery(c, cte.query, false);
    c.write(')');
  });
  c.write(' ');
}

/** A query: a SELECT (through the dialect's `visitSelect`) or a set operation. */
export function compileQuery(c: CompileContext, node: QueryNode, top: boolean): void {
  if (node.kind === 'Select') c.visitSelect(node, top);
  else compileSetOperation(c, node, top);
}

/** A whole SELECT; `top` when it is the statement itself (its select list gives the result columns). */
export function compileSelect(c: CompileContext, node: n.SelectNode, top: boolean): void {
  compileCtes(c, node.ctes);
  const froms = c.fromsOf(node);
  const names = resultNames(node.columns);
  if (top) c.setResultColumns(node.columns.map((col, i) => ({ name: names[i]!, type: typeOfNode(col) })));

  if (node.columns.length === 0) throw new CompileError('a SELECT needs at least one column');
  // Subqueries anywhere in this SELECT, its select list included, correlate to its FROM items.
  c.withScope(froms, () => {
    c.write('SELECT ');
    if (node.distinct) c.write('DISTINCT ');
    c.selectPrefix(node);
    c.list(node.columns, (col, i) => compileSelectColumn(c, col, names[i]!));
    if (froms.length) {
      c.write(' FROM ');
      c.list(froms, (f) => c.visitFrom(f));
    } else {
      c.write(c.emptyFrom());
    }
    compileWhere(c, node.where);
    if (node.groupBy.length) {
      c.write(' GROUP BY ');
      c.list(node.groupBy, (e) => compileExpr(c, e));
    }
    if (node.having !== undefined) {
      c.write(' HAVING ');
      compileCondition(c, node.having);
    }
    compileOrderBy(c, node.orderBy);
    c.visitLimitOffset(node.limit, node.offset, node.orderBy.length > 0, false);
    if (node.forUpdate !== undefined) c.visitForUpdate(node.forUpdate);
  });
}

/** A select-list (or RETURNING) item, with ` AS name` unless it is a column of that name. */
export function compileSelectColumn(c: CompileContext, node: ExprNode, name: string): void {
  if (node.kind === 'Label') {
    compileValue(c, node.expr);
    if (node.expr.kind === 'Column' && node.expr.name === name) return;
  } else {
    compileValue(c, node);
    if (node.kind === 'Column' && node.name === name) return;
    // `literalColumn('*')` stands for every column: it cannot take an alias.
    if (node.kind === 'TextFragment' && node.sql.trim() === '*') return;
  }
  c.write(` AS ${c.quoteIdentifier(name)}`);
}

/** ` WHERE condition`, when there is one. */
export function compileWhere(c: CompileContext, where: ExprNode | undefined): void {
  if (where === undefined) return;
  c.write(' WHERE ');
  compileCondition(c, where);
}

function compileOrderBy(c: CompileContext, items: readonly n.OrderByNode[]): void {
  if (items.length === 0) return;
  c.write(' ORDER BY ');
  c.list(items, (item) => compileOrderItem(c, item));
}

/** ` LIMIT n OFFSET m`. */
export function compileLimitOffset(
  c: CompileContext,
  limit: ExprNode | undefined,
  offset: ExprNode | undefined,
): void {
  if (limit !== undefined) {
    c.write(' LIMIT ');
    compileExpr(c, limit);
  }
  if (offset !== undefined) {
    c.write(' OFFSET ');
    compileExpr(c, offset);
  }
}

/** ` FOR UPDATE | FOR SHARE [OF …] [NOWAIT] [SKIP LOCKED]`. */
export function compileForUpdate(c: CompileContext, node: n.ForUpdateNode): void {
  c.write(node.mode === 'SHARE' ? ' FOR SHARE' : ' FOR UPDATE');
  if (node.of.length) c.write(` OF ${node.of.map((f) => c.quoteIdentifier(fromName(f))).join(', ')}`);
  if (node.noWait) c.write(' NOWAIT');
  if (node.skipLocked) c.write(' SKIP LOCKED');
}

function compileSetOperation(c: CompileContext, node: n.SetOperationNode, top: boolean): void {
  compileCtes(c, node.ctes);
  if (!c.supportsSetOp(node.op)) c.unsupported(node.op);
  node.queries.forEach((q, i) => {
    if (i > 0) c.write(` ${c.setOpKeyword(node.op)} `);
    c.visitSetMember(q, top && i === 0);
  });
  compileOrderBy(c, node.orderBy);
  c.visitLimitOffset(node.limit, node.offset, node.orderBy.length > 0, true);
}

/** A member of a set operation; parenthesized when it has its own ORDER BY / LIMIT. */
export function compileSetMember(c: CompileContext, q: QueryNode, top: boolean): void {
  const needsParens =
    q.kind === 'SetOperation' || q.orderBy.length > 0 || q.limit !== undefined || q.offset !== undefined;
  if (needsParens) c.write('(');
  compileQuery(c, q, top);
  if (needsParens) c.write(')');
}
