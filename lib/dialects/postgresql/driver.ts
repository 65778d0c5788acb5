import type { Client, CustomTypesConfig, Query, QueryResult } from 'pg';
import {
  classified,
  errorCode,
  executeEach,
  errorMessage,
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
import { postgresqlTls } from './tls';
import { StatementCache, statementCacheSize } from './statement-cache';
import { timestampTextMillis } from './timestamp-text';

/** The port PostgreSQL listens on unless configured otherwise. @internal */
export const POSTGRESQL_PORT = 5432;

const OID = { int8: 20, timestamp: 1114, timestamptz: 1184, date: 1082 } as const;

/** Naive timestamps hold UTC wall time (see DateTimeType), so read them as UTC. */
function parseNaiveTimestamp(s: string): Date | string {
  const millis = timestampTextMillis(s);
  if (millis !== undefined) return new Date(millis);
  if (s === 'infinity' || s === '-infinity') return s;
  return new Date(`${s.replace(' ', 'T')}Z`);
}

/** `timestamptz` text: the common shape read directly, anything else by `pg`'s own parser. */
function timestamptzParser(general: (s: string) => unknown): (s: string) => unknown {
  return (s) => {
    const millis = timestampTextMillis(s);
    return millis !== undefined ? new Date(millis) : general(s);
  };
}

/**
 * A timestamp parser for one column of one result (`pg` asks for a parser per column of each
 * result): a text equal to the previous row's is not parsed again, as a joined load repeats its
 * parent's columns on each of its children's rows. Each row still gets a Date of its own (Dates
 * are mutable); the time is kept as a number, so mutating a Date already read changes nothing.
 */
function repeatAwareTimestamps(parse: (s: string) => unknown): (s: string) => unknown {
  let lastText: string | undefined;
  let lastIsDate = false;
  let lastTime = 0;
  /** The previous value when not a Date ('infinity', null): immutable, returned as is. */
  let last: unknown;
  return (s) => {
    if (s === lastText) return lastIsDate ? new Date(lastTime) : last;
    const v = parse(s);
    lastText = s;
    lastIsDate = v instanceof Date;
    if (v instanceof Date) lastTime = v.getTime();
    else last = v;
    return v;
  };
}

function typeParsers(pg: typeof import('pg')): CustomTypesConfig {
  const identity = (s: string): string => s;
  const parseTimestamptz = timestamptzParser(
    pg.types.getTypeParser(OID.timestamptz, 'text') as (s: string) => unknown,
  );
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (format !== 'binary') {
        if (oid === OID.timestamp) return repeatAwareTimestamps(parseNaiveTimestamp);
        if (oid === OID.timestamptz) return repeatAwareTimestamps(parseTimestamptz);
        if (oid === OID.date || oid === OID.int8) return identity;
      }
      return pg.types.getTypeParser(oid, format ?? 'text');
    }) as CustomTypesConfig['getTypeParser'],
  };
}

/**
 * `pg` sends each parameter as the text `String(v)` (array items too), and `String(-0)` is '0':
 * a JavaScript −0 goes as '-0', which every numeric type reads (float8 keeps the sign), whatever
 * type the statement declares for it — a `text()` parameter has none. The array is copied only
 * when it holds a −0.
 */
function withNegativeZero(values: unknown[]): unknown[] {
  if (!values.some(holdsNegativeZero)) return values;
  return values.map(signedZero);
}

function holdsNegativeZero(v: unknown): boolean {
  return Object.is(v, -0) || (Array.isArray(v) && v.some(holdsNegativeZero));
}

function signedZero(v: unknown): unknown {
  if (Object.is(v, -0)) return '-0';
  return Array.isArray(v) && v.some(holdsNegativeZero) ? v.map(signedZero) : v;
}

/** pg's Query class (the one of the client's own copy of pg), with the name it is prepared under. */
type QueryClass = new (
  text: string,
  values: unknown[],
  callback: (err: Error | undefined, result: QueryResult<RawRow>) => void,
) => Query & { name?: string };

class PgConnection implements DriverConnection {
  broken = false;
  readonly serverVersion: string;
  readonly sessionId: number | undefined;

  /** SQL text → server-side prepared statement name, for statements this connection re-runs. */
  private readonly prepared: StatementCache;
  /** Evicted statements whose DEALLOCATE failed (in an aborted transaction): retried at the next eviction. */
  private unreleased: string[] = [];

