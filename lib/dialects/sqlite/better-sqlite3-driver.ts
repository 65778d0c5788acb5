import type BetterSqlite3 from 'better-sqlite3';
import {
  type Driver,
  type DriverConnection,
  type DriverQuery,
  type ErrorClassification,
  type RawResult,
  type RawRow,
} from '../../drivers/driver';
import { leastRecentKey } from '../../drivers/least-recent';
import { loadModule } from '../../drivers/load-module';
import type { EngineUrl } from '../../drivers/engine-url';
import { sqliteDriver } from './driver';
import { sqliteConnectOptions, type TransactionMode } from './connect-options';
import { beginStatements, connectPragmas, retryWhileBusy, waitsForLocks } from './lock-wait';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], RawRow>;

/** Prepared statements kept per connection: the SQL texts of one application's hot paths. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * Values as `sqlite3` binds them: better-sqlite3 refuses booleans and Dates, and `sqlite3` stores
 * them as 1/0 and epoch milliseconds, so both drivers write the same bytes.
 */
function bindable(params: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    const b =
      typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date ? v.getTime() : v === undefined ? null : v;
    if (b !== v) (out ??= params.slice())[i] = b;
  }
  return out ?? (params as unknown[]);
}

/** SQLite's primary result codes, which sqlite3 reports as `errno` (telemetry's status code). */
const PRIMARY_CODES: Readonly<Record<string, number>> = Object.fromEntries(
  ['ERROR', 'INTERNAL', 'PERM', 'ABORT', 'BUSY', 'LOCKED', 'NOMEM', 'READONLY', 'INTERRUPT', 'IOERR']
    .concat(['CORRUPT', 'NOTFOUND', 'FULL', 'CANTOPEN', 'PROTOCOL', 'EMPTY', 'SCHEMA', 'TOOBIG'])
    .concat(['CONSTRAINT', 'MISMATCH', 'MISUSE', 'NOLFS', 'AUTH', 'FORMAT', 'RANGE', 'NOTADB'])
    .map((name, i) => [`SQLITE_${name}`, i + 1]),
);

/** The primary code of an extended one: SQLITE_CONSTRAINT_UNIQUE → SQLITE_CONSTRAINT. */
function primaryCode(code: unknown): string | undefined {
  return typeof code === 'string' ? /^SQLITE_[A-Z]+/.exec(code)?.[0] : undefined;
}

/** `error` carrying sqlite3's numeric `errno` beside its extended code. */
function withErrno(error: unknown): Error {
  const e = error as { code?: unknown; errno?: unknown } | null;
  const errno = PRIMARY_CODES[primaryCode(e?.code) ?? ''];
  if (e !== null && typeof e === 'object' && e.errno === undefined && errno !== undefined) e.errno = errno;
  return error as Error;
}

function failed<T>(error: unknown): Promise<T> {
  return Promise.reject(withErrno(error));
}

/** A cached prepared statement, with what reading its rows needs. */
interface Prepared {
  readonly stmt: Statement;
  /**
   * The row object of one `raw()` row, for statements returning rows under distinct plain names:
   * better-sqlite3 builds its row objects in dictionary mode (slow to read and write), while an
   * object literal gets a fast shape shared by every row of the statement.
   */
  readonly build: RowBuilder | undefined;
  /** When the statement was last used (a tick of its connection), for evicting the least recent. */
  used: number;
}

type RowBuilder = (values: unknown[]) => RawRow;

