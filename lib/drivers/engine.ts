import { ArgumentError, emitAthanorWarning } from '../errors';
import { markConnectHookTransaction } from './connect-hook-transactions';
import type {
  Dialect,
  Sequence,
  Executable,
  ReflectedSchema,
  ReflectOptions,
  SchemaInspector,
  SchemaTarget,
  ReflectionSource,
  ForeignKey,
  Table,
} from '../sql';
import { checkExecutionOptions } from '../sql/execution-options';
import { Connection } from './connection';
import type { BeginOptions } from './transaction-stack';
import type { EngineContext } from './context';
import { checkQueryTimeout, type EngineOptions } from './engine-options';
import { createTablesOn, dropTablesOn, inspectorOf, runDdl } from './engine-schema';
import type { Driver } from './driver';
import { EngineEmitter, type EngineEventName, type EngineListener } from './events';
import { checkPoolOptions, ConnectionPool, type PoolStatus, type PooledConnection } from './pool';
import { dialectDefinition } from './registry';
import { connectionQueries } from './schema-queries';
import type { Result } from './result';
import { checkIsolationLevel } from './transaction-sql';
import { translateError } from './translate-error';
import type { EngineUrl } from './engine-url';
import { parseUrl } from './url';
import { requireInstalled } from './load-module';
import { Instrumentation } from './telemetry/instrumentation';

/**
 * A listener of `engineConnect`: called with each Connection `engine.connect()` hands out (a
 * session's too), before the caller gets it, and awaited — it may run statements or begin a
 * transaction on it (SQLAlchemy's `engine_connect` event). When it throws, the connection goes
 * back to the pool and `connect()` raises the error.
 */
export type EngineConnectListener = (connection: Connection) => void | Promise<void>;

let nextConnectionId = 1;

/**
 * A database: a URL, a pool of connections and the dialect to compile for. Creating an engine
 * opens nothing; connections open on first use.
 */
export class Engine implements SchemaTarget, ReflectionSource {
  /** The parsed database URL the engine connects to. */
  readonly url: EngineUrl;
  private readonly driver: Driver;
  private readonly pool: ConnectionPool;
  private readonly events = new EngineEmitter();
  private readonly ctx: EngineContext;
  private resolved: Dialect;
  /** The resolved dialect's `db.system.name`, which telemetry reads for every statement. */
  private systemName: string;
  private disposed = false;

  /** @internal Use `createEngine()`. */
  constructor(url: EngineUrl, options: EngineOptions) {
    this.url = url;
    const definition = dialectDefinition(url.dialect);
    const alternative = url.driver === definition.driver.name ? undefined : definition.drivers?.[url.driver];
    this.driver = alternative ?? definition.driver;
    const scheme = alternative === undefined ? url.scheme : `${url.scheme}+${url.driver}`;
    if (this.driver.packageName !== undefined) requireInstalled(this.driver.packageName, `${scheme}:// URLs`);
    this.resolved = definition;
    this.systemName = definition.telemetryName ?? definition.name;
    checkPoolOptions(options.pool ?? {});
    const poolOptions = definition.adjustPool?.(url, { ...options.pool }) ?? { ...options.pool };
    const connectArgs = { ...definition.connectDefaults?.(url, poolOptions), ...options.connectArgs };
    this.pool = new ConnectionPool(
      () => this.open(connectArgs),
      (conn) => conn.driver.close(),
      { ...poolOptions, max: poolOptions.max ?? 10 },
      definition.singleConnection?.(url) === true ? 1000 : undefined,
    );
    const echo =
      options.echo === true ? (m: string) => console.log(`[athanor] ${m}`) : options.echo || undefined;
    this.ctx = {
      driver: this.driver,
      pool: this.pool,
      events: this.events,
      echo,
      redactParams: options.redactParams ?? false,
      isolationLevel: checkIsolationLevel(options.isolationLevel, 'createEngine()'),
      streamBatchSize: options.streamBatchSize ?? 1000,
      queryTimeoutMillis: checkQueryTimeout(options.queryTimeoutMillis),
      instrumentation: this.instrument(options),
      executionOptions: checkExecutionOptions(options.executionOptions),
    };
  }

