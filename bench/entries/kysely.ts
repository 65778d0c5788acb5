/**
 * Kysely, the query-builder peer of Athanor Core, on all three databases (pg, mysql2,
 * better-sqlite3 — Kysely has no sqlite3 dialect), used as its docs show: typed `selectFrom`,
 * two queries for selectin-style loading, a join grouped by hand, chunked multi-row inserts
 * (RETURNING where the database has it, MySQL's consecutive insert ids on MariaDB), one UPDATE per
 * changed row (Kysely has no multi-row update helper) and `transaction().execute()`. It tracks
 * nothing, so it has no W2t entry. Rows are converted to the bench's shape by hand where the
 * driver does not (booleans from 0/1, SQLite's timestamp text).
 */
import {
  Kysely,
  MysqlDialect,
  PostgresDialect,
  SqliteDialect,
  type Generated,
  type Transaction,
} from 'kysely';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { MARIADB_CONFIG, sqliteFile, type BenchDatabase } from '../lib/databases';
import { groupChildren, type ChildRow } from '../lib/raw-sql';
import {
  PG_CONFIG,
  POOL_IDLE_MS,
  type BenchEntry,
  type ChildLike,
  type ItemLike,
  type ParentLike,
} from '../lib/types';

interface DB {
  bench_item: {
    id: Generated<number>;
    name: string;
    code: string;
    quantity: number;
    price: number;
    active: boolean | number;
    category: number;
    description: string;
    score: number;
    created_at: Date | string;
  };
  bench_parent: { id: Generated<number>; name: string; created_at: Date | string };
  bench_child: {
    id: Generated<number>;
    parent_id: number;
    name: string;
    value: number;
    created_at: Date | string;
  };
}
type Db = Kysely<DB> | Transaction<DB>;

const CHUNK = 1000;
const ITEM = [
  'id',
  'name',
  'code',
  'quantity',
  'price',
  'active',
  'category',
  'description',
  'score',
  'created_at as createdAt',
] as const;
const CHILD = ['id', 'parent_id as parentId', 'name', 'value', 'created_at as createdAt'] as const;

