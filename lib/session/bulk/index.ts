/**
 * ORM-enabled bulk UPDATE and DELETE: statements on a mapped class, run in the session's
 * transaction with its objects kept in step (SQLAlchemy's `synchronize_session`).
 */
import { ArgumentError } from '../../errors';
import {
  mergeExecutionOptions,
  NO_EXECUTION_OPTIONS,
  statementExecutionOptions,
  type ExecutionOptions,
  type RowTuple,
} from '../../sql';
import { OrmResult } from '../orm-result';
import type { Session } from '../session';
import { runBulk, type BulkHost, type BulkOutcome, type SynchronizeSession } from './execute-bulk';
import { OrmInsert } from './insert-statement';
import './write-only-statements';
import { runBulkInsert, runBulkUpdateByKey, type ParameterSet } from './parameter-sets';
import { OrmUpdate as OrmUpdateClass, type BulkValues, type OrmDelete, type OrmUpdate } from './statements';

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
export type { SynchronizeSession, BulkHost } from './execute-bulk';

/** Options of `executeBulk`. */
export interface BulkOptions<E = unknown> {
  /** How the session's objects follow the statement (default `'auto'`). See `SynchronizeSession`. */
  synchronizeSession?: SynchronizeSession;
  /**
   * Parameter sets by attribute name: the rows of an `ormInsert()`, or for an `ormUpdate()` without
   * `where()`/`values()` an UPDATE by primary key of each set (which must name the key).
   */
  parameters?: readonly BulkValues<E>[];
  /**
   * Execution options of this call, merged over the statement's (`executionOptions()`) and the
   * session's; every statement the call runs (its fetch SELECT and RETURNING loads too) has them.
   */
  executionOptions?: ExecutionOptions;
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
  const sync = options.synchronizeSession ?? 'auto';
  const sets = options.parameters as readonly ParameterSet[] | undefined;
  const execution = mergeExecutionOptions(statementExecutionOptions(statement), options.executionOptions);
  const base = session.bulkHost;
  const host: BulkHost =
    execution === NO_EXECUTION_OPTIONS
      ? base
      : {
          ...base,
          execute: (stmt, o) => base.execute(stmt, o ?? execution),
          loadReturned: (items, opts, rows, o) => base.loadReturned(items, opts, rows, o ?? execution),
        };
  let outcome: BulkOutcome;
  if (statement instanceof OrmInsert) {
    if (sets === undefined)
      throw new ArgumentError(`ormInsert(${statement.mapper.name}) runs with parameters: the rows to insert`);
    outcome = await runBulkInsert(host, statement, sets);
  } else if (sets !== undefined) {
    if (!(statement instanceof OrmUpdateClass))
      throw new ArgumentError(`ormDelete(${statement.mapper.name}) takes no parameters`);
    outcome = await runBulkUpdateByKey(host, statement, sets, sync);
  } else outcome = await runBulk(host, statement, sync);
  return outcome.rows === undefined ? outcome.rowCount : new OrmResult(outcome.rows);
}
