/**
 * One ORM bulk statement run against a session's `BulkHost`: what `executeBulk()` and
 * `session.execute()` of an `ormUpdate()`/`ormDelete()`/`ormInsert()` share.
 */
import { ArgumentError } from '../../errors';
import { mergeExecutionOptions, statementExecutionOptions, type ExecutionOptions } from '../../sql';
import type { SessionResult } from '../orm-execute-state';
import { OrmResult } from '../orm-result';
import { runBulk, type BulkHost, type BulkOutcome, type SynchronizeSession } from './execute-bulk';
import { OrmInsert } from './insert-statement';
import { runBulkInsert, runBulkUpdateByKey, type ParameterSet } from './parameter-sets';
import { OrmUpdate, type BulkValues, type OrmDelete } from './statements';

/** Options of an ORM bulk statement's run (`executeBulk`, or `session.execute()` of one). */
export interface BulkOptions<E = unknown> {
  /**
   * How the session's objects follow the statement; given here it wins over the
   * `synchronizeSession` execution option of the call, the statement and the session (default
   * `'auto'`). See `SynchronizeSession`.
   */
  synchronizeSession?: SynchronizeSession;
  /**
   * Parameter sets by attribute name: the rows of an `ormInsert()`, or for an `ormUpdate()` without
   * `where()`/`values()` an UPDATE by primary key of each set (which must name the key).
   */
  parameters?: readonly BulkValues<E>[];
  /**
   * Execution options of this call, merged over the statement's (`executionOptions()`) and the
   * session's; every statement the call runs (its fetch SELECT and RETURNING loads too) has them.
   * `synchronizeSession` and `autoflush` among them are read as SQLAlchemy reads them.
   */
  executionOptions?: ExecutionOptions;
}

/** An ORM bulk statement of any kind, with whatever RETURNING items. @internal */
export type AnyBulkStatement =
  | OrmUpdate<object, readonly unknown[]>
  | OrmDelete<object, readonly unknown[]>
  | OrmInsert<object, readonly unknown[]>;

/**
 * Runs `statement` through `host` with the options in effect (the session's, the statement's, the
 * call's, merged in that order), after showing it to the session's `doOrmExecute` listeners, which
 * may change the options (`invokeStatement({ executionOptions })`) or return a result instead, as
 * SQLAlchemy's do_orm_execute does before the autoflush. The strategy is the call's
 * `synchronizeSession`, else the `synchronizeSession` execution option in effect; `autoflush:
 * false` among the options skips the autoflush. The result holds the RETURNING rows (none without
 * `returning()`) and the row count.
 * @internal
 */
export async function runBulkStatement(
  base: BulkHost,
  statement: AnyBulkStatement,
  options: BulkOptions<object>,
): Promise<SessionResult> {
  const call = mergeExecutionOptions(statementExecutionOptions(statement), options.executionOptions);
  const intercepted = base.intercept(
    statement,
    mergeExecutionOptions(base.executionOptions, call),
    (again) => {
      if (again?.statement !== undefined) {
        throw new ArgumentError(
          `invokeStatement() of an ORM bulk statement on ${statement.mapper.name} takes no other statement`,
        );
      }
      const executionOptions = mergeExecutionOptions(options.executionOptions, again?.executionOptions);
      return runNow(base, statement, { ...options, executionOptions });
    },
  );
  if (intercepted !== undefined) {
    const replaced = await intercepted;
    if (replaced !== undefined) return replaced;
  }
  return runNow(base, statement, options);
}

/** `runBulkStatement()` past the listeners. */
async function runNow(
  base: BulkHost,
  statement: AnyBulkStatement,
  options: BulkOptions<object>,
): Promise<OrmResult<readonly unknown[]>> {
  const call = mergeExecutionOptions(statementExecutionOptions(statement), options.executionOptions);
  const inEffect = mergeExecutionOptions(base.executionOptions, call);
  const sync: SynchronizeSession = options.synchronizeSession ?? inEffect.synchronizeSession ?? 'auto';
  const sets = options.parameters as readonly ParameterSet[] | undefined;
  const host: BulkHost = {
    ...base,
    autoflush: inEffect.autoflush === false ? async () => base.begin() : () => base.autoflush(),
    execute: (stmt, o) => base.execute(stmt, o ?? call),
    loadReturned: (items, opts, rows, o) => base.loadReturned(items, opts, rows, o ?? call),
  };
  let outcome: BulkOutcome;
  if (statement instanceof OrmInsert) {
    if (sets === undefined)
      throw new ArgumentError(`ormInsert(${statement.mapper.name}) runs with parameters: the rows to insert`);
    outcome = await runBulkInsert(host, statement, sets);
  } else if (sets !== undefined) {
    if (!(statement instanceof OrmUpdate))
      throw new ArgumentError(`ormDelete(${statement.mapper.name}) takes no parameters`);
    outcome = await runBulkUpdateByKey(host, statement, sets, sync);
  } else outcome = await runBulk(host, statement, sync);
  return new OrmResult(outcome.rows ?? [], outcome.rowCount);
}