/** An object-literal row builder over `names`, or undefined when a literal could not mirror them. */
function rowBuilder(names: readonly string[]): RowBuilder | undefined {
  // `__proto__` in a literal sets the prototype, and repeated names would shift positions: keep
  // better-sqlite3's own objects for those.
  if (names.includes('__proto__') || new Set(names).size !== names.length) return undefined;
  const fields = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`);
  return new Function('v', `return { ${fields.join(', ')} };`) as RowBuilder;
}

function prepare(db: Database, sql: string, used: number): Prepared {
  const stmt = db.prepare<unknown[], RawRow>(sql);
  let build: RowBuilder | undefined;
  // Not for `*`: its columns change with the table's (a cached statement re-prepares itself).
  if (stmt.reader && !sql.includes('*')) {
    build = rowBuilder(stmt.columns().map((c) => c.name));
    if (build !== undefined) stmt.raw(true);
  }
  return { stmt, build, used };
}

/** Rows of a statement: built from raw value arrays where the statement has a builder. */
function readRows(p: Prepared, params: unknown[]): RawRow[] {
  const { build } = p;
  if (build === undefined) return p.stmt.all(params);
  const rows = p.stmt.all(params) as unknown as unknown[][];
  const out = rows as unknown as RawRow[];
  for (let i = 0; i < rows.length; i++) out[i] = build(rows[i]!);
  return out;
}

class BetterSqliteConnection implements DriverConnection {
  broken = false;
  readonly serverVersion: string;
  readonly sessionId = undefined;
  private readonly statements = new Map<string, Prepared>();
  /** Counts statement uses: a cache hit only stamps its entry, the Map's order never changes. */
  private tick = 0;

  constructor(
    private readonly db: Database,
    version: string,
    /** `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE` instead of SQLite's deferred `BEGIN`. */
    private readonly transactionMode: TransactionMode | undefined,
    /** With a transaction mode: how long BEGIN, COMMIT and autocommit statements wait for a lock. */
    private readonly busyTimeout: number,
  ) {
    this.serverVersion = version;
  }

  beginStatements(): string[] | undefined {
    return beginStatements(this.transactionMode);
  }

  /** The prepared statement of `sql`, from the cache or newly prepared (evicting the least recent). */
  private statement(sql: string): Prepared {
    const hit = this.statements.get(sql);
    if (hit !== undefined) {
      hit.used = ++this.tick;
      return hit;
    }
    const p = prepare(this.db, sql, ++this.tick);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) this.evictLeastRecent();
    this.statements.set(sql, p);
    return p;
  }

  /** A scan of the cache, on a miss only: rarer and far cheaper than the prepare beside it. */
  private evictLeastRecent(): void {
    const oldest = leastRecentKey(this.statements);
    if (oldest !== undefined) this.statements.delete(oldest);
  }

  /** One statement, synchronously; callers wrap it in a promise so errors reject, never throw. */
  private run(q: DriverQuery, params: readonly unknown[]): RawResult {
    let p: Prepared;
    try {
      p = this.statement(q.sql);
    } catch (e) {
      // A script of several statements (DDL batches) cannot be prepared; run it whole.
      if (e instanceof RangeError && params.length === 0 && /more than one statement/.test(e.message)) {
        this.db.exec(q.sql);
        return { rows: [], rowCount: 0 };
      }
      throw e;
    }
    // One array argument: better-sqlite3 binds its elements in order, with no spread per call.
    const bound = bindable(params);
    if (p.stmt.reader && (q.returnsRows || q.outBinds !== undefined)) {
      const rows = readRows(p, bound);
      return { rows, rowCount: rows.length };
    }
    const info = p.stmt.run(bound);
    return { rows: [], rowCount: info.changes, lastInsertId: Number(info.lastInsertRowid) };
  }

  /** See `waitsForLocks` for which statements wait for locks here rather than in SQLite. */
  execute(q: DriverQuery): Promise<RawResult> {
    return waitsForLocks(q, this.transactionMode)
      ? retryWhileBusy(() => this.executeOnce(q), this.busyTimeout)
      : this.executeOnce(q);
  }

  answersNow(q: DriverQuery): boolean {
    return !waitsForLocks(q, this.transactionMode);
  }

  executeNow(q: DriverQuery): RawResult {
    try {
      return this.run(q, q.params);
    } catch (e) {
      throw withErrno(e);
    }
  }

  private executeOnce(q: DriverQuery): Promise<RawResult> {
    try {
      return Promise.resolve(this.run(q, q.params));
    } catch (e) {
      return failed(e);
    }
  }

  executeMany(q: DriverQuery, paramSets: readonly (readonly unknown[])[]): Promise<RawResult> {
    try {
      const rows: RawRow[] = [];
      let rowCount = 0;
      for (const params of paramSets) {
        const r = this.run(q, params);
        for (const row of r.rows) rows.push(row);
        rowCount += r.rowCount;
      }
      return Promise.resolve({ rows, rowCount });
    } catch (e) {
      return failed(e);
    }
  }

  async *stream(q: DriverQuery): AsyncIterable<RawRow> {
    // A fresh statement: a cached one may be in use again before this loop ends. The Connection
    // runs nothing else on this connection while the stream is open (SQLite could not write).
    let rows: IterableIterator<RawRow>;
    let build: RowBuilder | undefined;
    try {
      // The cached statement's builder when there is one (no new function per stream).
      const cached = this.statements.get(q.sql);
      let stmt: Statement;
      if (cached === undefined) ({ stmt, build } = prepare(this.db, q.sql, 0));
      else {
        stmt = this.db.prepare<unknown[], RawRow>(q.sql);
        build = cached.build;
        if (build !== undefined) stmt.raw(true);
      }
      rows = stmt.iterate(bindable(q.params));
    } catch (e) {
      throw withErrno(e);
    }
    try {
      for (;;) {
        let r: IteratorResult<RawRow>;
        try {
          r = rows.next();
        } catch (e) {
          throw withErrno(e);
        }
        if (r.done === true) return;
        yield build === undefined ? r.value : build(r.value as unknown as unknown[]);
      }
    } finally {
      rows.return?.();
    }
  }

  async ping(): Promise<void> {
    await this.execute({ sql: 'SELECT 1', params: [], returnsRows: true, autoCommit: true });
  }

  close(): Promise<void> {
    this.broken = true;
    this.statements.clear();
    try {
      this.db.close();
      return Promise.resolve();
    } catch (e) {
      return failed(e);
    }
  }
}

/**
 * SQLite through `better-sqlite3`, picked by `sqlite+better-sqlite3://` URLs (same paths as
 * `sqlite://`). Same dialect, pragmas and error classes as the default `sqlite3` driver; statements
 * run synchronously in the calling thread (no worker hop), with prepared statements cached per
 * connection. The same `journal_mode`, `transaction_mode` and `busy_timeout` options.
 * @example createEngine('sqlite+better-sqlite3:///app.db')
 */
