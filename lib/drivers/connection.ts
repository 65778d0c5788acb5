import { InvalidRequestError } from '../errors';
import {
  compile,
  mergeExecutionOptions,
  select,
  Sequence,
  type CompiledQuery,
  type Executable,
  type ExecutionOptions,
} from '../sql';
import { checkExecutionOptions } from '../sql/execution-options';
import type { EngineContext } from './context';
import type { PooledConnection } from './pool';
import type { Result, ScalarOf } from './result';
import type { NestedTransaction, Transaction, TwoPhaseTransaction } from './transaction';
import { TransactionStack, type BeginOptions } from './transaction-stack';
import { finishPrepared, recoverPrepared } from './two-phase';
import type { DialectDefinition } from './dialect-definition';
import { dialectDefinition } from './registry';
import { StatementRunner } from './connection-runner';
import type { TraceScope } from './telemetry/instrumentation';

type ParamSets = readonly (readonly unknown[])[];

/** Options of `conn.stream()`. */
export interface StreamOptions {
  /** Rows fetched from the server per round trip. Default: the engine's (1000). */
  batchSize?: number;
}

/**
 * A connection checked out of the engine's pool. Statements outside `begin()` autocommit.
 * `close()` rolls back an open transaction and returns the connection to the pool.
 *
 * @example
 * const conn = await engine.connect();
 * try {
 *   const tx = await conn.begin();
 *   await conn.execute(insert(users).values({ name: 'sandy' }));
 *   await tx.commit();
 * } finally {
 *   await conn.close();
 * }
 */
export class Connection {
  /** The dialect of this connection's server (MariaDB ≥ 10.5 resolves to `mariadb`). */
  readonly dialect: DialectDefinition;
  private readonly runner: StatementRunner;
  /** Made by the first transaction: most checkouts (a session's reads) never begin one. */
  private txsMade: TransactionStack | undefined = undefined;

  /** @internal */
  constructor(
    private readonly ctx: EngineContext,
    private readonly pooled: PooledConnection,
  ) {
    this.dialect = dialectDefinition(pooled.dialect);
    this.runner = new StatementRunner(ctx, pooled, this.dialect.types, this);
  }

  private get txs(): TransactionStack {
    return (this.txsMade ??= new TransactionStack(
      this.dialect,
      this.pooled,
      this.runner,
      this.ctx.isolationLevel,
    ));
  }

  /** The pool's id of this connection (stable across checkouts). */
  get connectionId(): number {
    return this.pooled.id;
  }

  /** The server's id of the session: PostgreSQL backend pid, MySQL thread id, SQL Server SPID. */
  get sessionId(): string | number | undefined {
    return this.pooled.driver.sessionId;
  }

  /** Whether a transaction (begun by `begin()` or by an `engineConnect` listener) is open. */
  get inTransaction(): boolean {
    return this.txsMade?.current !== undefined;
  }

  /** The transaction begun with `begin()` (or by `beginNested()`), while it is open. */
  getTransaction(): Transaction | undefined {
    return this.txsMade?.current;
  }

  /** The innermost open SAVEPOINT, if any. */
  getNestedTransaction(): NestedTransaction | undefined {
    return this.txsMade?.innermostSavepoint;
  }

  /** Whether `close()` was called; a closed connection refuses statements. */
  get isClosed(): boolean {
    return this.runner.closed;
  }

  /**
   * Compiles and runs a statement; rows are converted by the column types and typed by the
   * statement.
   *
   * @example
   * const rows = (await conn.execute(select(users.c.id, users.c.name))).all(); // { id: number; name: string }[]
   */
  async execute<Row>(statement: Executable<Row>): Promise<Result<Row>> {
    return this.runner.execute<Row>(this.compile(statement));
  }

  /** Compiles as `execute()` does: for this dialect, under the `schemaTranslateMap` in effect. */
  compile(statement: Executable): CompiledQuery {
    const schemaTranslateMap = this.effectiveExecutionOptions.schemaTranslateMap;
    return compile(statement, this.dialect, schemaTranslateMap && { schemaTranslateMap });
  }

  /**
   * The first column of the first row, or null; given a sequence, its next value.
   * @example const next = await conn.scalar(orderNo);
   */
  async scalar(statement: Sequence): Promise<number>;
  async scalar<Row>(statement: Executable<Row>): Promise<ScalarOf<Row> | null>;
  async scalar(statement: Executable | Sequence): Promise<unknown> {
    const query = statement instanceof Sequence ? select(statement.nextValue()) : statement;
    return (await this.execute(query)).scalar();
  }

