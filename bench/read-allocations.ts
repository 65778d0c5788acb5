/**
 * Heap allocated per operation on the ORM read path — W1 (get by key in a fresh session), W3s and
 * W3j (100 parents × 10 children) — and heap retained per 100k tracked objects (W7), on SQLite in
 * memory through better-sqlite3. Allocation does not depend on the machine's load, so two builds
 * compare exactly on a busy machine where timings do not.
 *
 * Run with a young generation large enough that no collection happens inside a measurement:
 *   node --expose-gc --max-semi-space-size=256 -r ts-node/register/transpile-only bench/read-allocations.ts
 * Prints bytes per operation (median of 7 batches; a batch with a collection inside is dropped).
 */
import 'reflect-metadata';
import { createEngine } from '../lib';
import { attrs } from '../lib/mapper';
import { joinedload, selectinload, sessionFactory } from '../lib/session';
import { select } from '../lib/sql';
import { AChild, AItem, AParent, benchRegistry } from './models/athanor-entities';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const ITEMS = 100_000;

async function main(): Promise<void> {
  benchRegistry.configure();
  const engine = createEngine('sqlite+better-sqlite3://', { pool: { max: 1 } });
  await benchRegistry.metadata.createAll(engine);
  const Session = sessionFactory(engine, { expireOnCommit: false });
  await Session.begin(async (s) => {
    const now = new Date(Date.UTC(2024, 0, 1));
    const items = Array.from({ length: ITEMS }, (_, i) =>
      Object.assign(new AItem(), {
        name: `item-${i}`,
        code: `C${i % 1000}`,
        quantity: i % 100,
        price: i * 0.5,
        active: i % 2 === 0,
        category: i % 10,
        description: `desc ${i}`,
        score: i,
        createdAt: now,
      }),
    );
    s.addAll(items);
    for (let p = 1; p <= 100; p++) {
      const parent = Object.assign(new AParent(), { name: `parent-${p}`, createdAt: now, children: [] });
      for (let c = 0; c < 10; c++)
        parent.children.push(
          Object.assign(new AChild(), { name: `child-${p}-${c}`, value: c, createdAt: now }),
        );
      s.add(parent);
    }
  });

  const a = attrs(AParent);
  const ops: [string, number, () => Promise<unknown>][] = [
    [
      'W1 get by key',
      Number(process.env.ALLOC_W1 ?? 200),
      async () => {
        const s = Session();
        try {
          return await s.get(AItem, 1 + Math.floor(Math.random() * ITEMS));
        } finally {
          await s.close();
        }
      },
    ],
    [
      'W3s selectin 100×10',
      5,
      async () => {
        const s = Session();
        try {
          return await s.scalars(
            select(AParent).where(a.id.le(100)).orderBy(a.id).options(selectinload(a.children)),
          );
        } finally {
          await s.close();
        }
      },
    ],
    [
      'W3j joined 100×10',
      5,
      async () => {
        const s = Session();
        try {
          return await s.scalars(
            select(AParent).where(a.id.le(100)).orderBy(a.id).options(joinedload(a.children)),
          );
        } finally {
          await s.close();
        }
      },
    ],
  ];
  const lines: string[] = [];
  const only = process.env.ALLOC_ONLY;
  for (const [name, batch, op] of ops.filter(([n]) => only === undefined || n.startsWith(only))) {
    for (let i = 0; i < batch * 3; i++) await op(); // warm-up: JIT, caches
    const perOp: number[] = [];
    for (let round = 0; round < 7; round++) {
      gc!();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < batch; i++) await op();
      const after = process.memoryUsage().heapUsed;
      if (after > before) perOp.push((after - before) / batch);
    }
    perOp.sort((x, y) => x - y);
    lines.push(`${name.padEnd(22)} ${Math.round(perOp[perOp.length >> 1] ?? NaN)} bytes/op`);
  }
  // W7: retained by 100k tracked objects and their session.
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  const s = Session();
  const kept: AItem[] = await s.scalars(select(AItem));
  gc!();
  gc!();
  const after = process.memoryUsage().heapUsed;
  lines.push(
    `W7 retained            ${((after - before) / 2 ** 20).toFixed(1)} MiB / ${kept.length} objects`,
  );
  await s.close();
  await engine.dispose();
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
