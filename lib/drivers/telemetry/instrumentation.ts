import { ArgumentError, type AthanorError } from '../../errors';
import type { CompiledQuery } from '../../sql';
import type { PoolStatus } from '../pool';
import { HandOverQueue } from './handover-queue';
import { endingWith, type OrmEnd } from './orm-end';
import { LEVELS, type Logger, type LogLevel } from './logger';
import { createClientMetrics } from './metrics';
import type { LoggingOptions, SqlCommentTags, TelemetryOptions } from './options';
import { epochOffsetAt, hrTime, OrmOperation } from './orm-operation';
import {
  otelApi,
  type Attributes,
  type Context,
  type Histogram,
  type HrTime,
  type Meter,
  type OtelApi,
  type Span,
  type SpanOptions,
  type Tracer,
} from './otel-api';
import { sqlComment } from './sql-comment';
import { PoolWaitRecord, StatementTrace, type StatementAttributes, type TraceOwner } from './statement-trace';

export { StatementTrace, controlStatement } from './statement-trace';

const VERSION = '0.1.0';

/** Where an engine's statements go: what every span and metric names. */
export interface Endpoint {
  /** `db.system.name`; read per statement, as a MySQL URL may turn out to be MariaDB. */
  system(): string;
  readonly namespace: string | undefined;
  readonly host: string | undefined;
  /** The port the URL names, if any. */
  readonly port: number | undefined;
  /** The dialect's default port (none without a server). */
  readonly defaultPort: number | undefined;
}

/** The Opt-In attributes of the semantic conventions that Athanor can add when asked. */
const OPT_IN_ATTRIBUTES: ReadonlySet<string> = new Set(['db.response.returned_rows', 'server.port']);

/** The `optInAttributes` option, checked: each name one Athanor knows. */
function optInAttributes(names: unknown): ReadonlySet<string> {
  if (names === undefined) return new Set();
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || !OPT_IN_ATTRIBUTES.has(n)))
    throw new ArgumentError(
      `telemetry.optInAttributes must list attributes among ${[...OPT_IN_ATTRIBUTES].map((n) => `'${n}'`).join(', ')}, not ${JSON.stringify(names) ?? String(names)}`,
    );
  return new Set(names as string[]);
}

/** An ORM span's options for one collection (or none: a flush). */
interface OrmSpanOptions {
  readonly system: string;
  readonly options: SpanOptions;
}

const MAX_CACHED_STATEMENTS = 1000;

/** An ORM operation running on a connection, parent of its statements' spans. @internal */
export type OrmFrame = OrmOperation;

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
export class Instrumentation implements TraceOwner {
  private readonly api: OtelApi | undefined;
  private readonly tracer: Tracer | undefined;
  private readonly duration: Histogram | undefined;
  private readonly waitTime: Histogram | undefined;
  private readonly logger: Logger | undefined;
  private readonly level: number;
  private readonly slowMillis: number;
  private readonly queryText: boolean;
  private readonly returnedRows: boolean;
  /** `server.port` of every span and record: the URL's port unless it is the default one. */
  private readonly serverPort: number | undefined;
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
  /**
   * Where finished work waits to become spans and records, unless they are made as the work
   * happens (`deferred: false`, or a sqlcommenter `traceparent`, which needs the statement's span
   * before the statement is sent).
   */
  private readonly queue: HandOverQueue | undefined;
  private readonly systemNow = (): string => this.endpoint.system();

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
    const optIn = optInAttributes(telemetry?.optInAttributes);
    this.returnedRows = optIn.has('db.response.returned_rows');
    const { port, defaultPort } = endpoint;
    this.serverPort =
      port !== undefined && port !== defaultPort
        ? port
        : optIn.has('server.port') && endpoint.host !== undefined
          ? (port ?? defaultPort)
          : undefined;
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
      if (meter !== undefined && meter !== api.createNoopMeter())
        ({ duration: this.duration, waitTime: this.waitTime } = createClientMetrics(
          meter as Meter,
          this.poolName(),
          poolStatus,
        ));
      if (telemetry.deferred !== false && !this.traceparent)
        this.queue = new HandOverQueue((e) =>
          api.diag.error('athanor: the OpenTelemetry SDK failed on a span or metric record', e),
        );
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

