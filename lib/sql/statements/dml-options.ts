import { ArgumentError } from '../../errors';
import type { DmlDialectOption } from '../nodes';

/**
 * Dialect-specific options of an UPDATE or DELETE, by dialect (SQLAlchemy's `mysql_limit`
 * keyword arguments). A dialect reads its own and ignores the others; `mysql` options apply to
 * MariaDB too.
 */
export interface DmlDialectOptions {
  /** Options of MySQL and MariaDB. */
  readonly mysql?: {
    /** `LIMIT n` after the WHERE clause: at most `n` rows are changed. */
    readonly limit?: number;
  };
}

const KNOWN: Readonly<Record<string, readonly string[]>> = { mysql: ['limit'] };

/** @internal The options as node entries, each checked: an unknown dialect or option is named. */
export function dialectOptionEntries(method: string, options: DmlDialectOptions): DmlDialectOption[] {
  if (typeof options !== 'object' || options === null)
    throw new ArgumentError(
      `${method} takes an object of options by dialect, such as { mysql: { limit: 5 } }`,
    );
  const out: DmlDialectOption[] = [];
  for (const [dialect, opts] of Object.entries(options) as [string, Record<string, unknown> | undefined][]) {
    const known = KNOWN[dialect];
    if (known === undefined)
      throw new ArgumentError(`${method}: no options are known for the dialect '${dialect}'`);
    if (opts === undefined) continue;
    for (const [name, value] of Object.entries(opts)) {
      if (!known.includes(name))
        throw new ArgumentError(`${method}: '${name}' is not an option of the ${dialect} dialect`);
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        throw new ArgumentError(
          `${method}: ${dialect} ${name} must be a non-negative integer, got ${String(value)}`,
        );
      out.push(Object.freeze([dialect, name, value] as const));
    }
  }
  return out;
}

/** @internal The value of `dialect`'s option `name` in a statement's options, if given. */
export function dialectOption(
  options: readonly DmlDialectOption[],
  dialect: string,
  name: string,
): DmlDialectOption[2] | undefined {
  return options.find(([d, n]) => d === dialect && n === name)?.[2];
}

/** @internal Merges `added` over `current`: a later value of the same option replaces the earlier. */
export function mergeDialectOptions(
  current: readonly DmlDialectOption[],
  added: readonly DmlDialectOption[],
): DmlDialectOption[] {
  const keep = current.filter(([d, n]) => !added.some(([d2, n2]) => d === d2 && n === n2));
  return [...keep, ...added];
}
