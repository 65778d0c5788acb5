import type { Connection, Engine } from '../../drivers';
import type { Mapper } from '../../mapper';
import type { Executable } from '../../sql';
import type { StatementIntent } from './statement-intent';

/** Where the caller wants one query to run: `primary` always, `replica` when routing allows. */
export type RouteOverride = 'primary' | 'replica';

/** A statement the session is about to run outside any database transaction. */
export interface RouteRequest {
  /** Undefined for a relationship load (its statements are built by the loader). */
  readonly statement: Executable | undefined;
  /** The entity being loaded, when known (for mapper-level binds). */
  readonly mapper: Mapper<object> | undefined;
  /** `read` or `write` after `routeAs` marks and the query's `route` option. */
  readonly intent: StatementIntent;
}

/**
 * The seam between a session and whatever chooses an engine per statement (read replicas,
 * mapper-level binds). The session consults it only for statements outside a database
 * transaction; inside one, every statement — loads and relationship loads included — runs on
 * the session's own connection to its bind, and the router hears only of the commit.
 */
export interface SessionRouter {
  /** Refuses, with a typed error, a bind the router cannot route for. */
  check?(bind: Engine | Connection): void;
  /**
   * Runs `run` on a connection of the router's choice and returns its result, or returns
   * undefined to let the session run the statement on its own connection. `own` runs it on the
   * session's own connection (a router that decides for the primary only once it has looked at
   * the replicas).
   */
  route<T>(
    request: RouteRequest,
    run: (conn: Connection) => Promise<T>,
    own: () => Promise<T>,
  ): Promise<T> | undefined;
  /** The session's transaction committed on `conn` (still checked out). Must not throw. */
  committed?(conn: Connection): Promise<void>;
}
