/**
 * `athanor/nestjs`: `AthanorModule`, `@Transactional()`, `@InjectSession()`, repositories, a
 * terminus health indicator and per-test transactions. `@nestjs/common`, `@nestjs/core` and
 * `rxjs` are optional peer dependencies, loaded only by this entry.
 *
 * @example
 * import { AthanorModule, Transactional, InjectSession } from 'athanor/nestjs';
 */
export {
  AthanorModule,
  InjectSession,
  InjectSessionContext,
  InjectEngine,
  InjectRepository,
  InjectHealthIndicator,
  Transactional,
  sessionContext,
  Repository,
  AthanorHealthIndicator,
  beginTestTransaction,
  DEFAULT_ENGINE_NAME,
  getContextToken,
  getEngineToken,
  getSessionToken,
  getRepositoryToken,
  type AthanorModuleOptions,
  type AthanorModuleAsyncOptions,
  type TransactionalDecoratorOptions,
  type DatabaseHealth,
  type DatabaseHealthOptions,
  type PendingMigrations,
} from '../integrations/nestjs';
// Nest on Express takes the same functional middleware (`consumer.apply(readYourWrites(positions))`).
export { readYourWrites, type ReadYourWritesOptions } from '../integrations/express/read-your-writes';
export {
  SessionContext,
  PROPAGATIONS,
  type SessionContextOptions,
  type OpenScope,
  type OpenScopeOptions,
  type TestTransaction,
  type Propagation,
  type TransactionalOptions,
  type TransactionHook,
} from '../context';
