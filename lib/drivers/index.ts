/**
 * Athanor drivers: the Engine a user creates from a URL, a tarn pool of real connections, one thin
 * adapter per client library (pg, mysql2, sqlite3, mssql, oracledb), transactions, results,
 * events and error translation.
 */
export { createEngine, Engine, type EngineOptions } from './engine';
export { Connection, type BeginOptions, type StreamOptions } from './connection';
export { Transaction, NestedTransaction } from './transaction';
export { Result, type ScalarOf } from './result';
export type { PoolOptions, PoolStatus } from './pool';
export type { IsolationLevel } from './transaction-sql';
export type { EchoLogger } from './context';
export { parseUrl, type EngineUrl, type DriverName } from './url';
export type {
  EngineEvents,
  EngineEventName,
  EngineListener,
  ConnectEvent,
  PoolEvent,
  BeforeExecuteEvent,
  AfterExecuteEvent,
  HandleErrorEvent,
} from './events';
