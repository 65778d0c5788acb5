import { Connection, type Engine, type Result } from '../drivers';
import { ArgumentError, InvalidRequestError, NoResultError, type AthanorWarning } from '../errors';
import {
  inspect,
  instanceState,
  type InstanceState,
  type RelationshipOperation,
  type RelationshipProperty,
  type StateOwner,
} from '../mapper';
import {
  NO_EXECUTION_OPTIONS,
  Select,
  select,
  Sequence,
  type ExecutionOptions,
  type Executable,
  type ItemValue,
  type RowTuple,
} from '../sql';
import { related } from './flush/flush-plan';
import { IdentityMap } from './identity-map';
import { OrmResult } from './orm-result';
import type { RelationshipKeys } from './loading/related';
import { OrmStream, type StreamQueryOptions } from './loading/stream';
import { checkJoinTransactionMode, SessionConnection } from './session-connection';
import {
  SessionEmitter,
  type SessionEventName,
  type SessionEventsOf,
  type SessionListenerOf,
} from './session-events';
import { deleteCascade, refreshExpireCascade } from './cascades';
import { SessionFlushing } from './session-flushing';
import { lockingRead } from './locking-read';
import { mergeObject, mergeRun, refreshObject } from './session-objects';
import type { SessionTransaction } from './session-transaction';
import { SessionTransactions } from './session-transactions';
import { registerSession } from './session-registry';
import { warnFrom, type WarningTarget } from './session-warnings';
import { UnitOfWork } from './unit-of-work';
import { SessionQueries } from './session-queries';
import type { OrmExecuteState, SessionResult } from './orm-execute-state';
import {
  NO_OPTIONS,
  type EntityClass,
  type GetOptions,
  type MergeOptions,
  type PrimaryKeyInput,
  type QueryOptions,
  type RefreshOptions,
  type SessionConnectionOptions,
  type SessionOptions,
} from './session-options';

export type {
  EntityClass,
  GetOptions,
  MergeOptions,
  PrimaryKeyInput,
  QueryOptions,
  RefreshOptions,
  SessionConnectionOptions,
  SessionOptions,
} from './session-options';
import type { BulkHost } from './bulk/execute-bulk';

/** A connection-bound session reports no ORM spans: its connection's engine is not known here. */
const NO_SPANS: Pick<Engine, 'instrumentation'> = Object.freeze({ instrumentation: undefined });

/** Session events and what their listeners receive. */
export type SessionEvents = SessionEventsOf<Session>;
/** A listener of session event `E`. */
export type SessionListener<E extends SessionEventName> = SessionListenerOf<Session, E>;

/**
 * The ORM session: a unit of work and an identity map over one connection at a time.
 *
 * @example
 * const session = new Session(engine);
 * session.add(Object.assign(new User(), { email: 'sandy@example.com' }));
 * await session.commit();
 * const users = await session.scalars(select(User));
 * await session.close();
 */
export class Session implements StateOwner, WarningTarget {
  readonly identityMap = new IdentityMap();
  /** @internal The one owner of object states. */
  readonly uow = new UnitOfWork(this, this.identityMap);
  /** Made by the first `on()`: most sessions have no listeners. */
  private events: SessionEmitter<Session> | undefined;
  private readonly conn: SessionConnection;
  private readonly transactions: SessionTransactions;
  /** `flush()`, autoflush, and whether a flush is running. */
  private readonly flushes: SessionFlushing;
  /** `close()` was called with `closeResetsOnly: false`: the session refuses further use. */
  private closed = false;
  private readonly closeResetsOnly: boolean;
  /** Where ORM spans are reported: the engine's instrumentation (none for a connection-bound session). */
  private readonly spans: Pick<Engine, 'instrumentation'>;
  /** Where `execute()`, `get()` and relationship loads run. */
  private readonly queries: SessionQueries;
  readonly expireOnCommit: boolean;
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

