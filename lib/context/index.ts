/**
 * The ambient session and its transactions, held in AsyncLocalStorage: the framework-neutral part
 * the Express and NestJS integrations share. It sits above the session layer.
 */
export {
  SessionContext,
  type SessionContextOptions,
  type OpenScope,
  type OpenScopeOptions,
  type TestTransaction,
} from './session-context';
export {
  PROPAGATIONS,
  type Propagation,
  type TransactionalOptions,
  type TransactionHook,
} from './propagation';
