/**
 * Athanor drivers: the Engine a user creates from a URL, a tarn pool of real connections,
 * transactions, results, events and error translation; the contract a client-library adapter
 * implements (the adapters live with their dialects in lib/dialects) and the registry of dialects.
 */
export { createEngine, Engine, type EngineConnectListener } from './engine';
export type { EngineOptions } from './engine-options';
export { Connection, type StreamOptions } from './connection';
export type { BeginOptions } from './transaction-stack';
export { Transaction, NestedTransaction, TwoPhaseTransaction } from './transaction';
export { isConnectHookTransaction } from './connect-hook-transactions';
export { Result, type ScalarOf } from './result';
export type { PoolOptions, PoolStatus } from './pool';
export type { IsolationLevel } from './transaction-sql';
export type { EchoLogger } from './context';
export { pinoLogger, type Logger, type LogLevel, type FieldsFirstLogger } from './telemetry/logger';
export type { LoggingOptions, TelemetryOptions, SqlCommentTags } from './telemetry/options';
export { parseUrl } from './url';
export type { EngineUrl, DriverName, UrlStyle } from './engine-url';
export { registerDialect } from './registry';
export { connectionQueries } from './schema-queries';
export type { DialectDefinition } from './dialect-definition';
export type { Driver, DriverConnection, DriverQuery, RawResult, RawRow, ErrorClassification } from './driver';
export { STANDARD_TRANSACTION_SQL, type TransactionSql, type TwoPhaseSql } from './transaction-sql';
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
export {
  ReplicaSet,
  createReplicaSet,
  type ReplicaSetOptions,
  type ReplicaStatus,
  type ReadTarget,
  type ReplicationPositions,
  type ScalarQuery,
} from './replication';
