/**
 * The three databases the bench runs on, each with an admin connection (schema, seed, resets,
 * checks; SQL with `?` placeholders), its Athanor URLs and its pool size.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { SEED_ITEMS, W3_CHILDREN, W3_PARENTS, W6_FIRST_PARENT, W6_SEED_CHILDREN } from './data';
import { PG_CONFIG, PG_DATABASE, POOL_MAX } from './types';

/**
 * SQLite is measured twice, once per client library, each on its own file: two copies of the
 * SQLite library in one process must not open the same file (closing it in one drops the other's
 * POSIX locks; SQLite's documentation warns of corruption, and a shared file gave SQLITE_IOERR).
 */
export type DbKey = 'postgresql' | 'mariadb' | 'sqlite3' | 'better-sqlite3';
export const DB_KEYS: readonly DbKey[] = ['postgresql', 'mariadb', 'sqlite3', 'better-sqlite3'];

export type AdminRow = Record<string, unknown>;

/** An untimed connection for setup and checks. */
export interface Admin {
  query(sql: string, params?: unknown[]): Promise<AdminRow[]>;
  end(): Promise<void>;
}

export interface BenchDatabase {
  key: DbKey;
  /** e.g. `PostgreSQL 15.20` */
  version: string;
  admin: Admin;
  /** Pool size of every entry (SQLite: one connection, its one writer). */
  poolMax: number;
  /** Athanor's URL of the database. */
  url: string;
  /** Drops, recreates and seeds the three tables; `w6Parents` W6 parents are created. */
  createSchema(w6Parents: number): Promise<void>;
  resetW4(): Promise<void>;
  resetW6(w6Parents: number): Promise<void>;
}

export const MARIADB_CONFIG = { host: '127.0.0.1', port: 3306, user: 'root', database: PG_DATABASE };
/** The SQLite file of one client library's entries. */
export const sqliteFile = (driver: string): string =>
  join(tmpdir(), `athanor-bench-${PG_DATABASE}-${driver}.db`);

/** A timestamp column's value as any of the drivers returns it, as a Date (UTC wall time). */
export function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  // SQLite text: the bench's UTC wall time, or Sequelize's `… +00:00` (offset after a space).
  const s = String(v)
    .trim()
    .replace(' ', 'T')
    .replace(/ ([+-]\d\d:?\d\d)$/, '$1');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
}

/** A boolean column's value as any of the drivers returns it (true, 1, '1'). */
export const asBool = (v: unknown): boolean => v === true || v === 1 || v === '1';

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_TS = `timestamptz '2024-01-01 00:00:00+00'`;

