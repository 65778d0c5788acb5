/**
 * The key of a statement cache's least recently used entry, each entry stamped with a use
 * counter. A scan, run on a miss in a full cache only: far cheaper than the prepare that follows,
 * and it spares every hit the Map delete and re-insert that keeping insertion order would cost.
 * @internal
 */
export function leastRecentKey<K>(entries: ReadonlyMap<K, { readonly used: number }>): K | undefined {
  let oldest: K | undefined;
  let least = Infinity;
  for (const [key, entry] of entries) {
    if (entry.used < least) {
      least = entry.used;
      oldest = key;
    }
  }
  return oldest;
}
