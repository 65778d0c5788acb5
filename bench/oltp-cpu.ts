/**
 * Client CPU per W6 unit of work and per W4 run of the `athanor` entry, on one database: the
 * flush path's own cost, which wall time on a shared machine hides. Process CPU (user + system,
 * `process.cpuUsage`) covers the ORM and the driver's client side; the server's work is in other
 * processes.
 *
 *   BENCH_DATABASES=better-sqlite3 node -r ts-node/register/transpile-only bench/oltp-cpu.ts
 *
 * `OLTP_UNITS` (default 2000) W6 units per round, `OLTP_ROUNDS` (default 3) rounds after a warm-up;
 * `OLTP_W4=0` skips W4, `OLTP_W6=0` skips W6. Prints the median round's µs of CPU per W6 unit and
 * per W4 run, and the wall ms. Run under `node --cpu-prof` for a profile of the same work.
 */
import 'reflect-metadata';
import { openDatabase, type DbKey } from './lib/databases';
import { W6_FIRST_PARENT, newItems } from './lib/data';
import { entriesFor } from './entries/athanor';
import type { W6Task } from './lib/types';
import { median } from './lib/stats';

const key = (process.env.BENCH_DATABASES ?? 'better-sqlite3') as DbKey;
const units = Number(process.env.OLTP_UNITS ?? 2000);
const rounds = Number(process.env.OLTP_ROUNDS ?? 3);

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function main(): Promise<void> {
  const db = await openDatabase(key);
  await db.createSchema(units);
  const entry = entriesFor(db).find((e) => e.name === 'athanor')!;
  await entry.setup!();
  const w6: { cpu: number; wall: number }[] = [];
  const w4: { cpu: number; wall: number }[] = [];
  for (let r = 0; r <= rounds; r++) {
    if (process.env.OLTP_W6 !== '0') {
      await db.resetW6(units);
      const tasks: W6Task[] = Array.from({ length: units }, (_, i) => ({
        parentId: W6_FIRST_PARENT + i,
        newChildren: Array.from({ length: 10 }, (_, j) => ({
          name: `w6-${r}-${i}-${j}`,
          value: j,
          createdAt: new Date(Date.UTC(2024, 5, 1) + i * 1000 + j),
        })),
        updateValue: r,
        updateName: `u${r}`,
      }));
      const c0 = cpuUs();
      const t0 = performance.now();
      for (const t of tasks) await entry.W6!(t);
      if (r > 0) w6.push({ cpu: (cpuUs() - c0) / units, wall: performance.now() - t0 });
    }
    if (process.env.OLTP_W4 !== '0') {
      await db.resetW4();
      const input = newItems(r);
      const c0 = cpuUs();
      const t0 = performance.now();
      await entry.W4!(input);
      if (r > 0) w4.push({ cpu: cpuUs() - c0, wall: performance.now() - t0 });
    }
  }
  await entry.teardown!();
  await db.admin.end();
  const show = (name: string, xs: { cpu: number; wall: number }[], unit: string): void => {
    if (xs.length === 0) return;
    console.log(
      `${key} ${name}: ${median(xs.map((x) => x.cpu)).toFixed(1)} µs CPU ${unit}, ` +
        `${median(xs.map((x) => x.wall)).toFixed(0)} ms wall per round (${xs.length} rounds)`,
    );
  };
  show('W6', w6, `per unit (${units} units)`);
  show('W4', w4, 'per run (10k inserts)');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
