import type { HandOver } from './handover-queue';
import type { Context, HrTime, OtelApi, Span, SpanOptions, Tracer } from './otel-api';

/**
 * An ORM operation (flush, load) running on a connection, traced: the parent of the spans of the
 * statements it runs there. Operations nested on one connection (a selectin load inside a load)
 * stack; one that ended is dropped when it reaches the top. Its span is made when first needed:
 * at its start when spans are made as work happens, else when its first statement or its own end
 * is handed over, with the start time it measured.
 * @internal
 */
export class OrmOperation implements HandOver {
  ended = false;
  private endedAt = 0;
  private failed = false;
  private error: unknown;
  private span: Span | undefined;
  private spanContext: Context | undefined;
  private offset: number | undefined;

  constructor(
    private readonly api: OtelApi,
    private readonly tracer: Tracer,
    private readonly name: string,
    private readonly options: SpanOptions,
    /** `db.system.name` when it started; set again at the end if the engine resolved another. */
    private readonly system: string,
    private readonly resolvedSystem: () => string,
    /** The caller's context, or the operation this one runs inside. */
    private readonly parent: Context | OrmOperation,
    readonly below: OrmOperation | undefined,
    private readonly startedAt: number | undefined,
  ) {}

  /** The context its statements' spans take as parent: its span's. */
  context(): Context {
    if (this.spanContext === undefined) {
      const parent = this.parent instanceof OrmOperation ? this.parent.context() : this.parent;
      const options =
        this.startedAt === undefined
          ? this.options
          : {
              kind: this.options.kind,
              attributes: this.options.attributes,
              startTime: hrTime(this.startedAt + this.epochOffset()),
            };
      this.span = this.tracer.startSpan(this.name, options, parent);
      this.spanContext = this.api.trace.setSpan(parent, this.span);
    }
    return this.spanContext;
  }

  /**
   * What turns a time of the monotonic clock into epoch milliseconds for the spans made after the
   * work: read once per tree of operations, so that the times of an operation and of everything
   * under it keep their exact order (each span the SDK converts on its own gets a millisecond of
   * jitter from `Date.now()`).
   */
  epochOffset(): number {
    return (this.offset ??=
      this.parent instanceof OrmOperation ? this.parent.epochOffset() : epochOffsetAt(this.startedAt ?? 0));
  }

  /** The operation is over (`failed`: with `error`); the time is read now. */
  end(failed: boolean, error?: unknown): void {
    this.ended = true;
    this.endedAt = performance.now();
    this.failed = failed;
    this.error = error;
  }

  handOver(): void {
    this.context();
    const span = this.span!;
    if (this.failed && span.isRecording()) {
      const error = this.error as Error;
      span.recordException(error, this.endTime());
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: error.message });
    }
    // The engine's first connection may have resolved the dialect meanwhile (MariaDB).
    const resolved = this.resolvedSystem();
    if (resolved !== this.system) span.setAttribute('db.system.name', resolved);
    span.end(this.endTime());
  }

  /** The end as the span takes it: an epoch time when made after the work. */
  private endTime(): number | HrTime {
    return this.startedAt === undefined ? this.endedAt : hrTime(this.endedAt + this.epochOffset());
  }
}

/**
 * Epoch milliseconds as the SDK keeps times, `[seconds, nanoseconds]`: given so, a time is taken
 * as it is, where a number costs the SDK a clock read and a conversion per start and per end.
 */
export function hrTime(epochMillis: number): HrTime {
  let seconds = Math.trunc(epochMillis / 1000);
  let nanos = Math.round((epochMillis - seconds * 1000) * 1e6);
  if (nanos >= 1e9) {
    seconds += 1;
    nanos -= 1e9;
  }
  return [seconds, nanos];
}

/** The last offset read, and the monotonic time it was read at. */
let offsetRead = { offset: 0, at: -Infinity };

/** How long an offset read serves: the clocks drift apart far slower than `Date.now()` ticks. */
const OFFSET_SERVES_MILLIS = 100;

/**
 * Epoch milliseconds minus the monotonic clock's, for times measured about `at` (a time of the
 * monotonic clock): the offset read last, unless it was read more than 100 ms away from `at`.
 * Telemetry made after the work thus reads no clock per operation.
 */
export function epochOffsetAt(at: number): number {
  if (Math.abs(at - offsetRead.at) > OFFSET_SERVES_MILLIS) {
    const now = performance.now();
    offsetRead = { offset: Date.now() - now, at: now };
  }
  return offsetRead.offset;
}
