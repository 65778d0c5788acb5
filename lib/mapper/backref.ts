import { ArgumentError } from '../errors';
import { instanceState, NO_VALUE, type InstanceState } from './instance-state';
import type { RelationshipProperty } from './relationship-property';
import { rawItems, recordMembers, trackedCollection } from './collection';

/*
 * Back-populate sync: when one side of a relationship pair changes, the mirror side is updated
 * with the "raw" operations below, which record history but never sync back, so a change never
 * recurses.
 */

function canCreate(state: InstanceState): boolean {
  return state.status === 'transient' || state.status === 'pending';
}

/** The member array of a collection, created empty for new objects; undefined when not loaded. */
function membersOf(state: InstanceState, prop: RelationshipProperty, create: boolean): unknown[] | undefined {
  const current = state.dict[prop.key];
  if (current !== undefined && current !== null) return rawItems(current as unknown[]);
  if (!create || !canCreate(state)) return undefined;
  const items: unknown[] = [];
  state.dict[prop.key] = trackedCollection(state, prop, items);
  return items;
}

function addRaw(state: InstanceState, prop: RelationshipProperty, item: object): void {
  const items = membersOf(state, prop, true);
  if (items === undefined || items.includes(item)) return;
  recordMembers(state, prop.key, items);
  items.push(item);
}

function removeRaw(state: InstanceState, prop: RelationshipProperty, item: object): void {
  const items = membersOf(state, prop, false);
  const i = items === undefined ? -1 : items.indexOf(item);
  if (i < 0) return;
  recordMembers(state, prop.key, items!);
  items!.splice(i, 1);
}

function setRaw(state: InstanceState, prop: RelationshipProperty, value: unknown): void {
  const dict = state.dict;
  const loaded = prop.key in dict;
  if (loaded && dict[prop.key] === value) return;
  state.recordChange(prop.key, loaded ? dict[prop.key] : NO_VALUE);
  dict[prop.key] = value;
}

function checkTarget(prop: RelationshipProperty, value: unknown): void {
  if (!(value instanceof (prop.target.class_ as unknown as new () => object))) {
    const got = typeof value === 'object' && value !== null ? `a ${value.constructor.name}` : String(value);
    throw new ArgumentError(`${prop}: expected a ${prop.target.name} (or null), got ${got}`);
  }
}

/** @internal `child` joined `owner`'s collection `prop`: point the mirror at `owner`. */
export function appendedTo(owner: InstanceState, prop: RelationshipProperty, child: object): void {
  const rev = prop.backPopulates;
  if (rev === undefined) return;
  checkTarget(prop, child);
  const childState = instanceState(child);
  if (rev.uselist) {
    addRaw(childState, rev, owner.obj);
    return;
  }
  const previous = childState.dict[rev.key];
  if (previous === owner.obj) return;
  setRaw(childState, rev, owner.obj);
  if (typeof previous === 'object' && previous !== null) removeRaw(instanceState(previous), prop, child);
}

/** @internal `child` left `owner`'s collection `prop`: clear the mirror. */
export function removedFrom(owner: InstanceState, prop: RelationshipProperty, child: object): void {
  const rev = prop.backPopulates;
  if (rev === undefined) return;
  const childState = instanceState(child);
  if (rev.uselist) removeRaw(childState, rev, owner.obj);
  else if (childState.dict[rev.key] === owner.obj) setRaw(childState, rev, null);
}

/** @internal Assigns a scalar (many-to-one / one-to-one) relationship, syncing the mirror. */
export function setScalar(state: InstanceState, prop: RelationshipProperty, value: unknown): void {
  if (value === undefined) value = null;
  if (value !== null) checkTarget(prop, value);
  const dict = state.dict;
  const loaded = prop.key in dict;
  const previous = loaded ? dict[prop.key] : undefined;
  if (loaded && previous === value) return;
  state.recordChange(prop.key, loaded ? previous : NO_VALUE);
  dict[prop.key] = value;
  const rev = prop.backPopulates;
  if (rev === undefined) return;
  const obj = state.obj;
  if (typeof previous === 'object' && previous !== null) {
    const prevState = instanceState(previous);
    if (rev.uselist) removeRaw(prevState, rev, obj);
    else if (prevState.dict[rev.key] === obj) setRaw(prevState, rev, null);
  }
  if (value !== null) {
    const valueState = instanceState(value as object);
    if (rev.uselist) addRaw(valueState, rev, obj);
    else {
      const other = valueState.dict[rev.key];
      if (typeof other === 'object' && other !== null && other !== obj)
        setRaw(instanceState(other), prop, null);
      setRaw(valueState, rev, obj);
    }
  }
}

/** @internal Replaces a collection with the members of `value` (copied into a new tracked array). */
export function setCollection(state: InstanceState, prop: RelationshipProperty, value: unknown): void {
  if (!Array.isArray(value) && !(value instanceof Set)) {
    throw new ArgumentError(
      `${prop}: assign an array of ${prop.target.name}, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const items = [...(value as Iterable<unknown>)];
  if (prop.backPopulates !== undefined) items.forEach((item) => checkTarget(prop, item));
  const dict = state.dict;
  const loaded = prop.key in dict && dict[prop.key] != null;
  const before = loaded ? rawItems(dict[prop.key] as unknown[]).slice() : [];
  if (!state.hasCommitted(prop.key)) state.recordChange(prop.key, loaded ? before : NO_VALUE);
  dict[prop.key] = trackedCollection(state, prop, items);
  if (prop.backPopulates === undefined) return;
  const beforeSet = new Set(before);
  const afterSet = new Set(items);
  for (const item of beforeSet) if (!afterSet.has(item)) removedFrom(state, prop, item as object);
  for (const item of afterSet) if (!beforeSet.has(item)) appendedTo(state, prop, item as object);
}
