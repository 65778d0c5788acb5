import type { Connection, Engine, Result } from '../drivers';
import { InvalidRequestError } from '../errors';
import { inspect, type InstanceState, type Mapper, type RelationshipProperty } from '../mapper';
import {
  mergeExecutionOptions,
  NO_EXECUTION_OPTIONS,
  Select,
  select,
  statementExecutionOptions,
  FromStatement,
  type Executable,
  type ExecutionOptions,
  type RowTuple,
} from '../sql';
import type { BulkHost } from './bulk/execute-bulk';
import type { RouteRequest, SessionRouter } from './binds/route';
import { locksOrWrites, statementIntent } from './binds/statement-intent';
import type { IdentityMap } from './identity-map';
import { executeFromStatement } from './loading/from-statement';
import { bindableKey, keyedSelect, runKeyed } from './loading/get-by-key';
import { executeOrmSelect, postLoadItems, type OrmExecuteContext } from './loading/orm-execute';
import { lockingRead } from './locking-read';
import type { OrmResult } from './orm-result';
import type { InvokeStatementOptions, OrmExecuteState, SessionResult } from './orm-execute-state';
import { beginKeyedLoad, loadSpan, mapperLoadSpan } from './orm-spans';
import type { SessionConnection } from './session-connection';
import { pkValues, pkWhere, unexpireObject, type ObjectsHost } from './session-objects';
import { SessionLoads } from './session-loads';
import { NO_OPTIONS, type EntityClass, type GetOptions, type QueryOptions } from './session-options';
import type { SessionTransactions } from './session-transactions';
import type { UnitOfWork } from './unit-of-work';

/** What the session's reads need from it. @internal */
export interface QueriesHost {
  readonly conn: SessionConnection;
  readonly transactions: SessionTransactions;
  readonly identityMap: IdentityMap;
  readonly uow: UnitOfWork;
  /** Where ORM spans are reported. */
  readonly spans: Pick<Engine, 'instrumentation'>;
  /** Where reads outside a database transaction go; undefined: the session's own connection. */
  readonly router: SessionRouter | undefined;
  isFlushing(): boolean;
  /** Raises when the session was closed for good. */
  assertOpen(): void;
  /** Whether `state` belongs to the session. */
  owns(state: InstanceState): boolean;
  /**
   * The autoflush a query runs first when autoflush is on and something is pending; undefined
   * (nothing to await) when there is nothing to flush.
   */
  autoflushPending(): Promise<void> | undefined;
  /** `session.add()` of an object merge made, without its checks. */
  add(obj: object): void;
  warn(message: string): void;
  /** The session's own execution options. */
  readonly executionOptions: ExecutionOptions;
  /**
   * Calls the `doOrmExecute` listeners for a statement about to run, and returns what one of them
   * returned instead of running it; undefined (not a promise) when nobody listens.
   */
  intercept(
    statement: OrmExecuteState<unknown>['statement'],
    run: ExecuteRun,
    invoke: (options?: InvokeStatementOptions) => Promise<SessionResult>,
  ): Promise<SessionResult | undefined> | undefined;
  /** Whether `intercept` has listeners to call (else reads need not build what they are shown). */
  intercepts(): boolean;
}

/** One application statement's run: its options in effect and its bind arguments. @internal */
export interface ExecuteRun {
  readonly executionOptions: ExecutionOptions;
  readonly bindArguments: Readonly<Record<string, unknown>>;
  readonly query: QueryOptions;
}

const NO_BIND_ARGUMENTS: Readonly<Record<string, unknown>> = Object.freeze({});

/** The run of a call without options where neither the session nor the statement has any. */
const PLAIN_RUN: ExecuteRun = Object.freeze({
  executionOptions: NO_EXECUTION_OPTIONS,
  bindArguments: NO_BIND_ARGUMENTS,
  query: NO_OPTIONS,
});

/** `getKeyed()` could not prepare the mapper's select: the generic path runs. */
const NOT_PREPARED = Symbol('not prepared');

/**
 * The session's statements and reads: `execute()`, `get()`, relationship loads, and the choice of
 * the connection each one runs on (the transaction's, a read outside it, or a replica). The
 * session is the API; this is where its queries go.
 * @internal
 */
