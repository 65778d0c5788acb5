import { NO_VALUE, type InstanceState, type RelationshipProperty } from '../mapper';
import type { CompiledQuery, Dialect, Executable, SchemaTranslateMap } from '../sql';
import type { Connection } from '../drivers';
import { executeFlush, type FlushConnection, type FlushResult } from './flush/flush-executor';
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
  readonly loadRelationship: (states: readonly InstanceState[], prop: RelationshipProperty) => Promise<void>;
  /** Emits an `AthanorWarning` through the session. */
  readonly warn: (message: string) => void;
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
    const planned = buildFlushPlan(ctx.uow.flushHost(ctx.loadRelationship, ctx.warn));
    const plan = planned instanceof Promise ? await planned : planned;
    const synced = new Map<InstanceState, Set<string>>();
    await executeFlush({
      plan,
      conn: new SessionFlushConnection(conn),
      journal,
      identityMap: ctx.identityMap,
      synced,
      inserted: new Set(),
      warn: ctx.warn,
    });
    // Objects whose foreign keys the flush synced are saved too; the plan's set serves as it is
    // when there are none beyond it (no copy of every saved state).
    let extra: InstanceState[] | undefined;
    for (const s of synced.keys()) if (!plan.saves.has(s) && !plan.deleted.has(s)) (extra ??= []).push(s);
    const saved = extra === undefined ? plan.saves : new Set([...plan.saves, ...extra]);
    return { saved, deleted: plan.deleted, previousKeys: previousKeyValues(saved, journal) };
  } catch (e) {
    journal.revert();
    throw e;
  }
}

/** The flush's view of the session's connection: one object, no closure per flush. */
class SessionFlushConnection implements FlushConnection {
  readonly dialect: Dialect;

  constructor(private readonly conn: Connection) {
    this.dialect = conn.dialect;
  }

  run(stmt: Executable): Promise<FlushResult> {
    return this.conn.execute(stmt as Executable<Record<string, unknown>>);
  }

  runCompiled(compiled: CompiledQuery): Promise<FlushResult> {
    return this.conn.executeCompiled(compiled);
  }

  schemaTranslateMap(): SchemaTranslateMap | undefined {
    return this.conn.effectiveExecutionOptions.schemaTranslateMap;
  }
}

const NO_KEY_CHANGES: ReadonlyMap<InstanceState, readonly unknown[]> = new Map();

/** The key values the rows of `states` had before the flush, for those whose key changed. */
function previousKeyValues(
  states: Iterable<InstanceState>,
  journal: FlushJournal,
): ReadonlyMap<InstanceState, readonly unknown[]> {
  let out: Map<InstanceState, readonly unknown[]> | undefined;
  for (const state of states) {
    if (state.key === undefined) continue;
    const props = state.mapper.primaryKeyProps;
    // Keys rarely change: the values are only gathered for a state whose key did.
    let changed = false;
    for (const p of props) {
      if (keyValueBefore(state, p.key, journal) !== state.dict[p.key]) {
        changed = true;
        break;
      }
    }
    if (changed)
      (out ??= new Map()).set(
        state,
        props.map((p) => keyValueBefore(state, p.key, journal)),
      );
  }
  return out ?? NO_KEY_CHANGES;
}

function keyValueBefore(state: InstanceState, key: string, journal: FlushJournal): unknown {
  if (state.hasCommitted(key)) {
    const original = state.committed[key];
    if (original !== NO_VALUE) return original;
  }
  const kept = journal.originalOf(state, key);
  return kept === NOT_KEPT ? state.dict[key] : kept;
}
