import type { InstanceState, RelationshipProperty } from '../mapper';
import type { Executable } from '../sql';
import { executeFlush } from './flush/flush-executor';
import { buildFlushPlan } from './flush/flush-plan';
import { FlushJournal } from './flush/journal';
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
      },
      journal,
      identityMap: ctx.identityMap,
      synced,
      inserted: new Set(),
      warn: ctx.warn,
    });
    const saved = new Set(plan.saves);
    for (const s of synced.keys()) if (!plan.deleted.has(s)) saved.add(s);
    return { saved, deleted: plan.deleted };
  } catch (e) {
    journal.revert();
    throw e;
  }
}
