import type mssqlTypes from 'mssql';
import {
  classified,
  errorCode,
  executeEach,
  queryOptions,
  SOCKET_ERRORS,
  type Driver,
  type DriverConnection,
  type DriverQuery,
  type ErrorClassification,
  type RawResult,
  type RawRow,
} from '../../drivers/driver';
import { loadModule } from '../../drivers/load-module';
import type { EngineUrl } from '../../drivers/engine-url';

/** The port SQL Server listens on unless configured otherwise. @internal */
export const MSSQL_PORT = 1433;

type Mssql = typeof mssqlTypes;

/**
 * One SQL Server session. `mssql` pools on its own; each of our connections is an mssql pool of
 * exactly one tedious connection, so session state (transactions) stays on it.
 */
class MssqlConnection implements DriverConnection {
  broken = false;
  serverVersion = '';
  sessionId: number | undefined;

  constructor(private readonly pool: mssqlTypes.ConnectionPool) {
    pool.on('error', () => (this.broken = true));
  }

  private request(params: readonly unknown[]): mssqlTypes.Request {
    const req = this.pool.request();
    for (let i = 0; i < params.length; i++) req.input(`p${i + 1}`, params[i]);
    return req;
  }

  async execute(q: DriverQuery): Promise<RawResult> {
    const r = await this.request(q.params).query(q.sql);
    const rows = r.recordset ?? [];
    const affected = r.rowsAffected.reduce((a, b) => a + b, 0);
    return { rows, rowCount: rows.length > 0 ? rows.length : affected };
  }

  executeMany(q: DriverQuery, paramSets: readonly (readonly unknown[])[]): Promise<RawResult> {
    return executeEach(this, q, paramSets);
  }

  async *stream(q: DriverQuery, batchSize: number): AsyncIterable<RawRow> {
    // mssql's streaming request emits rows; pause it when `batchSize` rows are waiting.
    const req = this.request(q.params);
    req.stream = true;
    const buffer: RawRow[] = [];
    let done = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    req.on('row', (row) => {
      buffer.push(row);
      if (buffer.length >= batchSize) req.pause();
      notify();
    });
    req.on('error', (err) => {
      failure = err;
      notify();
    });
    req.on('done', () => {
      done = true;
      notify();
    });
    void req.query(q.sql).catch(() => undefined);
    try {
      for (;;) {
        if (buffer.length > 0) {
          yield buffer.shift()!;
          if (buffer.length === 0) req.resume();
          continue;
        }
        if (failure !== undefined) throw failure;
        if (done) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      if (!done) {
        req.cancel();
        req.resume();
      }
    }
  }

  async ping(): Promise<void> {
    await this.pool.request().query('SELECT 1');
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.pool.close();
  }
}

/** SQL Server error numbers → kinds. */
const NUMBERS: Record<number, ErrorClassification> = {
  2627: classified.integrity, // unique constraint
  2601: classified.integrity, // unique index
  547: classified.integrity, // FK or check constraint
  515: classified.integrity, // cannot insert NULL
  8152: classified.data, // string truncated
  2628: classified.data,
  8115: classified.data, // arithmetic overflow
  220: classified.data,
  245: classified.data, // conversion failed
  8114: classified.data,
  241: classified.data,
  242: classified.data,
  8134: classified.data, // divide by zero
  13609: classified.data, // invalid JSON
  102: classified.programming, // syntax
  156: classified.programming,
  207: classified.programming, // invalid column
  208: classified.programming, // invalid object
  2714: classified.programming, // already exists
  3701: classified.programming,
  1205: classified.operational, // deadlock victim
  1222: classified.operational, // lock timeout
  18456: classified.operational, // login failed
  596: classified.disconnect, // session killed
  6005: classified.disconnect, // shutdown in progress
};

/**
 * SQL Server through `mssql` (tedious); each connection is a one-connection mssql pool.
 * @example createEngine('mssql://sa:secret@127.0.0.1/master')
 */
export const mssqlDriver: Driver = {
  name: 'mssql',
  packageName: 'mssql',
  async connect(url: EngineUrl, connectArgs): Promise<DriverConnection> {
    const mssql = loadModule<Mssql>('mssql', `${url.scheme}:// URLs`);
    const { encrypt, trustServerCertificate, ...rest } = queryOptions(url.query);
    const pool = new mssql.ConnectionPool({
      server: url.host ?? '127.0.0.1',
      port: url.port ?? MSSQL_PORT,
      user: url.username,
      password: url.password,
      database: url.database,
      pool: { min: 0, max: 1 },
      options: {
        encrypt: encrypt ?? false,
        trustServerCertificate: trustServerCertificate ?? true,
        useUTC: true,
        ...rest,
      },
      ...connectArgs,
    });
    await pool.connect();
    const conn = new MssqlConnection(pool);
    const info = await conn.execute({
      sql: 'SELECT @@VERSION AS v, @@SPID AS spid',
      params: [],
      returnsRows: true,
      autoCommit: true,
    });
    conn.serverVersion = String(info.rows[0]?.['v'] ?? '');
    conn.sessionId = Number(info.rows[0]?.['spid']);
    return conn;
  },
  classify(error: unknown): ErrorClassification {
    const e = error as { number?: unknown; originalError?: { info?: { number?: unknown } } } | null;
    const n = typeof e?.number === 'number' ? e.number : e?.originalError?.info?.number;
    if (typeof n === 'number' && NUMBERS[n] !== undefined) return NUMBERS[n];
    const code = errorCode(error);
    if (code !== undefined) {
      if (SOCKET_ERRORS.has(code) || ['ESOCKET', 'ECONNCLOSED', 'ENOTOPEN', 'ECLOSE'].includes(code)) {
        return classified.disconnect;
      }
      if (code === 'ETIMEOUT' || code === 'ELOGIN' || code === 'ECANCEL') return classified.operational;
    }
    return classified.database;
  },
};
