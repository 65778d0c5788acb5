import {
  encodeKeyValue,
  instanceState,
  NO_VALUE,
  type InstanceState,
  type Mapper,
  type RelationshipProperty,
} from '../../mapper';
import { select, update, type Column, type Table } from '../../sql';
import { pkInPredicate } from './batches';
import { keyOfColumn, sameValue } from '../column-keys';
import type { IdentityMap } from '../identity-map';
import { related, type CascadeHost } from './cascade-plan';
import { runStatement, type FlushRun, type StepResult } from './flush-run';
import { keyColumnsOf } from '../../mapper';

// Natural keys that change. When a flush changes a column that foreign keys refer to (a natural
// primary key, or a unique column named by a foreign key), the objects that refer to the row get
// the new value: with `passiveUpdates` the database cascades it (ON UPDATE CASCADE) and only the
// objects in memory are brought up to date; without, the flush UPDATEs the referring rows, as
// SQLAlchemy's dependency processors do.

/** A relationship that refers to a mapper's columns, seen from that mapper. */
interface Referrer {
  readonly prop: RelationshipProperty;
  /**
   * How the referring side finds the row: `members` (a one-to-many collection of the switched
   * object), `referrers` (many-to-one references to it, found in the identity map), or
   * `association` (rows of a many-to-many association table).
   */
  readonly via: 'members' | 'referrers' | 'association';
  /** source: the switched mapper's column; dest: the referring column. */
  readonly pairs: readonly { readonly source: Column<unknown>; readonly dest: Column<unknown> }[];
}

const referrersCache = new WeakMap<readonly RelationshipProperty[], readonly Referrer[]>();

/** The relationships (of every mapper of the registry) whose foreign keys refer to `mapper`'s columns. */
function referrersOf(mapper: Mapper<object>): readonly Referrer[] {
  let found = referrersCache.get(mapper.relationships);
  if (found !== undefined) return found;
  const out: Referrer[] = [];
  for (const prop of mapper.relationships) {
    if (prop.viewonly) continue;
    if (prop.direction === 'oneToMany') out.push({ prop, via: 'members', pairs: prop.pairs });
    else if (prop.direction === 'manyToMany') out.push({ prop, via: 'association', pairs: prop.pairs });
  }
  for (const other of mapper.registry.mappers) {
    if (!other.configured) continue;
    for (const prop of other.relationships) {
      if (prop.viewonly || prop.parent !== other || !(mapper.isa(prop.target) || prop.target.isa(mapper)))
        continue;
      if (prop.direction === 'manyToOne') out.push({ prop, via: 'referrers', pairs: prop.pairs });
      else if (prop.direction === 'manyToMany' && prop.backPopulates === undefined)
        out.push({ prop, via: 'association', pairs: prop.secondaryPairs });
    }
  }
  // A relationship to a subclass may refer to columns of a table this mapper does not have.
  found = out.filter((r) => r.pairs.every((p) => mapsColumn(mapper, p.source)));
  referrersCache.set(mapper.relationships, found);
  return found;
}

function mapsColumn(mapper: Mapper<object>, column: Column<unknown>): boolean {
  return mapper.columnProps.some((p) => p.columns.some((c) => c.base === column.base));
}

/** A referenced column of `state` that changed: its attribute key, the old and the new value. */
interface KeyChange {
  readonly source: Column<unknown>;
  readonly old: unknown;
  readonly now: unknown;
}

/** The referenced columns of `state` the application changed since the last flush. */
function keyChanges(state: InstanceState, referrers: readonly Referrer[]): Map<Column<unknown>, KeyChange> {
  const out = new Map<Column<unknown>, KeyChange>();
  if (!state.modified) return out;
  for (const r of referrers) {
    for (const { source } of r.pairs) {
      if (out.has(source)) continue;
      const key = keyOfColumn(state.mapper, source);
      if (!state.hasCommitted(key)) continue;
      const old = state.committed[key];
      const now = state.dict[key];
      if (old === NO_VALUE || old === null || old === undefined || sameValue(old, now)) continue;
      out.set(source, { source, old, now });
    }
  }
  return out;
}