export class SessionQueries implements OrmExecuteContext {
  /** The session's identity map (what ORM selects and streams read into). */
  readonly identityMap: IdentityMap;
  /** The session's unit of work, which registers loaded rows as persistent objects. */
  readonly states: UnitOfWork;

  constructor(private readonly host: QueriesHost) {
    this.identityMap = host.identityMap;
    this.states = host.uow;
  }

  /** What ORM selects and streams need: the identity map, the unit of work and `loadMany`. */
  get ormContext(): OrmExecuteContext {
    return this;
  }

  /** The autoflush to await before a query (see `QueriesHost.autoflushPending`). */
  private autoflushFor(run: ExecuteRun): Promise<void> | undefined {
    return run.executionOptions.autoflush === false ? undefined : this.host.autoflushPending();
  }

  /** Every use that may emit SQL: begins the session transaction, refused while it is inactive. */
  beginUse(): void {
    const transactions = this.host.transactions;
    const tx = transactions.current;
    if (tx !== undefined && tx.phase === 'active') return;
    transactions.autobegin();
    transactions.assertActive();
  }

  /**
   * The options a call runs with: the session's, the statement's and the call's execution
   * options merged (a call's `populateExisting` counts as one of its execution options).
   */
  runOf(statement: Executable | undefined, options: QueryOptions): ExecuteRun {
    if (
      options === NO_OPTIONS &&
      statement === undefined &&
      this.host.executionOptions === NO_EXECUTION_OPTIONS
    )
      return PLAIN_RUN;
    const call =
      options.populateExisting === undefined
        ? options.executionOptions
        : { ...options.executionOptions, populateExisting: options.populateExisting };
    const executionOptions = mergeExecutionOptions(
      this.host.executionOptions,
      statementExecutionOptions(statement),
      call,
    );
    const populateExisting = executionOptions.populateExisting;
    return {
      executionOptions,
      bindArguments: options.bindArguments ?? NO_BIND_ARGUMENTS,
      query:
        executionOptions === NO_EXECUTION_OPTIONS && options.executionOptions === undefined
          ? options
          : { ...options, executionOptions, populateExisting },
    };
  }

  /**
   * `session.execute()` of an open session: autoflush (unless the options say not to), the
   * `doOrmExecute` listeners, then the statement, an ORM select or a Core statement.
   */
  async execute(statement: Executable, options: QueryOptions): Promise<SessionResult> {
    const run = this.runOf(statement, options);
    const flushing = this.autoflushFor(run);
    if (flushing !== undefined) await flushing;
    this.beginUse();
    const invoke = (again?: InvokeStatementOptions): Promise<SessionResult> =>
      again === undefined
        ? this.executeNow(statement, run.query)
        : this.executeNow(again.statement ?? statement, {
            ...run.query,
            executionOptions: mergeExecutionOptions(run.executionOptions, again.executionOptions),
            populateExisting: again.executionOptions?.populateExisting ?? run.query.populateExisting,
          });
    const intercepted = this.host.intercept(statement, run, invoke);
    if (intercepted !== undefined) {
      const replaced = await intercepted;
      if (replaced !== undefined) return replaced;
    }
    return invoke();
  }

  /** Runs `statement` now with the options in effect (`query.executionOptions`). */
  private async executeNow(statement: Executable, query: QueryOptions): Promise<SessionResult> {
    if (statement instanceof Select) return this.runSelect(statement, query);
    if (statement instanceof FromStatement) {
      const c = await this.readConnection();
      return this.scoped(c, query.executionOptions, () =>
        executeFromStatement(this.ormContext, c, statement, query),
      );
    }
    const conn = this.host.conn;
    const run = (c: Connection): Promise<Result<unknown>> =>
      this.scoped(c, query.executionOptions, () => c.execute(statement));
    if (this.host.router !== undefined) {
      const routed = this.routed(
        { statement, mapper: undefined, intent: statementIntent(statement) },
        query,
        run,
        async () => run(await conn.connection()),
      );
      if (routed !== undefined) return routed;
    }
    return run(await conn.transactional());
  }

