import type { AthanorError } from '../../errors';
import type { CompiledQuery } from '../../sql';
import type { PoolStatus } from '../pool';
import { LEVELS, type Logger, type LogLevel } from './logger';
import type { LoggingOptions, SqlCommentTags, TelemetryOptions } from './options';
import {
  otelApi,
  type Attributes,
  type Context,
  type Histogram,
  type OtelApi,
  type Span,
  type SpanOptions,
  type Tracer,
} from './otel-api';
import { sqlComment } from './sql-comment';

const VERSION = '0.1.0';

/** Where an engine's statements go: what every span and metric names. */
export interface Endpoint {
  /** `db.system.name`; read per statement, as a MySQL URL may turn out to be MariaDB. */
  system(): string;
  readonly namespace: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
}

/** A statement's telemetry attributes, for the `db.system.name` they were made with. */
interface StatementAttributes {
  readonly system: string;
  /** `db.client.operation.duration`'s. */
  readonly metric: Attributes;
  /** The client span's options: its kind; the metric's attributes plus query summary and text. */
  readonly span: SpanOptions & { readonly attributes: Attributes };
  readonly name: string;
}

/** An ORM span's options for one collection (or none: a flush). */
interface OrmSpanOptions {
  readonly system: string;
  readonly options: SpanOptions;
}

const MAX_CACHED_STATEMENTS = 1000;

/**
 * An ORM operation running on a connection: the context its statements' spans take as parent.
 * Frames of operations nested on one connection (a selectin load inside a load) stack; one that
 * ended is dropped when it reaches the top.
 * @internal
 */
export interface OrmFrame {
  readonly context: Context;
  readonly below: OrmFrame | undefined;
  ended: boolean;
}

/** Where a connection keeps the ORM operation running on it (its statement runner). @internal */
export interface TraceScope {
  ormFrame: OrmFrame | undefined;
}

const consoleLogger: Logger = {
  debug: (m, f) => console.debug(`[athanor] ${m}`, f),
  info: (m, f) => console.info(`[athanor] ${m}`, f),
  warn: (m, f) => console.warn(`[athanor] ${m}`, f),
  error: (m, f) => console.error(`[athanor] ${m}`, f),
};

/** The status code of a failed statement: the server's error number or SQLSTATE. */
function statusCode(error: AthanorError): string | undefined {
  const cause = error.cause as { errno?: unknown; code?: unknown } | undefined;
  if (typeof cause?.errno === 'number') return String(cause.errno);
  if (typeof cause?.code === 'string' || typeof cause?.code === 'number') return String(cause.code);
  return undefined;
}

/**
 * An engine's logging and OpenTelemetry instruments; made only when the engine asks for them, so
 * an engine without them pays one `undefined` check per statement.
 * @internal
 */
export class Instrumentation {
  private readonly api: OtelApi | undefined;
  private readonly tracer: Tracer | undefined;
  private readonly duration: Histogram | undefined;
  private readonly waitTime: Histogram | undefined;
  private readonly logger: Logger | undefined;
  private readonly level: number;
  private readonly slowMillis: number;
  private readonly queryText: boolean;
  private readonly commentTags: (() => SqlCommentTags) | undefined;
  private readonly traceparent: boolean;
  /**
   * The global tracer provider when spans go to it: a proxy whose SDK may be registered after the
   * engine is made. Until one is, its tracer makes only no-op spans, and none are started.
   */
  private readonly proxy: { getDelegate(): unknown } | undefined;
  /** What `proxy` delegates to while no SDK is registered. */
  private readonly noopProvider: unknown;
  /** Whether a statement needs a trace without spans: metrics, logging or a SQL comment. */
  private readonly untracedNeeds: boolean;
  /** Whether statements need a trace at all (timing, spans or metrics). */
  readonly active: boolean;
  /** Whether a trace times its phases (sent, answered): only log records split the time. */
  readonly timesPhases: boolean;
  /**
   * Whether a checkout is timed: only the wait-time metric and log records use the pool wait (an
   * untimed checkout is one promise hop shorter).
   */
  readonly timesCheckout: boolean;
  private readonly statementAttributes = new Map<string, StatementAttributes>();
  private poolAttrs: { readonly system: string; readonly attrs: Attributes } | undefined;
  private readonly ormOptions = new Map<string | undefined, OrmSpanOptions>();

