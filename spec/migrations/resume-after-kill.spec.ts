/**
 * MariaDB cannot roll DDL back, so the runner records each finished operation of a revision in the
 * progress table. Here `athanor upgrade` runs as a child process and is killed with SIGKILL while
 * operation 3 of 4 waits for a metadata lock; the server's half of the statement is killed too.
 * The next `upgrade` must start at operation 3 (operations 1 and 2 would fail or duplicate rows if
 * run again) and end with the schema an uninterrupted run gives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { runCli } from '../../lib/migrations/cli/program';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { catalogDump } from './catalog';

const ROOT = resolve(__dirname, '../..');
const REVISION = 'c0ffee000001';
/** MariaDB's and MySQL's "Unknown thread id" error. */
const ER_NO_SUCH_THREAD = 1094;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 180_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describeEachDialect(
  'a migration killed mid-revision',
  (d) => {
    const created = d.uniqueName('mg_kill_created');
    const existing = d.uniqueName('mg_kill_existing');
    const versionTable = d.uniqueName('mg_kill_version');
    const progress = `${versionTable}_progress`;
    const urlVar = 'ATHANOR_KILL_TEST_URL';
    let dir: string;
    let child: ChildProcess | undefined;
    let blocker: mysql.Connection | undefined;

    const cli = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        cwd: dir,
        interactive: false,
      });
      return { code, out, err };
    };
    const dump = () => catalogDump(d.engine, [created, existing]);
    const columnsOf = async (table: string) =>
      (
        await d.engine.execute(
          text(
            `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${table}' ORDER BY ordinal_position`,
          ),
        )
      )
        .all()
        .map((r) => (r as { name: string }).name);
    const createdRows = async () =>
      (await d.engine.execute(text(`SELECT id, label FROM ${created} ORDER BY id`))).all();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'athanor-kill-'));
      process.env[urlVar] = d.url;
      writeFileSync(
        join(dir, 'athanor.config.ts'),
        `export default { url: process.env.${urlVar}, migrations: 'migrations', versionTable: '${versionTable}' };\n`,
      );
      mkdirSync(join(dir, 'migrations'));
      writeFileSync(
        join(dir, 'migrations', `${REVISION}_four_steps.ts`),
        `import type { MigrationOps } from 'athanor/migrations';
export const revision = '${REVISION}';
export const downRevision = null;
export const message = 'four steps';
export function upgrade(op: MigrationOps): void {
  op.createTable('${created}', {
    id: op.column(op.types.integer(), { primaryKey: true, autoincrement: false }),
    label: op.column(op.types.string(20)),
  });
  op.execute("INSERT INTO ${created} (id, label) VALUES (1, 'one'), (2, 'two')", { reverseSql: 'DELETE FROM ${created}' });
  op.addColumn('${existing}', 'note', op.column(op.types.string(30)));
  op.createIndex('ix_${existing}_note', '${existing}', ['note']);
}
export function downgrade(op: MigrationOps): void {
  op.dropIndex('ix_${existing}_note', '${existing}');
  op.dropColumn('${existing}', 'note');
  op.dropTable('${created}');
}
`,
      );
      await d.engine.execute(text(`CREATE TABLE ${existing} (id INTEGER PRIMARY KEY, name VARCHAR(20))`));
      await d.engine.execute(text(`INSERT INTO ${existing} (id, name) VALUES (1, 'kept')`));
    });

    afterAll(async () => {
      if (child?.exitCode === null) child.kill('SIGKILL');
      await blocker?.end();
      for (const t of [created, existing, versionTable, progress])
        await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
      rmSync(dir, { recursive: true, force: true });
    });

    it('resumes at the operation it was killed in and ends in the schema of an uninterrupted run', async () => {
      // Another session reads the existing table in an open transaction: its metadata lock makes
      // operation 3 (ALTER TABLE … ADD COLUMN) wait.
      blocker = await mysql.createConnection(d.url);
      await blocker.query('START TRANSACTION');
      await blocker.query(`SELECT * FROM ${existing}`);

      let output = '';
      child = spawn(
        process.execPath,
        [
          '-r',
          require.resolve('ts-node/register/transpile-only'),
          join(ROOT, 'lib/entries/cli.ts'),
          'upgrade',
        ],
        { cwd: dir, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
      );
      child.stdout!.on('data', (b: Buffer) => void (output += b.toString()));
      child.stderr!.on('data', (b: Buffer) => void (output += b.toString()));
      // 'close', not 'exit': only then has all the child wrote to its pipes been read.
      const exited = new Promise<NodeJS.Signals | null>((r) =>
        child!.on('close', (_code, signal) => r(signal)),
      );

      const serverThread = await until('operation 3 to wait for the metadata lock', async () => {
        const [rows] = await blocker!.query(
          `SELECT id FROM information_schema.processlist WHERE info LIKE 'ALTER TABLE%${existing}%' AND state LIKE '%metadata lock%'`,
        );
        return (rows as { id: number }[])[0]?.id;
      });
      const steps = await d.engine.execute(text(`SELECT version_num, direction, step FROM ${progress}`));
      expect(steps.all()).toEqual([{ version_num: REVISION, direction: 'upgrade', step: 1 }]);

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(output).toContain(`Upgrade base -> ${REVISION}`);
      expect(output).not.toMatch(/upgrade in \d+ ms/);
      // The server would finish the orphaned ALTER once the lock is free: end it, as a crash would.
      // The server may have ended it first: a thread waiting for a metadata lock checks about once
      // a second whether its client is still connected, and gives up when it is not.
      await blocker.query(`KILL ${serverThread}`).catch((e: unknown) => {
        if ((e as { errno?: number }).errno !== ER_NO_SUCH_THREAD) throw e;
      });
      await until('the orphaned ALTER to end', async () => {
        const [rows] = await blocker!.query('SELECT id FROM information_schema.processlist WHERE id = ?', [
          serverThread,
        ]);
        return (rows as unknown[]).length === 0 ? true : undefined;
      });
      await blocker.query('COMMIT');
      expect(await columnsOf(existing)).toEqual(['id', 'name']);

      expect((await cli('current')).out).toBe('base (no revision applied)\n');
      expect(await createdRows()).toEqual([
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ]);

      const resumed = await cli('upgrade');
      expect(resumed).toMatchObject({ code: 0, err: '' });
      expect(resumed.out).toContain(`resuming ${REVISION} at operation 3 of 4`);
      expect(resumed.out).not.toMatch(/CREATE TABLE|INSERT INTO `?mg_kill_created/);
      expect(resumed.out).toMatch(/ALTER TABLE .*ADD COLUMN/);
      expect((await cli('current')).out).toBe(`${REVISION} (head)\n`);
      expect((await d.engine.execute(text(`SELECT version_num FROM ${progress}`))).all()).toEqual([]);
      expect(await createdRows()).toEqual([
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ]);
      const afterResume = await dump();

      // The same revision, down and up again without interruption, gives the same catalog.
      expect((await cli('downgrade', 'base')).code).toBe(0);
      expect((await cli('upgrade')).code).toBe(0);
      expect(await dump()).toEqual(afterResume);
      expect((await d.engine.execute(text(`SELECT id, name, note FROM ${existing}`))).all()).toEqual([
        { id: 1, name: 'kept', note: null },
      ]);
    }, 240_000);
  },
  { only: ['mysql'] },
);
