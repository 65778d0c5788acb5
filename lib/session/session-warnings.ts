import { emitAthanorWarning, type AthanorWarning } from '../errors';

/** What can receive a session's warnings (the Session). @internal */
export interface WarningTarget {
  /** Fires the session's `warning` event. */
  dispatchWarning(warning: AthanorWarning): void;
}

/**
 * @internal Warns where SQLAlchemy emits an SAWarning: through `process.emitWarning` and the
 * session's `warning` event. Session, unit-of-work and flush code call this (the flush through
 * `FlushRun.warn`).
 *
 * @example warnFrom(session, `Session's state has been changed on a non-active transaction`);
 */
export function warnFrom(target: WarningTarget | undefined, message: string): AthanorWarning {
  const warning = emitAthanorWarning(message);
  target?.dispatchWarning(warning);
  return warning;
}
