import { ArgumentError, DataError, IntegrityError, ProgrammingError } from '../../errors';
import type { Connection } from '../connection';
import type { Engine } from '../engine';
import { positionQueries } from './positions';
import type { ReplicationPositions, ScalarQuery } from './replication-positions';
import { scalarText } from './scalar-text';

/** The dialect's position queries run on `conn`. */
const on =
  (conn: Connection): ScalarQuery =>
  (sql, params) =>
    scalarText(conn, sql, params);

/**
 * The position queries of the server `conn` is connected to: a `mysql://` URL answered by
 * MariaDB ≥ 10.5 resolves to the `mariadb` dialect once connected, and MySQL's queries would fail
 * there. `fallback` (the URL dialect's) when the connection's dialect has none.
 */
const queriesOf = (conn: Connection, fallback: ReplicationPositions): ReplicationPositions =>
  conn.dialect.replication ?? fallback;

/** Options of `createReplicaSet`. */
export interface ReplicaSetOptions {
  /**
   * A replica further behind the primary than this (milliseconds) leaves the rotation until it
   * catches up (default 5000). Lag is measured from this process: the age of the oldest primary
   * position the replica has not replayed yet.
   */
  maxLagMillis?: number;
  /** How often each replica's state is checked (milliseconds, default 1000). */
  checkIntervalMillis?: number;
  /**
   * How long a read that must see a given commit waits on a replica for it before going to the
   * primary (milliseconds, default 0: go to the primary at once).
   */
  waitForPositionMillis?: number;
}

/** What the health check last saw of a replica. */
export interface ReplicaStatus {
  /** The replica's engine. */
  readonly engine: Engine;
  /** In the rotation: answering, and not lagging beyond `maxLagMillis`. */
  readonly healthy: boolean;
  /** Last replay position seen ('' before the first check). */
  readonly replayed: string;
  /** Lag at the last check (milliseconds); undefined while down. */
  readonly lagMillis: number | undefined;
  /** Why it is out of rotation, when it is. */
  readonly reason: string | undefined;
}

interface Member {
  engine: Engine;
  healthy: boolean;
  replayed: string;
  lagMillis: number | undefined;
  reason: string | undefined;
}

/** Where a read ran, as told to `runRead` callers. */
export interface ReadTarget {
  /** The engine the read ran on. */
  readonly engine: Engine;
  /** Whether that engine is a replica (false: the primary). */
  readonly replica: boolean;
}

/** Errors that say the statement is wrong, not the replica: retrying them on the primary is pointless. */
function statementFault(e: unknown): boolean {
  return e instanceof ProgrammingError || e instanceof IntegrityError || e instanceof DataError;
}

/**
 * A primary engine and replica engines of one replicated database, with the replicas' health:
 * a background check (unref'd timer) takes a replica out of rotation when it is down or lags
 * beyond `maxLagMillis` and puts it back when it is healthy again. Reads choose a healthy replica
 * that has replayed a given position, or the primary. Writes are not this class's business: the
 * session sends them to `primary`.
 *
 * @example
 * const set = createReplicaSet(createEngine(primaryUrl), [createEngine(replicaUrl)], { maxLagMillis: 3000 });
 * const Session = sessionFactory(set.primary, { router: replicaRouting(set) });
 * …
 * set.close(); // stops the health check; the engines are the caller's to dispose
 */
