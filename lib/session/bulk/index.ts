/**
 * ORM-enabled bulk UPDATE and DELETE: statements on a mapped class, run in the session's
 * transaction with its objects kept in step (SQLAlchemy's `synchronize_session`).
 */
import type { RowTuple } from '../../sql';
import type { OrmResult } from '../orm-result';
import type { Session } from '../session';
import type { OrmInsert } from './insert-statement';
import { runBulkStatement, type BulkOptions } from './run-statement';
import type { OrmDelete, OrmUpdate } from './statements';

export {
  ormUpdate,
  ormDelete,
  OrmUpdate,
  OrmDelete,
  type BulkValues,
  type ReturningItem,
  type SetPair,
  type BulkTarget,
} from './statements';
export { ormInsert, OrmInsert } from './insert-statement';
export { WriteOnlyCollection } from './write-only-statements';
export type { SynchronizeSession, BulkHost } from './execute-bulk';
export type { BulkOptions } from './run-statement';

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
  statement: OrmUpdate<E> | OrmDelete<E> | OrmInsert<E>,
  options?: BulkOptions<E>,
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
  statement: OrmUpdate<E, Items> | OrmDelete<E, Items> | OrmInsert<E, Items>,
  options?: BulkOptions<E>,
): Promise<OrmResult<RowTuple<Items>>>;
export async function executeBulk(
  session: Session,
  statement:
    | OrmUpdate<object, readonly unknown[]>
    | OrmDelete<object, readonly unknown[]>
    | OrmInsert<object, readonly unknown[]>,
  options: BulkOptions<object> = {},
): Promise<number | OrmResult<readonly unknown[]>> {
  const result = await runBulkStatement(session.bulkHost, statement, options);
  return statement.returningItems.length ? (result as OrmResult<readonly unknown[]>) : (result.rowCount ?? 0);
}
