import { ArgumentError, InvalidRequestError, ObjectDeletedError, StaleDataError } from '../errors';
import {
  instanceState,
  noIterationError,
  resolveAttributeKey,
  setLoaded,
  type InstanceState,
  type Mapper,
  type RelationshipProperty,
  type WriteOnlyCollectionBase,
} from '../mapper';
import { and, select, type Column, type Predicate, type Select, type StatementOption } from '../sql';
import { sameValue } from './column-keys';
import { defer, undefer } from './loading/column-options';
import { related } from './flush/flush-plan';
import type { LockingReadOptions } from './locking-read';
import type { OrmResult } from './orm-result';
import type { UnitOfWork } from './unit-of-work';

/** What refresh and merge need from the session. @internal */
export interface ObjectsHost {
  readonly uow: UnitOfWork;
  owns(state: InstanceState): boolean;
  /** Runs an ORM select without autoflush. */
  select(stmt: Select<readonly unknown[]>, populateExisting: boolean): Promise<OrmResult<readonly unknown[]>>;
  /** Runs a Core select of `columns` and returns the rows as tuples. */
  selectColumns(
    columns: readonly Column<unknown>[],
    where: Predicate,
    lock?: LockingReadOptions,
  ): Promise<unknown[][]>;
  /** `session.get()`, with loader options for the SELECT when the row is read. */
  get(mapper: Mapper<object>, pk: unknown[], options?: readonly StatementOption[]): Promise<object | null>;
  add(obj: object): void;
  load(state: InstanceState, key: string): Promise<void>;
  warn(message: string): void;
}

/** The key names, for messages only (a get() by a good key builds no string, array or closure). */
function keyNames(mapper: Mapper<object>): string {
  return mapper.primaryKeyProps.map((p) => p.key).join(', ');
}

/**
 * Primary key values from what `get()` accepts: a scalar, an array, or an object by attribute.
 * Undefined when every value is null (nothing can match: `get()` warns and returns null, as
 * SQLAlchemy's does). A key with a part unset is refused; one with some parts null is looked up
 * with IS NULL when the mapper allows partial keys (`allowPartialPks`), refused otherwise.
 */
export function pkValues(mapper: Mapper<object>, pk: unknown): unknown[] | undefined {
  const props = mapper.primaryKeyProps;
  let values: unknown[];
  if (Array.isArray(pk)) values = pk;
  else if (typeof pk === 'object' && pk !== null && !(pk instanceof Date))
    values = props.map((p) => (pk as Record<string, unknown>)[p.key]);
  else values = [pk];
  if (values.length !== props.length) {
    throw new ArgumentError(
      `${mapper.name} has primary key (${keyNames(mapper)}): expected ${props.length} value(s), got ${values.length}`,
    );
  }
  let missing = 0;
  for (const v of values) if (v === undefined || v === null) missing++;
  if (missing === values.length) return undefined;
  // A NULL part (never an unset one) is looked up with IS NULL where partial keys are allowed.
  if (missing > 0 && !(mapper.allowPartialPks && !values.includes(undefined))) {
    throw new ArgumentError(
      `${mapper.name} has primary key (${keyNames(mapper)}); a key with a null or missing part cannot match a row: got ${JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v === undefined ? null : v))}`,
    );
  }
  return values;
}

/** `pk = values` for a mapper. */
export function pkWhere(mapper: Mapper<object>, values: readonly unknown[]): Predicate {
  const props = mapper.primaryKeyProps;
  // A single-column key (the usual one): the comparison itself, no array or AND around it.
  if (props.length === 1) return (props[0]!.column as Column<unknown>).eq(values[0]);
  // `eq(null)` is IS NULL: the part of a partial key that is NULL.
  return and(...props.map((p, i) => (p.column as Column<unknown>).eq(values[i])));
}

/**
 * Reloads a persistent object's columns (discarding unflushed changes), and the relationships
 * named in `keys` or, by default, those that were loaded when it was expired. When its row is
 * gone: raises, or with `ifExists` returns false.
 */
