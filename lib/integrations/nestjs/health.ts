import type { Engine } from '../../drivers';
import { literal, select } from '../../sql';

/** What a health check returns: terminus's `HealthIndicatorResult` shape. */
export type DatabaseHealth<Key extends string = string> = Record<
  Key,
  {
    /** `down` when the pool is saturated, `SELECT 1` failed or timed out, or migrations are pending. */
    status: 'up' | 'down';
    /** Why it is down. */
    message?: string;
    /** The engine's pool at the time of the check. */
    pool: {
      /** Most connections the pool opens. */
      max: number;
      /** Connections checked out. */
      used: number;
      /** Idle connections. */
      free: number;
      /** Callers waiting for a connection. */
      pendingAcquires: number;
    };
    /** Migrations not applied yet, when `pendingMigrations` was given. */
    pendingMigrations?: number;
  }
>;

/** What counts pending migrations (`MigrationRunner` has `pendingCount()`; this layer cannot import it). */
export type PendingMigrations =
  | {
      /** How many revisions the database lacks. */
      pendingCount(): Promise<number>;
    }
  | (() => Promise<number>);

/** Options of `AthanorHealthIndicator.check()`. */
export interface DatabaseHealthOptions {
  /** How long the `SELECT 1` may take. Default 1000 ms. */
  readonly timeoutMillis?: number;
  /**
   * Counts migrations not applied yet: a `MigrationRunner` of `athanor/migrations`, or a function.
   * More than zero reports the database down, since the code expects a schema it does not have.
   */
  readonly pendingMigrations?: PendingMigrations;
}

/**
 * A health indicator for `@nestjs/terminus` that says more than "SELECT 1 answered": a pool with
 * every connection checked out and callers waiting is reported down (the next request would wait
 * for `acquireTimeoutMillis`), and so are pending migrations.
 *
 * @example
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.db.check('database')]); }
 */
export class AthanorHealthIndicator {
  /** An indicator of this engine (`AthanorModule` provides one per engine). */
  constructor(private readonly engine: Engine) {}

  /**
   * The pool's state, a `SELECT 1` within `timeoutMillis` and, with `pendingMigrations`, the
   * count of revisions not applied, under `key`. Never throws: a failure is reported `down`.
   */
  async check<Key extends string>(
    key: Key,
    options: DatabaseHealthOptions = {},
  ): Promise<DatabaseHealth<Key>> {
    const status = this.engine.poolStatus;
    const pool = {
      max: status.max,
      used: status.used,
      free: status.free,
      pendingAcquires: status.pendingAcquires,
    };
    const result = (state: 'up' | 'down', extra: { message?: string; pendingMigrations?: number }) =>
      ({ [key]: { status: state, pool, ...extra } }) as DatabaseHealth<Key>;
    if (status.used >= status.max && status.pendingAcquires > 0) {
      return result('down', {
        message: `pool saturated: ${status.used} of ${status.max} connections in use, ${status.pendingAcquires} waiting`,
      });
    }
    try {
      await withTimeout(this.engine.execute(select(literal(1))), options.timeoutMillis ?? 1000);
    } catch (e) {
      return result('down', { message: e instanceof Error ? e.message : String(e) });
    }
    const counter = options.pendingMigrations;
    if (counter !== undefined) {
      let pending: number;
      try {
        pending = await (typeof counter === 'function' ? counter() : counter.pendingCount());
      } catch (e) {
        return result('down', {
          message: `pending migrations unknown: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
      if (pending > 0)
        return result('down', { message: `${pending} migration(s) not applied`, pendingMigrations: pending });
      return result('up', { pendingMigrations: 0 });
    }
    return result('up', {});
  }
}

function withTimeout<T>(promise: Promise<T>, millis: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${millis} ms`)), millis);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
