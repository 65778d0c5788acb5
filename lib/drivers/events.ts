import type { AthanorError } from '../errors';
import type { DialectName, ExecutionOptions } from '../sql';

/** A new database connection was opened (SQLAlchemy's `connect` pool event). */
export interface ConnectEvent {
  /** The engine's id of the connection, the same in every event about it. */
  readonly connectionId: number;
  /** The dialect of the database. */
  readonly dialect: DialectName;
  /** The server's session id (PostgreSQL backend pid, MySQL thread id, SQL Server SPID). */
  readonly sessionId: string | number | undefined;
  /** The server's version string. */
  readonly serverVersion: string;
}
/** A connection left the pool (`checkout`) or returned to it (`checkin`). */
export interface PoolEvent {
  /** The engine's id of the connection. */
  readonly connectionId: number;
}
/** A statement is about to run; `paramSets` is set for `executeMany`. */
export interface BeforeExecuteEvent {
  /** The engine's id of the connection that runs the statement. */
  readonly connectionId: number;
  /** The SQL, as sent. */
  readonly sql: string;
  /** The bound parameters (the first set, for `executeMany`). */
  readonly params: readonly unknown[];
  /** Every parameter set of an `executeMany`; `undefined` otherwise. */
  readonly paramSets: readonly (readonly unknown[])[] | undefined;
  /** The execution options in effect (a session's, its statement's and its call's, merged). */
  readonly executionOptions: ExecutionOptions;
}
/** A statement ran. */
export interface AfterExecuteEvent extends BeforeExecuteEvent {
  /** Rows returned or affected. */
  readonly rowCount: number;
  /** How long the statement took, in milliseconds. */
  readonly durationMillis: number;
}
/** A statement or connection failed; `error` is the translated error, its `cause` the driver's. */
export interface HandleErrorEvent {
  /** The engine's id of the connection, when one was involved. */
  readonly connectionId: number | undefined;
  /** The SQL of the failing statement, if any. */
  readonly sql: string | undefined;
  /** Its parameters, if any. */
  readonly params: readonly unknown[] | undefined;
  /** The translated error (its `cause` is the driver's). */
  readonly error: AthanorError;
  /** The connection was lost and will be discarded. */
  readonly disconnect: boolean;
}

/** Engine events and their payloads. */
export interface EngineEvents {
  /** A connection was opened. */
  connect: ConnectEvent;
  /** A connection left the pool. */
  checkout: PoolEvent;
  /** A connection returned to the pool. */
  checkin: PoolEvent;
  /** A statement is about to run. */
  beforeExecute: BeforeExecuteEvent;
  /** A statement ran. */
  afterExecute: AfterExecuteEvent;
  /** A statement or connection failed. */
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