  constructor(bind: Engine | Connection, options: SessionOptions = {}) {
    this.bind = bind;
    this.info = { ...options.info };
    this.spans = bind instanceof Connection ? NO_SPANS : bind;
    registerSession(this);
    this.conn = new SessionConnection(
      bind,
      checkJoinTransactionMode(options.joinTransactionMode),
      options.twoPhase === true,
    );
    const router = options.router;
    if (router !== undefined) {
      router.check?.(bind);
      if (router.committed !== undefined) this.conn.afterCommit = (conn) => router.committed!(conn);
    }
    this.expireOnCommit = options.expireOnCommit ?? false;
    this.executionOptions =
      options.executionOptions === undefined
        ? NO_EXECUTION_OPTIONS
        : Object.freeze({ ...options.executionOptions });
    this.autoflush = options.autoflush ?? true;
    this.closeResetsOnly = options.closeResetsOnly ?? true;
    this.transactions = new SessionTransactions({
      conn: this.conn,
      uow: this.uow,
      expireOnCommit: this.expireOnCommit,
      autobegin: options.autobegin ?? true,
      twoPhase: options.twoPhase === true,
      flush: () => this.flush(),
      emit: async (event) => {
        if (this.events?.has(event)) await this.events.emit(event, this);
      },
      warn: (message) => void warnFrom(this, message),
    });
    this.flushes = new SessionFlushing({
      conn: this.conn,
      transactions: this.transactions,
      identityMap: this.identityMap,
      uow: this.uow,
      spans: this.spans,
      autoflush: this.autoflush,
      executionOptions: this.executionOptions,
      emit: async (event) => {
        if (this.events?.has(event)) await this.events.emit(event, this);
      },
      loadMany: (states, prop) => this.loadMany(states, prop),
      warn: (message) => void warnFrom(this, message),
    });
    this.queries = new SessionQueries({
      conn: this.conn,
      transactions: this.transactions,
      identityMap: this.identityMap,
      uow: this.uow,
      spans: this.spans,
      router,
      isFlushing: () => this.flushes.flushing,
      assertOpen: () => this.assertOpen(),
      executionOptions: this.executionOptions,
      intercept: (statement, run, invoke) => {
        const events = this.events;
        if (events === undefined || !events.has('doOrmExecute')) return undefined;
        const state: OrmExecuteState<Session> = {
          session: this,
          statement,
          executionOptions: run.executionOptions,
          bindArguments: run.bindArguments,
          isSelect: statement instanceof Select,
          invokeStatement: invoke,
        };
        return events.firstResult('doOrmExecute', state) as Promise<SessionResult | undefined>;
      },
      owns: (state) => state.owner === this,
      autoflush: () => this.autoflushIfNeeded(),
      add: (obj) => this.addState(instanceState(obj)),
      warn: (message) => void warnFrom(this, message),
    });
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
    if (!prop.cascade.has('save-update') || this.closed || this.uow.contains(child)) return;
    if (!this.uow.contains(parent) && parent.status !== 'deleted') return;
    this.transactions.autobegin();
    this.uow.attach(child);
    this.uow.cascadeSaves(child);
  }

  /** @internal A pending object that lost its delete-orphan parent leaves the session at once. */
  orphaned(_parent: InstanceState, _prop: RelationshipProperty, child: InstanceState, scalar: boolean): void {
    if (child.status === 'pending' && child.owner === this) this.expunge(child.obj);
    else if (!scalar) child.orphanedOutsideOfSession = true;
  }

  /** @internal A relationship changed: SQLAlchemy warns when that happens while the flush writes. */
  relationshipChanged(_state: InstanceState, operation: RelationshipOperation): void {
    this.flushes.warnIfExecuting(operation);
  }

  /** @internal Fires the `warning` event (see `warnFrom`). */
  dispatchWarning(warning: AthanorWarning): void {
    this.events?.emitNow('warning', warning);
  }

  // ---- adding, deleting, views ----

  /** Adds an object (and what it reaches through save-update cascades) to the session. */
  add(obj: object): void {
    this.assertOpen();
    const state = instanceState(obj);
    this.flushes.warnIfExecuting('Session.add()');
    this.addState(state);
  }

  /** `add()` without its checks: merge has already warned for itself. */
  private addState(state: InstanceState): void {
    state.orphanedOutsideOfSession = false;
    this.transactions.autobegin();
    this.uow.attach(state);
    this.uow.cascadeSaves(state);
  }

  addAll(objs: Iterable<object>): void {
    for (const obj of objs) this.add(obj);
  }