async function postgresql(): Promise<BenchDatabase> {
  const server = new Pool({ ...PG_CONFIG, database: 'postgres', max: 1 });
  try {
    const found = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_CONFIG.database]);
    if (found.rowCount === 0)
      await server.query(`CREATE DATABASE "${PG_CONFIG.database.replace(/"/g, '""')}"`);
  } finally {
    await server.end();
  }
  const pool = new Pool({ ...PG_CONFIG, max: 2 });
  const admin: Admin = {
    async query(sql, params = []) {
      let n = 0;
      return (
        await pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as AdminRow[];
    },
    end: () => pool.end(),
  };
  const version = String((await admin.query("SELECT current_setting('server_version') AS v"))[0].v);
  const resetW6 = async (w6Parents: number): Promise<void> => {
    await admin.query('DELETE FROM bench_child WHERE parent_id >= ?', [W6_FIRST_PARENT]);
    await admin.query(
      `INSERT INTO bench_child (parent_id, name, value, created_at)
       SELECT p, 'seed-' || k, k, ${PG_TS} FROM generate_series(?::int, ?::int) AS p, generate_series(1, ?::int) AS k
       ORDER BY p, k`,
      [W6_FIRST_PARENT, W6_FIRST_PARENT - 1 + w6Parents, W6_SEED_CHILDREN],
    );
  };
  return {
    key: 'postgresql',
    version: `PostgreSQL ${version}`,
    admin,
    poolMax: POOL_MAX,
    url: `postgresql://postgres@127.0.0.1:5432/${PG_DATABASE}`,
    async createSchema(w6Parents) {
      await admin.query('DROP TABLE IF EXISTS bench_child, bench_parent, bench_item');
      await admin.query(`CREATE TABLE bench_item (
        id serial PRIMARY KEY, name text NOT NULL, code varchar(32) NOT NULL, quantity integer NOT NULL,
        price double precision NOT NULL, active boolean NOT NULL, category integer NOT NULL,
        description text NOT NULL, score integer NOT NULL, created_at timestamptz NOT NULL)`);
      await admin.query(`CREATE TABLE bench_parent (
        id serial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL)`);
      await admin.query(`CREATE TABLE bench_child (
        id serial PRIMARY KEY, parent_id integer NOT NULL REFERENCES bench_parent (id),
        name text NOT NULL, value integer NOT NULL, created_at timestamptz NOT NULL)`);
      await admin.query('CREATE INDEX bench_child_parent_id ON bench_child (parent_id)');
      await admin.query(
        `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
         SELECT 'item-' || i, 'C' || (i % 1000), i % 100, i * 0.5, i % 2 = 0, i % 10, 'desc ' || i, i,
                ${PG_TS} + i * interval '1 second'
         FROM generate_series(1, ?::int) AS i ORDER BY i`,
        [SEED_ITEMS],
      );
      await admin.query(
        `INSERT INTO bench_parent (name, created_at)
         SELECT 'parent-' || p, ${PG_TS} + p * interval '1 minute' FROM generate_series(1, ?::int) AS p ORDER BY p`,
        [W6_FIRST_PARENT - 1 + w6Parents],
      );
      await admin.query(
        `INSERT INTO bench_child (parent_id, name, value, created_at)
         SELECT (c - 1) / ?::int + 1, 'child-' || c, c, ${PG_TS} + c * interval '7 seconds'
         FROM generate_series(1, ?::int) AS c ORDER BY c`,
        [W3_CHILDREN, W3_PARENTS * W3_CHILDREN],
      );
      await resetW6(w6Parents);
      await admin.query('VACUUM ANALYZE bench_item, bench_parent, bench_child');
    },
    resetW4: async () => void (await admin.query('DELETE FROM bench_item WHERE id > ?', [SEED_ITEMS])),
    resetW6,
  };
}

// ---------------------------------------------------------------------------------------------
// MariaDB (through mysql2); the sequence engine's seq_1_to_N tables generate the seed.

const MY_TS = `TIMESTAMP '2024-01-01 00:00:00'`;

