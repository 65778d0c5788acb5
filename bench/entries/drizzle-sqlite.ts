/**
 * Drizzle ORM on SQLite over better-sqlite3 (Drizzle has no sqlite3 driver), the same calls as on
 * PostgreSQL (entries/drizzle.ts): a prepared statement for the hot lookup, `select()` for rows,
 * the relational query API for join-style loading, two selects for the selectin style, chunked
 * `insert().values().returning()`, the docs' CASE recipe for updating many rows and
 * `transaction()` — synchronous with this driver, as its docs show (better-sqlite3 runs a
 * transaction in one synchronous call, so concurrent units cannot interleave).
 */
import { asc, between, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import Database from 'better-sqlite3';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { sqliteFile, type BenchDatabase } from '../lib/databases';
import type { BenchEntry, ItemLike, ParentLike } from '../lib/types';
import { child, item, parent, schema } from '../models/drizzle-sqlite-schema';

const CHUNK = 1000;

function make(file: string): BenchEntry {
  let client: Database.Database;
  let db: BetterSQLite3Database<typeof schema>;
  const byId = () =>
    db
      .select()
      .from(item)
      .where(eq(item.id, sql.placeholder('id')))
      .prepare();
  let w1: ReturnType<typeof byId>;
  const loadWithChildren = (tx: Pick<typeof db, 'query'>, id: number) =>
    tx.query.parent
      .findFirst({ where: eq(parent.id, id), with: { children: { orderBy: asc(child.id) } } })
      .sync()!;

  return {
    name: 'drizzle',
    async setup() {
      client = new Database(file, { timeout: 5000 });
      db = drizzle({ client, schema });
      w1 = byId();
    },
    async teardown() {
      client.close();
    },
    async W1(id) {
      return w1.get({ id })!;
    },
    W2u: async () => db.select().from(item).where(lte(item.id, W2_ROWS)).orderBy(asc(item.id)).all(),
    async W3s() {
      const ps = db.select().from(parent).where(lte(parent.id, W3_PARENTS)).orderBy(asc(parent.id)).all();
      const kids = db
        .select()
        .from(child)
        .where(
          inArray(
            child.parentId,
            ps.map((p) => p.id),
          ),
        )
        .all();
      const out = new Map<number, ParentLike & { children: typeof kids }>();
      for (const p of ps) out.set(p.id, { ...p, children: [] });
      for (const k of kids) out.get(k.parentId)!.children.push(k);
      return [...out.values()];
    },
    W3j: async () =>
      db.query.parent
        .findMany({ where: lte(parent.id, W3_PARENTS), with: { children: true }, orderBy: asc(parent.id) })
        .sync(),
    W4: async (input) =>
      db.transaction((tx) => {
        const out: ItemLike[] = [];
        for (let at = 0; at < input.length; at += CHUNK) {
          out.push(
            ...tx
              .insert(item)
              .values(input.slice(at, at + CHUNK))
              .returning()
              .all(),
          );
        }
        return out;
      }),
    async W5(scoreBase, description) {
      const rows = db
        .select()
        .from(item)
        .where(between(item.id, W5_FIRST, W5_LAST))
        .orderBy(asc(item.id))
        .all();
      for (const r of rows) {
        r.score = scoreBase + r.id;
        r.description = description;
      }
      db.transaction((tx) => {
        for (let at = 0; at < rows.length; at += CHUNK) {
          const chunk = rows.slice(at, at + CHUNK);
          const score: SQL[] = [sql`(case`];
          const desc: SQL[] = [sql`(case`];
          for (const r of chunk) {
            score.push(sql`when ${item.id} = ${r.id} then ${r.score}`);
            desc.push(sql`when ${item.id} = ${r.id} then ${r.description}`);
          }
          score.push(sql`end)`);
          desc.push(sql`end)`);
          tx.update(item)
            .set({ score: sql.join(score, sql.raw(' ')), description: sql.join(desc, sql.raw(' ')) })
            .where(
              inArray(
                item.id,
                chunk.map((r) => r.id),
              ),
            )
            .run();
        }
      });
      return rows;
    },
    W6: async (task) =>
      db.transaction((tx) => {
        const p = loadWithChildren(tx, task.parentId);
        const kids = p.children;
        tx.insert(child)
          .values(task.newChildren.map((c) => ({ ...c, parentId: p.id })))
          .run();
        tx.update(child)
          .set({ value: task.updateValue, name: task.updateName })
          .where(inArray(child.id, [kids[0].id, kids[1].id]))
          .run();
        tx.delete(child)
          .where(eq(child.id, kids[kids.length - 1].id))
          .run();
        return p.createdAt;
      }),
    async W7load() {
      let kept: ItemLike[] | null = db.select().from(item).where(lte(item.id, SEED_ITEMS)).all();
      return { count: kept.length, release: () => void (kept = null) };
    },
    async W7unit(parentId, value) {
      db.transaction((tx) => {
        const p = loadWithChildren(tx, parentId);
        tx.update(child).set({ value }).where(eq(child.id, p.children[0].id)).run();
      });
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] =>
  db.key === 'better-sqlite3' ? [make(sqliteFile(db.key))] : [];
