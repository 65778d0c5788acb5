import { ArgumentError, UnloadedAttributeError } from '../errors';
import { instanceState, NO_VALUE } from './instance-state';
import type { InstanceState, RelationshipProperty } from './mapper-types';
import { rawItems, recordMembers, trackedCollection, type MembershipEvents } from './collection';
import { attached, checkSingleParent, detached } from './relationship-events';

/*
 * Relationship changes and their `backPopulates` mirrors. A change made on an attribute
 * (`memberAdded`, `setScalar`, …) updates the mirror side with the "raw" operations below, which
 * record history and track parents but never mirror back (no recursion) and never cascade a
 * save-update (SQLAlchemy 2.0 has no cascade along a backref).
 */

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function canCreate(state: InstanceState): boolean {
  return state.status === 'transient' || state.status === 'pending';
}

/** The member array of a collection, created empty for new objects; undefined when not loaded. */
function membersOf(state: InstanceState, prop: RelationshipProperty, create: boolean): unknown[] | undefined {
  if (prop.writeOnly) return undefined;
  const current = state.dict[prop.key];
  if (current !== undefined && current !== null) return rawItems(current as unknown[]);
  if (!create || !canCreate(state)) return undefined;
  const items: unknown[] = [];
  state.dict[prop.key] = newCollection(state, prop, items);
  return items;
}

/** A collection that is not loaded records the change, merged in when it loads. */
function recordPending(state: InstanceState, prop: RelationshipProperty, item: object, added: boolean): void {
  if (prop.key in state.dict) return;
  state.recordChange(prop.key, NO_VALUE);
  state.recordPending(prop.key, item, added);
}

function addRaw(state: InstanceState, prop: RelationshipProperty, item: object): void {
  state.owner?.relationshipChanged?.(state, 'collection append');
  const items = membersOf(state, prop, true);
  if (items === undefined) recordPending(state, prop, item, true);
  else if (!items.includes(item)) {
    recordMembers(state, prop.key, items);
    items.push(item);
  }
  attached(state, prop, instanceState(item), false);
}

function removeRaw(state: InstanceState, prop: RelationshipProperty, item: object): void {
  state.owner?.relationshipChanged?.(state, 'collection remove');
  const items = membersOf(state, prop, false);
  if (items === undefined) recordPending(state, prop, item, false);
  else {
    const i = items.indexOf(item);
    if (i >= 0) {
      recordMembers(state, prop.key, items);
      items.splice(i, 1);
    }
  }
  detached(state, prop, instanceState(item), false);
}

function setRaw(state: InstanceState, prop: RelationshipProperty, value: object | null): void {
  const dict = state.dict;
  const loaded = prop.key in dict;
  const previous = loaded ? dict[prop.key] : undefined;
  if (loaded && previous === value) return;
  state.owner?.relationshipChanged?.(
    state,
    value === null ? 'related attribute delete' : 'related attribute set',
  );
  state.recordChange(prop.key, loaded ? previous : NO_VALUE);
  dict[prop.key] = value;
  if (isObject(previous)) detached(state, prop, instanceState(previous), true);
  if (value !== null) attached(state, prop, instanceState(value), false);
}

/** @internal Refuses a value that is not an instance of the relationship's target. */
export function checkTarget(prop: RelationshipProperty, value: unknown): void {
  if (!(value instanceof (prop.target.class_ as unknown as new () => object))) {
    const got = isObject(value) ? `a ${value.constructor.name}` : String(value);
    throw new ArgumentError(`${prop}: expected a ${prop.target.name} (or null), got ${got}`);
  }
}

/** @internal Checks objects about to join `owner.prop` (type, single parent) before any change. */
export function checkJoining(
  owner: InstanceState,
  prop: RelationshipProperty,
  items: readonly unknown[],
): void {
  for (const item of items) {
    if (item === null || item === undefined) continue;
    checkTarget(prop, item);
    checkSingleParent(owner, prop, instanceState(item), undefined);
  }
}

/**
 * @internal `child` joined `owner`'s collection `prop` by a change of that collection: tracks
 * the parent, cascades the save-update, and (when it was not a member before) points the mirror
 * at `owner`, taking it out of its previous owner's collection.
 */
export function memberAdded(
  owner: InstanceState,
  prop: RelationshipProperty,
  child: object,
  fresh: boolean,
): void {
  const childState = instanceState(child);
  owner.owner?.relationshipChanged?.(owner, 'collection append');
  attached(owner, prop, childState, true);
  const rev = prop.backPopulates;
  if (!fresh || rev === undefined) return;
  if (rev.uselist) {
    addRaw(childState, rev, owner.obj);
    return;
  }
  const previous = childState.dict[rev.key];
  if (previous === owner.obj) return;
  setRaw(childState, rev, owner.obj);
  if (isObject(previous)) removeRaw(instanceState(previous), prop, child);
}

