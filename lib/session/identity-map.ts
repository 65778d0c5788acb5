import { integerAfter, type InstanceState } from '../mapper';

/**
 * The session's identity map: identity key (mapper + primary key) → the one object for that row.
 * A row already in the map is never hydrated twice.
 *
 * A key `<name>|<integer>` (a single integer primary key, the common case) is held as the integer
 * in a map per name, so that a session of many loaded objects keeps no key string per object (the
 * states keep only the integer too); any other key is held as it is. Either way a key string
 * stands for exactly one entry.
 */
export class IdentityMap {
  /** Keys that do not end in `|<integer>` (the last key part is a string or a date, say). */
  private readonly byKey = new Map<string, InstanceState>();
  /** Keys that do: the integer, under the rest of the key (`Pair|1|2`: 2 under `Pair|1`). */
  private readonly byName = new Map<string, Map<number, InstanceState>>();
  /** The last name looked up and its map (rows of one entity come in runs). */
  private lastName: string | undefined = undefined;
  private lastMap: Map<number, InstanceState> | undefined = undefined;
  private size_ = 0;

  get size(): number {
    return this.size_;
  }

  get(key: string): InstanceState | undefined {
    const bar = key.lastIndexOf('|');
    const n = integerAfter(key, bar);
    return n === undefined ? this.byKey.get(key) : this.mapOf(key, bar, false)?.get(n);
  }

  /** Puts `state` under its key (`key` when given: `state.key`, already at hand). */
  add(state: InstanceState, key: string | undefined = state.key): void {
    if (key !== undefined) this.set(key, state);
  }

  /** Puts `state` under its key, displacing another state there; returns the displaced one. */
  replace(state: InstanceState): InstanceState | undefined {
    const key = state.key;
    if (key === undefined) return undefined;
    const old = this.get(key);
    this.set(key, state);
    return old === state ? undefined : old;
  }

  remove(state: InstanceState): void {
    const key = state.key;
    if (key === undefined) return;
    const bar = key.lastIndexOf('|');
    const n = integerAfter(key, bar);
    if (n === undefined) {
      if (this.byKey.get(key) === state && this.byKey.delete(key)) this.size_--;
      return;
    }
    const map = this.mapOf(key, bar, false);
    if (map !== undefined && map.get(n) === state && map.delete(n)) this.size_--;
  }

  has(state: InstanceState): boolean {
    const key = state.key;
    return key !== undefined && this.get(key) === state;
  }

  *states(): IterableIterator<InstanceState> {
    yield* this.byKey.values();
    for (const map of this.byName.values()) yield* map.values();
  }

  clear(): void {
    this.byKey.clear();
    this.byName.clear();
    this.size_ = 0;
    this.lastName = undefined;
    this.lastMap = undefined;
  }

  private set(key: string, state: InstanceState): void {
    const bar = key.lastIndexOf('|');
    const n = integerAfter(key, bar);
    if (n === undefined) {
      const before = this.byKey.size;
      this.byKey.set(key, state);
      this.size_ += this.byKey.size - before;
    } else {
      const map = this.mapOf(key, bar, true)!;
      const before = map.size;
      map.set(n, state);
      this.size_ += map.size - before;
    }
  }

  /** The map of the name `key.slice(0, bar)`, made when `create` and missing. */
  private mapOf(key: string, bar: number, create: boolean): Map<number, InstanceState> | undefined {
    const last = this.lastName;
    if (last !== undefined && bar === last.length && key.startsWith(last)) return this.lastMap;
    const name = key.slice(0, bar);
    let map = this.byName.get(name);
    if (map === undefined) {
      if (!create) return undefined;
      this.byName.set(name, (map = new Map()));
    }
    this.lastName = name;
    this.lastMap = map;
    return map;
  }
}
