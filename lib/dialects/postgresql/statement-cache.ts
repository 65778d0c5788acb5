import { ArgumentError } from '../../errors';

/** Distinct statements one connection keeps prepared on the server unless told otherwise. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 250;

/**
 * `statement_cache_size` from the URL or `statementCacheSize` from `connectArgs`: how many
 * statements one connection keeps prepared on the server; 0 prepares none (for poolers in
 * transaction mode, which move sessions between server connections).
 */
export function statementCacheSize(
  query: Readonly<Record<string, string>>,
  connectArgs: Readonly<Record<string, unknown>>,
): number {
  const raw = connectArgs['statementCacheSize'] ?? query['statement_cache_size'];
  if (raw === undefined) return DEFAULT_STATEMENT_CACHE_SIZE;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new ArgumentError(
    `postgresql statement_cache_size (statementCacheSize) must be a whole number >= 0, not ${JSON.stringify(raw)}`,
  );
}

/**
 * SQL text → name of its server-side prepared statement, least recently used first. Names are
 * never reused, so a name still known to the server (its DEALLOCATE failed) cannot collide.
 */
export class StatementCache {
  private readonly names = new Map<string, string>();
  private counter = 0;
  private evicted: string | undefined;

  constructor(private readonly capacity: number) {}

  /**
   * The name to run `sql` under (undefined: run it unnamed). A statement evicted to make room for
   * it is kept for `takeEvicted()`, which the caller asks next and deallocates: no result object
   * per statement.
   */
  use(sql: string): string | undefined {
    if (this.capacity === 0) return undefined;
    let name = this.names.get(sql);
    if (name !== undefined) {
      this.names.delete(sql); // re-inserted below as the most recently used
    } else {
      name = `athanor_${++this.counter}`;
      if (this.names.size >= this.capacity) {
        const [oldest, oldestName] = this.names.entries().next().value!;
        this.names.delete(oldest);
        this.evicted = oldestName;
      }
    }
    this.names.set(sql, name);
    return name;
  }

  /** The statement the last `use()` evicted, once; undefined when it evicted none. */
  takeEvicted(): string | undefined {
    const evicted = this.evicted;
    this.evicted = undefined;
    return evicted;
  }

  get size(): number {
    return this.names.size;
  }
}
