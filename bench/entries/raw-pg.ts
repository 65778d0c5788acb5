/**
 * The floors: raw `pg` with plain objects, and the same with prepared (named) statements. All SQL
 * is hand-written: two-query loads (W3), chunked multi-row INSERT (W4), batched UPDATE … FROM
 * (VALUES …) (W5), and a hand-written OLTP unit (W6).
 */
import { Pool, type PoolClient, type QueryConfig } from 'pg';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import {
  PG_CONFIG,
  POOL_IDLE_MS,
  POOL_MAX,
  type BenchEntry,
  type ChildLike,
  type ItemLike,
  type NewItem,
  type ParentLike,
} from '../lib/types';

const ITEM_COLS =
  'id, name, code, quantity, price, active, category, description, score, created_at AS "createdAt"';
const CHILD_COLS = 'id, parent_id AS "parentId", name, value, created_at AS "createdAt"';
const CHUNK = 1000;

type ChildRow = ChildLike & { parentId: number };

/** `($1, $2, …), (…)` for `rows` rows of `cols` parameters, with optional casts per column. */
function valuesList(rows: number, cols: number, casts: string[] = []): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const ps: string[] = [];
    for (let c = 0; c < cols; c++) ps.push(`$${r * cols + c + 1}${casts[c] ?? ''}`);
    out.push(`(${ps.join(', ')})`);
  }
  return out.join(', ');
}

function groupChildren(
  parents: { id: number; name: string; createdAt: Date }[],
  kids: ChildRow[],
): ParentLike[] {
  const byId = new Map<number, ChildLike[]>();
  const out = parents.map((p) => {
    const children: ChildLike[] = [];
    byId.set(p.id, children);
    return { id: p.id, name: p.name, createdAt: p.createdAt, children };
  });
  for (const k of kids) byId.get(k.parentId)!.push(k);
  return out;
}

function makeRaw(prepared: boolean): BenchEntry {
  const name = prepared ? 'raw-pg-prepared' : 'raw-pg';
  let pool: Pool;
  /** A query config, named (server-side prepared once per connection) in the prepared variant. */
  const q = (key: string, text: string, values: unknown[] = []): QueryConfig =>
    prepared ? { name: `bench_${key}`, text, values } : { text, values };

  const insertSql = `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
    VALUES ${valuesList(CHUNK, 9)} RETURNING id`;
  const updateSql = `UPDATE bench_item AS t SET score = v.score, description = v.description
    FROM (VALUES ${valuesList(CHUNK, 3, ['::int', '::int', '::text'])}) AS v (id, score, description) WHERE t.id = v.id`;
  const childInsertSql = `INSERT INTO bench_child (parent_id, name, value, created_at) VALUES ${valuesList(10, 4)} RETURNING id`;

  async function inTransaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
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

  async function loadParents(c: Pool | PoolClient, ids: number[]): Promise<ParentLike[]> {
    const ps = await c.query<{ id: number; name: string; createdAt: Date }>(
      q(
        'parents',
        'SELECT id, name, created_at AS "createdAt" FROM bench_parent WHERE id = ANY($1) ORDER BY id',
        [ids],
      ),
    );
    const kids = await c.query<ChildRow>(
      q('children', `SELECT ${CHILD_COLS} FROM bench_child WHERE parent_id = ANY($1) ORDER BY id`, [ids]),
    );
    return groupChildren(ps.rows, kids.rows);
  }

  const items = async (from: number, to: number): Promise<ItemLike[]> =>
    (
      await pool.query<ItemLike>(
        q('range', `SELECT ${ITEM_COLS} FROM bench_item WHERE id BETWEEN $1 AND $2 ORDER BY id`, [from, to]),
      )
    ).rows;

  return {
    name,
    async setup() {
      pool = new Pool({ ...PG_CONFIG, max: POOL_MAX, idleTimeoutMillis: POOL_IDLE_MS });
    },
    async teardown() {
      await pool.end();
    },
    async W1(id) {
      return (await pool.query<ItemLike>(q('w1', `SELECT ${ITEM_COLS} FROM bench_item WHERE id = $1`, [id])))
        .rows[0];
    },
    W2u: () => items(1, W2_ROWS),
    W3s: () =>
      loadParents(
        pool,
        Array.from({ length: W3_PARENTS }, (_, i) => i + 1),
      ),
    async W3j() {
      const { rows } = await pool.query<{
        id: number;
        name: string;
        createdAt: Date;
        cid: number | null;
        cname: string;
        cvalue: number;
        ccreated: Date;
      }>(
        q(
          'w3j',
          `SELECT p.id, p.name, p.created_at AS "createdAt", c.id AS cid, c.name AS cname, c.value AS cvalue,
                  c.created_at AS ccreated
           FROM bench_parent p LEFT JOIN bench_child c ON c.parent_id = p.id WHERE p.id <= $1 ORDER BY p.id, c.id`,
          [W3_PARENTS],
        ),
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
    async W4(input: NewItem[]) {
      return inTransaction(async (c) => {
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
          // Same-sized chunks share one statement text; a short last chunk would need its own.
          const sql =
            chunk.length === CHUNK
              ? insertSql
              : insertSql.replace(/VALUES .* RETURNING/s, `VALUES ${valuesList(chunk.length, 9)} RETURNING`);
          const res = await c.query<{ id: number }>(
            chunk.length === CHUNK ? q('w4', sql, values) : { text: sql, values },
          );
          chunk.forEach((r, i) => out.push({ id: res.rows[i].id, ...r }));
        }
        return out;
      });
    },
    async W5(scoreBase, description) {
      const loaded = await items(W5_FIRST, W5_LAST);
      for (const it of loaded) {
        it.score = scoreBase + it.id;
        it.description = description;
      }
      await inTransaction(async (c) => {
        for (let at = 0; at < loaded.length; at += CHUNK) {
          const values: unknown[] = [];
          for (const it of loaded.slice(at, at + CHUNK)) values.push(it.id, it.score, it.description);
          await c.query(q('w5', updateSql, values));
        }
      });
      return loaded;
    },
    async W6(task) {
      return inTransaction(async (c) => {
        const [parent] = await loadParents(c, [task.parentId]);
        const kids = parent.children as ChildLike[];
        const values: unknown[] = [];
        for (const k of task.newChildren) values.push(task.parentId, k.name, k.value, k.createdAt);
        await c.query(q('w6_ins', childInsertSql, values));
        await c.query(
          q('w6_upd', 'UPDATE bench_child SET value = $1, name = $2 WHERE id = ANY($3)', [
            task.updateValue,
            task.updateName,
            [kids[0].id, kids[1].id],
          ]),
        );
        await c.query(q('w6_del', 'DELETE FROM bench_child WHERE id = $1', [kids[kids.length - 1].id]));
        return parent.createdAt;
      });
    },
    async W7load() {
      let rows: ItemLike[] | null = await items(1, SEED_ITEMS);
      return { count: rows.length, release: () => void (rows = null) };
    },
    async W7unit(parentId, value) {
      await inTransaction(async (c) => {
        const [parent] = await loadParents(c, [parentId]);
        const first = (parent.children as ChildLike[])[0];
        await c.query(q('w7_upd', 'UPDATE bench_child SET value = $1 WHERE id = $2', [value, first.id]));
      });
    },
  };
}

export const entries: BenchEntry[] = [makeRaw(false), makeRaw(true)];
