import { StaleDataError } from '../../errors';
import { encodeKeyValue, type ColumnProperty, type InstanceState, type Mapper } from '../../mapper';
import type { Column, Table } from '../../sql';
import { keyOfColumn, sameValue } from '../column-keys';
import { updatePages } from './batches';
import { flushSteps } from './flush-order';
import { fire, runPages, type FlushRun, type StepResult } from './flush-run';
import { rowValue, whereKeyValues } from './key-values';
import { addToGroup, columnKeyIn, tableProps, type RowGroup } from './row-groups';
import {
  evaluateKeyExpressions,
  isSqlValue,
  readBackSqlValues,
  readColumnsByKey,
  serverUpdatedColumns,
  sqlValueColumns,
} from './sql-values';
import { syncInheritedForUpdate } from './inherit-sync';
import { updateDefaultColumns, updateDefaultValue } from './update-defaults';
import { fireRefreshFlush, noteRefreshed } from './refresh-events';
import { committedVersions, nextVersion, readVersions, versionWritten, type NextVersion } from './versions';
import { keyColumnsOf } from '../../mapper';

/**
 * Column keys of `state` whose value changed since load / flush (the flush's own, then the
 * user's), without the version (see `nextVersion`) and without keys the database cascaded.
 */
function changedColumnKeys(run: FlushRun, state: InstanceState): string[] {
  const synced = run.synced.get(state);
  const keys: string[] = [];
  if (synced !== undefined) for (const k of synced) if (!run.journal.isCascaded(state, k)) keys.push(k);
  if (state.modified && !run.inserted.has(state)) {
    const byKey = state.mapper.columnPropsByKey;
    const committed = state.committed;
    // Only the attributes that changed have an original recorded: no walk over every column.
    for (const key in committed) {
      if (!byKey.has(key) || synced?.has(key)) continue;
      const original = committed[key];
      if (typeof original === 'symbol' || !sameValue(original, state.dict[key])) keys.push(key);
    }
  }
  const version = state.mapper.versionProp;
  return version === undefined ? keys : keys.filter((k) => k !== version.key);
}

/** Whether the application changed the version attribute itself (a version bumped by hand). */
function versionSetByHand(state: InstanceState): boolean {
  const key = state.mapper.versionProp?.key;
  if (key === undefined || !state.hasCommitted(key)) return false;
  const original = state.committed[key];
  return typeof original === 'symbol' || !sameValue(original, state.dict[key]);
}

/**
 * Whether the database changes `key` of a joined subclass's own table by itself: its key columns
 * refer to the base table's, and a mapper with passive updates leaves them to ON UPDATE CASCADE.
 */
function cascadedInTable(mapper: Mapper<object>, table: Table, key: string): boolean {
  if (table === mapper.tables[0] || !mapper.passiveUpdates) return false;
  const prop = mapper.columnPropsByKey.get(key)!;
  // A key column of the subclass table's own (beside an inheritCondition) is not a copy.
  return prop.isPrimaryKey && prop.columns.length > 1;
}

/** The key columns of a mapper's table as the UPDATEs of the flush use them. */
interface KeyShape {
  readonly pkCols: readonly Column<unknown>[];
  /** The attribute of each key column. */
  readonly pkKeys: readonly string[];
  /** Whether the database cascades each key column by itself (see `rowKeyIn`). */
  readonly pkCascaded: readonly boolean[];
  /** The SET positions (see `TableProps.setPosition`) of the key columns. */
  readonly pkPositions: ReadonlySet<number>;
}

/** Per mapper configuration (its `columnProps` array) and table: see `keyShape`. */
const keyShapeCache = new WeakMap<readonly ColumnProperty[], Map<Table, KeyShape>>();

