import { instanceState, NO_VALUE, type InstanceState, type RelationshipProperty } from '../../mapper';
import { keyOfColumn, sameValue } from '../column-keys';
import type { FlushJournal } from './journal';
import { originalMembers, related } from './cascade-plan';
import type { FlushPlan } from './flush-plan-types';

/** What syncing keys reads of the flush plan. */
type SyncScope = Pick<FlushPlan, 'deleted' | 'outside'>;

/** Column changes a flush makes on its own (synced keys), per state, beside the user's. @internal */
export type SyncedChanges = Map<InstanceState, Set<string>>;

/** Writes `value` into `state` through the journal and notes the key as changed when it differs. */
export function syncValue(
  state: InstanceState,
  key: string,
  value: unknown,
  journal: FlushJournal,
  changes: SyncedChanges,
): void {
  if (key in state.dict && sameValue(state.dict[key], value)) return;
  // A key column changed by the flush keeps the value that finds its row (see key-values.ts).
  journal.set(state, key, value, state.mapper.columnPropsByKey.get(key)?.isPrimaryKey === true);
  let keys = changes.get(state);
  if (keys === undefined) changes.set(state, (keys = new Set()));
  keys.add(key);
}

/**
 * Many-to-one: copies the referenced object's key into the child's foreign key columns. Only for
 * a relationship that is loaded (a value or an explicit null); an unloaded one keeps its FK.
 */
export function syncManyToOne(
  child: InstanceState,
  prop: RelationshipProperty,
  scope: SyncScope,
  journal: FlushJournal,
  changes: SyncedChanges,
): void {
  if (!child.isLoaded(prop.key)) return;
  const parentObj = child.dict[prop.key] as object | null | undefined;
  if (parentObj === null || parentObj === undefined) {
    // Only clear the key when the user actually unset the reference.
    if (!child.hasCommitted(prop.key)) return;
    for (const pair of prop.pairs)
      syncValue(child, keyOfColumn(child.mapper, pair.dest), null, journal, changes);
    return;
  }
  const parent = instanceState(parentObj);
  // Outside the session (the plan warned), or being deleted (its children's keys are cleared).
  if (scope.outside.has(parent) || scope.deleted.has(parent)) return;
  // A reference that did not change between two rows already in the database was written when
  // it was set; a foreign key the application set by hand since is not overwritten (a parent's
  // key that changes reaches its children through key-switches.ts).
  if (!child.hasCommitted(prop.key) && isStored(child) && isStored(parent)) return;
  for (const pair of prop.pairs) {
    const value = parent.dict[keyOfColumn(parent.mapper, pair.source)];
    syncValue(child, keyOfColumn(child.mapper, pair.dest), value, journal, changes);
  }
}

/**
 * One-to-many: copies the owner's key into every member's foreign key, and clears it on members
 * removed from the collection (unless they are being deleted, or `passiveDeletes` is `'all'`).
 */
export function syncOneToMany(
  owner: InstanceState,
  prop: RelationshipProperty,
  scope: SyncScope,
  journal: FlushJournal,
  changes: SyncedChanges,
): void {
  const { deleted, outside } = scope;
  let members: readonly object[];
  let removed: readonly object[];
  if (owner.isLoaded(prop.key)) {
    members = related(owner.dict[prop.key]);
    const now = new Set(members);
    removed = (originalMembers(owner, prop.key) ?? []).filter((obj) => !now.has(obj));
  } else {
    // Not loaded (a write-only collection, or changed through its mirror): what changed.
    const pending = owner.pendingMutations(prop.key);
    if (pending === undefined) return;
    members = pending.added;
    removed = pending.removed;
  }
  const values = prop.pairs.map((pair) => owner.dict[keyOfColumn(owner.mapper, pair.source)]);
  for (const obj of members) {
    const child = instanceState(obj);
    if (deleted.has(child) || outside.has(child)) continue;
    prop.pairs.forEach((pair, i) =>
      syncValue(child, keyOfColumn(child.mapper, pair.dest), values[i], journal, changes),
    );
  }
  // passiveDeletes 'all' never writes the children's key to NULL: not on the parent's delete,
  // nor when they leave the collection (as in SQLAlchemy).
  if (prop.passiveDeletes === 'all') return;
  for (const obj of removed) {
    const child = instanceState(obj);
    if (deleted.has(child) || outside.has(child) || child.status !== 'persistent') continue;
    // Only when the child still points at this owner (by its new key or the one it had): it
    // may have moved to another one. An expired key is taken to point here.
    const pointsHere = (owned: readonly unknown[]): boolean =>
      prop.pairs.every((pair, i) => {
        const key = keyOfColumn(child.mapper, pair.dest);
        return !(key in child.dict) || sameValue(child.dict[key], owned[i]);
      });
    if (pointsHere(values) || pointsHere(committedValues(owner, prop))) {
      for (const pair of prop.pairs)
        syncValue(child, keyOfColumn(child.mapper, pair.dest), null, journal, changes);
    }
  }
}

/** The owner's referenced key values as last flushed (before a change not flushed yet). */
function committedValues(owner: InstanceState, prop: RelationshipProperty): unknown[] {
  return prop.pairs.map((pair) => {
    const key = keyOfColumn(owner.mapper, pair.source);
    const original = owner.hasCommitted(key) ? owner.committed[key] : NO_VALUE;
    return original === NO_VALUE ? owner.dict[key] : original;
  });
}

/**
 * Sets the foreign key of `child` through `prop` (a one-to-many of `parent`, which is being
 * deleted) to NULL, unless it points elsewhere by now (the child moved to another parent).
 */
export function clearForeignKey(
  child: InstanceState,
  prop: RelationshipProperty,
  parent: InstanceState,
  journal: FlushJournal,
  changes: SyncedChanges,
): void {
  const pointsHere = prop.pairs.every((pair) => {
    const key = keyOfColumn(child.mapper, pair.dest);
    // An expired key is taken to point here: the row was loaded as this parent's child.
    return (
      !(key in child.dict) || sameValue(child.dict[key], parent.dict[keyOfColumn(parent.mapper, pair.source)])
    );
  });
  if (!pointsHere) return;
  for (const pair of prop.pairs)
    syncValue(child, keyOfColumn(child.mapper, pair.dest), null, journal, changes);
}

/** A persistent object whose row existed before this flush (not one the flush INSERTs). */
function isStored(state: InstanceState): boolean {
  return state.status === 'persistent' && state.key !== undefined;
}
