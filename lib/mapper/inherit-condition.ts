import { ConfigurationError } from '../errors';
import type { Column, Table } from '../sql';
import type { ExprNode } from '../sql/nodes';
import type { InheritPair, Mapper } from './mapper-types';

/**
 * @internal The equated columns joining joined subclass `m`'s table to its parent's: from its
 * `inheritCondition`, or by default each primary key attribute's column in `m.table` and in the
 * hierarchy's base table.
 */
export function inheritPairsOf(m: Mapper<object>): readonly InheritPair[] {
  const condition = m.declaration.table.inheritCondition;
  const parent = m.inherits!;
  if (condition === undefined) {
    const root = m.base.table;
    return parent.primaryKeyProps.map((p) => ({
      sub: m.table.c[p.key]!,
      parent: p.columns.find((c) => c.table === root)!,
    }));
  }
  const fail = (why: string): never => {
    throw new ConfigurationError(
      `${m.name}: inheritCondition ${why}; return equalities of a column of table '${m.table.fullName}' ` +
        `and a column of ${parent.name}'s tables, joined with and(), e.g. (sub, parent) => sub.c.personId.eq(parent.c.id)`,
    );
  };
  let predicate: unknown;
  try {
    predicate = condition(m.table, parent.table);
  } catch (e) {
    if (e instanceof TypeError) fail(`failed: ${e.message} (a property key that is not a column?)`);
    throw e;
  }
  const node = (predicate as { node?: ExprNode } | undefined)?.node;
  if (node === undefined) return fail('did not return a predicate');
  const columnOf = (n: ExprNode, tables: readonly Table[]): Column<unknown> | undefined => {
    if (n.kind !== 'Column') return undefined;
    for (const t of tables) for (const c of t.columns) if (c.node === n) return c;
    return undefined;
  };
  const pairs: InheritPair[] = [];
  const visit = (n: ExprNode): void => {
    if (n.kind === 'Logical' && n.op === 'AND') return n.operands.forEach(visit);
    if (n.kind !== 'Binary' || n.op !== '=')
      return void fail('has a term that is not an equality of two columns');
    const subLeft = columnOf(n.left, [m.table]);
    const sub = subLeft ?? columnOf(n.right, [m.table]);
    const other = subLeft !== undefined ? n.right : n.left;
    const parentCol = columnOf(other, parent.tables);
    if (sub === undefined || parentCol === undefined) {
      fail('compares something other than a column of the subclass table with a column of the parent');
    }
    pairs.push({ sub: sub!, parent: parentCol! });
  };
  visit(node);
  if (pairs.length === 0) fail('names no columns');
  return pairs;
}
