import { InvalidRequestError } from '../errors';
import type { InstanceState, StateOwner } from '../mapper';
import { sameValue } from './column-keys';
import { saveUpdateChildren, type FlushHost, type FlushPlan } from './flush/flush-plan';
import type { IdentityMap } from './identity-map';

/** Where the transaction stood when a savepoint began, to undo the bookkeeping on its rollback. */
export interface UnitOfWorkMark {
  readonly inserted: ReadonlySet<InstanceState>;
  readonly deleted: ReadonlySet<InstanceState>;
}

/**
 * The session's bookkeeping of object states: pending, dirty and deleted sets (the flush starts
 * from them, so its cost follows the changes, never the identity map), and what the open
 * transaction inserted and deleted, so commit and rollback can settle each object's status.
 * @internal
 */
export class UnitOfWork {
  // Each collection is made on first use: most sessions only read, and a session is made per
  // request (or per lookup), so five Sets and a WeakMap each time would be allocation for nothing.
  private pendingSet: Set<InstanceState> | undefined;
  private dirtySet: Set<InstanceState> | undefined;
  private deletedSet: Set<InstanceState> | undefined;
  private deletedInTxSet: Set<InstanceState> | undefined;
  private insertedInTxSet: Set<InstanceState> | undefined;
  private reloads: WeakMap<InstanceState, string[]> | undefined;

  get pending(): Set<InstanceState> {
    return (this.pendingSet ??= new Set());
  }

  /** Persistent objects reported changed by their attributes since the last flush. */
  get dirty(): Set<InstanceState> {
    return (this.dirtySet ??= new Set());
  }

  get deleted(): Set<InstanceState> {
    return (this.deletedSet ??= new Set());
  }

  /** Objects deleted by flushes of the open transaction: detached at commit, restored at rollback. */
  get deletedInTx(): Set<InstanceState> {
    return (this.deletedInTxSet ??= new Set());
  }

  /** Objects inserted by flushes of the open transaction: made transient again at rollback. */
  get insertedInTx(): Set<InstanceState> {
    return (this.insertedInTxSet ??= new Set());
  }

  /** Relationships loaded when an object was expired, reloaded by `refresh()`. */
  private get reloadOnRefresh(): WeakMap<InstanceState, string[]> {
    return (this.reloads ??= new WeakMap());
  }

  constructor(
    private readonly owner: StateOwner,
    private readonly identityMap: IdentityMap,
  ) {}

  get isClean(): boolean {
    return (
      (this.pendingSet === undefined || this.pendingSet.size === 0) &&
      (this.dirtySet === undefined || this.dirtySet.size === 0) &&
      (this.deletedSet === undefined || this.deletedSet.size === 0)
    );
  }

