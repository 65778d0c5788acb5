/**
 * ORM-enabled bulk UPDATE and DELETE: statements on a mapped class, run in the session's
 * transaction with its objects kept in step (SQLAlchemy's `synchronize_session`).
 */
import type { Session } from '../session';
import { runBulk, type SynchronizeSession } from './execute-bulk';
import type { OrmDelete, OrmUpdate } from './statements';

export { ormUpdate, ormDelete, OrmUpdate, OrmDelete, type BulkValues } from './statements';
export type { SynchronizeSession, BulkHost } from './execute-bulk';

/** Options of `executeBulk`. */
export interface BulkOptions {
  /** How the session's objects follow the statement (default `'auto'`). See `SynchronizeSession`. */
  synchronizeSession?: SynchronizeSession;
}

/**
 * Runs an ORM bulk UPDATE or DELETE in the session's transaction (after an autoflush) and keeps
 * the session's objects in step: `'auto'` (default) computes the WHERE clause against them in
 * memory when it can, else reads the matching keys (`'fetch'`); updated objects get the new
 * values (`age - 10` computed per object), deleted ones become deleted and come back if the
 * transaction rolls back. Returns the number of rows the database reports.
 *
 * @example
 * const n = await executeBulk(session, ormUpdate(User).where(u.age.gt(29)).values({ age: u.age.sub(10) }));
 */
export function executeBulk<E extends object>(
  session: Session,
  statement: OrmUpdate<E> | OrmDelete<E>,
  options: BulkOptions = {},
): Promise<number> {
  return runBulk(
    session.bulkHost,
    statement as unknown as OrmUpdate<object> | OrmDelete<object>,
    options.synchronizeSession ?? 'auto',
  );
}