export async function refreshObject(
  host: ObjectsHost,
  obj: object,
  keys?: readonly string[],
  ifExists = false,
  lock?: LockingReadOptions,
): Promise<boolean> {
  const state = instanceState(obj);
  if (state.status !== 'persistent' || !host.owns(state)) {
    throw new InvalidRequestError(
      `${state.mapper.name} object is not persistent in this session; it cannot be refreshed`,
    );
  }
  const mapper = state.mapper;
  // The row is found by the key it has in the database: an unflushed key change is not in it.
  const pkProps = mapper.primaryKeyProps;
  const pk = pkProps.map((p) => (state.hasCommitted(p.key) ? state.committed[p.key] : state.dict[p.key]));
  const deleted = (): ObjectDeletedError =>
    new ObjectDeletedError(
      `${mapper.name} object with primary key ${JSON.stringify(pk, (_k, v) => (typeof v === 'bigint' ? String(v) : v))} has been deleted, or its row is otherwise not present`,
    );
  if (keys !== undefined) {
    // A synonym names the column attribute it stands for.
    const named = keys.map((k) => resolveAttributeKey(mapper, k));
    return refreshKeys(host, state, pk, named, ifExists, deleted, lock);
  }
  // Unflushed changes are discarded: populateExisting overwrites every column with the row's.
  state.resetCommitted();
  host.uow.dirty.delete(state);
  const rows = await host.select(lockedBy(select(mapper.class_).where(pkWhere(mapper, pk)), lock), true);
  if (rows.rows.length === 0) {
    if (ifExists) return false;
    throw deleted();
  }
  state.clearExpired();
  const reloads = host.uow.takeReloads(state);
  await Promise.all(reloads.map((k) => host.load(state, k)));
  return true;
}

/**
 * `refresh(obj, keys)`: reads only the named columns (one SELECT of them by key) and loads the
 * named relationships; other attributes keep their values and unflushed changes. A primary key
 * change not flushed yet is refused: the row could not be found by either key.
 */
async function refreshKeys(
  host: ObjectsHost,
  state: InstanceState,
  pk: readonly unknown[],
  keys: readonly string[],
  ifExists: boolean,
  deleted: () => ObjectDeletedError,
  lock: LockingReadOptions | undefined,
): Promise<boolean> {
  const mapper = state.mapper;
  const pkProps = mapper.primaryKeyProps;
  const pendingKeys = pkProps
    .filter((p) => state.hasCommitted(p.key) && !sameValue(state.committed[p.key], state.dict[p.key]))
    .map((p) => p.key);
  if (pendingKeys.length) {
    throw new InvalidRequestError(
      `${mapper.name}: flush the pending primary key change of ${pendingKeys.map((k) => `'${k}'`).join(', ')} before refreshing attributes of the object`,
    );
  }
  const columnKeys = keys.filter(
    (k) => mapper.selectProp(k) !== undefined && !pkProps.some((p) => p.key === k),
  );
  const relationships = keys.filter((k) => mapper.relationshipsByKey.has(k));
  // The row is read even when only relationships are named: a deleted row raises.
  const found =
    mapper.tables.length === 1
      ? await readColumns(host, state, pk, columnKeys, lock)
      : // Columns of several tables: the ORM select joins them and fills only what is expired.
        (await host.select(lockedBy(undeferring(mapper, pk, columnKeys), lock), false)).rows.length > 0;
  if (!found) {
    if (ifExists) return false;
    throw deleted();
  }
  state.clearExpired(columnKeys);
  await Promise.all(relationships.map((k) => host.load(state, k)));
  return true;
}

/** The entity SELECT of the row of `pk`, reading the deferred attributes among `keys` too. */
function undeferring(
  mapper: Mapper<object>,
  pk: readonly unknown[],
  keys: readonly string[],
): Select<readonly unknown[]> {
  const stmt = select(mapper.class_).where(pkWhere(mapper, pk));
  const deferred = keys.map((k) => mapper.selectProp(k)!).filter((p) => p.deferred === true);
  return deferred.length ? stmt.options(undefer(...deferred.map((p) => p.column))) : stmt;
}

/** Reads the columns of `keys` of `state`'s row into it (they were expired by the refresh). */
async function readColumns(
  host: ObjectsHost,
  state: InstanceState,
  pk: readonly unknown[],
  keys: readonly string[],
  lock: LockingReadOptions | undefined,
): Promise<boolean> {
  const mapper = state.mapper;
  const columns = [
    ...mapper.primaryKeyProps.map((p) => p.column),
    ...keys.map((k) => mapper.selectProp(k)!.column),
  ] as Column<unknown>[];
  const rows = await host.selectColumns(columns, pkWhere(mapper, pk), lock);
  const row = rows[0];
  if (row === undefined) return false;
  const offset = mapper.primaryKeyProps.length;
  keys.forEach((k, i) => {
    if (state.isExpired(k)) state.dict[k] = row[offset + i];
  });
  return true;
}

/**
 * Loads the expired attributes of a persistent object (what SQLAlchemy does when such an attribute
 * is read): one SELECT by primary key fills them, while attributes changed since (or never
 * expired) keep their values, and relationships loaded before the expiry are loaded again.
 * False when the row is gone.
 */