/** The key columns of `table` for `mapper`'s UPDATEs, worked out once per mapper configuration. */
function keyShape(mapper: Mapper<object>, table: Table): KeyShape {
  let byTable = keyShapeCache.get(mapper.columnProps);
  if (byTable === undefined) keyShapeCache.set(mapper.columnProps, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const tp = tableProps(mapper, table);
    const pkCols = keyColumnsOf(mapper, table);
    const pkKeys = pkCols.map((c) => keyOfColumn(mapper, c));
    found = {
      pkCols,
      pkKeys,
      pkCascaded: pkKeys.map((k) => cascadedInTable(mapper, table, k)),
      pkPositions: new Set(pkKeys.map((k) => tp.setPosition.get(k)).filter((at) => at !== undefined)),
    };
    byTable.set(table, found);
  }
  return found;
}

/** The key that finds `state`'s row in `table` now: one the database cascaded there is the new one. */
function rowKeyIn(
  run: FlushRun,
  state: InstanceState,
  table: Table,
  pkCols: readonly Column<unknown>[],
): unknown[] {
  const mapper = state.mapper;
  const found = whereKeyValues(run, state, pkCols);
  return pkCols.map((c, i) => {
    const key = keyOfColumn(mapper, c);
    return cascadedInTable(mapper, table, key) ? state.dict[key] : found[i];
  });
}

/**
 * UPDATEs the changed rows of `mapper`, table by table: rows that change the same columns go out
 * as batched pages, each row found by the key it has in the database (a natural key changed by
 * the application is found by its old value). A versioned mapper checks the committed version in
 * the version's table and writes the next one.
 */
export function updateStates(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): StepResult {
  syncInheritedForUpdate(run, mapper, states);
  let changed: InstanceState[] | undefined;
  let changedKeys: string[][] | undefined;
  for (const s of states) {
    const keys = changedColumnKeys(run, s);
    if (keys.length === 0 && !versionSetByHand(s)) continue;
    (changed ??= []).push(s);
    (changedKeys ??= []).push(keys);
  }
  // A saved object whose only change was to a collection (its members hold the keys): no UPDATE.
  return changed === undefined ? undefined : writeUpdates(run, mapper, changed, changedKeys!);
}

