import {
  ArgumentError,
  AthanorError,
  CommitOutcomeUnknownError,
  LockTimeoutError,
  PendingRollbackError,
  RollbackOnlyError,
  TransactionConflictError,
} from '../../errors';

/** A class of error a retry policy names (`SerializationError`, `DeadlockError`, …). */
export type RetryableErrorClass = abstract new (...args: never[]) => Error;

/**
 * How a transaction is run again when it loses to a concurrent one. Each attempt re-runs the
 * whole callback in a fresh session (new identity map and unit of work); the wait before attempt
 * n+1 is a random delay in `[0, min(maxDelayMs, baseDelayMs * 2^(n-1))]` ("full jitter"), so that
 * transactions that collided do not collide again in step.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5; 1 = no retry). */
  readonly attempts?: number;
  /** The backoff's first ceiling in milliseconds (default 10). */
  readonly baseDelayMs?: number;
  /** The backoff's highest ceiling in milliseconds (default 500). */
  readonly maxDelayMs?: number;
  /** `full` (default): a random wait up to the ceiling; `none`: exactly the ceiling. */
  readonly jitter?: 'full' | 'none';
  /**
   * Which errors run the transaction again: classes (an error that is an instance of one), or a
   * predicate. Default: `TransactionConflictError` (serialization failures and deadlocks) and
   * `LockTimeoutError` (MariaDB lock wait timeout, SQLite BUSY). `CommitOutcomeUnknownError` is
   * never retried, whatever this says: the first attempt may have committed.
   */
  readonly retryOn?: readonly RetryableErrorClass[] | ((error: unknown) => boolean);
  /** Called after an attempt failed with an error that will be retried, before the wait. */
  readonly onRetry?: (event: RetryEvent) => void;
}

/** An attempt failed and the transaction will run again after `delayMs`. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  /** The error that failed the attempt. */
  readonly error: unknown;
  /** How long until the next attempt, in milliseconds. */
  readonly delayMs: number;
}

/** Which attempt is running, given to the transaction's callback. */
export interface TransactionAttempt {
  /** 1 for the first run, 2 for the first retry, … */
  readonly attempt: number;
  /** The attempts allowed in all. */
  readonly attempts: number;
}

/** `retry: true` is the defaults; `false` or absent is one attempt. */
export type RetrySetting = boolean | RetryOptions;

/** A checked policy. @internal */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: 'full' | 'none';
  readonly retryable: (error: unknown) => boolean;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
}

const DEFAULT_RETRY_ON: readonly RetryableErrorClass[] = [TransactionConflictError, LockTimeoutError];

/** The policy `retry` names (undefined for one attempt); bad options raise `ArgumentError`. @internal */
export function retryPolicy(retry: RetrySetting | undefined, where: string): RetryPolicy | undefined {
  if (retry === undefined || retry === false) return undefined;
  const options: RetryOptions = retry === true ? {} : retry;
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError(`${where}: retry must be true, false or an options object`);
  }
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 10;
  const maxDelayMs = options.maxDelayMs ?? 500;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new ArgumentError(
      `${where}: retry.attempts must be an integer of at least 1, not ${String(attempts)}`,
    );
  for (const [name, value] of [
    ['baseDelayMs', baseDelayMs],
    ['maxDelayMs', maxDelayMs],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new ArgumentError(
        `${where}: retry.${name} must be a number of milliseconds ≥ 0, not ${String(value)}`,
      );
  }
  const jitter = options.jitter ?? 'full';
  if (jitter !== 'full' && jitter !== 'none')
    throw new ArgumentError(`${where}: retry.jitter must be 'full' or 'none', not ${JSON.stringify(jitter)}`);
  const retryOn = options.retryOn ?? DEFAULT_RETRY_ON;
  const matches =
    typeof retryOn === 'function'
      ? retryOn
      : (error: unknown): boolean => retryOn.some((Class) => error instanceof Class);
  return {
    attempts,
    baseDelayMs,
    maxDelayMs,
    jitter,
    retryable: (error) => {
      if (error instanceof CommitOutcomeUnknownError) return false;
      return matches(error) || matches(conflictBehind(error));
    },
    onRetry: options.onRetry,
  };
}

/**
 * The error that doomed a transaction when `error` only reports the doom: a joined part whose
 * conflict was caught (`RollbackOnlyError`), or a flush that failed earlier (`PendingRollbackError`).
 */
function conflictBehind(error: unknown): unknown {
  let e = error;
  while (e instanceof RollbackOnlyError || e instanceof PendingRollbackError) {
    if (e.cause === undefined || e.cause === e) return undefined;
    e = e.cause;
  }
  return e === error ? undefined : e instanceof AthanorError ? e : undefined;
}

/** The wait before the attempt after `failed` (1-based). @internal */
export function backoffDelay(policy: RetryPolicy, failed: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failed - 1));
  return policy.jitter === 'none' ? ceiling : Math.random() * ceiling;
}
