import type { InstanceState, RelationshipProperty } from '../../mapper';
import { and, or, type Column, type Predicate } from '../../sql';
import { keyOfColumn, sameValue } from '../column-keys';

/** Runs a Core SELECT of columns and returns the rows as tuples; provided by the session. @internal */
export type ColumnQuery = (columns: readonly Column<unknown>[], where: Predicate) => Promise<unknown[][]>;

/**
 * Before a many-to-one loads, reads back the foreign key columns it follows where they are
 * expired (after a commit or `expire()`), so the reference is found from the row's key and never
 * taken for null. Only those columns are read and un-expired; other attributes (and unflushed
 * changes) are left alone.
 * @internal
 */
export async function refreshExpiredKeys(
  states: readonly InstanceState[],
  prop: RelationshipProperty,
  query: ColumnQuery,
): Promise<void> {
  if (prop.direction !== 'manyToOne') return;
  const stale = states.filter((s) =>
    prop.pairs.some((pair) => s.isExpired(keyOfColumn(s.mapper, pair.dest))),
  );
  if (stale.length === 0) return;
  const mapper = stale[0]!.mapper;
  const pk = mapper.primaryKeyProps;
  const keys = prop.pairs.map((pair) => keyOfColumn(mapper, pair.dest));
  const columns = [...pk.map((p) => p.column), ...keys.map((k) => mapper.columnPropsByKey.get(k)!.column)];
  const match = (s: InstanceState): Predicate =>
    and(...pk.map((p) => (p.column as Column<unknown>).eq(s.dict[p.key])));
  const rows = await query(columns, or(...stale.map(match)));
  for (const s of stale) {
    const row = rows.find((r) => pk.every((p, i) => sameValue(r[i], s.dict[p.key])));
    if (row === undefined) continue;
    keys.forEach((k, i) => {
      if (s.isExpired(k)) s.dict[k] = row[pk.length + i];
    });
    s.clearExpired(keys);
  }
}