  private instrument(options: EngineOptions): Instrumentation | undefined {
    const telemetry = options.telemetry === true ? {} : options.telemetry || undefined;
    if (telemetry === undefined && options.logging === undefined) return undefined;
    const url = this.url;
    const instrumentation = new Instrumentation(
      {
        system: () => this.systemName,
        namespace: url.database,
        host: url.host,
        port: url.port,
        defaultPort: dialectDefinition(url.dialect).defaultPort,
      },
      telemetry,
      options.logging,
      () => this.pool.status,
    );
    return instrumentation.active ? instrumentation : undefined;
  }

  /**
   * Hands the spans and metric records of the work done so far to the OpenTelemetry SDK now.
   * They are made after the work, while the engine's next statement is at the server or within
   * 10 ms (see `TelemetryOptions` `deferred`); a test reading an in-memory exporter right after an
   * `await` calls this first.
   * Does nothing without telemetry.
   */
  flushTelemetry(): void {
    this.ctx.instrumentation?.flush();
  }

  /** @internal Logging and telemetry, when the engine has them: the session's flush and load spans. */
  get instrumentation(): Instrumentation | undefined {
    return this.ctx.instrumentation;
  }

  /**
   * The dialect statements compile for. Until the first connection opens it is the URL's; for
   * `mysql://` it becomes `mariadb` once a MariaDB ≥ 10.5 server answers (see `resolveDialect`).
   */
  get dialect(): Dialect {
    return this.resolved;
  }

  /** Opens (or borrows) a connection once, so `dialect` reflects the server. */
  async resolveDialect(): Promise<Dialect> {
    const conn = await this.connect();
    await conn.close();
    return this.resolved;
  }

  /** The catalog reader of the server's dialect; an ArgumentError when the dialect has none. */
  async schemaInspector(): Promise<SchemaInspector> {
    return inspectorOf(await this.resolveDialect());
  }

  /**
   * Reflects a schema (all its tables, or `options.tables`) on a pooled connection; what
   * `metadata.reflect(engine)` and migrations read.
   */
  async reflectSchema(options: ReflectOptions = {}): Promise<ReflectedSchema> {
    const inspector = await this.schemaInspector();
    const conn = await this.connect();
    try {
      return await inspector.reflect(connectionQueries(conn), options);
    } finally {
      await conn.close();
    }
  }

  /** Counts of open, checked-out and awaited connections. */
  get poolStatus(): PoolStatus {
    return this.pool.status;
  }

  /**
   * Subscribes to an event; returns a function that unsubscribes.
   *
   * @example
   * engine.on('beforeExecute', ({ sql }) => statements.push(sql));
   */
  on(event: 'engineConnect', listener: EngineConnectListener): () => void;
  on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void;
  on(event: EngineEventName | 'engineConnect', listener: (arg: never) => unknown): () => void {
    if (event === 'engineConnect') {
      const hook = listener as EngineConnectListener;
      this.connectHooks.push(hook);
      return () => this.off('engineConnect', hook);
    }
    return this.events.on(event, listener as EngineListener<typeof event>);
  }

  /** Removes an `engineConnect` hook added with `on()`; a hook not registered is ignored. */
  off(event: 'engineConnect', listener: EngineConnectListener): void;
  /** Removes a listener added with `on()`; a listener not registered is ignored. */
  off<E extends EngineEventName>(event: E, listener: EngineListener<E>): void;
  off(event: EngineEventName | 'engineConnect', listener: (arg: never) => unknown): void {
    if (event === 'engineConnect') {
      const i = this.connectHooks.indexOf(listener as EngineConnectListener);
      if (i >= 0) this.connectHooks.splice(i, 1);
      return;
    }
    this.events.off(event, listener as EngineListener<typeof event>);
  }

