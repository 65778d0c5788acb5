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
import { loadModule } from '../../drivers/load-module';
import type { EngineUrl } from '../../drivers/engine-url';
import { sqliteConnectOptions, type TransactionMode } from './connect-options';
import { beginStatements, connectPragmas, retryWhileBusy, waitsForLocks } from './lock-wait';

/** Text statements carry no kind: read rows for anything that can return them. */
const ROW_STATEMENT = /^\s*(select|with|values|pragma|explain)\b|\breturning\b/i;
/** Statements that finish in their first step when they return no rows (stepped once for a count). */
const ONE_STEP = /^\s*(insert|update|delete|replace|begin|commit|end|rollback|savepoint|release)\b/i;

type RunInfo = { changes: number; lastID: number };

/** Prepared statements kept per connection, as for better-sqlite3. */
const STATEMENT_CACHE_SIZE = 200;

const ignore = (): void => undefined;

interface CachedStatement {
  readonly stmt: Statement;
  /** `ROW_STATEMENT` of its SQL, tested once. */
  readonly rowish: boolean;
  used: number;
}

class SqliteConnection implements DriverConnection {
  broken = false;
  readonly serverVersion: string;
  readonly sessionId = undefined;
  /**
   * Prepared statements by SQL text, in insertion order, each with its last use: `Database#all`
   * and `#run` prepare, step and finalize a statement per call, three trips to sqlite3's worker
   * thread where a cached statement takes one.
   */
  private readonly statements = new Map<string, CachedStatement>();
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

  private wantsRows(q: DriverQuery, rowish = ROW_STATEMENT.test(q.sql)): boolean {
    return q.returnsRows && (q.outBinds !== undefined || rowish);
  }

  /** See `waitsForLocks` for which statements wait for locks here rather than in SQLite. */
  execute(q: DriverQuery): Promise<RawResult> {
    return waitsForLocks(q, this.transactionMode)
      ? retryWhileBusy(() => this.executeOnce(q), this.busyTimeout)
      : this.executeOnce(q);
  }

  private executeOnce(q: DriverQuery): Promise<RawResult> {
    const cached = this.statements.get(q.sql);
    if (cached !== undefined) {
      cached.used = ++this.tick;
      return this.step(cached.stmt, q, this.wantsRows(q, cached.rowish));
    }
    const rowish = ROW_STATEMENT.test(q.sql);
    const wantsRows = this.wantsRows(q, rowish);
    // Kept: statements read to their end, and those done in one step. Any other, stepped once,
    // could stop at a row and stay active (holding its lock) until finalized; DDL is rare.
    if (!wantsRows && (rowish || !ONE_STEP.test(q.sql))) return this.stepOnce(q);
    return this.prepare(q.sql, []).then((stmt) => {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.evictLeastRecent();
      this.statements.set(q.sql, { stmt, rowish, used: ++this.tick });
      return this.step(stmt, q, wantsRows);
    });
  }

  /** One run of a prepared statement: every row read, or stepped once for its count. */
  private step(stmt: Statement, q: DriverQuery, wantsRows: boolean): Promise<RawResult> {
    const params = q.params as unknown[];
    return new Promise((resolve, reject) => {
      if (wantsRows) {
        stmt.all<RawRow>(params, (err, rows) =>
          err ? reject(err) : resolve({ rows, rowCount: rows.length }),
        );
      } else {
        stmt.run(params, function (this: RunInfo, err: Error | null) {
          if (err) reject(err);
          else resolve({ rows: [], rowCount: this.changes, lastInsertId: this.lastID });
        });
      }
    });
  }

  /** A statement prepared, stepped once and finalized (not cached). */
  private stepOnce(q: DriverQuery): Promise<RawResult> {
    return new Promise((resolve, reject) => {
      this.db.run(q.sql, q.params as unknown[], function (this: RunInfo, err: Error | null) {
        if (err) reject(err);
        else resolve({ rows: [], rowCount: this.changes, lastInsertId: this.lastID });
      });
    });
  }

  /** On a miss only; the evicted statement is idle (statements on a connection run one at a time). */
  private evictLeastRecent(): void {
    let oldest: string | undefined;
    let least = Infinity;
    for (const [sql, entry] of this.statements) {
      if (entry.used < least) {
        least = entry.used;
        oldest = sql;
      }
    }
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
    const statements = [...this.statements.values()];
    this.statements.clear();
    // sqlite3 refuses to close a database with statements not finalized.
    await Promise.all(
      statements.map(({ stmt }) => new Promise<void>((resolve) => stmt.finalize(() => resolve()))),
    );
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

/**
 * SQLite through `sqlite3`, with foreign keys enforced, a busy timeout (5 s, or `busy_timeout`) and
 * prepared statements cached per connection.
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