export async function unexpireObject(host: ObjectsHost, state: InstanceState): Promise<boolean> {
  const mapper = state.mapper;
  const pk = mapper.primaryKeyProps.map((p) => state.dict[p.key]);
  let stmt = select(mapper.class_).where(pkWhere(mapper, pk));
  // Deferred attributes stay deferred (a query's defer() too), as SQLAlchemy's unexpire reads
  // only what is expired.
  const deferred = state.deferredKeys.filter((k) => !state.expiredAll && !state.expired.has(k));
  if (deferred.length) stmt = stmt.options(defer(...deferred.map((k) => mapper.selectProp(k)!.column)));
  const rows = await host.select(stmt, false);
  if (rows.rows.length === 0) return false;
  const reloads = host.uow.takeReloads(state).filter((k) => !state.isLoaded(k));
  await Promise.all(reloads.map((k) => host.load(state, k)));
  return true;
}

/** One `merge()` call: what was merged so far, by source object and by identity key. */
export interface MergeRun {
  /** False: SQLAlchemy's `load=False` — nothing is read, values become the committed state. */
  readonly load: boolean;
  readonly bySource: Map<object, object>;
  /** Objects merged in this call by identity key: sources with the same key resolve to one. */
  readonly byKey: Map<string, object>;
}

/** A fresh run of `merge()`. */
export function mergeRun(load: boolean): MergeRun {
  return { load, bySource: new Map(), byKey: new Map() };
}

/**
 * Copies `obj`'s loaded state onto the session's object with the same primary key (loaded if
 * needed), or onto a new pending copy when there is none; follows `merge` cascades. `obj` itself
 * is never attached. With `load: false` nothing is read from the database: the object must be
 * persistent somewhere and unchanged, and the copy takes its values as committed state.
 */
export async function mergeObject<E extends object>(
  host: ObjectsHost,
  obj: E,
  run: MergeRun = mergeRun(true),
  options?: readonly StatementOption[],
): Promise<E> {
  const done = run.bySource.get(obj);
  if (done !== undefined) return done as E;
  const source = instanceState(obj as object);
  if (host.owns(source) && (source.status === 'persistent' || source.status === 'pending')) {
    if (source.status === 'pending')
      host.warn(
        `${source.mapper.name} object is already pending in this session yet is being merged again; this is probably not what you want to do`,
      );
    return obj;
  }
  const mapper = source.mapper;
  if (!run.load) refuseNoLoad(source);
  const pk = mapper.primaryKeyProps.map((p) => source.dict[p.key]);
  // A key with a NULL part is looked up only where partial keys are allowed; an unset part never.
  const nulls = pk.filter((v) => v === null).length;
  const known = !pk.includes(undefined) && (nulls === 0 || (mapper.allowPartialPks && nulls < pk.length));
  const identity = known ? mapper.identityKeyFor(pk) : undefined;
  let target = identity === undefined ? undefined : (run.byKey.get(identity) as Record<string, unknown>);
  let isNew = false;
  if (target === undefined && identity !== undefined) {
    if (run.load)
      target = ((await host.get(mapper, pk, options)) as Record<string, unknown> | null) ?? undefined;
    else target = host.uow.identityMap.get(identity)?.obj as Record<string, unknown> | undefined;
  }
  if (target === undefined) {
    target = Object.create(Object.getPrototypeOf(obj) as object) as Record<string, unknown>;
    isNew = true;
  }
  run.bySource.set(obj, target);
  if (identity !== undefined) run.byKey.set(identity, target);
  const targetState = instanceState(target as object);
  if (!run.load) {
    await copyWithoutLoad(host, source, targetState, isNew, identity ?? source.key!, run);
    return target as E;
  }
  if (!isNew) refuseStaleVersion(source, targetState);
  // Expression attributes too, as SQLAlchemy merges a loaded column_property: the merged value
  // wins over the one just read, and a flush never writes it.
  for (const prop of mapper.selectProps) {
    if (!source.isLoaded(prop.key) || (!isNew && prop.isPrimaryKey)) continue;
    const value = source.dict[prop.key];
    if (isNew || !targetState.isLoaded(prop.key) || !sameValue(targetState.dict[prop.key], value))
      target[prop.key] = value;
  }
  for (const prop of mapper.relationships) {
    if (prop.writeOnly) {
      await mergeWriteOnly(host, source, targetState, prop, isNew, run);
      continue;
    }
    // A view-only relationship keeps merge among its cascades: a loaded one is copied too.
    if (!prop.cascade.has('merge') || !mergesRelationship(source, prop)) continue;
    // The target's own members first, so that merging the items finds those it has already.
    if (!isNew && !targetState.isLoaded(prop.key)) await host.load(targetState, prop.key);
    const items: object[] = [];
    for (const item of related(source.dict[prop.key])) items.push(await mergeObject(host, item, run));
    if (prop.uselist) {
      const current = related(targetState.dict[prop.key]);
      const same = current.length === items.length && current.every((o, i) => o === items[i]);
      if (!same) target[prop.key] = items;
    } else if (targetState.dict[prop.key] !== (items[0] ?? null)) target[prop.key] = items[0] ?? null;
  }
  if (isNew) host.add(target);
  return target as E;
}

