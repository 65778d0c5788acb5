import { FlushError, InvalidRequestError } from '../errors';
import { expireExpressionsAfterFlush, type InstanceState, type StateOwner } from '../mapper';
import { sameValue } from './column-keys';
import { saveUpdateChildren, type FlushHost } from './flush/flush-plan';
import type { IdentityMap } from './identity-map';
import type { SessionTransaction, TouchedObjects } from './session-transaction';

/**
 * The session's bookkeeping of object states, and the ONE place where an object changes state:
 * `status`, `key`, `owner` and `wasDeleted` of an `InstanceState` are written here and nowhere
 * else (spec/architecture checks it). Every move records itself in the transaction that made it
 * (see `SessionTransaction`), as SQLAlchemy's `_register_persistent` / `_remove_newly_deleted`
 * do, so that a rollback restores exactly what the transaction or savepoint touched.
 *
 * It also keeps the pending, dirty and deleted sets the flush starts from, so a flush's cost
 * follows the changes, never the identity map.
 * @internal
 */
export class UnitOfWork {
  // Each collection is made on first use: most sessions only read, and a session is made per
  // request (or per lookup), so Sets and a WeakMap each time would be allocation for nothing.
  private pendingSet: Set<InstanceState> | undefined;
  private dirtySet: Set<InstanceState> | undefined;
  private deletedSet: Set<InstanceState> | undefined;
  private reloads: WeakMap<InstanceState, string[]> | undefined;

  constructor(
    private readonly owner: StateOwner,
    readonly identityMap: IdentityMap,
  ) {}

  /** Objects added and not yet inserted (SQLAlchemy's `session._new`). */
  get pending(): Set<InstanceState> {
    return (this.pendingSet ??= new Set());
  }

  /** Persistent objects reported changed by their attributes since the last flush. */
  get dirty(): Set<InstanceState> {
    return (this.dirtySet ??= new Set());
  }

  /** Objects marked with `session.delete()` and not yet flushed. */
  get deleted(): Set<InstanceState> {
    return (this.deletedSet ??= new Set());
  }

  /** Relationships loaded when an object was expired, reloaded by `refresh()`. */
  private get reloadOnRefresh(): WeakMap<InstanceState, string[]> {
    return (this.reloads ??= new WeakMap());
  }

  get isClean(): boolean {
    return (
      (this.pendingSet === undefined || this.pendingSet.size === 0) &&
      (this.dirtySet === undefined || this.dirtySet.size === 0) &&
      (this.deletedSet === undefined || this.deletedSet.size === 0)
    );
  }

  // ---------------------------------------------------------------- user-driven moves

  /**
   * `session.add()`: a transient object becomes pending, a detached one persistent again, a
   * persistent one marked for deletion is unmarked. An object whose row a flush deleted is
   * refused (until `makeTransient()`), as is one that belongs to another session.
   */
  attach(state: InstanceState): void {
    if (
      state.owner !== undefined &&
      state.owner !== this.owner &&
      state.status !== 'detached' &&
      state.status !== 'transient'
    ) {
      throw new InvalidRequestError(
        `${state.mapper.name} object is already attached to another session; expunge it there first`,
      );
    }
    if (state.wasDeleted) {
      throw new InvalidRequestError(
        `${state.mapper.name} object has been deleted; use makeTransient() to send it back to the transient state`,
      );
    }
    switch (state.status) {
      case 'transient':
        state.status = 'pending';
        state.owner = this.owner;
        this.pending.add(state);
        return;
      case 'detached': {
        const key = state.key ?? state.mapper.identityKeyOf(state.obj);
        const existing = key === undefined ? undefined : this.identityMap.get(key);
        if (existing !== undefined && existing !== state) {
          throw new InvalidRequestError(
            `another ${state.mapper.name} object with the same primary key is already present in this session; use session.merge()`,
          );
        }
        state.status = 'persistent';
        state.key = key;
        state.owner = this.owner;
        this.identityMap.add(state);
        if (state.modified) this.dirty.add(state);
        return;
      }
      default:
        // Pending or persistent: adding it again cancels a pending delete.
        this.deletedSet?.delete(state);
    }
  }

  /**
   * Attaches what `root` reaches through save-update cascades (current members, and members
   * removed since load or flush). The walk stops at objects already in the session: what they
   * reach was attached when it was attached to them. Depth first, each object before what it
   * reaches (SQLAlchemy's cascade_iterator), so rows are inserted, and given their generated keys,
   * in that order: `[a1 → k1, a2 → k2]` attaches a1, k1, a2, k2.
   */
  cascadeSaves(root: InstanceState): void {
    const first = saveUpdateChildren(root);
    if (first.length === 0) return; // nothing to walk: no stack, no seen set
    const seen = new Set([root]);
    const stack = [first[Symbol.iterator]()];
    while (stack.length) {
      const next = stack[stack.length - 1]!.next();
      if (next.done === true) {
        stack.pop();
        continue;
      }
      const child = next.value;
      if (seen.has(child) || this.contains(child)) continue;
      seen.add(child);
      this.attach(child);
      stack.push(saveUpdateChildren(child)[Symbol.iterator]());
    }
  }

