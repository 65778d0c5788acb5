import { InvalidRequestError } from '../../errors';
import type { InstanceState, RelationshipProperty } from '../../mapper';
import { and, or, type Column, type DialectCapabilities, type Predicate } from '../../sql';
import {
  assignLoaded,
  committedValuesOf,
  keyColumns,
  matchKey,
  matchKeyAt,
  matchKeyOfRow,
  valuesOf,
} from './columns';

/** Runs an ORM select and returns its rows as tuples; provided by the session. @internal */
export type TupleQuery = (
  items: readonly unknown[],
  where: Predicate,
  orderBy: readonly Column<unknown>[][],
) => Promise<unknown[][]>;

/** Options of `loadRelationship()`. @internal */
export interface LoadRelationshipOptions {
  /**
   * Finds an object of the identity map by identity key: a many-to-one whose targets are all
   * there (and not expired) needs no query.
   */
  readonly lookup?: (identityKey: string) => InstanceState | undefined;
  /** Replace values already loaded (default true: `session.load()` reloads). */
  readonly overwrite?: boolean;
  /**
   * Runs the IN select of one chunk of keys through a statement prepared for the relationship
   * (the keys bound into it) and resolves with its rows column by column (the related objects,
   * then each match column: no tuple per row); undefined, synchronously, when it cannot: `query`
   * runs instead.
   */
  readonly byKeys?: (keys: readonly (readonly unknown[])[]) => Promise<unknown[][]> | undefined;
}

/** What a relationship's IN select is made of, for one chunk of keys. @internal */
export interface InSelectParts {
  /** The target entity, then the columns the keys are matched against. */
  readonly items: readonly unknown[];
  readonly where: Predicate;
  readonly orderBy: readonly Column<unknown>[][];
}

/**
 * The IN select of `prop` for `keys` (values, or slot expressions of a prepared statement: both
 * give the same SQL): the target and the match columns, where the match columns are among the
 * keys (through the secondary table for many-to-many) and the relationship's own criteria hold.
 * @internal
 */
export function inSelectParts(
  prop: RelationshipProperty,
  keys: readonly (readonly unknown[])[],
): InSelectParts {
  const { matchCols } = keyColumns(prop);
  let where = inPredicate(matchCols, keys);
  if (prop.direction === 'manyToMany') {
    const on = and(...prop.secondaryPairs.map((p) => p.source.eq(p.dest)));
    where = and(where, on);
  }
  where = and(where, prop.criteriaOn());
  return {
    items: [prop.target.class_, ...matchCols],
    where,
    orderBy: prop.orderBy.map((o) => [o.column]),
  };
}

/** The number of key tuples one IN select of `prop` holds at most on a database of `caps`. @internal */
export function keysPerChunk(prop: RelationshipProperty, caps: DialectCapabilities): number {
  return Math.max(1, Math.floor((caps.maxParams - 10) / Math.max(1, keyColumns(prop).matchCols.length)));
}

/** `cols IN (values…)`: a plain IN for one column, an OR of ANDs for composite keys. */
function inPredicate(
  columns: readonly Column<unknown>[],
  tuples: readonly (readonly unknown[])[],
): Predicate {
  if (columns.length === 1) return columns[0]!.in(tuples.map((t) => t[0]));
  return or(...tuples.map((t) => and(...columns.map((c, i) => c.eq(t[i])))));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Whether `matchCols` are the target's primary key, in order (a many-to-one by primary key). */
function byPrimaryKey(prop: RelationshipProperty, matchCols: readonly Column<unknown>[]): boolean {
  const pk = prop.target.primaryKeyProps;
  return (
    prop.direction === 'manyToOne' &&
    pk.length === matchCols.length &&
    pk.every((p, i) => p.columns.some((c) => c.base === matchCols[i]!.base))
  );
}

/**
 * Loads relationship `prop` for many parents with one `IN` query per chunk (selectin loading):
 * the building block of `session.load()`, refresh, delete cascades and the selectin strategy.
 * Parents whose key is NULL get an empty collection (or null) without a query. Returns the
 * related objects found in the identity map without a query (many-to-one).
 */
export async function loadRelationship(
  parents: readonly InstanceState[],
  prop: RelationshipProperty,
  query: TupleQuery,
  caps: DialectCapabilities,
  options: LoadRelationshipOptions = {},
): Promise<object[]> {
  if (prop.writeOnly) {
    throw new InvalidRequestError(
      `${prop} is a write-only collection and cannot be loaded; query it with select()`,
    );
  }
  const fromMap: object[] = [];
  if (parents.length === 0) return fromMap;
  const overwrite = options.overwrite ?? true;
  const target = prop.target;
  const { parentCols, matchCols } = keyColumns(prop);
  // A custom join's extra conditions may exclude the object the key names: always query then.
  const viaMap = options.lookup !== undefined && prop.criteria.length === 0 && byPrimaryKey(prop, matchCols);
  const byKey = new Map<unknown, InstanceState[]>();
  const tuples: unknown[][] = [];
  for (const parent of parents) {
    const values =
      prop.direction === 'manyToOne'
        ? valuesOf(parent.obj, parentCols)
        : committedValuesOf(parent.obj, parentCols);
    if (values.some((v) => v === null || v === undefined)) {
      assignLoaded(parent.obj, prop, [], overwrite);
      continue;
    }
    if (viaMap) {
      const found = options.lookup!(target.identityKeyFor(values));
      if (found !== undefined && !found.expiredAll && found.status === 'persistent') {
        assignLoaded(parent.obj, prop, [found.obj], overwrite);
        fromMap.push(found.obj);
        continue;
      }
    }
    const k = matchKey(values);
    const list = byKey.get(k);
    if (list === undefined) {
      byKey.set(k, [parent]);
      tuples.push(values);
    } else list.push(parent);
  }
  const found = new Map<unknown, object[]>();
  const add = (k: unknown, obj: object): void => {
    const list = found.get(k);
    if (list === undefined) found.set(k, [obj]);
    else list.push(obj);
  };
  for (const chunk of chunks(tuples, keysPerChunk(prop, caps))) {
    const columns = options.byKeys?.(chunk);
    if (columns !== undefined) {
      const [objects, ...keyCols] = await columns;
      for (let i = 0; i < objects!.length; i++) add(matchKeyAt(keyCols, i), objects![i] as object);
      continue;
    }
    const { items, where, orderBy } = inSelectParts(prop, chunk);
    for (const row of await query(items, where, orderBy)) add(matchKeyOfRow(row, 1), row[0] as object);
  }
  for (const [k, owners] of byKey) {
    const related = found.get(k) ?? [];
    // A list of one owner is that owner's collection as it is; owners sharing a key get copies.
    const owned = owners.length === 1;
    for (const parent of owners) assignLoaded(parent.obj, prop, related, overwrite, owned);
  }
  return fromMap;
}
