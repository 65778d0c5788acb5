/** Where a session's statements run: read replicas with read-your-writes, and the routing seam. */
export type { RouteOverride, RouteRequest, SessionRouter } from './route';
export { routeAs, statementIntent, type StatementIntent } from './statement-intent';
export {
  processPositions,
  scopedPositions,
  type PositionStore,
  type ScopedPositions,
} from './position-store';
export { replicaRouting, type ReplicaRoutingOptions } from './replica-routing';
