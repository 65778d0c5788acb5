/**
 * A throwaway MariaDB server for tests that change server-wide settings (SET GLOBAL, TLS): a
 * fresh data directory under the system temp dir, the installed Debian binaries, a free port on
 * 127.0.0.1, root with an empty password. The shared server on 3306 is never touched.
 *
 * @example
 * const server = await startPrivateMariadb({ args: ['--ssl-cert=…'] });
 * const engine = createEngine(server.url);
 * …
 * await server.stop();
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p));

export interface PrivateMariadb {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>/test`. */
  readonly url: string;
  readonly dir: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server process only; `restart()` starts it again on the same data and port. */
  halt(): Promise<void>;
  /** Starts a halted server again and waits until it answers. */
  restart(): Promise<void>;
}

/** Starts the server; `args` are extra mariadbd options (TLS files, sql_mode …). */
export async function startPrivateMariadb(
  options: { args?: readonly string[] } = {},
): Promise<PrivateMariadb> {
  if (MARIADBD === undefined) {
    throw new Error('a private MariaDB needs the mariadb-server package (/usr/sbin/mariadbd)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'athanor-mariadb-'));
  const data = join(dir, 'data');
  // Temporary tables of its own: servers bootstrapping at once in the shared /tmp collide there.
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  await run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      `--tmpdir=${tmp}`,
      ...asRoot,
    ],
    { timeout: 60_000 },
  );
  const port = await freePort();
  const launch = (): ChildProcess =>
    spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'mysqld.sock')}`,
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        `--log-error=${join(dir, 'error.log')}`,
        '--skip-log-bin',
        `--tmpdir=${tmp}`,
        '--innodb-buffer-pool-size=16M',
        // As the Debian package configures the shared server.
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_general_ci',
        ...asRoot,
        ...(options.args ?? []),
      ],
      { stdio: 'ignore' },
    );
  let child = launch();
  let exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const halt = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async (): Promise<void> => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  const restart = async (): Promise<void> => {
    await halt();
    child = launch();
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await waitUntilReady(port, child);
  };
  try {
    await waitUntilReady(port, child);
    await run('mysql', ['-h127.0.0.1', `-P${port}`, '-uroot', '-e', 'CREATE DATABASE test'], {
      timeout: 10_000,
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url: `mysql://root@127.0.0.1:${port}/test`, dir, stop, halt, restart };
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the private MariaDB exited with code ${child.exitCode}`);
    try {
      await run('mysqladmin', ['-h127.0.0.1', `-P${port}`, '-uroot', 'ping'], { timeout: 5_000 });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('the private MariaDB did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
