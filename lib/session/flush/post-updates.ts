import { instanceState, type Mapper } from '../../mapper';
import type { Column, Table } from '../../sql';
import { keyOfColumn } from '../column-keys';
import { updatePages } from './batches';
import { syncManyToOne, syncOneToMany, type SyncedChanges } from './foreign-key-sync';
import { runStatement, type FlushRun } from './flush-run';

function columnIn(table: Table, mapper: Mapper<object>, key: string): Column<unknown> | undefined {
  return mapper.columnPropsByKey.get(key)?.columns.find((c) => c.table === table);
}

/** UPDATEs for `changes` grouped by table and changed columns, as batched pages. */
async function writeChanges(run: FlushRun, changes: SyncedChanges): Promise<void> {
  const groups = new Map<string, { table: Table; keys: string[]; values: unknown[]; count: number }>();
  for (const [state, keys] of changes) {
    const mapper = state.mapper;
    for (const table of mapper.tables) {
      const set: Record<string, unknown> = {};
      for (const k of keys) {
        const col = columnIn(table, mapper, k);
        if (col !== undefined) set[col.key] = state.dict[k];
      }
      const setKeys = Object.keys(set).sort();
      if (setKeys.length === 0) continue;
      const sig = `${table.fullName}|${setKeys.join(',')}`;
      let g = groups.get(sig);
      if (g === undefined) groups.set(sig, (g = { table, keys: setKeys, values: [], count: 0 }));
      for (const c of table.primaryKey) g.values.push(state.dict[keyOfColumn(mapper, c)]);
      for (const k of setKeys) g.values.push(set[k]);
      g.count++;
    }
  }
  const caps = run.conn.dialect.capabilities;
  for (const g of groups.values()) {
    for (const page of updatePages(g.table, g.table.primaryKey, g.keys, g.values, g.count, undefined, caps))
      await runStatement(run, page.statement);
  }
}

/**
 * Post-update relationships: foreign keys written by UPDATEs once every row exists, which breaks
 * row cycles (a user's favourite post written after both the user and the post were inserted).
 */
export async function postUpdates(run: FlushRun): Promise<void> {
  const changes: SyncedChanges = new Map();
  for (const state of run.plan.saves) {
    for (const prop of state.mapper.relationships) {
      if (!prop.postUpdate || prop.viewonly) continue;
      if (prop.direction === 'manyToOne') syncManyToOne(state, prop, run.plan, run.journal, changes);
      else if (prop.direction === 'oneToMany') syncOneToMany(state, prop, run.plan, run.journal, changes);
    }
  }
  if (changes.size === 0) return;
  await writeChanges(run, changes);
  // The flush resets what these states hold as committed once it succeeds.
  for (const [state, keys] of changes) {
    const all = run.synced.get(state) ?? new Set<string>();
    for (const k of keys) all.add(k);
    run.synced.set(state, all);
  }
}

/**
 * Before deleting rows of a post-update cycle, clears the post-update foreign keys of deleted
 * rows that point at other rows deleted by this flush (or whose target is not loaded), so the
 * DELETEs in dependency order do not trip over them.
 */
export async function clearPostUpdateKeys(run: FlushRun): Promise<void> {
  const changes: SyncedChanges = new Map();
  for (const state of run.plan.deleted) {
    for (const prop of state.mapper.relationships) {
      if (!prop.postUpdate || prop.viewonly || prop.direction !== 'manyToOne') continue;
      const keys = prop.pairs.map((p) => keyOfColumn(state.mapper, p.dest));
      if (keys.every((k) => state.dict[k] === null || state.dict[k] === undefined)) continue;
      const target = state.isLoaded(prop.key) ? (state.dict[prop.key] as object | null) : undefined;
      const targetDeleted =
        target === undefined
          ? (run.plan.deletes.get(prop.target) ?? []).length > 0
          : target !== null && run.plan.deleted.has(instanceState(target));
      if (!targetDeleted) continue;
      for (const k of keys) run.journal.set(state, k, null);
      changes.set(state, new Set(keys));
    }
  }
  if (changes.size) await writeChanges(run, changes);
}
