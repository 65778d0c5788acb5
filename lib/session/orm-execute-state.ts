import type { Result } from '../drivers';
import { FromStatement, Select, type Executable, type ExecutionOptions } from '../sql';
import { statementKind } from '../sql/compiler/statement-kind';
import { OrmInsert } from './bulk/insert-statement';
import { OrmDelete, OrmUpdate } from './bulk/statements';
import type { OrmResult } from './orm-result';

/** What `session.execute()` returns: an ORM result for a select, a Core result otherwise. */
export type SessionResult = OrmResult<readonly unknown[]> | Result<unknown>;

/** What `invokeStatement()` may change for its run. */
export interface InvokeStatementOptions {
  /** The statement to run instead of the one given (not for an ORM bulk statement). */
  readonly statement?: Executable;
  /** Execution options merged over those in effect. */
  readonly executionOptions?: ExecutionOptions;
}

/**
 * What a `doOrmExecute` listener receives for one `execute()`, `scalars()`, `scalar()` or `get()`
 * that runs SQL, ORM bulk statements included (SQLAlchemy's `ORMExecuteState`). A listener may
 * return a result, which the call then returns without running the statement (the next listeners
 * are not called); returning nothing lets the statement run.
 */
export interface OrmExecuteState<S> {
  /** The session that executes. */
  readonly session: S;
  /**
   * The statement being executed: a select, a Core statement, or an ORM bulk UPDATE, DELETE or
   * INSERT (`ormUpdate()`, `ormDelete()`, `ormInsert()`, run by `session.execute()` or `executeBulk()`).
   */
  readonly statement:
    | Executable
    | OrmUpdate<object, readonly unknown[]>
    | OrmDelete<object, readonly unknown[]>
    | OrmInsert<object, readonly unknown[]>;
  /** The session's, the statement's and the call's execution options, merged in that order. */
  readonly executionOptions: ExecutionOptions;
  /** The call's `bindArguments` (empty when none). */
  readonly bindArguments: Readonly<Record<string, unknown>>;
  /**
   * The statement is a SELECT or a set operation of SELECTs, or `fromStatement()` of one (its
   * result is an ORM result for an ORM select).
   */
  readonly isSelect: boolean;
  /** The statement is an INSERT: Core `insert()` or an ORM bulk `ormInsert()`. */
  readonly isInsert: boolean;
  /** The statement is an UPDATE: Core `update()` or an ORM bulk `ormUpdate()`. */
  readonly isUpdate: boolean;
  /** The statement is a DELETE: Core `deleteFrom()` or an ORM bulk `ormDelete()`. */
  readonly isDelete: boolean;
  /** The statement is `select(…).fromStatement(…)` (`isSelect` tells what it reads from). */
  readonly isFromStatement: boolean;
  /**
   * Runs the statement now (or the one given) and returns its result, without calling
   * `doOrmExecute` listeners again: for a listener that looks at or caches the result. An ORM
   * bulk statement runs with the execution options given, never as another statement.
   */
  invokeStatement(options?: InvokeStatementOptions): Promise<SessionResult>;
}

/** The kind flags of an `OrmExecuteState`: what kind of statement the listeners are shown. */
type OrmExecuteKind = Pick<
  OrmExecuteState<unknown>,
  'isSelect' | 'isInsert' | 'isUpdate' | 'isDelete' | 'isFromStatement'
>;

/**
 * The kind flags for `statement`, as SQLAlchemy sets them: a `fromStatement()` has the kind of
 * the statement it reads from, and text() is of no kind.
 * @internal
 */
export function ormExecuteKind(statement: OrmExecuteState<unknown>['statement']): OrmExecuteKind {
  const isFromStatement = statement instanceof FromStatement;
  let kind: string;
  if (statement instanceof Select) kind = 'select';
  else if (statement instanceof OrmUpdate) kind = 'update';
  else if (statement instanceof OrmDelete) kind = 'delete';
  else if (statement instanceof OrmInsert) kind = 'insert';
  else kind = statementKind(statement.toStatementNode());
  return {
    isSelect: kind === 'select',
    isInsert: kind === 'insert',
    isUpdate: kind === 'update',
    isDelete: kind === 'delete',
    isFromStatement,
  };
}