export class ReplicaSet {
  private readonly members: Member[];
  private readonly queries: ReplicationPositions;
  private readonly maxLag: number;
  private readonly wait: number;
  /** Primary positions seen by the health check, oldest first, with when they were seen. */
  private samples: { at: number; position: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private next = 0;

  /**
   * Routes reads to `replicas` and everything else to `primary`, and starts the health check.
   *
   * @param primary - The engine writes and transactions go to.
   * @param replicas - Read-only engines reads rotate over; each must be of a dialect with replication
   * positions.
   * @param options - Lag limit, wait for a position, and the health-check interval.
   * @throws ArgumentError when `checkIntervalMillis` is not positive.
   * @throws ReplicaRoutingUnsupportedError when a dialect has no replication positions.
   */
  constructor(
    readonly primary: Engine,
    replicas: readonly Engine[],
    options: ReplicaSetOptions = {},
  ) {
    this.queries = positionQueries(primary);
    for (const r of replicas) positionQueries(r);
    this.maxLag = options.maxLagMillis ?? 5000;
    this.wait = options.waitForPositionMillis ?? 0;
    const interval = options.checkIntervalMillis ?? 1000;
    if (!(interval > 0)) throw new ArgumentError(`checkIntervalMillis must be positive, not ${interval}`);
    // Until the first check, replicas are in rotation: a read that finds one down falls back.
    this.members = replicas.map((engine) => ({
      engine,
      healthy: true,
      replayed: '',
      lagMillis: undefined,
      reason: undefined,
    }));
    if (this.members.length > 0) {
      this.timer = setInterval(() => void this.check(), interval);
      this.timer.unref();
    }
  }

  /** The replicas and what the health check last saw of each. */
  get status(): readonly ReplicaStatus[] {
    return this.members.map((m) => ({ ...m }));
  }

  /** Stops the health check. The engines stay open: they are the caller's. */
  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The primary's position now (after a commit: a position that includes it). */
  async primaryPosition(conn?: Connection): Promise<string> {
    if (conn !== undefined) return queriesOf(conn, this.queries).primaryPosition(on(conn));
    const own = await this.primary.connect();
    try {
      return await queriesOf(own, this.queries).primaryPosition(on(own));
    } finally {
      await own.close();
    }
  }

  /** Position `a` includes everything up to position `b`. */
  covers(a: string, b: string): boolean {
    return this.queries.covers(a, b);
  }

  /** Runs one health check now (the timer runs it every `checkIntervalMillis`). */
  check(): Promise<void> {
    return (this.checking ??= this.runCheck().finally(() => {
      this.checking = undefined;
    }));
  }

  private async runCheck(): Promise<void> {
    const now = Date.now();
    try {
      this.samples.push({ at: now, position: await this.primaryPosition() });
    } catch {
      // The primary is down: nothing to measure lag against; replicas keep their last state.
      return;
    }
    await Promise.all(this.members.map((m) => this.checkMember(m, now)));
    // Forget the positions every replica has replayed (keep the newest one): a replica that is
    // out of rotation still needs the old ones to measure how far behind it is.
    this.samples = this.samples.filter(
      (s, i) =>
        i === this.samples.length - 1 ||
        this.members.some((m) => !this.queries.covers(m.replayed, s.position)),
    );
    if (this.samples.length > 1000) this.samples.splice(0, this.samples.length - 1000);
  }

  private async checkMember(m: Member, now: number): Promise<void> {
    let conn: Connection | undefined;
    try {
      conn = await m.engine.connect();
      m.replayed = await queriesOf(conn, this.queries).replayedPosition(on(conn));
    } catch (e) {
      this.markDown(m.engine, e);
      return;
    } finally {
      await conn?.close().catch(() => undefined);
    }
    const behind = this.samples.find((s) => !this.queries.covers(m.replayed, s.position));
    m.lagMillis = behind === undefined ? 0 : now - behind.at;
    m.healthy = m.lagMillis <= this.maxLag && m.replayed !== '';
    m.reason = m.healthy
      ? undefined
      : m.replayed === ''
        ? 'not replaying (not a replica?)'
        : `lagging ${m.lagMillis} ms behind the primary (limit ${this.maxLag} ms)`;
  }

  /** Takes a replica out of rotation until a health check finds it well. */
  markDown(engine: Engine, error: unknown): void {
    const m = this.members.find((x) => x.engine === engine);
    if (m === undefined) return;
    m.healthy = false;
    m.lagMillis = undefined;
    m.reason = `down: ${error instanceof Error ? error.message : String(error)}`;
  }

  /**
   * A connection of a healthy replica that has replayed `position` (undefined: any replica will
   * do), waiting up to `waitForPositionMillis`; undefined when none has. Replicas are taken in turn.
   */
  private async replicaFor(
    position: string | undefined,
  ): Promise<{ conn: Connection; engine: Engine } | undefined> {
    const n = this.members.length;
    const start = this.next++;
    for (let i = 0; i < n; i++) {
      const m = this.members[(start + i) % n]!;
      if (!m.healthy) continue;
      let conn: Connection | undefined;
      try {
        if (position !== undefined && !this.queries.covers(m.replayed, position)) {
          conn = await m.engine.connect();
          const queries = queriesOf(conn, this.queries);
          m.replayed = await queries.replayedPosition(on(conn));
          if (!this.queries.covers(m.replayed, position)) {
            if (this.wait <= 0 || !(await queries.waitFor(on(conn), position, this.wait))) {
              await conn.close();
              continue;
            }
          }
        }
        conn ??= await m.engine.connect();
        return { conn, engine: m.engine };
      } catch (e) {
        await conn?.close().catch(() => undefined);
        this.markDown(m.engine, e);
      }
    }
    return undefined;
  }

  /**
   * A connection for a read that must see `position` (undefined: any replica will do): a
   * healthy replica's that has replayed it (waiting up to `waitForPositionMillis`), else the
   * primary's. Replicas are taken in turn.
   */
  async acquireRead(position: string | undefined): Promise<{
    /** The checked-out connection to read on. */
    conn: Connection;
    /** Which engine it belongs to. */
    target: ReadTarget;
  }> {
    const chosen = await this.replicaFor(position);
    if (chosen !== undefined) return { conn: chosen.conn, target: { engine: chosen.engine, replica: true } };
    return { conn: await this.primary.connect(), target: { engine: this.primary, replica: false } };
  }

  /**
   * Runs a read on a replica chosen as `acquireRead` does, or on the primary. A replica that fails
   * with anything but a fault of the statement itself (lost connection, shutdown, recovery
   * conflict) leaves the rotation and the read runs again on the primary: the caller sees no
   * error. `onPrimary`, when given, runs the read on the primary in place of `fn` on a connection
   * of the set's own (a session runs it on its own connection, in its own scope).
   */
  async runRead<T>(
    position: string | undefined,
    fn: (conn: Connection, target: ReadTarget) => Promise<T>,
    onPrimary?: () => Promise<T>,
  ): Promise<T> {
    const onThePrimary = async (): Promise<T> => {
      if (onPrimary !== undefined) return onPrimary();
      const primary = await this.primary.connect();
      try {
        return await fn(primary, { engine: this.primary, replica: false });
      } finally {
        await primary.close();
      }
    };
    const chosen = await this.replicaFor(position);
    if (chosen === undefined) return onThePrimary();
    const { conn, engine } = chosen;
    try {
      return await fn(conn, { engine, replica: true });
    } catch (e) {
      if (statementFault(e)) throw e;
      this.markDown(engine, e);
      await conn.close().catch(() => undefined);
      return onThePrimary();
    } finally {
      if (!conn.isClosed) await conn.close().catch(() => undefined);
    }
  }
}

/**
 * A primary and its replicas (see `ReplicaSet`). Refuses SQLite and dialects without replication
 * position queries with `ReplicaRoutingUnsupportedError`.
 */
export function createReplicaSet(
  primary: Engine,
  replicas: readonly Engine[],
  options: ReplicaSetOptions = {},
): ReplicaSet {
  return new ReplicaSet(primary, replicas, options);
}
