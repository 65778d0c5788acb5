import { ArgumentError } from '../errors';
import type { DialectName } from '../sql';

/** The client libraries Athanor drives. */
export type DriverName = 'pg' | 'mysql2' | 'sqlite3' | 'mssql' | 'oracledb';

/**
 * A parsed database URL in SQLAlchemy's form. `toString()` masks the password, so the URL can be
 * logged; `password` itself is kept for the driver only.
 */
export interface EngineUrl {
  /** The URL scheme as written, such as `postgresql` or `mysql`. */
  readonly scheme: string;
  /** The dialect named by the scheme. For `mysql://` this may become `mariadb` after connecting. */
  readonly dialect: DialectName;
  readonly driver: DriverName;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  /** The database; for SQLite the file path, or `:memory:`. */
  readonly database: string | undefined;
  /** Query-string options, passed to the driver. */
  readonly query: Readonly<Record<string, string>>;
  /** The URL with the password replaced by `***`. */
  toString(): string;
}

const SCHEMES: Record<string, [DialectName, DriverName]> = {
  postgresql: ['postgresql', 'pg'],
  postgres: ['postgresql', 'pg'],
  mysql: ['mysql', 'mysql2'],
  mariadb: ['mariadb', 'mysql2'],
  sqlite: ['sqlite', 'sqlite3'],
  mssql: ['mssql', 'mssql'],
  sqlserver: ['mssql', 'mssql'],
  oracle: ['oracle', 'oracledb'],
};

/**
 * Parses `dialect[+driver]://user:password@host:port/database?option=value`.
 *
 * SQLite follows SQLAlchemy: `sqlite://` is an in-memory database, `sqlite:///relative.db` a path
 * relative to the working directory, `sqlite:////absolute.db` an absolute path.
 *
 * @example
 * parseUrl('postgresql://app:secret@db:5432/shop?application_name=api').toString()
 * // 'postgresql://app:***@db:5432/shop?application_name=api'
 */
export function parseUrl(url: string): EngineUrl {
  const m = /^([a-z][a-z0-9]*)(?:\+([a-z0-9_]+))?:\/\/(.*)$/i.exec(url);
  if (m === null) {
    throw new ArgumentError(`invalid database URL ${JSON.stringify(mask(url))}: expected dialect://…`);
  }
  const scheme = m[1]!.toLowerCase();
  const entry = SCHEMES[scheme];
  if (entry === undefined) {
    throw new ArgumentError(
      `unknown database URL scheme '${scheme}'; expected one of ${Object.keys(SCHEMES).join(', ')}`,
    );
  }
  const [dialect, driver] = entry;
  const rest = m[3]!;
  const qAt = rest.indexOf('?');
  const body = qAt < 0 ? rest : rest.slice(0, qAt);
  const query = Object.freeze(Object.fromEntries(new URLSearchParams(qAt < 0 ? '' : rest.slice(qAt + 1))));
  if (dialect === 'sqlite') return sqliteUrl(scheme, body, query);

  const slash = body.indexOf('/');
  const authority = slash < 0 ? body : body.slice(0, slash);
  const path = slash < 0 ? '' : body.slice(slash + 1);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  const colon = userInfo.indexOf(':');
  const username = userInfo === '' ? undefined : decode(colon < 0 ? userInfo : userInfo.slice(0, colon));
  const password = colon < 0 ? undefined : decode(userInfo.slice(colon + 1));
  const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(hostPort);
  if (hp === null) throw new ArgumentError(`invalid host or port in database URL ${mask(url)}`);
  const host = hp[1] === '' ? undefined : hp[1]!.replace(/^\[|\]$/g, '');
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  return make({
    scheme,
    dialect,
    driver,
    username,
    password,
    host,
    port,
    database: path === '' ? undefined : decode(path),
    query,
  });
}

function sqliteUrl(scheme: string, body: string, query: Readonly<Record<string, string>>): EngineUrl {
  // 'sqlite://' → memory; 'sqlite:///x.db' → body '/x.db' → 'x.db'; 'sqlite:////x.db' → '/x.db'.
  let database = body === '' || body === '/' ? ':memory:' : decode(body.slice(1));
  if (database === '') database = ':memory:';
  return make({
    scheme,
    dialect: 'sqlite',
    driver: 'sqlite3',
    username: undefined,
    password: undefined,
    host: undefined,
    port: undefined,
    database,
    query,
  });
}

function make(parts: Omit<EngineUrl, 'toString'>): EngineUrl {
  const url: EngineUrl = {
    ...parts,
    toString(): string {
      return render(parts);
    },
  };
  // The password is needed by drivers but must not leak through JSON or util.inspect.
  Object.defineProperty(url, 'password', { value: parts.password, enumerable: false });
  Object.defineProperty(url, 'toString', { enumerable: false });
  return Object.freeze(url);
}

function render(u: Omit<EngineUrl, 'toString'>): string {
  const qs = new URLSearchParams(u.query as Record<string, string>).toString();
  const suffix = qs === '' ? '' : `?${qs}`;
  if (u.dialect === 'sqlite') {
    return u.database === ':memory:' ? `${u.scheme}://${suffix}` : `${u.scheme}:///${u.database}${suffix}`;
  }
  const user =
    u.username === undefined
      ? ''
      : `${encodeURIComponent(u.username)}${u.password === undefined ? '' : ':***'}@`;
  const host = u.host === undefined ? '' : u.host.includes(':') ? `[${u.host}]` : u.host;
  const port = u.port === undefined ? '' : `:${u.port}`;
  const db = u.database === undefined ? '' : `/${encodeURIComponent(u.database)}`;
  return `${u.scheme}://${user}${host}${port}${db}${suffix}`;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Masks a password in a raw URL string, for error messages about URLs that did not parse. */
export function mask(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
