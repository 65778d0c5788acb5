import type { ReplicationPositions } from '../../drivers/replication/replication-positions';

/** A PostgreSQL LSN `X/Y` as one number. */
function lsn(value: string): bigint {
  const [hi, lo] = value.split('/');
  if (hi === undefined || lo === undefined) return -1n;
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL streaming replication: WAL positions (LSNs). */
export const postgresqlReplication: ReplicationPositions = {
  primaryPosition: (query) => query('SELECT pg_current_wal_lsn()::text'),
  // NULL when the server is not a standby (or has replayed nothing yet): covers nothing.
  replayedPosition: (query) => query('SELECT pg_last_wal_replay_lsn()::text'),
  covers: (replayed, wanted) => replayed !== '' && lsn(replayed) >= lsn(wanted),
  async waitFor(query, wanted, millis) {
    // PostgreSQL 15 has no server-side wait for an LSN: poll, briefly.
    const deadline = Date.now() + millis;
    for (;;) {
      if (postgresqlReplication.covers(await postgresqlReplication.replayedPosition(query), wanted))
        return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(20, Math.max(1, deadline - Date.now())));
    }
  },
};
