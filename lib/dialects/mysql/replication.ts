import type { ReplicationPositions, ScalarQuery } from '../../drivers/replication/replication-positions';
import { gtidSetContains } from './gtid-sets';

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
export const mariadbGtidReplication: ReplicationPositions = {
  primaryPosition: (query) => query('SELECT @@GLOBAL.gtid_binlog_pos'),
  replayedPosition: (query) => query('SELECT @@GLOBAL.gtid_slave_pos'),
  covers(replayed, wanted) {
    const have = gtids(replayed);
    for (const [domain, seq] of gtids(wanted)) if ((have.get(domain) ?? -1n) < seq) return false;
    return true;
  },
  async waitFor(query, wanted, millis) {
    // 0 when reached, -1 on timeout.
    const r = await query('SELECT MASTER_GTID_WAIT(:pos, :timeout)', {
      pos: wanted,
      timeout: millis / 1000,
    });
    return r === '0';
  },
};

/** A MySQL GTID set names its source by UUID (`uuid:1-5`); a MariaDB position never has a colon. */
const isGtidSet = (position: string): boolean => position.includes(':');

/**
 * Runs the MySQL query, and the MariaDB one when the server does not know the MySQL variable:
 * the `mysql` dialect also serves MariaDB servers older than 10.5 (newer ones get `mariadb`).
 */
async function eitherServer(query: ScalarQuery, mysql: string, mariadb: string): Promise<string> {
  try {
    return await query(mysql);
  } catch (e) {
    try {
      return await query(mariadb);
    } catch {
      throw e;
    }
  }
}

/**
 * MySQL 8 replication with GTID sets: the primary's and the replica's position are both
 * `@@GLOBAL.gtid_executed` (on a replica it holds what the applier committed, not what was merely
 * received), a position covers another when it contains its set, and a replica waits with
 * WAIT_FOR_EXECUTED_GTID_SET. A MariaDB position (no colon) is handled as MariaDB's.
 */
export const mysqlGtidSetReplication: ReplicationPositions = {
  primaryPosition: (query) =>
    eitherServer(query, 'SELECT @@GLOBAL.gtid_executed', 'SELECT @@GLOBAL.gtid_binlog_pos'),
  replayedPosition: (query) =>
    eitherServer(query, 'SELECT @@GLOBAL.gtid_executed', 'SELECT @@GLOBAL.gtid_slave_pos'),
  covers(replayed, wanted) {
    if (isGtidSet(wanted) || isGtidSet(replayed)) return replayed !== '' && gtidSetContains(replayed, wanted);
    return mariadbGtidReplication.covers(replayed, wanted);
  },
  async waitFor(query, wanted, millis) {
    if (!isGtidSet(wanted)) return mariadbGtidReplication.waitFor(query, wanted, millis);
    if (!(millis > 0)) return false;
    // 0 when the set is executed, 1 on timeout.
    const r = await query('SELECT WAIT_FOR_EXECUTED_GTID_SET(:pos, :timeout)', {
      pos: wanted,
      timeout: millis / 1000,
    });
    return r === '0';
  },
};
