import type { Dialect, DialectName, SchemaInspector } from '../sql';
import type { Driver } from './driver';
import type { EngineUrl, UrlStyle } from './engine-url';
import type { PoolOptions } from './pool';
import type { ReplicationPositions } from './replication/replication-positions';
import type { TransactionSql } from './transaction-sql';

/**
 * Everything Athanor knows about one database dialect, in one object: the SQL side (`name`,
 * `capabilities`, `preparer`, `types`, `statementCompiler`, `ddlCompiler`) and the runtime side (URL schemes, the client-library adapter,
 * transaction statements, pool rules). Each built-in dialect exports one from
 * `lib/dialects/<name>/index.ts`; `registerDialect` makes one usable by `compile`, `getDialect`
 * and `createEngine`.
 *
 * @example
 * registerDialect({ ...sqliteDialect, name: 'litesql', schemes: ['litesql'] });
 * createEngine('litesql://');
 */
export interface DialectDefinition<N extends DialectName = DialectName> extends Dialect<N> {
  /** URL schemes that select this dialect, e.g. `postgresql` and `postgres`. */
  readonly schemes: readonly string[];
  /** How the dialect's URLs name the database: a server, or a file (SQLite). */
  readonly urlStyle: UrlStyle;
  /** The adapter of the client library that talks to the database. */
  readonly driver: Driver;
  /**
   * Other client libraries for the same dialect, by the name a `dialect+name://` URL gives
   * (SQLite: `better-sqlite3`). Absent: the URL can name only `driver`.
   */
  readonly drivers?: Readonly<Record<string, Driver>>;
  /** The statements that begin and end transactions and savepoints. */
  readonly transactions: TransactionSql;
  /**
   * The pool settings an engine on `url` uses, from the ones the user gave (SQLite: one writer, and
   * an in-memory database kept on its only connection). Absent: the user's settings as they are.
   */
  adjustPool?(url: EngineUrl, options: PoolOptions): PoolOptions;
  /**
   * Connection options an engine on `url` with this pool uses where the user gave none in the URL
   * or `connectArgs` (SQLite: WAL and `BEGIN IMMEDIATE` for a file shared by several connections).
   */
  connectDefaults?(url: EngineUrl, pool: PoolOptions): Readonly<Record<string, unknown>>;
  /**
   * True when the database on `url` lives on one connection only (SQLite in memory): a checkout
   * that waits while the holder of that connection sits idle fails fast with a PoolTimeoutError
   * saying why, instead of waiting out `acquireTimeoutMillis` for a connection it cannot get.
   */
  singleConnection?(url: EngineUrl): boolean;
  /**
   * The database's `db.system.name` in OpenTelemetry's conventions (`postgresql`,
   * `microsoft.sql_server`, …). Absent: the dialect's name.
   */
  readonly telemetryName?: string;
  /**
   * The port the database's server listens on unless configured otherwise (PostgreSQL: 5432).
   * Telemetry reports `server.port` only for an engine whose URL names another one, as the
   * semantic conventions ask. Absent: no server (SQLite).
   */
  readonly defaultPort?: number;
  /** Reads the database's catalog, for reflection and migrations. Absent: reflection is unavailable. */
  readonly inspector?: SchemaInspector;
  /** Replication positions, for read replicas (`createReplicaSet`). Absent: replica routing is refused. */
  readonly replication?: ReplicationPositions;
}
