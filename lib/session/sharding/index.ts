/** Horizontal sharding: one session over several databases of the same schema; mapper-level binds. */
export {
  ShardedSession,
  type ShardedSessionOptions,
  type ShardQueryOptions,
  type ShardIdentity,
  type ShardBind,
} from './sharded-session';
export { entityBinds, type EntityBindChoosers } from './entity-binds';
