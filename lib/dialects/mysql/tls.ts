import { parseTlsMode, tlsOptions } from '../../drivers/tls';

/** The mysql client's TLS options, in the URL as `ssl-mode=…` (or `ssl_mode`), `ssl-ca`, `ssl-cert`, `ssl-key`. */
const KEYS = {
  mode: ['ssl-mode', 'ssl_mode'],
  ca: ['ssl-ca', 'ssl_ca'],
  cert: ['ssl-cert', 'ssl_cert'],
  key: ['ssl-key', 'ssl_key'],
} as const;

/** The part of mysql2's `ssl` option a URL sets. */
interface MysqlSsl {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  verifyIdentity: boolean;
}

const MODES = {
  disabled: 'disable',
  preferred: 'fallback',
  required: 'require',
  verify_ca: 'verify-ca',
  verify_identity: 'verify-full',
} as const;

/**
 * Splits a MySQL/MariaDB URL's query into `mysql2`'s `ssl` option and the other options. `ssl` is
 * undefined when the URL says nothing about TLS.
 * @example mysqlTls({ 'ssl-mode': 'VERIFY_IDENTITY', 'ssl-ca': '/etc/ca.pem' }).ssl
 */
export function mysqlTls(query: Readonly<Record<string, string>>): {
  ssl: MysqlSsl | undefined;
  rest: Record<string, string>;
} {
  const rest: Record<string, string> = { ...query };
  const pick = (names: readonly string[]): [string, string] | undefined => {
    let found: [string, string] | undefined;
    for (const n of names) {
      if (rest[n] !== undefined) found = [n, rest[n]];
      delete rest[n];
    }
    return found;
  };
  const mode = pick(KEYS.mode);
  const ca = pick(KEYS.ca);
  const cert = pick(KEYS.cert);
  const key = pick(KEYS.key);
  if (mode === undefined && ca === undefined && cert === undefined) return { ssl: undefined, rest };
  const parsed = parseTlsMode(mode?.[0] ?? 'ssl-mode', mode?.[1] ?? 'VERIFY_IDENTITY', MODES);
  const options = tlsOptions(
    parsed,
    { ca: ca?.[1], cert: cert?.[1], key: key?.[1] },
    { ca: ca?.[0] ?? 'ssl-ca', cert: cert?.[0] ?? 'ssl-cert', key: key?.[0] ?? 'ssl-key' },
  );
  if (options === false) return { ssl: undefined, rest };
  // mysql2 takes the host-name check as a flag of its own (it replaces checkServerIdentity).
  const ssl: MysqlSsl = {
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    verifyIdentity: parsed === 'verify-full',
    ...(options.ca === undefined ? {} : { ca: options.ca as Buffer }),
    ...(options.cert === undefined ? {} : { cert: options.cert as Buffer }),
    ...(options.key === undefined ? {} : { key: options.key as Buffer }),
  };
  return { ssl, rest };
}
