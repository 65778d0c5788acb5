import type { Connection, Engine, Result } from '../drivers';
import { ArgumentError, InvalidRequestError, NoResultError, type AthanorWarning } from '../errors';
import {
  inspect,
  instanceState,
  type InstanceState,
  type Mapper,
  type RelationshipProperty,
  type StateOwner,
} from '../mapper';
import { Select, select, type Executable, type ItemValue, type RowTuple } from '../sql';
import { related } from './flush/flush-plan';
import { IdentityMap } from './identity-map';
import { OrmResult } from './orm-result';
import { executeOrmSelect, type OrmExecuteContext } from './loading/orm-execute';
import type { RelationshipKeys } from './loading/related';
import { OrmStream, type StreamQueryOptions } from './loading/stream';
import { loadRelationship } from './loading/relationship-loader';
import { SessionConnection } from './session-connection';
import { SessionEmitter, type SessionEventName, type SessionListener } from './session-events';
import { deleteCascade } from './cascades';
import { flushUnitOfWork } from './session-flush';
import { warnFrom } from './session-warnings';
import { mergeObject, pkValues, pkWhere, refreshObject, type ObjectsHost } from './session-objects';
import { UnitOfWork } from './unit-of-work';
import type { BulkHost } from './bulk';

export interface SessionOptions {
  /**
   * Expire every object's attributes at commit, so that reading one afterwards requires a refresh
   * (SQLAlchemy's default). Default false: Node cannot load an expired attribute on access, and the
   * usual web request creates or changes objects, commits, then serializes them — as SQLAlchemy's
   * asyncio documentation advises (`expire_on_commit=False`). Values read after commit are those the
   * session wrote or loaded; `refresh()` or a query with `populateExisting` reloads them.
   */
  expireOnCommit?: boolean;
  /** Flush pending changes before queries, so queries see them (default true). */
  autoflush?: boolean;
}

/** The options of a call that gave none: shared, not a new object per call. */
const NO_OPTIONS: QueryOptions = Object.freeze({});

/** A mapped class, as accepted by `get()` and friends. */
export type EntityClass<E extends object> = abstract new (...args: never[]) => E;

/** Primary key value(s) for `get()`: a scalar, an array for composite keys, or an object by attribute. */
export type PrimaryKeyInput = unknown;

/** Options of ORM queries. */
export interface QueryOptions {
  /** Overwrite the attributes of objects already in the identity map with the row's values. */
  populateExisting?: boolean;
}

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
export class Session implements StateOwner {
  readonly identityMap = new IdentityMap();
  private readonly uow = new UnitOfWork(this, this.identityMap);
  /** Made by the first `on()`: most sessions have no listeners. */
  private events: SessionEmitter | undefined;
  private readonly conn: SessionConnection;
  private flushing = false;
  private closed = false;
  readonly expireOnCommit: boolean;
  readonly autoflush: boolean;

  constructor(
    readonly engine: Engine,
    options: SessionOptions = {},
  ) {
    this.conn = new SessionConnection(engine);
    this.expireOnCommit = options.expireOnCommit ?? false;
    this.autoflush = options.autoflush ?? true;
  }

  // ---- StateOwner ----

  /** @internal Called by instrumented attributes on the first change of an attribute. */
  attributeChanged(state: InstanceState): void {
    if (state.status === 'persistent') this.uow.dirty.add(state);
  }

  /** @internal The save-update cascade of an object attached to one of this session's objects. */
  relatedAttached(parent: InstanceState, prop: RelationshipProperty, child: InstanceState): void {
    if (!prop.cascade.has('save-update') || this.closed || this.uow.contains(child)) return;
    if (!this.uow.contains(parent) && parent.status !== 'deleted') return;
    this.uow.attach(child);
    this.uow.cascadeSaves(child);
  }

  /** @internal A pending object that lost its delete-orphan parent leaves the session at once. */
  orphaned(_parent: InstanceState, _prop: RelationshipProperty, child: InstanceState, scalar: boolean): void {
    if (child.status === 'pending' && child.owner === this) this.expunge(child.obj);
    else if (!scalar) child.orphanedOutsideOfSession = true;
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
    state.orphanedOutsideOfSession = false;
    this.uow.attach(state);
    this.uow.cascadeSaves(state);
  }

