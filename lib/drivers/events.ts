import type { AthanorError } from '../errors';
import type { DialectName, ExecutionOptions } from '../sql';

/** A new database connection was opened (SQLAlchemy's `connect` pool event). */
export interface ConnectEvent {
  readonly connectionId: number;
  readonly dialect: DialectName;
  /** The server's session id (PostgreSQL backend pid, MySQL thread id, SQL Server SPID). */
  readonly sessionId: string | number | undefined;
  readonly serverVersion: string;
}
/** A connection left the pool (`checkout`) or returned to it (`checkin`). */
export interface PoolEvent {
  readonly connectionId: number;
}
/** A statement is about to run; `paramSets` is set for `executeMany`. */
export interface BeforeExecuteEvent {
  readonly connectionId: number;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly paramSets: readonly (readonly unknown[])[] | undefined;
  /** The execution options in effect (a session's, its statement's and its call's, merged). */
  readonly executionOptions: ExecutionOptions;
}
/** A statement ran. */
export interface AfterExecuteEvent extends BeforeExecuteEvent {
  readonly rowCount: number;
  readonly durationMillis: number;
}
/** A statement or connection failed; `error` is the translated error, its `cause` the driver's. */
export interface HandleErrorEvent {
  readonly connectionId: number | undefined;
  readonly sql: string | undefined;
  readonly params: readonly unknown[] | undefined;
  readonly error: AthanorError;
  /** The connection was lost and will be discarded. */
  readonly disconnect: boolean;
}

/** Engine events and their payloads. */
export interface EngineEvents {
  connect: ConnectEvent;
  checkout: PoolEvent;
  checkin: PoolEvent;
  beforeExecute: BeforeExecuteEvent;
  afterExecute: AfterExecuteEvent;
  handleError: HandleErrorEvent;
}

/** The name of an engine event: `connect`, `checkout`, `beforeExecute` … */
export type EngineEventName = keyof EngineEvents;
/** A listener of one engine event, called with that event's payload. */
export type EngineListener<E extends EngineEventName> = (event: EngineEvents[E]) => void;

/**
 * A small typed emitter. Listeners run synchronously in registration order; a listener that
 * throws aborts the operation (so `beforeExecute` can veto a statement).
 * @internal
 */
export class EngineEmitter {
  private readonly listeners: { [E in EngineEventName]?: EngineListener<E>[] } = {};

  on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    const list = (this.listeners[event] ??= []) as EngineListener<E>[];
    list.push(listener);
    return () => this.off(event, listener);
  }

  off<E extends EngineEventName>(event: E, listener: EngineListener<E>): void {
    const list = this.listeners[event] as EngineListener<E>[] | undefined;
    const i = list?.indexOf(listener) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  has(event: EngineEventName): boolean {
    return (this.listeners[event]?.length ?? 0) > 0;
  }

  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    const list = this.listeners[event] as EngineListener<E>[] | undefined;
    if (list === undefined) return;
    for (const listener of [...list]) listener(payload);
  }
}
