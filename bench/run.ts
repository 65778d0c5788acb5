/**
 * The benchmark suite of issue 7. Run with `npm run bench` (never part of `npm test`).
 *
 * Environment: BENCH_ROUNDS (measured rounds of every workload), BENCH_ONLY=W1,W3,W7 (prefixes),
 * BENCH_ENTRIES=raw-pg,typeorm (names), BENCH_W1_OPS (10000), BENCH_W6_UNITS (2000),
 * BENCH_W7_UNITS (1000), BENCH_DATABASE (test: the PostgreSQL database, created if missing), BENCH_SLOW_MS (20000: an entry whose run takes longer gets no more rounds of
 * that workload, so one slow entry cannot blow the time budget), BENCH_NO_WRITE=1 (do not rewrite
 * RESULTS.md).
 *
 * Example: BENCH_ONLY=W1,W2 BENCH_ROUNDS=3 npm run bench
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import { createSchema } from './lib/data';
import { describeMachine } from './lib/machine';
import { gcAvailable, measureMemory, type MemoryResult } from './lib/memory';
import { fmtMs, markdownTable, median } from './lib/stats';
import { installStatementCounter, statementCount } from './lib/statement-counter';
import { PG_CONFIG, type BenchEntry, type WorkloadKey } from './lib/types';
import { WORKLOADS, type RunSettings } from './lib/workloads';

const env = process.env;
const intEnv = (name: string, dflt: number): number => (env[name] ? Number.parseInt(env[name]!, 10) : dflt);
const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim().toUpperCase()) : null;
const selected = (key: string): boolean => !only || only.some((p) => key.toUpperCase().startsWith(p));
const settings: RunSettings = {
  w1Ops: intEnv('BENCH_W1_OPS', 10_000),
  w6Units: intEnv('BENCH_W6_UNITS', 2_000),
};
const w7Units = intEnv('BENCH_W7_UNITS', 1_000);
const slowMs = intEnv('BENCH_SLOW_MS', 20_000);
/** Column order of the tables; entries not listed follow in file order. */
const ORDER = [
  'raw-pg',
  'raw-pg-prepared',
  'athanor',
  'athanor-core',
  'typeorm',
  'mikro-orm',
  'sequelize',
  'drizzle',
];

function loadEntries(): BenchEntry[] {
  const dir = path.join(__dirname, 'entries');
  const wanted = env.BENCH_ENTRIES?.split(',').map((s) => s.trim());
  const all: BenchEntry[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.ts$/.test(file) || file.endsWith('.d.ts')) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as { entries?: BenchEntry[] };
    all.push(...(mod.entries ?? []));
  }
  const rank = (e: BenchEntry): number => (ORDER.includes(e.name) ? ORDER.indexOf(e.name) : ORDER.length);
  return all.filter((e) => !wanted || wanted.includes(e.name)).sort((a, b) => rank(a) - rank(b));
}

/** Creates BENCH_DATABASE on first use (the default `test` exists on every machine here). */
async function ensureDatabase(): Promise<void> {
  const server = new Pool({ ...PG_CONFIG, database: 'postgres', max: 1 });
  try {
    const found = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_CONFIG.database]);
    if (found.rowCount === 0)
      await server.query(`CREATE DATABASE "${PG_CONFIG.database.replace(/"/g, '""')}"`);
  } finally {
    await server.end();
  }
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

async function main(): Promise<void> {
  const t0 = Date.now();
  installStatementCounter();
  await ensureDatabase();
  const admin = new Pool({ ...PG_CONFIG, max: 2 });
  const pgVersion = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
    .rows[0].v;
  console.log(`Creating and seeding the schema (PostgreSQL ${pgVersion}) ...`);
  await createSchema(admin, settings.w6Units);

  const entries = loadEntries();
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
    } catch (err) {
      notes.push(`- ${e.name}: setup failed — ${errMessage(err)}`);
    }
  }
  console.log(`Entries: ${active.map((e) => e.name).join(', ')}`);

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
        try {
          const run = await w.prepare(e, admin, settings, ++marker, warmup);
          const s0 = statementCount();
          const t = process.hrtime.bigint();
          await run.timed();
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          const statements = statementCount() - s0;
          await run.check();
          if (!warmup || ms > slowMs) {
            cell.times.push(ms);
            cell.statements = statements;
          }
          if (ms > slowMs) cell.slow = true;
        } catch (err) {
          cell.error = errMessage(err);
          console.error(`  ${e.name} ${w.key} failed: ${cell.error}`);
        }
      }
    }
    const line = [...cells].map(([n, c]) => `${n} ${c.error ? 'ERROR' : fmtMs(median(c.times))}`).join(', ');
    console.log(`${w.key} (${rounds} rounds, ${((Date.now() - started) / 1000).toFixed(0)} s): ${line}`);
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

  const report = renderReport(active, results, memory, notes, pgVersion, (Date.now() - t0) / 1000);
  console.log('\n' + report);
  if (!env.BENCH_NO_WRITE) writeResults(report);
  await admin.end();
  process.exit(0); // some peers keep timers alive after their teardown
}

function renderReport(
  active: BenchEntry[],
  results: Map<WorkloadKey, Map<string, Cell>>,
  memory: Map<string, MemoryResult>,
  notes: string[],
  pgVersion: string,
  seconds: number,
): string {
  const names = active.map((e) => e.name);
  const floors = new Map<WorkloadKey, number>();
  for (const w of WORKLOADS) {
    const cells = results.get(w.floor);
    if (!cells) continue;
    const raws = [...cells].filter(([n, c]) => n.startsWith('raw') && !c.error && c.times.length);
    if (raws.length) floors.set(w.key, Math.min(...raws.map(([, c]) => median(c.times))));
  }
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
  const rounds = env.BENCH_ROUNDS ? `BENCH_ROUNDS=${env.BENCH_ROUNDS}` : 'default rounds';
  return [
    '## Results',
    '',
    ...describeMachine(pgVersion),
    `- Settings: ${rounds} (plus one warm-up round each), W1 ${settings.w1Ops} lookups, W6 ${settings.w6Units} units, W7 ${w7Units} units; run took ${seconds.toFixed(0)} s`,
    '',
    'Median wall time in ms per run (ratio to the raw `pg` floor; W2t is compared with the raw W2u,',
    `W3j with the hand-written two-query load; \`*n\`: a run took over ${slowMs / 1000} s, so the entry got only n`,
    'runs, the first possibly a warm-up):',
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
    'Workloads: ' + WORKLOADS.map((w) => `${w.key} = ${w.title}`).join('; ') + '.',
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
    '# Benchmarks (issue 7)\n\nGenerated by `npm run bench` (bench/run.ts); the analysis below is kept across runs.\n\n';
  fs.writeFileSync(file, `${head}${report}\n\n${analysis}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
