import { StaleDataError } from '../../errors';
import type { InstanceState, Mapper, RelationshipProperty } from '../../mapper';
import { associationChanges } from './associations';
import { deletePages } from './batches';
import { clearForeignKey, syncManyToOne, syncOneToMany } from './foreign-key-sync';
import { flushSteps, isPostUpdate } from './flush-order';
import { fire, runPages, type FlushRun } from './flush-run';
import { planHas } from './flush-traits';
import { insertLevel } from './inserts';
import { fireRefreshFlush } from './refresh-events';
import { loadOrderKeys } from './order-keys';
import { hasRowSwitches, isSwitchedOut } from './row-switch';
import { syncKeySwitches, updateAssociationKeys } from './key-switches';
import { clearPostUpdateKeys, postUpdates } from './post-updates';
import { columnKeyIn } from './row-groups';
import { updateStates } from './updates';
import { whereKeyValues } from './key-values';
import { committedVersions } from './versions';
import { keyColumnsOf } from '../../mapper';

export type { FlushConnection, FlushResult, FlushRun } from './flush-run';

/**
 * Writes the flush plan: inserts (parents first, self-referential rows level by level), updates,
 * post-updates, association rows, then deletes (children first).
 */
export async function executeFlush(run: FlushRun): Promise<void> {
  const { plan } = run;
  // Each step below that usually has nothing to do returns undefined then, and is not awaited.
  let step = syncKeySwitches(run, run.identityMap);
  if (step !== undefined) await step;
  for (const group of plan.groups) {
    for (const { mapper, states: level } of flushSteps([group], plan.inserts, false)) {
      const { incoming, outgoing } = syncProps(mapper);
      if (incoming.length) for (const s of level) syncIncoming(run, s, incoming);
      if ((step = fire(mapper, 'beforeInsert', level)) !== undefined) await step;
      await insertLevel(run, mapper, level);
      for (const s of level) {
        // The INSERT wrote every value it had; only keys synced from now on need an UPDATE.
        run.synced.delete(s);
        run.journal.forgetOriginals(s);
        run.inserted.add(s);
      }
      if (outgoing.length) for (const s of level) syncOutgoing(run, s, outgoing);
      if ((step = fireRefreshFlush(run, mapper)) !== undefined) await step;
      if ((step = fire(mapper, 'afterInsert', level)) !== undefined) await step;
    }
    // Rows already in the database give their keys to new members of later mappers before
    // those are inserted.
    for (const mapper of group) {
      const { incoming, outgoing } = syncProps(mapper);
      if (incoming.length === 0 && outgoing.length === 0) continue;
      for (const s of plan.updates.get(mapper) ?? []) {
        syncIncoming(run, s, incoming);
        syncOutgoing(run, s, outgoing);
      }
    }
  }
  // Children of deleted parents (no delete cascade) lose their key before the parents go.
  for (const [child, keys] of plan.clearKeys) {
    for (const { prop, parent } of keys) clearForeignKey(child, prop, parent, run.journal, run.synced);
  }
  // Updates go after every insert: syncing a one-to-many can dirty rows of any mapper.
  const dirty = new Map<Mapper<object>, InstanceState[]>();
  const toUpdate = (s: InstanceState): void => {
    // Inserted by this flush (persistent in the database, registered as such after the flush):
    // only keys synced after its INSERT need an UPDATE. Two lookups per inserted row, not four.
    if (run.inserted.has(s) ? !run.synced.has(s) : s.status !== 'persistent') return;
    if (plan.deleted.has(s)) return;
    const list = dirty.get(s.mapper);
    if (list === undefined) dirty.set(s.mapper, [s]);
    else list.push(s);
  };
  for (const s of plan.saves) toUpdate(s);
  for (const s of run.synced.keys()) if (!plan.saves.has(s)) toUpdate(s);
  for (const mapper of plan.order.concat([...dirty.keys()].filter((m) => !plan.order.includes(m)))) {
    const states = dirty.get(mapper);
    if (states !== undefined && (step = updateStates(run, mapper, states)) !== undefined) await step;
  }
  if ((step = updateAssociationKeys(run)) !== undefined) await step;
  const postUpdate = planHas(plan, 'postUpdate');
  if (postUpdate) await postUpdates(run);
  if ((step = fireRefreshFlush(run)) !== undefined) await step;
  if (planHas(plan, 'manyToMany')) await associationChanges(run);
  if (postUpdate) await clearPostUpdateKeys(run);
  if (plan.deletes.size === 0) return;
  if ((step = loadOrderKeys(run)) !== undefined) await step;
  const switched = hasRowSwitches(run);
  for (const deleting of flushSteps(plan.groups, plan.deletes, true)) {
    const { mapper } = deleting;
    // A row taken over by a new object (row switch) is updated, not deleted.
    const states = switched ? deleting.states.filter((s) => !isSwitchedOut(run, s)) : deleting.states;
    if (states.length === 0) continue;
    if ((step = fire(mapper, 'beforeDelete', states)) !== undefined) await step;
    await deleteLevel(run, mapper, states);
    if ((step = fire(mapper, 'afterDelete', states)) !== undefined) await step;
  }
}

