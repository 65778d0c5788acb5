import { FlushError, StaleDataError } from '../../errors';
import type { InstanceState, Mapper } from '../../mapper';
import { keyOfColumn } from '../column-keys';
import { updatePages } from './batches';
import { runPages, type FlushRun } from './flush-run';
import { addToGroup, columnKeyIn, tableProps, type RowGroup } from './row-groups';
import { readBackVersions } from './updates';
import { committedVersions, versionWritten } from './versions';
import { keyColumnsOf } from '../../mapper';

// A row switch, as SQLAlchemy's unit of work does it: when a flush deletes an object and inserts a
// new one with the same primary key, the row is UPDATEd with the new object's values instead of
// being DELETEd and INSERTed (which the database refuses while the DELETE has not run, and which
// would lose the row's identity for everything that refers to it). The deleted object still
// leaves the session and the new one becomes persistent; only the statements change.

/** Per flush: new object → the deleted object whose row it takes over. */
const switches = new WeakMap<FlushRun, Map<InstanceState, InstanceState>>();
/** Per flush: the deleted objects whose row is taken over (no DELETE for them). */
const switchedOut = new WeakMap<FlushRun, Set<InstanceState>>();

/**
 * The new objects of `level` whose primary key is that of an object the flush deletes: they take
 * over its row. Found when the level is about to be inserted, once the keys synced from parents
 * are in place (as SQLAlchemy finds them when it organizes the INSERTs). A new object whose key
 * belongs to a persistent object that stays gets a warning (its INSERT will fail on the key), as
 * SQLAlchemy warns.
 */
export function takeRowSwitches(
  run: FlushRun,
  mapper: Mapper<object>,
  level: readonly InstanceState[],
): InstanceState[] {
  const { plan, identityMap } = run;
  // A new key can only collide with an object the session holds.
  if (identityMap.size === 0) return NONE;
  let found: InstanceState[] | undefined;
  const pk = mapper.primaryKeyProps;
  for (const state of level) {
    const dict = state.dict;
    let complete = true;
    for (const p of pk) {
      const v = dict[p.key];
      if (v === undefined || v === null) {
        complete = false;
        break;
      }
    }
    if (!complete) continue; // a generated key: nothing to collide with
    const key = mapper.identityKeyOf(state.obj);
    if (key === undefined) continue;
    const existing = identityMap.get(key);
    if (existing === undefined || existing === state) continue;
    if (plan.deleted.has(existing)) {
      let map = switches.get(run);
      if (map === undefined) switches.set(run, (map = new Map()));
      map.set(state, existing);
      let out = switchedOut.get(run);
      if (out === undefined) switchedOut.set(run, (out = new Set()));
      out.add(existing);
      (found ??= []).push(state);
    } else {
      run.warn(
        `New instance of ${mapper.name} with identity key ${key} conflicts with persistent instance of ${existing.mapper.name}`,
      );
    }
  }
  return found ?? NONE;
}

const NONE: InstanceState[] = [];

/** The deleted object whose row `state` (new) takes over, if any. */
export function switchedFrom(run: FlushRun, state: InstanceState): InstanceState | undefined {
  return switches.get(run)?.get(state);
}

/** Whether `state` (deleted) hands its row to a new object: its DELETE is not sent. */
export function isSwitchedOut(run: FlushRun, state: InstanceState): boolean {
  return switchedOut.get(run)?.has(state) === true;
}

/** Whether the flush has row switches at all (most have none). */
export function hasRowSwitches(run: FlushRun): boolean {
  return switches.has(run);
}

/**
 * UPDATEs the rows that new objects take over: every column attribute the new object holds (its
 * primary key excepted) is written, as the INSERT would have; attributes it never set keep the
 * row's value. A versioned row is matched by the deleted object's committed version and gets the
 * next one.
 */
export async function updateSwitchedRows(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<void> {
  const version = mapper.versionProp;
  const olds = states.map((s) => switchedFrom(run, s)!);
  // The discriminator, as an INSERT would write it.
  const poly = mapper.polymorphicOn;
  if (poly !== undefined && mapper.polymorphicIdentity !== undefined)
    for (const s of states)
      if (s.dict[poly.key] === undefined) run.journal.set(s, poly.key, mapper.polymorphicIdentity);
  const committed = version === undefined ? undefined : await committedVersions(run, mapper, olds);
  const expected = new Map<InstanceState, unknown>();
  const next = new Map<InstanceState, unknown>();
  states.forEach((s, i) => {
    if (committed === undefined) return;
    const was = committed.get(olds[i]!);
    expected.set(s, was);
    const kind = mapper.versioning?.kind;
    if (kind === 'manual') {
      const value = s.dict[version!.key];
      if (value === null || value === undefined) {
        throw new FlushError(
          `${mapper.name} object does not contain a non-NULL version value (${mapper.name}.${version!.key})`,
        );
      }
      next.set(s, value);
    } else if (kind !== 'server') next.set(s, mapper.versioning!.next!(was));
  });
  const caps = run.conn.dialect.capabilities;
  for (const table of mapper.tables) {
    const tp = tableProps(mapper, table);
    const pkKeys = new Set(keyColumnsOf(mapper, table).map((c) => keyOfColumn(mapper, c)));
    const versionAt = version === undefined ? undefined : tp.setPosition.get(version.key);
    const groups = new Map<number | string, RowGroup>();
    for (const s of states) {
      const positions: number[] = [];
      for (const [key, at] of tp.setPosition) {
        if (pkKeys.has(key) || key === version?.key) continue;
        if (key in s.dict) positions.push(at);
      }
      if (versionAt !== undefined && next.has(s)) positions.push(versionAt);
      if (positions.length) addToGroup(groups, positions, tp.byColumnKey.length, s);
    }
    const pkCols = keyColumnsOf(mapper, table);
    const versionCol = versionAt === undefined ? undefined : columnKeyIn(table, version!);
    for (const g of groups.values()) {
      const setProps = g.positions.map((pos) => tp.props[tp.byColumnKey[pos]!]!);
      const setKeys = g.positions.map((pos) => tp.columns[tp.byColumnKey[pos]!]!.key);
      const values: unknown[] = [];
      for (const s of g.states) {
        for (const c of pkCols) values.push(s.dict[keyOfColumn(mapper, c)]);
        for (const p of setProps) values.push(p === version ? next.get(s) : s.dict[p.key]);
        if (versionCol) values.push(expected.get(s));
      }
      const pages = updatePages(table, pkCols, setKeys, values, g.states.length, versionCol, caps);
      await runPages(run, pages, (page, { rowCount }) => {
        if (rowCount !== page.count) {
          throw new StaleDataError(
            `UPDATE statement on table '${table.fullName}' expected to update ${page.count} row(s); ${rowCount} were matched (${mapper.name}: row switch` +
              (versionCol
                ? '; another transaction changed or deleted them since this session read their version)'
                : ')'),
          );
        }
      });
    }
  }
  if (version === undefined) return;
  if (mapper.versioning?.kind === 'server') {
    await readBackVersions(run, mapper, states);
    return;
  }
  for (const [s, value] of next) {
    run.journal.set(s, version.key, value);
    versionWritten(run, s, value);
  }
}
