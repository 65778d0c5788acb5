import { Pool as TarnPool, TimeoutError } from 'tarn';
import { ArgumentError, PoolTimeoutError } from '../errors';
import type { DialectName } from '../sql';
import type { DriverConnection } from './driver';

/** Pool settings, with SQLAlchemy's production knobs. */
export interface PoolOptions {
  /** Connections kept open even when idle. Default 0. */
  min?: number;
  /** Most connections open at once. Default 10 (1 for SQLite). */
  max?: number;
  /** How long `connect()` waits for a free connection before `PoolTimeoutError`. Default 30000. */
  acquireTimeoutMillis?: number;
  /** Idle connections above `min` are closed after this long. Default 30000. */
  idleTimeoutMillis?: number;
  /** Connections older than this are replaced at checkout (SQLAlchemy's `pool_recycle`). */
  recycleMillis?: number;
  /** Run a cheap query at checkout and silently replace a dead connection (`pool_pre_ping`). */
  prePing?: boolean;
  /** How long opening one connection may take. Default 30000. */
  createTimeoutMillis?: number;
}

/** A connection as the pool holds it. @internal */
export interface PooledConnection {
  readonly id: number;
  readonly driver: DriverConnection;
  readonly dialect: DialectName;
  readonly createdAt: number;
  /** Set when the connection must not be reused; the pool discards it at the next checkout. */
  invalid: boolean;
}

/** Counts of the pool's connections. */
export interface PoolStatus {
  readonly max: number;
  readonly used: number;
  readonly free: number;
  readonly pendingAcquires: number;
  readonly pendingCreates: number;
}

/**
 * A tarn pool plus what tarn leaves to its user: recycling by age, pre-ping and a typed timeout.
 * @internal
 */
export class ConnectionPool {
  private readonly tarn: TarnPool<PooledConnection>;
  readonly max: number;
  private readonly prePing: boolean;
  private readonly acquireTimeoutMillis: number;

  constructor(
    create: () => Promise<PooledConnection>,
    destroy: (conn: PooledConnection) => Promise<void>,
    options: PoolOptions & { max: number },
  ) {
    const min = options.min ?? 0;
    if (!(options.max >= 1) || min < 0 || min > options.max) {
      throw new ArgumentError(`pool: need 0 <= min (${min}) <= max (${options.max}) and max >= 1`);
    }
    this.max = options.max;
    this.prePing = options.prePing ?? false;
    this.acquireTimeoutMillis = options.acquireTimeoutMillis ?? 30000;
    const recycle = options.recycleMillis;
    this.tarn = new TarnPool<PooledConnection>({
      create,
      destroy: (conn) => destroy(conn).catch(() => undefined),
      validate: (conn) =>
        !conn.invalid &&
        !conn.driver.broken &&
        (recycle === undefined || Date.now() - conn.createdAt < recycle),
      min,
      max: options.max,
      acquireTimeoutMillis: this.acquireTimeoutMillis,
      createTimeoutMillis: options.createTimeoutMillis ?? 30000,
      idleTimeoutMillis: options.idleTimeoutMillis ?? 30000,
      reapIntervalMillis: 1000,
      propagateCreateError: true,
    });
  }

  /**
   * A healthy connection; rejects with `PoolTimeoutError` when none frees up in time. Without
   * pre-ping it is tarn's own promise with the error mapped: one reaction between tarn resolving
   * and the caller, where an async wrapper would add two more microtask hops per checkout.
   */
  acquire(): Promise<PooledConnection> {
    return this.prePing
      ? this.acquirePinged()
      : this.tarn.acquire().promise.then(undefined, this.mapAcquireError);
  }

  private readonly mapAcquireError = (e: unknown): never => {
    throw e instanceof TimeoutError ? this.timeoutError(e) : e;
  };

  private async acquirePinged(): Promise<PooledConnection> {
    for (let attempt = 0; ; attempt++) {
      const conn = await this.tarn.acquire().promise.then(undefined, this.mapAcquireError);
      try {
        await conn.driver.ping();
        return conn;
      } catch (e) {
        // Dead: hand it back marked invalid; tarn's validate() discards it and opens a new one.
        conn.invalid = true;
        this.tarn.release(conn);
        if (attempt >= this.max) throw e;
      }
    }
  }

  release(conn: PooledConnection): void {
    this.tarn.release(conn);
  }

  /** Closes every connection; waits for checked-out ones to be returned first. */
  async destroy(): Promise<void> {
    await this.tarn.destroy();
  }

  get status(): PoolStatus {
    return {
      max: this.max,
      used: this.tarn.numUsed(),
      free: this.tarn.numFree(),
      pendingAcquires: this.tarn.numPendingAcquires(),
      pendingCreates: this.tarn.numPendingCreates(),
    };
  }

  private timeoutError(cause: unknown): PoolTimeoutError {
    const s = this.status;
    return new PoolTimeoutError(
      `pool of ${s.max} connection(s) exhausted: no connection was returned within ` +
        `${this.acquireTimeoutMillis} ms (${s.used} checked out, ${s.pendingAcquires} waiting); ` +
        'close connections sooner or raise pool.max / pool.acquireTimeoutMillis',
      undefined,
      { cause },
    );
  }
}