/** @internal `child` left `owner`'s collection `prop`: tracks it, handles an orphan, clears the mirror. */
export function memberRemoved(owner: InstanceState, prop: RelationshipProperty, child: object): void {
  const childState = instanceState(child);
  owner.owner?.relationshipChanged?.(owner, 'collection remove');
  detached(owner, prop, childState, false);
  const rev = prop.backPopulates;
  if (rev === undefined) return;
  if (rev.uselist) removeRaw(childState, rev, owner.obj);
  else if (childState.dict[rev.key] === owner.obj) setRaw(childState, rev, null);
}

/**
 * @internal Assigns a scalar (many-to-one / one-to-one) relationship. The mirror of the new value
 * points back here; the object the new value's mirror held keeps its own reference, as in
 * SQLAlchemy (its row is updated by the flush).
 */
export function setScalar(state: InstanceState, prop: RelationshipProperty, value: unknown): void {
  if (value === undefined) value = null;
  if (value !== null) checkTarget(prop, value);
  const dict = state.dict;
  const loaded = prop.key in dict;
  const previous = loaded ? dict[prop.key] : undefined;
  if (loaded && previous === value) return;
  const valueState = value === null ? undefined : instanceState(value as object);
  if (valueState !== undefined) checkSingleParent(state, prop, valueState, previous);
  state.owner?.relationshipChanged?.(state, 'related attribute set');
  state.recordChange(prop.key, loaded ? previous : NO_VALUE);
  dict[prop.key] = value;
  if (valueState !== undefined) attached(state, prop, valueState, true);
  const previousState = isObject(previous) ? instanceState(previous) : undefined;
  if (previousState !== undefined) detached(state, prop, previousState, true);
  const rev = prop.backPopulates;
  if (rev === undefined) return;
  const obj = state.obj;
  if (valueState !== undefined) {
    if (rev.uselist) addRaw(valueState, rev, obj);
    else setRaw(valueState, rev, obj);
  }
  if (previousState !== undefined) {
    if (rev.uselist) removeRaw(previousState, rev, obj);
    else if (previousState.dict[rev.key] === obj) setRaw(previousState, rev, null);
  }
}

/**
 * @internal Replaces a collection with the members of `value` (copied into a new tracked array):
 * new members join (checked first, nothing changes when one is refused), members kept are
 * cascaded again, members left out leave.
 */
export function setCollection(state: InstanceState, prop: RelationshipProperty, value: unknown): void {
  if (!Array.isArray(value) && !(value instanceof Set)) {
    throw new ArgumentError(
      `${prop}: assign an array of ${prop.target.name}, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const items = [...(value as Iterable<unknown>)];
  const dict = state.dict;
  const loaded = prop.key in dict && dict[prop.key] != null;
  // Replacing a collection whose rows were never read would leave the members it drops attached to
  // this row (SQLAlchemy loads the old collection on assignment; an attribute write cannot wait
  // for a query), so the old members must be loaded first.
  if (!loaded && state.status === 'persistent') {
    const cls = state.mapper.name;
    throw new UnloadedAttributeError(
      `${cls}.${prop.key} is not loaded, so the members a new collection leaves out are unknown: ` +
        `await session.load(${cls.toLowerCase()}, '${prop.key}') before assigning it.`,
      cls,
      prop.key,
    );
  }
  const before = loaded ? rawItems(dict[prop.key] as unknown[]).slice() : [];
  const beforeSet = new Set(before);
  const afterSet = new Set(items);
  afterSet.delete(null);
  afterSet.delete(undefined);
  checkJoining(
    state,
    prop,
    [...afterSet].filter((item) => !beforeSet.has(item)),
  );
  if (!state.hasCommitted(prop.key)) state.recordChange(prop.key, loaded ? before : NO_VALUE);
  dict[prop.key] = newCollection(state, prop, items);
  for (const item of afterSet) memberAdded(state, prop, item as object, !beforeSet.has(item));
  for (const item of beforeSet) if (!afterSet.has(item) && isObject(item)) memberRemoved(state, prop, item);
}

/** @internal A write-only collection's `add()`: recorded as pending, then as `memberAdded`. */
export function pendingAdded(owner: InstanceState, prop: RelationshipProperty, child: object): void {
  recordPending(owner, prop, child, true);
  memberAdded(owner, prop, child, true);
}

/** @internal A write-only collection's `remove()`. */
export function pendingRemoved(owner: InstanceState, prop: RelationshipProperty, child: object): void {
  recordPending(owner, prop, child, false);
  memberRemoved(owner, prop, child);
}

const MEMBERSHIP: MembershipEvents = { checkJoining, memberAdded, memberRemoved };

/**
 * @internal A tracked collection of `state.prop` over `items` (taken over), whose changes keep
 * parents, cascades and the mirror up to date.
 */
export function newCollection(state: InstanceState, prop: RelationshipProperty, items: unknown[]): unknown[] {
  return trackedCollection(state, prop, items, MEMBERSHIP);
}
