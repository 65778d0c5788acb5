import { ArgumentError } from '../errors';
import type { DialectName } from '../sql';
import type { DriverName, EngineUrl, UrlStyle } from './engine-url';
import type { DialectDefinition } from './dialect-definition';
import { dialectForScheme, registeredSchemes } from './registry';

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
  const m = /^([a-z][a-z0-9]*)(?:\+([a-z0-9_-]+))?:\/\/(.*)$/i.exec(url);
  if (m === null) {
    throw new ArgumentError(`invalid database URL ${JSON.stringify(mask(url))}: expected dialect://…`);
  }
  const scheme = m[1]!.toLowerCase();
  const definition = dialectForScheme(scheme);
  if (definition === undefined) {
    throw new ArgumentError(
      `unknown database URL scheme '${scheme}'; expected one of ${registeredSchemes().join(', ')}`,
    );
  }
  const dialect = definition.name;
  const driver = driverName(definition, m[2]);
  const rest = m[3]!;
  const qAt = rest.indexOf('?');
  const body = qAt < 0 ? rest : rest.slice(0, qAt);
  const query = Object.freeze(Object.fromEntries(new URLSearchParams(qAt < 0 ? '' : rest.slice(qAt + 1))));
  // A non-default driver stays in the printed URL, so the URL still says what it connects with.
  const shown = driver === definition.driver.name ? scheme : `${scheme}+${driver}`;
  if (definition.urlStyle === 'file') return fileUrl(scheme, dialect, driver, body, query, shown);

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
  return make(
    'server',
    {
      scheme,
      dialect,
      driver,
      username,
      password,
      host,
      port,
      database: path === '' ? undefined : decode(path),
      query,
    },
    shown,
  );
}

/** The client library a `dialect+driver://` URL names, or the dialect's default one. */
function driverName(definition: DialectDefinition, named: string | undefined): DriverName {
  const fallback = definition.driver.name;
  if (named === undefined || named.toLowerCase() === fallback) return fallback;
  const key = named.toLowerCase();
  if (definition.drivers?.[key] !== undefined) return key;
  const known = [fallback, ...Object.keys(definition.drivers ?? {})];
  throw new ArgumentError(
    `unknown driver '${named}' for the ${definition.name} dialect; expected one of ${known.join(', ')}`,
  );
}

/** A URL naming a database file (SQLite's form). */
function fileUrl(
  scheme: string,
  dialect: DialectName,
  driver: DriverName,
  body: string,
  query: Readonly<Record<string, string>>,
  shown: string,
): EngineUrl {
  // 'sqlite://' → memory; 'sqlite:///x.db' → body '/x.db' → 'x.db'; 'sqlite:////x.db' → '/x.db'.
  if (body !== '' && !body.startsWith('/')) {
    throw new ArgumentError(
      `database URL ${scheme}://${body} has two slashes: write ${scheme}:///${body} for a path relative ` +
        `to the working directory, or ${scheme}:////${body} for an absolute one`,
    );
  }
  let database = body === '' || body === '/' ? ':memory:' : decode(body.slice(1));
  if (database === '') database = ':memory:';
  return make(
    'file',
    {
      scheme,
      dialect,
      driver,
      username: undefined,
      password: undefined,
      host: undefined,
      port: undefined,
      database,
      query,
    },
    shown,
  );
}

function make(style: UrlStyle, parts: Omit<EngineUrl, 'toString'>, shown: string): EngineUrl {
  const url: EngineUrl = {
    ...parts,
    toString(): string {
      return render(style, { ...parts, scheme: shown });
    },
  };
  // The password is needed by drivers but must not leak through JSON or util.inspect.
  Object.defineProperty(url, 'password', { value: parts.password, enumerable: false });
  Object.defineProperty(url, 'toString', { enumerable: false });
  return Object.freeze(url);
}

function render(style: UrlStyle, u: Omit<EngineUrl, 'toString'>): string {
  const qs = new URLSearchParams(u.query as Record<string, string>).toString();
  const suffix = qs === '' ? '' : `?${qs}`;
  if (style === 'file') {
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
