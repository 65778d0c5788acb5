import type { ReplicationPositions } from '../../drivers/replication/replication-positions';

/*
 * MariaDB's global transaction ids. The `mysql` dialect is MariaDB on a `mysql://` URL as often as
 * MySQL; MySQL's GTID sets (`uuid:1-5`, WAIT_FOR_EXECUTED_GTID_SET) are not written yet: on MySQL
 * these queries fail, the health check takes its replicas out of rotation, and reads go to the
 * primary.
 */

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
