import type { Connection, ExecuteValues, QueryError, ResultSetHeader } from 'mysql2';
import type { DialectName } from '../../sql';
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
import { mysqlTls } from './tls';

/** The port MySQL and MariaDB listens on unless configured otherwise. @internal */
export const MYSQL_PORT = 3306;

type QueryOutcome = RawRow[] | ResultSetHeader;

/** Prepared statements one connection keeps on the server. */
const MAX_PREPARED_STATEMENTS = 256;

/**
 * mysql2's `queryFormat` hook, which its `query()` calls to splice values into SQL text. Athanor
 * never passes values to `query()`; should any path do so, it fails instead of escaping them
 * client-side (which is unsafe when the server's sql_mode has NO_BACKSLASH_ESCAPES).
 */
function refuseClientInterpolation(sql: string, values: unknown): string {
  if (values === undefined || (Array.isArray(values) && values.length === 0)) return sql;
  throw new Error('mysql2 client-side interpolation is disabled: values must be bound server-side');
}

/** What a value adds to a statement packet, at least: the server refuses packets past max_allowed_packet. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Buffer.isBuffer(value)) return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/** valueBytes() or more, without encoding strings: a UTF-16 code unit is at most 3 UTF-8 bytes. */
function valueBytesAtMost(value: unknown): number {
  if (typeof value === 'string') return value.length * 3;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/**
 * The bytes of a statement's packet, at least, when it may exceed `limit`; 0 when it surely does
 * not (the common case: a bound computed from string lengths settles it without encoding them).
 */
function packetBytesBeyond(sql: string, params: readonly unknown[], limit: number): number {
  let most = params.length === 0 ? sql.length * 3 : 0;
  for (let i = 0; i < params.length; i++) most += valueBytesAtMost(params[i]);
  if (most <= limit) return 0;
  let bytes = params.length === 0 ? Buffer.byteLength(sql, 'utf8') : 0;
  for (let i = 0; i < params.length; i++) bytes += valueBytes(params[i]);
  return bytes > limit ? bytes : 0;
}

/**
 * The error a statement larger than max_allowed_packet gets before it is sent: the server would
 * close the connection on it, and mysql2 then reports only ECONNRESET. Errno 1153 is the server's
 * own ER_NET_PACKET_TOO_LARGE, so both are classified alike.
 */
function packetTooLarge(bytes: number, limit: number): Error {
  return Object.assign(
    new Error(
      `the statement's packet is at least ${bytes} bytes, more than the server's max_allowed_packet ` +
        `(${limit} bytes); nothing was sent. Raise max_allowed_packet on the server or store smaller values`,
    ),
    { code: 'ER_NET_PACKET_TOO_LARGE', errno: 1153, maxAllowedPacket: limit, packetBytes: bytes },
  );
}

class MysqlConnection implements DriverConnection {
  broken = false;
  serverVersion = '';
  /** The server's max_allowed_packet (read at connect; the session value cannot change). */
  maxAllowedPacket = Number.POSITIVE_INFINITY;
  readonly sessionId: number;

  constructor(private readonly conn: Connection) {
    this.sessionId = conn.threadId;
    // A server-side KILL or a dropped socket surfaces here when the connection is idle.
    conn.on('error', () => (this.broken = true));
    conn.on('end', () => (this.broken = true));
  }

  /**
   * Runs one statement. With values it is a server-side prepared statement (mysql2's `execute`,
   * its statements kept in a bounded LRU that closes the evicted ones): the values travel in the
   * binary protocol and are never escaped into SQL text, which would be wrong under
   * NO_BACKSLASH_ESCAPES. Without values the text protocol runs the SQL as it is (every statement
   * kind, DDL and transaction control included, can go that way).
   */
  run(sql: string, params: readonly unknown[]): Promise<QueryOutcome> {
    const tooMany = packetBytesBeyond(sql, params, this.maxAllowedPacket);
    if (tooMany > 0) return Promise.reject(packetTooLarge(tooMany, this.maxAllowedPacket));
    return new Promise((resolve, reject) => {
      const done = (err: QueryError | null, result: unknown): void => {
        if (err) {
          if (err.fatal) this.broken = true;
          reject(err);
        } else resolve(result as QueryOutcome);
      };
      if (params.length === 0) this.conn.query(sql, done);
      else this.conn.execute(sql, params as ExecuteValues[], done);
    });
  }

  async execute(q: DriverQuery): Promise<RawResult> {
    const r = await this.run(q.sql, q.params);
    if (Array.isArray(r)) return { rows: r, rowCount: r.length };
    return { rows: [], rowCount: r.affectedRows, lastInsertId: r.insertId || undefined };
  }

  executeMany(q: DriverQuery, paramSets: readonly (readonly unknown[])[]): Promise<RawResult> {
    return executeEach(this, q, paramSets);
  }

  async *stream(q: DriverQuery, batchSize: number): AsyncIterable<RawRow> {
    // mysql2's result stream pauses the socket when its buffer is full: bounded memory. Values
    // are bound server-side here too (a prepared statement), never escaped into the text.
    const command =
      q.params.length === 0 ? this.conn.query(q.sql) : this.conn.execute(q.sql, q.params as ExecuteValues[]);
    const stream = command.stream({ highWaterMark: batchSize });
    try {
      for await (const row of stream) yield row as RawRow;
    } finally {
      if (!stream.readableEnded) {
        // Leaving early: the rest of the result must still be read off the wire.
        stream.resume();
        await new Promise<void>((resolve) => {
          stream.once('end', resolve);
          stream.once('close', resolve);
          stream.once('error', () => resolve());
        });
      }
    }
  }

  ping(): Promise<void> {
    return new Promise((resolve, reject) => this.conn.ping((err) => (err ? reject(err) : resolve())));
  }

  destroy(): void {
    this.broken = true;
    this.conn.destroy();
  }

  close(): Promise<void> {
    if (this.broken) {
      this.conn.destroy();
      return Promise.resolve();
    }
    this.broken = true;
    return new Promise((resolve) => this.conn.end(() => resolve()));
  }
}

/** mysql2 errno → kind. MariaDB shares MySQL's numbers (plus 1927 and 4025). */
const ERRNO: Record<number, ErrorClassification> = {
  1062: classified.integrity, // duplicate entry
  1586: classified.integrity,
  1048: classified.integrity, // column cannot be null
  1364: classified.integrity, // no default value
  1216: classified.integrity,
  1217: classified.integrity,
  1451: classified.integrity, // FK: parent row referenced
  1452: classified.integrity, // FK: no parent row
  3819: classified.integrity, // MySQL check constraint
  4025: classified.integrity, // MariaDB check constraint
  1264: classified.data, // out of range
  1406: classified.data, // data too long
  1366: classified.data, // incorrect value
  1292: classified.data, // truncated incorrect value
  1265: classified.data,
  1365: classified.data, // division by 0
  3140: classified.data, // invalid JSON
  4038: classified.data,
  1064: classified.programming, // syntax
  1146: classified.programming, // no such table
  1054: classified.programming, // unknown column
  1050: classified.programming, // table exists
  1051: classified.programming, // unknown table
  1049: classified.programming, // unknown database
  1136: classified.programming,
  1149: classified.programming,
  1044: classified.operational, // access denied
  1045: classified.operational,
  1040: classified.operational, // too many connections
  1205: classified.lockTimeout, // lock wait timeout
  // Also TiDB's deadlock in pessimistic transactions (rolled back; retry):
  // https://docs.pingcap.com/tidb/stable/dev-guide-transaction-troubleshoot
  1213: classified.deadlock, // deadlock
  // TiDB's own numbers for a transaction rolled back by a conflict, which the application can retry
  // whole: https://docs.pingcap.com/tidb/v8.4/error-codes (no MySQL or MariaDB error uses them).
  8002: classified.serialization, // TiDB: a SELECT FOR UPDATE transaction met a commit conflict
  8005: classified.serialization, // TiDB: write conflict (optimistic transaction)
  8022: classified.serialization, // TiDB: commit failed and was rolled back
  8028: classified.serialization, // TiDB: a table's schema changed while the transaction ran
  9007: classified.serialization, // TiDB: write conflict in TiKV
  3024: classified.statementTimeout, // max execution time
  1969: classified.statementTimeout, // MariaDB statement timeout
  1053: classified.disconnect, // server shutdown
  1927: classified.disconnect, // MariaDB: connection was killed
  2006: classified.disconnect, // server has gone away
  2013: classified.disconnect, // lost connection during query
  1153: classified.packetTooLarge, // packet bigger than max_allowed_packet
};

/**
 * MySQL and MariaDB through `mysql2`; a MariaDB ≥ 10.5 server gets the `mariadb` dialect (RETURNING).
 * @example createEngine('mysql://root@127.0.0.1/test')
 */
export const mysqlDriver: Driver = {
  name: 'mysql2',
  packageName: 'mysql2',
  async connect(url: EngineUrl, connectArgs): Promise<DriverConnection> {
    const mysql = loadModule<typeof import('mysql2')>('mysql2', `${url.scheme}:// URLs`);
    const { ssl, rest } = mysqlTls(url.query);
    const conn = mysql.createConnection({
      host: url.host ?? '127.0.0.1',
      port: url.port ?? MYSQL_PORT,
      user: url.username,
      password: url.password,
      database: url.database,
      // Values come back as lib/sql's types expect them (see the README's values table).
      timezone: 'Z',
      dateStrings: ['DATE'],
      jsonStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      // Prepared statements kept per connection (LRU; evicted ones are closed on the server, whose
      // max_prepared_stmt_count is shared by every connection).
      maxPreparedStatements: MAX_PREPARED_STATEMENTS,
      ...queryOptions(rest),
      ...(ssl === undefined ? {} : { ssl }),
      ...connectArgs,
      // mysql2 must never escape a value into SQL text: values are bound by `execute` only.
      queryFormat: refuseClientInterpolation,
    });
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
    const connection = new MysqlConnection(conn);
    const version = await connection.run('SELECT VERSION() AS v, @@max_allowed_packet AS p', []);
    const row = (version as RawRow[])[0];
    connection.serverVersion = String(row?.['v'] ?? '');
    connection.maxAllowedPacket = Number(row?.['p'] ?? Number.POSITIVE_INFINITY);
    return connection;
  },
  resolveDialect(_url: EngineUrl, connection: DriverConnection): DialectName {
    // MariaDB ≥ 10.5 has INSERT … RETURNING: use its dialect even for a mysql:// URL.
    const m = /^(\d+)\.(\d+)/.exec(connection.serverVersion);
    const isMariadb = /mariadb/i.test(connection.serverVersion);
    const major = Number(m?.[1] ?? 0);
    const minor = Number(m?.[2] ?? 0);
    return isMariadb && (major > 10 || (major === 10 && minor >= 5)) ? 'mariadb' : 'mysql';
  },
  classify(error: unknown): ErrorClassification {
    const e = error as Partial<QueryError> | null;
    const errno = typeof e?.errno === 'number' ? e.errno : undefined;
    if (errno !== undefined && ERRNO[errno] !== undefined) return ERRNO[errno];
    const code = errorCode(error);
    if (e?.fatal || (code !== undefined && (SOCKET_ERRORS.has(code) || code.startsWith('PROTOCOL_')))) {
      return classified.disconnect;
    }
    const state = typeof e?.sqlState === 'string' ? e.sqlState : '';
    if (state.startsWith('23')) return classified.integrity;
    if (state.startsWith('22')) return classified.data;
    if (state.startsWith('42')) return classified.programming;
    if (state.startsWith('08')) return classified.disconnect;
    return classified.database;
  },
};
