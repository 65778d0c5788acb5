/**
 * The benchmark suite: Athanor against the raw drivers and peer libraries on PostgreSQL, MariaDB
 * and SQLite. Run with `npm run bench` (never part of `npm test`).
 *
 * Environment: BENCH_DATABASES=postgresql,mariadb,sqlite (all three by default), BENCH_ROUNDS
 * (measured rounds of every workload), BENCH_ONLY=W1,W3,W7 (prefixes),
 * BENCH_ENTRIES=raw-pg,typeorm (names), BENCH_W1_OPS (10000), BENCH_W6_UNITS (1000),
 * BENCH_W7_UNITS (1000), BENCH_DATABASE (test: the PostgreSQL and MariaDB database, created if
 * missing; also names the SQLite file in the temp directory), BENCH_SLOW_MS (20000: an entry whose run takes longer gets no more rounds of
 * that workload, so one slow entry cannot blow the time budget; when set, it also replaces the
 * entries' own caps), BENCH_NO_WRITE=1 (do not rewrite
 * RESULTS.md).
 *
 * Example: BENCH_ONLY=W1,W2 BENCH_ROUNDS=3 npm run bench
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeChart, type ChartPanel } from './lib/chart';
import { DB_KEYS, openDatabase, type BenchDatabase, type DbKey } from './lib/databases';
import { describeMachine } from './lib/machine';
import { gcAvailable, measureMemory, type MemoryResult } from './lib/memory';
import { fmtMs, markdownTable, median } from './lib/stats';
import { installStatementCounter, statementCount } from './lib/statement-counter';
import type { BenchEntry, WorkloadKey } from './lib/types';
import { WORKLOADS, type RunSettings } from './lib/workloads';

const env = process.env;
const intEnv = (name: string, dflt: number): number => (env[name] ? Number.parseInt(env[name]!, 10) : dflt);
const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim().toUpperCase()) : null;
const selected = (key: string): boolean => !only || only.some((p) => key.toUpperCase().startsWith(p));
const settings: RunSettings = {
  w1Ops: intEnv('BENCH_W1_OPS', 10_000),
  w6Units: intEnv('BENCH_W6_UNITS', 1_000),
};
const w7Units = intEnv('BENCH_W7_UNITS', 1_000);
const slowMs = intEnv('BENCH_SLOW_MS', 20_000);
/** Column order of the tables; entries not listed follow in file order. */
const ORDER = [
  'raw-pg',
  'raw-pg-prepared',
  'raw-mysql2',
  'raw-mysql2-prepared',
  'raw-sqlite3',
  'raw-better-sqlite3',
  'athanor',
  'athanor-core',
  'kysely',
  'typeorm',
  'mikro-orm',
  'sequelize',
  'drizzle',
  'prisma',
];
const DB_TITLES: Record<DbKey, string> = {
  postgresql: 'PostgreSQL',
  mariadb: 'MariaDB',
  sqlite3: 'SQLite through sqlite3',
  'better-sqlite3': 'SQLite through better-sqlite3',
};
/** BENCH_DATABASES names: the keys, and `sqlite` for both SQLite libraries. */
const databases = (env.BENCH_DATABASES?.split(',').map((s) => s.trim()) ?? [...DB_KEYS]).flatMap((k) =>
  k === 'sqlite' ? ['sqlite3', 'better-sqlite3'] : [k],
) as DbKey[];

/**
 * The entries of `db`: a file exporting `entriesFor(db)` gives its entries per database; a file
 * exporting only `entries` runs on PostgreSQL.
 */
function loadEntries(db: BenchDatabase): BenchEntry[] {
  const dir = path.join(__dirname, 'entries');
  const wanted = env.BENCH_ENTRIES?.split(',').map((s) => s.trim());
  const all: BenchEntry[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.ts$/.test(file) || file.endsWith('.d.ts')) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as {
      entries?: BenchEntry[];
      entriesFor?: (db: BenchDatabase) => BenchEntry[];
    };
    all.push(...(mod.entriesFor?.(db) ?? (db.key === 'postgresql' ? (mod.entries ?? []) : [])));
  }
  const rank = (e: BenchEntry): number => (ORDER.includes(e.name) ? ORDER.indexOf(e.name) : ORDER.length);
  return all.filter((e) => !wanted || wanted.includes(e.name)).sort((a, b) => rank(a) - rank(b));
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0].slice(0, 200) : String(err);
}

interface Cell {
  times: number[];
  statements?: number;
  error?: string;
  /** Set when a run exceeded BENCH_SLOW_MS: the entry got no further rounds. */
  slow?: boolean;
}

interface DbRun {
  db: BenchDatabase;
  active: BenchEntry[];
  results: Map<WorkloadKey, Map<string, Cell>>;
  memory: Map<string, MemoryResult>;
  notes: string[];
  seconds: number;
  /** 1-minute load average when the database's run began and ended (other processes count). */
  load: [number, number];
}

