import type { IsolationLevel } from '../drivers';
import type { RetrySetting } from '../session';

/**
 * How a transactional call relates to the transaction already ambient where it is called (the
 * vocabulary of Spring's `Propagation`, which the Java and Node frameworks share):
 *
 * | mode           | with a transaction ambient                     | without                          |
 * | -------------- | ---------------------------------------------- | -------------------------------- |
 * | `required`     | joins it                                       | begins one                       |
 * | `requiresNew`  | suspends it, begins one on another connection  | begins one                       |
 * | `nested`       | a SAVEPOINT in it                              | begins one                       |
 * | `mandatory`    | joins it                                       | `TransactionPropagationError`    |
 * | `never`        | `TransactionPropagationError`                  | runs without a transaction       |
 * | `supports`     | joins it                                       | runs without a transaction       |
 * | `notSupported` | suspends it, runs without one                  | runs without a transaction       |
 */
export type Propagation =
  'required' | 'requiresNew' | 'nested' | 'mandatory' | 'never' | 'supports' | 'notSupported';

/** Every propagation mode, in the order of the table above. */
export const PROPAGATIONS: readonly Propagation[] = Object.freeze([
  'required',
  'requiresNew',
  'nested',
  'mandatory',
  'never',
  'supports',
  'notSupported',
]);

/** Options of `context.transactional()` and `@Transactional()`. */
export interface TransactionalOptions {
  /** Default `required`. */
  readonly propagation?: Propagation;
  /**
   * The isolation level of a transaction this call begins. Joining a transaction of another level
   * is refused (`TransactionPropagationError`) rather than silently running at the weaker one.
   */
  readonly isolationLevel?: IsolationLevel;
  /**
   * Run the callback again, in a new transaction with a new session, when the transaction it
   * began fails with a serialization failure, a deadlock or a lock timeout (see `RetryOptions`;
   * default: no retry). Only the call that begins the outermost transaction retries: a call that
   * joins the ambient transaction, or makes a SAVEPOINT in it, lets the error propagate to the
   * call that began it (the database has aborted that whole transaction), and its own `retry` has
   * no effect there. `afterCommit` hooks run once, for the attempt that committed; an attempt that
   * failed runs the `afterRollback` hooks it registered.
   */
  readonly retry?: RetrySetting;
}

/** A function run after the outermost transaction commits or rolls back. */
export type TransactionHook = () => void | Promise<void>;