  /** `delete()` of each object. */
  deleteAll(objs: Iterable<object>): void {
    for (const obj of objs) this.delete(obj);
  }

  /**
   * Marks an object for deletion at the next flush (a pending one is simply taken out; a detached
   * one is attached first), with what its loaded delete-cascade relationships hold. Relationships
   * that are not loaded are loaded and cascaded by the flush.
   */
  delete(obj: object): void {
    this.assertOpen();
    const state = instanceState(obj);
    this.flushes.warnIfExecuting('Session.delete()');
    if (state.owner !== undefined && state.owner !== this && state.status !== 'detached') {
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
      if (s.status === 'persistent' && s.owner === this) this.uow.markDeleted(s);
    }
  }

  /** Objects added and not yet flushed. */
  get new(): object[] {
    return [...this.uow.pending].map((s) => s.obj);
  }

  /** Persistent objects with changes not yet flushed. */
  get dirty(): object[] {
    return [...this.uow.dirty].filter((s) => this.uow.hasChanges(s)).map((s) => s.obj);
  }

  /** Objects marked for deletion and not yet flushed. */
  get deleted(): object[] {
    return [...this.uow.deleted].map((s) => s.obj);
  }

  /**
   * Whether `obj` has attribute or collection changes not yet flushed (`includeCollections: false`:
   * column attributes only). Emits no SQL.
   */
  isModified(obj: object, options: { includeCollections?: boolean } = {}): boolean {
    return this.uow.hasChanges(instanceState(obj), options.includeCollections ?? true);
  }

