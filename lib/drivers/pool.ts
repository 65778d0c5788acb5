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
  /**
   * Counts statement starts and ends (odd while one runs), so the pool can tell a holder that sits
   * idle from one at work.
   */
  activity: number;
  /** Handed out by the pool and not yet given back (the pool's own mark; absent: false). */
  checkedOut?: boolean;
}

/** Counts of the pool's connections. */
export interface PoolStatus {
  /** The most connections the pool opens. */
  readonly max: number;
  /** Connections checked out. */
  readonly used: number;
  /** Open connections waiting in the pool. */
  readonly free: number;
  /** Checkouts waiting for a connection. */
  readonly pendingAcquires: number;
  /** Connections being opened. */
  readonly pendingCreates: number;
}

/** How long a connection given back may wait outside tarn for the next checkout (see `parked`). */
const PARK_MILLIS = 100;

/**
 * A tarn pool plus what tarn leaves to its user: recycling by age, pre-ping and a typed timeout.
 * @internal
 */
export class ConnectionPool {
  private readonly tarn: TarnPool<PooledConnection>;
  readonly max: number;
  private readonly prePing: boolean;
  private readonly acquireTimeoutMillis: number;
  /**
   * Connections opened and not yet destroyed; those handed out carry `checkedOut`, so dispose()
   * can force them. A mark rather than a set of the checked-out ones: a Set taking and dropping a
   * connection per checkout rehashes its table every few checkouts.
   */
  private readonly open = new Set<PooledConnection>();
  private checkedOutCount = 0;
  /**
   * Connections given back while no checkout waited, not yet returned to tarn (most recent last).
   * The next checkout takes one at once: tarn's acquire costs two timers and a chain of about
   * twenty promises even when a connection is free, which a session per request pays every time.
   * They go back to tarn (which counts them as used meanwhile) within `PARK_MILLIS`, so its idle
   * reaping still sees them, and at once when a checkout waits in tarn or the pool is destroyed.
   */
  private readonly parked: PooledConnection[] = [];
  private parkTimer: NodeJS.Timeout | undefined;
  private destroying = false;
  /** Whether a connection may be handed out (tarn's validate, and the parked path's). */
  private readonly usable: (conn: PooledConnection) => boolean;

