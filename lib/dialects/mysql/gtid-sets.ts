/**
 * MySQL's GTID sets (`@@gtid_executed`): `source_uuid[:tag]:interval[:interval…]` per source,
 * comma-separated (the server puts a newline after each comma), an interval `n` or `n-m`. A tag
 * (MySQL 8.3+) names a separate sequence of the same source, so `uuid:tag` is the key.
 */

/** Closed intervals [from, to] of transaction numbers per `uuid` or `uuid:tag`, merged and sorted. */
export type GtidSet = ReadonlyMap<string, readonly (readonly [bigint, bigint])[]>;

/** Parses a GTID set; malformed parts are ignored (they can only make `gtidSetContains` false). */
export function parseGtidSet(value: string): GtidSet {
  const raw = new Map<string, [bigint, bigint][]>();
  for (const part of value.split(',')) {
    const pieces = part.trim().toLowerCase().split(':');
    const uuid = pieces[0];
    if (uuid === undefined || !/^[0-9a-f-]{32,36}$/.test(uuid)) continue;
    let key = uuid;
    for (const piece of pieces.slice(1)) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(piece);
      if (m === null) {
        // A tag: the intervals after it belong to `uuid:tag`.
        key = `${uuid}:${piece}`;
        continue;
      }
      const from = BigInt(m[1]!);
      const to = m[2] === undefined ? from : BigInt(m[2]);
      if (to < from) continue;
      const list = raw.get(key) ?? [];
      list.push([from, to]);
      raw.set(key, list);
    }
  }
  const merged = new Map<string, (readonly [bigint, bigint])[]>();
  for (const [key, list] of raw) {
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: [bigint, bigint][] = [];
    for (const [from, to] of list) {
      const last = out[out.length - 1];
      // Adjacent intervals (1-3 and 4-6) join: the set has no gap there.
      if (last !== undefined && from <= last[1] + 1n) {
        if (to > last[1]) last[1] = to;
      } else out.push([from, to]);
    }
    merged.set(key, out);
  }
  return merged;
}

/** Every transaction of `subset` is in `set` (MySQL's GTID_SUBSET(subset, set), client-side). */
export function gtidSetContains(set: string, subset: string): boolean {
  const have = parseGtidSet(set);
  for (const [key, wanted] of parseGtidSet(subset)) {
    const intervals = have.get(key) ?? [];
    for (const [from, to] of wanted) {
      if (!intervals.some(([a, b]) => a <= from && to <= b)) return false;
    }
  }
  return true;
}