  /** Whether the object is in this session: pending, or persistent (marked for deletion or not). */
  contains(state: InstanceState): boolean {
    return state.owner === this.owner && (state.status === 'pending' || state.status === 'persistent');
  }

  /** `session.delete()` of a persistent object: its row goes at the next flush. */
  markDeleted(state: InstanceState): void {
    this.deleted.add(state);
  }

  /**
   * `session.delete()` of an object whose row a flush of this transaction already deleted: back in
   * the identity map and marked for deletion again (its next DELETE matches no row and warns).
   */
  redelete(state: InstanceState): void {
    state.status = 'persistent';
    this.identityMap.replace(state);
  }

  /** A row read from the database becomes a persistent object in the identity map. */
  registerLoaded(state: InstanceState, key: string): void {
    state.status = 'persistent';
    state.key = key;
    state.owner = this.owner;
    this.identityMap.add(state);
  }

  /** An attribute of a persistent object changed: it is dirty until the next flush. */
  attributeChanged(state: InstanceState): void {
    if (state.status === 'persistent') this.dirty.add(state);
  }

  // ---------------------------------------------------------------- flush results

  /**
   * After a successful flush: the objects it inserted or updated are persistent with their
   * current values as the committed state, under their (possibly new) identity key. Recorded in
   * `tx`: inserted ones become transient again if it rolls back, updated ones are expired.
   */
  registerPersistent(
    states: Iterable<InstanceState>,
    tx: SessionTransaction,
    previousKeys?: ReadonlyMap<InstanceState, readonly unknown[]>,
  ): void {
    let touched: TouchedObjects | undefined;
    // Only a savepoint's rollback reads which objects were updated (the outermost transaction's
    // expires every object): the outermost keeps no Set of every object its flushes updated.
    const recordUpdated = tx.parent !== undefined;
    for (const state of states) {
      // Before the new key and committed state: which expressions were assigned is still known.
      expireExpressionsAfterFlush(state);
      // A persistent object whose key attributes were not set (by the application or by the
      // flush) keeps its identity key: no key values gathered and encoded again per object.
      const key =
        previousKeys !== undefined && state.key !== undefined && keyUntouched(state, previousKeys)
          ? state.key
          : state.mapper.identityKeyOf(state.obj);
      if (key === undefined) {
        throw new FlushError(
          `${state.mapper.name} object has a NULL identity key after its flush; if the key is generated, check that the table generates it and that the column is declared as such`,
        );
      }
      if (state.key === key) {
        // Already under this key (the usual update): the map is only written when it lost it.
        if (!this.identityMap.has(state)) this.identityMap.add(state);
      } else {
        if (state.key !== undefined) {
          // The primary key changed: the identity map moves it, and the transaction remembers the
          // key it had before, for a rollback.
          this.identityMap.remove(state);
          const switches = (touched ??= tx.touched()).keySwitches;
          const known = switches.get(state);
          const values = known !== undefined ? known[2] : previousKeys?.get(state);
          switches.set(state, [known?.[0] ?? state.key, key, values]);
        }
        state.key = key;
        this.identityMap.add(state);
      }
      if (this.pendingSet?.delete(state)) {
        state.status = 'persistent';
        (touched ??= tx.touched()).inserted.add(state);
      } else if (recordUpdated) {
        (touched ??= tx.touched()).updated.add(state);
      }
      state.owner = this.owner;
      state.resetCommitted();
      this.dirtySet?.delete(state);
      // Saved although marked for deletion: a member moved to a new parent (the move wins).
      this.deletedSet?.delete(state);
    }
  }

  /**
   * Persistent objects that listeners changed while the flush was writing, outside what it wrote:
   * their changes are dropped (their values become committed) and they are clean again, as
   * SQLAlchemy does (with a warning). Returns how many there were.
   */
  settleChangedDuringFlush(saved: ReadonlySet<InstanceState>): number {
    if (this.dirtySet === undefined || this.dirtySet.size === 0) return 0;
    let n = 0;
    for (const state of [...this.dirtySet]) {
      if (saved.has(state)) continue;
      state.resetCommitted();
      this.dirtySet.delete(state);
      n++;
    }
    return n;
  }

  /** Records persistent objects changed outside a flush (ORM bulk UPDATE): expired if `tx` rolls back. */
  registerAltered(states: Iterable<InstanceState>, tx: SessionTransaction): void {
    if (tx.parent === undefined) return; // see `registerPersistent`
    for (const state of states) tx.touched().updated.add(state);
  }

