import type { InstanceState, Mapper } from '../../mapper';
import type { CompiledQuery, Dialect, Executable } from '../../sql';
import type { IdentityMap } from '../identity-map';
import type { SyncedChanges } from './foreign-key-sync';
import type { FlushPlan } from './flush-plan';
import type { FlushJournal } from './journal';

/** The statement runner a flush writes through (the session's connection). @internal */
export interface FlushConnection {
  readonly dialect: Dialect;
  run(statement: Executable): Promise<{
    rows: readonly Record<string, unknown>[];
    rowCount: number;
    columns: CompiledQuery['columns'];
    lastInsertId?: number | string;
  }>;
}

/** Everything one flush works with. @internal */
export interface FlushRun {
  readonly plan: FlushPlan;
  readonly conn: FlushConnection;
  readonly journal: FlushJournal;
  readonly identityMap: IdentityMap;
  /**
   * Foreign keys the flush itself changed, per state. For a state inserted by this flush only
   * the keys synced AFTER its INSERT are kept (the INSERT already wrote the others).
   */
  readonly synced: SyncedChanges;
  /** States this flush inserted: their column changes are in the INSERT, not in an UPDATE. */
  readonly inserted: Set<InstanceState>;
}

/** Runs the mapper's listeners of `event` for each state (nothing to do without listeners). */
export async function fire(
  mapper: Mapper<object>,
  event: Parameters<Mapper<object>['dispatch']>[0],
  states: readonly InstanceState[],
): Promise<void> {
  if (mapper.listenersFor(event).length === 0) return;
  for (const s of states) await mapper.dispatch(event, s.obj);
}
