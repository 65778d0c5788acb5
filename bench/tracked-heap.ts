/**
 * Heap per tracked object, by what holds it: loads TRACKED rows (default 20,000) of a table shaped
 * of W7's `bench_item` (the bench's own mapped class and seeded values) into one session on in-memory SQLite (better-sqlite3), and prints the
 * heap-snapshot difference per object, by constructor (strings, heap numbers and V8's internal
 * arrays by kind), beside heapUsed per object. The deterministic figure behind W7. Run:
 *   node --expose-gc -r ts-node/register/transpile-only bench/tracked-heap.ts
 */
import 'reflect-metadata';
import { Session as Inspector } from 'node:inspector';
import { attrs, createEngine, select, Session } from '../lib';
import { expectedItem } from './lib/data';
import { AItem, benchRegistry } from './models/athanor-entities';

const TRACKED = Number(process.env['TRACKED'] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self sizes and counts per label: an object's constructor name, else `(type)` or `(type name)`. */
async function heapByLabel(): Promise<Map<string, { bytes: number; count: number }>> {
  const inspector = new Inspector();
  inspector.connect();
  const chunks: string[] = [];
  inspector.on('HeapProfiler.addHeapSnapshotChunk', (m) => chunks.push(m.params.chunk));
  await new Promise<void>((resolve, reject) =>
    inspector.post('HeapProfiler.takeHeapSnapshot', {}, (err) => (err ? reject(err) : resolve())),
  );
  inspector.disconnect();
  const snap = JSON.parse(chunks.join('')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const kinds = snap.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const kind = kinds[snap.nodes[i + type]!]!;
    const label =
      kind === 'object' || kind === 'closure'
        ? snap.strings[snap.nodes[i + name]!]!
        : kind === 'array' || kind === 'hidden'
          ? `(${kind} ${snap.strings[snap.nodes[i + name]!]!})`
          : `(${kind})`;
    const entry = out.get(label) ?? { bytes: 0, count: 0 };
    entry.bytes += snap.nodes[i + size]!;
    entry.count += 1;
    out.set(label, entry);
  }
  return out;
}

async function main(): Promise<void> {
  const engine = createEngine('sqlite+better-sqlite3://');
  await benchRegistry.metadata.createAll(engine);
  const seed = new Session(engine);
  for (let i = 1; i <= TRACKED; i++) seed.add(Object.assign(new AItem(), expectedItem(i)));
  await seed.commit();
  await seed.close();
  const load = async (): Promise<[Session, AItem[]]> => {
    const s = new Session(engine);
    return [s, await s.scalars(select(AItem).where(attrs(AItem).id.le(TRACKED)))];
  };
  const [warm] = await load(); // metadata, caches, compiled readers
  await warm.close();
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const before = await heapByLabel();
  const [session, items] = await load();
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const after = await heapByLabel();
  const rows = [...after]
    .map(([label, a]) => {
      const b = before.get(label) ?? { bytes: 0, count: 0 };
      return { label, bytes: (a.bytes - b.bytes) / TRACKED, count: (a.count - b.count) / TRACKED };
    })
    .filter((r) => Math.abs(r.bytes) >= 0.5)
    .sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(
    `${items.length} tracked objects; heapUsed ${((heapAfter - heapBefore) / TRACKED).toFixed(1)} B per object`,
  );
  console.log(`heap snapshot difference ${total.toFixed(1)} B per object:`);
  for (const r of rows)
    console.log(`  ${r.bytes.toFixed(1).padStart(7)} B  ${r.count.toFixed(2).padStart(5)}×  ${r.label}`);
  await session.close();
  await engine.dispose();
}

void main();
