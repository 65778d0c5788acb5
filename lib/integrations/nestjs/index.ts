export {
  AthanorModule,
  InjectSession,
  InjectSessionContext,
  InjectEngine,
  InjectRepository,
  InjectHealthIndicator,
  type AthanorModuleOptions,
  type AthanorModuleAsyncOptions,
} from './athanor-module';
export { Transactional, type TransactionalDecoratorOptions } from './transactional';
export { sessionContext } from './contexts';
export { Repository } from './repository';
export {
  AthanorHealthIndicator,
  type DatabaseHealth,
  type DatabaseHealthOptions,
  type PendingMigrations,
} from './health';
export { beginTestTransaction } from './testing';
export {
  DEFAULT_ENGINE_NAME,
  getContextToken,
  getEngineToken,
  getSessionToken,
  getRepositoryToken,
} from './tokens';