/** The relationships whose foreign keys the flush syncs, per mapper configuration. */
interface SyncProps {
  /** Many-to-one references (non post-update): keys this object holds. */
  readonly incoming: readonly RelationshipProperty[];
  /** One-to-many collections (non post-update): keys this object gives its members. */
  readonly outgoing: readonly RelationshipProperty[];
}

const syncPropsCache = new WeakMap<readonly RelationshipProperty[], SyncProps>();

function syncProps(mapper: Mapper<object>): SyncProps {
  let found = syncPropsCache.get(mapper.relationships);
  if (found === undefined) {
    const synced = mapper.relationships.filter((p) => !p.viewonly && !isPostUpdate(p));
    found = {
      incoming: synced.filter((p) => p.direction === 'manyToOne'),
      outgoing: synced.filter((p) => p.direction === 'oneToMany'),
    };
    syncPropsCache.set(mapper.relationships, found);
  }
  return found;
}

/** Foreign keys this object holds: many-to-one references (non post-update). */
function syncIncoming(run: FlushRun, state: InstanceState, props: readonly RelationshipProperty[]): void {
  for (const prop of props) syncManyToOne(state, prop, run.plan, run.journal, run.synced);
}

/** Foreign keys this object's collections give their members (one-to-many, non post-update). */
function syncOutgoing(run: FlushRun, state: InstanceState, props: readonly RelationshipProperty[]): void {
  for (const prop of props) syncOneToMany(state, prop, run.plan, run.journal, run.synced);
}

async function deleteLevel(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<void> {
  const caps = run.conn.dialect.capabilities;
  const version = mapper.versionProp;
  const expected = version === undefined ? undefined : await committedVersions(run, mapper, states);
  // Sub-tables first: their rows refer to the base table's.
  for (const table of [...mapper.tables].reverse()) {
    const versionCol = version === undefined ? undefined : columnKeyIn(table, version);
    const pkCols = keyColumnsOf(mapper, table);
    const values: unknown[] = [];
    for (const s of states) {
      for (const v of whereKeyValues(run, s, pkCols)) values.push(v);
      if (versionCol !== undefined) values.push(expected!.get(s));
    }
    const pages = deletePages(table, pkCols, values, states.length, versionCol, caps);
    const confirm = mapper.confirmDeletedRows;
    await runPages(run, pages, (page, { rowCount }) => {
      if (!confirm) return;
      if (versionCol === undefined && rowCount !== page.count) {
        // SQLAlchemy warns (no error): the rows are gone, which is what the DELETE wanted.
        run.warn(
          `DELETE statement on table '${table.fullName}' expected to delete ${page.count} row(s); ${rowCount} were matched (${mapper.name}: deleted meanwhile by another transaction or statement; confirmDeletedRows: false on its @Table accepts this)`,
        );
      } else if (versionCol !== undefined && rowCount !== page.count) {
        throw new StaleDataError(
          `DELETE statement on table '${table.fullName}' expected to delete ${page.count} row(s); ${rowCount} were matched (${mapper.name}: another transaction changed or deleted them since this session read their version)`,
        );
      }
    });
  }
}
