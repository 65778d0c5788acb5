/**
 * CPU profile of one read workload (W1, W3s or W3j) of Athanor's bench entry, taken only around
 * the timed loop (module loading and seeding stay out of it), written as a .cpuprofile and
 * summarised as self-time shares per file and per function. Client CPU time (process.cpuUsage)
 * per operation is printed too: unlike wall time it barely moves with the machine's load.
 *
 * Run: `BENCH_DATABASE=test_x PROFILE_DB=postgresql PROFILE_ONLY=W3j node -r ts-node/register/transpile-only bench/read-profile.ts`
 * PROFILE_DB: postgresql | better-sqlite3 | sqlite3 | mariadb; PROFILE_ONLY: W1 | W3s | W3j;
 * PROFILE_OPS (default 2000 for W3, 20000 for W1); PROFILE_OUT (default the working directory);
 * PROFILE_OFF=1 measures CPU time without the profiler.
 */
import { writeFileSync } from 'node:fs';
import { Session as Inspector, type Profiler } from 'node:inspector';
import { join } from 'node:path';
import { entriesFor } from './entries/athanor';
import { openDatabase, type DbKey } from './lib/databases';
import { SEED_ITEMS } from './lib/data';

const env = process.env;
const only = env.PROFILE_ONLY ?? 'W3j';
const ops = Number(env.PROFILE_OPS ?? (only === 'W1' ? 20_000 : 2000));

function post<T>(inspector: Inspector, method: string): Promise<T> {
  return new Promise((resolve, reject) =>
    inspector.post(method, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

function summary(profile: Profiler.Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const t = deltas[i] ?? 0;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*?\/(lib|bench|node_modules)\//, '$1/');
    const pkg = file.startsWith('node_modules/') ? file.split('/').slice(0, 2).join('/') : file;
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
    byFile.set(pkg || frame.functionName, (byFile.get(pkg || frame.functionName) ?? 0) + t);
    total += t;
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `self time by file:\n${list(byFile)}\n\nself time by function:\n${list(byFn)}`;
}

async function main(): Promise<void> {
  const db = await openDatabase((env.PROFILE_DB ?? 'postgresql') as DbKey);
  await db.createSchema(1);
  const entry = entriesFor(db).find((e) => e.name === 'athanor')!;
  await entry.setup();
  const op =
    only === 'W1'
      ? (i: number) => entry.W1!(1 + (i % SEED_ITEMS))
      : only === 'W3s'
        ? () => entry.W3s!()
        : () => entry.W3j!();
  for (let i = 0; i < Math.min(ops, 500); i++) await op(i); // warm-up: JIT, caches
  const inspector = new Inspector();
  const profiling = env.PROFILE_OFF !== '1';
  if (profiling) {
    inspector.connect();
    await post(inspector, 'Profiler.enable');
    await post(inspector, 'Profiler.start');
  }
  const cpu = process.cpuUsage();
  for (let i = 0; i < ops; i++) await op(i);
  const used = process.cpuUsage(cpu);
  const lines = [
    `${only} on ${db.version}: ${ops} ops, client CPU ${((used.user + used.system) / ops).toFixed(1)} µs/op (user ${(used.user / ops).toFixed(1)}, system ${(used.system / ops).toFixed(1)})${profiling ? ' (profiler on)' : ''}`,
  ];
  if (profiling) {
    const { profile } = await post<{ profile: Profiler.Profile }>(inspector, 'Profiler.stop');
    const file = join(env.PROFILE_OUT ?? '.', `read-${only}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    lines.push(summary(profile, Number(env.PROFILE_TOP ?? 30)), `profile: ${file}`);
    inspector.disconnect();
  }
  await entry.teardown();
  await db.admin.end();
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
