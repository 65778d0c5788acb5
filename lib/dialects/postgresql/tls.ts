import type { ConnectionOptions } from 'node:tls';
import { parseTlsMode, tlsOptions } from '../../drivers/tls';

/** libpq's TLS parameters, which `pg` reads only from a connection string. */
const TLS_KEYS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;

const MODES = {
  disable: 'disable',
  allow: 'fallback',
  prefer: 'fallback',
  require: 'require',
  'verify-ca': 'verify-ca',
  'verify-full': 'verify-full',
} as const;

/**
 * Splits a PostgreSQL URL's query into `pg`'s `ssl` option (from libpq's `sslmode`,
 * `sslrootcert`, `sslcert`, `sslkey`) and the other options. `ssl` is undefined when the URL says
 * nothing about TLS.
 * @example postgresqlTls({ sslmode: 'verify-full', sslrootcert: '/etc/ca.pem' }).ssl // { ca: <Buffer>, rejectUnauthorized: true }
 */
export function postgresqlTls(query: Readonly<Record<string, string>>): {
  ssl: ConnectionOptions | false | undefined;
  rest: Record<string, string>;
} {
  const rest: Record<string, string> = { ...query };
  for (const k of TLS_KEYS) delete rest[k];
  const { sslmode, sslrootcert, sslcert, sslkey } = query;
  if (sslmode === undefined) {
    if (sslrootcert === undefined && sslcert === undefined) return { ssl: undefined, rest };
  }
  const mode = parseTlsMode('sslmode', sslmode ?? 'verify-full', MODES);
  const ssl = tlsOptions(
    mode,
    { ca: sslrootcert, cert: sslcert, key: sslkey },
    { ca: 'sslrootcert', cert: 'sslcert', key: 'sslkey' },
  );
  return { ssl, rest };
}
