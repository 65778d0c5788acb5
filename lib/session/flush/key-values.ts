import { expiredKeyValueOf, NO_VALUE, type InstanceState } from '../../mapper';
import type { Column } from '../../sql';
import { keyOfColumn } from '../column-keys';
import type { FlushRun } from './flush-run';
import { NOT_KEPT } from './journal';

/**
 * The value of `key` that the row of `state` holds in the database at this point of the flush:
 * what a WHERE clause must name to find the row when the attribute changed (a natural primary key
 * set by the application, or synced from a parent whose key changed). A value the database
 * cascaded by itself (ON UPDATE CASCADE) is already the new one.
 */
export function rowValue(run: FlushRun, state: InstanceState, key: string): unknown {
  if (run.journal.isCascaded(state, key)) return state.dict[key];
  if (!run.inserted.has(state) && state.hasCommitted(key)) {
    const original = state.committed[key];
    if (original !== NO_VALUE) return original;
    // Set while expired: the value it had when it was expired, if it is a key that was kept.
    const kept = expiredKeyValueOf(state, key);
    if (kept !== NO_VALUE) return kept;
  }
  const kept = run.journal.originalOf(state, key);
  return kept === NOT_KEPT ? state.dict[key] : kept;
}

/** `rowValue` of each of `columns` (columns of `state`'s tables). */
export function whereKeyValues(
  run: FlushRun,
  state: InstanceState,
  columns: readonly Column<unknown>[],
): unknown[] {
  return columns.map((c) => rowValue(run, state, keyOfColumn(state.mapper, c)));
}
