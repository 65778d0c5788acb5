import { StaleDataError } from '../../errors';
import { instanceState, type InstanceState, type Mapper } from '../../mapper';
import type { Column, Table } from '../../sql';
import { keyOfColumn, sameValue } from '../column-keys';
import { updatePages } from './batches';
import { isPostUpdate } from './flush-order';
import { related } from './flush-plan';
import { syncManyToOne, syncOneToMany, type SyncedChanges } from './foreign-key-sync';
import { runPages, type FlushRun } from './flush-run';
import { readBackSqlValues } from './sql-values';
import { givenByApplication, updateDefaultColumns, updateDefaultValue } from './update-defaults';
import { noteRefreshed } from './refresh-events';
import { committedVersions, versionWritten } from './versions';
import { keyColumnsOf } from '../../mapper';

function columnIn(table: Table, mapper: Mapper<object>, key: string): Column<unknown> | undefined {
  return mapper.columnPropsByKey.get(key)?.columns.find((c) => c.table === table);
}

/** Post-update rows of one table that set the same columns and treat the version alike. */
interface PostUpdateGroup {
  readonly table: Table;
  readonly mapper: Mapper<object>;
  readonly keys: string[];
  readonly versionColumn: Column<unknown> | undefined;
  readonly values: unknown[];
  /** The rows, in order (SQL-valued `updateDefault`s are read back into them). */
  readonly states: InstanceState[];
  count: number;
}

/**
 * UPDATEs for `changes`, grouped by table and changed columns, as batched pages. A versioned row
 * is matched by its committed version too, and gets the next one from the mapper's counter or
 * generator unless this flush inserted it (SQLAlchemy: the INSERT wrote the first version); a
 * row that does not match raises `StaleDataError`, as every UPDATE of the flush does. Columns
 * with an `updateDefault` the application did not set are written too; with `intoObjects` the
 * objects get those values (not for rows about to be deleted, as in SQLAlchemy).
 */
async function writeChanges(run: FlushRun, changes: SyncedChanges, intoObjects: boolean): Promise<void> {
  const expected = new Map<InstanceState, unknown>();
  const byMapper = new Map<Mapper<object>, InstanceState[]>();
  for (const state of changes.keys()) {
    if (state.mapper.versionProp === undefined) continue;
    const list = byMapper.get(state.mapper);
    if (list === undefined) byMapper.set(state.mapper, [state]);
    else list.push(state);
  }
  for (const [mapper, states] of byMapper)
    for (const [s, v] of await committedVersions(run, mapper, states)) expected.set(s, v);
  const bumped = new Map<InstanceState, unknown>();
  const groups = new Map<string, PostUpdateGroup>();
  for (const [state, keys] of changes) {
    const mapper = state.mapper;
    const version = mapper.versionProp;
    for (const table of mapper.tables) {
      const set: Record<string, unknown> = {};
      for (const k of keys) {
        const col = columnIn(table, mapper, k);
        if (col !== undefined) set[col.key] = state.dict[k];
      }
      if (Object.keys(set).length === 0) continue;
      for (const col of updateDefaultColumns(mapper, table)) {
        const key = keyOfColumn(mapper, col);
        if (col.key in set || givenByApplication(run, state, key)) continue;
        set[col.key] = updateDefaultValue(col);
        if (intoObjects) {
          run.journal.set(state, key, set[col.key]);
          noteRefreshed(run, state, key);
        }
      }
      const versionColumn = version === undefined ? undefined : columnIn(table, mapper, version.key);
      const next = mapper.versioning?.next;
      if (versionColumn !== undefined && next !== undefined && !run.inserted.has(state)) {
        const value = next(expected.get(state));
        bumped.set(state, value);
        set[versionColumn.key] = value;
      }
      const setKeys = Object.keys(set).sort();
      const sig = `${table.fullName}|${setKeys.join(',')}|${versionColumn?.key ?? ''}`;
      let g = groups.get(sig);
      if (g === undefined) {
        g = { table, mapper, keys: setKeys, versionColumn, values: [], states: [], count: 0 };
        groups.set(sig, g);
      }
      for (const c of keyColumnsOf(mapper, table)) g.values.push(state.dict[keyOfColumn(mapper, c)]);
      for (const k of setKeys) g.values.push(set[k]);
      if (versionColumn !== undefined) g.values.push(expected.get(state));
      g.states.push(state);
      g.count++;
    }
  }
  const caps = run.conn.dialect.capabilities;
  for (const g of groups.values()) {
    const { table, keys, values, count, versionColumn } = g;
    const pages = updatePages(table, keyColumnsOf(g.mapper, table), keys, values, count, versionColumn, caps);
    await runPages(run, pages, (page, { rowCount }) => {
      if (rowCount !== page.count) {
        throw new StaleDataError(
          `UPDATE statement on table '${table.fullName}' expected to update ${page.count} row(s); ${rowCount} were matched (${g.mapper.name}: post-update` +
            (versionColumn
              ? '; another transaction changed or deleted them since this session read their version)'
              : ')'),
        );
      }
    });
    const readBack = intoObjects ? readBackSqlValues(run, g.mapper, table, g.states) : undefined;
    if (readBack !== undefined) await readBack;
  }
  for (const [state, value] of bumped) {
    run.journal.set(state, state.mapper.versionProp!.key, value);
    noteRefreshed(run, state, state.mapper.versionProp!.key);
    versionWritten(run, state, value);
  }
}

