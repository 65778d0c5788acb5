import { CompileError } from '../../errors';
import type * as n from '../nodes';
import type { ExprNode } from '../nodes';
import type { CompileContext } from './compile-context';
import { compileCondition, compileValue } from './compile-expression';
import { compileCtes, compileQuery, compileSelectColumn, compileWhere } from './compile-select';
import { deleteExtraFroms, updateExtraFroms } from './from-inference';
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
  table: n.TableNode | n.TableAliasNode,
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
  table: n.TableNode | n.TableAliasNode,
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

/** The table an UPDATE or DELETE writes, under its alias when it has one (`documents AS d`). */
export function compileDmlTarget(c: CompileContext, node: n.UpdateNode | n.DeleteNode): void {
  if (node.target === undefined) c.write(c.tableName(node.table));
  else c.visitFrom(node.target);
}

/** A whole UPDATE: `UPDATE table SET …`, FROM, WHERE and RETURNING. */
export function compileUpdate(c: CompileContext, node: n.UpdateNode): void {
  const from = updateExtraFroms(node);
  if (node.setOther.length) c.unsupported('an UPDATE setting columns of several tables');
  if (node.returning.length && !c.capabilities.updateReturning) c.unsupported('UPDATE … RETURNING');
  if (from.length && !c.capabilities.updateFrom) c.unsupported('UPDATE … FROM');
  compileCtes(c, node.ctes);
  c.withScope([node.target ?? node.table, ...from], () => {
    c.write('UPDATE ');
    compileDmlTarget(c, node);
    c.write(' SET ');
    compileSetClause(c, node.set, node.table);
    c.afterUpdateSet(node);
    if (from.length) {
      c.write(' FROM ');
      c.list(from, (f) => c.visitFrom(f));
    }
    compileWhere(c, node.where);
    if (from.length && node.returning.length && c.capabilities.returning === 'returning') {
      // Another table is in scope: the returned columns of the target are qualified.
      c.write(' RETURNING ');
      const qualifier =
        node.target === undefined ? c.tableName(node.table) : c.quoteIdentifier(node.target.alias);
      compileReturningList(c, node.target ?? node.table, node.returning, `${qualifier}.`);
    } else c.visitReturning(node.target ?? node.table, node.returning, 'INSERTED');
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

/**
 * A whole DELETE: `DELETE FROM table`, the other tables its WHERE clause reads (USING, SQL
 * Server's second FROM, or an EXISTS around the WHERE clause where the dialect has neither),
 * WHERE and RETURNING.
 */
export function compileDelete(c: CompileContext, node: n.DeleteNode): void {
  const using = deleteExtraFroms(node);
  const form = c.capabilities.deleteUsing ?? 'using';
  compileCtes(c, node.ctes);
  c.withScope([node.target ?? node.table, ...using], () => {
    c.write('DELETE FROM ');
    compileDmlTarget(c, node);
    c.afterDeleteTable(node);
    if (using.length === 0) compileWhere(c, node.where);
    else if (form === 'none') {
      // Each target row is deleted when some row of the other tables satisfies the WHERE clause,
      // which is what DELETE … USING means.
      c.write(' WHERE EXISTS (SELECT 1 FROM ');
      c.list(using, (f) => c.visitFrom(f));
      compileWhere(c, node.where);
      c.write(')');
    } else {
      c.write(form === 'using' ? ' USING ' : ' FROM ');
      if (form === 'from') c.write(`${c.tableName(node.table)}, `);
      c.list(using, (f) => c.visitFrom(f));
      compileWhere(c, node.where);
    }
    c.visitReturning(node.target ?? node.table, node.returning, 'DELETED');
  });
}