/** The persistent objects of the flush whose referenced keys change, with what changes. */
function switchedStates(
  states: Iterable<InstanceState>,
): { state: InstanceState; referrers: readonly Referrer[]; changes: Map<Column<unknown>, KeyChange> }[] {
  const out = [];
  // A flush's objects come in runs of one mapper: its referrers are looked up once per run.
  let mapper: Mapper<object> | undefined;
  let referrers: readonly Referrer[] = [];
  for (const state of states) {
    if (state.status !== 'persistent' || !state.modified) continue;
    if (state.mapper !== mapper) referrers = referrersOf((mapper = state.mapper));
    if (referrers.length === 0) continue;
    const changes = keyChanges(state, referrers);
    if (changes.size) out.push({ state, referrers, changes });
  }
  return out;
}

/**
 * Before the flush plan is final: the unloaded one-to-many collections of objects whose key
 * changes under a relationship without passive updates are loaded, so their members can be
 * UPDATEd (where SQLAlchemy lazy-loads them).
 */
export function loadForKeySwitches(host: CascadeHost, saves: Iterable<InstanceState>): StepResult {
  const toLoad = new Map<RelationshipProperty, InstanceState[]>();
  for (const { state, referrers, changes } of switchedStates(saves)) {
    for (const r of referrers) {
      if (r.via !== 'members' || r.prop.passiveUpdates || state.isLoaded(r.prop.key)) continue;
      if (!r.pairs.some((p) => changes.has(p.source))) continue;
      const list = toLoad.get(r.prop);
      if (list === undefined) toLoad.set(r.prop, [state]);
      else list.push(state);
    }
  }
  return toLoad.size === 0 ? undefined : loadAll(host, toLoad);
}

async function loadAll(host: CascadeHost, toLoad: Map<RelationshipProperty, InstanceState[]>): Promise<void> {
  for (const [prop, states] of toLoad) await host.loadRelationship(states, prop);
}

/**
 * Objects in the session that may refer to a changed key through a relationship without passive
 * updates, but whose foreign key is expired: their foreign key columns are read (where SQLAlchemy
 * loads the expired attributes to lazy-load the reference), one SELECT per mapper.
 */
async function loadExpiredReferrers(
  run: FlushRun,
  identityMap: IdentityMap,
  switched: ReturnType<typeof switchedStates>,
): Promise<void> {
  const toLoad = new Map<Mapper<object>, { states: Set<InstanceState>; keys: Set<string> }>();
  for (const { state, referrers, changes } of switched) {
    for (const r of referrers) {
      if (r.via !== 'referrers' || r.prop.passiveUpdates) continue;
      const pairs = r.pairs.filter((p) => changes.has(p.source));
      for (const child of identityMap.states()) {
        if (child === state || !child.mapper.isa(r.prop.parent) || child.isLoaded(r.prop.key)) continue;
        const keys = pairs.map((p) => keyOfColumn(child.mapper, p.dest)).filter((k) => child.isExpired(k));
        if (keys.length === 0) continue;
        let entry = toLoad.get(child.mapper);
        if (entry === undefined) toLoad.set(child.mapper, (entry = { states: new Set(), keys: new Set() }));
        entry.states.add(child);
        for (const k of keys) entry.keys.add(k);
      }
    }
  }
  for (const [mapper, { states, keys }] of toLoad) await loadColumns(run, mapper, [...states], [...keys]);
}

/** Reads the committed values of `keys` (columns of one table) for `states` into them, unexpired. */
async function loadColumns(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
  keys: readonly string[],
): Promise<void> {
  const cols = keys.map((k) => mapper.columnPropsByKey.get(k)!.column);
  const table = cols[0]!.table;
  const pkCols = keyColumnsOf(mapper, table);
  const byKey = new Map<string, InstanceState>();
  const pks = states.map((s) => {
    const pk = pkCols.map((c) => s.dict[keyOfColumn(mapper, c)]);
    byKey.set(pk.map(encodeKeyValue).join('|'), s);
    return pk;
  });
  const { rows, columns } = await run.conn.run(select(...pkCols, ...cols).where(pkInPredicate(pkCols, pks)));
  const names = columns.map((c) => c.name);
  for (const row of rows) {
    const s = byKey.get(pkCols.map((_, i) => encodeKeyValue(row[names[i]!])).join('|'));
    if (s === undefined) continue;
    keys.forEach((k, i) => (s.dict[k] = row[names[pkCols.length + i]!]));
    s.clearExpired(keys);
  }
}

/** One referring column to bring up to date, and whether the database cascades it. */
interface Pending {
  value: unknown;
  passive: boolean;
}

