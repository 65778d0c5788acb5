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
  warn(message: string): void;
}

/**
 * Writes the unit of work in the session's transaction. When it fails, the objects are put back
 * as they were (journal) and the database work of this flush is undone: by ROLLBACK TO SAVEPOINT
 * when the transaction already holds work worth keeping (an earlier flush, a Core write, an open
 * savepoint), else by rolling the transaction back; nothing of a failed flush is ever committed.
 * @internal
 */
export async function flushUnitOfWork(ctx: FlushContext): Promise<void> {
  const conn = await ctx.conn.transactional();
  // The first write of a transaction needs no savepoint: rolling back the transaction is enough.
  const savepoint = ctx.conn.hasWrites ? await conn.beginNested() : undefined;
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
    });
    if (savepoint !== undefined) await savepoint.commit();
    ctx.conn.hasWrites = true;
    ctx.uow.flushed(plan, synced.keys());
  } catch (e) {
    journal.revert();
    if (savepoint === undefined) {
      // Nothing of this transaction was worth keeping: roll it back and carry on.
      await ctx.conn.rollback();
    } else {
      try {
        await savepoint.rollback();
      } catch {
        // The connection is gone with the transaction: earlier flushes are lost too.
        ctx.conn.markFailed(e as Error);
      }
    }
    throw e;
  }
}
