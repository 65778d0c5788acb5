/**
 * The README's migrations section, run as written on SQLite: its config and entity files are
 * written (imports pointed at this checkout), and every `npx athanor …` line of its shell blocks
 * runs through the CLI with the exit code its comment states (`# exit 1: …`, otherwise 0).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../lib/migrations/cli/program';
import { createEngine, text, type Engine } from '../../lib';
import { readmeBlocks } from '../package/readme-blocks';

const ROOT = resolve(__dirname, '../..');

interface Command {
  readonly line: string;
  readonly args: readonly string[];
  readonly exitCode: number;
}

/** Splits a shell line into words (double quotes group, `$PWD` expands). */
function words(line: string, cwd: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]!).replace(/\$PWD/g, cwd));
}

/** The commands of a README shell block; `export NAME=value` lines set the environment. */
function commands(block: string, cwd: string): Command[] {
  const out: Command[] = [];
  for (const raw of block.split('\n')) {
    const hash = raw.indexOf(' #');
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    const comment = hash < 0 ? '' : raw.slice(hash + 2).trim();
    if (line === '') continue;
    const exported = /^export (\w+)=(\S+)$/.exec(line);
    if (exported) {
      process.env[exported[1]!] = exported[2]!.replace(/\$PWD/g, cwd);
      continue;
    }
    const [npx, bin, ...args] = words(line, cwd);
    if (npx !== 'npx' || bin !== 'athanor') throw new Error(`README: not an athanor command: ${line}`);
    out.push({ line, args, exitCode: /^exit 1\b/.test(comment) ? 1 : 0 });
  }
  return out;
}

/** The README's TypeScript, importing this checkout instead of the installed package. */
const local = (source: string): string =>
  source
    .replace(/from 'athanor\/migrations'/g, `from ${JSON.stringify(join(ROOT, 'lib/entries/migrations'))}`)
    .replace(/from 'athanor'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);

describe('the README migrations section', () => {
  const blocks = readmeBlocks(ROOT);
  let dir: string;
  let engine: Engine;
  const savedUrl = process.env.DATABASE_URL;

  const block = (name: string): string => {
    const b = blocks.get(name);
    if (b === undefined) throw new Error(`README.md has no package-test block ${name}`);
    return b;
  };
  const writeEntities = (name: string) => writeFileSync(join(dir, 'entities.ts'), local(block(name)));
  /** Runs a shell block; each command's exit code must be the one its comment states. */
  const runBlock = async (name: string): Promise<string> => {
    let printed = '';
    for (const c of commands(block(name), dir)) {
      // The config and entities are loaded afresh, as a new `npx athanor` process would.
      jest.resetModules();
      let out = '';
      let err = '';
      const code = await runCli(c.args, {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        cwd: dir,
        interactive: false,
      });
      printed += `$ ${c.line}\n${out}${err}`;
      if (process.env.README_SPEC_PRINT) process.stdout.write(`$ ${c.line}\n${out}${err}`);
      expect({ line: c.line, code, err: c.exitCode === 0 ? err : '' }).toEqual({
        line: c.line,
        code: c.exitCode,
        err: '',
      });
    }
    return printed;
  };
  /**
   * The migration files in history order, base first, following each file's downRevision: file
   * names sort by the second they were made in, and two made in one second sort by their random ids.
   */
  const migrationSources = (): string[] => {
    const sources = readdirSync(join(dir, 'migrations')).map((f) =>
      readFileSync(join(dir, 'migrations', f), 'utf8'),
    );
    const idOf = (src: string) => /export const revision = '([^']+)'/.exec(src)?.[1];
    const downOf = (src: string) =>
      /export const downRevision[^=]*= (?:'([^']+)'|null)/.exec(src)?.[1] ?? null;
    const ordered: string[] = [];
    for (let down: string | null = null; ordered.length < sources.length;) {
      const next = sources.find((src) => downOf(src) === down);
      if (next === undefined) break;
      ordered.push(next);
      down = idOf(next) ?? null;
    }
    expect(ordered).toHaveLength(sources.length);
    return ordered;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'athanor-readme-'));
  });
  afterAll(async () => {
    await engine?.dispose();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    rmSync(dir, { recursive: true, force: true });
  });

  it('init, then the first revision: check fails, autogenerate, offline SQL, upgrade, check passes', async () => {
    const init = await runCli(['init'], { out: () => {}, err: () => {}, cwd: dir, interactive: false });
    expect(init).toBe(0);
    expect(readFileSync(join(dir, 'athanor.config.ts'), 'utf8')).toContain('process.env.DATABASE_URL');
    writeFileSync(join(dir, 'athanor.config.ts'), local(block('migrations-config')));
    writeEntities('migrations-entities');

    const printed = await runBlock('migrations-first');
    expect(printed).toMatch(/CREATE TABLE "authors"/);
    expect(printed).toContain('no differences');
    engine = createEngine(process.env.DATABASE_URL!);
    await engine.execute(text("INSERT INTO authors (id, name) VALUES (1, 'Ada Lovelace')"));
  });

  it('a renamedFrom hint becomes a rename that keeps the rows through downgrade and upgrade', async () => {
    writeEntities('migrations-entities-renamed');
    await runBlock('migrations-second');
    const [upgrade, downgrade] = migrationSources()[1]!.split('export function downgrade');
    // SQLite's changes to a table are one batch, written with the batch builder's calls.
    expect(upgrade).toContain(`op.batchAlterTable('authors', (b) => {`);
    expect(upgrade).toContain(`b.renameColumn('name', 'full_name');`);
    expect(upgrade).not.toMatch(/dropColumn/);
    expect(downgrade).toContain(`b.renameColumn('full_name', 'name');`);
    expect(downgrade).toContain(`b.dropColumn('bio', { existing: op.column(op.types.string(200)) });`);
    expect((await engine.execute(text('SELECT id, full_name, bio FROM authors'))).all()).toEqual([
      { id: 1, full_name: 'Ada Lovelace', bio: null },
    ]);
  });

  it('a drop is refused without --allow-destructive, then runs and downgrades to base', async () => {
    writeEntities('migrations-entities-dropped');
    const printed = await runBlock('migrations-third');
    expect(printed).toContain(`"reason": "drops column 'authors.bio' and its values"`);
    expect(migrationSources()).toHaveLength(3);
    const tables = await engine.execute(
      text("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'authors'"),
    );
    expect(tables.all()).toEqual([]);
  });
});