  /** Makes a transient object pending, a detached one persistent again, a deleted one undeleted. */
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
            `another ${state.mapper.name} object with the same primary key is already in this session; use session.merge()`,
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
        // Persistent (or marked deleted): adding it again cancels a pending delete.
        this.deleted.delete(state);
    }
  }

  /**
   * Attaches what `root` reaches through save-update cascades (current members, and members
   * removed since load or flush). The walk stops at objects already in the session: what they
   * reach was attached when it was attached to them.
   */
  cascadeSaves(root: InstanceState): void {
    if (saveUpdateChildren(root).length === 0) return; // nothing to walk: no queue, no seen set
    const queue = [root];
    const seen = new Set(queue);
    while (queue.length) {
      for (const child of saveUpdateChildren(queue.pop()!)) {
        if (seen.has(child) || this.contains(child)) continue;
        seen.add(child);
        this.attach(child);
        queue.push(child);
      }
    }
  }

  /** Whether the object is in this session: pending, or persistent (marked for deletion or not). */
  contains(state: InstanceState): boolean {
    return state.owner === this.owner && (state.status === 'pending' || state.status === 'persistent');
  }

  /** Whether the state has column values that differ from their originals, or changed collections. */
  hasChanges(state: InstanceState): boolean {
    // A new object records no originals (see the column setter): any value it holds is a change.
    if (state.key === undefined && (state.status === 'transient' || state.status === 'pending')) {
      return state.mapper.columnProps.some((prop) => prop.key in state.dict);
    }
    if (!state.modified) return false;
    for (const prop of state.mapper.columnProps) {
      if (state.hasCommitted(prop.key) && !sameValue(state.committed[prop.key], state.dict[prop.key]))
        return true;
    }
    return state.mapper.relationships.some((p) => state.hasCommitted(p.key));
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

  /** After a successful flush: what it wrote is now the committed state. */
  flushed(plan: FlushPlan, synced: Iterable<InstanceState>): void {
    for (const s of plan.saves) this.settle(s);
    for (const s of synced) this.settle(s);
    for (const s of plan.deleted) {
      this.deleted.delete(s);
      this.dirty.delete(s);
      this.deletedInTx.add(s);
    }
  }

  /** Objects whose rows an ORM bulk DELETE removed: deleted until commit, restored by a rollback. */
  bulkDeleted(states: readonly InstanceState[]): void {
    for (const s of states) {
      this.identityMap.remove(s);
      this.dirtySet?.delete(s);
      this.deletedSet?.delete(s);
      s.status = 'deleted';
      this.deletedInTx.add(s);
    }
  }

  /** What a flush wrote for `state` is its committed state; a pending object was inserted. */
  private settle(state: InstanceState): void {
    state.resetCommitted();
    this.dirty.delete(state);
    // Saved although marked for deletion: a member moved to a new parent (the move wins).
    this.deletedSet?.delete(state);
    if (this.pending.delete(state)) this.insertedInTx.add(state);
  }

  /** After COMMIT: deleted objects leave the session for good. */
  committed(): void {
    for (const s of this.deletedInTx) this.detach(s);
    this.deletedInTx.clear();
    this.insertedInTx.clear();
  }

  /**
   * After ROLLBACK: objects inserted in the transaction and pending ones become transient,
   * deleted ones persistent again; every persistent object is expired.
   */
  rolledBack(): void {
    for (const s of this.insertedInTx) this.makeTransient(s);
    for (const s of this.deletedInTx) this.restoreDeleted(s);
    for (const s of this.pending) this.makeTransient(s);
    this.insertedInTx.clear();
    this.deletedInTx.clear();
    this.pending.clear();
    this.deleted.clear();
    this.dirty.clear();
    this.expireAll();
  }

  mark(): UnitOfWorkMark {
    return { inserted: new Set(this.insertedInTx), deleted: new Set(this.deletedInTx) };
  }

  /** After ROLLBACK TO SAVEPOINT: undoes what happened since `mark`, and expires everything. */
  rolledBackTo(mark: UnitOfWorkMark): void {
    for (const s of [...this.insertedInTx]) {
      if (mark.inserted.has(s)) continue;
      this.insertedInTx.delete(s);
      this.makeTransient(s);
    }
    for (const s of [...this.deletedInTx]) {
      if (mark.deleted.has(s)) continue;
      this.deletedInTx.delete(s);
      this.restoreDeleted(s);
    }
    for (const s of this.pending) this.makeTransient(s);
    this.pending.clear();
    this.deleted.clear();
    this.expireAll();
  }

  /** Expires every attribute but the primary key; loaded relationships are remembered for refresh. */
  expire(state: InstanceState, keys?: readonly string[]): void {
    const mapper = state.mapper;
    if (keys === undefined) {
      const loaded = mapper.relationships.filter((p) => state.isLoaded(p.key)).map((p) => p.key);
      if (loaded.length) this.reloadOnRefresh.set(state, loaded);
      keys = [
        ...mapper.columnProps.filter((p) => !p.isPrimaryKey).map((p) => p.key),
        ...mapper.relationships.map((p) => p.key),
      ];
    }
    state.expire(keys);
    if (!state.modified) this.dirty.delete(state);
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

  /** Takes an object out of the session: pending → transient, others → detached. */
  expunge(state: InstanceState): void {
    this.pendingSet?.delete(state);
    this.dirtySet?.delete(state);
    this.deletedSet?.delete(state);
    this.identityMap.remove(state);
    this.release(state);
  }

  /** Objects the open transaction inserted (a fresh array; empty without allocating a set). */
  insertedInTxStates(): InstanceState[] {
    return this.insertedInTxSet === undefined || this.insertedInTxSet.size === 0
      ? []
      : [...this.insertedInTxSet];
  }

  /** Takes every object out (close): the same per object as `expunge`, with the sets emptied at once. */
  expungeAll(): void {
    if (this.identityMap.size > 0) {
      for (const s of this.identityMap.states()) this.release(s);
      this.identityMap.clear();
    }
    if (this.pendingSet !== undefined) {
      for (const s of this.pendingSet) this.release(s);
      this.pendingSet.clear();
    }
    this.dirtySet?.clear();
    this.deletedSet?.clear();
    this.insertedInTxSet?.clear();
    this.deletedInTxSet?.clear();
  }

  /** The object leaves the session: pending → transient, others → detached. */
  private release(state: InstanceState): void {
    if (state.status === 'pending') state.status = 'transient';
    else if (state.status !== 'transient') state.status = 'detached';
    state.owner = undefined;
  }

  private detach(state: InstanceState): void {
    this.identityMap.remove(state);
    state.status = 'detached';
    state.owner = undefined;
  }

  private makeTransient(state: InstanceState): void {
    this.identityMap.remove(state);
    state.status = 'transient';
    state.key = undefined;
    state.owner = undefined;
  }

  private restoreDeleted(state: InstanceState): void {
    state.status = 'persistent';
    this.identityMap.add(state);
  }
}
