import type { Connection } from '../../drivers';
import { ArgumentError } from '../../errors';
import { entityMapper, entityVariant, loadedColumnsOf } from '../../mapper';
import {
  Column,
  ENTITY,
  Expression,
  type CompiledQuery,
  type FromStatement,
  type ResultColumn,
  type RowTuple,
} from '../../sql';
import type { ExprNode, QueryNode, TextStatementNode } from '../../sql/nodes';
import { isEntityLike } from '../../sql/selectable';
import { rowFactory } from '../named-rows';
import { OrmResult } from '../orm-result';
import { itemReaders } from '../orm-rows';
import type { OrmExecuteContext, OrmExecuteOptions } from './orm-execute';

/** The select list of a statement's rows, when it is a query (a set operation's first member's). */
function selectList(node: QueryNode | TextStatementNode): readonly ExprNode[] {
  let query: QueryNode | TextStatementNode = node;
  while (query.kind === 'SetOperation') query = query.queries[0]!;
  return query.kind === 'Select' ? query.columns : [];
}

/**
 * Where each item of a `FromStatement` finds its values in the statement's rows: an entity loads
 * the columns the rows hold (found by column, else by name) and leaves the others unloaded; a
 * column item must be in the select list.
 */
function layoutOf(
  statement: FromStatement<readonly unknown[]>,
  names: readonly string[],
): { items: unknown[]; columns: ResultColumn[] } {
  const list = selectList(statement.toStatementNode());
  const taken = new Set<string>();
  const find = (expr: Expression<unknown>): string | undefined => {
    const at = list.indexOf(expr.node);
    let name = at >= 0 ? names[at] : undefined;
    if (name === undefined && expr instanceof Column) {
      name = [expr.name, expr.key].find((n) => names.includes(n) && !taken.has(n));
    }
    if (name !== undefined) taken.add(name);
    return name;
  };
  const items: unknown[] = [];
  const columns: ResultColumn[] = [];
  statement.items.forEach((item, i) => {
    const mapper = entityMapper(item);
    if (mapper !== undefined && isEntityLike(item)) {
      // Every column attribute, deferred ones included, in `select(Entity)` order.
      const all = entityVariant(item, () => true) as typeof item;
      const descriptor = all[ENTITY].columns;
      const base = loadedColumnsOf(all) ?? mapper.selectColumns;
      const found = new Map<Column<unknown>, string>();
      descriptor.forEach((col, j) => {
        const name = find(col);
        if (name !== undefined) found.set(base[j]!, name);
      });
      const variant = entityVariant(item, (p) => found.has(p.column));
      for (const col of loadedColumnsOf(variant) ?? mapper.selectColumns) {
        columns.push({ name: found.get(col)!, type: col.sqlType });
      }
      items.push(variant);
    } else if (item instanceof Expression) {
      const name = find(item);
      if (name === undefined) {
        throw new ArgumentError(
          `fromStatement(): item ${i + 1} (${String(item)}) is not a column of the statement`,
        );
      }
      columns.push({ name, type: item.type });
      items.push(item);
    } else {
      throw new ArgumentError(`fromStatement(): item ${i + 1} is neither a mapped entity nor a column`);
    }
  });
  // Result columns no item reads: listed after the items' so that no reader takes the row itself
  // as an entity's dict (it would keep them).
  for (const name of names) if (!taken.has(name)) columns.push({ name, type: undefined });
  return { items, columns };
}

/**
 * Runs a `FromStatement` on `conn`: its statement as it is, then its items built from the rows
 * through the identity map, as an ORM select's are. No eager loads run.
 * @internal
 */
export async function executeFromStatement<Items extends readonly unknown[]>(
  ctx: OrmExecuteContext,
  conn: Connection,
  statement: FromStatement<Items>,
  options: OrmExecuteOptions,
): Promise<OrmResult<RowTuple<Items>>> {
  const compiled = conn.compile(statement.statement);
  const result = await conn.executeCompiled<Record<string, unknown>>(compiled);
  const raw = result.rows;
  // text() without declared columns: the names the rows came back with.
  const names = compiled.columns.length > 0 ? compiled.columns.map((c) => c.name) : Object.keys(raw[0] ?? {});
  const { items, columns } = layoutOf(statement as FromStatement<readonly unknown[]>, names);
  const readers = itemReaders(items, { ...compiled, columns } as CompiledQuery, {
    identityMap: ctx.identityMap,
    states: ctx.states,
    populateExisting: options.populateExisting ?? false,
  });
  const makeRow = rowFactory(statement.items);
  const width = readers.length;
  const rows = raw.map((row) => {
    const tuple = makeRow(width);
    for (let j = 0; j < width; j++) tuple[j] = readers[j]!(row);
    return tuple;
  });
  return new OrmResult(rows as unknown as RowTuple<Items>[]);
}
