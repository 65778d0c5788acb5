/**
 * Micro-benchmark of the paths a dialect sits on: compiling statements (from the statement cache,
 * and cold, with the cache emptied before every compile) for every built-in dialect, and running
 * statements end to end (compile, bind processing, driver round trip, result processing) against
 * SQLite in memory and the local PostgreSQL.
 *
 * Run (a quiet machine gives steadier figures; medians of BENCH_ROUNDS rounds are printed):
 *   node --expose-gc -r ts-node/register/transpile-only bench/dialect-paths.ts
 * Environment: BENCH_ROUNDS (7), BENCH_PG_URL (postgresql://postgres@127.0.0.1:5432/test),
 * BENCH_SKIP_PG=1 to leave PostgreSQL out.
 */
import {
  column,
  compile,
  createEngine,
  deleteFrom,
  func,
  insert,
  MetaData,
  select,
  table,
  types,
  update,
  type Engine,
  type Executable,
} from '../lib';
import { clearStatementCaches } from '../lib/sql/compiler/statement-cache';
import { markdownTable, median } from './lib/stats';

const BUILT_IN = ['postgresql', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle'] as const;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const PG_URL = process.env['BENCH_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

const metadata = new MetaData();
const items = table(
  'bench_dialect_item',
  {
    id: column(types.integer(), { primaryKey: true }),
    name: column(types.string(50), { nullable: false }),
    active: column(types.boolean(), { nullable: false }),
    createdAt: column(types.dateTime({ timezone: true }), { nullable: false }),
    doc: column(types.json<{ n: number }>()),
    price: column(types.numeric(10, 2)),
  },
  { metadata },
);
const tags = table(
  'bench_dialect_tag',
  {
    id: column(types.integer(), { primaryKey: true }),
    itemId: column(types.integer(), { foreignKey: () => items.c.id }),
    label: column(types.string(20)),
  },
  { metadata },
);

const when = new Date('2024-05-01T10:00:00.123Z');

/** The statement set compiled for every dialect: each call builds a fresh tree with new values. */
const STATEMENTS: readonly ((i: number) => Executable)[] = [
  (i) => select(items.c.id, items.c.name, items.c.createdAt).where(items.c.id.eq(i)),
  (i) =>
    select(items.c.id, tags.c.label)
      .join(tags, tags.c.itemId.eq(items.c.id))
      .where(items.c.active.eq(true), items.c.name.like(`n${i}%`))
      .orderBy(items.c.id)
      .limit(10)
      .offset(i % 5),
  (i) =>
    insert(items).values([
      { id: i, name: 'a', active: true, createdAt: when, doc: { n: i }, price: '1.50' },
      { id: i + 1, name: 'b', active: false, createdAt: when, doc: { n: i }, price: '2.50' },
    ]),
  (i) =>
    update(items)
      .set({ name: `x${i}`, active: false })
      .where(items.c.id.eq(i)),
  (i) => deleteFrom(tags).where(tags.c.itemId.in([i, i + 1, i + 2])),
  (i) =>
    select(items.c.name, func.count(items.c.id).as('n'))
      .where(items.c.createdAt.gt(when), items.c.id.between(i, i + 100))
      .groupBy(items.c.name)
      .having(func.count(items.c.id).gt(1)),
];

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Median microseconds per compile, over ROUNDS rounds of `n` statements per dialect. */
function compileFigures(cold: boolean, n: number): string[] {
  return BUILT_IN.map((dialect) => {
    let k = 0;
    const run = (): void => {
      for (let j = 0; j < n; j++) {
        const stmt = STATEMENTS[k % STATEMENTS.length]!(k);
        k++;
        if (cold) clearStatementCaches();
        compile(stmt, dialect);
      }
    };
    run(); // warm-up
    gc();
    const rounds = Array.from({ length: ROUNDS }, () => time(run));
    return ((median(rounds) * 1000) / n).toFixed(2);
  });
}

async function prepare(engine: Engine): Promise<void> {
  await metadata.dropAll(engine, { checkFirst: true }).catch(() => undefined);
  await metadata.createAll(engine);
  await engine.execute(
    insert(items).values(
      Array.from({ length: 100 }, (_, i) => ({
        id: i + 1,
        name: `n${i}`,
        active: i % 2 === 0,
        createdAt: when,
        doc: { n: i },
        price: '1.25',
      })),
    ),
  );
}

/** Median microseconds per statement run end to end on one connection. */
async function executeFigures(url: string): Promise<[string, string, string]> {
  const engine = createEngine(url);
  try {
    await prepare(engine);
    const conn = await engine.connect();
    const N = 2000;
    let id = 1000;
    const byPk = async (): Promise<void> => {
      for (let i = 0; i < N; i++) {
        const r = await conn.execute(
          select(items.c.id, items.c.active, items.c.createdAt, items.c.doc).where(
            items.c.id.eq((i % 100) + 1),
          ),
        );
        if (r.all().length !== 1) throw new Error('expected one row');
      }
    };
    const write = async (): Promise<void> => {
      for (let i = 0; i < N / 2; i++) {
        id++;
        await conn.execute(
          insert(items).values({
            id,
            name: 'w',
            active: true,
            createdAt: when,
            doc: { n: id },
            price: '9.99',
          }),
        );
        await conn.execute(update(items).set({ active: false, createdAt: when }).where(items.c.id.eq(id)));
      }
    };
    const many = async (): Promise<void> => {
      for (let i = 0; i < N / 20; i++) {
        const r = await conn.execute(
          select(items.c.id, items.c.name, items.c.active, items.c.createdAt, items.c.doc, items.c.price)
            .where(items.c.id.le(100))
            .orderBy(items.c.id),
        );
        if (r.all().length !== 100) throw new Error('expected 100 rows');
      }
    };
    const out: string[] = [];
    for (const [fn, count] of [
      [byPk, N],
      [write, N],
      [many, N / 20],
    ] as const) {
      await fn(); // warm-up
      gc();
      const rounds: number[] = [];
      for (let r = 0; r < ROUNDS; r++) rounds.push(await timeAsync(fn));
      out.push(((median(rounds) * 1000) / count).toFixed(1));
    }
    await conn.close();
    await metadata.dropAll(engine, { checkFirst: true });
    return out as [string, string, string];
  } finally {
    await engine.dispose();
  }
}

async function main(): Promise<void> {
  console.log(`dialect paths, medians of ${ROUNDS} rounds, node ${process.version}`);
  console.log('\nCompile, µs per statement (six statement shapes, fresh trees every time):\n');
  const cached = compileFigures(false, 6000);
  const cold = compileFigures(true, 1200);
  console.log(
    markdownTable(
      ['path', ...BUILT_IN],
      [
        ['statement cache', ...cached],
        ['cold compile', ...cold],
      ],
    ),
  );

  console.log('\nExecute end to end, µs per statement (one connection):\n');
  const rows: string[][] = [];
  rows.push(['sqlite (memory)', ...(await executeFigures('sqlite://'))]);
  if (process.env['BENCH_SKIP_PG'] !== '1') rows.push(['postgresql', ...(await executeFigures(PG_URL))]);
  console.log(
    markdownTable(
      ['database', 'select by pk (4 typed cols)', 'insert + update', 'select 100 rows (6 cols)'],
      rows,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