  /**
   * Runs `fn` with the execution options of a statement of the session: `options` when given,
   * else those already in effect on the connection, else the session's own.
   */
  scoped<T>(conn: Connection, options: ExecutionOptions | undefined, fn: () => Promise<T>): Promise<T> {
    const current = conn.executionOptions;
    const use = options ?? (current === NO_EXECUTION_OPTIONS ? this.host.executionOptions : current);
    return use === current ? fn() : conn.withExecutionOptions(use, fn);
  }

  async runSelect<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>> {
    // A locking read takes its locks in the transaction (begun now if needed), also when the
    // lock is in a CTE.
    if (
      statement.node.forUpdate !== undefined ||
      (statement.node.ctes.length > 0 && locksOrWrites(statement.node))
    )
      return this.selectOn(await this.host.conn.transactional(), statement, options);
    if (this.host.router !== undefined) {
      const routed = this.routed(
        { statement, mapper: undefined, intent: statementIntent(statement) },
        options,
        (c) => this.selectOn(c, statement, options),
        async () => this.selectOn(await this.readConnection(), statement, options),
      );
      if (routed !== undefined) return routed;
    }
    return this.selectOn(await this.readConnection(), statement, options);
  }

  /**
   * A read outside any database transaction, run where the router says; undefined when it runs
   * on the session's own connection (inside a transaction, a write, or `route: 'primary'`).
   */
  routed<T>(
    request: RouteRequest,
    options: QueryOptions,
    run: (conn: Connection) => Promise<T>,
    own: () => Promise<T>,
  ): Promise<T> | undefined {
    const { conn, transactions } = this.host;
    const inTransaction =
      this.host.isFlushing() || conn.inTransaction || transactions.root?.origin === 'begin';
    if (options.route === 'replica' && inTransaction) {
      throw new InvalidRequestError(
        "route: 'replica' inside a database transaction: its statements run on the transaction's connection to the primary",
      );
    }
    if (inTransaction || options.route === 'primary') return undefined;
    return this.host.router!.route(
      options.route === 'replica' ? { ...request, intent: 'read' } : request,
      run,
      own,
    );
  }

  /**
   * The connection for a read: outside a database transaction until the first write (reads see
   * committed data), except in a transaction begun explicitly with `begin()`, where every read
   * runs in the transaction.
   */
  readConnection(): Connection | Promise<Connection> {
    if (this.host.transactions.root?.origin === 'begin') return this.host.conn.transactional();
    return this.host.conn.connection();
  }

  /** The connection a stream's cursor reads on, once pending changes are autoflushed. */
  async streamConnection(): Promise<Connection> {
    const flushing = this.host.autoflushPending();
    if (flushing !== undefined) await flushing;
    this.beginUse();
    return this.readConnection();
  }

