/**
 * Replication on one machine, started by the replica specs themselves (also under `.ci/run`):
 *
 * - PostgreSQL: a hot standby made with `pg_basebackup -R` from the local server (the one on
 *   ATHANOR_POSTGRESQL_URL), started on a free port with streaming replication. Its
 *   `recovery_min_apply_delay` is set with `setDelay()` (ALTER SYSTEM on the standby + reload).
 *   When the local server has no pg_hba entry for replication connections from 127.0.0.1, one is
 *   appended (`host replication all 127.0.0.1/32 trust`) and the configuration reloaded — the
 *   Debian cluster on a fresh CI machine has none.
 * - MariaDB: the shared server runs without a binary log, so a private primary (log-bin, GTID)
 *   and a replica of it (`CHANGE MASTER … MASTER_USE_GTID=slave_pos`) start on two free ports from
 *   the installed binaries; `setDelay()` sets MASTER_DELAY. The shared server is never touched.
 *
 * `stopReplica()` stops the replica's server process (to test failover), `startReplica()` starts
 * it again on the same data and port; `stop()` stops all and removes the directories.
 *
 * @example
 * const topo = await startPostgresqlStandby(process.env.ATHANOR_POSTGRESQL_URL!);
 * await topo.setDelay(2000);
 * …
 * await topo.stop();
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  closeSync,
  fchownSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEngine, parseUrl } from '../../lib/drivers';
import { text } from '../../lib/sql';
import { freePort } from './free-port';
import { startPrivateMariadb, type PrivateMariadb } from './private-mariadb';
import { postgresqlBinDir, serverOwner } from './private-postgresql';

const run = promisify(execFile);

export interface ReplicaTopology {
  /** URL of the primary (where writes go). */
  readonly primaryUrl: string;
  /** URL of the replica, same database name as the primary's. */
  readonly replicaUrl: string;
  /** Delays applying the primary's changes on the replica by this many milliseconds (0: none). */
  setDelay(millis: number): Promise<void>;
  /** Stops the replica's server process (the primary keeps running). */
  stopReplica(): Promise<void>;
  /** Starts the stopped replica again and waits until it answers (it resumes replicating). */
  startReplica(): Promise<void>;
  /** Stops everything this topology started and removes its files. */
  stop(): Promise<void>;
}

/** Runs one statement on a URL with a one-connection engine. */
async function sql(url: string, statement: string): Promise<Record<string, unknown>[]> {
  const engine = createEngine(url, { pool: { max: 1 } });
  try {
    return (await engine.execute(text(statement))).all() as Record<string, unknown>[];
  } finally {
    await engine.dispose();
  }
}

/** Adds a replication entry to the local server's pg_hba.conf when it has none. */
async function allowReplication(adminUrl: string): Promise<void> {
  const rules = await sql(
    adminUrl,
    `SELECT count(*)::int AS n FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND error IS NULL`,
  );
  if (Number(rules[0]!.n) > 0) return;
  const [{ hba_file }] = (await sql(adminUrl, 'SHOW hba_file')) as [{ hba_file: string }];
  const current = readFileSync(hba_file, 'utf8');
  // First match wins in pg_hba: the entry goes first so a reject rule later cannot shadow it.
  writeFileSync(hba_file, `host replication all 127.0.0.1/32 trust\n${current}`);
  await sql(adminUrl, 'SELECT pg_reload_conf()');
}

