import { ReplicaRoutingUnsupportedError } from '../../errors';
import type { Engine } from '../engine';
import { dialectDefinition } from '../registry';
import type { ReplicationPositions } from './replication-positions';

/**
 * The position queries of an engine's dialect, or `ReplicaRoutingUnsupportedError` naming the
 * dialect (SQLite: a file has no replicas).
 * @internal
 */
export function positionQueries(engine: Engine): ReplicationPositions {
  const definition = dialectDefinition(engine.url.dialect);
  if (definition.replication !== undefined) return definition.replication;
  throw new ReplicaRoutingUnsupportedError(
    definition.urlStyle === 'file'
      ? `replica routing is not available for ${engine.url.dialect}: a database file has no replicas with replication positions; use one engine`
      : `replica routing is not available for the ${engine.url.dialect} dialect: it has no replication position queries`,
  );
}
