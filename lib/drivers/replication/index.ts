/** Read replicas: a primary engine, replica engines, their health and replication positions. */
export {
  ReplicaSet,
  createReplicaSet,
  type ReplicaSetOptions,
  type ReplicaStatus,
  type ReadTarget,
} from './replica-set';
export type { ReplicationPositions, ScalarQuery } from './replication-positions';