  /**
   * Runs an ORM select on `conn`, under the load span when traced. Not async: returning the
   * select's own promise from an async function costs two more hops.
   */
  selectOn<Items extends readonly unknown[]>(
    conn: Connection,
    statement: Select<Items>,
    options: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>> {
    const spans = this.host.spans;
    const run = (): Promise<OrmResult<RowTuple<Items>>> =>
      spans.instrumentation === undefined
        ? executeOrmSelect(this.ormContext, conn, statement, options)
        : loadSpan(spans, conn, statement, () => executeOrmSelect(this.ormContext, conn, statement, options));
    return this.scoped(conn, options.executionOptions, run);
  }

  /** `session.get()` of an open session. */
  async get<E extends object>(cls: EntityClass<E>, pk: unknown, options: GetOptions): Promise<E | null> {
    const { identityMap, uow, transactions } = this.host;
    const mapper = inspect(cls as never) as Mapper<object>;
    const lock =
      options.withForUpdate === undefined
        ? undefined
        : lockingRead(options.withForUpdate, `get(${mapper.name})`);
    const values = pkValues(mapper, pk);
    if (values === undefined) {
      this.host.warn(`fully NULL primary key identity cannot load any ${mapper.name} object`);
      return null;
    }
    const existing = identityMap.get(mapper.identityKeyFor(values));
    const populateExisting =
      options.populateExisting ??
      options.executionOptions?.populateExisting ??
      this.host.executionOptions.populateExisting;
    // A locking read always reads the row: the lock is the point.
    if (existing !== undefined && !populateExisting && lock === undefined) {
      if (existing.status === 'deleted' || uow.deleted.has(existing)) return null;
      if (!(existing.expiredAll || existing.expired.size > 0)) return existing.obj as E;
      const flushing = this.host.autoflushPending();
      if (flushing !== undefined) await flushing;
      this.beginUse();
      if (await unexpireObject(this.objectsHost, existing)) return existing.obj as E;
      // The row was deleted behind the session's back: the object counts as deleted in this
      // transaction (restored if it rolls back), as in SQLAlchemy's get().
      uow.removeNewlyDeleted([existing], transactions.autobegin());
      return null;
    }
    if (
      options.options === undefined &&
      lock === undefined &&
      this.plainReads(options) &&
      bindableKey(values)
    ) {
      const pending = this.getKeyed(mapper, values, options);
      const found = pending instanceof Promise ? await pending : pending;
      if (found !== NOT_PREPARED) return found as E | null;
    }
    let byKey = select(cls).where(pkWhere(mapper, values));
    if (options.options !== undefined) byKey = byKey.options(...options.options);
    const rows = (await this.execute(
      lock === undefined ? byKey : byKey.forUpdate(lock),
      options,
    )) as OrmResult<readonly unknown[]>;
    return (rows.first()?.[0] as E | undefined) ?? null;
  }

  /**
   * Whether a read may skip what only listeners or a router need (the statement object they are
   * shown): neither is there and the call names no route. Tracing is not one of them: the prepared
   * get runs under the same load span, so a traced engine sends what an untraced one does.
   */
  private plainReads(options: QueryOptions): boolean {
    const host = this.host;
    return options.route === undefined && host.router === undefined && !host.intercepts();
  }

  /**
   * `get()` through the mapper's prepared select (see `keyedSelect`), with the same steps as
   * `execute()` of a select: autoflush, begin, the read connection, the options in effect. Not
   * async: on a synchronous driver, with nothing to flush and the connection at hand, the object
   * comes back without a promise (errors are thrown then; `get()` turns them into rejections).
   */
  private getKeyed(mapper: Mapper<object>, values: readonly unknown[], options: GetOptions): unknown {
    const run = this.runOf(undefined, options);
    const flushing = this.autoflushFor(run);
    if (flushing !== undefined) return flushing.then(() => this.getKeyedOn(mapper, values, run));
    return this.getKeyedOn(mapper, values, run);
  }

  /** `getKeyed()` once pending changes are flushed. */
  private getKeyedOn(mapper: Mapper<object>, values: readonly unknown[], run: ExecuteRun): unknown {
    this.beginUse();
    const pending = this.readConnection();
    return pending instanceof Promise
      ? pending.then((conn) => this.getKeyedWith(conn, mapper, values, run))
      : this.getKeyedWith(pending, mapper, values, run);
  }

  private getKeyedWith(
    conn: Connection,
    mapper: Mapper<object>,
    values: readonly unknown[],
    run: ExecuteRun,
  ): unknown {
    // The prepared SQL names schemas as declared: a schema translation compiles its own.
    if (
      run.executionOptions.schemaTranslateMap !== undefined ||
      conn.effectiveExecutionOptions.schemaTranslateMap !== undefined
    )
      return NOT_PREPARED;
    const keyed = keyedSelect(mapper, conn.dialect, values);
    if (keyed === undefined) return NOT_PREPARED;
    const spans = this.host.spans;
    const query = run.query;
    const current = conn.executionOptions;
    const use =
      query.executionOptions ?? (current === NO_EXECUTION_OPTIONS ? this.host.executionOptions : current);
    // The common case: no span, no options to put in effect; nothing in between needs a promise.
    if (use === current)
      return spans.instrumentation === undefined
        ? runKeyed(this, conn, keyed, values, query)
        : // Traced: the load span ends from the load's own callbacks, no promise made around it.
          runKeyed(this, conn, keyed, values, query, beginKeyedLoad(spans, conn, mapper));
    const load = async (): Promise<unknown> => runKeyed(this, conn, keyed, values, query);
    return this.scoped(
      conn,
      query.executionOptions,
      spans.instrumentation === undefined ? load : () => mapperLoadSpan(spans, conn, mapper, load),
    );
  }

  // ---- relationship loads ----

  /** The session's relationship loads; made by its first one. */
  private get loads(): SessionLoads {
    return (this.loadsMemo ??= new SessionLoads(this, this.host));
  }

  private loadsMemo: SessionLoads | undefined;

  /** `session.load()` of an open session: the relationship `key`, batched with this tick's loads. */
  load(state: InstanceState, key: string): Promise<void> {
    return this.loads.load(state, key);
  }

  /** Loads `prop` of `state` together with the other loads of `prop` asked for in this tick. */
  batchedLoad(state: InstanceState, prop: RelationshipProperty): Promise<void> {
    return this.loads.batchedLoad(state, prop);
  }

  /** Loads `prop` for every state with one query per chunk. */
  loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void> {
    return this.loads.loadMany(states, prop);
  }

  /** What refresh and merge need; made on first use, most sessions never refresh or merge. */
  get objectsHost(): ObjectsHost {
    return (this.objectsHostMemo ??= {
      uow: this.host.uow,
      owns: (state) => this.host.owns(state),
      select: (stmt, populateExisting) => this.runSelect(stmt, { populateExisting }),
      selectColumns: async (columns, where, lock) => {
        const stmt = select(...columns).where(where);
        // A locking read takes its locks in the transaction (begun now if needed).
        const conn = lock === undefined ? await this.readConnection() : await this.host.conn.transactional();
        return (
          await this.selectOn(conn, lock === undefined ? stmt : stmt.forUpdate(lock), {})
        ).all() as unknown[][];
      },
      get: (mapper, pk, loaderOptions) =>
        this.get(
          mapper.class_ as EntityClass<object>,
          pk,
          loaderOptions === undefined ? NO_OPTIONS : { options: loaderOptions },
        ),
      add: (obj) => this.host.add(obj),
      load: (state, key) => this.batchedLoad(state, state.mapper.relationshipsByKey.get(key)!),
      warn: (message) => this.host.warn(message),
    });
  }

  private objectsHostMemo: ObjectsHost | undefined;

  /** What ORM bulk statements (`executeBulk`) need; made on first use. */
  get bulkHost(): BulkHost {
    const { conn, identityMap, transactions, uow } = this.host;
    const host = this.host;
    return (this.bulkHostMemo ??= {
      autoflush: async () => {
        host.assertOpen();
        const flushing = host.autoflushPending();
        if (flushing !== undefined) await flushing;
        this.beginUse();
      },
      begin: () => {
        host.assertOpen();
        this.beginUse();
      },
      get executionOptions() {
        return host.executionOptions;
      },
      states: (mapper) => {
        const out: InstanceState[] = [];
        for (const s of identityMap.states())
          if (s.status === 'persistent' && s.mapper.isa(mapper)) out.push(s);
        return out;
      },
      execute: async (statement, options) => {
        this.beginUse();
        const c = await conn.transactional();
        return this.scoped(c, mergeExecutionOptions(this.host.executionOptions, options), () =>
          c.execute(statement as Executable<Record<string, unknown>>),
        );
      },
      loadReturned: async (items, statementOptions, rows, options) => {
        const c = await conn.transactional();
        await this.scoped(c, mergeExecutionOptions(this.host.executionOptions, options), () =>
          postLoadItems(this.ormContext, c, items, statementOptions, rows),
        );
      },
      capabilities: async () => (await conn.connection()).dialect.capabilities,
      dialect: async () => (await conn.connection()).dialect,
      loadContext: { identityMap, states: uow, populateExisting: false },
      altered: (states) => uow.registerAltered(states, transactions.autobegin()),
      deleted: (states) => uow.removeNewlyDeleted(states, transactions.autobegin()),
      expire: (state, keys) => uow.expire(state, keys),
      intercept: (statement, executionOptions, invoke) =>
        host.intercept(
          statement,
          { executionOptions, bindArguments: NO_BIND_ARGUMENTS, query: NO_OPTIONS },
          invoke,
        ),
    });
  }

  private bulkHostMemo: BulkHost | undefined;
}