  constructor(
    create: () => Promise<PooledConnection>,
    destroy: (conn: PooledConnection) => Promise<void>,
    options: PoolOptions & { max: number },
    /**
     * The database exists on one connection only (SQLite in memory): a checkout that waits while
     * that connection's holder runs nothing for this long fails at once instead of after
     * `acquireTimeoutMillis` — the holder is most likely waiting for the checkout itself.
     */
    private readonly idleHolderMillis?: number,
  ) {
    checkPoolOptions(options);
    const min = options.min ?? 0;
    if (options.max < 1 || min > options.max) {
      throw new ArgumentError(`pool: need min (${min}) <= max (${options.max})`);
    }
    this.max = options.max;
    this.prePing = options.prePing ?? false;
    this.acquireTimeoutMillis = options.acquireTimeoutMillis ?? 30000;
    const recycle = options.recycleMillis;
    this.usable = (conn) =>
      !conn.invalid &&
      !conn.driver.broken &&
      (recycle === undefined || Date.now() - conn.createdAt < recycle);
    this.tarn = new TarnPool<PooledConnection>({
      create: () =>
        create().then((conn) => {
          this.open.add(conn);
          return conn;
        }),
      destroy: (conn) => {
        this.open.delete(conn);
        return destroy(conn).catch(() => undefined);
      },
      validate: this.usable,
      min,
      max: options.max,
      acquireTimeoutMillis: this.acquireTimeoutMillis,
      createTimeoutMillis: options.createTimeoutMillis ?? 30000,
      // A connection whose close hangs (a stalled server) is abandoned after this long.
      destroyTimeoutMillis: 5000,
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
    const parked = this.takeParked();
    if (parked !== undefined) return Promise.resolve(parked);
    if (this.idleHolderMillis !== undefined && this.checkedOutCount >= this.max) {
      return this.acquireWatched(this.idleHolderMillis);
    }
    return this.prePing
      ? this.acquirePinged()
      : this.tarn.acquire().promise.then(this.track, this.mapAcquireError);
  }

  private readonly track = (conn: PooledConnection): PooledConnection => {
    this.markOut(conn);
    return conn;
  };

  private markOut(conn: PooledConnection): void {
    conn.checkedOut = true;
    this.checkedOutCount++;
  }

  /** Clears the mark of a checked-out connection; false when it was not checked out. */
  private markIn(conn: PooledConnection): boolean {
    if (!conn.checkedOut) return false;
    conn.checkedOut = false;
    this.checkedOutCount--;
    return true;
  }

  private readonly mapAcquireError = (e: unknown): never => {
    throw e instanceof TimeoutError ? this.timeoutError(e) : e;
  };

  /** A checkout that fails once every holder has been idle for `limit` ms while it waited. */
  private acquireWatched(limit: number): Promise<PooledConnection> {
    const pending = this.tarn.acquire();
    const activity = (): number => {
      let sum = 0;
      for (const conn of this.open) {
        if (conn.checkedOut) sum += conn.activity % 2 === 1 ? Number.NaN : conn.activity;
      }
      return sum;
    };
    return new Promise((resolve, reject) => {
      let seen = activity();
      let idleSince = Date.now();
      const timer = setInterval(
        () => {
          const now = activity();
          if (now !== seen || Number.isNaN(now)) {
            seen = now;
            idleSince = Date.now();
          } else if (Date.now() - idleSince >= limit) {
            clearInterval(timer);
            pending.abort();
            reject(
              new PoolTimeoutError(
                `this database exists on one connection only (SQLite in memory), and its holder has run ` +
                  `nothing for ${limit} ms while this checkout waited: a session or connection waiting for ` +
                  'another one that is still open would wait forever. Close (commit or roll back) the first ' +
                  'one before opening the next, or use a database file with pool.max > 1 for concurrent sessions',
                undefined,
              ),
            );
          }
        },
        Math.max(10, limit / 5),
      );
      timer.unref();
      pending.promise.then(
        (conn) => {
          clearInterval(timer);
          resolve(this.track(conn));
        },
        (e: unknown) => {
          clearInterval(timer);
          try {
            this.mapAcquireError(e);
          } catch (mapped) {
            reject(mapped);
          }
        },
      );
    });
  }

  private async acquirePinged(): Promise<PooledConnection> {
    for (let attempt = 0; ; attempt++) {
      const conn = await this.tarn.acquire().promise.then(undefined, this.mapAcquireError);
      try {
        await conn.driver.ping();
        return this.track(conn);
      } catch (e) {
        // Dead: hand it back marked invalid; tarn's validate() discards it and opens a new one.
        conn.invalid = true;
        this.tarn.release(conn);
        if (attempt >= this.max) throw e;
      }
    }
  }

  /**
   * A connection given back earlier (see `parked`), checked out now without waiting, or
   * undefined when there is none to take (then `acquire()`).
   */
  takeParked(): PooledConnection | undefined {
    for (let conn = this.parked.pop(); conn !== undefined; conn = this.parked.pop()) {
      if (this.usable(conn)) {
        this.markOut(conn);
        return conn;
      }
      // Tarn's own checkout validates it again and discards it.
      this.tarn.release(conn);
    }
    return undefined;
  }

  /** Gives a connection back; one already forced closed by `destroy()` is ignored. */
  release(conn: PooledConnection): void {
    if (!this.markIn(conn)) return;
    // Pre-ping checks every checkout through tarn; a waiting checkout gets the connection now, and
    // tarn discards one that may not be reused.
    if (this.prePing || this.destroying || this.tarn.numPendingAcquires() > 0 || !this.usable(conn)) {
      this.tarn.release(conn);
      return;
    }
    this.parked.push(conn);
    if (this.parkTimer === undefined) {
      this.parkTimer = setTimeout(this.unpark, PARK_MILLIS);
      // A parked connection must not keep the process alive.
      this.parkTimer.unref();
    }
  }

  /** Returns every parked connection to tarn. */
  private readonly unpark = (): void => {
    clearTimeout(this.parkTimer);
    this.parkTimer = undefined;
    for (let conn = this.parked.pop(); conn !== undefined; conn = this.parked.pop()) this.tarn.release(conn);
  };

  /**
   * Closes every connection. Waits up to `timeoutMillis` for checked-out ones to be returned,
   * then takes them back marked invalid (tarn closes them) and returns how many it forced.
   */
  async destroy(timeoutMillis: number): Promise<number> {
    this.destroying = true;
    this.unpark();
    const done = this.tarn.destroy();
    let timer: NodeJS.Timeout | undefined;
    // A referenced timer: an engine disposing must keep the process alive until it is done.
    const expired = new Promise<'expired'>(
      (resolve) => (timer = setTimeout(resolve, timeoutMillis, 'expired')),
    );
    const outcome = await Promise.race([done.then(() => 'done' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'done') return 0;
    const forced = [...this.open].filter((conn) => conn.checkedOut);
    for (const conn of forced) {
      conn.invalid = true;
      this.markIn(conn);
      this.tarn.release(conn);
    }
    await done;
    return forced.length;
  }

  get status(): PoolStatus {
    // Tarn counts parked connections as used; they are free.
    const parked = this.parked.length;
    return {
      max: this.max,
      used: this.tarn.numUsed() - parked,
      free: this.tarn.numFree() + parked,
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

/** Each option: the smallest value it takes, and whether it must be a whole number. */
const NUMERIC_OPTIONS: Readonly<Record<string, { min: number; integer: boolean }>> = {
  min: { min: 0, integer: true },
  max: { min: 1, integer: true },
  acquireTimeoutMillis: { min: 1, integer: false },
  idleTimeoutMillis: { min: 1, integer: false },
  recycleMillis: { min: 1, integer: false },
  createTimeoutMillis: { min: 1, integer: false },
};

/** Typed errors naming the option, before tarn's plain Error or a TypeError can. @internal */
export function checkPoolOptions(options: PoolOptions): void {
  if (options.min !== undefined && options.max !== undefined && options.min > options.max) {
    throw new ArgumentError(`pool: need min (${options.min}) <= max (${options.max})`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key === 'prePing') {
      if (typeof value !== 'boolean')
        throw new ArgumentError(`pool.prePing must be true or false, not ${String(value)}`);
      continue;
    }
    const rule = NUMERIC_OPTIONS[key];
    if (rule === undefined) {
      throw new ArgumentError(
        `unknown pool option '${key}'; expected one of ${[...Object.keys(NUMERIC_OPTIONS), 'prePing'].join(', ')}`,
      );
    }
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= rule.min &&
      (!rule.integer || Number.isInteger(value));
    if (!ok) {
      const what = rule.integer ? 'a whole number' : 'a finite number of milliseconds';
      throw new ArgumentError(
        `pool.${key} must be ${what} >= ${rule.min}, not ${JSON.stringify(value) ?? String(value)}`,
      );
    }
  }
}
