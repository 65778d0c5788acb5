import type oracledbTypes from 'oracledb';
import type { ResultColumn } from '../../sql';
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

/** The port Oracle listens on unless configured otherwise. @internal */
export const ORACLE_PORT = 1521;

type OracleDb = typeof oracledbTypes;

class OracleConnection implements DriverConnection {
  readonly serverVersion: string;
  readonly sessionId = undefined;
  private readonly options: oracledbTypes.ExecuteOptions;
  private closed = false;

  constructor(
    private readonly db: OracleDb,
    private readonly conn: oracledbTypes.Connection,
  ) {
    this.serverVersion = conn.oracleServerVersionString;
    // CLOBs as strings and BLOBs as Buffers, fetched inline instead of as Lob streams.
    this.options = {
      outFormat: db.OUT_FORMAT_OBJECT,
      fetchTypeHandler: (meta) => {
        if (meta.dbType === db.DB_TYPE_CLOB || meta.dbType === db.DB_TYPE_NCLOB) return { type: db.STRING };
        if (meta.dbType === db.DB_TYPE_BLOB) return { type: db.BUFFER };
        return undefined;
      },
    };
  }

  get broken(): boolean {
    return this.closed || !this.conn.isHealthy();
  }

  /** Out-bind definitions for RETURNING … INTO, from the returned columns' types. */
  private outBind(col: ResultColumn): { dir: number; type: number; maxSize?: number } {
    const db = this.db;
    switch (col.type?.affinity) {
      case 'integer':
      case 'float':
      case 'boolean':
        return { dir: db.BIND_OUT, type: db.NUMBER };
      case 'bigint':
      case 'numeric':
        return { dir: db.BIND_OUT, type: db.STRING, maxSize: 64 };
      case 'datetime':
      case 'date':
        return { dir: db.BIND_OUT, type: db.DATE };
      case 'binary':
        return { dir: db.BIND_OUT, type: db.BUFFER, maxSize: 1 << 20 };
      default:
        return { dir: db.BIND_OUT, type: db.STRING, maxSize: 1 << 20 };
    }
  }

  async execute(q: DriverQuery): Promise<RawResult> {
    const outs = q.outBinds ?? [];
    const binds = outs.length ? [...q.params, ...outs.map((c) => this.outBind(c))] : q.params;
    const r = await this.conn.execute(q.sql, binds, { ...this.options, autoCommit: q.autoCommit });
    if (outs.length) return { rows: outRows(outs, r.outBinds), rowCount: r.rowsAffected ?? 0 };
    const rows = r.rows ?? [];
    return { rows, rowCount: r.rows ? rows.length : (r.rowsAffected ?? 0) };
  }

  async executeMany(q: DriverQuery, paramSets: readonly (readonly unknown[])[]): Promise<RawResult> {
    // Out-binds (RETURNING INTO) come back per execution: one statement per parameter set.
    if (q.outBinds?.length || paramSets.length === 0) return executeEach(this, q, paramSets);
    // oracledb's native array DML: one round trip for all parameter sets.
    const r = await this.conn.executeMany(q.sql, paramSets as unknown[], {
      autoCommit: q.autoCommit,
    });
    return { rows: [], rowCount: r.rowsAffected ?? 0 };
  }

  async *stream(q: DriverQuery, batchSize: number): AsyncIterable<RawRow> {
    const r = await this.conn.execute(q.sql, q.params, {
      ...this.options,
      autoCommit: q.autoCommit,
      resultSet: true,
      fetchArraySize: batchSize,
    });
    const rs = r.resultSet!;
    try {
      for (;;) {
        const rows = await rs.getRows(batchSize);
        if (rows.length === 0) return;
        yield* rows;
      }
    } finally {
      await rs.close().catch(() => undefined);
    }
  }

  async ping(): Promise<void> {
    await this.conn.ping();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.conn.close();
  }
}

/** RETURNING INTO gives one array per out-bind (one value per affected row): zip them into rows. */
function outRows(cols: readonly ResultColumn[], outBinds: unknown): RawRow[] {
  const arrays = (outBinds as unknown[][] | undefined) ?? [];
  const n = Math.max(0, ...arrays.map((a) => (Array.isArray(a) ? a.length : 1)));
  const rows: RawRow[] = [];
  for (let i = 0; i < n; i++) {
    const row: RawRow = {};
    cols.forEach((c, j) => {
      const a = arrays[j];
      row[c.name] = Array.isArray(a) ? a[i] : a;
    });
    rows.push(row);
  }
  return rows;
}

/** ORA- numbers → kinds. */
const ORA: Record<number, ErrorClassification> = {
  1: classified.integrity, // unique constraint
  1400: classified.integrity, // cannot insert NULL
  1407: classified.integrity,
  2290: classified.integrity, // check constraint
  2291: classified.integrity, // FK: parent key not found
  2292: classified.integrity, // FK: child record found
  1438: classified.data, // value larger than precision
  12899: classified.data, // value too large for column
  1722: classified.data, // invalid number
  1858: classified.data,
  1840: classified.data,
  1841: classified.data,
  1476: classified.data, // divisor is zero
  900: classified.programming,
  904: classified.programming, // invalid identifier
  933: classified.programming,
  936: classified.programming,
  942: classified.programming, // table or view does not exist
  955: classified.programming, // name already used
  60: classified.operational, // deadlock
  54: classified.operational, // resource busy
  1013: classified.operational, // cancelled
  1017: classified.operational, // bad login
  28: classified.disconnect, // session killed
  1012: classified.disconnect, // not logged on
  3113: classified.disconnect, // end-of-file on communication channel
  3114: classified.disconnect,
  3135: classified.disconnect,
  12170: classified.disconnect,
  12541: classified.disconnect,
};

/**
 * Oracle through `oracledb` in thin mode; the URL's database is the service name (default FREEPDB1).
 * @example createEngine('oracle://system:secret@127.0.0.1/FREEPDB1')
 */
export const oracleDriver: Driver = {
  name: 'oracledb',
  packageName: 'oracledb',
  async connect(url: EngineUrl, connectArgs): Promise<DriverConnection> {
    const db = loadModule<OracleDb>('oracledb', `${url.scheme}:// URLs`); // thin mode: the default, no Instant Client needed
    const host = url.host ?? '127.0.0.1';
    const conn = await db.getConnection({
      user: url.username,
      password: url.password,
      connectString: `${host}:${url.port ?? ORACLE_PORT}/${url.database ?? 'FREEPDB1'}`,
      ...queryOptions(url.query),
      ...connectArgs,
    });
    return new OracleConnection(db, conn);
  },
  classify(error: unknown): ErrorClassification {
    const n = (error as { errorNum?: unknown } | null)?.errorNum;
    if (typeof n === 'number' && n > 0 && ORA[n] !== undefined) return ORA[n];
    const code = errorCode(error) ?? '';
    // NJS-500/501/503: connection to the database was lost or closed.
    if (SOCKET_ERRORS.has(code) || /^(NJS-50[0-9]|NJS-003|DPI-1080|DPI-1010)$/.test(code)) {
      return classified.disconnect;
    }
    return classified.database;
  },
};
