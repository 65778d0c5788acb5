import type { AthanorWarning } from '../errors';
import type { Session } from './session';

/** Session events and what their listeners receive. */
export interface SessionEvents {
  /** Before a flush computes its plan; listeners may still add or change objects. */
  beforeFlush: Session;
  afterFlush: Session;
  afterCommit: Session;
  afterRollback: Session;
  /**
   * A warning of this session (also emitted through `process.emitWarning`). Listeners run
   * synchronously where the warning arises; a promise they return is not awaited.
   */
  warning: AthanorWarning;
}

export type SessionEventName = keyof SessionEvents;
export type SessionListener<E extends SessionEventName> = (payload: SessionEvents[E]) => void | Promise<void>;

/** @internal A tiny typed emitter; listeners run in order and are awaited. */
export class SessionEmitter {
  private readonly listeners = new Map<SessionEventName, SessionListener<SessionEventName>[]>();

  on<E extends SessionEventName>(event: E, listener: SessionListener<E>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as SessionListener<SessionEventName>);
    this.listeners.set(event, list);
    return () => {
      const i = list.indexOf(listener as SessionListener<SessionEventName>);
      if (i >= 0) list.splice(i, 1);
    };
  }

  has(event: SessionEventName): boolean {
    return (this.listeners.get(event)?.length ?? 0) > 0;
  }

  async emit<E extends SessionEventName>(event: E, payload: SessionEvents[E]): Promise<void> {
    for (const listener of this.listeners.get(event) ?? []) await listener(payload);
  }

  /** Runs the listeners without waiting for them (for events raised in synchronous code). */
  emitNow<E extends SessionEventName>(event: E, payload: SessionEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) void listener(payload);
  }
}