async function writeUpdates(
  run: FlushRun,
  mapper: Mapper<object>,
  changed: readonly InstanceState[],
  changedKeys: readonly string[][],
): Promise<void> {
  const before = fire(mapper, 'beforeUpdate', changed);
  if (before !== undefined) await before;
  const caps = run.conn.dialect.capabilities;
  const version = mapper.versionProp;
  const expected = version === undefined ? undefined : await committedVersions(run, mapper, changed);
  const next = new Map<InstanceState, NextVersion>();
  if (expected !== undefined) for (const s of changed) next.set(s, nextVersion(s, expected.get(s)));
  const serverVersion = mapper.versioning?.kind === 'server';
  const serverVersioned: InstanceState[] = [];
  const returned = new Set<InstanceState>();
  for (const table of mapper.tables) {
    const tp = tableProps(mapper, table);
    const versionAt = version === undefined ? undefined : tp.setPosition.get(version.key);
    const groups = new Map<number | string, RowGroup>();
    // Rows whose key changes go one per statement, in the order of their old keys: two rows that
    // swap keys would collide inside one statement (unique checks run row by row).
    const keyChanges: { positions: number[]; state: InstanceState }[] = [];
    const { pkCols, pkKeys, pkCascaded, pkPositions } = keyShape(mapper, table);
    // Columns this table's UPDATEs write from their `updateDefault` unless the row sets them.
    const defaulted = updateDefaultColumns(mapper, table);
    // What the version column of each row is set to, in this table.
    const versionValue = new Map<InstanceState, unknown>();
    // Whether an SQL expression may be left to read back: the values written are looked at as they
    // are bound; a row that writes nothing here, or keeps a changed key out (the database cascades
    // it), is looked at in full afterwards as before.
    let sqlValues = run.journal.hasCascaded();
    for (let r = 0; r < changed.length; r++) {
      const s = changed[r]!;
      const positions: number[] = [];
      for (const k of changedKeys[r]!) {
        const at = tp.setPosition.get(k);
        if (at === undefined) continue;
        if (!cascadedInTable(mapper, table, k)) positions.push(at);
        else sqlValues = true;
      }
      if (versionAt !== undefined) {
        const n = next.get(s)!;
        if (n.kind === 'set') versionValue.set(s, n.value);
        // A kept version is written back as it is when nothing else of its table changes, so
        // the row is still checked (and a server-side version still bumped).
        else if (positions.length === 0) versionValue.set(s, expected!.get(s));
        if (versionValue.has(s)) positions.push(versionAt);
        if (serverVersion) serverVersioned.push(s);
      }
      if (positions.length === 0) {
        sqlValues = true;
        continue;
      }
      for (const col of defaulted) {
        const key = keyOfColumn(mapper, col);
        const at = tp.setPosition.get(key)!;
        if (positions.includes(at)) continue;
        run.journal.set(s, key, updateDefaultValue(col));
        noteRefreshed(run, s, key);
        positions.push(at);
      }
      let keyChange = false;
      for (const at of positions) if (pkPositions.has(at)) keyChange = true;
      if (keyChange) keyChanges.push({ positions, state: s });
      else addToGroup(groups, positions, tp.byColumnKey.length, s);
    }
    const versionCol = versionAt === undefined ? undefined : columnKeyIn(table, version!);
    // Rows whose key changes go first (rows that now refer to the new key come after them),
    // parents before the rows of the same mapper that refer to them, then by old key.
    const statements: RowGroup[] = [];
    if (keyChanges.length) {
      // A key set to an SQL expression is evaluated first where the UPDATE cannot return it.
      if (!caps.updateReturning)
        for (const k of keyChanges) await evaluateKeyExpressions(run, mapper, table, k.state);
      const oldKey = (s: InstanceState): string => encodeKey(rowKeyIn(run, s, table, pkCols));
      const positions = new Map(keyChanges.map((k) => [k.state, k.positions.sort((a, b) => a - b)]));
      for (const { states: level } of flushSteps(
        [[mapper]],
        new Map([[mapper, [...positions.keys()]]]),
        false,
      )) {
        level.sort((a, b) => (oldKey(a) < oldKey(b) ? -1 : 1));
        for (const s of level) statements.push({ positions: positions.get(s)!, states: [s] });
      }
    }
    statements.push(...groups.values());
    // Columns the database changed by itself, to read back where RETURNING did not bring them.
    const unreadServer: { s: InstanceState; cols: readonly Column<unknown>[] }[] = [];
    for (const g of statements) {
      const setProps = g.positions.map((pos) => tp.props[tp.byColumnKey[pos]!]!);
      const setKeys = g.positions.map((pos) => tp.columns[tp.byColumnKey[pos]!]!.key);
      const width = pkCols.length + setProps.length + (versionCol ? 1 : 0);
      const values = new Array<unknown>(g.states.length * width);
      let at = 0;
      for (const s of g.states) {
        const dict = s.dict;
        for (let i = 0; i < pkKeys.length; i++) {
          const key = pkKeys[i]!;
          values[at++] = pkCascaded[i] === true ? dict[key] : rowValue(run, s, key);
        }
        for (const p of setProps) {
          const value = dict[p.key];
          if (typeof value === 'object' && value !== null && isSqlValue(value)) sqlValues = true;
          values[at++] = p === version ? versionValue.get(s) : value;
        }
        if (versionCol) values[at++] = expected!.get(s);
      }
      // A version the database makes comes back with the UPDATE where the dialect's RETURNING
      // sees it; elsewhere (SQLite, where only AFTER triggers can make it) a SELECT reads it back.
      const returnVersion =
        versionCol !== undefined && serverVersion && caps.updateReturning && caps.returningSeesTriggerChanges;
      // A row whose key changes alone in its statement returns what SQL expressions made of its
      // columns (its new key among them).
      const single = g.states.length === 1 && keyChanges.length > 0 ? g.states[0]! : undefined;
      const sqlColumns = single !== undefined && caps.updateReturning ? sqlValueColumns(single, table) : [];
      // Computed and server-on-update columns the row does not set come back with the UPDATE
      // (SQLAlchemy's eager defaults) where RETURNING sees them, else a SELECT reads them after.
      const serverCols = serverUpdatedColumns(mapper, table, setKeys);
      const returnServer =
        serverCols.length > 0 &&
        caps.updateReturning &&
        (caps.returningSeesTriggerChanges || serverCols.every((c) => c.computed !== undefined));
      if (serverCols.length > 0 && !returnServer)
        for (const s of g.states) unreadServer.push({ s, cols: serverCols });
      // The usual UPDATE returns nothing: no Set and spreads for it.
      const returning: Column<unknown>[] =
        returnVersion || sqlColumns.length || returnServer
          ? [...new Set([...pkCols, ...sqlColumns, ...(returnServer ? serverCols : [])])]
          : [];
      if (returnVersion) returning.push(versionCol);
      const byNewKey =
        returning.length && single === undefined ? statesByKey(mapper, pkCols, g.states) : undefined;
      const pages = updatePages(table, pkCols, setKeys, values, g.states.length, versionCol, caps, returning);
      await runPages(run, pages, (page, { rowCount, rows, columns }) => {
        const names = columns.map((col) => col.name);
        for (const row of returning.length ? rows : []) {
          const s = single ?? byNewKey!.get(encodeKey(pkCols.map((_, i) => row[names[i]!])));
          if (s === undefined) continue;
          returning.forEach((col, i) => {
            const value = row[names[i]!];
            if (col === versionCol && returnVersion) {
              run.journal.set(s, version!.key, value);
              noteRefreshed(run, s, version!.key);
              versionWritten(run, s, value);
              returned.add(s);
            } else if (sqlColumns.includes(col)) {
              run.journal.set(s, keyOfColumn(mapper, col), value, true);
              noteRefreshed(run, s, keyOfColumn(mapper, col));
            } else if (returnServer && serverCols.includes(col)) {
              run.journal.set(s, keyOfColumn(mapper, col), value);
              noteRefreshed(run, s, keyOfColumn(mapper, col));
            }
          });
        }
        if (rowCount !== page.count) {
          throw new StaleDataError(
            `UPDATE statement on table '${table.fullName}' expected to update ${page.count} row(s); ${rowCount} were matched` +
              (versionCol
                ? ` (${mapper.name}: another transaction changed or deleted them since this session read their version)`
                : ` (${mapper.name}: they were deleted meanwhile)`),
          );
        }
      });
    }
    const readBack = readBackSqlValues(run, mapper, table, changed, false, sqlValues);
    if (readBack !== undefined) await readBack;
    const readServer = readColumnsByKey(run, mapper, table, unreadServer);
    if (readServer !== undefined) await readServer;
    for (const [s, value] of versionValue) {
      if (serverVersion) continue;
      run.journal.set(s, version!.key, value);
      noteRefreshed(run, s, version!.key);
      versionWritten(run, s, value);
    }
  }
  const unread = serverVersioned.filter((s) => !returned.has(s));
  if (unread.length) await readBackVersions(run, mapper, unread);
  const refreshed = fireRefreshFlush(run, mapper);
  if (refreshed !== undefined) await refreshed;
  const after = fire(mapper, 'afterUpdate', changed);
  if (after !== undefined) await after;
}

/** A version the database made: read back after the flush wrote the rows. */
export async function readBackVersions(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<void> {
  const key = mapper.versionProp!.key;
  for (const [s, value] of await readVersions(run, mapper, states, true)) {
    run.journal.set(s, key, value);
    noteRefreshed(run, s, key);
    versionWritten(run, s, value);
  }
}

const encodeKey = (values: readonly unknown[]): string => values.map(encodeKeyValue).join('|');

/** The states of a group by the key their rows have after the UPDATE (their current values). */
function statesByKey(
  mapper: Mapper<object>,
  pkCols: readonly Column<unknown>[],
  states: readonly InstanceState[],
): Map<string, InstanceState> {
  const out = new Map<string, InstanceState>();
  for (const s of states) out.set(encodeKey(pkCols.map((c) => s.dict[keyOfColumn(mapper, c)])), s);
  return out;
}
