import { Connection, type Engine } from '../drivers';
import { InvalidRequestError, type AthanorWarning } from '../errors';
import type { InstanceState, RelationshipOperation, RelationshipProperty, StateOwner } from '../mapper';
import type { ExecutionOptions } from '../sql';
import { checkExecutionOptions } from '../sql/execution-options';
import { IdentityMap } from './identity-map';
import type { SessionFlushing } from './session-flushing';
import type { SessionConnectionOptions, SessionOptions } from './session-options';
import { SessionParts } from './session-parts';
import type { SessionQueries } from './session-queries';
import { registerSession, unregisterSession } from './session-registry';
import type { SessionStates } from './session-states';
import type { SessionTransaction } from './session-transaction';
import type { SessionTransactions } from './session-transactions';
import type { WarningTarget } from './session-warnings';
import { UnitOfWork } from './unit-of-work';

/** What `close()` returns when it finished synchronously. */
const DONE: Promise<void> = Promise.resolve();

/**
 * The lifecycle half of a session: what it is bound to, the collaborators it delegates to, its
 * flushes and transactions, and its closing. `Session` adds the operations on objects and
 * statements. `S` is that class, which transaction callbacks and event listeners receive.
 * @internal
 */
export abstract class SessionBase<S extends SessionBase<S>> implements StateOwner, WarningTarget {
  /** The objects the session holds, one per row identity. */
  readonly identityMap = new IdentityMap();
  /** @internal The one owner of object states. */
  readonly uow = new UnitOfWork(this, this.identityMap);
  /** @internal The collaborators, and the listeners and closed state they share. */
  protected readonly parts: SessionParts<S>;
  private readonly closeResetsOnly: boolean;
  /** Whether a commit expires every object, so the next read reloads it (`SessionOptions.expireOnCommit`). */
  readonly expireOnCommit: boolean;
  /** Whether queries flush pending changes first (`SessionOptions.autoflush`). */
  readonly autoflush: boolean;
  /** The session's execution options: those of every statement it runs (see `ExecutionOptions`). */
  readonly executionOptions: ExecutionOptions;

  /**
   * What the session runs on: an engine (a pooled connection per transaction), or one
   * `Connection` it never closes — for example a test's connection whose transaction is rolled
   * back afterwards (see `joinTransactionMode`).
   */
  readonly bind: Engine | Connection;
  /** Data of the application's own, kept with the session for its lifetime (SQLAlchemy's `Session.info`). */
  readonly info: Record<string, unknown>;

  /**
   * A session on `bind`; it takes a connection only when it first needs one.
   *
   * @param bind - An engine (a pooled connection per transaction) or a `Connection` the session never closes.
   * @param options - Autoflush, expire on commit, execution options, `info`, and how a given connection's
   * transaction is joined.
   */
  constructor(bind: Engine | Connection, options: SessionOptions = {}) {
    this.bind = bind;
    this.info = { ...options.info };
    this.expireOnCommit = options.expireOnCommit ?? false;
    this.executionOptions = checkExecutionOptions(options.executionOptions);
    this.autoflush = options.autoflush ?? true;
    this.closeResetsOnly = options.closeResetsOnly ?? true;
    const parts = new SessionParts(this.self, bind, options);
    this.parts = parts;
    registerSession(parts);
  }

  // The collaborators are the parts' (not copied into fields: a session is made per lookup).

  /** @internal */
  protected get transactions(): SessionTransactions {
    return this.parts.transactions;
  }

  /** @internal `flush()`, autoflush, and whether a flush is running. */
  protected get flushes(): SessionFlushing {
    return this.parts.flushes;
  }

  /** @internal What adding, deleting, expunging and expiring do to object states. */
  protected get states(): SessionStates {
    return this.parts.states;
  }

  /** @internal Where `execute()`, `get()` and relationship loads run. */
  protected get queries(): SessionQueries {
    return this.parts.queries;
  }

  /** The session as its own class: what listeners and callbacks receive. */
  private get self(): S {
    return this as unknown as S;
  }

  /** The engine the session is bound to; throws for a session bound to a `Connection`. */
  get engine(): Engine {
    if (this.bind instanceof Connection) {
      throw new InvalidRequestError('this session is bound to a Connection, not an engine; see session.bind');
    }
    return this.bind;
  }

