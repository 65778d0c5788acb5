import type { InstanceState, Mapper } from '../../mapper';
import type { FlushRun, StepResult } from './flush-run';

/**
 * The attributes a flush wrote into objects from defaults or read back from the database, per
 * object, until the mapper's `refreshFlush` listeners are told (SQLAlchemy's `refresh_flush`).
 * Nothing is kept for a mapper without listeners.
 */
const pending = new WeakMap<FlushRun, Map<InstanceState, string[]>>();

/** Notes that the flush wrote `key` of `state` (a default, or a value read back). @internal */
export function noteRefreshed(run: FlushRun, state: InstanceState, key: string): void {
  if (!state.mapper.hasListeners('refreshFlush')) return;
  let byState = pending.get(run);
  if (byState === undefined) pending.set(run, (byState = new Map()));
  const keys = byState.get(state);
  if (keys === undefined) byState.set(state, [key]);
  else if (!keys.includes(key)) keys.push(key);
}

/**
 * Fires `refreshFlush` for the objects noted since the last call (of `mapper` only, if given);
 * undefined when none is noted.
 * @internal
 */
export function fireRefreshFlush(run: FlushRun, mapper?: Mapper<object>): StepResult {
  const byState = pending.get(run);
  if (byState === undefined || byState.size === 0) return undefined;
  return fireNoted(byState, mapper);
}

async function fireNoted(
  byState: Map<InstanceState, string[]>,
  mapper: Mapper<object> | undefined,
): Promise<void> {
  for (const [state, keys] of [...byState]) {
    if (mapper !== undefined && state.mapper !== mapper) continue;
    byState.delete(state);
    await state.mapper.dispatch('refreshFlush', state.obj, keys);
  }
}