  /**
   * The attributes every span and metric record of a statement carries: the conventions'
   * Required, Conditionally Required (whose condition holds) and Recommended ones.
   */
  private baseAttributes(compiled: CompiledQuery | undefined): Attributes {
    const { namespace, host } = this.endpoint;
    const attrs: Attributes = { 'db.system.name': this.endpoint.system() };
    if (namespace !== undefined) attrs['db.namespace'] = namespace;
    const summary = compiled?.summary;
    if (summary !== undefined) {
      attrs['db.operation.name'] = summary.operation;
      if (summary.collections.length === 1) attrs['db.collection.name'] = summary.collections[0];
      attrs['db.query.summary'] = summary.text;
    }
    if (host !== undefined) attrs['server.address'] = host;
    if (this.serverPort !== undefined) attrs['server.port'] = this.serverPort;
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

  /**
   * Records the time a checkout waited for a connection, for a checkout that ran no statement (a
   * statement's trace records its checkout's wait with its own records).
   */
  poolWait(millis: number): void {
    if (this.waitTime === undefined) return;
    if (this.queue === undefined) this.waitTime.record(millis / 1000, this.poolAttributes());
    else
      this.queue.add(
        new PoolWaitRecord(this.waitTime, millis / 1000, this.poolAttributes(), this.api!.context.active()),
      );
  }

  /** Hands the spans and metric records of finished work to the SDK now. */
  flush(): void {
    this.queue?.flush();
  }

  /** @internal See `TraceOwner.awaitingAnswer`: finished work is handed over now. */
  awaitingAnswer(): void {
    this.flush();
  }

  /** Starts the trace of one round trip; undefined when nothing would be made of it. */
  statement(
    compiled: CompiledQuery | { readonly sql: string; readonly summary?: undefined },
    batchSize: number | undefined,
    /** The checkout's wait for the pool when this is its first statement, else undefined. */
    poolWaitMillis: number | undefined,
    connectionId: number,
    orm: OrmFrame | undefined,
  ): StatementTrace | undefined {
    const tracing = this.tracing();
    if (!tracing && !this.untracedNeeds) return undefined;
    const attrs =
      tracing || this.duration !== undefined ? this.attributesOf(compiled as CompiledQuery) : undefined;
    let span: Span | undefined;
    let parent: Context | OrmOperation | undefined;
    if (this.queue !== undefined) {
      // Read now: when the span and the record are made, the caller's context is no longer active.
      if (attrs !== undefined) parent = orm ?? this.api!.context.active();
    } else if (tracing) span = this.startSpan(attrs!, batchSize, orm?.context(), undefined);
    return new StatementTrace(
      this,
      compiled as CompiledQuery,
      attrs,
      tracing,
      span,
      parent,
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
    startTime: HrTime | undefined,
  ): Span {
    const batched = batchSize !== undefined && batchSize > 1;
    if (!batched && startTime === undefined) return this.tracer!.startSpan(attrs.name, attrs.span, parent);
    const options: SpanOptions = {
      kind: attrs.span.kind,
      attributes: batched
        ? { ...attrs.span.attributes, 'db.operation.batch.size': batchSize }
        : attrs.span.attributes,
    };
    if (startTime !== undefined) options.startTime = startTime;
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

  /** @internal A statement is over: its span, duration record and log record. */
  finish(trace: StatementTrace): void {
    if (trace.traced || this.duration !== undefined) {
      if (this.queue === undefined) this.handOverStatement(trace);
      else this.queue.add(trace);
    }
    if (this.logger !== undefined) this.log(trace, this.logger);
  }

  /** @internal The span and the duration record of a finished statement. */
  handOverStatement(trace: StatementTrace): void {
    const { error, rowCount } = trace;
    const code = error === undefined ? undefined : statusCode(error);
    let span = trace.span;
    const orm = trace.parent instanceof OrmOperation ? trace.parent : undefined;
    const parent = orm !== undefined ? orm.context() : (trace.parent as Context | undefined);
    // A span made as the statement started takes times of the monotonic clock, converted by the
    // SDK; one made now, epoch times read off the same clock as its ORM operation's.
    let ended: number | HrTime = trace.ended;
    if (span === undefined && trace.traced) {
      const offset = orm !== undefined ? orm.epochOffset() : epochOffsetAt(trace.started);
      span = this.startSpan(trace.attributes!, trace.batchSize, parent, hrTime(trace.started + offset));
      ended = hrTime(trace.ended + offset);
    }
    // A span a sampler dropped takes no attributes: only end() (the SDK's processors expect it).
    if (span !== undefined && !span.isRecording()) span.end(ended);
    else if (span !== undefined) {
      if (error !== undefined) {
        span.setAttribute('error.type', error.name);
        if (code !== undefined) span.setAttribute('db.response.status_code', code);
        span.recordException(error, ended);
        span.setStatus({ code: this.api!.SpanStatusCode.ERROR, message: error.message });
      } else if (rowCount !== undefined && this.returnedRows)
        span.setAttribute('db.response.returned_rows', rowCount);
      span.end(ended);
    }
    if (this.duration !== undefined) {
      let attrs = trace.attributes!.metric;
      if (error !== undefined) {
        attrs = { ...attrs, 'error.type': error.name };
        if (code !== undefined) attrs['db.response.status_code'] = code;
      }
      // The context the statement ran in (undefined: made as it ran, and still the active one).
      this.duration.record((trace.ended - trace.started) / 1000, attrs, parent);
    }
    // The first statement of a checkout: the checkout's wait for the pool.
    if (trace.poolWaitMillis !== undefined && this.waitTime !== undefined)
      this.waitTime.record(trace.poolWaitMillis / 1000, this.poolAttributes(), parent);
  }

  /** Writes a finished statement's log record, if its level is logged. */
  private log(trace: StatementTrace, logger: Logger): void {
    const { error, rowCount, ended: now } = trace;
    const execution = trace.executed - trace.executing;
    const rows = error === undefined ? now - trace.executed : 0;
    const poolWait = trace.poolWaitMillis ?? 0;
    const total = poolWait + (now - trace.started);
    const level: LogLevel | undefined =
      error !== undefined ? 'error' : total >= this.slowMillis ? 'warn' : 'debug';
    if (LEVELS[level] < this.level) return;
    const fields: Record<string, unknown> = {
      sql: trace.compiled.sql,
      connectionId: trace.connectionId,
      durationMillis: round(total),
      poolWaitMillis: round(poolWait),
      executionMillis: round(execution),
      rowProcessingMillis: round(rows),
    };
    if (rowCount !== undefined) fields.rowCount = rowCount;
    if (trace.batchSize !== undefined) fields.batchSize = trace.batchSize;
    if (error !== undefined) fields.error = error.message;
    const message =
      error !== undefined ? 'statement failed' : level === 'warn' ? 'slow statement' : 'statement';
    logger[level](message, fields);
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
    const end = this.beginOrm(name, collection, scope);
    return end === undefined ? fn() : endingWith(end, fn);
  }

  /**
   * Starts an ORM operation as `orm()` does, for work that ends it itself, from its own
   * callbacks: no promise is made around the work. Undefined when no span would be made.
   */
  beginOrm(name: string, collection: string | undefined, scope: TraceScope): OrmEnd | undefined {
    if (!this.tracing()) return undefined;
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
    const queue = this.queue;
    const operation = new OrmOperation(
      api,
      this.tracer!,
      name,
      cached.options,
      system,
      this.systemNow,
      below ?? api.context.active(),
      below,
      queue === undefined ? undefined : performance.now(),
    );
    if (queue === undefined) operation.context();
    scope.ormFrame = operation;
    return (failed: boolean, error?: unknown): void => {
      operation.end(failed, error);
      let top = scope.ormFrame;
      while (top?.ended === true) top = top.below;
      scope.ormFrame = top;
      if (queue === undefined) operation.handOver();
      else queue.add(operation);
    };
  }
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
