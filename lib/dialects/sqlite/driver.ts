import type { Database, Statement } from 'sqlite3';
import {
  classified,
  errorCode,
  errorMessage,
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
import { sqliteConnectOptions, type TransactionMode } from './connect-options';
import { beginStatements, connectPragmas, retryWhileBusy, waitsForLocks } from './lock-wait';

/** Text statements carry no kind: read rows for anything that can return them. */
const ROW_STATEMENT = /^\s*(select|with|values|pragma|explain)\b|\breturning\b/i;

type RunInfo = { changes: number; lastID: number };

/** Prepared reading statements kept per connection. */
const STATEMENT_CACHE_SIZE = 200;

const ignore = (): void => undefined;

class SqliteConnection implements DriverConnection {
  broken = false;
  readonly serverVersion: string;
  readonly sessionId = undefined;
  /**
   * Prepared statements of reads, by SQL text. `Database#all` prepares, steps and finalizes a
   * statement per call, and the caller waits for two trips to sqlite3's worker thread; a kept
   * statement answers in one. Each is reset right after its rows are read (queued behind them,
   * not waited for): a statement that is not reset may keep SQLite's read lock, and another
   * connection's COMMIT would get SQLITE_BUSY.
   */
  private readonly statements = new Map<string, { readonly stmt: Statement; used: number }>();
  /** Counts uses: a hit only stamps its entry, the least recent is found by a scan on a miss. */
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

  private wantsRows(q: DriverQuery): boolean {
    return q.returnsRows && (q.outBinds !== undefined || ROW_STATEMENT.test(q.sql));
  }

  /** See `waitsForLocks` for which statements wait for locks here rather than in SQLite. */
  execute(q: DriverQuery): Promise<RawResult> {
    return waitsForLocks(q, this.transactionMode)
      ? retryWhileBusy(() => this.executeOnce(q), this.busyTimeout)
      : this.executeOnce(q);
  }

  private executeOnce(q: DriverQuery): Promise<RawResult> {
    const params = q.params as unknown[];
    if (this.wantsRows(q)) {
      const kept = this.statements.get(q.sql);
      if (kept !== undefined) {
        kept.used = ++this.tick;
        return this.readAll(kept.stmt, q.sql, params);
      }
      return this.prepare(q.sql, []).then((stmt) => {
        this.keep(q.sql, stmt);
        return this.readAll(stmt, q.sql, params);
      });
    }
    // Not kept: stepped once for its count, a statement could stop at a row and hold its lock.
    return new Promise((resolve, reject) => {
      this.db.run(q.sql, params, function (this: RunInfo, err: Error | null) {
        if (err) reject(err);
        else resolve({ rows: [], rowCount: this.changes, lastInsertId: this.lastID });
      });
    });
  }

  /** Every row of a kept statement, which is reset behind them (see `statements`). */
  private readAll(stmt: Statement, sql: string, params: unknown[]): Promise<RawResult> {
    return new Promise((resolve, reject) => {
      stmt.all<RawRow>(params, (err, rows) => {
        if (err) {
          // Not kept after a failure: prepared again next time, as Database#all would.
          if (this.statements.get(sql)?.stmt === stmt) this.statements.delete(sql);
          stmt.finalize(ignore);
          reject(err);
        } else {
          resolve({ rows, rowCount: rows.length });
        }
      });
      stmt.reset(ignore);
    });
  }

  private keep(sql: string, stmt: Statement): void {
    const old = this.statements.get(sql);
    if (old !== undefined) old.stmt.finalize(ignore);
    else if (this.statements.size >= STATEMENT_CACHE_SIZE) this.evictLeastRecent();
    this.statements.set(sql, { stmt, used: ++this.tick });
  }

  /** On a miss only; the evicted statement is idle (statements on a connection run one at a time). */
  private evictLeastRecent(): void {
    const oldest = leastRecentKey(this.statements);
    if (oldest === undefined) return;
    this.statements.get(oldest)!.stmt.finalize(ignore);
    this.statements.delete(oldest);
  }

  async executeMany(q: DriverQuery, paramSets: readonly (readonly unknown[])[]): Promise<RawResult> {
    // One prepared statement stepped once per parameter set: no re-parse per row.
    const stmt = await this.prepare(q.sql, []);
    const rows: RawRow[] = [];
    let rowCount = 0;
    const wantsRows = this.wantsRows(q);
    try {
      for (const params of paramSets) {
        if (wantsRows) {
          const r = await new Promise<RawRow[]>((resolve, reject) =>
            stmt.all<RawRow>(params as unknown[], (err, out) => (err ? reject(err) : resolve(out))),
          );
          rows.push(...r);
          rowCount += r.length;
        } else {
          rowCount += await new Promise<number>((resolve, reject) =>
            stmt.run(params as unknown[], function (this: RunInfo, err: Error | null) {
              if (err) reject(err);
              else resolve(this.changes);
            }),
          );
        }
      }
    } finally {
      await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    }
    return { rows, rowCount };
  }

  private prepare(sql: string, params: readonly unknown[]): Promise<Statement> {
    return new Promise((resolve, reject) => {
      const stmt = this.db.prepare(sql, params as unknown[], (err: Error | null) =>
        err ? reject(err) : resolve(stmt),
      );
    });
  }

  async *stream(q: DriverQuery, batchSize: number): AsyncIterable<RawRow> {
    // A prepared statement stepped one row at a time (sqlite3's each() has no back-pressure).
    const stmt = await this.prepare(q.sql, q.params);
    const next = (): Promise<RawRow | undefined> =>
      new Promise((resolve, reject) => stmt.get<RawRow>((err, row) => (err ? reject(err) : resolve(row))));
    try {
      // Queue a few steps ahead: sqlite3 serializes them on its worker, one row each.
      const ahead = Math.max(1, Math.min(batchSize, 1000));
      const pending: Promise<RawRow | undefined>[] = [];
      for (let i = 0; i < ahead; i++) pending.push(next());
      for (;;) {
        const row = await pending.shift()!;
        if (row === undefined) break;
        pending.push(next());
        yield row;
      }
      await Promise.allSettled(pending);
    } finally {
      await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    }
  }

  async ping(): Promise<void> {
    await this.execute({ sql: 'SELECT 1', params: [], returnsRows: true, autoCommit: true });
  }

  async close(): Promise<void> {
    this.broken = true;
    const kept = [...this.statements.values()].map((entry) => entry.stmt);
    this.statements.clear();
    // sqlite3 does not close a database whose statements are not finalized.
    await Promise.all(kept.map((stmt) => new Promise<void>((resolve) => stmt.finalize(() => resolve()))));
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

/**
 * SQLite through `sqlite3`, with foreign keys enforced and a busy timeout (5 s, or `busy_timeout`).
 * For concurrent sessions on a database file, give `pool.max` above 1: the file is then switched to
 * WAL and transactions begin IMMEDIATE unless the URL (`journal_mode`, `transaction_mode`) or
 * `connectArgs` (`journalMode`, `transactionMode`, `busyTimeout`) say otherwise.
 * @example createEngine('sqlite://') // in memory
 * @example createEngine('sqlite:///app.db', { pool: { max: 5 } }) // WAL, BEGIN IMMEDIATE
 */
export const sqliteDriver: Driver = {
  name: 'sqlite3',
  packageName: 'sqlite3',
  async connect(url: EngineUrl, connectArgs): Promise<DriverConnection> {
    const sqlite3 = loadModule<typeof import('sqlite3')>('sqlite3', `${url.scheme}:// URLs`);
    const filename = url.database ?? ':memory:';
    const mode =
      url.query['mode'] === 'ro'
        ? sqlite3.OPEN_READONLY
        : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE | sqlite3.OPEN_FULLMUTEX;
    const db = await new Promise<Database>((resolve, reject) => {
      const d: Database = new sqlite3.Database(filename, mode, (err) => (err ? reject(err) : resolve(d)));
    });
    const options = sqliteConnectOptions(url, connectArgs);
    const conn = new SqliteConnection(db, sqlite3.VERSION, options.transactionMode, options.busyTimeout);
    for (const pragma of connectPragmas(options)) {
      await conn.execute({ sql: `PRAGMA ${pragma}`, params: [], returnsRows: false, autoCommit: true });
    }
    return conn;
  },
  classify(error: unknown): ErrorClassification {
    const code = errorCode(error) ?? '';
    const message = errorMessage(error);
    switch (code) {
      case 'SQLITE_CONSTRAINT':
        return classified.integrity;
      case 'SQLITE_MISMATCH':
      case 'SQLITE_TOOBIG':
        return classified.data;
      case 'SQLITE_BUSY':
        return classified.busy;
      case 'SQLITE_LOCKED':
      case 'SQLITE_IOERR':
      case 'SQLITE_FULL':
      case 'SQLITE_CANTOPEN':
      case 'SQLITE_READONLY':
      case 'SQLITE_INTERRUPT':
        return classified.operational;
      case 'SQLITE_NOTADB':
      case 'SQLITE_CORRUPT':
        return classified.disconnect;
      case 'SQLITE_RANGE':
        return classified.programming;
      case 'SQLITE_ERROR':
        return /syntax error|no such (table|column|function)|already exists|has no column/i.test(message)
          ? classified.programming
          : classified.database;
      default:
        return /SQLITE_MISUSE|Database is closed/i.test(message)
          ? classified.disconnect
          : classified.database;
    }
  },
};