async function mariadb(): Promise<BenchDatabase> {
  const mysql = await import('mysql2/promise');
  const server = await mysql.createConnection({ ...MARIADB_CONFIG, database: undefined });
  await server.query(`CREATE DATABASE IF NOT EXISTS \`${MARIADB_CONFIG.database}\``);
  await server.end();
  const pool = mysql.createPool({ ...MARIADB_CONFIG, connectionLimit: 2, timezone: 'Z' });
  const admin: Admin = {
    async query(sql, params = []) {
      const [rows] = await pool.query(sql, params);
      return Array.isArray(rows) ? (rows as AdminRow[]) : [];
    },
    end: () => pool.end(),
  };
  const version = String((await admin.query('SELECT VERSION() AS v'))[0].v);
  const resetW6 = async (w6Parents: number): Promise<void> => {
    await admin.query('DELETE FROM bench_child WHERE parent_id >= ?', [W6_FIRST_PARENT]);
    const last = W6_FIRST_PARENT - 1 + w6Parents;
    await admin.query(
      `INSERT INTO bench_child (parent_id, name, value, created_at)
       SELECT p.seq, concat('seed-', k.seq), k.seq, ${MY_TS}
       FROM seq_${W6_FIRST_PARENT}_to_${last} p, seq_1_to_${W6_SEED_CHILDREN} k ORDER BY p.seq, k.seq`,
    );
  };
  return {
    key: 'mariadb',
    version: `MariaDB ${version}`,
    admin,
    poolMax: POOL_MAX,
    url: `mysql://root@127.0.0.1:3306/${MARIADB_CONFIG.database}`,
    async createSchema(w6Parents) {
      await admin.query('DROP TABLE IF EXISTS bench_child, bench_parent, bench_item');
      await admin.query(`CREATE TABLE bench_item (
        id int AUTO_INCREMENT PRIMARY KEY, name text NOT NULL, code varchar(32) NOT NULL, quantity int NOT NULL,
        price double NOT NULL, active boolean NOT NULL, category int NOT NULL,
        description text NOT NULL, score int NOT NULL, created_at datetime(3) NOT NULL) ENGINE=InnoDB`);
      await admin.query(`CREATE TABLE bench_parent (
        id int AUTO_INCREMENT PRIMARY KEY, name text NOT NULL, created_at datetime(3) NOT NULL) ENGINE=InnoDB`);
      await admin.query(`CREATE TABLE bench_child (
        id int AUTO_INCREMENT PRIMARY KEY, parent_id int NOT NULL,
        name text NOT NULL, value int NOT NULL, created_at datetime(3) NOT NULL,
        FOREIGN KEY (parent_id) REFERENCES bench_parent (id)) ENGINE=InnoDB`);
      await admin.query(
        `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
         SELECT concat('item-', seq), concat('C', seq % 1000), seq % 100, seq * 0.5, seq % 2 = 0, seq % 10,
                concat('desc ', seq), seq, ${MY_TS} + INTERVAL seq SECOND
         FROM seq_1_to_${SEED_ITEMS} ORDER BY seq`,
      );
      await admin.query(
        `INSERT INTO bench_parent (name, created_at)
         SELECT concat('parent-', seq), ${MY_TS} + INTERVAL seq MINUTE
         FROM seq_1_to_${W6_FIRST_PARENT - 1 + w6Parents} ORDER BY seq`,
      );
      await admin.query(
        `INSERT INTO bench_child (parent_id, name, value, created_at)
         SELECT (seq - 1) DIV ${W3_CHILDREN} + 1, concat('child-', seq), seq, ${MY_TS} + INTERVAL seq * 7 SECOND
         FROM seq_1_to_${W3_PARENTS * W3_CHILDREN} ORDER BY seq`,
      );
      await resetW6(w6Parents);
      await admin.query('ANALYZE TABLE bench_item, bench_parent, bench_child');
    },
    resetW4: async () => void (await admin.query('DELETE FROM bench_item WHERE id > ?', [SEED_ITEMS])),
    resetW6,
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite: one file per client library, in WAL mode; timestamps as UTC wall-time text, as Athanor
// writes them. The admin connection uses the same library as the entries.

const sqliteTs = (expr: string): string =>
  `strftime('%Y-%m-%d %H:%M:%f', '2024-01-01 00:00:00', '+' || (${expr}) || ' seconds')`;
const series = (n: string): string =>
  `WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})`;

async function betterSqliteAdmin(file: string): Promise<Admin> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file, { timeout: 5000 });
  return {
    async query(sql, params = []) {
      const stmt = db.prepare(sql);
      if (stmt.reader) return stmt.all(...params) as AdminRow[];
      stmt.run(...params);
      return [];
    },
    end: async () => void db.close(),
  };
}