  /** After a flush deleted their rows: the objects leave the identity map, deleted until commit. */
  removeNewlyDeleted(states: Iterable<InstanceState>, tx: SessionTransaction): void {
    for (const state of states) {
      tx.touched().deleted.add(state);
      this.identityMap.remove(state);
      this.deletedSet?.delete(state);
      this.dirtySet?.delete(state);
      state.status = 'deleted';
      state.wasDeleted = true;
    }
  }

  // ---------------------------------------------------------------- transaction ends

  /**
   * A transaction (or savepoint) rolled back: objects added in it or inserted by its flushes
   * become transient, identity keys it changed are restored, objects deleted in it (or marked
   * for deletion) are persistent again, and objects are expired — all of them at the outermost
   * level, only those it changed (or that hold unflushed changes) for a savepoint.
   */
  restoreSnapshot(tx: SessionTransaction, dirtyOnly: boolean): void {
    const touched = tx.touchedSoFar;
    const toExpunge = new Set(touched?.inserted);
    if (this.pendingSet !== undefined) for (const s of this.pendingSet) toExpunge.add(s);
    this.expungeStates(toExpunge, true);
    if (touched !== undefined) {
      for (const [state, [before, , values]] of touched.keySwitches) {
        this.identityMap.remove(state);
        state.key = before;
        // The key attributes go back with the identity key: they are never expired.
        if (values !== undefined)
          state.mapper.primaryKeyProps.forEach((p, i) => (state.dict[p.key] = values[i]));
        if (!toExpunge.has(state)) this.identityMap.replace(state);
      }
    }
    const undelete = new Set(touched?.deleted);
    if (this.deletedSet !== undefined) for (const s of this.deletedSet) undelete.add(s);
    for (const state of undelete) this.revertDeletion(state);
    this.deletedSet?.clear();
    for (const state of [...this.identityMap.states()]) {
      if (!dirtyOnly || state.modified || touched?.updated.has(state) || this.dirtySet?.has(state))
        this.expire(state);
    }
    tx.forgetTouched();
  }

  /**
   * A transaction committed. The outermost one: objects its flushes deleted leave the session
   * (detached), and with `expireOnCommit` every object is expired. A savepoint: what it touched
   * joins the enclosing transaction's snapshot.
   */
  removeSnapshot(tx: SessionTransaction, expireOnCommit: boolean): void {
    const parent = tx.parent;
    const touched = tx.touchedSoFar;
    if (parent === undefined) {
      if (expireOnCommit) this.expireAll();
      if (touched !== undefined) for (const state of touched.deleted) this.detach(state);
    } else if (touched !== undefined) {
      const into = parent.touched();
      for (const s of touched.inserted) into.inserted.add(s);
      // The outermost transaction keeps no updated objects (see `registerPersistent`).
      if (parent.parent !== undefined) for (const s of touched.updated) into.updated.add(s);
      for (const s of touched.deleted) into.deleted.add(s);
      for (const [s, [before, now, values]] of touched.keySwitches) {
        const earlier = into.keySwitches.get(s);
        into.keySwitches.set(
          s,
          earlier === undefined ? [before, now, values] : [earlier[0], now, earlier[2]],
        );
      }
    }
    tx.forgetTouched();
  }

  // ---------------------------------------------------------------- expiry

  /** Whether the state has column values that differ from their originals, or changed collections. */
  hasChanges(state: InstanceState, includeRelationships = true): boolean {
    // A new object records no originals (see the column setter): any value it holds is a change.
    if (state.key === undefined && (state.status === 'transient' || state.status === 'pending')) {
      return state.mapper.columnProps.some((prop) => prop.key in state.dict);
    }
    if (!state.modified) return false;
    for (const prop of state.mapper.columnProps) {
      if (state.hasCommitted(prop.key) && !sameValue(state.committed[prop.key], state.dict[prop.key]))
        return true;
    }
    return includeRelationships && state.mapper.relationships.some((p) => state.hasCommitted(p.key));
  }

  /** What the flush plan reads from the session. */
  flushHost(loadRelationship: FlushHost['loadRelationship'], warn: FlushHost['warn']): FlushHost {
    return {
      pendingStates: () => this.pending,
      dirtyStates: () => this.dirty,
      deletedStates: () => this.deleted,
      contains: (state) => this.contains(state),
      expunge: (state) => this.expunge(state),
      warn,
      loadRelationship,
    };
  }