  /** The execution options in effect for statements run now (empty outside `withExecutionOptions`). */
  get executionOptions(): ExecutionOptions {
    return this.runner.options;
  }

  /** The options statements run with now: `executionOptions` over the engine's and `setExecutionOptions`'. */
  get effectiveExecutionOptions(): ExecutionOptions {
    return this.runner.effectiveOptions();
  }

  /** Execution options for the rest of this checkout, over the engine's, under a session's or statement's. */
  setExecutionOptions(options: ExecutionOptions): this {
    this.runner.base = mergeExecutionOptions(this.runner.base, checkExecutionOptions(options));
    return this;
  }

  /**
   * Runs `fn` with `options` as the execution options of every statement it runs on this
   * connection (reported to `beforeExecute`/`afterExecute` listeners); the session uses it for
   * the statements of one call. The scope belongs to the connection, not to a call: two callers
   * interleaving on one connection would see each other's options (a session's calls do not).
   */
  async withExecutionOptions<T>(options: ExecutionOptions, fn: () => Promise<T>): Promise<T> {
    const runner = this.runner;
    const before = runner.options;
    runner.options = options;
    try {
      return await fn();
    } finally {
      runner.options = before;
    }
  }

  /** Runs an already compiled query (compiled for this connection's dialect). */
  executeCompiled<Row = Record<string, unknown>>(compiled: CompiledQuery): Promise<Result<Row>> {
    return this.runner.execute<Row>(compiled);
  }

  /** @internal Where the ORM operation running on this connection is kept, for its statements' spans. */
  get traceScope(): TraceScope {
    return this.runner;
  }

  /**
   * @internal `executeCompiled()`, answered synchronously when the driver runs statements in the
   * calling thread (see `StatementRunner.executeNow`); throws instead of rejecting then.
   */
  executeCompiledNow<Row = Record<string, unknown>>(
    compiled: CompiledQuery,
  ): Result<Row> | Promise<Result<Row>> {
    return this.runner.executeNow<Row>(compiled);
  }

  /**
   * @internal The time this checkout waited for the pool, until its first statement takes it into
   * its timing and its wait-time record (undefined then, or when checkouts are not timed).
   */
  get poolWaitMillis(): number | undefined {
    return this.runner.poolWaitMillis;
  }

  /** Set by the engine on checkout: how long the checkout waited for the pool, reported by telemetry. */
  set poolWaitMillis(millis: number | undefined) {
    this.runner.poolWaitMillis = millis;
  }

  /**
   * Runs one compiled statement once per parameter set (oracledb sends them in one round trip;
   * sqlite3 re-uses one prepared statement). Returned rows are concatenated, counts summed.
   *
   * @example
   * const q = compile(insert(users).values({ name: 'a' }), conn.dialect);
   * await conn.executeMany(q, [['a'], ['b'], ['c']]);
   */
  executeMany<Row = Record<string, unknown>>(
    compiled: CompiledQuery,
    paramSets: ParamSets,
  ): Promise<Result<Row>> {
    return this.runner.execute<Row>(compiled, paramSets);
  }

  /**
   * Streams the rows of a query through the driver's cursor, in bounded memory. Finish (or break
   * out of) the loop before running anything else on this connection: a statement started while
   * the stream is open raises InvalidRequestError, and closing the connection mid-stream discards
   * it from the pool.
   *
   * @example
   * for await (const row of conn.stream(select(events.c.id, events.c.at))) handle(row);
   */
  async *stream<Row>(
    statement: Executable<Row> | CompiledQuery,
    options: StreamOptions = {},
  ): AsyncGenerator<Row, void, undefined> {
    const compiled = 'sql' in statement ? statement : this.compile(statement);
    yield* this.runner.stream<Row>(compiled, options.batchSize);
  }

  // ---- transactions ----

  /**
   * Begins a transaction. Throws if one is already open (use `beginNested()` for a savepoint).
   *
   * @example
   * const tx = await conn.begin({ isolationLevel: 'SERIALIZABLE' });
   * try { …; await tx.commit(); } catch (e) { await tx.rollback(); throw e; }
   */
  begin(options: BeginOptions = {}): Promise<Transaction> {
    return this.txs.begin(options);
  }

  /**
   * Begins a transaction for two-phase commit, under `xid` (a new random id when omitted):
   * PostgreSQL (with `max_prepared_transactions` > 0 on the server), MySQL and MariaDB (XA).
   * Elsewhere it raises `NotSupportedError`.
   *
   * @example
   * const tx = await conn.beginTwoPhase();
   * await conn.execute(stmt);
   * await tx.prepare();
   * await tx.commit();
   */
  beginTwoPhase(xid?: string, options: BeginOptions = {}): Promise<TwoPhaseTransaction> {
    return this.txs.beginTwoPhase(xid, options);
  }