  addAll(objs: Iterable<object>): void {
    for (const obj of objs) this.add(obj);
  }

  /**
   * Marks an object for deletion at the next flush (a pending one is simply taken out; a detached
   * one is attached first), with what its loaded delete-cascade relationships hold. Relationships
   * that are not loaded are loaded and cascaded by the flush.
   */
  delete(obj: object): void {
    this.assertOpen();
    const state = instanceState(obj);
    if (state.status === 'pending' && state.owner === this) {
      this.uow.expunge(state);
      return;
    }
    if (state.status === 'detached' && state.owner === undefined) this.uow.attach(state);
    if (state.status !== 'persistent' || state.owner !== this) {
      throw new InvalidRequestError(
        `${state.mapper.name} object is not persistent in this session; nothing to delete`,
      );
    }
    for (const s of deleteCascade(state)) {
      if (s.status === 'detached' && s.owner === undefined) this.uow.attach(s);
      if (s.status === 'persistent' && s.owner === this) this.uow.deleted.add(s);
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

  /** Whether `obj` has attribute or collection changes not yet flushed. */
  isModified(obj: object): boolean {
    return this.uow.hasChanges(instanceState(obj));
  }

  /** Whether `obj` belongs to this session. */
  contains(obj: object): boolean {
    const state = instanceState(obj);
    return state.owner === this && (state.status === 'pending' || state.status === 'persistent');
  }

  // ---- flush ----

  /**
   * Writes pending changes to the database in one transaction: INSERTs, UPDATEs and DELETEs in
   * dependency order, batched. On failure the database work is rolled back and every object is
   * as it was before the flush, so the caller can fix the data and flush again.
   */
  async flush(): Promise<void> {
    this.assertOpen();
    if (this.flushing || this.uow.isClean) return;
    this.flushing = true;
    try {
      if (this.events?.has('beforeFlush')) await this.events.emit('beforeFlush', this);
      await flushUnitOfWork({
        conn: this.conn,
        uow: this.uow,
        identityMap: this.identityMap,
        loadRelationship: (states, prop) => this.loadMany(states, prop),
        warn: (message) => void warnFrom(this, message),
      });
      if (this.events?.has('afterFlush')) await this.events.emit('afterFlush', this);
    } finally {
      this.flushing = false;
    }
  }

  // ---- transactions ----

  /** Flushes and commits the transaction; with `expireOnCommit`, expires every object. */
  async commit(): Promise<void> {
    this.assertOpen();
    if (!this.uow.isClean) await this.flush();
    await this.conn.commit();
    this.uow.committed();
    if (this.expireOnCommit) this.uow.expireAll();
    if (this.events?.has('afterCommit')) await this.events.emit('afterCommit', this);
  }

  /**
   * Rolls back the transaction. Objects inserted in it become transient again, objects deleted
   * in it are restored, pending objects are expunged, and persistent ones are expired.
   */
  async rollback(): Promise<void> {
    await this.conn.rollback();
    this.uow.rolledBack();
    if (this.events?.has('afterRollback')) await this.events.emit('afterRollback', this);
  }

  /**
   * Runs `fn` in a savepoint: changes are flushed, and released when `fn` resolves, or rolled
   * back when it throws (objects inserted in it become transient, objects deleted in it are
   * restored, objects added in it are expunged, and everything is expired).
   *
   * @example
   * await session.beginNested(async () => { session.add(risky); }).catch(() => undefined);
   */
  async beginNested<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    await this.flush();
    const savepoint = await this.conn.savepoint();
    const mark = this.uow.mark();
    try {
      const result = await fn(this);
      await this.flush();
      await savepoint.commit();
      return result;
    } catch (e) {
      if (this.conn.failure === undefined) await savepoint.rollback();
      this.uow.rolledBackTo(mark);
      throw e;
    }
  }

  /** Runs `fn` and commits, or rolls back when it throws. */
  async begin<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    await this.conn.transactional();
    try {
      const result = await fn(this);
      await this.commit();
      return result;
    } catch (e) {
      await this.rollback();
      throw e;
    }
  }

