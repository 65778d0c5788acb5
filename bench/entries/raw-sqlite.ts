/**
 * The SQLite floors: raw `sqlite3` and raw `better-sqlite3` on the bench file, with prepared
 * statements kept per SQL text, timestamps as UTC wall-time text and booleans as 0/1 (what
 * Athanor stores). One connection each (SQLite's one writer): transactions queue behind each other
 * as they do on Athanor's one-connection pool. Same hand-written SQL as raw-pg.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database as Sqlite3Database, Statement as Sqlite3Statement } from 'sqlite3';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { sqliteFile, type BenchDatabase } from '../lib/databases';
import { groupChildren, placeholders, type ChildRow } from '../lib/raw-sql';
import type { BenchEntry, ChildLike, ItemLike, ParentLike } from '../lib/types';

type Row = Record<string, unknown>;

/** The few calls the entries make, over either library. */
interface Lite {
  open(file: string): Promise<void>;
  close(): Promise<void>;
  all(sql: string, params: unknown[]): Promise<Row[]>;
  /** The first row only: better-sqlite3's `get()` steps once; sqlite3 reads all (its `get()` would leave the statement holding its read lock). */
  first(sql: string, params: unknown[]): Promise<Row | undefined>;
  run(sql: string, params: unknown[]): Promise<void>;
}

function betterSqlite(): Lite {
  let db: BetterSqlite3.Database;
  const cache = new Map<string, BetterSqlite3.Statement>();
  const stmt = (sql: string): BetterSqlite3.Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    async open(file) {
      const Database = (await import('better-sqlite3')).default;
      db = new Database(file, { timeout: 5000 });
    },
    close: async () => void db.close(),
    all: async (sql, params) => stmt(sql).all(params) as Row[],
    first: async (sql, params) => stmt(sql).get(params) as Row | undefined,
    run: async (sql, params) => void stmt(sql).run(params),
  };
}

function sqlite3(): Lite {
  let db: Sqlite3Database;
  const cache = new Map<string, Sqlite3Statement>();
  const stmt = (sql: string): Sqlite3Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    async open(file) {
      const lib = (await import('sqlite3')) as unknown as typeof import('sqlite3') & {
        default?: typeof import('sqlite3');
      };
      const { Database } = lib.default ?? lib;
      db = await new Promise<Sqlite3Database>((resolve, reject) => {
        const d = new Database(file, (err) => (err ? reject(err) : resolve(d)));
      });
      await new Promise<void>((resolve, reject) =>
        db.run('PRAGMA busy_timeout = 5000', (e) => (e ? reject(e) : resolve())),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of cache.values()) s.finalize();
        db.close(() => resolve());
      }),
    all: (sql, params) =>
      new Promise((resolve, reject) =>
        stmt(sql).all<Row>(params, (err, rows) => (err ? reject(err) : resolve(rows))),
      ),
    run: (sql, params) =>
      new Promise((resolve, reject) =>
        stmt(sql).run(params, (err: Error | null) => (err ? reject(err) : resolve())),
      ),
    first: (sql, params) =>
      new Promise((resolve, reject) =>
        stmt(sql).all<Row>(params, (err, rows) => (err ? reject(err) : resolve(rows[0]))),
      ),
  };
}

const ITEM_COLS =
  'id, name, code, quantity, price, active, category, description, score, created_at AS createdAt';
const CHILD_COLS = 'id, parent_id AS parentId, name, value, created_at AS createdAt';
const CHUNK = 1000;

const toDate = (v: unknown): Date => new Date(`${String(v).replace(' ', 'T')}Z`);
const wallTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 23);

