/**
 * The package as an application gets it: `npm pack` once, then, in an empty directory,
 * `npm install <tarball> pg`. Only `pg` of the drivers may arrive (they are optional peer
 * dependencies); the README's PostgreSQL quick-start, copied as written (tsconfig.json and
 * app.ts), compiles against the package's types and runs as CommonJS and as an ES module, with
 * the README's tsconfig (`target: ES2022`, so class fields are defined) and with
 * `useDefineForClassFields: false` added; a URL
 * whose driver is missing raises DriverNotInstalledError; `import` and `require` share one copy.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { ROOT } from './entry-points';
import { readmeBlocks } from './readme-blocks';

const TIMEOUT = 900_000;
const DRIVERS = ['pg', 'pg-cursor', 'mysql2', 'sqlite3', 'better-sqlite3', 'mssql', 'oracledb'];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT,
    env: { ...process.env, ...env },
  });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = run(command, args, cwd, env);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const npm = (args: readonly string[], cwd: string): string =>
  ok('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], cwd);

/** Not in the README: a URL whose driver is not installed, and the three entry points. */
const MISSING_DRIVER = `import { ConfigurationError, DriverNotInstalledError, createEngine } from 'athanor';
import { Table } from 'athanor/core';
import { registerDialect } from 'athanor/dialects';

try {
  createEngine('mysql://root@127.0.0.1:3306/test');
} catch (error) {
  const e = error as DriverNotInstalledError;
  console.log(e instanceof DriverNotInstalledError, e instanceof ConfigurationError, e.packageName, e.message);
}
try {
  createEngine('postgresql://postgres@127.0.0.1:5432/test', { telemetry: true });
} catch (error) {
  console.log(error instanceof DriverNotInstalledError, (error as Error).message);
}
console.log(typeof Table, typeof registerDialect);
`;

/** ES modules only: `require('athanor')` from an ES module gives the module `import` gave. */
const ONE_COPY = `import { createRequire } from 'node:module';
import * as esm from 'athanor';
import * as esmCore from 'athanor/core';

const require = createRequire(import.meta.url);
const cjs = require('athanor') as typeof esm;
const cjsCore = require('athanor/core') as typeof esmCore;
console.log(esm.Session === cjs.Session, esm.registry === cjs.registry, esmCore.Table === cjsCore.Table);
`;