  /** Listeners of `engineConnect`, in registration order. */
  private readonly connectHooks: EngineConnectListener[] = [];

  /**
   * Checks a connection out of the pool. Close it to give it back.
   *
   * @example
   * const conn = await engine.connect();
   * try { … } finally { await conn.close(); }
   */
  connect(): Promise<Connection> {
    if (this.disposed) return Promise.reject(new ArgumentError(`engine ${this.url} has been disposed`));
    // A plain `then` rather than an async function: the checkout is on every session's path, and
    // each async layer between the pool resolving and the first statement costs microtask hops.
    const instrumentation = this.ctx.instrumentation;
    if (instrumentation?.timesCheckout === true) return this.connectTimed();
    return this.pool.acquire().then(this.checkedOut, this.connectFailed);
  }

  /**
   * @internal `connect()` without a promise when the pool has a connection at hand and no
   * `engineConnect` listener needs the asynchronous path; else undefined.
   */
  connectNow(): Connection | undefined {
    if (this.disposed || this.connectHooks.length > 0) return undefined;
    const pooled = this.pool.takeParked();
    if (pooled === undefined) return undefined;
    const instrumentation = this.ctx.instrumentation;
    if (instrumentation?.timesCheckout !== true) return this.checkedOut(pooled) as Connection;
    // A connection at hand is taken without waiting: timed as such, with no clock read; the wait
    // is reported with the checkout's first statement.
    return this.checkedOut(pooled, 0) as Connection;
  }

  /**
   * `connect()` timing the wait for a connection, for the wait-time metric and log records (both
   * made with the checkout's first statement).
   */
  private connectTimed(): Promise<Connection> {
    const started = performance.now();
    return this.pool
      .acquire()
      .then((pooled) => this.checkedOut(pooled, performance.now() - started), this.connectFailed);
  }

  private readonly checkedOut = (
    pooled: PooledConnection,
    waited?: number,
  ): Connection | Promise<Connection> => {
    if (this.events.has('checkout')) this.events.emit('checkout', { connectionId: pooled.id });
    const conn = new Connection(this.ctx, pooled);
    if (waited !== undefined) conn.poolWaitMillis = waited;
    return this.connectHooks.length === 0 ? conn : this.runConnectHooks(conn);
  };

  /** The `engineConnect` listeners, one after another; the connection goes back when one fails. */
  private async runConnectHooks(conn: Connection): Promise<Connection> {
    try {
      for (const hook of [...this.connectHooks]) await hook(conn);
      const tx = conn.getTransaction();
      if (tx !== undefined) markConnectHookTransaction(tx);
    } catch (e) {
      await conn.close();
      throw e;
    }
    return conn;
  }

  private readonly connectFailed = (e: unknown): never => {
    const error = translateError(e, this.classifyConnectError(e), undefined, this.ctx.redactParams);
    if (this.events.has('handleError')) {
      this.events.emit('handleError', {
        connectionId: undefined,
        sql: undefined,
        params: undefined,
        error,
        disconnect: true,
      });
    }
    throw error;
  };

  /**
   * Runs `fn` in a transaction on a pooled connection: commits when `fn` resolves, rolls back
   * when it throws, and always returns the connection.
   *
   * @example
   * await engine.transaction(async (conn) => {
   *   await conn.execute(insert(users).values({ name: 'sandy' }));
   * });
   */
  async transaction<T>(fn: (conn: Connection) => Promise<T>, options: BeginOptions = {}): Promise<T> {
    const conn = await this.connect();
    try {
      return await conn.transaction(fn, options);
    } finally {
      await conn.close();
    }
  }

  /** Runs one statement on a pooled connection, autocommitting. */
  async execute<Row>(statement: Executable<Row>): Promise<Result<Row>> {
    const conn = await this.connect();
    try {
      return await conn.execute(statement);
    } finally {
      await conn.close();
    }
  }

