import { integerAfter, type InstanceState } from '../mapper';

/** Integer keys of one name within reach of the array's end (holes stay small): held by index. */
const DENSE_GAP = 1000;
/** Below this an index is a small integer on every platform; beyond it keys go to the map. */
const DENSE_LIMIT = 2 ** 30;

/**
 * The states under the integer keys of one name: by index in an array while the keys come close
 * together (serial keys, the common case: a slot per object, where a map entry takes three and
 * room for as many again), else in a map.
 */
class Numbered {
  private readonly dense: (InstanceState | undefined)[] = [];
  private readonly sparse = new Map<number, InstanceState>();
  private denseCount = 0;

  get size(): number {
    return this.denseCount + this.sparse.size;
  }

  get(n: number): InstanceState | undefined {
    const found = n >= 0 && n < this.dense.length ? this.dense[n] : undefined;
    return found !== undefined || this.sparse.size === 0 ? found : this.sparse.get(n);
  }

  set(n: number, state: InstanceState): void {
    const dense = this.dense;
    if (n >= 0 && n < dense.length && dense[n] !== undefined) {
      dense[n] = state;
    } else if (this.sparse.size > 0 && this.sparse.has(n)) {
      this.sparse.set(n, state);
    } else if (
      n >= 0 &&
      n < DENSE_LIMIT &&
      n <= dense.length + DENSE_GAP &&
      // At least a quarter of the slots hold a state, so the array stays small and flat.
      n < 4 * (this.denseCount + DENSE_GAP)
    ) {
      dense[n] = state;
      this.denseCount++;
    } else {
      this.sparse.set(n, state);
    }
  }

  delete(n: number): boolean {
    const dense = this.dense;
    if (n >= 0 && n < dense.length && dense[n] !== undefined) {
      dense[n] = undefined;
      this.denseCount--;
      return true;
    }
    return this.sparse.delete(n);
  }

  *values(): Generator<InstanceState> {
    const dense = this.dense;
    for (let i = 0; i < dense.length; i++) {
      const state = dense[i];
      if (state !== undefined) yield state;
    }
    yield* this.sparse.values();
  }
}

/**
 * The session's identity map: identity key (mapper + primary key) → the one object for that row.
 * A row already in the map is never hydrated twice.
 *
 * A key `<name>|<integer>` (a single integer primary key, the common case) is held as the integer
 * under its name (see `Numbered`), so that a session of many loaded objects keeps no key string
 * per object (the states keep only the integer too); any other key is held as it is. Either way
 * a key string stands for exactly one entry.
 */
export class IdentityMap {
  /** Keys that do not end in `|<integer>` (the last key part is a string or a date, say). */
  private readonly byKey = new Map<string, InstanceState>();
  /** Keys that do: the integer, under the rest of the key (`Pair|1|2`: 2 under `Pair|1`). */
  private readonly byName = new Map<string, Numbered>();
  /** The last name looked up and its map (rows of one entity come in runs). */
  private lastName: string | undefined = undefined;
  private lastMap: Numbered | undefined = undefined;
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
  private mapOf(key: string, bar: number, create: boolean): Numbered | undefined {
    const last = this.lastName;
    if (last !== undefined && bar === last.length && key.startsWith(last)) return this.lastMap;
    const name = key.slice(0, bar);
    let map = this.byName.get(name);
    if (map === undefined) {
      if (!create) return undefined;
      this.byName.set(name, (map = new Numbered()));
    }
    this.lastName = name;
    this.lastMap = map;
    return map;
  }
}
