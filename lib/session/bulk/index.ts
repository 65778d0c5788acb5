/**
 * ORM-enabled bulk UPDATE and DELETE: statements on a mapped class, run in the session's
 * transaction with its objects kept in step (SQLAlchemy's `synchronize_session`).
 */
import type { RowTuple } from '../../sql';
import { OrmResult } from '../orm-result';
import type { Session } from '../session';
import { runBulk, type SynchronizeSession } from './execute-bulk';
import type { OrmDelete, OrmUpdate } from './statements';

export {
  ormUpdate,
  ormDelete,
  OrmUpdate,
  OrmDelete,
  type BulkValues,
  type ReturningItem,
} from './statements';
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
  options?: BulkOptions,
): Promise<number>;
/**
 * With `returning()`: the RETURNING rows as an `OrmResult` (entities through the identity map,
 * refreshed with the new values; columns as values; keyed items readable by name).
 *
 * @example
 * const rows = (await executeBulk(s, ormDelete(User).where(u.age.gt(29)).returning(u.id, u.name))).all();
 */
export function executeBulk<E extends object, Items extends readonly unknown[]>(
  session: Session,
  statement: OrmUpdate<E, Items> | OrmDelete<E, Items>,
  options?: BulkOptions,
): Promise<OrmResult<RowTuple<Items>>>;
export async function executeBulk(
  session: Session,
  statement: OrmUpdate<object, readonly unknown[]> | OrmDelete<object, readonly unknown[]>,
  options: BulkOptions = {},
): Promise<number | OrmResult<readonly unknown[]>> {
  const outcome = await runBulk(session.bulkHost, statement, options.synchronizeSession ?? 'auto');
  return outcome.rows === undefined ? outcome.rowCount : new OrmResult(outcome.rows);
}