/**
 * Gives the objects that refer to a changed key the new value, before anything is written: a
 * passive relationship's change is only in memory (the database cascades it), a non-passive one
 * is UPDATEd with the referring row (found by its old key when the foreign key is part of its
 * primary key). Association rows of many-to-many relationships without passive updates are
 * UPDATEd by `updateAssociationKeys` once the referenced rows have their new keys.
 */
export function syncKeySwitches(run: FlushRun, identityMap: IdentityMap): StepResult {
  const switched = switchedStates(run.plan.saves);
  return switched.length === 0 ? undefined : syncSwitched(run, identityMap, switched);
}

async function syncSwitched(
  run: FlushRun,
  identityMap: IdentityMap,
  switched: ReturnType<typeof switchedStates>,
): Promise<void> {
  await loadExpiredReferrers(run, identityMap, switched);
  const pending = new Map<InstanceState, Map<string, Pending>>();
  const note = (child: InstanceState, key: string, value: unknown, passive: boolean): void => {
    let byKey = pending.get(child);
    if (byKey === undefined) pending.set(child, (byKey = new Map()));
    const known = byKey.get(key);
    // Cascaded only when every relationship that reaches the row leaves it to the database.
    byKey.set(key, { value, passive: passive && (known?.passive ?? true) });
  };
  for (const { state, referrers, changes } of switched) {
    for (const r of referrers) {
      const pairs = r.pairs.filter((p) => changes.has(p.source));
      if (pairs.length === 0) continue;
      const matches = (child: InstanceState): boolean =>
        pairs.every((p) =>
          sameValue(child.dict[keyOfColumn(child.mapper, p.dest)], changes.get(p.source)!.old),
        );
      const give = (child: InstanceState): void => {
        if (run.plan.deleted.has(child) || !matches(child)) return;
        for (const p of pairs)
          note(child, keyOfColumn(child.mapper, p.dest), changes.get(p.source)!.now, r.prop.passiveUpdates);
      };
      if (r.via === 'members') {
        if (!state.isLoaded(r.prop.key)) continue;
        for (const obj of related(state.dict[r.prop.key])) give(instanceState(obj));
      } else if (r.via === 'referrers') {
        for (const child of identityMap.states()) {
          if (child === state || !child.mapper.isa(r.prop.parent)) continue;
          if (child.isLoaded(r.prop.key)) {
            if (related(child.dict[r.prop.key]).includes(state.obj)) give(child);
          } else give(child);
        }
      } else if (!r.prop.passiveUpdates) {
        const secondary = r.prop.secondary!;
        for (const p of pairs)
          associationKeys(run).push({ table: secondary, column: p.dest, ...changes.get(p.source)! });
      }
    }
  }
  for (const [child, byKey] of pending) {
    let synced = run.synced.get(child);
    for (const [key, { value, passive }] of byKey) {
      if (sameValue(child.dict[key], value)) continue;
      const isPk = child.mapper.columnPropsByKey.get(key)?.isPrimaryKey ?? false;
      run.journal.set(child, key, value, isPk);
      if (passive) run.journal.markCascaded(child, key);
      // Noted as synced either way: the object's new state is settled (and re-keyed) after the
      // flush; a cascaded key is left out of the UPDATE.
      if (synced === undefined) run.synced.set(child, (synced = new Set()));
      synced.add(key);
    }
  }
}

/** An association-table column to move from an old key value to the new one. */
interface AssociationKeyChange {
  table: Table;
  column: Column<unknown>;
  old: unknown;
  now: unknown;
}

/** Association-table columns to move, per flush. */
const associationChanges = new WeakMap<FlushRun, AssociationKeyChange[]>();

function associationKeys(run: FlushRun): AssociationKeyChange[] {
  let list = associationChanges.get(run);
  if (list === undefined) associationChanges.set(run, (list = []));
  return list;
}

/**
 * `UPDATE association SET fk = new WHERE fk = old` for many-to-many relationships without passive
 * updates, once the referenced rows have their new keys. No rowcount check: every row that held
 * the old key moves (none, when the database cascaded them already).
 */
export function updateAssociationKeys(run: FlushRun): StepResult {
  const list = associationChanges.get(run);
  return list === undefined ? undefined : updateRows(run, list);
}

async function updateRows(run: FlushRun, list: readonly AssociationKeyChange[]): Promise<void> {
  for (const { table, column, old, now } of list) {
    const stmt = update(table)
      .set({ [column.key]: now } as never)
      .where(column.eq(old));
    await runStatement(run, { build: () => stmt });
  }
}
