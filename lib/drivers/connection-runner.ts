import { InvalidRequestError } from '../errors';
import {
  mergeExecutionOptions,
  NO_EXECUTION_OPTIONS,
  type CompiledQuery,
  type ExecutionOptions,
  type TypeRenderer,
} from '../sql';
import type { EngineContext } from './context';
import type { DriverQuery, RawResult } from './driver';
import type { PooledConnection } from './pool';
import { Result } from './result';
import { convertRows, rowConverter } from './row-converter';
import {
  controlStatement,
  type OrmFrame,
  type StatementTrace,
  type TraceScope,
} from './telemetry/instrumentation';
import {
  afterStatement,
  answerWithin,
  beforeStatement,
  statementFailed,
  type ParamSets,
} from './connection-hooks';

const NO_PARAMS: readonly unknown[] = Object.freeze([]);

const noop = (): void => undefined;

/**
 * How statements run on one checked-out connection: one after another, with events, echo,
 * tracing, the client-side timeout and error translation. The `Connection` owns one and adds
 * transactions and the connection's lifetime on top.
 * @internal
 */
export class StatementRunner implements TraceScope {
  /** The connection went back to the pool (or was invalidated): no statement may run. */
  closed = false;
  /** The execution options of what runs now (see `Connection.withExecutionOptions`). */
  options: ExecutionOptions = NO_EXECUTION_OPTIONS;
  /** The engine's execution options with the connection's own over them (`setExecutionOptions`). */
  base: ExecutionOptions = NO_EXECUTION_OPTIONS;
  /**
   * The time this checkout waited for the pool, until its first statement takes it (timing and
   * the wait-time metric go with that statement's); undefined once taken, or when not timed.
   */
  poolWaitMillis: number | undefined = undefined;
  /** A `stream()` is between its first and last row: the driver connection is busy with it. */
  streaming = false;
  /** Statements sent and not yet finished (each `runNow` counts itself down when it ends). */
  inFlight = 0;
  /**
   * The last statement sent; the next one chains behind it while any is in flight. The statement's
   * own promise, not a derived one: no allocation per statement for the common, sequential case.
   * Dropped when nothing is in flight, so an idle connection does not keep its last result alive.
   */
  private last: Promise<RawResult> | undefined;
  /** The traced ORM operation running on this connection: its statements' spans are its children. */
  ormFrame: OrmFrame | undefined = undefined;

  constructor(
    private readonly ctx: EngineContext,
    private readonly pooled: PooledConnection,
    private readonly types: TypeRenderer,
    /** Whether a transaction is open: drivers that autocommit (oracledb) must not inside one. */
    private readonly owner: { readonly inTransaction: boolean },
  ) {
    this.base = ctx.executionOptions;
  }

  /** The execution options in effect: `options` over `base` (no copy unless both have some). */
  effectiveOptions(): ExecutionOptions {
    // Read twice per statement: no merge call (and its argument array) when one side is empty.
    const { base, options } = this;
    if (options === NO_EXECUTION_OPTIONS) return base;
    return base === NO_EXECUTION_OPTIONS ? options : mergeExecutionOptions(base, options);
  }

  /** Runs a compiled query (with `paramSets`: once per set) and converts its rows. */
  async execute<Row>(compiled: CompiledQuery, paramSets?: ParamSets): Promise<Result<Row>> {
    const trace = this.ctx.instrumentation?.statement(
      compiled,
      paramSets?.length,
      this.takePoolWait(),
      this.pooled.id,
      this.ormFrame,
    );
    // One path with and without a trace: a traced statement costs no promise of its own.
    const raw = await this.run(this.query(compiled, trace?.sql), paramSets, trace);
    const rows = convertRows(raw.rows, rowConverter(compiled, this.types)) as Row[];
    trace?.end(raw.rowCount);
    return new Result<Row>(rows, raw.rowCount, compiled.columns, raw.lastInsertId);
  }

  /**
   * `execute()` answered synchronously when the driver can (better-sqlite3 outside a lock wait):
   * the same events, echo and error translation, without the promises and microtask hops of the
   * asynchronous path, traced as `execute()` traces. A query timeout, a statement in flight or an
   * open stream take `execute()`. Throws what `execute()` would reject with.
   */
  executeNow<Row>(compiled: CompiledQuery): Result<Row> | Promise<Result<Row>> {
    const { ctx, pooled } = this;
    const driver = pooled.driver;
    if (
      driver.executeNow === undefined ||
      this.inFlight > 0 ||
      this.streaming ||
      ctx.queryTimeoutMillis !== undefined
    )
      return this.execute<Row>(compiled);
    let query = this.query(compiled);
    if (driver.answersNow?.(query) !== true) return this.execute<Row>(compiled);
    const trace = ctx.instrumentation?.statement(
      compiled,
      undefined,
      this.takePoolWait(),
      pooled.id,
      this.ormFrame,
    );
    // A sqlcommenter comment goes at the end: it changes nothing of what answersNow() reads.
    if (trace !== undefined && trace.sql !== query.sql) query = { ...query, sql: trace.sql };
    pooled.activity++;
    try {
      this.assertOpen();
      const started = this.sending(query, undefined, trace);
      let raw: RawResult;
      try {
        raw = driver.executeNow(query);
      } catch (e) {
        throw this.failed(e, query, undefined, trace);
      }
      this.answered(query, undefined, raw.rowCount, started, trace);
      const rows = convertRows(raw.rows, rowConverter(compiled, this.types)) as Row[];
      trace?.end(raw.rowCount);
      return new Result<Row>(rows, raw.rowCount, compiled.columns, raw.lastInsertId);
    } finally {
      pooled.activity++;
    }
  }