  /** Expires every attribute but the primary key; loaded relationships are remembered for refresh. */
  expire(state: InstanceState, keys?: readonly string[]): void {
    const mapper = state.mapper;
    if (keys === undefined) {
      const loaded = mapper.relationships.filter((p) => state.isLoaded(p.key)).map((p) => p.key);
      if (loaded.length) this.reloadOnRefresh.set(state, loaded);
      keys = [
        ...mapper.selectProps.filter((p) => !p.isPrimaryKey).map((p) => p.key),
        ...mapper.relationships.map((p) => p.key),
      ];
    }
    state.expire(keys);
    if (!state.modified) this.dirtySet?.delete(state);
  }

  expireAll(): void {
    for (const s of this.identityMap.states()) this.expire(s);
  }

  /** The relationships to reload when `state` is refreshed (and forgets them). */
  takeReloads(state: InstanceState): string[] {
    const keys = this.reloads?.get(state) ?? [];
    this.reloads?.delete(state);
    return keys;
  }

  // ---------------------------------------------------------------- leaving the session

  /** Takes an object out of the session: pending → transient, others → detached. */
  expunge(state: InstanceState): void {
    this.expungeStates([state], false);
  }

  /**
   * Takes objects out of the session: pending ones (and all, with `toTransient`) become transient
   * and lose their identity key; the others become detached.
   */
  expungeStates(states: Iterable<InstanceState>, toTransient: boolean): void {
    for (const state of states) {
      this.pendingSet?.delete(state);
      this.dirtySet?.delete(state);
      this.deletedSet?.delete(state);
      this.identityMap.remove(state);
      this.release(state, toTransient);
    }
  }

  /** Takes every object out (close): the same per object as `expunge`, with the sets emptied at once. */
  expungeAll(): void {
    if (this.identityMap.size > 0) {
      for (const s of this.identityMap.states()) this.release(s, false);
      this.identityMap.clear();
    }
    if (this.pendingSet !== undefined) {
      for (const s of this.pendingSet) this.release(s, false);
      this.pendingSet.clear();
    }
    this.dirtySet?.clear();
    this.deletedSet?.clear();
  }

  /**
   * `makeTransient()`: the object leaves its session (`uow`, if any) and forgets its identity, as
   * if it had just been constructed; loaded values stay, expired ones are simply unloaded.
   * Allowed on deleted objects too.
   */
  static makeTransient(state: InstanceState, uow: UnitOfWork | undefined): void {
    uow?.expungeStates([state], true);
    state.status = 'transient';
    state.key = undefined;
    state.owner = undefined;
    state.wasDeleted = false;
    state.clearExpired();
  }

  /**
   * `makeTransientToDetached()`: a transient object with its full primary key becomes detached,
   * as if loaded by a session that was then closed; its values count as committed and the column
   * attributes it does not hold are expired.
   */
  static makeTransientToDetached(state: InstanceState): void {
    if (state.status !== 'transient' || state.owner !== undefined || state.key !== undefined) {
      throw new InvalidRequestError(`${state.mapper.name} object must be transient`);
    }
    const key = state.mapper.identityKeyOf(state.obj);
    if (key === undefined) {
      throw new InvalidRequestError(
        `${state.mapper.name} object has no full primary key; it cannot become detached`,
      );
    }
    state.key = key;
    state.status = 'detached';
    state.wasDeleted = false;
    state.resetCommitted();
    const unloaded = state.mapper.selectProps.filter((p) => !state.isLoaded(p.key)).map((p) => p.key);
    if (unloaded.length) state.expire(unloaded);
  }

  /** The object leaves the session: pending → transient, others → detached (or transient). */
  private release(state: InstanceState, toTransient: boolean): void {
    if (state.status === 'pending' || toTransient) {
      state.status = 'transient';
      state.key = undefined;
    } else if (state.status !== 'transient') state.status = 'detached';
    state.owner = undefined;
  }

  /** A deleted object leaves the session for good (its delete committed). */
  private detach(state: InstanceState): void {
    if (state.owner !== this.owner) return;
    this.identityMap.remove(state);
    state.status = 'detached';
    state.owner = undefined;
  }

  /** A delete that was rolled back (or never flushed): persistent again, back in the identity map. */
  private revertDeletion(state: InstanceState): void {
    if (state.owner !== this.owner) return;
    state.status = 'persistent';
    state.wasDeleted = false;
    // Another object loaded under its key meanwhile (a row inserted behind the session's back)
    // leaves the session: the key is this object's again.
    const displaced = this.identityMap.replace(state);
    if (displaced !== undefined) {
      this.dirtySet?.delete(displaced);
      this.release(displaced, false);
    }
  }
}

/** Whether neither the application nor the flush set a primary key attribute of `state`. */
function keyUntouched(
  state: InstanceState,
  previousKeys: ReadonlyMap<InstanceState, readonly unknown[]>,
): boolean {
  if (previousKeys.has(state)) return false;
  for (const p of state.mapper.primaryKeyProps) if (state.hasCommitted(p.key)) return false;
  return true;
}
