/**
 * TypeORM, used as its docs show: a DataSource, repositories with find options, the QueryBuilder
 * for raw rows, `save()` for inserts and updates, `transaction()` for the OLTP unit. TypeORM has no
 * identity map, so "tracked" means its entity instances.
 */
import { DataSource, LessThanOrEqual, Between, type EntityManager } from 'typeorm';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { PG_CONFIG, POOL_IDLE_MS, POOL_MAX, type BenchEntry, type ParentLike } from '../lib/types';
import { TChild, TItem, TParent } from '../models/typeorm-models';

let ds: DataSource;

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

export const entries: BenchEntry[] = [
  {
    name: 'typeorm',
    async setup() {
      ds = new DataSource({
        type: 'postgres',
        host: PG_CONFIG.host,
        port: PG_CONFIG.port,
        username: PG_CONFIG.user,
        database: PG_CONFIG.database,
        entities: [TItem, TParent, TChild],
        synchronize: false,
        logging: false,
        poolSize: POOL_MAX,
        extra: { idleTimeoutMillis: POOL_IDLE_MS },
      });
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
    W2u: () =>
      ds
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
    W3s: () => loadParents('query'),
    W3j: () => loadParents('join'),
    async W4(input) {
      const repo = ds.getRepository(TItem);
      const objs = input.map((d) => repo.create(d));
      // One save() call; the chunk option keeps each INSERT under PostgreSQL's 65,535 parameters.
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
    async W7load() {
      let kept: TItem[] | null = await ds
        .getRepository(TItem)
        .find({ where: { id: LessThanOrEqual(SEED_ITEMS) } });
      return { count: kept.length, release: () => void (kept = null) };
    },
    async W7unit(parentId, value) {
      await ds.transaction(async (em) => {
        const p = await loadWithChildren(em, parentId);
        p.children[0].value = value;
        await em.save(p.children[0]);
      });
    },
  },
];
