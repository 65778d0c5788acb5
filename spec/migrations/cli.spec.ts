import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../lib/migrations/cli/program';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

const ROOT = resolve(__dirname, '../..');
const PLACEHOLDER = '// op.createTable(...), op.addColumn(...), …';

describeEachDialect(
  'athanor CLI',
  (d) => {
    let dir: string;
    const versionTable = d.uniqueName('mg_cli_version');
    const things = d.uniqueName('mg_cli_things');
    const urlVar = `ATHANOR_CLI_URL_${d.target.toUpperCase()}`;

    /** Runs the CLI in this process; resolves to its exit code and what it printed. */
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
    const migrationFiles = () => readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.ts'));
    const fill = (file: string, upgrade: string, downgrade: string) => {
      const path = join(dir, 'migrations', file);
      writeFileSync(
        path,
        readFileSync(path, 'utf8')
          .replace(PLACEHOLDER, upgrade)
          .replace('// undo what upgrade does', downgrade),
      );
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'athanor-cli-'));
      process.env[urlVar] = d.url;
    });
    afterAll(async () => {
      for (const t of [things, versionTable]) await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
      rmSync(dir, { recursive: true, force: true });
    });

    it('init writes the config and the folder; revision writes migrations that upgrade, downgrade and stamp', async () => {
      expect(await cli('init')).toMatchObject({
        code: 0,
        out: expect.stringContaining('wrote athanor.config.ts'),
      });
      expect(readFileSync(join(dir, 'athanor.config.ts'), 'utf8')).toContain('process.env.DATABASE_URL');
      writeFileSync(
        join(dir, 'athanor.config.ts'),
        `export default { url: process.env.${urlVar}, migrations: 'migrations', versionTable: '${versionTable}' };\n`,
      );
      expect((await cli('revision', '-m', 'create things')).code).toBe(0);
      const [first] = migrationFiles();
      fill(
        first!,
        `op.createTable('${things}', { id: op.column(op.types.integer(), { primaryKey: true }), name: op.column(op.types.string(40)) });`,
        `op.dropTable('${things}');`,
      );
      expect((await cli('revision', '-m', 'add size')).code).toBe(0);
      const second = migrationFiles().find((f) => f !== first)!;
      fill(
        second,
        `op.addColumn('${things}', 'size', op.column(op.types.integer()));\n  op.createIndex('ix_${things}_size', '${things}', ['size']);`,
        `op.dropIndex('ix_${things}_size', '${things}');\n  op.dropColumn('${things}', 'size');`,
      );
      const rev1 = /_([0-9a-f]{12})_/.exec(first!)![1]!;
      const rev2 = /_([0-9a-f]{12})_/.exec(second)![1]!;

      const up = await cli('upgrade');
      expect(up).toMatchObject({ code: 0, err: '' });
      expect(up.out).toContain(`Upgrade base -> ${rev1} (${rev1}: create things)`);
      expect(up.out).toContain(`Upgrade ${rev1} -> ${rev2} (${rev2}: add size)`);
      expect(up.out).toMatch(/CREATE TABLE .* \(\d+(\.\d+)? ms\)/);
      expect(up.out).toMatch(/^upgrade in \d+ ms$/m);
      await d.engine.execute(text(`INSERT INTO ${things} (id, name, size) VALUES (1, 'kept', 3)`));
      expect((await cli('current')).out).toBe(`${rev2} (head)\n`);
      expect((await cli('history')).out).toBe(
        `${rev1} -> ${rev2} (head), add size\n<base> -> ${rev1}, create things\n`,
      );
      expect((await cli('downgrade', '-1')).code).toBe(0);
      expect((await cli('current')).out).toBe(`${rev1}\n`);
      expect((await d.engine.execute(text(`SELECT name FROM ${things}`))).all()).toEqual([{ name: 'kept' }]);

      const script = await cli('upgrade', '--sql', '--from', rev1);
      expect(script.code).toBe(0);
      expect(script.out).toContain(`-- upgrade ${rev2}: add size`);
      expect(script.out).toMatch(/ALTER TABLE .*ADD COLUMN/);
      expect((await cli('current')).out).toBe(`${rev1}\n`);

      // A branch from rev1, then a merge.
      expect((await cli('revision', '-m', 'branch', '--head', rev1)).code).toBe(0);
      expect((await cli('heads')).out.trim().split('\n')).toHaveLength(2);
      const refused = await cli('revision', '-m', 'ambiguous');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/the history has heads .*: pass --head or merge them first/);
      expect((await cli('merge', '-m', 'join')).code).toBe(0);
      expect((await cli('heads')).out).toMatch(/^[0-9a-f]{12} \(head\) join\n$/);
      expect((await cli('upgrade', 'heads')).code).toBe(0);
      expect((await cli('stamp', 'base')).out).toMatch(/stamped base\n$/);
      expect((await cli('current')).out).toBe('base (no revision applied)\n');
      await cli('stamp', 'heads');
      expect((await cli('downgrade', 'base')).code).toBe(0);
    });

    it('fails with a clear message and a non-zero exit code on bad input', async () => {
      const bad = await cli('upgrade', 'nope');
      expect(bad.code).toBe(1);
      expect(bad.err).toBe("error: MigrationError: no revision 'nope'\n");
      expect((await cli('frobnicate')).code).not.toBe(0);
      expect((await cli('--config', 'missing.ts', 'heads')).err).toMatch(/no config file at .*missing\.ts/);
    });

    it('check runs the autogenerate hook of the config: exit 0 with no differences, 1 with some', async () => {
      const config = (ops: string) =>
        `export default { url: process.env.${urlVar}, migrations: 'migrations', versionTable: '${versionTable}',\n` +
        `  metadata: {}, autogenerate: async () => ({ operations: ${ops}, upgrade: 'op.execute("SELECT 1");', downgrade: '' }) };\n`;
      writeFileSync(join(dir, 'check-same.config.ts'), config('[]'));
      writeFileSync(join(dir, 'check-diff.config.ts'), config(`[{ kind: 'execute', sql: 'SELECT 1' }]`));
      expect(await cli('--config', 'check-same.config.ts', 'check')).toMatchObject({
        code: 0,
        out: 'no differences\n',
      });
      const diff = await cli('--config', 'check-diff.config.ts', 'check');
      expect(diff.code).toBe(1);
      expect(diff.out).toContain('op.execute("SELECT 1");');
    });

    // On SQLite only: the suite's database is a file of its own there, while the servers' test
    // databases hold the tables of every other suite, which a whole-database comparison would list.
    const onOwnDatabase = d.target === 'sqlite' ? it : it.skip;
    onOwnDatabase(
      'revision --autogenerate and check use the built-in comparison when the config gives no hook',
      async () => {
        const widgets = d.uniqueName('mg_cli_widgets');
        const autoVersions = d.uniqueName('mg_cli_auto_version');
        writeFileSync(
          join(dir, 'auto.config.ts'),
          `import { MetaData, column, table, types } from ${JSON.stringify(join(ROOT, 'lib'))};\n` +
            `const metadata = new MetaData();\n` +
            `table('${widgets}', { id: column(types.integer(), { primaryKey: true }), label: column(types.string(30)) }, { metadata });\n` +
            `export default { url: process.env.${urlVar}, migrations: 'auto-migrations', versionTable: '${autoVersions}', metadata,\n` +
            `  ignoreTables: ['${versionTable}', '${things}'] };\n`,
        );
        try {
          const drift = await cli('--config', 'auto.config.ts', 'check');
          expect(drift.code).toBe(1);
          const made = await cli('--config', 'auto.config.ts', 'revision', '--autogenerate', '-m', 'widgets');
          expect(made).toMatchObject({ code: 0, err: '' });
          const [file] = readdirSync(join(dir, 'auto-migrations')).filter((f) => f.endsWith('.ts'));
          expect(readFileSync(join(dir, 'auto-migrations', file!), 'utf8')).toContain(widgets);
          expect((await cli('--config', 'auto.config.ts', 'upgrade')).code).toBe(0);
          await d.engine.execute(
            text(`INSERT INTO ${widgets} (id, label) VALUES (1, 'made by the migration')`),
          );
          expect(await cli('--config', 'auto.config.ts', 'check')).toMatchObject({
            code: 0,
            out: 'no differences\n',
          });
        } finally {
          for (const t of [widgets, autoVersions]) await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
        }
      },
    );

    it('codegen reflects tables into entity classes: printed with the config URL, written with --url', async () => {
      const owners = d.uniqueName('mg_cli_owners');
      const pets = d.uniqueName('mg_cli_pets');
      await d.engine.execute(
        text(`CREATE TABLE ${owners} (id INTEGER PRIMARY KEY, full_name VARCHAR(50) NOT NULL)`),
      );
      await d.engine.execute(
        text(
          `CREATE TABLE ${pets} (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES ${owners} (id), nick VARCHAR(20))`,
        ),
      );
      try {
        // SQLite's file is this suite's own: every table but the version table is generated there.
        const only = d.target === 'sqlite' ? [] : ['--tables', owners, pets];
        const printed = await cli('codegen', ...only);
        expect(printed).toMatchObject({ code: 0, err: '' });
        const ownerClass = owners.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase());
        expect(printed.out).toContain(`@Table('${owners}')`);
        expect(printed.out).toContain(`export class ${ownerClass}`);
        expect(printed.out).toMatch(/@Column\(\{ name: 'full_name'.*\}\) fullName!: string;/);
        expect(printed.out).toMatch(new RegExp(`@Relationship\\(\\(\\) => ${ownerClass}`));
        expect(printed.out).not.toContain(versionTable);

        const written = await cli('codegen', '--url', d.url, '--tables', owners, '--out', 'owners.ts');
        expect(written).toEqual({
          code: 0,
          out: expect.stringMatching(/^wrote owners\.ts: 1 entities in \d+ ms\n$/),
          err: '',
        });
        expect(readFileSync(join(dir, 'owners.ts'), 'utf8')).toContain(`export class ${ownerClass}`);
      } finally {
        for (const t of [pets, owners]) await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
      }
    });

    it('runs as a subprocess (the package bin), printing each step with its timing', async () => {
      const run = promisify(execFile);
      const bin = [
        '-r',
        require.resolve('ts-node/register/transpile-only'),
        join(ROOT, 'lib/entries/cli.ts'),
      ];
      const env = { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') };
      // One process start (ts-node compiles the library): exit codes are checked in-process above.
      const up = await run(process.execPath, [...bin, 'upgrade', 'heads'], { cwd: dir, env });
      expect(up.stdout).toMatch(/^Upgrade base -> /m);
      expect(up.stdout).toMatch(/^upgrade in \d+ ms$/m);
      expect((await cli('current')).out).toMatch(/\(head\)\n$/);
    }, 90_000);
  },
  { only: ['sqlite', 'postgresql'], sqliteFile: true },
);
