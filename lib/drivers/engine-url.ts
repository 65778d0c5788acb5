import type { DialectName } from '../sql';

/** The name of a client library (`pg`, `mysql2`, `sqlite3`, `mssql`, `oracledb`, …). */
export type DriverName = string;

/**
 * How a dialect's URLs name the database: `server` is `scheme://user:password@host:port/database`;
 * `file` is SQLite's form, where `scheme://` is in memory, `scheme:///relative.db` a path relative
 * to the working directory and `scheme:////absolute.db` an absolute path.
 */
export type UrlStyle = 'server' | 'file';

/**
 * A parsed database URL in SQLAlchemy's form. `toString()` masks the password, so the URL can be
 * logged; `password` itself is kept for the driver only.
 */
export interface EngineUrl {
  /** The URL scheme as written, such as `postgresql` or `mysql`. */
  readonly scheme: string;
  /** The dialect named by the scheme. For `mysql://` this may become `mariadb` after connecting. */
  readonly dialect: DialectName;
  /** The client library, e.g. `pg`. */
  readonly driver: DriverName;
  /** The user name, if the URL has one. */
  readonly username: string | undefined;
  /** The password, if the URL has one. */
  readonly password: string | undefined;
  /** The server's host name, if the URL has one. */
  readonly host: string | undefined;
  /** The server's port, if the URL has one. */
  readonly port: number | undefined;
  /** The database; for SQLite the file path, or `:memory:`. */
  readonly database: string | undefined;
  /** Query-string options, passed to the driver. */
  readonly query: Readonly<Record<string, string>>;
  /** The URL with the password replaced by `***`. */
  toString(): string;
}
