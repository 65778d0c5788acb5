/**
 * The whole zero-churn corpus through migration files and the runner: autogenerate writes the
 * first revision (which passes the project's eslint and prettier), the runner applies it, rows are
 * seeded; a second revision adds a column to every table. Upgrade → downgrade → upgrade gives the
 * same catalog at each level, per-column checksums of the seeded rows never change, and after
 * the round trip autogenerate finds nothing to do. The generated file leaves out what is implied
 * (default nullability, inferred autoincrement, empty lists), so the trip also proves those
 * omissions compile as the full specs did.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Engine } from '../../lib/drivers';
import { MigrationRunner } from '../../lib/migrations/runner';
import { loadHistory } from '../../lib/migrations/scripts';
import { formatScript } from '../../lib/migrations/format-script';
import { renderScript } from '../../lib/migrations/script-template';
import { MetaData, getDialect, insert, select, text, type Column, type Table } from '../../lib/sql';
import { isKind } from '../../lib/sql/types/sql-type';
import { autogenerate, normalizerFor, type AutogenerateOutcome } from '../../lib/entries/migrations';
import { catalogDump } from '../migrations/catalog';
import { describeEachDialect } from '../support/dialects';
import { buildCorpus, type CorpusFlavour } from './corpus';

const ROOT = resolve(__dirname, '../..');
const ROWS = 3;

/** A value of a column's type for row `i`, or undefined when the type has no simple literal. */
function sample(col: Column<unknown>, i: number): unknown {
  const t = col.type;
  if (t === undefined) return undefined;
  if (isKind(t, 'integer') || isKind(t, 'smallInteger') || isKind(t, 'bigInteger')) return i;
  if (isKind(t, 'float') || isKind(t, 'numeric')) return i;
  if (isKind(t, 'string')) return `s${i}`.slice(-(t.length ?? 10));
  if (isKind(t, 'text')) return `text ${i}, it's`;
  if (isKind(t, 'uuid')) return `00000000-0000-4000-8000-00000000000${i}`;
  if (isKind(t, 'boolean')) return i % 2 === 0;
  if (isKind(t, 'date')) return `2020-01-0${i}`;
  if (isKind(t, 'dateTime')) return new Date(Date.UTC(2020, 0, i, 12, 30, 0));
  if (isKind(t, 'time')) return `12:00:0${i}`;
  if (isKind(t, 'enum')) return t.values[i % t.values.length];
  if (isKind(t, 'json')) return { n: i, tags: ['a', 'b'] };
  if (isKind(t, 'binary')) return Buffer.from([i, 0, 255]);
  return undefined;
}

/** Rows for a table: keys, required columns and whatever has a sample; foreign keys point at row 1. */
function rowsFor(t: Table): Record<string, unknown>[] | undefined {
  const fkColumns = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
  const rows: Record<string, unknown>[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const row: Record<string, unknown> = {};
    for (const c of t.columns) {
      if (c.computed !== undefined || c.identity !== undefined) continue;
      if (fkColumns.has(c)) {
        if (c.primaryKey) row[c.key] = i;
        else if (!c.nullable) row[c.key] = 1;
        continue;
      }
      const v = sample(c, i);
      if (v !== undefined) row[c.key] = v;
      else if (!c.nullable && c.serverDefault === undefined) return undefined;
    }
    rows.push(row);
  }
  return rows;
}

/** Per table, per column: a hash of the column's values in primary-key order. */
async function checksums(
  engine: Engine,
  tables: readonly Table[],
): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const t of tables) {
    const order = t.primaryKey.length ? t.primaryKey : t.columns;
    const rows = (await engine.execute(select(...t.columns).orderBy(...order))).all() as Record<
      string,
      unknown
    >[];
    out[t.name] = Object.fromEntries(
      t.columns.map((c) => [
        c.name,
        createHash('sha256')
          .update(
            JSON.stringify(
              rows.map((r) => r[c.key]),
              (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
            ),
          )
          .digest('hex')
          .slice(0, 16),
      ]),
    );
    out[t.name]!['(rows)'] = String(rows.length);
  }
  return out;
}

/** eslint and prettier of the project over a file, as if it were in the repository. */
function lintAsProjectFile(source: string): { eslint: string; prettier: boolean } {
  const virtual = 'migrations/generated.ts';
  const eslint = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', virtual],
    { cwd: ROOT, input: source, encoding: 'utf8' },
  );
  const prettier = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--stdin-filepath', virtual],
    { cwd: ROOT, input: source, encoding: 'utf8' },
  );
  return {
    eslint: `${eslint.status} ${eslint.stdout}${eslint.stderr}`.trim(),
    prettier: prettier.stdout === source,
  };
}

