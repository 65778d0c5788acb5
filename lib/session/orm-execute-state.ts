import type { Result } from '../drivers';
import type { Executable, ExecutionOptions } from '../sql';
import type { OrmResult } from './orm-result';

/** What `session.execute()` returns: an ORM result for a select, a Core result otherwise. */
export type SessionResult = OrmResult<readonly unknown[]> | Result<unknown>;

/** What `invokeStatement()` may change for its run. */
export interface InvokeStatementOptions {
  /** The statement to run instead of the one given. */
  readonly statement?: Executable;
  /** Execution options merged over those in effect. */
  readonly executionOptions?: ExecutionOptions;
}

/**
 * What a `doOrmExecute` listener receives for one `execute()`, `scalars()`, `scalar()` or `get()`
 * that runs SQL (SQLAlchemy's `ORMExecuteState`). A listener may return a result, which the call
 * then returns without running the statement (the next listeners are not called); returning
 * nothing lets the statement run.
 */
export interface OrmExecuteState<S> {
  /** The session that executes. */
  readonly session: S;
  /** The statement being executed. */
  readonly statement: Executable;
  /** The session's, the statement's and the call's execution options, merged in that order. */
  readonly executionOptions: ExecutionOptions;
  /** The call's `bindArguments` (empty when none). */
  readonly bindArguments: Readonly<Record<string, unknown>>;
  /** The statement is a SELECT (its result is an ORM result). */
  readonly isSelect: boolean;
  /**
   * Runs the statement now (or the one given) and returns its result, without calling
   * `doOrmExecute` listeners again: for a listener that looks at or caches the result.
   */
  invokeStatement(options?: InvokeStatementOptions): Promise<SessionResult>;
}