/** A hot standby of the local PostgreSQL server (see the module comment). */
export async function startPostgresqlStandby(primaryUrl: string): Promise<ReplicaTopology> {
  const bin = postgresqlBinDir();
  if (bin === undefined) throw new Error('a standby needs the postgresql package (pg_basebackup)');
  const parsed = parseUrl(primaryUrl);
  const host = parsed.host ?? '127.0.0.1';
  const primaryPort = String(parsed.port ?? 5432);
  const user = parsed.username ?? 'postgres';
  await allowReplication(primaryUrl);
  const owner = await serverOwner();
  const dir = mkdtempSync(join(tmpdir(), 'athanor-standby-'));
  chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const asOwner = { uid: owner.uid, gid: owner.gid };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const stopServer = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child?.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async (): Promise<void> => {
    await stopServer();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(
      join(bin, 'pg_basebackup'),
      [
        '-h',
        host,
        '-p',
        primaryPort,
        '-U',
        user,
        '-D',
        data,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '--no-sync',
      ],
      { ...asOwner, timeout: 120_000 },
    );
    // Debian keeps the configuration in /etc: the copy has none of its own.
    writeFileSync(join(data, 'postgresql.conf'), '');
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    for (const f of ['postgresql.conf', 'pg_hba.conf']) chownSync(join(data, f), owner.uid, owner.gid);
    const port = await freePort();
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      hot_standby: 'on',
      fsync: 'off',
      shared_buffers: '16MB',
      // A hot standby needs at least the primary's max_connections and friends.
      max_connections: '200',
      max_worker_processes: '16',
      max_wal_senders: '10',
      max_prepared_transactions: '100',
      max_locks_per_transaction: '256',
      wal_receiver_status_interval: '1s',
    };
    const log = join(dir, 'server.log');
    const replicaUrl = primaryUrl
      .replace(`:${primaryPort}/`, `:${port}/`)
      .replace(`@${host}:`, '@127.0.0.1:');
    /** Starts the standby's server and waits until it answers in recovery. */
    const launch = async (): Promise<void> => {
      const logFd = openSync(log, 'a');
      fchownSync(logFd, owner.uid, owner.gid);
      const started: ChildProcess = spawn(
        join(bin, 'postgres'),
        [
          '-D',
          data,
          '-p',
          String(port),
          ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
        ],
        { ...asOwner, stdio: ['ignore', logFd, logFd] },
      );
      child = started;
      closeSync(logFd);
      exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (started.exitCode !== null)
          throw new Error(
            `the standby exited with code ${started.exitCode}: ${readFileSync(log, 'utf8').slice(-800)}`,
          );
        try {
          await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { timeout: 5_000 });
          const rows = await sql(replicaUrl, 'SELECT pg_is_in_recovery() AS r');
          if (rows[0]!.r === true) return;
        } catch {
          if (Date.now() > deadline) throw new Error('the standby did not answer within 60 s');
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await launch();
    return {
      primaryUrl,
      replicaUrl,
      async setDelay(millis) {
        await sql(replicaUrl, `ALTER SYSTEM SET recovery_min_apply_delay = '${Math.round(millis)}ms'`);
        await sql(replicaUrl, 'SELECT pg_reload_conf()');
      },
      stopReplica: stopServer,
      async startReplica() {
        await stopServer();
        await launch();
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A private MariaDB primary and a GTID replica of it (see the module comment). */
export async function startMariadbPair(): Promise<ReplicaTopology> {
  const servers: PrivateMariadb[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    const common = ['--binlog-format=ROW', '--log-slave-updates=ON', '--gtid-strict-mode=ON'];
    const started = await Promise.allSettled([
      startPrivateMariadb({ args: ['--log-bin=binlog', '--server-id=1', ...common] }),
      startPrivateMariadb({ args: ['--log-bin=binlog', '--server-id=2', '--read-only=ON', ...common] }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [primary, replica] = servers;
    // Both made `test` at start-up outside replication's view: the replica starts from the
    // primary's current position, so only what follows is replicated.
    const [{ pos }] = (await sql(primary!.url, 'SELECT @@gtid_binlog_pos AS pos')) as [{ pos: string }];
    await sql(replica!.url, `SET GLOBAL gtid_slave_pos = '${pos}'`);
    await sql(
      replica!.url,
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary!.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
    );
    await sql(replica!.url, 'START SLAVE');
    return {
      primaryUrl: primary!.url,
      replicaUrl: replica!.url,
      async setDelay(millis) {
        await sql(replica!.url, 'STOP SLAVE');
        await sql(replica!.url, `CHANGE MASTER TO MASTER_DELAY=${Math.ceil(millis / 1000)}`);
        await sql(replica!.url, 'START SLAVE');
      },
      stopReplica: () => replica!.halt(),
      startReplica: () => replica!.restart(),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