  /** @internal SchemaTarget: CREATE TABLE (and its indexes), in one transaction where DDL is transactional. */
  async createTables(
    tables: readonly Table[],
    options: {
      ifNotExists: boolean;
      deferredForeignKeys?: readonly ForeignKey[];
      sequences?: readonly Sequence[];
    },
  ): Promise<void> {
    await runDdl(
      () => this.connect(),
      (conn) => createTablesOn(conn, tables, options),
    );
  }

  /** @internal SchemaTarget: DROP TABLE, in the order given (children first). */
  async dropTables(
    tables: readonly Table[],
    options: {
      ifExists: boolean;
      deferredForeignKeys?: readonly ForeignKey[];
      sequences?: readonly Sequence[];
    },
  ): Promise<void> {
    await runDdl(
      () => this.connect(),
      (conn) => dropTablesOn(conn, tables, options),
    );
  }

  /**
   * Closes every connection. Connections still checked out (an open session or transaction) are
   * waited for up to `timeoutMillis` (default 5000), then closed anyway; resolves to how many were
   * forced, and says so in an `AthanorWarning`. Never hangs.
   */
  async dispose(options: { timeoutMillis?: number } = {}): Promise<number> {
    if (this.disposed) return 0;
    const timeoutMillis = options.timeoutMillis ?? 5000;
    if (!(typeof timeoutMillis === 'number' && timeoutMillis >= 0 && Number.isFinite(timeoutMillis))) {
      throw new ArgumentError(
        `dispose(): timeoutMillis must be a finite number >= 0, not ${String(timeoutMillis)}`,
      );
    }
    this.disposed = true;
    const forced = await this.pool.destroy(timeoutMillis);
    // The spans and records of its last statements, before the application shuts its SDK down.
    this.flushTelemetry();
    if (forced > 0) {
      emitAthanorWarning(
        `${this} dispose() closed ${forced} connection(s) still checked out after ${timeoutMillis} ms; ` +
          'close sessions and connections before disposing the engine',
      );
    }
    return forced;
  }

  /** `await using engine = createEngine(url)` disposes the engine at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** The URL with its password masked. */
  toString(): string {
    return `Engine(${this.url})`;
  }

  private async open(connectArgs: Readonly<Record<string, unknown>>): Promise<PooledConnection> {
    const driver = await this.driver.connect(this.url, connectArgs);
    const dialect = this.driver.resolveDialect?.(this.url, driver) ?? this.url.dialect;
    const definition = dialectDefinition(dialect);
    this.resolved = definition;
    this.systemName = definition.telemetryName ?? definition.name;
    const pooled: PooledConnection = {
      id: nextConnectionId++,
      driver,
      dialect,
      createdAt: Date.now(),
      invalid: false,
      activity: 0,
      checkedOut: false,
    };
    if (this.events.has('connect')) {
      this.events.emit('connect', {
        connectionId: pooled.id,
        dialect,
        sessionId: driver.sessionId,
        serverVersion: driver.serverVersion,
      });
    }
    return pooled;
  }

  private classifyConnectError(e: unknown): ReturnType<Driver['classify']> {
    const c = this.driver.classify(e);
    // Anything failing before a statement runs is about the connection.
    return c.kind === 'database' ? { kind: 'operational', disconnect: true } : c;
  }
}

/**
 * Creates an engine from a SQLAlchemy-style URL. Nothing connects until the first use, but the
 * URL's client library must be installed (`npm install pg`): a `DriverNotInstalledError` names it.
 *
 * @example
 * const engine = createEngine('postgresql://app:secret@127.0.0.1:5432/shop', {
 *   pool: { max: 10, acquireTimeoutMillis: 5000, prePing: true },
 *   echo: true,
 * });
 * createEngine('sqlite://');                 // in-memory
 * createEngine('sqlite:///data/app.db');     // relative path
 * createEngine('mysql://root@localhost/test'); // MySQL, or MariaDB (dialect resolved on connect)
 */
export function createEngine(url: string, options: EngineOptions = {}): Engine {
  return new Engine(parseUrl(url), options);
}
