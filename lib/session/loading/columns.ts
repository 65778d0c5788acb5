import { ArgumentError } from '../../errors';
import {
  aliased,
  instanceState,
  loadedColumnsFor,
  NO_VALUE,
  setLoaded,
  type AliasedEntity,
  type Mapper,
  type RelationshipProperty,
} from '../../mapper';
import type { Column, Expression } from '../../sql';
import { keyOfColumn } from '../column-keys';

/**
 * The select column standing for table column `c` of `mapper`, among `columns` (the entity's
 * select columns, an alias's, or a subquery's in the same order).
 * @internal
 */
export function entityColumn(
  mapper: Mapper<object>,
  columns: readonly Expression<unknown>[],
  c: Column<unknown>,
): Expression<unknown> {
  // A defer()/undefer() variant selects other columns than the mapper's.
  const loaded = loadedColumnsFor(mapper, columns);
  let i = loaded.indexOf(c);
  if (i < 0) {
    const prop = mapper.columnPropsByKey.get(keyOfColumn(mapper, c));
    i = prop === undefined ? -1 : loaded.indexOf(prop.column);
  }
  const col = columns[i];
  if (col === undefined) throw new ArgumentError(`${mapper.name} does not select column ${c.toString()}`);
  return col;
}

/**
 * The columns that identify related rows for `prop`: on the parent (`parentCols`), and on the
 * target table — or, for many-to-many, the secondary table (`matchCols`).
 * @internal
 */
export function keyColumns(prop: RelationshipProperty): {
  parentCols: Column<unknown>[];
  matchCols: Column<unknown>[];
} {
  if (prop.direction === 'manyToOne') {
    return { parentCols: prop.pairs.map((p) => p.dest), matchCols: prop.pairs.map((p) => p.source) };
  }
  return { parentCols: prop.pairs.map((p) => p.source), matchCols: prop.pairs.map((p) => p.dest) };
}

/** The key values of an object for `columns` (of its own mapper). @internal */
export function valuesOf(obj: object, columns: readonly Column<unknown>[]): unknown[] {
  const state = instanceState(obj);
  return columns.map((c) => state.dict[keyOfColumn(state.mapper, c)]);
}

/**
 * The values of `columns` the object's row holds in the database: a key changed and not flushed
 * yet still finds the rows that refer to the old one (a collection loaded while a natural key
 * change is pending, as SQLAlchemy's lazy loader uses the committed state).
 * @internal
 */
export function committedValuesOf(obj: object, columns: readonly Column<unknown>[]): unknown[] {
  const state = instanceState(obj);
  return columns.map((c) => {
    const key = keyOfColumn(state.mapper, c);
    if (state.status === 'persistent' && state.hasCommitted(key)) {
      const original = state.committed[key];
      if (original !== NO_VALUE) return original;
    }
    return state.dict[key];
  });
}

/** A stable string for key values (bigints distinct from strings). @internal */
export const encodeKey = (values: readonly unknown[]): string =>
  JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/**
 * A Map key for key values: a single number as itself (no string built per row: the common
 * integer foreign key), anything else `encodeKey()`'s string. A number never equals a string
 * key, so the two forms cannot collide; `1` and `1n` stay distinct as before.
 * @internal
 */
export const matchKey = (values: readonly unknown[]): unknown =>
  values.length === 1 && typeof values[0] === 'number' ? values[0] : encodeKey(values);

/** `matchKey()` of `row.slice(from)`, without the slice for a single key column. @internal */
export const matchKeyOfRow = (row: readonly unknown[], from: number): unknown =>
  row.length === from + 1 && typeof row[from] === 'number' ? row[from] : encodeKey(row.slice(from));

/** `matchKey()` of row `i` of key columns `cols` (results read column by column). @internal */
export function matchKeyAt(cols: readonly (readonly unknown[])[], i: number): unknown {
  if (cols.length === 1) {
    const v = cols[0]![i];
    return typeof v === 'number' ? v : encodeKey([v]);
  }
  return encodeKey(cols.map((c) => c[i]));
}

const aliasCache = new WeakMap<Mapper<object>, Map<string, AliasedEntity<object>>>();

/** An alias of `mapper`'s class under `name`, cached (eager joins use `eager_1`, `eager_2`…). @internal */
export function eagerAlias(mapper: Mapper<object>, name: string): AliasedEntity<object> {
  let byName = aliasCache.get(mapper);
  if (byName === undefined) aliasCache.set(mapper, (byName = new Map()));
  let alias = byName.get(name);
  if (alias === undefined) byName.set(name, (alias = aliased(mapper.class_ as never, name)));
  return alias;
}

/**
 * Stores a loaded relationship value (without history). An already loaded value is kept unless
 * `overwrite`; a relationship with unflushed changes is never replaced. Loading a one-to-many also
 * fills the many-to-one side of its members when that is not loaded, so `post.author` reads.
 * `owned`: `values` is a new array nothing else holds, kept as the collection's items (no copy).
 * @internal
 */
export function assignLoaded(
  obj: object,
  prop: RelationshipProperty,
  values: readonly object[],
  overwrite: boolean,
  owned = false,
): void {
  const state = instanceState(obj);
  if (state.isLoaded(prop.key) && (!overwrite || state.hasCommitted(prop.key))) return;
  setLoaded(obj, prop.key, prop.uselist ? (owned ? values : [...values]) : (values[0] ?? null));
  const back = prop.backPopulates;
  if (prop.direction === 'oneToMany' && back !== undefined && !back.uselist) {
    // What setLoaded() does for a many-to-one, without looking the attribute up once per member.
    const key = back.key;
    for (const child of values) {
      const member = instanceState(child);
      if (!member.isLoaded(key)) member.dict[key] = obj;
    }
  }
}