  constructor(
    readonly endpoint: Endpoint,
    telemetry: TelemetryOptions | undefined,
    logging: LoggingOptions | undefined,
    poolStatus: () => PoolStatus,
  ) {
    if (logging !== undefined) {
      this.logger = logging.logger ?? consoleLogger;
      this.level = LEVELS[logging.level ?? 'info'];
    } else this.level = LEVELS.silent;
    this.slowMillis = logging?.slowStatementMillis ?? Infinity;
    this.queryText = telemetry?.queryText ?? true;
    const commenter = telemetry?.sqlCommenter;
    this.commentTags = typeof commenter === 'object' ? commenter.tags : undefined;
    this.traceparent =
      commenter === true || (typeof commenter === 'object' && commenter.traceparent !== false);
    if (telemetry !== undefined) {
      const api = (this.api = otelApi());
      if (telemetry.traces !== false) {
        const provider =
          (telemetry.tracerProvider as { getTracer(n: string, v?: string): Tracer } | undefined) ?? api.trace;
        this.tracer = provider.getTracer('athanor', VERSION);
        const global = provider === api.trace ? api.trace.getTracerProvider() : undefined;
        if (global instanceof api.ProxyTracerProvider) {
          this.proxy = global;
          this.noopProvider = new api.ProxyTracerProvider().getDelegate();
        }
      }
      const meter =
        telemetry.metrics === false
          ? undefined
          : (
              (telemetry.meterProvider as
                | { getMeter(n: string, v?: string): ReturnType<OtelApi['metrics']['getMeter']> }
                | undefined) ?? api.metrics
            ).getMeter('athanor', VERSION);
      // No meter provider registered: the API's no-op meter, for good (metrics have no proxy).
      if (meter !== undefined && meter !== api.createNoopMeter()) {
        this.duration = meter.createHistogram('db.client.operation.duration', {
          description: 'Duration of database client operations.',
          unit: 's',
          advice: { explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] },
        });
        this.waitTime = meter.createHistogram('db.client.connection.wait_time', {
          description: 'The time it took to obtain an open connection from the pool.',
          unit: 's',
        });
        const pool = { 'db.client.connection.pool.name': this.poolName() };
        const count = meter.createObservableUpDownCounter('db.client.connection.count', {
          description:
            'The number of connections that are currently in the state described by the state attribute.',
          unit: '{connection}',
        });
        const max = meter.createObservableUpDownCounter('db.client.connection.max', {
          description: 'The maximum number of open connections allowed.',
          unit: '{connection}',
        });
        const pending = meter.createObservableUpDownCounter('db.client.connection.pending_requests', {
          description: 'The number of current pending requests for an open connection.',
          unit: '{request}',
        });
        meter.addBatchObservableCallback(
          (result) => {
            const s = poolStatus();
            result.observe(count, s.used, { ...pool, 'db.client.connection.state': 'used' });
            result.observe(count, s.free, { ...pool, 'db.client.connection.state': 'idle' });
            result.observe(max, s.max, pool);
            result.observe(pending, s.pendingAcquires, pool);
          },
          [count, max, pending],
        );
      }
    }
    this.untracedNeeds =
      this.duration !== undefined ||
      this.level < LEVELS.silent ||
      this.commentTags !== undefined ||
      this.traceparent;
    this.active = this.tracer !== undefined || this.untracedNeeds;
    this.timesPhases = this.logger !== undefined;
    this.timesCheckout = this.waitTime !== undefined || this.logger !== undefined;
  }

  /** Whether spans are made: a tracer, and an SDK behind it when it is the global proxy. */
  private tracing(): boolean {
    return (
      this.tracer !== undefined &&
      (this.proxy === undefined || this.proxy.getDelegate() !== this.noopProvider)
    );
  }

  private poolName(): string {
    const { host, port, namespace } = this.endpoint;
    return `${host ?? this.endpoint.system()}${port === undefined ? '' : `:${port}`}/${namespace ?? ''}`;
  }

  /** The pool-wait metric's attributes, remade only if the system is resolved (MariaDB). */
  private poolAttributes(): Attributes {
    const system = this.endpoint.system();
    if (this.poolAttrs?.system !== system)
      this.poolAttrs = {
        system,
        attrs: Object.freeze({ 'db.client.connection.pool.name': this.poolName() }),
      };
    return this.poolAttrs.attrs;
  }

  /** The attributes every span and metric of a statement carries. */
  private baseAttributes(compiled: CompiledQuery | undefined): Attributes {
    const { namespace, host, port } = this.endpoint;
    const attrs: Attributes = { 'db.system.name': this.endpoint.system() };
    if (namespace !== undefined) attrs['db.namespace'] = namespace;
    const summary = compiled?.summary;
    if (summary !== undefined) {
      attrs['db.operation.name'] = summary.operation;
      if (summary.collections.length === 1) attrs['db.collection.name'] = summary.collections[0];
    }
    if (host !== undefined) attrs['server.address'] = host;
    if (port !== undefined) attrs['server.port'] = port;
    return attrs;
  }

  /**
   * The attributes of a statement's span and of its duration metric, made once per statement
   * text and shared (frozen: the SDK copies span attributes and only reads metric ones). Cached
   * statements hand over the same SQL string each time, so the lookup hashes nothing new.
   */
  private attributesOf(compiled: CompiledQuery): StatementAttributes {
    const system = this.endpoint.system();
    let cached = this.statementAttributes.get(compiled.sql);
    if (cached === undefined || cached.system !== system) {
      const metric = this.baseAttributes(compiled);
      const span: Attributes = { ...metric };
      const summary = compiled.summary;
      if (summary !== undefined) span['db.query.summary'] = summary.text;
      if (this.queryText) span['db.query.text'] = compiled.sql;
      cached = {
        system,
        metric: Object.freeze(metric),
        span: Object.freeze({ kind: this.api!.SpanKind.CLIENT, attributes: Object.freeze(span) }),
        name: summary?.text ?? this.endpoint.namespace ?? system,
      };
      // Bounded: statements built with ever-new SQL (IN lists of every length) must not grow it.
      if (this.statementAttributes.size >= MAX_CACHED_STATEMENTS) this.statementAttributes.clear();
      this.statementAttributes.set(compiled.sql, cached);
    }
    return cached;
  }

  /** Records the time a checkout waited for a connection. */
  poolWait(millis: number): void {
    this.waitTime?.record(millis / 1000, this.poolAttributes());
  }

  /** Starts the trace of one round trip; undefined when nothing would be made of it. */
  statement(
    compiled: CompiledQuery | { readonly sql: string; readonly summary?: undefined },
    batchSize: number | undefined,
    poolWaitMillis: number,
    connectionId: number,
    orm: OrmFrame | undefined,
  ): StatementTrace | undefined {
    const tracing = this.tracing();
    if (!tracing && !this.untracedNeeds) return undefined;
    const attrs =
      tracing || this.duration !== undefined ? this.attributesOf(compiled as CompiledQuery) : undefined;
    const span = tracing ? this.startSpan(attrs!, batchSize, orm?.context) : undefined;
    return new StatementTrace(
      this,
      compiled as CompiledQuery,
      attrs?.metric,
      span,
      this.commented(compiled.sql, span),
      batchSize,
      poolWaitMillis,
      connectionId,
    );
  }

  /** A statement's span: the child of its ORM operation's, else of the active context. */
  private startSpan(
    attrs: StatementAttributes,
    batchSize: number | undefined,
    parent: Context | undefined,
  ): Span {
    const options =
      batchSize !== undefined && batchSize > 1
        ? {
            kind: attrs.span.kind,
            attributes: { ...attrs.span.attributes, 'db.operation.batch.size': batchSize },
          }
        : attrs.span;
    return this.tracer!.startSpan(attrs.name, options, parent);
  }

  /** The SQL to send: with the sqlcommenter comment when enabled. */
  commented(sql: string, span: Span | undefined): string {
    if (this.commentTags === undefined && !this.traceparent) return sql;
    const tags: Record<string, string | undefined> = { db_driver: 'athanor', ...this.commentTags?.() };
    if (this.traceparent && span !== undefined) {
      const c = span.spanContext();
      if (this.api!.trace.isSpanContextValid(c))
        tags.traceparent = `00-${c.traceId}-${c.spanId}-0${(c.traceFlags & 1).toString(16)}`;
    }
    const comment = sqlComment(tags);
    return comment === '' ? sql : `${sql} ${comment}`;
  }

  /** @internal */ finish(
    trace: StatementTrace,
    span: Span | undefined,
    rowCount: number | undefined,
    error: AthanorError | undefined,
  ): void {
    const now = performance.now();
    const execution = trace.executed - trace.executing;
    const rows = error === undefined ? now - trace.executed : 0;
    const total = trace.poolWaitMillis + (now - trace.started);
    const code = error === undefined ? undefined : statusCode(error);
    // A span a sampler dropped takes no attributes: only end() (the SDK's processors expect it).
    if (span !== undefined && !span.isRecording()) span.end();
    else if (span !== undefined) {
      if (error !== undefined) {
        span.setAttribute('error.type', error.name);
        if (code !== undefined) span.setAttribute('db.response.status_code', code);
        span.recordException(error);
        span.setStatus({ code: this.api!.SpanStatusCode.ERROR, message: error.message });
      } else if (rowCount !== undefined) span.setAttribute('db.response.returned_rows', rowCount);
      span.end();
    }
    if (this.duration !== undefined) {
      let attrs = trace.metricAttributes!;
      if (error !== undefined) {
        attrs = { ...attrs, 'error.type': error.name };
        if (code !== undefined) attrs['db.response.status_code'] = code;
      }
      this.duration.record((now - trace.started) / 1000, attrs);
    }
    if (this.logger === undefined) return;
    const level: LogLevel | undefined =
      error !== undefined ? 'error' : total >= this.slowMillis ? 'warn' : 'debug';
    if (LEVELS[level] < this.level) return;
    const fields: Record<string, unknown> = {
      sql: trace.compiled.sql,
      connectionId: trace.connectionId,
      durationMillis: round(total),
      poolWaitMillis: round(trace.poolWaitMillis),
      executionMillis: round(execution),
      rowProcessingMillis: round(rows),
    };
    if (rowCount !== undefined) fields.rowCount = rowCount;
    if (trace.batchSize !== undefined) fields.batchSize = trace.batchSize;
    if (error !== undefined) fields.error = error.message;
    const message =
      error !== undefined ? 'statement failed' : level === 'warn' ? 'slow statement' : 'statement';
    this.logger[level](message, fields);
  }

  /**
   * Runs an ORM operation (flush, load) on the connection whose `scope` is given, under a span of
   * its own: the parent of the spans of the statements it runs on that connection, handed to them
   * through `scope` rather than by making it the active context. Entering a context would switch
   * on the context manager's AsyncLocalStorage, whose hooks every promise of the process then pays
   * for, in an application that had none active. Code the operation calls (event listeners) runs
   * in the caller's context, as with opentelemetry-instrumentation-sqlalchemy: its own spans are
   * siblings of the ORM span; its statements on the operation's connection are its children.
   * Operations of one session run at once (`Promise.all`) share its connection: a statement is
   * the child of the latest one still running. An operation that answers without a promise
   * (a synchronous driver) ends its span at once.
   */
  orm<T>(
    name: string,
    collection: string | undefined,
    scope: TraceScope,
    fn: () => T | Promise<T>,
  ): T | Promise<T> {
    if (!this.tracing()) return fn();
    const api = this.api!;
    const system = this.endpoint.system();
    let cached = this.ormOptions.get(collection);
    if (cached === undefined || cached.system !== system) {
      const attrs: Attributes = { 'db.system.name': system };
      if (this.endpoint.namespace !== undefined) attrs['db.namespace'] = this.endpoint.namespace;
      if (collection !== undefined) attrs['db.collection.name'] = collection;
      const options = { kind: api.SpanKind.INTERNAL, attributes: Object.freeze(attrs) };
      cached = { system, options: Object.freeze(options) };
      if (this.ormOptions.size >= MAX_CACHED_STATEMENTS) this.ormOptions.clear();
      this.ormOptions.set(collection, cached);
    }
    const below = scope.ormFrame;
    const parent = below?.context ?? api.context.active();
    const span = this.tracer!.startSpan(name, cached.options, parent);
    const frame: OrmFrame = { context: api.trace.setSpan(parent, span), below, ended: false };
    scope.ormFrame = frame;
    const end = (failed: boolean, error?: unknown): void => {
      frame.ended = true;
      let top = scope.ormFrame;
      while (top?.ended === true) top = top.below;
      scope.ormFrame = top;
      if (failed && span.isRecording()) {
        span.recordException(error as Error);
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: (error as Error).message });
      }
      // Again at the end if the engine's first connection resolved the dialect (MariaDB).
      const resolved = this.endpoint.system();
      if (resolved !== system) span.setAttribute('db.system.name', resolved);
      span.end();
    };
    let running: T | Promise<T>;
    try {
      running = fn();
    } catch (e) {
      end(true, e);
      throw e;
    }
    if (!(running instanceof Promise)) {
      end(false);
      return running;
    }
    return running.then(
      (value) => {
        end(false);
        return value;
      },
      (e: unknown) => {
        end(true, e);
        throw e;
      },
    );
  }
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * One round trip being timed: started (queued, compiled), executing (sent to the driver),
 * executed (the driver answered), finished (rows converted).
 * @internal
 */
export class StatementTrace {
  readonly started = performance.now();
  executing = 0;
  executed = 0;

  constructor(
    private readonly owner: Instrumentation,
    readonly compiled: CompiledQuery,
    /** The duration metric's attributes (looked up once, with the span's, when the trace starts). */
    readonly metricAttributes: Attributes | undefined,
    private span: Span | undefined,
    /** The SQL to send (with the sqlcommenter comment when enabled). */
    readonly sql: string,
    readonly batchSize: number | undefined,
    readonly poolWaitMillis: number,
    readonly connectionId: number,
  ) {}

  /** The statement is sent now. */
  send(): void {
    if (this.owner.timesPhases) this.executing = performance.now();
  }

  /** The driver answered. */
  received(): void {
    if (this.owner.timesPhases) this.executed = performance.now();
  }

  /** Rows are converted: the round trip is over. */
  end(rowCount: number | undefined): void {
    this.owner.finish(this, this.span, rowCount, undefined);
    this.span = undefined;
  }

  fail(error: AthanorError): void {
    if (this.executed === 0 && this.owner.timesPhases) this.executed = performance.now();
    this.owner.finish(this, this.span, undefined, error);
    this.span = undefined;
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
