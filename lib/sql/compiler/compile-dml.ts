import { CompileError } from '../../errors';
import type * as n from '../nodes';
import type { ExprNode } from '../nodes';
import type { CompileContext } from './compile-context';
import { compileCondition, compileValue } from './compile-expression';
import { compileCtes, compileQuery, compileSelectColumn, compileWhere } from './compile-select';
import { resultNames } from './naming';
import { typeOfNode } from './node-type';

/** INSERT, UPDATE and DELETE: their bodies, SET lists, upserts and RETURNING. */

/** A whole INSERT: `INSERT INTO table`, its body, the upsert clause and RETURNING. */
export function compileInsert(c: CompileContext, node: n.InsertNode): void {
  compileCtes(c, node.ctes);
  c.write(`INSERT INTO ${c.tableName(node.table)}`);
  c.visitInsertBody(node);
  if (node.onConflict !== undefined) c.visitOnConflict(node, node.onConflict);
  c.visitReturning(node.table, node.returning, 'INSERTED');
}

/** `(cols) VALUES (…), (…)`, `(cols) SELECT …`, or DEFAULT VALUES. */
export function compileInsertBody(c: CompileContext, node: n.InsertNode): void {
  if (node.select !== undefined) {
    c.write(` (${node.columns.map((col) => c.quoteIdentifier(col)).join(', ')}) `);
    compileQuery(c, node.select, false);
    return;
  }
  if (node.columns.length === 0) {
    if (node.rows.length > 1) c.unsupported('a multi-row INSERT of default values only');
    c.write(c.defaultValuesClause(node));
    return;
  }
  if (node.rows.length > 1 && !c.capabilities.multiRowInsert) c.unsupported('multi-row INSERT');
  c.write(` (${node.columns.map((col) => c.quoteIdentifier(col)).join(', ')})`);
  c.beforeValues(node);
  c.write(' VALUES ');
  c.list(node.rows, (row) => {
    c.write('(');
    c.list(row, (v, i) => c.forColumn(`${node.table.name}.${node.columns[i]}`, () => compileValue(c, v)));
    c.write(')');
  });
}

/** ` ON CONFLICT (target) DO NOTHING | DO UPDATE SET … [WHERE …]`. */
export function compileOnConflict(c: CompileContext, node: n.InsertNode, oc: n.OnConflictNode): void {
  if (oc.target.length === 0 && oc.set !== undefined) {
    throw new CompileError(`onConflictDoUpdate() needs a conflict target on the ${c.dialect} dialect`);
  }
  c.write(' ON CONFLICT');
  if (oc.target.length) c.write(` (${oc.target.map((col) => c.quoteIdentifier(col)).join(', ')})`);
  if (oc.set === undefined) {
    c.write(' DO NOTHING');
    return;
  }
  c.write(' DO UPDATE SET ');
  compileSetClause(c, oc.set, node.table);
  if (oc.where !== undefined) {
    c.write(' WHERE ');
    c.withScope([node.table], () => compileCondition(c, oc.where!));
  }
}

/** ` RETURNING …` for dialects that have it; the result columns are the returned expressions. */
export function compileReturning(
  c: CompileContext,
  table: n.TableNode,
  returning: readonly ExprNode[],
): void {
  if (returning.length === 0) return;
  if (c.capabilities.returning === 'none') c.unsupported('RETURNING');
  c.write(' RETURNING ');
  compileReturningList(c, table, returning, '');
}

/**
 * Writes returned expressions, target-table columns with `prefix` (`''` for unqualified), and
 * records them as the result columns.
 */
export function compileReturningList(
  c: CompileContext,
  table: n.TableNode,
  returning: readonly ExprNode[],
  prefix: string,
  aliases = true,
): void {
  const names = resultNames(returning);
  c.setResultColumns(returning.map((col, i) => ({ name: names[i]!, type: typeOfNode(col) })));
  c.withColumnPrefix(table, prefix, () =>
    c.list(returning, (col, i) => (aliases ? compileSelectColumn(c, col, names[i]!) : compileValue(c, col))),
  );
}

/** A whole UPDATE: `UPDATE table SET …`, FROM, WHERE and RETURNING. */
export function compileUpdate(c: CompileContext, node: n.UpdateNode): void {
  if (node.returning.length && !c.capabilities.updateReturning) c.unsupported('UPDATE … RETURNING');
  if (node.from.length && !c.capabilities.updateFrom) c.unsupported('UPDATE … FROM');
  compileCtes(c, node.ctes);
  c.withScope([node.table, ...node.from], () => {
    c.write(`UPDATE ${c.tableName(node.table)} SET `);
    compileSetClause(c, node.set, node.table);
    c.afterUpdateSet(node);
    if (node.from.length) {
      c.write(' FROM ');
      c.list(node.from, (f) => c.visitFrom(f));
    }
    compileWhere(c, node.where);
    if (node.from.length && node.returning.length && c.capabilities.returning === 'returning') {
      // Another table is in scope: the returned columns of the target are qualified.
      c.write(' RETURNING ');
      compileReturningList(c, node.table, node.returning, `${c.tableName(node.table)}.`);
    } else c.visitReturning(node.table, node.returning, 'INSERTED');
  });
}

/** `col = value, …`; values bound are named after `table.col` when a table is given. */
export function compileSetClause(
  c: CompileContext,
  set: readonly (readonly [string, ExprNode])[],
  table?: n.TableNode,
): void {
  c.list(set, ([name, value]) => {
    c.write(`${c.quoteIdentifier(name)} = `);
    c.forColumn(table === undefined ? name : `${table.name}.${name}`, () => compileValue(c, value));
  });
}

/** A whole DELETE: `DELETE FROM table`, WHERE and RETURNING. */
export function compileDelete(c: CompileContext, node: n.DeleteNode): void {
  compileCtes(c, node.ctes);
  c.withScope([node.table], () => {
    c.write(`DELETE FROM ${c.tableName(node.table)}`);
    c.afterDeleteTable(node);
    compileWhere(c, node.where);
    c.visitReturning(node.table, node.returning, 'DELETED');
  });
}