async function main(): Promise<void> {
  const t0 = Date.now();
  installStatementCounter();
  const runs: DbRun[] = [];
  for (const key of databases) {
    if (!DB_KEYS.includes(key)) throw new Error(`BENCH_DATABASES names unknown '${key}'`);
    runs.push(await runDatabase(await openDatabase(key)));
  }
  const versions = runs.map((r) => r.db.version);
  const sections = runs.map((r) => renderReport(r));
  const report = [
    '## Results',
    '',
    ...describeMachine(versions),
    `- Settings: ${env.BENCH_ROUNDS ? `BENCH_ROUNDS=${env.BENCH_ROUNDS}` : 'default rounds'} (plus one warm-up round each), W1 ${settings.w1Ops} lookups, W6 ${settings.w6Units} units, W7 ${w7Units} units; run took ${((Date.now() - t0) / 1000).toFixed(0)} s (${runs.map((r) => `${DB_TITLES[r.db.key]} ${r.seconds.toFixed(0)} s, load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`).join('; ')}) on ${os.cpus().length} cores`,
    '',
    'Median wall time in ms per run, and the ratio to the floor: the fastest raw-driver entry on that',
    'database (W2t is compared with the raw W2u, W3j with the hand-written two-query load; `*n`: a',
    `run took over ${slowMs / 1000} s, or over the entry's own cap named in the notes, so the entry got`,
    'only n runs, the first possibly a warm-up).',
    'The chart: [bench/results.svg](results.svg).',
    '',
    ...sections,
    'Workloads: ' + WORKLOADS.map((w) => `${w.key} = ${w.title}`).join('; ') + '.',
  ].join('\n');
  console.log('\n' + report);
  if (!env.BENCH_NO_WRITE) {
    writeResults(report);
    writeChart(path.join(__dirname, 'results.svg'), runs.map(chartPanel));
  }
  process.exit(0); // some peers keep timers alive after their teardown
}

async function runDatabase(db: BenchDatabase): Promise<DbRun> {
  const t0 = Date.now();
  const load0 = os.loadavg()[0]!;
  console.log(`Creating and seeding the schema (${db.version}) ...`);
  await db.createSchema(settings.w6Units);

  const entries = loadEntries(db);
  const active: BenchEntry[] = [];
  const notes: string[] = [];
  for (const e of entries) {
    if (e.skip) {
      notes.push(`- ${e.name}: not run — ${e.skip}`);
      continue;
    }
    try {
      await e.setup();
      active.push(e);
      if (e.slowMs && !env.BENCH_SLOW_MS)
        notes.push(
          `- ${e.name}: a run over ${e.slowMs / 1000} s ends its rounds of a workload (its own cap)`,
        );
    } catch (err) {
      notes.push(`- ${e.name}: setup failed — ${errMessage(err)}`);
    }
  }
  console.log(`Entries on ${DB_TITLES[db.key]}: ${active.map((e) => e.name).join(', ')}`);

  const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
  const results = new Map<WorkloadKey, Map<string, Cell>>();
  let marker = 0;
  for (const w of WORKLOADS) {
    if (!selected(w.key)) continue;
    const rounds = intEnv('BENCH_ROUNDS', w.rounds);
    const cells = new Map<string, Cell>();
    results.set(w.key, cells);
    const part = active.filter((e) => w.has(e));
    for (const e of part) cells.set(e.name, { times: [] });
    const started = Date.now();
    // One full collection per workload, not per run: a full GC right before a timed run lets V8
    // drop the hidden classes of the dead result objects and deoptimize the drivers' parsers, so
    // every run re-paid their compilation (several ms: most of a 3 ms W3 run, raw and ORM alike).
    // Between runs the collector runs as it would in an application, charged to whoever allocates.
    gc();
    for (let round = 0; round <= rounds; round++) {
      const warmup = round === 0;
      // Rotate the order each round so no entry always runs first (or right after another).
      const order = part.map((_, i) => part[(i + round) % part.length]);
      for (const e of order) {
        const cell = cells.get(e.name)!;
        if (cell.error || cell.slow) continue;
        // An entry's own cap never turns a smaller warm-up run into the workload's figure.
        const cap = e.slowMs && !env.BENCH_SLOW_MS && !(warmup && w.smallWarmup) ? e.slowMs : slowMs;
        try {
          const run = await w.prepare(e, db, settings, ++marker, warmup);
          const s0 = statementCount();
          const t = process.hrtime.bigint();
          await run.timed();
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          const statements = statementCount() - s0;
          await run.check();
          if (!warmup || ms > cap) {
            cell.times.push(ms);
            cell.statements = statements;
          }
          if (ms > cap) cell.slow = true;
        } catch (err) {
          cell.error = errMessage(err);
          console.error(`  ${e.name} ${w.key} failed: ${cell.error}`);
        }
      }
    }
    const line = [...cells].map(([n, c]) => `${n} ${c.error ? 'ERROR' : fmtMs(median(c.times))}`).join(', ');
    console.log(
      `${DB_TITLES[db.key]} ${w.key} (${rounds} rounds, ${((Date.now() - started) / 1000).toFixed(0)} s): ${line}`,
    );
  }

  const memory = new Map<string, MemoryResult>();
  if (selected('W7')) {
    if (!gcAvailable()) notes.push('- W7 skipped: run node with --expose-gc.');
    else
      for (const e of active) {
        if (!e.W7load && !e.W7unit) continue;
        memory.set(e.name, await measureMemory(e, w7Units));
        console.log(`W7 ${e.name}: ${JSON.stringify(memory.get(e.name))}`);
      }
  }
  for (const e of active) await e.teardown().catch(() => undefined);
  await db.admin.end();
  return {
    db,
    active,
    results,
    memory,
    notes,
    seconds: (Date.now() - t0) / 1000,
    load: [load0, os.loadavg()[0]!],
  };
}

