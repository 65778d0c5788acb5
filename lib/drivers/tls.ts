import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ArgumentError } from '../errors';

/**
 * What a URL's TLS mode asks for, whatever the database calls it: `disable`, `require` (encrypted,
 * server not verified), `verify-ca` (certificate signed by the CA), `verify-full` (and issued for
 * the host). Modes that may fall back to plaintext (`prefer`, `allow`) are refused: a connection
 * asked to be encrypted never silently is not.
 */
export type TlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** The TLS files a URL names: CA bundle, client certificate and key (paths). */
export interface TlsFiles {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** Reads one TLS file named by URL option `option`; an ArgumentError names the option and path. */
function readTlsFile(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ArgumentError(`${option}: cannot read ${path} (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Node TLS options for `mode`, or `false` for `disable`. `verify-ca` checks the chain but not the
 * host name; `require` with a CA file behaves as `verify-ca` (as libpq does).
 */
export function tlsOptions(
  mode: TlsMode,
  files: TlsFiles,
  optionNames: { readonly [K in keyof TlsFiles]-?: string },
): ConnectionOptions | false {
  if (mode === 'disable') return false;
  const out: ConnectionOptions = {};
  if (files.ca !== undefined) out.ca = readTlsFile(files.ca, optionNames.ca);
  if (files.cert !== undefined) out.cert = readTlsFile(files.cert, optionNames.cert);
  if (files.key !== undefined) out.key = readTlsFile(files.key, optionNames.key);
  const verify = mode !== 'require' || files.ca !== undefined;
  out.rejectUnauthorized = verify;
  if (mode !== 'verify-full') out.checkServerIdentity = () => undefined;
  return out;
}

/** Parses a TLS mode from `option`'s value through `aliases` (lower-cased); ArgumentError otherwise. */
export function parseTlsMode(
  option: string,
  value: string,
  aliases: Readonly<Record<string, TlsMode | 'fallback'>>,
): TlsMode {
  const mode = aliases[value.toLowerCase()];
  if (mode === 'fallback') {
    throw new ArgumentError(
      `${option}=${value} may fall back to an unencrypted connection, which Athanor never does: ` +
        `use ${Object.keys(aliases)
          .filter((k) => aliases[k] !== 'fallback')
          .join(', ')}`,
    );
  }
  if (mode === undefined) {
    throw new ArgumentError(
      `unknown ${option} '${value}'; expected one of ${Object.keys(aliases).join(', ')}`,
    );
  }
  return mode;
}
