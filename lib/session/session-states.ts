import { InvalidRequestError } from '../errors';
import { instanceState, type InstanceState, type RelationshipProperty, type StateOwner } from '../mapper';
import { deleteCascade, refreshExpireCascade } from './cascades';
import { related } from './flush/flush-plan';
import type { SessionTransactions } from './session-transactions';
import type { UnitOfWork } from './unit-of-work';

/**
 * What the session's `add()`, `delete()`, `expunge()`, `expire()` and `refresh()` do to object
 * states, with the cascades each follows. Every move itself goes through the unit of work; this
 * decides which moves a call makes.
 * @internal
 */
export class SessionStates {
  constructor(
    /** The session: the owner of its object states. */
    private readonly owner: StateOwner,
    private readonly uow: UnitOfWork,
    private readonly transactions: SessionTransactions,
    /** Whether the session was closed for good. */
    private readonly lifecycle: { readonly closed: boolean },
  ) {}

  /** `add()` without its checks: merge has already warned for itself. */
  add(state: InstanceState): void {
    state.orphanedOutsideOfSession = false;
    this.transactions.autobegin();
    this.uow.attach(state);
    this.uow.cascadeSaves(state);
  }

  /** The save-update cascade of an object attached to one of the session's objects. */
  relatedAttached(parent: InstanceState, prop: RelationshipProperty, child: InstanceState): void {
    if (!prop.cascade.has('save-update') || this.lifecycle.closed || this.uow.contains(child)) return;
    if (!this.uow.contains(parent) && parent.status !== 'deleted') return;
    this.transactions.autobegin();
    this.uow.attach(child);
    this.uow.cascadeSaves(child);
  }

  /** A pending object that lost its delete-orphan parent leaves the session at once. */
  orphaned(child: InstanceState, scalar: boolean): void {
    if (child.status === 'pending' && child.owner === this.owner) this.expunge(child);
    else if (!scalar) child.orphanedOutsideOfSession = true;
  }

  /** `delete()`: the object and what its loaded delete-cascade relationships hold. */
  delete(state: InstanceState): void {
    if (state.owner !== undefined && state.owner !== this.owner && state.status !== 'detached') {
      throw new InvalidRequestError(
        `${state.mapper.name} object is already attached to another session; expunge it there first`,
      );
    }
    if (state.status === 'transient') {
      throw new InvalidRequestError(`${state.mapper.name} object is not persisted; nothing to delete`);
    }
    if (state.status === 'pending') {
      this.uow.expunge(state);
      return;
    }
    this.transactions.autobegin();
    // Its row was deleted by a flush of this transaction: deleted again (SQLAlchemy's rule).
    if (state.status === 'deleted') this.uow.redelete(state);
    if (state.status === 'detached') this.uow.attach(state);
    for (const s of deleteCascade(state)) {
      if (s.status === 'detached' && s.owner === undefined) this.uow.attach(s);
      if (s.status === 'persistent' && s.owner === this.owner) this.uow.markDeleted(s);
    }
  }

  /** `expunge()`: the object, and what its loaded expunge-cascade relationships hold. */
  expunge(state: InstanceState): void {
    if (state.owner !== this.owner)
      throw new InvalidRequestError(`${state.mapper.name} object is not in this session`);
    this.uow.expunge(state);
    for (const prop of state.mapper.relationships) {
      if (!prop.cascade.has('expunge') || !state.isLoaded(prop.key)) continue;
      for (const child of related(state.dict[prop.key])) {
        const childState = instanceState(child);
        if (childState.owner === this.owner) this.expunge(childState);
      }
    }
  }

  /** `expire()`: only a persistent object of the session can be expired. */
  expire(state: InstanceState, keys: readonly string[] | undefined): void {
    if (state.owner !== this.owner || state.status !== 'persistent') {
      throw new InvalidRequestError(
        `${state.mapper.name} object is not persistent within this session (it is ${state.owner === this.owner || state.owner === undefined ? state.status : 'in another session'}); only persistent objects can be expired`,
      );
    }
    if (keys === undefined) this.expireCascading(state);
    else this.uow.expire(state, keys);
  }

  /**
   * What `refresh()` does before it reads: a persistent object of the session is expired (every
   * unflushed change discarded) or, given `keys`, those attributes but the primary key.
   */
  expireForRefresh(state: InstanceState, keys: readonly string[] | undefined): void {
    if (state.status !== 'persistent' || state.owner !== this.owner) return;
    if (keys === undefined) {
      // Every unflushed change is discarded, a key change too: the row is found by its key.
      for (const p of state.mapper.primaryKeyProps) {
        if (!state.hasCommitted(p.key)) continue;
        state.dict[p.key] = state.committed[p.key];
        delete state.committed[p.key];
      }
      this.expireCascading(state);
    }
    // The key stays: the row is found by it.
    else
      this.uow.expire(
        state,
        keys.filter((k) => !state.mapper.primaryKeyProps.some((p) => p.key === k)),
      );
  }

  /** Expires `state` and what its `refresh-expire` cascade reaches (pending ones are expunged). */
  private expireCascading(state: InstanceState): void {
    const cascaded = refreshExpireCascade(state);
    this.uow.expire(state);
    for (const s of cascaded) {
      if (s.owner !== this.owner) continue;
      if (s.status === 'persistent') this.uow.expire(s);
      else if (s.status === 'pending') this.uow.expunge(s);
    }
  }

  /**
   * What `reset()` does once the connection is released: the transactions are closed, every
   * object leaves the session, and those inserted by the transactions become transient.
   */
  reset(): void {
    // No array when nothing was inserted: the usual close of a session that only read.
    let inserted: InstanceState[] | undefined;
    for (let tx = this.transactions.current; tx !== undefined; tx = tx.parent) {
      const touched = tx.touchedSoFar?.inserted;
      if (touched !== undefined) for (const s of touched) (inserted ??= []).push(s);
    }
    this.transactions.closeAll();
    this.uow.expungeAll();
    if (inserted !== undefined) this.uow.expungeStates(inserted, true);
  }
}