function makeRaw(name: string, lite: Lite, file: string): BenchEntry {
  /** Transactions queue on the one connection. */
  let queue: Promise<unknown> = Promise.resolve();
  function inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      await lite.run('BEGIN', []);
      try {
        const out = await fn();
        await lite.run('COMMIT', []);
        return out;
      } catch (err) {
        await lite.run('ROLLBACK', []).catch(() => undefined);
        throw err;
      }
    });
    queue = run.catch(() => undefined);
    return run;
  }

  const item = (r: Row): ItemLike => {
    r.active = r.active === 1;
    r.createdAt = toDate(r.createdAt);
    return r as unknown as ItemLike;
  };
  const items = async (sql: string, params: unknown[]): Promise<ItemLike[]> => {
    const rows = await lite.all(sql, params);
    for (const r of rows) item(r);
    return rows as unknown as ItemLike[];
  };
  const range = (from: number, to: number): Promise<ItemLike[]> =>
    items(`SELECT ${ITEM_COLS} FROM bench_item WHERE id BETWEEN ? AND ? ORDER BY id`, [from, to]);

  async function loadParents(ids: number[]): Promise<ParentLike[]> {
    const inList = placeholders(ids.length);
    const ps = (await lite.all(
      `SELECT id, name, created_at AS createdAt FROM bench_parent WHERE id IN (${inList}) ORDER BY id`,
      ids,
    )) as unknown as { id: number; name: string; createdAt: Date }[];
    for (const p of ps) p.createdAt = toDate(p.createdAt);
    const kids = (await lite.all(
      `SELECT ${CHILD_COLS} FROM bench_child WHERE parent_id IN (${inList}) ORDER BY id`,
      ids,
    )) as unknown as ChildRow[];
    for (const k of kids) k.createdAt = toDate(k.createdAt);
    return groupChildren(ps, kids);
  }

  const insertSql = (n: number): string =>
    `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
     VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id`;
  const updateSql = (n: number): string =>
    `UPDATE bench_item SET score = v.column2, description = v.column3
     FROM (VALUES ${Array.from({ length: n }, () => '(?, ?, ?)').join(', ')}) AS v WHERE bench_item.id = v.column1`;
  const childInsertSql = `INSERT INTO bench_child (parent_id, name, value, created_at) VALUES ${Array.from(
    { length: 10 },
    () => '(?, ?, ?, ?)',
  ).join(', ')}`;

  return {
    name,
    setup: () => lite.open(file),
    teardown: () => lite.close(),
    async W1(id) {
      return item((await lite.first(`SELECT ${ITEM_COLS} FROM bench_item WHERE id = ?`, [id]))!);
    },
    W2u: () => range(1, W2_ROWS),
    W3s: () => loadParents(Array.from({ length: W3_PARENTS }, (_, i) => i + 1)),
    async W3j() {
      const rows = (await lite.all(
        `SELECT p.id, p.name, p.created_at AS createdAt, c.id AS cid, c.name AS cname, c.value AS cvalue,
                c.created_at AS ccreated
         FROM bench_parent p LEFT JOIN bench_child c ON c.parent_id = p.id WHERE p.id <= ? ORDER BY p.id, c.id`,
        [W3_PARENTS],
      )) as {
        id: number;
        name: string;
        createdAt: string;
        cid: number | null;
        cname: string;
        cvalue: number;
        ccreated: string;
      }[];
      const out: ParentLike[] = [];
      let cur: { id: number; name: string; createdAt: Date; children: ChildLike[] } | undefined;
      for (const r of rows) {
        if (!cur || cur.id !== r.id)
          out.push((cur = { id: r.id, name: r.name, createdAt: toDate(r.createdAt), children: [] }));
        if (r.cid !== null)
          cur.children.push({ id: r.cid, name: r.cname, value: r.cvalue, createdAt: toDate(r.ccreated) });
      }
      return out;
    },
    W4: (input) =>
      inTransaction(async () => {
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
              r.active ? 1 : 0,
              r.category,
              r.description,
              r.score,
              wallTime(r.createdAt),
            );
          }
          const ids = (await lite.all(insertSql(chunk.length), values)) as { id: number }[];
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
      await inTransaction(async () => {
        for (let at = 0; at < loaded.length; at += CHUNK) {
          const chunk = loaded.slice(at, at + CHUNK);
          const values: unknown[] = [];
          for (const it of chunk) values.push(it.id, it.score, it.description);
          await lite.run(updateSql(chunk.length), values);
        }
      });
      return loaded;
    },
    W6: (task) =>
      inTransaction(async () => {
        const [parent] = await loadParents([task.parentId]);
        const kids = parent.children as ChildLike[];
        const values: unknown[] = [];
        for (const k of task.newChildren) values.push(task.parentId, k.name, k.value, wallTime(k.createdAt));
        await lite.run(childInsertSql, values);
        await lite.run('UPDATE bench_child SET value = ?, name = ? WHERE id IN (?, ?)', [
          task.updateValue,
          task.updateName,
          kids[0].id,
          kids[1].id,
        ]);
        await lite.run('DELETE FROM bench_child WHERE id = ?', [kids[kids.length - 1].id]);
        return parent.createdAt;
      }),
    async W7load() {
      let rows: ItemLike[] | null = await range(1, SEED_ITEMS);
      return { count: rows.length, release: () => void (rows = null) };
    },
    async W7unit(parentId, value) {
      await inTransaction(async () => {
        const [parent] = await loadParents([parentId]);
        const first = (parent.children as ChildLike[])[0];
        await lite.run('UPDATE bench_child SET value = ? WHERE id = ?', [value, first.id]);
      });
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] =>
  db.key === 'sqlite3'
    ? [makeRaw('raw-sqlite3', sqlite3(), sqliteFile(db.key))]
    : db.key === 'better-sqlite3'
      ? [makeRaw('raw-better-sqlite3', betterSqlite(), sqliteFile(db.key))]
      : [];
