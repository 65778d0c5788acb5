/**
 * Prisma 7 through its driver adapters — no Rust query engine: the client's WebAssembly query
 * compiler plans each query and the adapter runs the SQL on the bench's driver (pg, better-sqlite3)
 * or on the `mariadb` driver on MariaDB (Prisma has no mysql2 adapter, nor one for sqlite3). Used
 * as its docs show: `findUnique`, `findMany`, `include` for relations (two queries: the join
 * strategy is the `relationJoins` preview feature, left off), `createManyAndReturn` for a bulk insert
 * that returns the rows (not offered by Prisma's MySQL provider, whose `createMany` returns a count:
 * a batch `$transaction` of `create` calls on MariaDB), one `update` per row in an
 * interactive `$transaction` (`updateMany` sets the same values on every row) and interactive
 * transactions for the units of work. Prisma tracks nothing, so it has no W2t entry. The client is
 * generated at setup (lib/prisma-generate.ts); its types are not available to the type-check of a
 * fresh checkout, so the entry declares the part of the client it uses.
 */
import { W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST, SEED_ITEMS } from '../lib/data';
import { MARIADB_CONFIG, sqliteFile, type BenchDatabase } from '../lib/databases';
import { prismaClientModule, type PrismaProvider } from '../lib/prisma-generate';
import {
  PG_CONFIG,
  POOL_IDLE_MS,
  type BenchEntry,
  type ChildLike,
  type ItemLike,
  type NewItem,
  type ParentLike,
} from '../lib/types';

type IdFilter = number | { lte?: number; gte?: number; in?: number[] };
type ById = { id: 'asc' };
interface ChildRow extends ChildLike {
  parentId: number;
}
interface ParentRow extends ParentLike {
  children: ChildRow[];
}
interface ParentArgs {
  where: { id: IdFilter };
  orderBy?: ById;
  include: { children: true | { orderBy: ById } };
}

/** The part of a generated client the entry uses (same shape for the three schemas). */
interface Db {
  item: {
    findUnique(args: { where: { id: number } }): Promise<ItemLike | null>;
    findMany(args: { where: { id: IdFilter }; orderBy: ById }): Promise<ItemLike[]>;
    create(args: { data: NewItem }): Promise<ItemLike>;
    createManyAndReturn(args: { data: NewItem[] }): Promise<ItemLike[]>;
    update(args: { where: { id: number }; data: Partial<NewItem> }): Promise<ItemLike>;
  };
  parent: {
    findUnique(args: { where: { id: number }; include: ParentArgs['include'] }): Promise<ParentRow | null>;
    findMany(args: ParentArgs): Promise<ParentRow[]>;
  };
  child: {
    createMany(args: { data: (Omit<ChildLike, 'id'> & { parentId: number })[] }): Promise<{ count: number }>;
    updateMany(args: { where: { id: IdFilter }; data: Partial<ChildLike> }): Promise<{ count: number }>;
    update(args: { where: { id: number }; data: Partial<ChildLike> }): Promise<ChildRow>;
    delete(args: { where: { id: number } }): Promise<ChildRow>;
  };
}
interface Client extends Db {
  $transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
  $transaction<T>(batch: Promise<T>[], options?: TransactionOptions): Promise<T[]>;
  $disconnect(): Promise<void>;
}
interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}
type ClientClass = new (options: { adapter: unknown }) => Client;

/**
 * Prisma's interactive transactions give up after waiting 2 s for a connection and after running
 * 5 s. The bench's units of work queue up to ten deep on one SQLite connection and its bulk
 * transactions run longer: both limits are raised so they measure the work, not the defaults.
 */
const UNIT: TransactionOptions = { maxWait: 60_000, timeout: 60_000 };
const BULK: TransactionOptions = { maxWait: 60_000, timeout: 600_000 };

const PROVIDERS: Partial<Record<BenchDatabase['key'], PrismaProvider>> = {
  postgresql: 'postgresql',
  mariadb: 'mysql',
  'better-sqlite3': 'sqlite',
};

