import { Engine, type Connection, type ReplicaSet } from '../../drivers';
import { ArgumentError } from '../../errors';
import { processPositions, type PositionStore } from './position-store';
import type { RouteRequest, SessionRouter } from './route';

/** Options of `replicaRouting`. */
export interface ReplicaRoutingOptions {
  /**
   * Where commit positions are kept (read-your-writes). Default `processPositions()`: after a
   * commit anywhere in the process, reads go to a replica only once it has replayed that commit.
   * `scopedPositions()` keeps one per request and lets a client carry it as a token.
   */
  positions?: PositionStore;
}

/** The position kept when the primary's position could not be read after a commit: reads go to the primary. */
const UNKNOWN = 'unknown';

/**
 * Routes a session's reads outside a transaction to the replicas of a `ReplicaSet`, with
 * read-your-writes: after each commit the primary's position is stored, and a later read goes to
 * a replica only once that replica has replayed it (else it waits up to the set's
 * `waitForPositionMillis`, else it runs on the primary). A replica that fails mid-read leaves the
 * rotation and the read runs on the primary.
 *
 * @example
 * const set = createReplicaSet(primary, [replica]);
 * const Session = sessionFactory(primary, { router: replicaRouting(set) });
 */
export function replicaRouting(
  set: ReplicaSet,
  options: ReplicaRoutingOptions = {},
): SessionRouter & {
  /** Where the last write's replication position is kept, for reads that must see it. */
  readonly positions: PositionStore;
} {
  const positions = options.positions ?? processPositions();
  return {
    positions,
    check(bind: Engine | Connection): void {
      // A session context wraps the engine it is given (a Proxy forwarding to it): the wrapper
      // shares the engine's own `url` object, a connection does not.
      if (bind !== set.primary && (!(bind instanceof Engine) || bind.url !== set.primary.url)) {
        throw new ArgumentError(
          "a session routed to replicas must be bound to the replica set's primary engine (new Session(set.primary, { router }))",
        );
      }
    },
    route<T>(
      request: RouteRequest,
      run: (conn: Connection) => Promise<T>,
      own: () => Promise<T>,
    ): Promise<T> | undefined {
      if (request.intent !== 'read') return undefined;
      const position = positions.get();
      if (position === UNKNOWN) return undefined;
      // On the primary the read runs on the session's own connection: in its scope, and on the
      // connection a following write of the session will use.
      return set.runRead(position, (conn) => run(conn), own);
    },
    async committed(conn: Connection): Promise<void> {
      try {
        const position = await set.primaryPosition(conn);
        const current = positions.get();
        if (current === undefined || current === UNKNOWN || !set.covers(current, position))
          positions.set(position);
      } catch {
        positions.set(UNKNOWN);
      }
    },
  };
}