  /** Commits the open transaction. */
  async commit(): Promise<void> {
    const tx = this.txsMade?.current;
    if (tx === undefined) throw new InvalidRequestError('commit(): no transaction is open');
    await this.txs.commitTransaction(tx);
  }

  /** Rolls back the open transaction. */
  async rollback(): Promise<void> {
    const tx = this.txsMade?.current;
    if (tx === undefined) throw new InvalidRequestError('rollback(): no transaction is open');
    await this.txs.rollbackTransaction(tx);
  }

  /**
   * Begins a SAVEPOINT, beginning the outer transaction first if none is open.
   *
   * @example
   * const sp = await conn.beginNested();
   * try { await conn.execute(stmt); await sp.commit(); } catch { await sp.rollback(); }
   */
  beginNested(): Promise<NestedTransaction> {
    return this.txs.beginNested();
  }

  /**
   * Runs `fn` in a transaction on this connection: commits when it resolves, rolls back when it
   * throws. Inside an open transaction it runs in a savepoint instead.
   */
  async transaction<T>(fn: (conn: Connection) => Promise<T>, options: BeginOptions = {}): Promise<T> {
    const tx = this.txsMade?.current === undefined ? await this.begin(options) : await this.beginNested();
    let result: T;
    try {
      result = await fn(this);
    } catch (e) {
      if (tx.isActive) await tx.rollback().catch(() => undefined);
      throw e;
    }
    if (tx.isActive) await tx.commit();
    return result;
  }

  // ---- two-phase commit ----

  /**
   * The ids of the transactions prepared and not yet ended on this connection's database — by
   * any connection, including ones since lost — to finish with `commitPrepared` / `rollbackPrepared`.
   */
  recoverTwoPhase(): Promise<string[]> {
    return recoverPrepared(this);
  }

  /** Commits a transaction prepared under `xid` (on any connection). Outside a transaction only. */
  commitPrepared(xid: string): Promise<void> {
    return finishPrepared(this, xid, 'commit');
  }

  /** Rolls back a transaction prepared under `xid` (on any connection). Outside a transaction only. */
  rollbackPrepared(xid: string): Promise<void> {
    return finishPrepared(this, xid, 'rollback');
  }

  /** Rolls back an open transaction and returns the connection to the pool. Safe to call twice. */
  async close(): Promise<void> {
    if (this.runner.closed || this.closeIdle()) return;
    // A stream left open mid-result: the driver connection is still receiving rows, so it must
    // not serve anyone else. The pool discards it.
    if (this.runner.streaming) this.pooled.invalid = true;
    try {
      const tx = this.txsMade?.current;
      if (tx !== undefined) {
        await this.txs.rollbackTransaction(tx).catch(() => {
          this.pooled.invalid = true;
        });
      }
    } finally {
      this.checkIn();
    }
  }

  /**
   * Closes the connection for good instead of returning it to the pool (SQLAlchemy's
   * `invalidate()`): a server connection's socket is closed, so the server rolls back what was open;
   * an embedded one is discarded by the pool. For a connection whose state is not to be trusted.
   * Safe to call twice, and after `close()`.
   */
  invalidate(): void {
    if (this.runner.closed) return;
    this.pooled.invalid = true;
    this.pooled.driver.destroy?.();
    this.txsMade?.end();
    this.checkIn();
  }

  /**
   * @internal Returns the connection to the pool right away when there is nothing to roll back or
   * wait for (no transaction, stream or statement in flight); false when `close()` is needed.
   */
  closeIdle(): boolean {
    if (this.runner.closed) return true;
    if (this.txsMade?.current !== undefined || this.runner.streaming || this.runner.inFlight > 0)
      return false;
    this.checkIn();
    return true;
  }

  private checkIn(): void {
    this.runner.closed = true;
    // A checkout that ran no statement still reports its wait.
    const wait = this.runner.poolWaitMillis;
    if (wait !== undefined) this.ctx.instrumentation?.poolWait(wait);
    this.ctx.pool.release(this.pooled);
    if (this.ctx.events.has('checkin')) this.ctx.events.emit('checkin', { connectionId: this.pooled.id });
  }

  /**
   * `await using conn = await engine.connect()`: closes the connection (rolling back an open transaction)
   * when the block exits.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