  private takePoolWait(): number | undefined {
    const wait = this.poolWaitMillis;
    this.poolWaitMillis = undefined;
    return wait;
  }

  /** A statement about to go to the driver: `beforeExecute`, echo, its trace; the start time. */
  private sending(
    query: DriverQuery,
    paramSets: ParamSets | undefined,
    trace: StatementTrace | undefined,
  ): number {
    const started = beforeStatement(
      this.ctx,
      this.pooled,
      this.effectiveOptions(),
      query.sql,
      query.params,
      paramSets,
    );
    trace?.send();
    return started;
  }

  /** A statement the driver refused: the translated error, reported and recorded on its trace. */
  private failed(
    e: unknown,
    query: DriverQuery,
    paramSets: ParamSets | undefined,
    trace: StatementTrace | undefined,
  ): Error {
    const params = paramSets === undefined ? query.params : (paramSets[0] ?? []);
    const error = statementFailed(this.ctx, this.pooled, e, query.sql, params);
    trace?.fail(error);
    return error;
  }

  /** A statement the driver answered: its trace and `afterExecute`. */
  private answered(
    query: DriverQuery,
    paramSets: ParamSets | undefined,
    rowCount: number,
    started: number,
    trace: StatementTrace | undefined,
  ): void {
    trace?.received();
    afterStatement(
      this.ctx,
      this.pooled,
      this.effectiveOptions(),
      query.sql,
      query.params,
      paramSets,
      rowCount,
      started,
    );
  }

  /** See `Connection.stream()`. */
  async *stream<Row>(
    compiled: CompiledQuery,
    batchSize: number | undefined,
  ): AsyncGenerator<Row, void, undefined> {
    const trace = this.ctx.instrumentation?.statement(
      compiled,
      undefined,
      this.takePoolWait(),
      this.pooled.id,
      this.ormFrame,
    );
    const query = this.query(compiled, trace?.sql);
    const convert = rowConverter(compiled, this.types);
    // Statements already sent finish first (their failures are their callers' to handle).
    while (this.inFlight > 0) await this.last!.then(noop, noop);
    this.assertOpen();
    this.assertNotStreaming();
    this.streaming = true;
    this.pooled.activity++;
    const started = this.sending(query, undefined, trace);
    let count = 0;
    try {
      for await (const row of this.pooled.driver.stream(query, batchSize ?? this.ctx.streamBatchSize)) {
        count++;
        yield (convert === undefined ? row : convert(row)) as Row;
      }
    } catch (e) {
      throw this.failed(e, query, undefined, trace);
    } finally {
      this.streaming = false;
      this.pooled.activity++;
    }
    this.answered(query, undefined, count, started, trace);
    trace?.end(count);
  }

  private query(compiled: CompiledQuery, sql = compiled.sql): DriverQuery {
    return {
      sql,
      params: compiled.params,
      outBinds: compiled.outBinds,
      returnsRows: compiled.returnsRows,
      autoCommit: !this.owner.inTransaction,
    };
  }

  /** Transaction control statements go through the same events and echo as any other. */
  control(sql: string): Promise<RawResult> {
    const instrumentation = this.ctx.instrumentation;
    const trace = instrumentation?.statement(
      controlStatement(sql),
      undefined,
      this.takePoolWait(),
      this.pooled.id,
      this.ormFrame,
    );
    const run = this.run(
      { sql, params: NO_PARAMS, returnsRows: false, autoCommit: !this.owner.inTransaction },
      undefined,
      trace,
    );
    return trace === undefined
      ? run
      : run.then((raw) => {
          trace.end(undefined);
          return raw;
        });
  }

  /**
   * Statements on one connection run one after another, even when callers do not wait (for
   * example `Promise.all` over queries of one session): client libraries either queue them with
   * a deprecation warning (pg) or interleave badly. When nothing is in flight (the usual case) a
   * statement starts at once; otherwise it chains behind the last one.
   */
  private run(
    query: DriverQuery,
    paramSets: ParamSets | undefined,
    trace?: StatementTrace,
  ): Promise<RawResult> {
    this.assertNotStreaming();
    // Counted before runNow starts: it counts itself down when it ends, possibly synchronously.
    const result =
      ++this.inFlight === 1
        ? this.runNow(query, paramSets, trace)
        : this.last!.then(
            () => this.runNow(query, paramSets, trace),
            () => this.runNow(query, paramSets, trace),
          );
    this.last = result;
    return result;
  }

  private async runNow(
    query: DriverQuery,
    paramSets: ParamSets | undefined,
    trace: StatementTrace | undefined,
  ): Promise<RawResult> {
    const { ctx, pooled } = this;
    pooled.activity++;
    try {
      this.assertOpen();
      const started = this.sending(query, paramSets, trace);
      let raw: RawResult;
      try {
        const driver = pooled.driver;
        const sent = paramSets === undefined ? driver.execute(query) : driver.executeMany(query, paramSets);
        trace?.awaiting();
        const limit = ctx.queryTimeoutMillis;
        raw = await (limit === undefined ? sent : answerWithin(ctx, pooled, sent, limit, query, paramSets));
      } catch (e) {
        throw this.failed(e, query, paramSets, trace);
      }
      this.answered(query, paramSets, raw.rowCount, started, trace);
      return raw;
    } finally {
      if (--this.inFlight === 0) this.last = undefined;
      pooled.activity++;
    }
  }

  assertNotStreaming(): void {
    if (this.streaming) {
      throw new InvalidRequestError(
        'a stream() is still open on this connection; finish or break out of its loop before running another statement',
      );
    }
  }

  assertOpen(): void {
    if (this.closed)
      throw new InvalidRequestError('this connection is closed; check out another with engine.connect()');
  }
}
