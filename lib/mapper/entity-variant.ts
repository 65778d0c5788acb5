/**
 * A select item standing for a mapped class (or an aliased entity) that loads another set of
 * columns than `select(Entity)` does: what `defer()` / `undefer()` turn an item into for one
 * statement. It carries the mapper and table mapping of the item it replaces, so hydration and
 * the identity map see the same entity; the row reader is built for its columns.
 */
import { ENTITY, type Column, type EntityDescriptor, type Expression } from '../sql';
import { entityMapper, entityTableMap, MAPPER, TABLE_MAP } from './attributes';
import { entityDescriptor, mapColumn, selectColumnsOf } from './entity-descriptor';
import type { ColumnProperty, Mapper } from './mapper-types';

const LOADED = Symbol('athanor.loadedColumns');

/** Base table columns of a variant's descriptor columns (its own, or a subquery's in the same order). */
const loadedByColumns = new WeakMap<readonly Expression<unknown>[], readonly Column<unknown>[]>();

const variants = new WeakMap<object, Map<string, object>>();

/**
 * `item` loading the column properties `loads` accepts (of its mapper and descendants, in
 * `select(Entity)` order); `item` itself when that is what it loads already.
 * @internal
 */
export function entityVariant(item: object, loads: (p: ColumnProperty) => boolean): object {
  const mapper = entityMapper(item)!;
  const loaded = selectColumnsOf(mapper, loads);
  const same =
    loaded.length === mapper.selectColumns.length && loaded.every((c, i) => c === mapper.selectColumns[i]);
  if (same) return item;
  const signature = loaded.map((c) => c.toString()).join('\u0000');
  let byItem = variants.get(item);
  if (byItem === undefined) variants.set(item, (byItem = new Map()));
  let variant = byItem.get(signature);
  if (variant === undefined) {
    const map = entityTableMap(item);
    const descriptor: EntityDescriptor = entityDescriptor(mapper, map, loaded);
    loadedByColumns.set(descriptor.columns, loaded);
    variant = Object.freeze(
      Object.defineProperties({} as object, {
        [ENTITY]: { value: descriptor },
        [MAPPER]: { value: mapper },
        [TABLE_MAP]: { value: map },
        [LOADED]: { value: loaded },
      }),
    );
    byItem.set(signature, variant);
  }
  return variant;
}

/** The columns a variant loads (undefined for a class or alias: its mapper's `selectColumns`). @internal */
export function loadedColumnsOf(item: unknown): readonly Column<unknown>[] | undefined {
  return typeof item === 'object' && item !== null && LOADED in item
    ? (item as { [LOADED]: readonly Column<unknown>[] })[LOADED]
    : undefined;
}

/**
 * The base columns standing behind `columns` — a variant's descriptor columns, or the columns a
 * subquery wraps them in (registered with `sameLoadedColumns`) — or the mapper's `selectColumns`.
 * @internal
 */
export function loadedColumnsFor(
  mapper: Mapper<object>,
  columns: readonly Expression<unknown>[],
): readonly Column<unknown>[] {
  return loadedByColumns.get(columns) ?? mapper.selectColumns;
}

/** Records that `wrapped` stands, in order, for the columns of `of` (a subquery of a variant). @internal */
export function sameLoadedColumns(
  wrapped: readonly Expression<unknown>[],
  of: readonly Expression<unknown>[],
): void {
  const loaded = loadedByColumns.get(of);
  if (loaded !== undefined) loadedByColumns.set(wrapped, loaded);
}

/**
 * Whether `column` is the column of property `p` as `item` (a class or an aliased entity)
 * selects it: `attrs(User).bio` names it for `User`, `attrs(alias).bio` for that alias only.
 * @internal
 */
export function isColumnOf(item: unknown, p: ColumnProperty, column: Column<unknown>): boolean {
  if (!p.columns.includes(column.base)) return false;
  return (
    mapColumn(p.column, entityTableMap(item)) === column ||
    (column === column.base && entityTableMap(item)(column.table) === column.table)
  );
}
