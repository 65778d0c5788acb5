import { leastRecentKey } from '../../drivers/least-recent';
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

/** A statement's server-side name and when it was last used (a tick of its cache). */
interface Entry {
  readonly name: string;
  used: number;
}

/**
 * SQL text → name of its server-side prepared statement. Names are never reused, so a name still
 * known to the server (its DEALLOCATE failed) cannot collide. A hit only stamps its entry with a
 * use counter (the Map's order never changes, so hits leave no deleted slots for the Map to
 * compact); a miss in a full cache evicts the least recently used, found by a scan.
 */
export class StatementCache {
  private readonly entries = new Map<string, Entry>();
  private counter = 0;
  private tick = 0;
  private evicted: string | undefined;

  constructor(private readonly capacity: number) {}

  /**
   * The name to run `sql` under (undefined: run it unnamed). A statement evicted to make room for
   * it is kept for `takeEvicted()`, which the caller asks next and deallocates: no result object
   * per statement.
   */
  use(sql: string): string | undefined {
    if (this.capacity === 0) return undefined;
    const hit = this.entries.get(sql);
    if (hit !== undefined) {
      hit.used = ++this.tick;
      return hit.name;
    }
    if (this.entries.size >= this.capacity) this.evictLeastRecent();
    const name = `athanor_${++this.counter}`;
    this.entries.set(sql, { name, used: ++this.tick });
    return name;
  }

  /** A scan of the cache, on a miss only: rarer and far cheaper than the Parse that follows it. */
  private evictLeastRecent(): void {
    const oldest = leastRecentKey(this.entries);
    if (oldest === undefined) return;
    this.evicted = this.entries.get(oldest)!.name;
    this.entries.delete(oldest);
  }

  /** The statement the last `use()` evicted, once; undefined when it evicted none. */
  takeEvicted(): string | undefined {
    const evicted = this.evicted;
    this.evicted = undefined;
    return evicted;
  }

  get size(): number {
    return this.entries.size;
  }
}