export const betterSqliteDriver: Driver = {
  name: 'better-sqlite3',
  packageName: 'better-sqlite3',
  connect(url: EngineUrl, connectArgs): Promise<DriverConnection> {
    try {
      const Database = loadModule<typeof BetterSqlite3>(
        'better-sqlite3',
        `${url.scheme}+better-sqlite3:// URLs`,
      );
      const filename = url.database ?? ':memory:';
      const options = sqliteConnectOptions(url, connectArgs);
      const db = new Database(filename, { readonly: url.query['mode'] === 'ro' });
      const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
      const conn = new BetterSqliteConnection(db, version, options.transactionMode, options.busyTimeout);
      for (const pragma of connectPragmas(options)) db.pragma(pragma);
      return Promise.resolve(conn);
    } catch (e) {
      return failed(e);
    }
  },
  classify(error: unknown): ErrorClassification {
    // Extended result codes (SQLITE_CONSTRAINT_UNIQUE) classify as their primary code, as sqlite3's.
    const e = error as { code?: unknown; message?: unknown } | null;
    const code = primaryCode(e?.code);
    if (code === undefined) {
      const closed = /database connection is not open|database is closed/i.test(String(e?.message ?? ''));
      if (closed) return sqliteDriver.classify({ code: '', message: 'Database is closed' });
      return sqliteDriver.classify(error);
    }
    return sqliteDriver.classify({ code, message: e?.message });
  },
};