describeEachDialect('the corpus through migration files', (d) => {
  const suffix = d.uniqueName('rt');
  const name = (base: string): string => `${base}_${suffix}`;
  const flavour = (): CorpusFlavour =>
    d.dialect === 'postgresql' ? 'postgresql' : d.dialect === 'sqlite' ? 'sqlite' : 'mysql';
  const versionTable = name('rt_version');
  const corpus = buildCorpus(new MetaData(), name, flavour());
  const names = corpus.tables.map((t) => t.name);
  let dir: string;
  let sources: string[] = [];

  const generate = async (): Promise<AutogenerateOutcome> => {
    const dialect = getDialect(d.engine.dialect.name);
    return autogenerate(
      corpus.tables,
      await d.engine.reflectSchema({ tables: names }),
      normalizerFor(dialect, await d.engine.schemaInspector()),
      dialect,
      { includeEnum: (n) => corpus.enumNames.includes(n) },
    );
  };
  const runner = () => new MigrationRunner(d.engine, loadHistory(join(dir, 'migrations')), { versionTable });
  const dump = () => catalogDump(d.engine, [...names, ...corpus.enumNames]);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'athanor-corpus-'));
    mkdirSync(join(dir, 'migrations'));
  });
  afterAll(async () => {
    await runner()
      .downgrade('base')
      .catch(() => undefined);
    await d.engine.execute(text(`DROP TABLE IF EXISTS ${versionTable}`));
    await d.engine.execute(text(`DROP TABLE IF EXISTS ${versionTable}_progress`));
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('round-trips schema and rows at every level', async () => {
    const first = await generate();
    expect(first.operations.filter((o) => o.kind === 'createTable')).toHaveLength(names.length);
    const create = renderScript({
      revision: 'a00000000001',
      downRevisions: [],
      message: 'create the corpus',
      upgrade: first.upgrade,
      downgrade: first.downgrade,
    });
    // The second revision touches every table: a nullable column, added and dropped. TEXT, as
    // SQLite's STRICT tables refuse VARCHAR(n) and a bare addColumn does not know the table is STRICT.
    const extra = names
      .map((n) => `op.addColumn('${n}', 'extra_note', op.column(op.types.text()));`)
      .join('\n');
    const extraDown = names.map((n) => `op.dropColumn('${n}', 'extra_note');`).join('\n');
    const widen = renderScript({
      revision: 'a00000000002',
      downRevisions: ['a00000000001'],
      message: 'a column on every table',
      upgrade: extra,
      downgrade: extraDown,
    });
    // As `athanor revision` writes them: formatted by the project's prettier (this repository's).
    sources = [];
    for (const [file, source] of [
      ['1_create.ts', create],
      ['2_extra.ts', widen],
    ] as const) {
      const formatted = formatScript(source, join(ROOT, 'migrations', file));
      expect(formatted.formatted).toBe(true);
      writeFileSync(join(dir, 'migrations', file), formatted.source);
      sources.push(formatted.source);
    }

    await runner().upgrade('a00000000001');
    const level1 = await dump();
    let seeded = 0;
    const unseeded: string[] = [];
    for (const t of corpus.tables) {
      const rows = rowsFor(t);
      try {
        if (rows === undefined) throw new Error('no sample');
        await d.engine.execute(insert(t).values(rows));
        seeded++;
      } catch {
        unseeded.push(t.name.slice(0, -suffix.length - 1));
      }
    }
    process.stdout.write(
      `${d.target}: ${names.length} tables, ${seeded} seeded with ${ROWS} rows; not seeded: ${unseeded.join(', ')}\n`,
    );
    expect(seeded).toBeGreaterThanOrEqual(Math.floor(names.length * 0.75));
    const rows1 = await checksums(d.engine, corpus.tables);

    await runner().upgrade('head');
    const level2 = await dump();
    expect(level2).not.toEqual(level1);
    expect(await checksums(d.engine, corpus.tables)).toEqual(rows1);

    await runner().downgrade('-1');
    expect(await dump()).toEqual(level1);
    expect(await checksums(d.engine, corpus.tables)).toEqual(rows1);
    expect((await generate()).operations).toEqual([]);

    await runner().upgrade('head');
    expect(await dump()).toEqual(level2);
    expect(await checksums(d.engine, corpus.tables)).toEqual(rows1);

    await runner().downgrade('base');
    expect((await d.engine.reflectSchema({ tables: names })).tables).toEqual([]);
    await runner().upgrade('a00000000001');
    expect(await dump()).toEqual(level1);
    expect((await generate()).operations).toEqual([]);
  }, 600_000);

  it('writes migration files that pass the project eslint and prettier', () => {
    expect(sources).toHaveLength(2);
    // The createTable bodies read as written by hand: nothing that the compilation implies.
    const create = sources[0]!;
    expect(create).toContain('op.createTable(');
    expect(create).not.toContain("kind: 'createTable'");
    expect(create).not.toMatch(/nullable: true/);
    expect(create).not.toMatch(/(foreignKeys|uniques|checks|indexes): \[\]/);
    for (const source of sources) {
      expect(lintAsProjectFile(source)).toEqual({ eslint: '0', prettier: true });
    }
  }, 120_000);
});
