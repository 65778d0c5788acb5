import { ReplicaRoutingUnsupportedError } from '../../errors';
import { text } from '../../sql';
import type { Connection } from '../connection';

/**
 * How one kind of server reports replication positions: the primary's position after a commit,
 * how far a replica has replayed, and how to compare the two. A position is an opaque string to
 * everything above this file (a token that can travel in a header or cookie).
 * @internal
 */
export interface PositionQueries {
  /** The primary's position now: every transaction committed before is at or below it. */
  primaryPosition(conn: Connection): Promise<string>;
  /** What the replica has replayed (applied), not merely received. */
  replayedPosition(conn: Connection): Promise<string>;
  /** `replayed` includes everything up to `wanted`. */
  covers(replayed: string, wanted: string): boolean;
  /**
   * Waits on the replica up to `millis` for `wanted` to be replayed; true when it was. Used only
   * when the cached replay position is behind.
   */
  waitFor(conn: Connection, wanted: string, millis: number): Promise<boolean>;
}

async function scalarText(
  conn: Connection,
  sql: string,
  params: Record<string, unknown> = {},
): Promise<string> {
  const row = (await conn.execute(text(sql, params))).all()[0] as Record<string, unknown> | undefined;
  const value = row === undefined ? undefined : Object.values(row)[0];
  return value === null || value === undefined ? '' : String(value);
}

/** A PostgreSQL LSN `X/Y` as one number. */
function lsn(value: string): bigint {
  const [hi, lo] = value.split('/');
  if (hi === undefined || lo === undefined) return -1n;
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL streaming replication: WAL positions (LSNs). */
const postgresql: PositionQueries = {
  primaryPosition: (conn) => scalarText(conn, 'SELECT pg_current_wal_lsn()::text'),
  // NULL when the server is not a standby (or has replayed nothing yet): covers nothing.
  replayedPosition: (conn) => scalarText(conn, 'SELECT pg_last_wal_replay_lsn()::text'),
  covers: (replayed, wanted) => replayed !== '' && lsn(replayed) >= lsn(wanted),
  async waitFor(conn, wanted, millis) {
    // PostgreSQL 15 has no server-side wait for an LSN: poll, briefly.
    const deadline = Date.now() + millis;
    for (;;) {
      if (postgresql.covers(await postgresql.replayedPosition(conn), wanted)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(20, Math.max(1, deadline - Date.now())));
    }
  },
};

/** A MariaDB GTID list `domain-server-seq,…` as domain → sequence number. */
function gtids(value: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)-(\d+)-(\d+)\s*$/.exec(part);
    if (m !== null) out.set(m[1]!, BigInt(m[3]!));
  }
  return out;
}

/** MariaDB replication with global transaction ids. */
const mariadb: PositionQueries = {
  primaryPosition: (conn) => scalarText(conn, 'SELECT @@GLOBAL.gtid_binlog_pos'),
  replayedPosition: (conn) => scalarText(conn, 'SELECT @@GLOBAL.gtid_slave_pos'),
  covers(replayed, wanted) {
    const have = gtids(replayed);
    for (const [domain, seq] of gtids(wanted)) if ((have.get(domain) ?? -1n) < seq) return false;
    return true;
  },
  async waitFor(conn, wanted, millis) {
    // 0 when reached, -1 on timeout.
    const r = await scalarText(conn, 'SELECT MASTER_GTID_WAIT(:pos, :timeout)', {
      pos: wanted,
      timeout: millis / 1000,
    });
    return r === '0';
  },
};

/**
 * The position queries for a dialect, or `ReplicaRoutingUnsupportedError` naming it.
 * MySQL's GTID sets (`uuid:1-5`, WAIT_FOR_EXECUTED_GTID_SET) are not written yet.
 * @internal
 */
export function positionQueries(dialect: string): PositionQueries {
  if (dialect === 'postgresql') return postgresql;
  if (dialect === 'mariadb' || dialect === 'mysql') return mariadb;
  throw new ReplicaRoutingUnsupportedError(
    dialect === 'sqlite'
      ? 'replica routing is not available for SQLite: an SQLite file has no replicas with replication positions; use one engine'
      : `replica routing is not available for the ${dialect} dialect: no replication position queries for it`,
  );
}