/** Each workload's floor on this database: the fastest raw entry's median of its floor workload. */
function floorsOf(results: Map<WorkloadKey, Map<string, Cell>>): Map<WorkloadKey, number> {
  const floors = new Map<WorkloadKey, number>();
  for (const w of WORKLOADS) {
    const cells = results.get(w.floor);
    if (!cells) continue;
    const raws = [...cells].filter(([n, c]) => n.startsWith('raw') && !c.error && c.times.length);
    if (raws.length) floors.set(w.key, Math.min(...raws.map(([, c]) => median(c.times))));
  }
  return floors;
}

function chartPanel(r: DbRun): ChartPanel {
  const floors = floorsOf(r.results);
  const workloads = WORKLOADS.filter((w) => r.results.has(w.key) && floors.has(w.key)).map((w) => w.key);
  const series = r.active
    .filter((e) => !e.name.startsWith('raw'))
    .map((e) => ({
      name: e.name,
      values: workloads.map((k) => {
        const c = r.results.get(k)?.get(e.name);
        return c && !c.error && c.times.length ? median(c.times) / floors.get(k)! : undefined;
      }),
    }))
    .filter((s) => s.values.some((v) => v !== undefined));
  return { title: `${DB_TITLES[r.db.key]} (${r.db.version})`, workloads, series };
}

function renderReport({ db, active, results, memory, notes }: DbRun): string {
  const names = active.map((e) => e.name);
  const floors = floorsOf(results);
  const timeRows: string[][] = [];
  const stmtRows: string[][] = [];
  for (const w of WORKLOADS) {
    const cells = results.get(w.key);
    if (!cells) continue;
    const floor = floors.get(w.key);
    timeRows.push([
      w.key,
      ...names.map((n) => {
        const c = cells.get(n);
        if (!c) return '—';
        if (c.error) return 'error';
        const m = median(c.times);
        const flag = c.slow ? `*${c.times.length}` : '';
        return floor ? `${fmtMs(m)}${flag} (${(m / floor).toFixed(2)}×)` : fmtMs(m) + flag;
      }),
    ]);
    stmtRows.push([w.key, ...names.map((n) => String(cells.get(n)?.statements ?? '—'))]);
  }
  const memRows = names
    .filter((n) => memory.has(n))
    .map((n) => {
      const m = memory.get(n)!;
      return [
        n,
        m.error ? 'error' : m.perHundredK !== undefined ? m.perHundredK.toFixed(1) : '—',
        m.error ? 'error' : m.growthKiB !== undefined ? m.growthKiB.toFixed(0) : '—',
      ];
    });
  const errors = [...results].flatMap(([k, cells]) =>
    [...cells].filter(([, c]) => c.error).map(([n, c]) => `- ${n} ${k}: ${c.error}`),
  );
  for (const [n, m] of memory) if (m.error) errors.push(`- ${n} W7: ${m.error}`);
  return [
    `### ${DB_TITLES[db.key]}`,
    '',
    `${db.version}. Median ms per run (ratio to the floor):`,
    '',
    markdownTable(['workload', ...names], timeRows),
    '',
    'Statements sent per run (last measured round):',
    '',
    markdownTable(['workload', ...names], stmtRows),
    '',
    `W7 memory: heap retained per 100k tracked items (MiB), and heap growth across ${w7Units} units of work (KiB):`,
    '',
    memRows.length ? markdownTable(['entry', 'MiB / 100k', 'growth KiB'], memRows) : '(not run)',
    '',
    ...(notes.length || errors.length ? ['Notes and failures:', '', ...notes, ...errors, ''] : []),
  ].join('\n');
}

const ANALYSIS_MARK = '<!-- analysis: kept across runs -->';

/** Rewrites bench/RESULTS.md, keeping the hand-written analysis below the marker. */
function writeResults(report: string): void {
  const file = path.join(__dirname, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = old.indexOf(ANALYSIS_MARK);
  const analysis = at >= 0 ? old.slice(at) : `${ANALYSIS_MARK}\n\n## Analysis\n\n(to be written)\n`;
  const head =
    '# Benchmarks\n\nGenerated by `npm run bench` (bench/run.ts); the analysis below is kept across runs.\n\n';
  fs.writeFileSync(file, `${head}${report}\n\n${analysis}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
