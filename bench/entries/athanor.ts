/**
 * Athanor's entries.
 *
 * `athanor` is the ORM: a `sessionFactory` over the Engine, a fresh Session per unit of work,
 * `session.get`, `session.scalars(select(Entity))`, `session.load` (batched into one IN query per
 * relationship, i.e. selectin loading), `add`/`addAll`/`delete` and `commit`. Sessions are made
 * with `expireOnCommit: false` so the objects a unit returns stay readable after it commits
 * (the peers do not expire either).
 * W2u (rows without tracking) is Core's job: `athanor-core` runs it (Core `select()` through the
 * Engine, plain rows).
 *
 * `athanor-core` is Core `select()` on a Core table executed through the Engine, returning plain
 * rows: the floor the Session builds on, and a measure of Core's compile + execute overhead.
 */
import { createEngine, type Engine } from '../../lib';
import { attrs } from '../../lib/mapper';
import { joinedload, selectinload, sessionFactory, type SessionFactory } from '../../lib/session';
import { select } from '../../lib/sql';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import type { BenchDatabase } from '../lib/databases';
import { POOL_IDLE_MS, type BenchEntry, type ItemLike } from '../lib/types';
import { AChild, AItem, AParent, benchRegistry } from '../models/athanor-entities';
import { items } from '../models/athanor-tables';

export const entriesFor = (db: BenchDatabase): BenchEntry[] => make(db.url, db.poolMax);

function make(url: string, poolMax: number): BenchEntry[] {
  let engine: Engine;
  let ormEngine: Engine;
  let Session: SessionFactory;
  const pool = { max: poolMax, idleTimeoutMillis: POOL_IDLE_MS };

  const range = async (last: number): Promise<ItemLike[]> =>
    (await engine.execute(select(items).where(items.c.id.le(last)).orderBy(items.c.id))).all();

  return [
    {
      name: 'athanor-core',
      async setup() {
        engine = createEngine(url, { pool });
      },
      async teardown() {
        await engine.dispose();
      },
      async W1(id) {
        return (await engine.execute(select(items).where(items.c.id.eq(id)))).one();
      },
      W2u: () => range(W2_ROWS),
      async W7load() {
        let kept: ItemLike[] | null = await range(SEED_ITEMS);
        return { count: kept.length, release: () => void (kept = null) };
      },
    },
    {
      name: 'athanor',
      async setup() {
        benchRegistry.configure();
        ormEngine = createEngine(url, { pool });
        Session = sessionFactory(ormEngine, { expireOnCommit: false });
      },
      async teardown() {
        await ormEngine.dispose();
      },
      async W1(id) {
        const s = Session();
        try {
          return (await s.get(AItem, id))!;
        } finally {
          await s.close();
        }
      },
      async W2t() {
        const s = Session();
        try {
          const a = attrs(AItem);
          return await s.scalars(select(AItem).where(a.id.le(W2_ROWS)).orderBy(a.id));
        } finally {
          await s.close();
        }
      },
      async W3s() {
        const s = Session();
        try {
          const a = attrs(AParent);
          return await s.scalars(
            select(AParent).where(a.id.le(W3_PARENTS)).orderBy(a.id).options(selectinload(a.children)),
          );
        } finally {
          await s.close();
        }
      },
      async W3j() {
        const s = Session();
        try {
          const a = attrs(AParent);
          return await s.scalars(
            select(AParent).where(a.id.le(W3_PARENTS)).orderBy(a.id).options(joinedload(a.children)),
          );
        } finally {
          await s.close();
        }
      },
      W4: (input) =>
        Session.begin(async (s) => {
          const objs = input.map((d) => Object.assign(new AItem(), d));
          s.addAll(objs);
          return objs;
        }),
      W5: (scoreBase, description) =>
        Session.begin(async (s) => {
          const a = attrs(AItem);
          const objs = await s.scalars(select(AItem).where(a.id.between(W5_FIRST, W5_LAST)).orderBy(a.id));
          for (const o of objs) {
            o.score = scoreBase + o.id;
            o.description = description;
          }
          return objs;
        }),
      W6: (task) =>
        Session.begin(async (s) => {
          const p = (await s.get(AParent, task.parentId))!;
          const kids = [...(await s.load(p, 'children'))].sort((x, y) => x.id - y.id);
          for (const c of task.newChildren) p.children.push(Object.assign(new AChild(), c));
          for (const c of kids.slice(0, 2)) {
            c.value = task.updateValue;
            c.name = task.updateName;
          }
          s.delete(kids[kids.length - 1]);
          return p.createdAt;
        }),
      async W7load() {
        const s = Session();
        const a = attrs(AItem);
        let kept: AItem[] | null = await s.scalars(select(AItem).where(a.id.le(SEED_ITEMS)));
        // The session keeps every loaded object (its identity map holds them) until it is closed.
        return {
          count: kept.length,
          release: async () => {
            kept = null;
            await s.close();
          },
        };
      },
      async W7unit(parentId, value) {
        await Session.begin(async (s) => {
          const p = (await s.get(AParent, parentId))!;
          const kids = [...(await s.load(p, 'children'))].sort((x, y) => x.id - y.id);
          kids[0].value = value;
        });
      },
    },
  ];
}