  constructor(
    private readonly client: Client,
    private readonly types: CustomTypesConfig,
    cacheSize: number,
    private readonly Query: QueryClass,
  ) {
    this.prepared = new StatementCache(cacheSize);
    // An idle client whose backend dies emits 'error'; without a listener Node would crash.
    client.on('error', () => (this.broken = true));
    client.on('end', () => (this.broken = true));
    const meta = client as unknown as { processID?: number; serverVersion?: string };
    this.sessionId = meta.processID ?? undefined;
    this.serverVersion = meta.serverVersion ?? '';
  }

  /**
   * Parameterized statements run as named prepared statements, so a repeated statement skips
   * PostgreSQL's parse and plan (the ORM repeats its statement shapes). The connection keeps the
   * `statement_cache_size` most recently used ones; the least recently used is deallocated to make
   * room, which bounds server memory when texts vary (IN lists of many lengths). Not async: a
   * statement that evicts nothing (nearly all) costs one promise between pg and the caller.
   */
  execute(q: DriverQuery): Promise<RawResult> {
    const values = withNegativeZero(q.params as unknown[]);
    const name = values.length > 0 ? this.prepared.use(q.sql) : undefined;
    const evicted = this.prepared.takeEvicted();
    if (evicted === undefined) return this.query(q.sql, values, name);
    return this.deallocate([...this.unreleased.splice(0), evicted]).then(() =>
      this.query(q.sql, values, name),
    );
  }

  /**
   * One statement through pg; the result is made in pg's callback. pg's callback form, not its
   * promise form: with the promise form (pg 8.23.1) results stay reachable across young-generation
   * collections, so their rows are promoted to old space — measured on 3,000 selects of 100 rows:
   * scavenges of ~5 ms and old space growing ~2 MB per scavenge, against ~0.2 ms and a flat heap
   * with the callback form. The statement goes as a Query made from its text: given a config
   * object, pg copies it property by property (descriptors included) before making the same Query.
   */
  private query(text: string, values: unknown[], name: string | undefined): Promise<RawResult> {
    return new Promise<RawResult>((resolve, reject) => {
      const query = new this.Query(text, values, (err, r) =>
        err ? reject(err) : resolve({ rows: r.rows ?? [], rowCount: r.rowCount ?? r.rows?.length ?? 0 }),
      );
      if (name !== undefined) query.name = name;
      this.client.query(query);
    });
  }

  private async deallocate(names: readonly string[]): Promise<void> {
    // pg records the statements the server parsed; one whose Parse failed does not exist there,
    // and a DEALLOCATE of it would abort the open transaction.
    const parsed = (this.client as unknown as { connection?: { parsedStatements?: Record<string, string> } })
      .connection?.parsedStatements;
    for (const name of names) {
      if (parsed?.[name] === undefined) continue;
      try {
        await this.client.query(`DEALLOCATE ${name}`);
        delete parsed[name];
      } catch {
        if (this.broken) return;
        this.unreleased.push(name);
      }
    }
  }

  executeMany(q: DriverQuery, paramSets: readonly (readonly unknown[])[]): Promise<RawResult> {
    return executeEach(this, q, paramSets);
  }

  async *stream(q: DriverQuery, batchSize: number): AsyncIterable<RawRow> {
    // pg-cursor: a portal read `batchSize` rows at a time, so memory stays bounded.
    const Cursor = loadModule<typeof import('pg-cursor')>('pg-cursor', 'conn.stream() on PostgreSQL');
    const cursor = this.client.query(
      new Cursor<RawRow>(q.sql, withNegativeZero(q.params as unknown[]), { types: this.types }),
    );
    try {
      for (;;) {
        const rows = await cursor.read(batchSize);
        if (rows.length === 0) return;
        yield* rows;
      }
    } finally {
      if (!this.broken) await cursor.close().catch(() => undefined);
    }
  }

  async ping(): Promise<void> {
    await this.client.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.client.end();
  }

