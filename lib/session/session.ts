import type { Connection, Result } from '../drivers';
import { NoResultError } from '../errors';
import { inspect, instanceState, type InstanceState, type RelationshipProperty } from '../mapper';
import {
  mergeExecutionOptions,
  select,
  Sequence,
  type Executable,
  type ItemValue,
  type RowTuple,
  type Select,
  type FromStatement,
} from '../sql';
import type { BulkHost } from './bulk/execute-bulk';
import { OrmInsert } from './bulk/insert-statement';
import { runBulkStatement, type AnyBulkStatement, type BulkOptions } from './bulk/run-statement';
import { OrmDelete, OrmUpdate } from './bulk/statements';
import type { RelationshipKeys } from './loading/related';
import { OrmStream, type StreamQueryOptions } from './loading/stream';
import { lockingRead } from './locking-read';
import type { OrmResult } from './orm-result';
import { SessionBase } from './session-base';
import {
  SessionEmitter,
  type SessionEventName,
  type SessionEventsOf,
  type SessionListenerOf,
} from './session-events';
import { mergeObject, mergeRun, refreshObject } from './session-objects';
import {
  NO_OPTIONS,
  type EntityClass,
  type GetOptions,
  type MergeOptions,
  type PrimaryKeyInput,
  type QueryOptions,
  type RefreshOptions,
} from './session-options';

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
export class Session extends SessionBase<Session> {
  // Binding, flush, transactions and closing are `SessionBase`'s; here is what a session does
  // with objects and statements.

  // ---- adding, deleting, views ----

  /** Adds an object (and what it reaches through save-update cascades) to the session. */
  add(obj: object): void {
    this.assertOpen();
    const state = instanceState(obj);
    this.flushes.warnIfExecuting('Session.add()');
    this.states.add(state);
  }

  /** Adds several objects, as `add()` does each. */
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
    this.states.delete(state);
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

  // ---- queries ----

  /** Runs an ORM select and returns tuples of entities and values; other statements run as Core. */
  async execute<Items extends readonly unknown[]>(
    statement: Select<Items> | FromStatement<Items>,
    options?: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>>;
  /**
   * Runs an ORM bulk UPDATE, DELETE or INSERT as `executeBulk()` does (autoflush, the session's
   * objects kept in step as the `synchronizeSession` option or execution option says). The result
   * holds the RETURNING rows (none without `returning()`) and the `rowCount`.
   *
   * @example
   * const { rowCount } = await session.execute(ormUpdate(User).where(u.age.gt(29)).values({ age: 30 }));
   */
  async execute<E extends object, Items extends readonly unknown[]>(
    statement: OrmUpdate<E, Items> | OrmDelete<E, Items> | OrmInsert<E, Items>,
    options?: BulkOptions<E>,
  ): Promise<OrmResult<RowTuple<Items>>>;
  async execute<Row>(statement: Executable<Row>, options?: QueryOptions): Promise<Result<Row>>;
  async execute(
    statement: Executable | AnyBulkStatement,
    options: QueryOptions | BulkOptions<object> = NO_OPTIONS,
  ): Promise<OrmResult<readonly unknown[]> | Result<unknown>> {
    this.assertOpen();
    if (statement instanceof OrmUpdate || statement instanceof OrmDelete || statement instanceof OrmInsert)
      return runBulkStatement(this.bulkHost, statement, options as BulkOptions<object>);
    return this.queries.execute(statement, options as QueryOptions);
  }

  /** The first item of every row: `await session.scalars(select(User))` is `User[]`. */
  async scalars<Items extends readonly unknown[]>(
    statement: Select<Items> | FromStatement<Items>,
    options?: QueryOptions,
  ): Promise<ItemValue<Items[0]>[]>;
  /**
   * The first item of every RETURNING row of an ORM bulk statement, run as `execute()` runs it:
   * `await session.scalars(ormDelete(User).where(…).returning(User))` is `User[]`.
   */
  async scalars<E extends object, Items extends readonly unknown[]>(
    statement: OrmUpdate<E, Items> | OrmDelete<E, Items> | OrmInsert<E, Items>,
    options?: BulkOptions<E>,
  ): Promise<RowTuple<Items>[0][]>;
  async scalars(
    statement: Select<readonly unknown[]> | FromStatement<readonly unknown[]> | AnyBulkStatement,
    options?: QueryOptions | BulkOptions<object>,
  ): Promise<unknown[]> {
    // execute() tells the statements apart at run time.
    const result = await this.execute(statement as Executable, options as QueryOptions);
    return result.scalars();
  }

  /**
   * The first item of the only row, or null; given a sequence, its next value (run as
   * `select(seq.nextValue())`, which is what `doOrmExecute` listeners see).
   */
  async scalar(statement: Sequence, options?: QueryOptions): Promise<number>;
  async scalar<Items extends readonly unknown[]>(
    statement: Select<Items> | FromStatement<Items>,
    options?: QueryOptions,
  ): Promise<ItemValue<Items[0]> | null>;
  async scalar(
    statement: Select<readonly unknown[]> | FromStatement<readonly unknown[]> | Sequence,
    options?: QueryOptions,
  ): Promise<unknown> {
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
    const connect = (): Promise<Connection> => this.queries.streamConnection();
    const { schemaTranslateMap } = mergeExecutionOptions(
      this.executionOptions,
      statement.getExecutionOptions(),
    );
    return new OrmStream(
      this.queries.ormContext,
      connect,
      statement,
      options,
      (obj) => this.expunge(obj),
      schemaTranslateMap,
    );
  }

  /**
   * The object with this primary key: from the identity map without a query when it is there
   * (and not expired), else loaded. `null` when no row has the key.
   */
  get<E extends object>(
    cls: EntityClass<E>,
    pk: NoInfer<PrimaryKeyInput<E>>,
    options: GetOptions = NO_OPTIONS,
  ): Promise<E | null> {
    // Not async: the lookup's own promise is returned, without two more hops per get.
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(e as Error);
    }
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
    await this.queries.load(state, key);
    // A keyed collection is stored as its members; the attribute gives its keyed view.
    if (state.mapper.relationshipsByKey.get(key)?.keyedBy !== undefined) return obj[key];
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
    this.states.expireForRefresh(state, keys);
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
    this.states.expire(instanceState(obj), keys);
  }

  /** Expires every object the session holds: their attributes are reloaded when next read. */
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
    this.states.expunge(instanceState(obj));
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
    return (this.parts.events ??= new SessionEmitter<Session>()).on(event, listener);
  }
}
