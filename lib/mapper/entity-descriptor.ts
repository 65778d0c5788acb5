import { ArgumentError } from '../errors';
import {
  and,
  type Column,
  type EntityDescriptor,
  type FromClause,
  type Predicate,
  type Table,
  type TableAlias,
} from '../sql';
import { join } from '../sql/nodes';
import { ExpressionColumn } from './expression-column';
import type { ColumnProperty, Mapper } from './mapper-types';

/** Table → the FROM item standing for it (an alias for `aliased()` entities). */
export type TableMap = (t: Table) => Table | TableAlias;

const identity: TableMap = (t) => t;

/** The column of `t`'s stand-in that corresponds to table column `col`. */
export function mapColumn(col: Column<unknown>, map: TableMap): Column<unknown> {
  // An expression attribute is built again over the stand-ins of the tables it reads.
  if (col instanceof ExpressionColumn) return col.mapped(map);
  const from = map(col.table);
  return from === col.table ? col : from.c[col.key]!;
}

/** The tables whose columns `select(mapper)` loads: its own, then each joined descendant's. */
function loadedTables(m: Mapper<object>): Table[] {
  const out = [...m.tables];
  for (const d of m.descendants) if (!out.includes(d.table)) out.push(d.table);
  return out;
}

/**
 * Columns `select(mapper)` loads: its column and expression attributes, then its descendants'
 * (polymorphic loading); deferred ones only when `loads(prop)` says so (by default, never); last,
 * a discriminator expression, which no attribute holds.
 */
export function selectColumnsOf(
  m: Mapper<object>,
  loads: (p: ColumnProperty) => boolean = (p) => p.deferred !== true,
): Column<unknown>[] {
  const out: Column<unknown>[] = [];
  for (const mapper of [m, ...m.descendants]) {
    for (const p of mapper.selectProps) if (loads(p) && !out.includes(p.column)) out.push(p.column);
  }
  if (m.discriminator instanceof ExpressionColumn) out.push(m.discriminator);
  return out;
}

/** The ON clause joining a joined-inheritance table to its parent's: the subclass's equated columns. */
function inheritanceOn(m: Mapper<object>, t: Table, map: TableMap): Predicate {
  const owner = [m, ...m.descendants].find((x) => x.table === t) ?? m;
  return and(...owner.inheritPairs.map((p) => mapColumn(p.sub, map).eq(mapColumn(p.parent, map))));
}

/**
 * Builds what `select(Entity)` expands to, for the mapper or for an alias of its tables:
 * the FROM item (joins for joined-table inheritance: INNER up to the base, LEFT OUTER for
 * subclasses' tables), the columns, and a discriminator criterion for single-table subclasses.
 */
export function entityDescriptor(
  m: Mapper<object>,
  map: TableMap = identity,
  loaded: readonly Column<unknown>[] = m.selectColumns,
): EntityDescriptor {
  if (m.selectable !== undefined) return selectableDescriptor(m, map, loaded);
  const tables = loadedTables(m);
  const columns = loaded.map((c) => mapColumn(c, map));
  let from: FromClause = map(tables[0]!);
  tables.slice(1).forEach((t, i) => {
    const inner = i + 1 < m.tables.length;
    const right = map(t);
    const node = join(inner ? 'INNER' : 'LEFT', from.fromNode, right.fromNode, inheritanceOn(m, t, map).node);
    from = Object.freeze({ fromNode: node, columns: [...from.columns, ...right.columns] });
  });
  let criteria: Predicate | undefined;
  const disc = m.discriminator;
  if (disc !== undefined && m.inherits !== undefined && m.inheritance === 'single') {
    const values = [...m.polymorphicMap.keys()];
    const col = mapColumn(disc, map);
    criteria = values.length === 1 ? col.eq(values[0]) : col.in(values);
  }
  return Object.freeze({ from, columns: Object.freeze(columns), criteria });
}

/** A class mapped to a subquery or join reads from it as it is. */
function selectableDescriptor(
  m: Mapper<object>,
  map: TableMap,
  loaded: readonly Column<unknown>[],
): EntityDescriptor {
  if (m.tables.some((t) => map(t) !== t)) {
    throw new ArgumentError(
      `aliased(${m.name}): a class mapped to a select or join cannot be aliased; alias the tables of the select instead`,
    );
  }
  return Object.freeze({ from: m.selectable!, columns: Object.freeze([...loaded]), criteria: undefined });
}

/** @internal Fills `selectColumns` and `entity` of a configured mapper. */
export function buildEntity(m: Mapper<object>): void {
  m.selectColumns = Object.freeze(selectColumnsOf(m));
  m.entity = entityDescriptor(m);
}
