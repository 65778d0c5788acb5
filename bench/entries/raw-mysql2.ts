/**
 * The MariaDB floors: raw `mysql2` with plain objects, through `query` (text protocol, client-side
 * escaping) and through `execute` (server-side prepared statements, cached per connection — what
 * Athanor uses). Hand-written SQL as in raw-pg: two-query loads (W3), chunked multi-row
 * INSERT … RETURNING (W4), a batched UPDATE … JOIN (W5), a hand-written OLTP unit (W6).
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { MARIADB_CONFIG, type BenchDatabase } from '../lib/databases';
import { groupChildren, placeholders, type ChildRow } from '../lib/raw-sql';
import { POOL_IDLE_MS, type BenchEntry, type ChildLike, type ItemLike, type ParentLike } from '../lib/types';

const ITEM_COLS =
  'id, name, code, quantity, price, active, category, description, score, created_at AS createdAt';
const CHILD_COLS = 'id, parent_id AS parentId, name, value, created_at AS createdAt';
const CHUNK = 1000;

type Runner = Pool | PoolConnection;

function makeRaw(prepared: boolean, poolMax: number): BenchEntry {
  let pool: Pool;
  const run = async <T>(c: Runner, sql: string, values: unknown[] = []): Promise<T[]> => {
    const [rows] = prepared
      ? await c.execute<RowDataPacket[]>(sql, values as never[])
      : await c.query<RowDataPacket[]>(sql, values);
    return rows as T[];
  };
  /** mysql2 returns BOOLEAN (tinyint) as 0/1. */
  const items = async (c: Runner, sql: string, values: unknown[]): Promise<ItemLike[]> => {
    const rows = await run<Omit<ItemLike, 'active'> & { active: unknown }>(c, sql, values);
    for (const r of rows) r.active = r.active === 1;
    return rows as ItemLike[];
  };
  const range = (from: number, to: number): Promise<ItemLike[]> =>
    items(pool, `SELECT ${ITEM_COLS} FROM bench_item WHERE id BETWEEN ? AND ? ORDER BY id`, [from, to]);

  async function inTransaction<T>(fn: (c: PoolConnection) => Promise<T>): Promise<T> {
    const c = await pool.getConnection();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async function loadParents(c: Runner, ids: number[]): Promise<ParentLike[]> {
    const inList = placeholders(ids.length);
    const ps = await run<{ id: number; name: string; createdAt: Date }>(
      c,
      `SELECT id, name, created_at AS createdAt FROM bench_parent WHERE id IN (${inList}) ORDER BY id`,
      ids,
    );
    const kids = await run<ChildRow>(
      c,
      `SELECT ${CHILD_COLS} FROM bench_child WHERE parent_id IN (${inList}) ORDER BY id`,
      ids,
    );
    return groupChildren(ps, kids);
  }

  const insertSql = (n: number): string =>
    `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
     VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id`;
  const updateSql = (n: number): string =>
    `UPDATE bench_item AS t JOIN (${Array.from({ length: n }, (_, i) =>
      i === 0 ? 'SELECT ? AS id, ? AS score, ? AS description' : 'SELECT ?, ?, ?',
    ).join(' UNION ALL ')}) AS v ON t.id = v.id SET t.score = v.score, t.description = v.description`;
  const childInsertSql = `INSERT INTO bench_child (parent_id, name, value, created_at) VALUES ${Array.from(
    { length: 10 },
    () => '(?, ?, ?, ?)',
  ).join(', ')}`;

  return {
    name: prepared ? 'raw-mysql2-prepared' : 'raw-mysql2',
    async setup() {
      const mysql = await import('mysql2/promise');
      pool = mysql.createPool({
        ...MARIADB_CONFIG,
        connectionLimit: poolMax,
        idleTimeout: POOL_IDLE_MS,
        maxIdle: 0,
        timezone: 'Z',
      });
    },
    async teardown() {
      await pool.end();
    },
    async W1(id) {
      return (await items(pool, `SELECT ${ITEM_COLS} FROM bench_item WHERE id = ?`, [id]))[0];
    },
    W2u: () => range(1, W2_ROWS),
    W3s: () =>
      loadParents(
        pool,
        Array.from({ length: W3_PARENTS }, (_, i) => i + 1),
      ),
    async W3j() {
      const rows = await run<{
        id: number;
        name: string;
        createdAt: Date;
        cid: number | null;
        cname: string;
        cvalue: number;
        ccreated: Date;
      }>(
        pool,
        `SELECT p.id, p.name, p.created_at AS createdAt, c.id AS cid, c.name AS cname, c.value AS cvalue,
                c.created_at AS ccreated
         FROM bench_parent p LEFT JOIN bench_child c ON c.parent_id = p.id WHERE p.id <= ? ORDER BY p.id, c.id`,
        [W3_PARENTS],
      );
      const out: ParentLike[] = [];
      let cur: { id: number; name: string; createdAt: Date; children: ChildLike[] } | undefined;
      for (const r of rows) {
        if (!cur || cur.id !== r.id)
          out.push((cur = { id: r.id, name: r.name, createdAt: r.createdAt, children: [] }));
        if (r.cid !== null)
          cur.children.push({ id: r.cid, name: r.cname, value: r.cvalue, createdAt: r.ccreated });
      }
      return out;
    },
    W4: (input) =>
      inTransaction(async (c) => {
        const out: ItemLike[] = [];
        for (let at = 0; at < input.length; at += CHUNK) {
          const chunk = input.slice(at, at + CHUNK);
          const values: unknown[] = [];
          for (const r of chunk) {
            values.push(
              r.name,
              r.code,
              r.quantity,
              r.price,
              r.active,
              r.category,
              r.description,
              r.score,
              r.createdAt,
            );
          }
          const ids = await run<{ id: number }>(c, insertSql(chunk.length), values);
          chunk.forEach((r, i) => out.push({ id: ids[i].id, ...r }));
        }
        return out;
      }),
    async W5(scoreBase, description) {
      const loaded = await range(W5_FIRST, W5_LAST);
      for (const it of loaded) {
        it.score = scoreBase + it.id;
        it.description = description;
      }
      await inTransaction(async (c) => {
        for (let at = 0; at < loaded.length; at += CHUNK) {
          const chunk = loaded.slice(at, at + CHUNK);
          const values: unknown[] = [];
          for (const it of chunk) values.push(it.id, it.score, it.description);
          await run(c, updateSql(chunk.length), values);
        }
      });
      return loaded;
    },
    W6: (task) =>
      inTransaction(async (c) => {
        const [parent] = await loadParents(c, [task.parentId]);
        const kids = parent.children as ChildLike[];
        const values: unknown[] = [];
        for (const k of task.newChildren) values.push(task.parentId, k.name, k.value, k.createdAt);
        await run(c, childInsertSql, values);
        await run(c, 'UPDATE bench_child SET value = ?, name = ? WHERE id IN (?, ?)', [
          task.updateValue,
          task.updateName,
          kids[0].id,
          kids[1].id,
        ]);
        await run(c, 'DELETE FROM bench_child WHERE id = ?', [kids[kids.length - 1].id]);
        return parent.createdAt;
      }),
    async W7load() {
      let rows: ItemLike[] | null = await range(1, SEED_ITEMS);
      return { count: rows.length, release: () => void (rows = null) };
    },
    async W7unit(parentId, value) {
      await inTransaction(async (c) => {
        const [parent] = await loadParents(c, [parentId]);
        const first = (parent.children as ChildLike[])[0];
        await run(c, 'UPDATE bench_child SET value = ? WHERE id = ?', [value, first.id]);
      });
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] =>
  db.key === 'mariadb' ? [makeRaw(false, db.poolMax), makeRaw(true, db.poolMax)] : [];
