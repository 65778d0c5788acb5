/**
 * Drizzle ORM over node-postgres, used as its docs show: a prepared statement for the hot lookup,
 * `select()` for rows, the relational query API (`with`, one query) for join-style loading, two
 * selects for the selectin style, chunked `insert().values().returning()`, the docs' CASE recipe
 * for updating many rows with different values, and `transaction()`. Drizzle tracks nothing, so it
 * has no W2t entry.
 */
import { asc, between, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import {
  PG_CONFIG,
  POOL_IDLE_MS,
  POOL_MAX,
  type BenchEntry,
  type ItemLike,
  type ParentLike,
} from '../lib/types';
import { child, item, parent, schema } from '../models/drizzle-schema';
import type { BenchDatabase } from '../lib/databases';

let pool: Pool;
let db: NodePgDatabase<typeof schema>;
const CHUNK = 1000;

const byId = () =>
  db
    .select()
    .from(item)
    .where(eq(item.id, sql.placeholder('id')))
    .prepare('drizzle_w1');
let w1: ReturnType<typeof byId>;

const loadWithChildren = (tx: Pick<typeof db, 'query'>, id: number) =>
  tx.query.parent.findFirst({ where: eq(parent.id, id), with: { children: { orderBy: asc(child.id) } } });

const entry: BenchEntry = {
  name: 'drizzle',
  async setup() {
    pool = new Pool({ ...PG_CONFIG, max: POOL_MAX, idleTimeoutMillis: POOL_IDLE_MS });
    db = drizzle({ client: pool, schema });
    w1 = byId();
  },
  async teardown() {
    await pool.end();
  },
  async W1(id) {
    return (await w1.execute({ id }))[0];
  },
  W2u: () => db.select().from(item).where(lte(item.id, W2_ROWS)).orderBy(asc(item.id)),
  async W3s() {
    const ps = await db.select().from(parent).where(lte(parent.id, W3_PARENTS)).orderBy(asc(parent.id));
    const kids = await db
      .select()
      .from(child)
      .where(
        inArray(
          child.parentId,
          ps.map((p) => p.id),
        ),
      );
    const out = new Map<number, ParentLike & { children: typeof kids }>();
    for (const p of ps) out.set(p.id, { ...p, children: [] });
    for (const k of kids) out.get(k.parentId)!.children.push(k);
    return [...out.values()];
  },
  W3j: () =>
    db.query.parent.findMany({
      where: lte(parent.id, W3_PARENTS),
      with: { children: true },
      orderBy: asc(parent.id),
    }),
  W4: (input) =>
    db.transaction(async (tx) => {
      const out: ItemLike[] = [];
      for (let at = 0; at < input.length; at += CHUNK) {
        out.push(
          ...(await tx
            .insert(item)
            .values(input.slice(at, at + CHUNK))
            .returning()),
        );
      }
      return out;
    }),
  async W5(scoreBase, description) {
    const rows = await db
      .select()
      .from(item)
      .where(between(item.id, W5_FIRST, W5_LAST))
      .orderBy(asc(item.id));
    for (const r of rows) {
      r.score = scoreBase + r.id;
      r.description = description;
    }
    await db.transaction(async (tx) => {
      for (let at = 0; at < rows.length; at += CHUNK) {
        const chunk = rows.slice(at, at + CHUNK);
        const score: SQL[] = [sql`(case`];
        const desc: SQL[] = [sql`(case`];
        for (const r of chunk) {
          score.push(sql`when ${item.id} = ${r.id} then ${r.score}::int`);
          desc.push(sql`when ${item.id} = ${r.id} then ${r.description}`);
        }
        score.push(sql`end)`);
        desc.push(sql`end)`);
        await tx
          .update(item)
          .set({ score: sql.join(score, sql.raw(' ')), description: sql.join(desc, sql.raw(' ')) })
          .where(
            inArray(
              item.id,
              chunk.map((r) => r.id),
            ),
          );
      }
    });
    return rows;
  },
  W6: (task) =>
    db.transaction(async (tx) => {
      const p = (await loadWithChildren(tx, task.parentId))!;
      const kids = p.children;
      await tx.insert(child).values(task.newChildren.map((c) => ({ ...c, parentId: p.id })));
      await tx
        .update(child)
        .set({ value: task.updateValue, name: task.updateName })
        .where(inArray(child.id, [kids[0].id, kids[1].id]));
      await tx.delete(child).where(eq(child.id, kids[kids.length - 1].id));
      return p.createdAt;
    }),
  async W7load() {
    let kept: ItemLike[] | null = await db.select().from(item).where(lte(item.id, SEED_ITEMS));
    return { count: kept.length, release: () => void (kept = null) };
  },
  async W7unit(parentId, value) {
    await db.transaction(async (tx) => {
      const p = (await loadWithChildren(tx, parentId))!;
      await tx.update(child).set({ value }).where(eq(child.id, p.children[0].id));
    });
  },
};

/** On PostgreSQL; MariaDB and SQLite: drizzle-mysql.ts and drizzle-sqlite.ts. */
export const entriesFor = (db: BenchDatabase): BenchEntry[] => (db.key === 'postgresql' ? [entry] : []);