  /** Whether `obj` belongs to this session (pending or persistent in it). */
  contains(obj: object): boolean {
    const state = instanceState(obj);
    return state.owner === this && (state.status === 'pending' || state.status === 'persistent');
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

  /** Flushes before a query when `autoflush` is on and there is something to flush. */
  private autoflushIfNeeded(): Promise<void> {
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
  begin<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  begin<T>(fn?: (session: Session) => Promise<T>): SessionTransaction | Promise<T> {
    this.assertOpen();
    const tx = this.transactions.begin();
    if (fn === undefined) return tx;
    return this.transactions.run(tx, () => fn(this));
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
  beginNested<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  async beginNested<T>(fn?: (session: Session) => Promise<T>): Promise<SessionTransaction | T> {
    this.assertOpen();
    const tx = await this.transactions.beginNested();
    if (fn === undefined) return tx;
    return this.transactions.run(tx, () => fn(this));
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
    this.transactions.autobegin();
    this.transactions.assertActive();
    const level = options.isolationLevel;
    if (level === undefined) return this.conn.transactional();
    if (this.conn.inTransaction) {
      warnFrom(this, `the session's transaction has already begun; isolationLevel ${level} ignored`);
      return this.conn.transactional();
    }
    return this.conn.transactional({ isolationLevel: level });
  }

  /**
   * Rolls back what is open, returns the connection and takes every object out: objects inserted
   * by the rolled-back transaction become transient, every other object detached. The session can
   * be used again afterwards (a new transaction begins on first use), unless it was made with
   * `closeResetsOnly: false`.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.reset();
    if (!this.closeResetsOnly) this.closed = true;
  }

  /**
   * Like `close()`, but the session's connection is invalidated instead of rolled back and pooled:
   * it is closed for good (the server rolls back what was not committed). For when the
   * connection's state cannot be trusted, e.g. a request abandoned mid-statement. The session can
   * be used again afterwards, on a new connection.
   */
  async invalidate(): Promise<void> {
    this.conn.invalidate();
    await this.reset();
  }

  /** Like `close()`, and the session can always be used again afterwards. */
  async reset(): Promise<void> {
    // A session that only read has nothing to roll back: its connection goes back at once.
    if (!this.conn.releaseIdle()) await this.conn.close();
    const inserted: InstanceState[] = [];
    for (let tx = this.transactions.current; tx !== undefined; tx = tx.parent)
      for (const s of tx.inserted) inserted.push(s);
    this.transactions.closeAll();
    this.uow.expungeAll();
    this.uow.expungeStates(inserted, true);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- queries ----

  /** Runs an ORM select and returns tuples of entities and values; other statements run as Core. */
  async execute<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options?: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>>;
  async execute<Row>(statement: Executable<Row>, options?: QueryOptions): Promise<Result<Row>>;
  async execute(
    statement: Executable,
    options: QueryOptions = NO_OPTIONS,
  ): Promise<OrmResult<readonly unknown[]> | Result<unknown>> {
    this.assertOpen();
    return this.queries.execute(statement, options);
  }

  /** The first item of every row: `await session.scalars(select(User))` is `User[]`. */
  async scalars<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options?: QueryOptions,
  ): Promise<ItemValue<Items[0]>[]> {
    const result = await this.execute(statement, options);
    return result.scalars() as ItemValue<Items[0]>[];
  }

  /**
   * The first item of the only row, or null; given a sequence, its next value (run as
   * `select(seq.nextValue())`, which is what `doOrmExecute` listeners see).
   */
  async scalar(statement: Sequence, options?: QueryOptions): Promise<number>;
  async scalar<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options?: QueryOptions,
  ): Promise<ItemValue<Items[0]> | null>;
  async scalar(statement: Select<readonly unknown[]> | Sequence, options?: QueryOptions): Promise<unknown> {
    const query = statement instanceof Sequence ? select(statement.nextValue()) : statement;
    const result = await this.execute(query, options);
    return result.scalar();
  }

  /**
   * Streams the rows of an ORM select through a cursor in bounded memory (loading strategies that
   * need no second query only). See `OrmStream`.
   *
   * @example for await (const user of session.stream(select(User)).scalars()) handle(user);
   */
  stream<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options: StreamQueryOptions = {},
  ): OrmStream<RowTuple<Items>> {
    this.assertOpen();
    const connect = async (): Promise<Connection> => {
      await this.autoflushIfNeeded();
      this.queries.beginUse();
      return this.queries.readConnection();
    };
    return new OrmStream(this.queries.ormContext, connect, statement, options, (obj) => this.expunge(obj));
  }

  /**
   * The object with this primary key: from the identity map without a query when it is there
   * (and not expired), else loaded. `null` when no row has the key.
   */
  async get<E extends object>(
    cls: EntityClass<E>,
    pk: NoInfer<PrimaryKeyInput<E>>,
    options: GetOptions = NO_OPTIONS,
  ): Promise<E | null> {
    this.assertOpen();
    return this.queries.get(cls, pk, options);
  }

  /** Like `get()`, but throws `NoResultError` naming the entity and key when there is no row. */
  async getOrThrow<E extends object>(cls: EntityClass<E>, pk: NoInfer<PrimaryKeyInput<E>>): Promise<E> {
    const obj = await this.get(cls, pk);
    if (obj === null) {
      throw new NoResultError(
        `no ${inspect(cls as never).name} with primary key ${JSON.stringify(pk, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    }
    return obj;
  }

  // ---- loading relationships, refresh, expire ----

  /**
   * Loads a relationship of an object (or refreshes it). Calls made for many objects in the same
   * tick are batched into one `IN` query per relationship.
   *
   * @example await Promise.all(users.map((u) => session.load(u, 'posts')))  // one SELECT
   */
  async load<E extends object, K extends RelationshipKeys<E>>(obj: E, key: K): Promise<E[K]> {
    this.assertOpen();
    const state = instanceState(obj as object);
    const prop = state.mapper.relationshipsByKey.get(key);
    if (prop === undefined) throw new ArgumentError(`${state.mapper.name} has no relationship '${key}'`);
    await this.queries.batchedLoad(state, prop);
    return state.dict[key] as E[K];
  }

  /** @internal Loads `prop` for every state with one query per chunk. */
  loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void> {
    return this.queries.loadMany(states, prop);
  }

  /**
   * Reloads an object's attributes from the database (overwriting unflushed changes), and the
   * relationships that were loaded (or those named in `keys`). It first expires the object as
   * `expire()` does (`refresh-expire` cascade included when no keys are given), then autoflushes
   * what else is pending, as SQLAlchemy's refresh does.
   */
  async refresh(obj: object, keys?: readonly string[], options: RefreshOptions = {}): Promise<void> {
    this.assertOpen();
    const state = instanceState(obj);
    const lock = lockingRead(options.withForUpdate, `refresh(${state.mapper.name})`);
    if (state.status === 'persistent' && state.owner === this) {
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
    // As SQLAlchemy's refresh: other pending changes are flushed before the row is read.
    await this.autoflushIfNeeded();
    this.queries.beginUse();
    await refreshObject(this.queries.objectsHost, obj, keys, false, lock);
  }

  /**
   * Expires attributes so they must be refreshed before being read (primary keys stay readable:
   * they are the object's identity). Without keys: every attribute, and the objects reached
   * through loaded `refresh-expire` relationships (a pending one reached through a delete-orphan
   * relationship leaves the session). Only a persistent object of this session can be expired.
   */
  expire(obj: object, keys?: readonly string[]): void {
    const state = instanceState(obj);
    if (state.owner !== this || state.status !== 'persistent') {
      throw new InvalidRequestError(
        `${state.mapper.name} object is not persistent within this session (it is ${state.owner === this || state.owner === undefined ? state.status : 'in another session'}); only persistent objects can be expired`,
      );
    }
    if (keys === undefined) this.expireCascading(state);
    else this.uow.expire(state, keys);
  }

  /** Expires `state` and what its `refresh-expire` cascade reaches (pending ones are expunged). */
  private expireCascading(state: InstanceState): void {
    const cascaded = refreshExpireCascade(state);
    this.uow.expire(state);
    for (const s of cascaded) {
      if (s.owner !== this) continue;
      if (s.status === 'persistent') this.uow.expire(s);
      else if (s.status === 'pending') this.uow.expunge(s);
    }
  }

  expireAll(): void {
    this.uow.expireAll();
  }

  /**
   * Copies the state of `obj` (typically detached or from outside) onto the persistent object
   * with the same primary key, loading it if needed, or onto a new pending copy when there is
   * none; follows `merge` cascades. Returns the session's object; `obj` stays as it was.
   *
   * @example const attached = await session.merge(detachedUser);
   */
  async merge<E extends object>(obj: E, options: MergeOptions = {}): Promise<E> {
    this.assertOpen();
    this.flushes.warnIfExecuting('Session.merge()');
    return (await this.mergeAll([obj], options))[0]!;
  }

  /** `merge()` of each object, in order; objects with the same primary key resolve to one. */
  async mergeAll<E extends object>(objs: Iterable<E>, options: MergeOptions = {}): Promise<E[]> {
    this.assertOpen();
    const run = mergeRun(options.load ?? true);
    // As SQLAlchemy: one autoflush first, none while merging (half-merged objects never flush).
    if (run.load) await this.autoflushIfNeeded();
    return this.noAutoflush(async () => {
      const out: E[] = [];
      for (const obj of objs)
        out.push(await mergeObject(this.queries.objectsHost, obj, run, options.options));
      return out;
    });
  }

  /** @internal What ORM bulk statements (`executeBulk`) need; made on first use. */
  get bulkHost(): BulkHost {
    return this.queries.bulkHost;
  }

  // ---- expunge ----

  /** Removes an object from the session without touching the database; it becomes detached. */
  expunge(obj: object): void {
    const state = instanceState(obj);
    if (state.owner !== this)
      throw new InvalidRequestError(`${state.mapper.name} object is not in this session`);
    this.uow.expunge(state);
    for (const prop of state.mapper.relationships) {
      if (!prop.cascade.has('expunge') || !state.isLoaded(prop.key)) continue;
      for (const child of related(state.dict[prop.key]))
        if (instanceState(child).owner === this) this.expunge(child);
    }
  }

  /** Removes every object from the session. */
  expungeAll(): void {
    this.uow.expungeAll();
  }

  // ---- events ----

  /**
   * Listens to `beforeFlush`, `afterFlush`, `afterCommit`, `afterRollback` or `warning`. Returns
   * an unsubscribe function.
   */
  on<E extends SessionEventName>(event: E, listener: SessionListener<E>): () => void {
    return (this.events ??= new SessionEmitter<Session>()).on(event, listener);
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new InvalidRequestError(
        'this session has been permanently closed (closeResetsOnly: false) and cannot be used again',
      );
    }
  }
}