async function sqlite3Admin(file: string): Promise<Admin> {
  const lib = (await import('sqlite3')) as unknown as typeof import('sqlite3') & {
    default?: typeof import('sqlite3');
  };
  const { Database } = lib.default ?? lib;
  const db = await new Promise<import('sqlite3').Database>((resolve, reject) => {
    const d = new Database(file, (err) => (err ? reject(err) : resolve(d)));
  });
  return {
    query: (sql, params = []) =>
      new Promise((resolve, reject) =>
        db.all<AdminRow>(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))),
      ),
    end: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

async function sqlite(key: 'sqlite3' | 'better-sqlite3'): Promise<BenchDatabase> {
  const file = sqliteFile(key);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const admin = key === 'sqlite3' ? await sqlite3Admin(file) : await betterSqliteAdmin(file);
  await admin.query('PRAGMA journal_mode = WAL');
  const version = String((await admin.query('SELECT sqlite_version() AS v'))[0].v);
  const resetW6 = async (w6Parents: number): Promise<void> => {
    await admin.query('DELETE FROM bench_child WHERE parent_id >= ?', [W6_FIRST_PARENT]);
    await admin.query(
      `INSERT INTO bench_child (parent_id, name, value, created_at)
       ${series(String(w6Parents * W6_SEED_CHILDREN))}
       SELECT ${W6_FIRST_PARENT} + (i - 1) / ${W6_SEED_CHILDREN}, 'seed-' || ((i - 1) % ${W6_SEED_CHILDREN} + 1),
              (i - 1) % ${W6_SEED_CHILDREN} + 1, ${sqliteTs('0')} FROM s ORDER BY i`,
    );
  };
  return {
    key,
    version: `SQLite ${version} (${key})`,
    admin,
    poolMax: 1,
    url: key === 'sqlite3' ? `sqlite:///${file}` : `sqlite+better-sqlite3:///${file}`,
    async createSchema(w6Parents) {
      for (const t of ['bench_child', 'bench_parent', 'bench_item'])
        await admin.query(`DROP TABLE IF EXISTS ${t}`);
      await admin.query(`CREATE TABLE bench_item (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, code VARCHAR(32) NOT NULL, quantity INTEGER NOT NULL,
        price REAL NOT NULL, active BOOLEAN NOT NULL, category INTEGER NOT NULL,
        description TEXT NOT NULL, score INTEGER NOT NULL, created_at DATETIME NOT NULL)`);
      await admin.query(`CREATE TABLE bench_parent (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at DATETIME NOT NULL)`);
      await admin.query(`CREATE TABLE bench_child (
        id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES bench_parent (id),
        name TEXT NOT NULL, value INTEGER NOT NULL, created_at DATETIME NOT NULL)`);
      await admin.query('CREATE INDEX bench_child_parent_id ON bench_child (parent_id)');
      await admin.query(
        `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
         ${series(String(SEED_ITEMS))}
         SELECT 'item-' || i, 'C' || (i % 1000), i % 100, i * 0.5, i % 2 = 0, i % 10, 'desc ' || i, i, ${sqliteTs('i')}
         FROM s ORDER BY i`,
      );
      await admin.query(
        `INSERT INTO bench_parent (name, created_at) ${series(String(W6_FIRST_PARENT - 1 + w6Parents))}
         SELECT 'parent-' || i, ${sqliteTs('i * 60')} FROM s ORDER BY i`,
      );
      await admin.query(
        `INSERT INTO bench_child (parent_id, name, value, created_at) ${series(String(W3_PARENTS * W3_CHILDREN))}
         SELECT (i - 1) / ${W3_CHILDREN} + 1, 'child-' || i, i, ${sqliteTs('i * 7')} FROM s ORDER BY i`,
      );
      await resetW6(w6Parents);
      await admin.query('ANALYZE');
    },
    resetW4: async () => void (await admin.query('DELETE FROM bench_item WHERE id > ?', [SEED_ITEMS])),
    resetW6,
  };
}

export function openDatabase(key: DbKey): Promise<BenchDatabase> {
  return key === 'postgresql' ? postgresql() : key === 'mariadb' ? mariadb() : sqlite(key);
}