  /**
   * Rolls back what is open and returns the connection. Objects inserted by the rolled-back
   * transaction become transient; every other object becomes detached.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    // A session that only read has nothing to roll back: its connection goes back at once.
    if (!this.conn.releaseIdle()) await this.conn.rollback();
    const inserted = this.uow.insertedInTxStates();
    this.uow.expungeAll();
    for (const s of inserted) {
      s.status = 'transient';
      s.key = undefined;
    }
    this.closed = true;
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
  async execute<Row>(statement: Executable<Row>): Promise<Result<Row>>;
  async execute(
    statement: Executable,
    options: QueryOptions = NO_OPTIONS,
  ): Promise<OrmResult<readonly unknown[]> | Result<unknown>> {
    this.assertOpen();
    if (this.autoflush && !this.uow.isClean) await this.flush();
    if (statement instanceof Select) return this.runSelect(statement, options);
    const conn = await this.conn.transactional();
    this.conn.hasWrites = true;
    return conn.execute(statement);
  }

  /** The first item of every row: `await session.scalars(select(User))` is `User[]`. */
  async scalars<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options?: QueryOptions,
  ): Promise<ItemValue<Items[0]>[]> {
    const result = await this.execute(statement, options);
    return result.scalars() as ItemValue<Items[0]>[];
  }

  /** The first item of the only row, or null. */
  async scalar<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options?: QueryOptions,
  ): Promise<ItemValue<Items[0]> | null> {
    const result = await this.execute(statement, options);
    return result.scalar() as ItemValue<Items[0]> | null;
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
      if (this.autoflush) await this.flush();
      return this.conn.connection();
    };
    return new OrmStream(this.ormContext, connect, statement, options, (obj) => this.expunge(obj));
  }

  private async runSelect<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>> {
    if (statement.node.forUpdate === undefined)
      return this.selectOn(await this.conn.connection(), statement, options);
    const conn = await this.conn.transactional();
    // Locks taken by this read must survive a later failing flush.
    this.conn.hasWrites = true;
    return this.selectOn(conn, statement, options);
  }

  /** Not async: returning the select's own promise from an async function costs two more hops. */
  private selectOn<Items extends readonly unknown[]>(
    conn: Connection,
    statement: Select<Items>,
    options: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>> {
    return executeOrmSelect(this.ormContext, conn, statement, options);
  }

  private readonly ormContext: OrmExecuteContext = {
    identityMap: this.identityMap,
    owner: this,
    loadMany: (states, prop) => this.loadMany(states, prop),
  };

  /**
   * The object with this primary key: from the identity map without a query when it is there
   * (and not expired), else loaded. `null` when no row has the key.
   */
  async get<E extends object>(
    cls: EntityClass<E>,
    pk: PrimaryKeyInput,
    options: QueryOptions = NO_OPTIONS,
  ): Promise<E | null> {
    this.assertOpen();
    const mapper = inspect(cls as never) as Mapper<object>;
    const values = pkValues(mapper, pk);
    const existing = this.identityMap.get(mapper.identityKeyFor(values));
    if (existing !== undefined && !options.populateExisting) {
      if (existing.status === 'deleted' || this.uow.deleted.has(existing)) return null;
      if (!(existing.expiredAll || existing.expired.size > 0)) return existing.obj as E;
      await this.refresh(existing.obj);
      return existing.obj as E;
    }
    if (this.autoflush && !this.uow.isClean) await this.flush();
    const rows = await this.runSelect(select(cls).where(pkWhere(mapper, values)), options);
    return (rows.first()?.[0] as E | undefined) ?? null;
  }

  /** Like `get()`, but throws `NoResultError` naming the entity and key when there is no row. */
  async getOrThrow<E extends object>(cls: EntityClass<E>, pk: PrimaryKeyInput): Promise<E> {
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
    await this.batchedLoad(state, prop);
    return state.dict[key] as E[K];
  }

  /** Relationship loads asked for in the current tick, batched per relationship (made on first use). */
  private loadQueue: Map<RelationshipProperty, { states: InstanceState[]; done: Promise<void> }> | undefined;

  private batchedLoad(state: InstanceState, prop: RelationshipProperty): Promise<void> {
    const queue = (this.loadQueue ??= new Map());
    let batch = queue.get(prop);
    if (batch === undefined) {
      const states: InstanceState[] = [];
      const done = new Promise<void>((resolve) => queueMicrotask(resolve)).then(async () => {
        queue.delete(prop);
        await this.loadMany(states, prop);
      });
      batch = { states, done };
      queue.set(prop, batch);
    }
    if (!batch.states.includes(state)) batch.states.push(state);
    return batch.done;
  }

  /** @internal Loads `prop` for every state with one query per chunk. */
  async loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void> {
    if (this.autoflush && !this.flushing && !this.uow.isClean) await this.flush();
    const conn = this.flushing ? await this.conn.transactional() : await this.conn.connection();
    await loadRelationship(
      states,
      prop,
      async (items, where, orderBy) => {
        let stmt = select(...items).where(where);
        if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
        return (await this.selectOn(conn, stmt, {})).all() as unknown[][];
      },
      conn.dialect.capabilities,
    );
  }

  /**
   * Reloads an object's attributes from the database (overwriting unflushed changes), and the
   * relationships that were loaded before it was expired (or those named in `keys`).
   */
  async refresh(obj: object, keys?: readonly string[]): Promise<void> {
    this.assertOpen();
    await refreshObject(this.objectsHost, obj, keys);
  }

  /**
   * Expires attributes so they must be refreshed before being read (primary keys stay readable:
   * they are the object's identity). Without keys: every attribute.
   */
  expire(obj: object, keys?: readonly string[]): void {
    this.uow.expire(instanceState(obj), keys);
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
  async merge<E extends object>(obj: E): Promise<E> {
    this.assertOpen();
    return mergeObject(this.objectsHost, obj);
  }

  /** What refresh and merge need; made on first use, most sessions never refresh or merge. */
  private get objectsHost(): ObjectsHost {
    return (this.objectsHostMemo ??= {
      uow: this.uow,
      owns: (state) => state.owner === this,
      select: (stmt, populateExisting) => this.runSelect(stmt, { populateExisting }),
      get: (mapper, pk) => this.get(mapper.class_ as EntityClass<object>, pk),
      add: (obj) => this.add(obj),
      load: (state, key) => this.batchedLoad(state, state.mapper.relationshipsByKey.get(key)!),
    });
  }

  private objectsHostMemo: ObjectsHost | undefined;

  /** @internal What ORM bulk statements (`executeBulk`) need; made on first use. */
  get bulkHost(): BulkHost {
    return (this.bulkHostMemo ??= {
      autoflush: async () => {
        this.assertOpen();
        if (this.autoflush && !this.uow.isClean) await this.flush();
      },
      states: (mapper) => {
        const out: InstanceState[] = [];
        for (const s of this.identityMap.states())
          if (s.status === 'persistent' && s.mapper.isa(mapper)) out.push(s);
        return out;
      },
      execute: async (statement) => {
        const conn = await this.conn.transactional();
        this.conn.hasWrites = true;
        return conn.execute(statement as Executable<Record<string, unknown>>);
      },
      capabilities: async () => (await this.conn.connection()).dialect.capabilities,
      altered: () => undefined,
      deleted: (states) => this.uow.bulkDeleted(states),
      expire: (state, keys) => this.uow.expire(state, keys),
    });
  }

  private bulkHostMemo: BulkHost | undefined;

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

  /** Listens to `beforeFlush`, `afterFlush`, `afterCommit` or `afterRollback`. Returns an unsubscribe function. */
  on<E extends SessionEventName>(event: E, listener: SessionListener<E>): () => void {
    return (this.events ??= new SessionEmitter()).on(event, listener);
  }

  private assertOpen(): void {
    if (this.closed) throw new InvalidRequestError('this session is closed');
  }
}
