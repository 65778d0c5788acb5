/** Horizontal sharding: one session over several databases of the same schema. */
export {
  ShardedSession,
  type ShardedSessionOptions,
  type ShardQueryOptions,
  type ShardIdentity,
  type ShardBind,
} from './sharded-session';
