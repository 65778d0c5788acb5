import type { BeginOptions, Connection, Engine } from '../drivers';

/** What a scope's engine does around the real one. @internal */
export interface EngineScope {
  /** Called before every checkout; throws to refuse it (a scope that already ended). */
  beforeConnect(): void;
  /** Called with each connection checked out for the scope's session. */
  connected(conn: Connection): void;
  /** Options of the BEGIN of the scope's transaction (its isolation level). */
  readonly beginOptions: BeginOptions | undefined;
}

/**
 * The engine a scope's Session is made with: the real engine, except that `connect()` asks the
 * scope first and begins transactions with the scope's options. A Session reaches the database
 * only through `engine.connect()`, so this is the one place a scope needs to stand.
 * @internal
 */
export function scopedEngine(engine: Engine, scope: EngineScope): Engine {
  const connect = async (): Promise<Connection> => {
    scope.beforeConnect();
    const conn = await engine.connect();
    scope.connected(conn);
    const options = scope.beginOptions;
    return options === undefined ? conn : withBeginOptions(conn, options);
  };
  // connectNow() would hand over a pooled connection without asking the scope: never here.
  return forward(engine, { connect, connectNow: noConnectionAtHand });
}

/** A wrapped engine's sessions always check out through its `connect()`. */
const noConnectionAtHand = (): undefined => undefined;

/** A connection whose `begin()` uses `options` unless the caller gives its own. */
function withBeginOptions(conn: Connection, options: BeginOptions): Connection {
  return forward(conn, { begin: (own: BeginOptions = {}) => conn.begin({ ...options, ...own }) });
}

/**
 * A stand-in for a connection that an outer owner keeps open (a test's transaction): a BEGIN
 * becomes a SAVEPOINT in the owner's transaction and giving the connection back leaves it open.
 * @internal
 */
export function sharedConnection(conn: Connection): Connection {
  return forward(conn, {
    begin: () => conn.beginNested(),
    close: async () => undefined,
    closeIdle: () => true,
  });
}

/** An engine whose every checkout is `conn` (as `sharedConnection` presents it). @internal */
export function boundEngine(engine: Engine, conn: Connection): Engine {
  return forward(engine, { connect: async () => sharedConnection(conn), connectNow: noConnectionAtHand });
}

/**
 * `target` with some members replaced; every other member is the target's own, methods bound to
 * it (so its private state is read and written on the target itself). `instanceof` still holds.
 */
function forward<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(overrides, key))
        return overrides[key];
      const value: unknown = Reflect.get(t, key, t);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}
