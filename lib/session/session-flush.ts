import { NO_VALUE, type InstanceState, type RelationshipProperty } from '../mapper';
import type { Executable } from '../sql';
import { executeFlush } from './flush/flush-executor';
import { buildFlushPlan } from './flush/flush-plan';
import { FlushJournal, NOT_KEPT } from './flush/journal';
import type { IdentityMap } from './identity-map';
import type { SessionConnection } from './session-connection';
import type { UnitOfWork } from './unit-of-work';

/** What one flush of a session works with. @internal */
export interface FlushContext {
  readonly conn: SessionConnection;
  readonly uow: UnitOfWork;
  readonly identityMap: IdentityMap;
  loadRelationship(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void>;
  /** Emits an `AthanorWarning` through the session. */
  warn(message: string): void;
}

/** What a successful flush wrote, for the unit of work to register. @internal */
export interface FlushOutcome {
  /** Objects inserted or updated (including those whose foreign keys the flush synced). */
  readonly saved: ReadonlySet<InstanceState>;
  readonly deleted: ReadonlySet<InstanceState>;
  /** Saved objects whose primary key changed: the key values their rows had before the flush. */
  readonly previousKeys: ReadonlyMap<InstanceState, readonly unknown[]>;
}

/**
 * Writes the unit of work in the session's transaction (begun if needed). When it fails, what the
 * flush changed in memory (generated keys, synced foreign keys, version counters) is put back and
 * the error is rethrown: the session then rolls the transaction (or savepoint) back.
 * @internal
 */
export async function flushUnitOfWork(ctx: FlushContext): Promise<FlushOutcome> {
  const conn = await ctx.conn.transactional();
  const journal = new FlushJournal();
  try {
    const plan = await buildFlushPlan(ctx.uow.flushHost((s, p) => ctx.loadRelationship(s, p), ctx.warn));
    const synced = new Map<InstanceState, Set<string>>();
    await executeFlush({
      plan,
      conn: {
        dialect: conn.dialect,
        run: (stmt: Executable) => conn.execute(stmt as Executable<Record<string, unknown>>),
        runCompiled: (compiled) => conn.executeCompiled(compiled),
        schemaTranslateMap: () => conn.effectiveExecutionOptions.schemaTranslateMap,
      },
      journal,
      identityMap: ctx.identityMap,
      synced,
      inserted: new Set(),
      warn: ctx.warn,
    });
    const saved = new Set(plan.saves);
    for (const s of synced.keys()) if (!plan.deleted.has(s)) saved.add(s);
    return { saved, deleted: plan.deleted, previousKeys: previousKeyValues(saved, journal) };
  } catch (e) {
    journal.revert();
    throw e;
  }
}

/** The key values the rows of `states` had before the flush, for those whose key changed. */
function previousKeyValues(
  states: Iterable<InstanceState>,
  journal: FlushJournal,
): Map<InstanceState, readonly unknown[]> {
  const out = new Map<InstanceState, readonly unknown[]>();
  for (const state of states) {
    if (state.key === undefined) continue;
    const props = state.mapper.primaryKeyProps;
    let changed = false;
    const values = props.map((p) => {
      const before = keyValueBefore(state, p.key, journal);
      if (before !== state.dict[p.key]) changed = true;
      return before;
    });
    if (changed) out.set(state, values);
  }
  return out;
}

function keyValueBefore(state: InstanceState, key: string, journal: FlushJournal): unknown {
  if (state.hasCommitted(key)) {
    const original = state.committed[key];
    if (original !== NO_VALUE) return original;
  }
  const kept = journal.originalOf(state, key);
  return kept === NOT_KEPT ? state.dict[key] : kept;
}
