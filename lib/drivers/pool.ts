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
  /** When it was last returned to the pool's warm stack (`performance.now()`). */
  releasedAt?: number;
}

/** Counts of the pool's connections. */
export interface PoolStatus {
  readonly max: number;
  readonly used: number;
  readonly free: number;
  readonly pendingAcquires: number;
  readonly pendingCreates: number;
}

/** How often connections left on the warm stack go back to tarn, which reaps idle ones. */
const WARM_SWEEP_MILLIS = 1000;

/**
 * A tarn pool plus what tarn leaves to its user: recycling by age, pre-ping and a typed timeout.
 *
 * In front of tarn sits a warm stack: a released connection stays checked out of tarn and the
 * next `acquire()` takes it back without tarn's bookkeeping (a pending operation, a timeout timer
 * and several promise hops per checkout), which dominated short statements. Tarn still decides
 * everything that involves waiting: a release while someone waits in tarn goes to tarn, and
 * connections unused for a sweep interval go back to tarn, whose idle reaping then applies (so a
 * connection closes after at most `idleTimeoutMillis` plus two sweep intervals).
 * @internal
 */
export class ConnectionPool {
  private readonly tarn: TarnPool<PooledConnection>;
  readonly max: number;
  private readonly prePing: boolean;
  private readonly acquireTimeoutMillis: number;
  private readonly validate: (conn: PooledConnection) => boolean;
  /** Released connections still checked out of tarn, most recently released last. */
  private readonly warm: PooledConnection[] = [];
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private destroyed = false;

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
    this.validate = (conn) =>
      !conn.invalid &&
      !conn.driver.broken &&
      (recycle === undefined || Date.now() - conn.createdAt < recycle);
    this.tarn = new TarnPool<PooledConnection>({
      create,
      destroy: (conn) => destroy(conn).catch(() => undefined),
      validate: this.validate,
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
   * A warm connection right away, or undefined when there is none (or pre-ping is on, which needs
   * a round trip): lets a caller skip awaiting `acquire()`.
   */
  acquireWarm(): PooledConnection | undefined {
    return this.prePing ? undefined : this.takeWarm();
  }

  /** A healthy connection; throws `PoolTimeoutError` when none frees up in time. */
  async acquire(): Promise<PooledConnection> {
    for (let attempt = 0; ; attempt++) {
      const conn = this.takeWarm() ?? (await this.acquireFromTarn());
      if (!this.prePing) return conn;
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
    if (this.destroyed || this.tarn.numPendingAcquires() > 0 || !this.validate(conn)) {
      this.tarn.release(conn);
      return;
    }
    conn.releasedAt = performance.now();
    this.warm.push(conn);
    if (this.sweeper === undefined) {
      this.sweeper = setInterval(() => this.sweep(), WARM_SWEEP_MILLIS);
      this.sweeper.unref();
    }
  }

  /** Closes every connection; waits for checked-out ones to be returned first. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    this.stopSweeper();
    for (const conn of this.warm.splice(0)) this.tarn.release(conn);
    await this.tarn.destroy();
  }

  get status(): PoolStatus {
    return {
      max: this.max,
      used: this.tarn.numUsed() - this.warm.length,
      free: this.tarn.numFree() + this.warm.length,
      pendingAcquires: this.tarn.numPendingAcquires(),
      pendingCreates: this.tarn.numPendingCreates(),
    };
  }

  /** The most recently released warm connection that is still valid; invalid ones go to tarn to be discarded. */
  private takeWarm(): PooledConnection | undefined {
    for (let conn = this.warm.pop(); conn !== undefined; conn = this.warm.pop()) {
      if (this.validate(conn)) return conn;
      this.tarn.release(conn);
    }
    return undefined;
  }

  private async acquireFromTarn(): Promise<PooledConnection> {
    try {
      return await this.tarn.acquire().promise;
    } catch (e) {
      if (e instanceof TimeoutError) throw this.timeoutError(e);
      throw e;
    }
  }

  /** Hands connections unused for a whole interval back to tarn, whose idle reaping then applies. */
  private sweep(): void {
    const cutoff = performance.now() - WARM_SWEEP_MILLIS;
    // The stack is ordered by release time: the oldest are at the bottom.
    let n = 0;
    while (n < this.warm.length && this.warm[n]!.releasedAt! <= cutoff) n++;
    for (const conn of this.warm.splice(0, n)) this.tarn.release(conn);
    if (this.warm.length === 0) this.stopSweeper();
  }

  private stopSweeper(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.sweeper = undefined;
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
