import type { Driver } from './driver';
import type { EngineEmitter } from './events';
import type { ConnectionPool } from './pool';
import type { IsolationLevel } from './transaction-sql';

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
}