  destroy(): void {
    this.broken = true;
    // pg has no public hard close: end() sends Terminate and waits for a server that may be stalled.
    (
      this.client as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy();
  }
}

/**
 * SQLSTATEs an application acts on (retry, back off), each with its own error class. The servers
 * that speak PostgreSQL's protocol use the same two for their retryable conflicts: CockroachDB
 * sends every transaction retry error as 40001 with "restart transaction" in its message
 * (https://www.cockroachlabs.com/docs/v23.1/transaction-retry-error-reference), YugabyteDB its
 * serialization failures as 40001 and its deadlocks as 40P01
 * (https://docs.yugabyte.com/stable/develop/learn/transactions/transactions-errorcodes-ysql).
 * 40003 (statement_completion_unknown) is what CockroachDB sends when the commit of a transaction
 * (an explicit COMMIT, RELEASE of its savepoint, or the implicit commit of a single statement) was
 * not acknowledged: it was either committed or aborted as a whole and the server cannot tell which
 * ("result is ambiguous"; CockroachDB maps its AmbiguousResultError to 40003 and keeps the code for
 * that case only — https://github.com/cockroachdb/cockroach/commit/4550dac6c4afced94e484d9da6ba03cfbab9873c).
 * PostgreSQL itself never raises it.
 */
const SPECIFIC_STATES: Readonly<Record<string, ErrorClassification>> = {
  '40P01': classified.deadlock,
  '40001': classified.serialization,
  '40003': classified.commitOutcomeUnknown,
  '55P03': classified.lockTimeout,
  // 57014 is also a cancel by pg_cancel_backend(); its message says which.
  '57014': classified.statementTimeout,
};

/** SQLSTATE classes and codes → error kinds (PostgreSQL appendix A). */
function classifySqlState(state: string): ErrorClassification | undefined {
  const specific = SPECIFIC_STATES[state];
  if (specific !== undefined) return specific;
  const cls = state.slice(0, 2);
  if (cls === '23') return classified.integrity;
  if (cls === '22') return classified.data;
  if (cls === '42' || cls === '26' || cls === '34' || cls === '3F') return classified.programming;
  if (cls === '08' || state === '57P01' || state === '57P02' || state === '57P03')
    return classified.disconnect;
  if (cls === '40' || cls === '53' || cls === '55' || cls === '57' || cls === '58')
    return classified.operational;
  return undefined;
}

/**
 * PostgreSQL through `pg`: naive timestamps read as UTC, BIGINT / NUMERIC / DATE as strings, errors classified by SQLSTATE.
 * Each connection keeps its `statement_cache_size` (default 250; 0: none) most recently used
 * parameterized statements prepared on the server.
 * @example createEngine('postgresql://app@db/app?statement_cache_size=100')
 * @example createEngine('postgresql://postgres@127.0.0.1/test')
 */
export const pgDriver: Driver = {
  name: 'pg',
  packageName: 'pg',
  async connect(url: EngineUrl, connectArgs): Promise<DriverConnection> {
    const pg = loadModule<typeof import('pg')>('pg', `${url.scheme}:// URLs`);
    const types = typeParsers(pg);
    const { ssl, rest } = postgresqlTls(url.query);
    const cacheSize = statementCacheSize(rest, connectArgs);
    delete rest['statement_cache_size'];
    const { statementCacheSize: _cacheSize, ...clientArgs } = connectArgs;
    const client = new pg.Client({
      host: url.host ?? '127.0.0.1',
      port: url.port ?? POSTGRESQL_PORT,
      user: url.username,
      password: url.password,
      database: url.database,
      types,
      ...queryOptions(rest),
      ...(ssl === undefined ? {} : { ssl }),
      ...clientArgs,
    });
    await client.connect();
    return new PgConnection(client, types, cacheSize, pg.Query as unknown as QueryClass);
  },
  classify(error: unknown): ErrorClassification {
    const code = errorCode(error);
    if (code !== undefined) {
      if (SOCKET_ERRORS.has(code)) return classified.disconnect;
      if (/^[0-9A-Z]{5}$/.test(code)) return classifySqlState(code) ?? classified.database;
    }
    const message = errorMessage(error);
    if (/Connection terminated|Client has encountered a connection error|not queryable/i.test(message)) {
      return classified.disconnect;
    }
    // CockroachDB's retry errors, should one arrive without its SQLSTATE (wrapped by a proxy or pool).
    if (/\brestart transaction\b/i.test(message)) return classified.serialization;
    return classified.database;
  },
};