/**
 * Whether the source's value of a relationship is merged: it must be loaded, and a collection a
 * new object only read (the empty one its first access made) is not a value: merging it would
 * empty the target's collection (SQLAlchemy never puts that collection in the object's dict).
 */
function mergesRelationship(source: InstanceState, prop: RelationshipProperty): boolean {
  if (!source.isLoaded(prop.key)) return false;
  if (!prop.uselist || source.key !== undefined || source.hasCommitted(prop.key)) return true;
  return related(source.dict[prop.key]).length > 0;
}

/**
 * A version given on the merged object must be the one the session's object has: merging an
 * older version would overwrite a newer row (SQLAlchemy raises the same). Unset, it merges onto
 * whatever version is current.
 */
function refuseStaleVersion(source: InstanceState, target: InstanceState): void {
  const version = source.mapper.versionProp;
  if (version === undefined || !source.isLoaded(version.key) || !target.isLoaded(version.key)) return;
  const given = source.dict[version.key];
  const existing = target.dict[version.key];
  if (given === undefined || given === null || sameValue(given, existing)) return;
  throw new StaleDataError(
    `Version id '${String(given)}' on merged ${source.mapper.name} object does not match existing version '${String(existing)}'. Leave the version attribute unset when merging to update the most recent version.`,
  );
}

/** `load: false` takes objects that are persistent somewhere and have no unflushed change. */
function refuseNoLoad(source: InstanceState): void {
  if (source.key === undefined) {
    throw new InvalidRequestError(
      `merge() with load: false does not support transient (never persisted) objects such as this ${source.mapper.name}; flush it first`,
    );
  }
  if (source.modified) {
    throw new InvalidRequestError(
      `merge() with load: false does not support objects with unflushed changes (this ${source.mapper.name} is dirty); flush all changes before merging with load: false`,
    );
  }
}

/**
 * `load: false`: the target (found in the identity map, or made persistent under the key without
 * a query) takes the source's loaded values as its committed state; attributes the source does
 * not hold stay (or become) expired, and merged relationships are set without events, since
 * both sides come from committed data.
 */
async function copyWithoutLoad(
  host: ObjectsHost,
  source: InstanceState,
  target: InstanceState,
  isNew: boolean,
  identity: string,
  run: MergeRun,
): Promise<void> {
  const mapper = source.mapper;
  if (isNew) host.uow.registerLoaded(target, identity);
  const unloaded: string[] = [];
  const deferred: string[] = [];
  for (const prop of mapper.selectProps) {
    if (source.isLoaded(prop.key)) target.dict[prop.key] = source.dict[prop.key];
    else if (!target.isLoaded(prop.key)) (source.isDeferred(prop.key) ? deferred : unloaded).push(prop.key);
  }
  // A deferred attribute stays deferred: loading the expired ones does not read it.
  target.markDeferred(deferred);
  for (const prop of mapper.relationships) {
    if (prop.writeOnly || !prop.cascade.has('merge') || !source.isLoaded(prop.key)) continue;
    const items: object[] = [];
    for (const item of related(source.dict[prop.key])) items.push(await mergeObject(host, item, run));
    setLoaded(target.obj, prop.key, prop.uselist ? items : (items[0] ?? null));
  }
  if (unloaded.length) target.expire(unloaded);
  target.resetCommitted();
  host.uow.dirty.delete(target);
}

/**
 * A write-only collection is never iterated: the members added to a new object are merged and
 * added to the new copy; merging members into an object the session has would need the members
 * it has, which only a query can give.
 */
async function mergeWriteOnly(
  host: ObjectsHost,
  source: InstanceState,
  target: InstanceState,
  prop: RelationshipProperty,
  isNew: boolean,
  run: MergeRun,
): Promise<void> {
  const added = source.pendingMutations(prop.key)?.added ?? [];
  if (!prop.cascade.has('merge') || added.length === 0) return;
  if (!isNew) throw noIterationError(prop);
  const collection = (target.obj as Record<string, unknown>)[prop.key] as WriteOnlyCollectionBase<object>;
  for (const item of added) collection.add(await mergeObject(host, item, run));
}

/** `stmt` with the lock of a locking read, if one is asked for. */
function lockedBy<S extends Select<readonly unknown[]>>(stmt: S, lock: LockingReadOptions | undefined): S {
  return lock === undefined ? stmt : (stmt.forUpdate(lock) as S);
}
