import type { AthanorWarning } from '../errors';
import type { OrmExecuteState, SessionResult } from './orm-execute-state';

/**
 * Session events and what their listeners receive; `S` is the session raising them (the flush and
 * transaction events hand it over). The session names it (`SessionEvents`), so that this module
 * needs no session.
 */
export interface SessionEventsOf<S> {
  /** Before a flush computes its plan; listeners may still add or change objects. */
  beforeFlush: S;
  afterFlush: S;
  afterCommit: S;
  afterRollback: S;
  /**
   * A warning of this session (also emitted through `process.emitWarning`). Listeners run
   * synchronously where the warning arises; a promise they return is not awaited.
   */
  warning: AthanorWarning;
  /**
   * A statement the application runs through the session (`execute()`, `scalars()`, `scalar()`,
   * `get()` when it reads, ORM bulk statements by `execute()` or `executeBulk()`): not those of
   * flushes or relationship loads. A listener may inspect the statement, its kind and options, or
   * return a result to use instead of running it.
   */
  doOrmExecute: OrmExecuteState<S>;
}

/** The name of a session event: `beforeFlush`, `afterCommit`, … */
export type SessionEventName = keyof SessionEventsOf<unknown>;

/** A listener of `event` of a session of type `S`. */
export type SessionListenerOf<S, E extends SessionEventName> = (
  payload: SessionEventsOf<S>[E],
) => E extends 'doOrmExecute' ? OrmExecuteReturn : void | Promise<void>;

/** What a `doOrmExecute` listener returns: a result to use instead of running the statement, or nothing. */
export type OrmExecuteReturn = SessionResult | undefined | void | Promise<SessionResult | undefined | void>;

/** @internal A tiny typed emitter; listeners run in order and are awaited. */
export class SessionEmitter<S> {
  private readonly listeners = new Map<SessionEventName, SessionListenerOf<S, SessionEventName>[]>();

  on<E extends SessionEventName>(event: E, listener: SessionListenerOf<S, E>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as SessionListenerOf<S, SessionEventName>);
    this.listeners.set(event, list);
    return () => {
      const i = list.indexOf(listener as SessionListenerOf<S, SessionEventName>);
      if (i >= 0) list.splice(i, 1);
    };
  }

  has(event: SessionEventName): boolean {
    return (this.listeners.get(event)?.length ?? 0) > 0;
  }

  async emit<E extends SessionEventName>(event: E, payload: SessionEventsOf<S>[E]): Promise<void> {
    for (const listener of this.listeners.get(event) ?? []) await listener(payload);
  }

  /** Runs the listeners of `event` in order until one returns a value, and returns it. */
  async firstResult<E extends SessionEventName>(event: E, payload: SessionEventsOf<S>[E]): Promise<unknown> {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      const out: unknown = await listener(payload);
      if (out !== undefined) return out;
    }
    return undefined;
  }

  /** Runs the listeners without waiting for them (for events raised in synchronous code). */
  emitNow<E extends SessionEventName>(event: E, payload: SessionEventsOf<S>[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) void listener(payload);
  }
}