function make(db: BenchDatabase): BenchEntry {
  let k: Kysely<DB>;
  const sqlite = db.key === 'better-sqlite3';
  const mariadb = db.key === 'mariadb';
  /** SQLite's timestamp text → Date; the other drivers return Dates. */
  const date = (v: Date | string): Date => (typeof v === 'string' ? new Date(`${v.replace(' ', 'T')}Z`) : v);
  /** What the database stores for a Date (SQLite: UTC wall-time text, as Athanor writes it). */
  const stored = (d: Date): Date | string => (sqlite ? d.toISOString().replace('T', ' ').slice(0, 23) : d);
  const fixItems = (rows: { active: boolean | number; createdAt: Date | string }[]): ItemLike[] => {
    if (db.key !== 'postgresql') {
      for (const r of rows) {
        r.active = r.active === 1 || r.active === true;
        r.createdAt = date(r.createdAt);
      }
    }
    return rows as ItemLike[];
  };
  const fixDates = <T extends { createdAt: Date | string }>(rows: T[]): (T & { createdAt: Date })[] => {
    if (sqlite) for (const r of rows) r.createdAt = date(r.createdAt);
    return rows as (T & { createdAt: Date })[];
  };
  const range = async (from: number, to: number): Promise<ItemLike[]> =>
    fixItems(
      await k
        .selectFrom('bench_item')
        .select(ITEM)
        .where('id', '>=', from)
        .where('id', '<=', to)
        .orderBy('id')
        .execute(),
    );

  async function loadParents(t: Db, ids: number[]): Promise<ParentLike[]> {
    const ps = fixDates(
      await t
        .selectFrom('bench_parent')
        .select(['id', 'name', 'created_at as createdAt'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute(),
    );
    const kids = fixDates(
      await t.selectFrom('bench_child').select(CHILD).where('parent_id', 'in', ids).orderBy('id').execute(),
    ) as ChildRow[];
    return groupChildren(ps, kids);
  }

  return {
    name: 'kysely',
    async setup() {
      if (db.key === 'postgresql') {
        const { Pool } = await import('pg');
        k = new Kysely<DB>({
          dialect: new PostgresDialect({
            pool: new Pool({ ...PG_CONFIG, max: db.poolMax, idleTimeoutMillis: POOL_IDLE_MS }),
          }),
        });
      } else if (mariadb) {
        const { createPool } = await import('mysql2');
        k = new Kysely<DB>({
          dialect: new MysqlDialect({
            pool: createPool({
              ...MARIADB_CONFIG,
              connectionLimit: db.poolMax,
              maxIdle: 0,
              idleTimeout: POOL_IDLE_MS,
              timezone: 'Z',
            }),
          }),
        });
      } else {
        const Database = (await import('better-sqlite3')).default;
        k = new Kysely<DB>({
          dialect: new SqliteDialect({ database: new Database(sqliteFile(db.key), { timeout: 5000 }) }),
        });
      }
    },
    teardown: () => k.destroy(),
    async W1(id) {
      return fixItems([
        await k.selectFrom('bench_item').select(ITEM).where('id', '=', id).executeTakeFirstOrThrow(),
      ])[0];
    },
    W2u: () => range(1, W2_ROWS),
    W3s: () =>
      loadParents(
        k,
        Array.from({ length: W3_PARENTS }, (_, i) => i + 1),
      ),
    async W3j() {
      const rows = await k
        .selectFrom('bench_parent as p')
        .leftJoin('bench_child as c', 'c.parent_id', 'p.id')
        .select([
          'p.id',
          'p.name',
          'p.created_at as createdAt',
          'c.id as cid',
          'c.name as cname',
          'c.value as cvalue',
          'c.created_at as ccreated',
        ])
        .where('p.id', '<=', W3_PARENTS)
        .orderBy('p.id')
        .orderBy('c.id')
        .execute();
      const out: ParentLike[] = [];
      let cur: (ParentLike & { children: ChildLike[] }) | undefined;
      for (const r of rows) {
        if (!cur || cur.id !== r.id)
          out.push((cur = { id: r.id, name: r.name, createdAt: date(r.createdAt), children: [] }));
        if (r.cid !== null)
          cur.children.push({ id: r.cid, name: r.cname!, value: r.cvalue!, createdAt: date(r.ccreated!) });
      }
      return out;
    },
    W4: (input) =>
      k.transaction().execute(async (t) => {
        const out: ItemLike[] = [];
        for (let at = 0; at < input.length; at += CHUNK) {
          const chunk = input.slice(at, at + CHUNK);
          const values = chunk.map((r) => ({
            name: r.name,
            code: r.code,
            quantity: r.quantity,
            price: r.price,
            active: sqlite ? Number(r.active) : r.active,
            category: r.category,
            description: r.description,
            score: r.score,
            created_at: stored(r.createdAt),
          }));
          let ids: number[];
          if (mariadb) {
            // One multi-row INSERT gets consecutive ids from the first (innodb_autoinc_lock_mode 1).
            const res = await t.insertInto('bench_item').values(values).executeTakeFirstOrThrow();
            const first = Number(res.insertId);
            ids = chunk.map((_, i) => first + i);
          } else {
            ids = (await t.insertInto('bench_item').values(values).returning('id').execute()).map(
              (r) => r.id,
            );
          }
          chunk.forEach((r, i) => out.push({ id: ids[i], ...r }));
        }
        return out;
      }),
    async W5(scoreBase, description) {
      const loaded = await range(W5_FIRST, W5_LAST);
      for (const it of loaded) {
        it.score = scoreBase + it.id;
        it.description = description;
      }
      await k.transaction().execute(async (t) => {
        for (const it of loaded) {
          await t
            .updateTable('bench_item')
            .set({ score: it.score, description: it.description })
            .where('id', '=', it.id)
            .execute();
        }
      });
      return loaded;
    },
    W6: (task) =>
      k.transaction().execute(async (t) => {
        const [parent] = await loadParents(t, [task.parentId]);
        const kids = parent.children as ChildLike[];
        await t
          .insertInto('bench_child')
          .values(
            task.newChildren.map((c) => ({
              parent_id: task.parentId,
              name: c.name,
              value: c.value,
              created_at: stored(c.createdAt),
            })),
          )
          .execute();
        await t
          .updateTable('bench_child')
          .set({ value: task.updateValue, name: task.updateName })
          .where('id', 'in', [kids[0].id, kids[1].id])
          .execute();
        await t
          .deleteFrom('bench_child')
          .where('id', '=', kids[kids.length - 1].id)
          .execute();
        return parent.createdAt;
      }),
    async W7load() {
      let rows: ItemLike[] | null = await range(1, SEED_ITEMS);
      return { count: rows.length, release: () => void (rows = null) };
    },
    async W7unit(parentId, value) {
      await k.transaction().execute(async (t) => {
        const [parent] = await loadParents(t, [parentId]);
        const first = (parent.children as ChildLike[])[0];
        await t.updateTable('bench_child').set({ value }).where('id', '=', first.id).execute();
      });
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] => (db.key === 'sqlite3' ? [] : [make(db)]);
