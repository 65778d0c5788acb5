/**
 * Heap used across 10,000 short sessions (add one object, commit, close) on one engine per
 * database: the figure behind "heap flat over many sessions". Run:
 *   node --expose-gc -r ts-node/register/transpile-only bench/session-heap.ts
 * Prints heapUsed after a full collection every 1,000 sessions, and the growth from the first
 * reading to the last; nothing is asserted (timings and heap depend on the machine).
 */
import 'reflect-metadata';
import { Column, createEngine, Registry, Session, Table } from '../lib';

const SESSIONS = Number(process.env['SESSIONS'] ?? 10_000);
const TARGETS: Record<string, string> = {
  sqlite: 'sqlite://',
  postgresql: process.env['ATHANOR_POSTGRESQL_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test',
  mysql: process.env['ATHANOR_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test',
};
const gc = (globalThis as { gc?: () => void }).gc;
const MiB = 1024 * 1024;

async function measure(name: string, url: string): Promise<string> {
  const registry = new Registry();
  @Table(`bench_heap_${process.pid}`, { registry })
  class Note {
    @Column({ primaryKey: true }) id!: number;
    @Column() body!: string;
  }
  registry.configure();
  const engine = createEngine(url, { pool: { max: 5 } });
  try {
    await registry.metadata.createAll(engine);
    const readings: number[] = [];
    const started = Date.now();
    for (let i = 1; i <= SESSIONS; i++) {
      const s = new Session(engine);
      s.add(Object.assign(new Note(), { id: i, body: `note ${i}` }));
      await s.commit();
      await s.close();
      if (i % 1000 === 0) {
        gc?.();
        readings.push(process.memoryUsage().heapUsed / MiB);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    await registry.metadata.dropAll(engine);
    const first = readings[0]!;
    const last = readings[readings.length - 1]!;
    return `${name}: ${SESSIONS} sessions in ${seconds.toFixed(1)} s; heapUsed MiB every 1,000: ${readings
      .map((r) => r.toFixed(1))
      .join(' ')}; growth first→last ${(last - first).toFixed(2)} MiB`;
  } catch (e) {
    return `${name}: skipped (${(e as Error).message})`;
  } finally {
    await engine.dispose();
  }
}

async function main(): Promise<void> {
  if (gc === undefined) console.log('(run with --expose-gc for readings after a full collection)');
  for (const [name, url] of Object.entries(TARGETS)) console.log(await measure(name, url));
}

void main();
