/**
 * Read-path micro-benchmark: W1 (get by key), W3s (selectin), W3j (joined) and, with `--expose-gc`,
 * W7 (heap per 100k tracked objects) for Athanor and the raw-driver floor on one database, entries
 * interleaved round by round, medians and ratios printed. Made for comparing two builds of the
 * library on a shared machine: the ratio to the floor taken in the same process moves far less
 * with the machine's load than wall time does.
 *
 * Run: `BENCH_DATABASE=test_x READ_DB=postgresql node --expose-gc -r ts-node/register/transpile-only bench/read-path.ts`
 * READ_DB: postgresql | better-sqlite3 | sqlite3 | mariadb; READ_ROUNDS (default 7); READ_ONLY
 * (e.g. `W1,W3j`); READ_W1_OPS (default 3000); READ_ENTRIES (e.g. `athanor` for a CPU profile).
 */
import { entriesFor as athanorEntries } from './entries/athanor';
import { entries as rawPg } from './entries/raw-pg';
import { entriesFor as rawMysql } from './entries/raw-mysql2';
import { entriesFor as rawSqlite } from './entries/raw-sqlite';
import { openDatabase, type DbKey } from './lib/databases';
import { measureMemory, gcAvailable } from './lib/memory';
import { median } from './lib/stats';
import type { BenchEntry } from './lib/types';
import { WORKLOADS } from './lib/workloads';

const env = process.env;
const dbKey = (env.READ_DB ?? 'postgresql') as DbKey;
const rounds = Number(env.READ_ROUNDS ?? 7);
const only = (env.READ_ONLY ?? 'W1,W3s,W3j,W7').split(',');
const wanted = env.READ_ENTRIES?.split(',');
const settings = { w1Ops: Number(env.READ_W1_OPS ?? 3000), w6Units: 0 };

function entriesOf(db: Awaited<ReturnType<typeof openDatabase>>): BenchEntry[] {
  const raw = dbKey === 'postgresql' ? rawPg : dbKey === 'mariadb' ? rawMysql(db) : rawSqlite(db);
  return [...raw, ...athanorEntries(db)].filter((e) => !wanted || wanted.includes(e.name));
}

async function main(): Promise<void> {
  const db = await openDatabase(dbKey);
  await db.createSchema(1);
  const entries = entriesOf(db);
  for (const e of entries) await e.setup();
  const lines: string[] = [`${db.version}; ${rounds} rounds; W1 ${settings.w1Ops} lookups`];
  const rawMedians = new Map<string, number>();
  for (const w of WORKLOADS.filter((d) => only.includes(d.key))) {
    const runners = entries.filter((e) => w.has(e));
    const times = new Map<string, number[]>(runners.map((e) => [e.name, []]));
    for (let round = -1; round < rounds; round++) {
      const order = runners.map((_, i) => runners[(i + Math.max(round, 0)) % runners.length]);
      for (const e of order) {
        const run = await w.prepare(e, db, settings, round + 2, round < 0);
        const t0 = performance.now();
        await run.timed();
        const ms = performance.now() - t0;
        await run.check();
        if (round >= 0) times.get(e.name)!.push(ms);
      }
    }
    const raws = runners.filter((e) => e.name.startsWith('raw')).map((e) => median(times.get(e.name)!));
    if (raws.length) rawMedians.set(w.key, Math.min(...raws));
    // As in run.ts: W3j is compared with the two-query (W3s) floor.
    const floor = rawMedians.get(w.floor) ?? NaN;
    for (const e of runners) {
      const m = median(times.get(e.name)!);
      lines.push(
        `${w.key.padEnd(4)} ${e.name.padEnd(20)} ${m.toFixed(2).padStart(9)} ms  ${(m / floor).toFixed(2)}×`,
      );
    }
  }
  if (only.includes('W7') && gcAvailable()) {
    for (const e of entries.filter((x) => x.W7load)) {
      const r = await measureMemory({ ...e, W7unit: undefined }, 0);
      lines.push(`W7   ${e.name.padEnd(20)} ${r.perHundredK?.toFixed(1) ?? r.error} MiB / 100k`);
    }
  }
  for (const e of entries) await e.teardown();
  await db.admin.end();
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
