import { ArgumentError, InvalidRequestError, ObjectDeletedError } from '../errors';
import {
  instanceState,
  noIterationError,
  type InstanceState,
  type Mapper,
  type RelationshipProperty,
  type WriteOnlyCollection,
} from '../mapper';
import { and, select, type Column, type Predicate, type Select } from '../sql';
import { sameValue } from './column-keys';
import { related } from './flush/flush-plan';
import type { OrmResult } from './orm-result';
import type { UnitOfWork } from './unit-of-work';

/** What refresh and merge need from the session. @internal */
export interface ObjectsHost {
  readonly uow: UnitOfWork;
  owns(state: InstanceState): boolean;
  /** Runs an ORM select without autoflush. */
  select(stmt: Select<readonly unknown[]>, populateExisting: boolean): Promise<OrmResult<readonly unknown[]>>;
  get(mapper: Mapper<object>, pk: unknown[]): Promise<object | null>;
  add(obj: object): void;
  load(state: InstanceState, key: string): Promise<void>;
}

/**
 * Primary key values from what `get()` accepts: a scalar, an array, or an object by attribute.
 * Undefined when every value is null (nothing can match: `get()` warns and returns null, as
 * SQLAlchemy's does); a key with some values null or missing is refused, since no mapped table
 * can hold a row with a NULL primary key column.
 */
export function pkValues(mapper: Mapper<object>, pk: unknown): unknown[] | undefined {
  const props = mapper.primaryKeyProps;
  let values: unknown[];
  if (Array.isArray(pk)) values = pk;
  else if (typeof pk === 'object' && pk !== null && !(pk instanceof Date))
    values = props.map((p) => (pk as Record<string, unknown>)[p.key]);
  else values = [pk];
  const names = props.map((p) => p.key).join(', ');
  if (values.length !== props.length) {
    throw new ArgumentError(
      `${mapper.name} has primary key (${names}): expected ${props.length} value(s), got ${values.length}`,
    );
  }
  const missing = values.filter((v) => v === undefined || v === null).length;
  if (missing === values.length) return undefined;
  if (missing > 0) {
    throw new ArgumentError(
      `${mapper.name} has primary key (${names}); a key with a null or missing part cannot match a row: got ${JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v === undefined ? null : v))}`,
    );
  }
  return values;
}

/** `pk = values` for a mapper. */
export function pkWhere(mapper: Mapper<object>, values: readonly unknown[]): Predicate {
  const props = mapper.primaryKeyProps;
  // A single-column key (the usual one): the comparison itself, no array or AND around it.
  if (props.length === 1) return (props[0]!.column as Column<unknown>).eq(values[0]);
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
): Promise<boolean> {
  const state = instanceState(obj);
  if (state.status !== 'persistent' || !host.owns(state)) {
    throw new InvalidRequestError(
      `${state.mapper.name} object is not persistent in this session; it cannot be refreshed`,
    );
  }
  const mapper = state.mapper;
  const pk = mapper.primaryKeyProps.map((p) => state.dict[p.key]);
  // Unflushed changes are discarded: populateExisting overwrites every column with the row's.
  state.resetCommitted();
  host.uow.dirty.delete(state);
  const rows = await host.select(select(mapper.class_).where(pkWhere(mapper, pk)), true);
  if (rows.rows.length === 0) {
    if (ifExists) return false;
    throw new ObjectDeletedError(
      `${mapper.name} object with primary key ${JSON.stringify(pk, (_k, v) => (typeof v === 'bigint' ? String(v) : v))} has been deleted, or its row is otherwise not present`,
    );
  }
  state.clearExpired();
  const reloads = host.uow.takeReloads(state);
  const relationships = keys?.filter((k) => mapper.relationshipsByKey.has(k)) ?? reloads;
  await Promise.all(relationships.map((k) => host.load(state, k)));
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
  const rows = await host.select(select(mapper.class_).where(pkWhere(mapper, pk)), false);
  if (rows.rows.length === 0) return false;
  const reloads = host.uow.takeReloads(state).filter((k) => !state.isLoaded(k));
  await Promise.all(reloads.map((k) => host.load(state, k)));
  return true;
}

/**
 * Copies `obj`'s loaded state onto the session's object with the same primary key (loaded if
 * needed), or onto a new pending copy when there is none; follows `merge` cascades. `obj` itself
 * is never attached.
 */
export async function mergeObject<E extends object>(
  host: ObjectsHost,
  obj: E,
  merged = new Map<object, object>(),
): Promise<E> {
  const done = merged.get(obj);
  if (done !== undefined) return done as E;
  const source = instanceState(obj as object);
  if (host.owns(source) && (source.status === 'persistent' || source.status === 'pending')) return obj;
  const mapper = source.mapper;
  const pk = mapper.primaryKeyProps.map((p) => source.dict[p.key]);
  const known = pk.every((v) => v !== undefined && v !== null);
  let target = known ? ((await host.get(mapper, pk)) as Record<string, unknown> | null) : null;
  const isNew = target === null;
  if (target === null)
    target = Object.create(Object.getPrototypeOf(obj) as object) as Record<string, unknown>;
  merged.set(obj, target);
  for (const prop of mapper.columnProps) {
    if (!source.isLoaded(prop.key) || (!isNew && prop.isPrimaryKey)) continue;
    const value = source.dict[prop.key];
    if (isNew || !sameValue(target[prop.key], value)) target[prop.key] = value;
  }
  const targetState = instanceState(target as object);
  for (const prop of mapper.relationships) {
    if (prop.writeOnly) {
      await mergeWriteOnly(host, source, targetState, prop, isNew, merged);
      continue;
    }
    // A view-only relationship keeps merge among its cascades: a loaded one is copied too.
    if (!prop.cascade.has('merge') || !source.isLoaded(prop.key)) continue;
    const value = source.dict[prop.key];
    const items: object[] = [];
    for (const item of related(value)) items.push(await mergeObject(host, item, merged));
    if (!isNew && !targetState.isLoaded(prop.key)) await host.load(targetState, prop.key);
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
  merged: Map<object, object>,
): Promise<void> {
  const added = source.pendingMutations(prop.key)?.added ?? [];
  if (!prop.cascade.has('merge') || added.length === 0) return;
  if (!isNew) throw noIterationError(prop);
  const collection = (target.obj as Record<string, unknown>)[prop.key] as WriteOnlyCollection<object>;
  for (const item of added) collection.add(await mergeObject(host, item, merged));
}