async function adapterFor(db: BenchDatabase): Promise<unknown> {
  if (db.key === 'postgresql') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ ...PG_CONFIG, max: db.poolMax, idleTimeoutMillis: POOL_IDLE_MS });
  }
  if (db.key === 'mariadb') {
    const { PrismaMariaDb } = await import('@prisma/adapter-mariadb');
    return new PrismaMariaDb({
      ...MARIADB_CONFIG,
      connectionLimit: db.poolMax,
      // minimumIdle 0 leaves the mariadb 3.4 pool without any connection (pool timeout); one stays.
      minimumIdle: 1,
      idleTimeout: POOL_IDLE_MS / 1000,
    });
  }
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  return new PrismaBetterSqlite3({ url: sqliteFile(db.key), timeout: 5000 });
}

function make(db: BenchDatabase, provider: PrismaProvider): BenchEntry {
  let prisma: Client;
  const range = (from: number, to: number): Promise<ItemLike[]> =>
    prisma.item.findMany({ where: { id: { gte: from, lte: to } }, orderBy: { id: 'asc' } });
  const withChildren = (t: Db, id: number): Promise<ParentRow | null> =>
    t.parent.findUnique({ where: { id }, include: { children: { orderBy: { id: 'asc' } } } });

  return {
    name: 'prisma',
    // Most of its runs take seconds (a statement or more per row where the others batch); with
    // the default 20 s cap its rounds alone would add about six minutes to `npm run bench`.
    slowMs: 1500,
    async setup() {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PrismaClient } = require(prismaClientModule(provider)) as { PrismaClient: ClientClass };
      prisma = new PrismaClient({ adapter: await adapterFor(db) });
    },
    teardown: () => prisma.$disconnect(),
    async W1(id) {
      return (await prisma.item.findUnique({ where: { id } }))!;
    },
    W2u: () => range(1, W2_ROWS),
    W3s: () =>
      prisma.parent.findMany({
        where: { id: { lte: W3_PARENTS } },
        orderBy: { id: 'asc' },
        include: { children: true },
      }),
    W4: (input) =>
      provider === 'mysql'
        ? prisma.$transaction(
            input.map((data) => prisma.item.create({ data })),
            BULK,
          )
        : prisma.item.createManyAndReturn({ data: input }),
    async W5(scoreBase, description) {
      const loaded = await range(W5_FIRST, W5_LAST);
      for (const it of loaded) {
        it.score = scoreBase + it.id;
        it.description = description;
      }
      await prisma.$transaction(async (tx) => {
        for (const it of loaded) {
          await tx.item.update({
            where: { id: it.id },
            data: { score: it.score, description: it.description },
          });
        }
      }, BULK);
      return loaded;
    },
    W6: (task) =>
      prisma.$transaction(async (tx) => {
        const parent = (await withChildren(tx, task.parentId))!;
        const kids = parent.children;
        await tx.child.createMany({
          data: task.newChildren.map((c) => ({ ...c, parentId: task.parentId })),
        });
        await tx.child.updateMany({
          where: { id: { in: [kids[0].id, kids[1].id] } },
          data: { value: task.updateValue, name: task.updateName },
        });
        await tx.child.delete({ where: { id: kids[kids.length - 1].id } });
        return parent.createdAt;
      }, UNIT),
    async W7load() {
      let rows: ItemLike[] | null = await range(1, SEED_ITEMS);
      return { count: rows.length, release: () => void (rows = null) };
    },
    async W7unit(parentId, value) {
      await prisma.$transaction(async (tx) => {
        const parent = (await withChildren(tx, parentId))!;
        await tx.child.update({ where: { id: parent.children[0].id }, data: { value } });
      }, UNIT);
    },
  };
}

export function entriesFor(db: BenchDatabase): BenchEntry[] {
  const provider = PROVIDERS[db.key];
  if (provider) return [make(db, provider)];
  return [
    {
      name: 'prisma',
      skip: 'Prisma has no driver adapter for sqlite3 (its SQLite adapters: better-sqlite3, libSQL, D1)',
      setup: async () => undefined,
      teardown: async () => undefined,
    },
  ];
}
