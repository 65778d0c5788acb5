import type { InstanceState } from '../../mapper';

/**
 * An undo log of what a flush changed in memory (generated keys, synced foreign keys, version
 * counters, statuses), replayed backwards when the flush fails so the session is as it was.
 * @internal
 */
export class FlushJournal {
  private readonly undo: (() => void)[] = [];

  /** Writes `state.dict[key] = value`, remembering the old value. */
  set(state: InstanceState, key: string, value: unknown): void {
    const dict = state.dict;
    const had = key in dict;
    const old = dict[key];
    this.undo.push(() => {
      // The dict may have been replaced (expire) meanwhile; undo into the current one.
      if (had) state.dict[key] = old;
      else delete state.dict[key];
    });
    dict[key] = value;
  }

  /** Remembers how to undo a change made by the caller. */
  record(undo: () => void): void {
    this.undo.push(undo);
  }

  /** Undoes everything, newest first. */
  revert(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo.length = 0;
  }
}
