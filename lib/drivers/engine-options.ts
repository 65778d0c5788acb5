import { ArgumentError } from '../errors';
import type { ExecutionOptions } from '../sql';
import type { EchoLogger } from './context';
import type { PoolOptions } from './pool';
import type { IsolationLevel } from './transaction-sql';
import type { LoggingOptions, TelemetryOptions } from './telemetry/options';

/** Options of `createEngine`. */
export interface EngineOptions {
  /** The connection pool's size and timeouts. */
  pool?: PoolOptions;
  /** Log every statement (with parameters): `true` for console.log, or a function. */
  echo?: boolean | EchoLogger;
  /** Default isolation level of transactions begun by this engine. */
  isolationLevel?: IsolationLevel;
  /** Show `[redacted]` instead of parameters in echo output, errors and events. */
  redactParams?: boolean;
  /** Extra options for the client library, merged over the URL's query string. */
  connectArgs?: Readonly<Record<string, unknown>>;
  /** Rows fetched per round trip by `conn.stream()`. Default 1000. */
  streamBatchSize?: number;
  /**
   * Client-side limit, in ms, on waiting for the server's answer to one statement (COMMIT
   * included). When it passes — a stalled network or server — the statement fails with
   * `QueryTimeoutError`, the connection is closed instead of going back to the pool, and a
   * COMMIT's outcome is reported unknown. Default: no limit. Set it above the server-side
   * `statement_timeout` / `max_statement_time`, which cancel a slow statement and keep the
   * connection.
   */
  queryTimeoutMillis?: number;
  /**
   * Log records of statements: each with its timing at `'debug'`, slow ones at `'warn'` (time split
   * into pool wait, execution and row processing), failures at `'error'`.
   *
   * @example createEngine(url, { logging: { logger: winston, level: 'warn', slowStatementMillis: 200 } })
   */
  logging?: LoggingOptions;
  /**
   * OpenTelemetry spans (one per round trip, under the session's flush and load spans) and metrics
   * (`db.client.operation.duration`, pool connections), following the `db.*` semantic
   * conventions; needs `@opentelemetry/api` installed. `true`: the global tracer and meter providers.
   */
  telemetry?: boolean | TelemetryOptions;
  /** Execution options of every statement (`schemaTranslateMap`…), under a connection's and a session's. */
  executionOptions?: ExecutionOptions;
}

/** `queryTimeoutMillis`, checked. @internal */
export function checkQueryTimeout(value: unknown): number | undefined {
  if (value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    return value as number | undefined;
  }
  throw new ArgumentError(
    `queryTimeoutMillis must be a finite number of milliseconds > 0, not ${JSON.stringify(value) ?? String(value)}`,
  );
}
