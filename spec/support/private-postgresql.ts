/**
 * A throwaway PostgreSQL cluster for tests that need server settings of their own (TLS): initdb
 * into a fresh directory under the system temp dir, the installed Debian binaries, a free port on
 * 127.0.0.1, user postgres with trust authentication. The shared server on 5432 is never touched.
 * Run as root, the cluster's files and processes belong to the `postgres` system user (PostgreSQL
 * refuses to run as root).
 *
 * @example
 * const server = await startPrivatePostgresql({ settings: { ssl: 'on', … } });
 * const engine = createEngine(server.url);
 * …
 * await server.stop();
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  fchownSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

export function postgresqlBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
}

export interface PrivatePostgresql {
  readonly port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** The cluster's directory; files the server reads (keys) go here, owned by `owner`. */
  readonly dir: string;
  /** uid/gid the server runs as, for files it must own. */
  readonly owner: { uid: number; gid: number };
  stop(): Promise<void>;
}

/** The uid/gid of the `postgres` user when run as root, else the current user's. */
export async function serverOwner(): Promise<{ uid: number; gid: number }> {
  if (process.getuid?.() !== 0) return { uid: userInfo().uid, gid: userInfo().gid };
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * Starts a cluster. `prepare(dir, owner)` runs before the server starts (to copy key files into
 * `dir`); `settings` are `-c name=value` server settings.
 */
export async function startPrivatePostgresql(
  options: {
    settings?: Readonly<Record<string, string>>;
    prepare?: (dir: string, owner: { uid: number; gid: number }) => void;
  } = {},
): Promise<PrivatePostgresql> {
  const bin = postgresqlBinDir();
  if (bin === undefined) throw new Error('a private PostgreSQL needs the postgresql package (initdb)');
  const owner = await serverOwner();
  const dir = mkdtempSync(join(tmpdir(), 'athanor-postgresql-'));
  chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const asOwner = { uid: owner.uid, gid: owner.gid };
  await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], {
    ...asOwner,
    timeout: 120_000,
  });
  options.prepare?.(dir, owner);
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    fsync: 'off',
    shared_buffers: '16MB',
    max_connections: '20',
    ...options.settings,
  };
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const log = join(dir, 'server.log');
  const logFd = openSync(log, 'w');
  fchownSync(logFd, owner.uid, owner.gid);
  const child: ChildProcess = spawn(join(bin, 'postgres'), args, {
    ...asOwner,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `the private PostgreSQL exited with code ${child.exitCode}: ${readFileSync(log, 'utf8').slice(-500)}`,
        );
      try {
        await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { timeout: 5_000 });
        break;
      } catch {
        if (Date.now() > deadline) throw new Error('the private PostgreSQL did not answer within 60 s');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url: `postgresql://postgres@127.0.0.1:${port}/postgres`, dir, owner, stop };
}
