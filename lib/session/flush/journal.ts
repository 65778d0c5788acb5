import type { InstanceState } from '../../mapper';

/** `FlushJournal.originalOf` found nothing kept. */
export const NOT_KEPT: unique symbol = Symbol('athanor.notKept');

/**
 * An undo log of what a flush changed in memory (generated keys, synced foreign keys, version
 * counters, statuses), replayed backwards when the flush fails so the session is as it was.
 * @internal
 */
export class FlushJournal {
  /**
   * Undo entries, oldest first, four slots each (a flush of 10k rows writes tens of thousands,
   * so no closure per entry): a `set` is (state, key, old value, whether the key was there); a
   * recorded undo is (undefined, function, –, –).
   */
  private readonly log: unknown[] = [];
  /** Values of identifying keys before this flush first changed them (see `set`). */
  private originals: Map<InstanceState, Map<string, unknown>> | undefined;
  /** Keys the database changed by itself (ON UPDATE CASCADE), per state. */
  private cascadedKeys: Map<InstanceState, Set<string>> | undefined;

  /**
   * Writes `state.dict[key] = value`, remembering the old value. With `keepOriginal` (a primary
   * key column changed by the flush) the value the row had is kept for `originalOf`.
   */
  set(state: InstanceState, key: string, value: unknown, keepOriginal = false): void {
    const dict = state.dict;
    if (keepOriginal) {
      this.originals ??= new Map();
      let byKey = this.originals.get(state);
      if (byKey === undefined) this.originals.set(state, (byKey = new Map()));
      if (!byKey.has(key)) byKey.set(key, dict[key]);
    }
    this.log.push(state, key, dict[key], key in dict);
    dict[key] = value;
  }

  /** The value `key` had before this flush first changed it with `keepOriginal`, or `NOT_KEPT`. */
  originalOf(state: InstanceState, key: string): unknown {
    const byKey = this.originals?.get(state);
    return byKey !== undefined && byKey.has(key) ? byKey.get(key) : NOT_KEPT;
  }

  /** Forgets the kept originals of `state` (its row was just INSERTed with the current values). */
  forgetOriginals(state: InstanceState): void {
    this.originals?.delete(state);
  }

  /** Notes that the database itself gave `state`'s row the new value of `key` (ON UPDATE CASCADE). */
  markCascaded(state: InstanceState, key: string): void {
    this.cascadedKeys ??= new Map();
    let keys = this.cascadedKeys.get(state);
    if (keys === undefined) this.cascadedKeys.set(state, (keys = new Set()));
    keys.add(key);
  }

  /** Whether the database changed any key by itself in this flush (see `markCascaded`). */
  hasCascaded(): boolean {
    return this.cascadedKeys !== undefined && this.cascadedKeys.size > 0;
  }

  /** Whether the database already holds the new value of `key` for `state` (see `markCascaded`). */
  isCascaded(state: InstanceState, key: string): boolean {
    return this.cascadedKeys?.get(state)?.has(key) ?? false;
  }

  /** Remembers how to undo a change made by the caller. */
  record(undo: () => void): void {
    this.log.push(undefined, undo, undefined, undefined);
  }

  /** Undoes everything, newest first. */
  revert(): void {
    const log = this.log;
    for (let i = log.length - 4; i >= 0; i -= 4) {
      const state = log[i] as InstanceState | undefined;
      if (state === undefined) {
        (log[i + 1] as () => void)();
        continue;
      }
      // The dict may have been replaced (expire) meanwhile; undo into the current one.
      const key = log[i + 1] as string;
      if (log[i + 3] === true) state.dict[key] = log[i + 2];
      else delete state.dict[key];
    }
    log.length = 0;
  }
}