/** Adds `keys` of `state` to `into` (the states the flush changed, for the unit of work). */
function note(into: SyncedChanges, state: InstanceState, keys: Iterable<string>): void {
  let all = into.get(state);
  if (all === undefined) into.set(state, (all = new Set()));
  for (const k of keys) all.add(k);
}

/**
 * Post-update relationships: foreign keys written by UPDATEs once every row exists, which breaks
 * row cycles (a user's favourite post written after both the user and the post were inserted).
 */
export async function postUpdates(run: FlushRun): Promise<void> {
  const changes: SyncedChanges = new Map();
  for (const state of run.plan.saves) {
    for (const prop of state.mapper.relationships) {
      if (!isPostUpdate(prop) || prop.viewonly) continue;
      if (prop.direction === 'manyToOne') syncManyToOne(state, prop, run.plan, run.journal, changes);
      else if (prop.direction === 'oneToMany') syncOneToMany(state, prop, run.plan, run.journal, changes);
    }
  }
  if (changes.size === 0) return;
  await writeChanges(run, changes, true);
  // The flush resets what these states hold as committed once it succeeds.
  for (const [state, keys] of changes) note(run.synced, state, keys);
}

/**
 * Before the DELETEs, as SQLAlchemy's post-update dependency processing: a deleted row that
 * refers to another row through a post-update many-to-one gets that key set to NULL, and the
 * members of a deleted owner's post-update one-to-many lose their key to it (deleted members
 * too), so the DELETEs in dependency order never trip over the cycle the post-update breaks.
 */
export async function clearPostUpdateKeys(run: FlushRun): Promise<void> {
  const changes: SyncedChanges = new Map();
  const clear = (state: InstanceState, keys: readonly string[]): void => {
    for (const k of keys) run.journal.set(state, k, null);
    note(changes, state, keys);
  };
  for (const state of run.plan.deleted) {
    for (const prop of state.mapper.relationships) {
      if (!isPostUpdate(prop) || prop.viewonly) continue;
      if (prop.direction === 'manyToOne') {
        const keys = prop.pairs.map((p) => keyOfColumn(state.mapper, p.dest));
        if (keys.every((k) => state.dict[k] === null || state.dict[k] === undefined)) continue;
        clear(state, keys);
      } else if (prop.direction === 'oneToMany' && state.isLoaded(prop.key)) {
        const ownerValues = prop.pairs.map((p) => state.dict[keyOfColumn(state.mapper, p.source)]);
        for (const obj of related(state.dict[prop.key])) {
          const child = instanceState(obj);
          const keys = prop.pairs.map((p) => keyOfColumn(child.mapper, p.dest));
          if (keys.every((k, i) => sameValue(child.dict[k], ownerValues[i]))) clear(child, keys);
        }
      }
    }
  }
  if (changes.size) await writeChanges(run, changes, false);
}
