/**
 * TypeORM, used as its docs show: a DataSource, repositories with find options, the QueryBuilder
 * for raw rows, `save()` for inserts and updates, `transaction()` for the OLTP unit. TypeORM has no
 * identity map, so "tracked" means its entity instances. On PostgreSQL (pg), MariaDB (mysql2) and
 * SQLite through better-sqlite3 (TypeORM 1 dropped its sqlite3 driver).
 */
import { DataSource, LessThanOrEqual, Between, type DataSourceOptions, type EntityManager } from 'typeorm';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { MARIADB_CONFIG, sqliteFile, type BenchDatabase } from '../lib/databases';
import { PG_CONFIG, POOL_IDLE_MS, type BenchEntry, type ItemLike, type ParentLike } from '../lib/types';
import { typeormModels } from '../models/typeorm-models';
import { serialized } from '../lib/serialize';

function options(db: BenchDatabase, entities: DataSourceOptions['entities']): DataSourceOptions {
  const common = { entities, synchronize: false, logging: false } as const;
  switch (db.key) {
    case 'postgresql':
      return {
        ...common,
        type: 'postgres',
        host: PG_CONFIG.host,
        port: PG_CONFIG.port,
        username: PG_CONFIG.user,
        database: PG_CONFIG.database,
        poolSize: db.poolMax,
        extra: { idleTimeoutMillis: POOL_IDLE_MS },
      };
    case 'mariadb':
      return {
        ...common,
        type: 'mariadb',
        host: MARIADB_CONFIG.host,
        port: MARIADB_CONFIG.port,
        username: MARIADB_CONFIG.user,
        database: MARIADB_CONFIG.database,
        timezone: 'Z',
        poolSize: db.poolMax,
        extra: { maxIdle: 0, idleTimeout: POOL_IDLE_MS },
      };
    default:
      return { ...common, type: 'better-sqlite3', database: sqliteFile(db.key), timeout: 5000 };
  }
}

function make(db: BenchDatabase): BenchEntry {
  const { TItem, TParent, TChild } = typeormModels(db.key === 'postgresql' ? 'timestamptz' : 'datetime');
  type TParent = InstanceType<typeof TParent>;
  type TItem = InstanceType<typeof TItem>;
  let ds: DataSource;
  /** TypeORM's SQLite driver has one connection and no transaction queue: concurrent units wait here. */
  const queue = db.key === 'better-sqlite3' ? serialized() : <T>(fn: () => Promise<T>): Promise<T> => fn();

  const loadParents = (strategy: 'query' | 'join'): Promise<ParentLike[]> =>
    ds.getRepository(TParent).find({
      where: { id: LessThanOrEqual(W3_PARENTS) },
      relations: { children: true },
      relationLoadStrategy: strategy,
      order: { id: 'ASC' },
    });

  async function loadWithChildren(em: EntityManager, id: number): Promise<TParent> {
    const p = await em.findOneOrFail(TParent, { where: { id }, relations: { children: true } });
    p.children.sort((a, b) => a.id - b.id);
    return p;
  }

  /** The QueryBuilder's raw rows: the drivers' own values (MariaDB and SQLite booleans 0/1, SQLite text dates). */
  const plain = (
    rows: (Omit<ItemLike, 'active' | 'createdAt'> & { active: unknown; createdAt: unknown })[],
  ) => {
    if (db.key !== 'postgresql') {
      for (const r of rows) {
        r.active = r.active === 1 || r.active === true;
        if (typeof r.createdAt === 'string') r.createdAt = new Date(`${r.createdAt.replace(' ', 'T')}Z`);
      }
    }
    return rows as ItemLike[];
  };

  return {
    name: 'typeorm',
    async setup() {
      ds = new DataSource(options(db, [TItem, TParent, TChild]));
      await ds.initialize();
    },
    async teardown() {
      await ds.destroy();
    },
    async W1(id) {
      return (await ds.getRepository(TItem).findOneBy({ id }))!;
    },
    W2t: () =>
      ds.getRepository(TItem).find({ where: { id: LessThanOrEqual(W2_ROWS) }, order: { id: 'ASC' } }),
    W2u: async () =>
      plain(
        await ds
          .getRepository(TItem)
          .createQueryBuilder('i')
          .select('i.id', 'id')
          .addSelect('i.name', 'name')
          .addSelect('i.code', 'code')
          .addSelect('i.quantity', 'quantity')
          .addSelect('i.price', 'price')
          .addSelect('i.active', 'active')
          .addSelect('i.category', 'category')
          .addSelect('i.description', 'description')
          .addSelect('i.score', 'score')
          .addSelect('i.createdAt', 'createdAt')
          .where('i.id <= :n', { n: W2_ROWS })
          .orderBy('i.id', 'ASC')
          .getRawMany(),
      ),
    W3s: () => loadParents('query'),
    W3j: () => loadParents('join'),
    async W4(input) {
      const repo = ds.getRepository(TItem);
      const objs = input.map((d) => repo.create(d));
      // One save() call; the chunk option keeps each INSERT under PostgreSQL's 65,535 parameters
      // (and SQLite's 32,766).
      await repo.save(objs, { chunk: 1000 });
      return objs;
    },
    async W5(scoreBase, description) {
      const repo = ds.getRepository(TItem);
      const objs = await repo.find({ where: { id: Between(W5_FIRST, W5_LAST) }, order: { id: 'ASC' } });
      for (const o of objs) {
        o.score = scoreBase + o.id;
        o.description = description;
      }
      await repo.save(objs);
      return objs;
    },
    W6: (task) =>
      queue(() =>
        ds.transaction(async (em) => {
          const p = await loadWithChildren(em, task.parentId);
          const added = task.newChildren.map((c) => em.create(TChild, { ...c, parentId: p.id }));
          await em.save(added);
          const [a, b] = p.children;
          for (const c of [a, b]) {
            c.value = task.updateValue;
            c.name = task.updateName;
          }
          await em.save([a, b]);
          await em.remove(p.children[p.children.length - 1]);
          return p.createdAt;
        }),
      ),
    async W7load() {
      let kept: TItem[] | null = await ds
        .getRepository(TItem)
        .find({ where: { id: LessThanOrEqual(SEED_ITEMS) } });
      return { count: kept.length, release: () => void (kept = null) };
    },
    async W7unit(parentId, value) {
      await queue(() =>
        ds.transaction(async (em) => {
          const p = await loadWithChildren(em, parentId);
          p.children[0].value = value;
          await em.save(p.children[0]);
        }),
      );
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] => (db.key === 'sqlite3' ? [] : [make(db)]);
