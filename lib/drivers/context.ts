import type { ExecutionOptions } from '../sql';
import type { Driver } from './driver';
import type { EngineEmitter } from './events';
import type { ConnectionPool } from './pool';
import type { IsolationLevel } from './transaction-sql';
import type { Instrumentation } from './telemetry/instrumentation';

/** A function that receives echoed SQL. */
export type EchoLogger = (message: string) => void;

/** What a Connection needs from its Engine. @internal */
export interface EngineContext {
  readonly driver: Driver;
  readonly pool: ConnectionPool;
  readonly events: EngineEmitter;
  readonly echo: EchoLogger | undefined;
  readonly redactParams: boolean;
  readonly isolationLevel: IsolationLevel | undefined;
  readonly streamBatchSize: number;
  /** Client-side limit on one round trip; the connection is closed when it passes. */
  readonly queryTimeoutMillis: number | undefined;
  /** Logging and telemetry; undefined when the engine has neither (the usual, zero-cost case). */
  readonly instrumentation: Instrumentation | undefined;
  /** The engine's execution options: under those of each connection and statement. */
  readonly executionOptions: ExecutionOptions;
}
