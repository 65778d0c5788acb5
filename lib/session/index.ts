/**
 * The ORM session: unit of work, identity map, batched flushes and relationship loading.
 */
export { Session, type SessionEvents, type SessionListener } from './session';
export type {
  SessionOptions,
  EntityClass,
  PrimaryKeyInput,
  QueryOptions,
  GetOptions,
  RefreshOptions,
  SessionConnectionOptions,
  MergeOptions,
} from './session-options';
export type { LockingReadOptions, WithForUpdate } from './locking-read';
export { sessionFactory, type SessionFactory, type FactoryBeginOptions } from './session-factory';
export { closeAllSessions } from './session-registry';
export * from './retry';
export * from './sharding';
export type { JoinTransactionMode } from './session-connection';
export {
  SessionTransaction,
  type SessionTransactionPhase,
  type SessionTransactionOrigin,
} from './session-transaction';
export { makeTransient, makeTransientToDetached, objectSession } from './make-transient';
export { OrmResult } from './orm-result';
export type { SessionEventName } from './session-events';
export type { OrmExecuteState, InvokeStatementOptions, SessionResult } from './orm-execute-state';
export * from './loading';
export {
  ormUpdate,
  ormDelete,
  ormInsert,
  OrmInsert,
  executeBulk,
  OrmUpdate,
  OrmDelete,
  type BulkValues,
  type ReturningItem,
  type SetPair,
  type BulkTarget,
  type BulkOptions,
  type SynchronizeSession,
  WriteOnlyCollection,
} from './bulk';
export {
  upsert,
  getOrCreate,
  type UpsertOptions,
  type EntityValues,
  type ColumnAttributeKeys,
} from './upsert';
export * from './binds';
