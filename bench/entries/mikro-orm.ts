/**
 * MikroORM 6, used as its docs show: `em.fork()` per unit of work (identity map + change set),
 * `find` with `populate` and a load strategy, `disableIdentityMap` for untracked reads,
 * `em.create` + `flush()` (batched INSERT/UPDATE), `em.transactional()` for the OLTP unit. On
 * PostgreSQL (@mikro-orm/postgresql: pg), MariaDB (@mikro-orm/mysql: mysql2, the raw target's
 * driver; @mikro-orm/mariadb would use the `mariadb` connector) and SQLite through better-sqlite3
 * (@mikro-orm/better-sqlite; its @mikro-orm/sqlite needs sqlite3 5, not the root's sqlite3 6).
 */
import { LoadStrategy, type EntityManager, type MikroORM, type Options } from '@mikro-orm/core';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { MARIADB_CONFIG, sqliteFile, type BenchDatabase } from '../lib/databases';
import { PG_CONFIG, POOL_IDLE_MS, type BenchEntry, type ParentLike } from '../lib/types';
import { MChild, MItem, MParent } from '../models/mikro-orm-models';

const parentsOf = (p: MParent): ParentLike => ({
  id: p.id,
  name: p.name,
  createdAt: p.createdAt,
  children: p.children,
});

async function loadWithChildren(em: EntityManager, id: number): Promise<{ p: MParent; kids: MChild[] }> {
  const p = await em.findOneOrFail(MParent, id, { populate: ['children'] });
  return { p, kids: p.children.getItems().sort((a, b) => a.id - b.id) };
}

/** The driver package's `MikroORM.init` and its options for `db`. */
async function init(db: BenchDatabase): Promise<MikroORM> {
  const common: Options = {
    entities: [MItem, MParent, MChild],
    discovery: { disableDynamicFileAccess: true },
    debug: false,
  };
  const pool = { min: 0, max: db.poolMax, idleTimeoutMillis: POOL_IDLE_MS };
  if (db.key === 'postgresql') {
    const { MikroORM } = await import('@mikro-orm/postgresql');
    return MikroORM.init({
      ...common,
      host: PG_CONFIG.host,
      port: PG_CONFIG.port,
      user: PG_CONFIG.user,
      dbName: PG_CONFIG.database,
      pool,
    });
  }
  if (db.key === 'mariadb') {
    const { MikroORM } = await import('@mikro-orm/mysql');
    return MikroORM.init({
      ...common,
      host: MARIADB_CONFIG.host,
      port: MARIADB_CONFIG.port,
      user: MARIADB_CONFIG.user,
      dbName: MARIADB_CONFIG.database,
      timezone: '+00:00',
      pool,
    });
  }
  const { MikroORM } = await import('@mikro-orm/better-sqlite');
  return MikroORM.init({ ...common, dbName: sqliteFile(db.key) });
}

function make(db: BenchDatabase): BenchEntry {
  let orm: MikroORM;
  async function loadParents(strategy: LoadStrategy): Promise<ParentLike[]> {
    const ps = await orm.em
      .fork()
      .find(
        MParent,
        { id: { $lte: W3_PARENTS } },
        { populate: ['children'], strategy, orderBy: { id: 'asc' } },
      );
    return ps.map(parentsOf);
  }
  return {
    name: 'mikro-orm',
    async setup() {
      orm = await init(db);
    },
    async teardown() {
      await orm.close(true);
    },
    async W1(id) {
      return orm.em.fork().findOneOrFail(MItem, id);
    },
    W2t: () => orm.em.fork().find(MItem, { id: { $lte: W2_ROWS } }, { orderBy: { id: 'asc' } }),
    W2u: () =>
      orm.em
        .fork()
        .find(MItem, { id: { $lte: W2_ROWS } }, { orderBy: { id: 'asc' }, disableIdentityMap: true }),
    W3s: () => loadParents(LoadStrategy.SELECT_IN),
    W3j: () => loadParents(LoadStrategy.JOINED),
    async W4(input) {
      const em = orm.em.fork();
      const objs = input.map((d) => em.create(MItem, d));
      await em.flush();
      return objs;
    },
    async W5(scoreBase, description) {
      const em = orm.em.fork();
      const objs = await em.find(
        MItem,
        { id: { $gte: W5_FIRST, $lte: W5_LAST } },
        { orderBy: { id: 'asc' } },
      );
      for (const o of objs) {
        o.score = scoreBase + o.id;
        o.description = description;
      }
      await em.flush();
      return objs;
    },
    W6: (task) =>
      orm.em.transactional(async (em) => {
        const { p, kids } = await loadWithChildren(em, task.parentId);
        for (const c of task.newChildren) em.create(MChild, { ...c, parent: p });
        for (const c of kids.slice(0, 2)) {
          c.value = task.updateValue;
          c.name = task.updateName;
        }
        em.remove(kids[kids.length - 1]);
        return p.createdAt;
      }),
    async W7load() {
      const em = orm.em.fork();
      let kept: MItem[] | null = await em.find(MItem, { id: { $lte: SEED_ITEMS } });
      const count = kept.length;
      let held: EntityManager | null = em; // the identity map is part of what tracking costs
      return {
        count,
        release: () => {
          kept = null;
          held?.clear();
          held = null;
        },
      };
    },
    async W7unit(parentId, value) {
      const em = orm.em.fork();
      const { kids } = await loadWithChildren(em, parentId);
      kids[0].value = value;
      await em.flush();
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] => (db.key === 'sqlite3' ? [] : [make(db)]);
