import { ArgumentError } from '../errors';

/** How a locking read locks the rows it reads: `FOR SHARE` instead of `FOR UPDATE`, no waiting. */
export interface LockingReadOptions {
  /** `FOR SHARE` (a read lock) instead of `FOR UPDATE`. */
  readonly share?: boolean;
  /** Fail at once instead of waiting for a row another transaction locked. */
  readonly noWait?: boolean;
  /** Leave out rows another transaction locked. */
  readonly skipLocked?: boolean;
}

/**
 * The `withForUpdate` option of `get()` and `refresh()`: `true` reads the row with `FOR UPDATE`
 * (in the session's transaction, begun if needed), or the options of the lock; `false` or absent,
 * a plain read.
 */
export type WithForUpdate = boolean | LockingReadOptions;

const KNOWN: readonly string[] = ['share', 'noWait', 'skipLocked'];

/**
 * The lock a `withForUpdate` option asks for, or undefined for none. An empty object is refused,
 * as SQLAlchemy refuses `with_for_update={}`: it reads as "no options" to some and "lock" to others.
 */
export function lockingRead(
  value: WithForUpdate | undefined,
  method: string,
): LockingReadOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  if (typeof value !== 'object' || value === null) {
    throw new ArgumentError(`${method}: withForUpdate should be true, false or an object of lock options`);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    throw new ArgumentError(
      `${method}: withForUpdate should be true or an object with lock options (${KNOWN.join(', ')}), not {}`,
    );
  }
  const unknown = keys.filter((k) => !KNOWN.includes(k));
  if (unknown.length) {
    throw new ArgumentError(
      `${method}: unknown withForUpdate option ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${KNOWN.join(', ')}`,
    );
  }
  return value;
}