describeEachDialect(
  'the packed package installed with pg alone',
  (d) => {
    let work: string;
    let app: string;
    let packedFiles: string[];
    const databases: string[] = [];

    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'athanor-packed-'));
      const packed = JSON.parse(ok('npm', ['pack', '--json', '--pack-destination', work], ROOT)) as {
        filename: string;
        files: { path: string }[];
      }[];
      packedFiles = packed[0]!.files.map((f) => f.path);
      app = join(work, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), '{ "name": "quick-start", "private": true }\n');
      npm(['install', join(work, packed[0]!.filename), 'pg'], app);
    }, TIMEOUT);

    afterAll(async () => {
      for (const db of databases) await d.engine.execute(text(`DROP DATABASE IF EXISTS ${db}`));
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    }, TIMEOUT);

    it('ships the built package, its types for import and require, and the LICENSE; no sources, no maps', () => {
      expect(packedFiles).toEqual(
        expect.arrayContaining([
          'LICENSE',
          'README.md',
          'package.json',
          'dist/index.js',
          'dist/index.d.ts',
          'dist/index.mjs',
          'dist/index.d.mts',
          'dist/entries/core.mjs',
          'dist/entries/core.d.mts',
        ]),
      );
      expect(packedFiles.filter((f) => !f.startsWith('dist/') && !f.includes('/'))).toEqual([
        'LICENSE',
        'README.md',
        'package.json',
      ]);
      expect(packedFiles.filter((f) => f.endsWith('.map') || /(?<!\.d)\.[mc]?ts$/.test(f))).toEqual([]);
    });

    it('installs pg and no other driver', () => {
      const installed = readdirSync(join(app, 'node_modules'));
      expect(installed).toEqual(expect.arrayContaining(['athanor', 'pg', 'reflect-metadata', 'tarn']));
      expect(DRIVERS.filter((name) => installed.includes(name))).toEqual(['pg']);
      expect(
        installed.filter((name) => ['@azure', 'tedious', 'node-gyp', '@opentelemetry'].includes(name)),
      ).toEqual([]);
      expect(run('npm', ['ls', '--all'], app).status).toBe(0);
    });

    describe.each([
      ['commonjs', true],
      ['module', true],
      ['commonjs', false],
      ['module', false],
    ])('the README quick-start as %s, useDefineForClassFields %s', (type, defineFields) => {
      let dir: string;
      beforeAll(() => {
        if (!existsSync(join(app, 'node_modules', 'typescript'))) {
          npm(['install', '--save-dev', 'typescript', '@types/node'], app);
        }
        const blocks = readmeBlocks(ROOT);
        dir = join(app, `${type}-${defineFields ? 'defined' : 'assigned'}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type }));
        // The README's tsconfig leaves useDefineForClassFields to its target's default (true).
        const tsconfig = JSON.parse(blocks.get('tsconfig')!) as { compilerOptions: Record<string, unknown> };
        expect(tsconfig.compilerOptions).not.toHaveProperty('useDefineForClassFields');
        if (!defineFields) tsconfig.compilerOptions['useDefineForClassFields'] = false;
        writeFileSync(
          join(dir, 'tsconfig.json'),
          defineFields ? blocks.get('tsconfig')! : JSON.stringify(tsconfig, null, 2),
        );
        writeFileSync(join(dir, 'app.ts'), blocks.get('app')!);
        writeFileSync(join(dir, 'missing-driver.ts'), MISSING_DRIVER);
        if (type === 'module') writeFileSync(join(dir, 'one-copy.ts'), ONE_COPY);
      }, TIMEOUT);

      it('compiles against the types of its module system', () => {
        const files = ok(
          process.execPath,
          [join(app, 'node_modules/typescript/bin/tsc'), '--listFiles'],
          dir,
        );
        const types = type === 'module' ? 'index.d.mts' : 'index.d.ts';
        expect(files).toContain(join('node_modules', 'athanor', 'dist', types));
        // Defined class fields are declared in the emitted class body; assigned ones are not.
        const emitted = readFileSync(join(dir, 'app.js'), 'utf8');
        expect(/^\s+email;$/m.test(emitted)).toBe(defineFields);
      });

      it('runs on PostgreSQL and prints what it wrote', async () => {
        const db = `test_packaging_qs_${type === 'module' ? 'esm' : 'cjs'}_${defineFields ? 'def' : 'set'}_${randomBytes(3).toString('hex')}`;
        await d.engine.execute(text(`CREATE DATABASE ${db}`));
        databases.push(db);
        const url = d.url.replace(/\/[^/?]*(\?.*)?$/, `/${db}$1`);
        const r = run(process.execPath, ['app.js'], dir, { DATABASE_URL: url });
        expect(r).toMatchObject({ status: 0, stderr: '' });
        expect(r.stdout).toBe("sandy@example.com [ 'Hello, PostgreSQL' ]\n");
      });

      it('names the package to install for a URL whose driver is missing', () => {
        const r = run(process.execPath, ['missing-driver.js'], dir);
        expect(r).toMatchObject({ status: 0, stderr: '' });
        expect(r.stdout.split('\n')).toEqual([
          'true true mysql2 mysql2 is not installed (needed for mysql:// URLs): npm install mysql2',
          'true @opentelemetry/api is not installed (needed for createEngine() telemetry): npm install @opentelemetry/api',
          'function function',
          '',
        ]);
      });

      if (type === 'module') {
        it('import and require load one copy of the package', () => {
          expect(run(process.execPath, ['one-copy.js'], dir)).toMatchObject({
            status: 0,
            stdout: 'true true true\n',
            stderr: '',
          });
        });
      }
    });
  },
  { only: ['postgresql'] },
);