  // ---- StateOwner, WarningTarget ----

  /** @internal Called by instrumented attributes on the first change of an attribute. */
  attributeChanged(state: InstanceState): void {
    // A change to a session's object begins its transaction, so that a rollback expires it.
    if (this.transactions.current === undefined) this.transactions.autobegin();
    this.uow.attributeChanged(state);
  }

  /** @internal The save-update cascade of an object attached to one of this session's objects. */
  relatedAttached(parent: InstanceState, prop: RelationshipProperty, child: InstanceState): void {
    this.states.relatedAttached(parent, prop, child);
  }

  /** @internal A pending object that lost its delete-orphan parent leaves the session at once. */
  orphaned(_parent: InstanceState, _prop: RelationshipProperty, child: InstanceState, scalar: boolean): void {
    this.states.orphaned(child, scalar);
  }

  /** @internal A relationship changed: SQLAlchemy warns when that happens while the flush writes. */
  relationshipChanged(_state: InstanceState, operation: RelationshipOperation): void {
    this.flushes.warnIfExecuting(operation);
  }

  /** @internal Fires the `warning` event (see `warnFrom`). */
  dispatchWarning(warning: AthanorWarning): void {
    this.parts.events?.emitNow('warning', warning);
  }

  // ---- flush ----

  /**
   * Writes pending changes to the database in the session's transaction: INSERTs, UPDATEs and
   * DELETEs in dependency order, batched. When it fails, the transaction (or the innermost
   * savepoint) is rolled back at once, objects are restored as a rollback restores them, and
   * every further use of the session raises `PendingRollbackError` until `rollback()`.
   */
  async flush(): Promise<void> {
    this.assertOpen();
    await this.flushes.flush();
  }

  /** @internal Flushes before a query when `autoflush` is on and there is something to flush. */
  protected autoflushIfNeeded(): Promise<void> {
    return this.flushes.autoflushIfNeeded(() => this.flush());
  }

  /**
   * Runs `fn` with autoflush off: queries in it do not flush pending changes first (SQLAlchemy's
   * `no_autoflush`).
   *
   * @example const existing = await session.noAutoflush(() => session.scalars(select(Tag)));
   */
  noAutoflush<T>(fn: () => Promise<T>): Promise<T> {
    return this.flushes.noAutoflush(fn);
  }

  // ---- transactions ----

  /**
   * Flushes and commits: SAVEPOINTs in progress are released and the outermost transaction
   * COMMITs; then (with `expireOnCommit`) every object is expired. When COMMIT fails, the
   * transaction is rolled back, objects are restored as `rollback()` restores them, and every
   * further use raises `PendingRollbackError` until `rollback()`; a connection lost during
   * COMMIT raises `CommitOutcomeUnknownError`.
   */
  async commit(): Promise<void> {
    this.assertOpen();
    await this.transactions.commitAll();
  }

  /**
   * Rolls back the outermost transaction (and every SAVEPOINT in it). Objects inserted in it and
   * pending ones become transient, objects deleted in it are restored, and persistent ones are
   * expired. Without a transaction it does nothing.
   */
  async rollback(): Promise<void> {
    await this.transactions.rollbackAll();
  }

  /**
   * Begins the outermost transaction explicitly (it also begins by itself on first use); refused
   * when one is already begun. With `fn`: runs it, then commits, or rolls back when it throws.
   *
   * @example
   * await session.begin(async (s) => { s.add(order); }); // committed
   */
  begin(): SessionTransaction;
  begin<T>(fn: (session: S) => Promise<T>): Promise<T>;
  begin<T>(fn?: (session: S) => Promise<T>): SessionTransaction | Promise<T> {
    this.assertOpen();
    const tx = this.transactions.begin();
    if (fn === undefined) return tx;
    return this.transactions.run(tx, () => fn(this.self));
  }

