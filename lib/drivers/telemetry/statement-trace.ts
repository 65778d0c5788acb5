import type { AthanorError } from '../../errors';
import type { CompiledQuery } from '../../sql';
import type { HandOver } from './handover-queue';
import type { OrmOperation } from './orm-operation';
import type { Attributes, Context, Histogram, Span, SpanOptions } from './otel-api';

/** @internal */
export /** A statement's telemetry attributes, for the `db.system.name` they were made with. */
interface StatementAttributes {
  readonly system: string;
  /** `db.client.operation.duration`'s. */
  readonly metric: Attributes;
  /** The client span's options: its kind; the metric's attributes plus the query text. */
  readonly span: SpanOptions & { readonly attributes: Attributes };
  readonly name: string;
}

/** What a statement's trace reports to. @internal */
export interface TraceOwner {
  /** Whether a trace times its phases (sent, answered). */
  readonly timesPhases: boolean;
  /** The statement is over: `ended`, and `rowCount` or `error`, are set. */
  finish(trace: StatementTrace): void;
  /** Makes the span and the duration record of a finished statement. */
  handOverStatement(trace: StatementTrace): void;
  /** A statement is at the server and its caller waits for the answer. */
  awaitingAnswer(): void;
}

/**
 * One round trip being timed: started (queued, compiled), executing (sent to the driver),
 * executed (the driver answered), finished (rows converted).
 * @internal
 */
export class StatementTrace implements HandOver {
  readonly started = performance.now();
  executing = 0;
  executed = 0;
  /** When the round trip was over (0 until then). */
  ended = 0;
  rowCount: number | undefined;
  error: AthanorError | undefined;

  constructor(
    private readonly owner: TraceOwner,
    readonly compiled: CompiledQuery,
    /** The span's and duration metric's attributes, looked up once when the trace starts. */
    readonly attributes: StatementAttributes | undefined,
    /** Whether the statement gets a span. */
    readonly traced: boolean,
    /** Its span when made as the statement started, else made when handed over. */
    readonly span: Span | undefined,
    /**
     * When made after the statement: its span's parent (the ORM operation, else the caller's
     * context), and the context of its duration record.
     */
    readonly parent: Context | OrmOperation | undefined,
    /** The SQL to send (with the sqlcommenter comment when enabled). */
    readonly sql: string,
    readonly batchSize: number | undefined,
    /** Its checkout's wait for the pool when it is the checkout's first statement. */
    readonly poolWaitMillis: number | undefined,
    readonly connectionId: number,
  ) {}

  /** The statement is sent now. */
  send(): void {
    if (this.owner.timesPhases) this.executing = performance.now();
  }

  /**
   * The driver sent the statement and the answer is awaited: the time to make the spans and
   * records of work finished earlier, while the server works.
   */
  awaiting(): void {
    this.owner.awaitingAnswer();
  }

  /** The driver answered. */
  received(): void {
    if (this.owner.timesPhases) this.executed = performance.now();
  }

  /** Rows are converted: the round trip is over. */
  end(rowCount: number | undefined): void {
    if (this.ended !== 0) return;
    this.ended = performance.now();
    this.rowCount = rowCount;
    this.owner.finish(this);
  }

  fail(error: AthanorError): void {
    if (this.ended !== 0) return;
    this.ended = performance.now();
    if (this.executed === 0 && this.owner.timesPhases) this.executed = this.ended;
    this.error = error;
    this.owner.finish(this);
  }

  handOver(): void {
    this.owner.handOverStatement(this);
  }
}

/** A checkout's wait for a connection, for the wait-time histogram. @internal */
export class PoolWaitRecord implements HandOver {
  constructor(
    private readonly histogram: Histogram,
    private readonly seconds: number,
    private readonly attributes: Attributes,
    /** The caller's context when the connection was taken. */
    private readonly context: Context,
  ) {}

  handOver(): void {
    this.histogram.record(this.seconds, this.attributes, this.context);
  }
}

const controls = new Map<string, CompiledQuery>();

/**
 * A transaction-control statement (`BEGIN`, `COMMIT`, `SAVEPOINT sa_savepoint_1`) as a compiled
 * query for its trace: its first word is its operation. Cached: there are a handful per dialect.
 * @internal
 */
export function controlStatement(sql: string): CompiledQuery {
  let compiled = controls.get(sql);
  if (compiled === undefined) {
    const operation = sql.split(/\s/, 1)[0]!.toUpperCase();
    compiled = Object.freeze({
      sql,
      params: Object.freeze([]),
      columns: Object.freeze([]),
      statementKind: 'text',
      returnsRows: false,
      summary: Object.freeze({ operation, collections: Object.freeze([]), text: operation }),
    });
    if (controls.size < 1000) controls.set(sql, compiled);
  }
  return compiled;
}
