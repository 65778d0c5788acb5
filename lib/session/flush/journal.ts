import type { InstanceState } from '../../mapper';

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

  /** Writes `state.dict[key] = value`, remembering the old value. */
  set(state: InstanceState, key: string, value: unknown): void {
    const dict = state.dict;
    this.log.push(state, key, dict[key], key in dict);
    dict[key] = value;
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