  /**
   * Begins a SAVEPOINT (after flushing). Without `fn` it returns the nested transaction, to
   * `commit()` (release) or `rollback()`; with `fn` it runs it, then releases the savepoint, or
   * rolls it back when `fn` throws. A rollback of the savepoint makes objects inserted in it
   * transient, restores objects deleted in it, and expires the objects it changed.
   *
   * @example
   * await session.beginNested(async () => { session.add(risky); }).catch(() => undefined);
   */
  beginNested(): Promise<SessionTransaction>;
  beginNested<T>(fn: (session: S) => Promise<T>): Promise<T>;
  async beginNested<T>(fn?: (session: S) => Promise<T>): Promise<SessionTransaction | T> {
    this.assertOpen();
    const tx = await this.transactions.beginNested();
    if (fn === undefined) return tx;
    return this.transactions.run(tx, () => fn(this.self));
  }

  /**
   * With `twoPhase`: flushes, then prepares the transaction (the first phase of two-phase
   * commit); afterwards only `commit()` or `rollback()` may follow. Without it: InvalidRequestError.
   */
  async prepare(): Promise<void> {
    this.assertOpen();
    await this.transactions.prepare(this.transactions.root ?? this.transactions.autobegin());
  }

  /** Whether a transaction is in progress (begun explicitly or by first use). */
  inTransaction(): boolean {
    return this.transactions.current !== undefined;
  }

  /** Whether a SAVEPOINT is in progress. */
  inNestedTransaction(): boolean {
    return this.transactions.nested !== undefined;
  }

  /** The outermost transaction in progress, if any. */
  getTransaction(): SessionTransaction | undefined {
    return this.transactions.root;
  }

  /** The innermost SAVEPOINT in progress, if any. */
  getNestedTransaction(): SessionTransaction | undefined {
    return this.transactions.nested;
  }

  /** False when the transaction was deactivated by a failure and awaits `rollback()`. */
  get isActive(): boolean {
    const tx = this.transactions.current;
    return tx === undefined || tx.isActive;
  }

  /**
   * The connection of the session's transaction (begun now if needed), for Core statements that
   * must run in it. Statements run on it bypass the identity map.
   *
   * `isolationLevel` is the level of the transaction it begins; once the session's transaction has
   * begun it cannot change, and a warning says the level was ignored (as SQLAlchemy's
   * `connection(execution_options=…)`). Reads before the first write run outside a transaction,
   * so a level asked for after them still applies.
   *
   * @example const conn = await session.connection({ isolationLevel: 'SERIALIZABLE' });
   */
  async connection(options: SessionConnectionOptions = {}): Promise<Connection> {
    this.assertOpen();
    return this.transactions.connection(options.isolationLevel);
  }

  /**
   * Rolls back what is open, returns the connection and takes every object out: objects inserted
   * by the rolled-back transaction become transient, every other object detached. The session can
   * be used again afterwards (a new transaction begins on first use), unless it was made with
   * `closeResetsOnly: false`.
   */
  close(): Promise<void> {
    // Not async: a session that only read closes synchronously, and most sessions do (one per
    // request, or per lookup), so they share one settled promise instead of making two.
    try {
      if (this.parts.closed) return DONE;
      const resetting = this.resetNow();
      if (resetting === undefined) {
        this.closedForGood();
        return DONE;
      }
      return resetting.then(() => this.closedForGood());
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  private closedForGood(): void {
    if (!this.closeResetsOnly) this.parts.closed = true;
  }

  /**
   * Like `close()`, but the session's connection is invalidated instead of rolled back and pooled:
   * it is closed for good (the server rolls back what was not committed). For when the
   * connection's state cannot be trusted, e.g. a request abandoned mid-statement. The session can
   * be used again afterwards, on a new connection.
   */
  async invalidate(): Promise<void> {
    this.parts.conn.invalidate();
    await this.reset();
  }

  /** Like `close()`, and the session can always be used again afterwards. */
  async reset(): Promise<void> {
    await this.resetNow();
  }

  /** `reset()`, done synchronously when nothing needs rolling back (undefined then). */
  private resetNow(): Promise<void> | undefined {
    // A session that only read has nothing to roll back: its connection goes back at once.
    const conn = this.parts.conn;
    if (!conn.releaseIdle()) return conn.close().then(() => this.forgetObjects());
    this.forgetObjects();
    return undefined;
  }

  private forgetObjects(): void {
    this.states.reset();
    unregisterSession(this.parts);
    this.parts.registered = false;
  }

  /** `await using session = new Session(engine)`: closes the session when the block exits. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Raises when the session was closed for good. */
  protected assertOpen(): void {
    this.parts.assertOpen();
  }
}
