import type { Logger, LogLevel } from './logger';

/** Engine logging: statements with their timing, slow statements, failures. */
export interface LoggingOptions {
  /** Receives the records (default: the console). */
  logger?: Logger;
  /**
   * The lowest level logged (default `'info'`): `'debug'` logs every statement with its timing,
   * `'warn'` slow statements, `'error'` failed statements.
   */
  level?: LogLevel | 'silent';
  /**
   * Statements taking longer (milliseconds, pool wait included) are logged at `'warn'` with the
   * time split into pool wait, execution and row processing.
   */
  slowStatementMillis?: number;
}

/** Tags of a SQL comment (sqlcommenter): what the application adds to each statement. */
export type SqlCommentTags = Readonly<Record<string, string | undefined>>;

/** OpenTelemetry traces and metrics; needs the `@opentelemetry/api` package. */
export interface TelemetryOptions {
  /** The tracer provider (default: the global one `@opentelemetry/api` holds). */
  tracerProvider?: {
    /** The tracer named `name` (Athanor asks for one named after itself). */
    getTracer(name: string, version?: string): unknown;
  };
  /** The meter provider (default: the global one). */
  meterProvider?: {
    /** The meter named `name` (Athanor asks for one named after itself). */
    getMeter(name: string, version?: string): unknown;
  };
  /** Spans (default true). */
  traces?: boolean;
  /** The operation-duration histogram and the pool metrics (default true). */
  metrics?: boolean;
  /**
   * When spans and metric records are handed to the SDK (default true: after the work). Athanor
   * times each operation and statement as it runs, and makes their spans (with the start and end
   * times it measured) and records once the engine's next statement has gone to the server (its
   * caller waits for the answer anyway), else within 10 ms, so that the SDK's work is not on the
   * caller's path; `engine.flushTelemetry()` hands them over at once. `false` makes
   * each span when its work starts and ends it when the work ends, for span processors that must
   * see a span while it runs. A sqlcommenter `traceparent` needs the statement's span before the
   * statement is sent, and implies `false`.
   */
  deferred?: boolean;
  /** Whether spans carry `db.query.text`, the parameterized SQL (default true; never values). */
  queryText?: boolean;
  /**
   * Attributes the semantic conventions leave out unless the user asks for them (Opt-In):
   * `db.response.returned_rows` on each statement's span, and `server.port` on spans and
   * metrics when the URL names the database's default port or none (a port other than the
   * default is always reported).
   */
  optInAttributes?: readonly ('db.response.returned_rows' | 'server.port')[];
  /**
   * Appends a sqlcommenter comment to every statement: `traceparent` of the active span, plus the
   * tags the function returns (for example the HTTP route from the request's context). Keys and
   * values are URL-encoded, so nothing in them can close the comment.
   */
  sqlCommenter?:
    | boolean
    | {
        /** Tags added to each comment, read when the statement runs. */
        tags?: () => SqlCommentTags;
        /** Add the active span's `traceparent` (default true). */
        traceparent?: boolean;
      };
}
