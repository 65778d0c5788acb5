import { FlushError, InvalidRequestError } from '../../errors';
import {
  instanceState,
  isOrphan,
  rawItems,
  type InstanceState,
  type RelationshipProperty,
} from '../../mapper';

/** What deciding a flush's saves and deletes needs from the session. @internal */
export interface CascadeHost {
  /** Pending objects (added, not yet inserted). */
  pendingStates(): Iterable<InstanceState>;
  /** Persistent objects with changes reported since the last flush. */
  dirtyStates(): Iterable<InstanceState>;
  /** Objects marked with `session.delete()` (and what that cascaded to). */
  deletedStates(): Iterable<InstanceState>;
  /** Whether the object is in this session (pending, or persistent — marked for deletion or not). */
  contains(state: InstanceState): boolean;
  /** Takes a pending orphan out of the session instead of inserting it. */
  expunge(state: InstanceState): void;
  /** Warns through the session. */
  warn(message: string): void;
  /** Loads a relationship for several objects (what deleting them must reach). */
  loadRelationship(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void>;
}

/** The objects a flush writes, before they are grouped and ordered. @internal */
export interface CascadePlan {
  readonly saves: Set<InstanceState>;
  readonly deleted: Set<InstanceState>;
  /** Related objects that are not in the session: the flush never writes keys to or from them. */
  readonly outside: Set<InstanceState>;
  /** Children whose foreign key to a parent being deleted is set to NULL (while it points there). */
  readonly clearKeys: Map<InstanceState, ClearKey[]>;
}

/** A child's foreign key through `prop` to `parent`, which is being deleted. @internal */
export interface ClearKey {
  readonly prop: RelationshipProperty;
  readonly parent: InstanceState;
}

/**
 * Items of a relationship value: the collection's members or the single object. A tracked
 * collection gives the array behind it: the flush only reads members, and reading through the
 * collection's proxy costs a trap call per index (`includes`, `new Set`, `for … of`).
 */
export function related(value: unknown): object[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? (rawItems(value) as object[]) : [value as object];
}

/** The members a relationship had when loaded / last flushed, for states where it changed. */
export function originalMembers(state: InstanceState, key: string): object[] | undefined {
  if (!state.hasCommitted(key)) return undefined;
  const original = state.committed[key];
  return typeof original === 'symbol' ? undefined : related(original);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const notInSession = (child: InstanceState, operation: string, prop: RelationshipProperty): string =>
  `${child.mapper.name} object not in session, ${operation} operation along '${prop}' will not proceed`;

/**
 * Decides what a flush saves and deletes, as SQLAlchemy's flush and dependency processors do:
 *
 * - objects that are orphans of a delete-orphan relationship: deleted when persistent, dropped
 *   (expunged) when pending and orphaned while their parent was outside the session;
 * - members removed from a delete-orphan relationship that no parent holds any more: deleted;
 * - members added to a one-to-many relationship are saved even if they were marked for deletion
 *   (moved to a new parent);
 * - the delete cascade from deleted objects, loading relationships that are not loaded (unless
 *   `passiveDeletes`); children of a deleted parent without the delete cascade get a NULL key;
 * - related objects outside the session are left alone, with a warning for those just added.
 *
 * Nothing is saved by cascade here: save-update cascades happen when objects are attached.
 */
export function planCascades(host: CascadeHost): CascadePlan | Promise<CascadePlan> {
  const deleted = new Set<InstanceState>(host.deletedStates());
  const saves = new Set<InstanceState>();
  for (const s of host.pendingStates()) if (!deleted.has(s)) saves.add(s);
  for (const s of host.dirtyStates()) if (!deleted.has(s)) saves.add(s);
  const outside = new Set<InstanceState>();
  const clearKeys = new Map<InstanceState, ClearKey[]>();
  const roots: InstanceState[] = [];

  // Orphans are found first and handled after the walk (handling one changes `saves`); most
  // flushes have none, and no copy of the saves is made for them.
  let orphans: InstanceState[] | undefined;
  for (const s of saves) if (isOrphan(s)) (orphans ??= []).push(s);
  if (orphans !== undefined) {
    for (const s of orphans) {
      saves.delete(s);
      if (s.key !== undefined) roots.push(s);
      else if (s.orphanedOutsideOfSession) host.expunge(s);
      else saves.add(s); // a new object that never had a parent: inserted as it is
    }
  }

  // Members that came and went since load / the last flush.
  const moved = new Set<InstanceState>();
  const addedBy = new Map<RelationshipProperty, Set<InstanceState>>();
  const noteAdded = (prop: RelationshipProperty, child: InstanceState): void => {
    if (prop.direction !== 'oneToMany') return;
    moved.add(child);
    let set = addedBy.get(prop);
    if (set === undefined) addedBy.set(prop, (set = new Set()));
    set.add(child);
  };
  for (const s of saves) {
    for (const prop of s.mapper.relationships) {
      if (prop.viewonly) continue;
      if (!s.isLoaded(prop.key)) {
        // Changes made through the mirror of a collection that is not loaded.
        const pending = s.pendingMutations(prop.key);
        if (pending === undefined) continue;
        for (const obj of pending.added) {
          const child = instanceState(obj);
          if (host.contains(child)) noteAdded(prop, child);
          else {
            if (child.status !== 'deleted') host.warn(notInSession(child, 'add', prop));
            outside.add(child);
          }
        }
        if (!prop.cascade.has('delete-orphan')) continue;
        for (const obj of pending.removed) {
          const child = instanceState(obj);
          if (child.key !== undefined && !child.hasParent(prop, false) && host.contains(child))
            roots.push(child);
        }
        continue;
      }
      const value = s.dict[prop.key];
      const now = related(value);
      if (prop.uselist && now.includes(null as never)) {
        throw new FlushError(`can't flush a null value found in collection ${prop}`);
      }
      const before = originalMembers(s, prop.key);
      // Unchanged since load (no originals kept): nothing was added, unless the object is new.
      const beforeSet = before === undefined ? undefined : new Set(before);
      const allAdded = before === undefined && s.key === undefined;
      for (const obj of now) {
        const child = instanceState(obj);
        const added = beforeSet === undefined ? allAdded : !beforeSet.has(obj);
        if (!host.contains(child)) {
          if (added && child.status !== 'deleted') host.warn(notInSession(child, 'add', prop));
          outside.add(child);
          continue;
        }
        if (added) noteAdded(prop, child);
      }
      if (before === undefined || !prop.cascade.has('delete-orphan')) continue;
      const nowSet = new Set(now);
      for (const obj of before) {
        const child = instanceState(obj);
        if (nowSet.has(obj) || child.key === undefined || child.hasParent(prop, false)) continue;
        if (host.contains(child)) roots.push(child);
        else if (child.status !== 'deleted') host.warn(notInSession(child, 'delete', prop));
      }
    }
  }

  // Moved members are saved, whatever deleted them before (SQLAlchemy's cancel_delete).
  for (const s of moved) {
    if (deleted.delete(s)) saves.add(s);
  }

  const frontier = [...deleted, ...roots.filter((s) => !moved.has(s))];
  deleted.clear();
  const plan: CascadePlan = { saves, deleted, outside, clearKeys };
  const walk: DeleteWalk = { host, plan, moved, addedBy };
  const walking = walkDeletes(walk, frontier);
  // Loading is rare (relationships a delete must reach that are not loaded): no promise without.
  return walking === undefined ? finish(plan) : walking.then(() => finish(plan));
}

/** A delete cascade in progress (see `planCascades`). */
interface DeleteWalk {
  readonly host: CascadeHost;
  readonly plan: CascadePlan;
  /** Members that moved to a new parent: never deleted by the cascade. */
  readonly moved: ReadonlySet<InstanceState>;
  /** Members added to each one-to-many: they keep their key to the new parent. */
  readonly addedBy: ReadonlyMap<RelationshipProperty, ReadonlySet<InstanceState>>;
}

/**
 * Deletes `frontier` and, level after level, what it reaches, loading what a level must see
 * first; undefined (synchronously) when nothing had to be loaded.
 */
function walkDeletes(walk: DeleteWalk, frontier: InstanceState[]): Promise<void> | undefined {
  const { saves, deleted } = walk.plan;
  while (frontier.length) {
    for (const s of frontier) {
      deleted.add(s);
      saves.delete(s);
    }
    const loading = loadForDelete(walk.host, frontier);
    if (loading !== undefined) {
      const level = frontier;
      return loading.then(() => walkDeletes(walk, reachFrom(walk, level)));
    }
    frontier = reachFrom(walk, frontier);
  }
  return undefined;
}

/** The next level of a delete cascade: what deleting `frontier` reaches (and keys it clears). */
function reachFrom(walk: DeleteWalk, frontier: readonly InstanceState[]): InstanceState[] {
  const { host, moved, addedBy } = walk;
  const { deleted, clearKeys } = walk.plan;
  const next: InstanceState[] = [];
  const reach = (child: InstanceState, prop: RelationshipProperty): void => {
    if (deleted.has(child) || moved.has(child) || child.key === undefined) return;
    if (!host.contains(child)) {
      if (child.status !== 'deleted') host.warn(notInSession(child, 'delete', prop));
      return;
    }
    deleted.add(child);
    next.push(child);
  };
  for (const state of frontier) {
    for (const prop of state.mapper.relationships) {
      if (prop.viewonly || !state.isLoaded(prop.key)) continue;
      const now = related(state.dict[prop.key]);
      const before = originalMembers(state, prop.key) ?? [];
      if (prop.cascade.has('delete')) {
        for (const obj of now) reach(instanceState(obj), prop);
      }
      if (prop.cascade.has('delete-orphan')) {
        for (const obj of before) {
          const child = instanceState(obj);
          // A many-to-one's previous target goes with it; a removed member only when orphaned.
          if (prop.direction === 'manyToOne' || !child.hasParent(prop, false)) reach(child, prop);
        }
      }
      if (prop.direction !== 'oneToMany' || prop.passiveDeletes === 'all') continue;
      // Children keep their row but lose the key: members removed since load, and without the
      // delete cascade every member (SQLAlchemy's process_deletes).
      const nowSet = new Set(now);
      const kept = prop.cascade.has('delete') ? [] : now;
      for (const obj of [...kept, ...before.filter((o) => !nowSet.has(o))]) {
        const child = instanceState(obj);
        if (addedBy.get(prop)?.has(child) || child.key === undefined || deleted.has(child)) continue;
        if (!host.contains(child)) {
          if (child.status !== 'deleted') host.warn(notInSession(child, 'delete', prop));
          continue;
        }
        push(clearKeys, child, { prop, parent: state });
      }
    }
  }
  return next;
}

/** The plan once the cascade is over: a child deleted after all keeps its key. */
function finish(plan: CascadePlan): CascadePlan {
  for (const child of [...plan.clearKeys.keys()]) if (plan.deleted.has(child)) plan.clearKeys.delete(child);
  return plan;
}

/** Whether deleting an object must see the members of `prop` (to delete them or clear their key). */
function deleteReaches(prop: RelationshipProperty): boolean {
  if (prop.viewonly) return false;
  if (prop.cascade.has('delete') || prop.cascade.has('delete-orphan')) return true;
  return prop.direction === 'oneToMany' && prop.passiveDeletes !== 'all';
}

/**
 * Loads the relationships deleting `states` must reach and that are not loaded; undefined
 * (synchronously) when every one is loaded.
 */
function loadForDelete(host: CascadeHost, states: readonly InstanceState[]): Promise<void> | undefined {
  const toLoad = new Map<RelationshipProperty, InstanceState[]>();
  for (const state of states) {
    for (const prop of state.mapper.relationships) {
      if (!deleteReaches(prop) || state.isLoaded(prop.key) || prop.passiveDeletes !== false) continue;
      if (prop.writeOnly) {
        throw new InvalidRequestError(
          `attribute ${prop} can't load the existing state from the database for this operation; full iteration ` +
            `is not permitted. If this is a delete operation, configure passiveDeletes: true on the ${prop} relationship`,
        );
      }
      push(toLoad, prop, state);
    }
  }
  return toLoad.size === 0 ? undefined : loadAll(host, toLoad);
}

async function loadAll(host: CascadeHost, toLoad: Map<RelationshipProperty, InstanceState[]>): Promise<void> {
  for (const [prop, list] of toLoad) await host.loadRelationship(list, prop);
}
