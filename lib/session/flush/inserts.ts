import { FlushError } from '../../errors';
import type { ColumnProperty, InstanceState, Mapper } from '../../mapper';
import type { Column, DialectCapabilities, Table } from '../../sql';
import { keyOfColumn } from '../column-keys';
import { insertPages } from './batches';
import { runPages, type FlushRun } from './flush-run';
import { noteRefreshed } from './refresh-events';
import { addToGroup, tableProps, type RowGroup } from './row-groups';
import { switchedFrom, takeRowSwitches, updateSwitchedRows } from './row-switch';
import {
  evaluateInsertKeyExpressions,
  hasServerFilledColumns,
  isSqlValue,
  readBackSqlValues,
  unsetServerColumns,
} from './sql-values';
import { readBackVersions } from './updates';
import { checkInsertVersion } from './versions';
import { keyColumnsOf } from '../../mapper';
import { syncInheritedForInsert } from './inherit-sync';

/** Client-side defaults for attributes the object does not set, written into the object. */
function applyDefaults(run: FlushRun, state: InstanceState): void {
  const journal = run.journal;
  // The discriminator first: it is a (usually nullable) column the NULL fill below must not take.
  const poly = state.mapper.polymorphicOn;
  if (
    poly !== undefined &&
    state.dict[poly.key] === undefined &&
    state.mapper.polymorphicIdentity !== undefined
  ) {
    journal.set(state, poly.key, state.mapper.polymorphicIdentity);
  }
  for (const prop of state.mapper.columnProps) {
    if (state.dict[prop.key] !== undefined) continue;
    if (prop.default === undefined) {
      // A nullable column with no default of any kind is NULL: say so, in the object and in the
      // INSERT, so rows that set it and rows that don't share one column set (one batch).
      if (
        prop !== poly &&
        !(prop.isVersion && state.mapper.versioning?.kind === 'server') &&
        prop.columns.every(
          // A type that stores null as a value (JSON null) leaves an unset column to SQL NULL.
          (c) =>
            c.nullable &&
            !c.primaryKey &&
            !c.autoincrement &&
            c.serverDefault === undefined &&
            !c.sqlType.bindsNull,
        )
      )
        journal.set(state, prop.key, null);
      continue;
    }
    const value = typeof prop.default === 'function' ? (prop.default as () => unknown)() : prop.default;
    journal.set(state, prop.key, value);
    if (!prop.isPrimaryKey) noteRefreshed(run, state, prop.key);
  }
}

/**
 * A new object whose primary key has a part that is null and that nothing will generate (no
 * autoincrement, server default or default) is refused before its INSERT is sent: no database
 * can keep a row with a NULL primary key column, though SQLite stores one in a composite key.
 * Checked when its level is inserted, once keys synced from parents are in place.
 */
function refuseNullKey(state: InstanceState): void {
  for (const prop of state.mapper.primaryKeyProps) {
    const value = state.dict[prop.key];
    if (value !== null && value !== undefined) continue;
    if (prop.default !== undefined) continue;
    if (
      prop.columns.some((c) => c.autoincrement || c.serverDefault !== undefined || c.computed !== undefined)
    )
      continue;
    throw new FlushError(
      `${state.mapper.name} object has a NULL identity key: its primary key attribute '${prop.key}' is ${String(value)} and nothing generates it`,
    );
  }
}

/** A column the database may generate on INSERT, with the attribute that holds its value. */
interface Generatable {
  readonly column: Column<unknown>;
  readonly key: string;
}

/** Per mapper configuration (its `columnProps` array) and table: see `generatableColumns`. */
const generatableCache = new WeakMap<readonly ColumnProperty[], Map<Table, readonly Generatable[]>>();

/**
 * The columns of `table` the database can generate for `mapper`'s rows: an autoincrement column,
 * a key column a server default fills (a sequence's next value), a version the database makes.
 * Worked out once per mapper configuration.
 */
function generatableColumns(mapper: Mapper<object>, table: Table): readonly Generatable[] {
  let byTable = generatableCache.get(mapper.columnProps);
  if (byTable === undefined) generatableCache.set(mapper.columnProps, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const serverVersion = mapper.versioning?.kind === 'server' ? mapper.versionProp : undefined;
    const keys = keyColumnsOf(mapper, table);
    found = table.columns
      .filter(
        (c) =>
          c.autoincrement ||
          serverVersion?.columns.includes(c) ||
          (c.serverDefault !== undefined && keys.includes(c)),
      )
      .map((column) => ({ column, key: keyOfColumn(mapper, column) }));
    byTable.set(table, found);
  }
  return found;
}

/** Generated columns an INSERT of `states` must read back: those some of the objects lack. */
function generatedColumns(
  table: Table,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Column<unknown>[] {
  const out: Column<unknown>[] = [];
  for (const { column, key } of generatableColumns(mapper, table)) {
    for (const s of states) {
      if (s.dict[key] === undefined) {
        out.push(column);
        break;
      }
    }
  }
  return out;
}

/**
 * INSERTs one level of `mapper`'s new rows, table by table (base first), grouped by the columns
 * they give; writes generated keys back. The objects become persistent when the whole flush
 * succeeds (the session's unit of work registers them).
 */
export async function insertLevel(
  run: FlushRun,
  mapper: Mapper<object>,
  level: readonly InstanceState[],
): Promise<void> {
  const switched = takeRowSwitches(run, mapper, level);
  if (switched.length) {
    await updateSwitchedRows(run, mapper, switched);
    level = level.filter((s) => switchedFrom(run, s) === undefined);
    if (level.length === 0) return;
  }
  for (const s of level) {
    applyDefaults(run, s);
    checkInsertVersion(s);
    refuseNullKey(s);
  }
  const caps = run.conn.dialect.capabilities;
  for (const table of mapper.tables) {
    syncInheritedForInsert(run, mapper, table, level);
    const evaluated = evaluateInsertKeyExpressions(run, mapper, table, level);
    if (evaluated !== undefined) await evaluated;
    const { props, columns } = tableProps(mapper, table);
    const allPositions = props.map((_, i) => i);
    // Group rows by the columns they give, so each group is one multi-row statement. When the
    // database generates the key, only consecutive rows are grouped: the rows are INSERTed, and
    // so numbered, in the order they were added, as in SQLAlchemy.
    const keepOrder = keyColumnsOf(mapper, table).some((col) => col.autoincrement);
    const groups = new Map<number | string, RowGroup>();
    const runs: RowGroup[] = [];
    let every: RowGroup | undefined;
    // The positions of the last row that left columns out: the next such row usually leaves out
    // the same ones (its generated key) and shares the list.
    let lastGiven: number[] | undefined;
    for (const s of level) {
      const dict = s.dict;
      let given = allPositions;
      for (const p of props) {
        if (dict[p.key] === undefined) {
          given = lastGiven = givenPositions(dict, props, lastGiven);
          break;
        }
      }
      const all = given === allPositions;
      if (keepOrder) {
        const last = runs[runs.length - 1];
        if (last !== undefined && (last.positions === given || samePositions(last.positions, given)))
          last.states.push(s);
        else runs.push({ positions: given, states: [s] });
      } else if (all) {
        // The usual case: the row gives every column (no positions list per row).
        if (every === undefined) groups.set('*', (every = { positions: allPositions, states: [] }));
        every.states.push(s);
      } else {
        addToGroup(groups, given, props.length, s);
      }
    }
    let sqlValues = false;
    for (const group of keepOrder ? runs : groups.values()) {
      const positions = group.positions;
      const sent = await insertGroup(
        run,
        mapper,
        table,
        positions.map((i) => props[i]!),
        positions.map((i) => columns[i]!),
        group.states,
        caps,
      );
      sqlValues ||= sent;
    }
    const readBack = readBackSqlValues(run, mapper, table, level, true, sqlValues);
    if (readBack !== undefined) await readBack;
  }
}

/**
 * Multi-row INSERT pages for rows that give the same columns; generated keys are read back.
 * Resolves to whether a value sent was an SQL expression (its result is read back afterwards).
 */
async function insertGroup(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  props: readonly ColumnProperty[],
  cols: readonly Column<unknown>[],
  states: readonly InstanceState[],
  caps: DialectCapabilities,
): Promise<boolean> {
  const width = cols.length;
  const values = new Array<unknown>(states.length * width);
  let sqlValues = false;
  for (let r = 0, at = 0; r < states.length; r++) {
    const dict = states[r]!.dict;
    for (let c = 0; c < width; c++, at++) {
      const value = dict[props[c]!.key];
      values[at] = value;
      if (typeof value === 'object' && value !== null && isSqlValue(value)) sqlValues = true;
    }
  }
  const generated = generatedColumns(table, mapper, states);
  const canReturn = caps.returning !== 'none';
  const multiRow = generated.length === 0 || (canReturn && caps.multiRowReturningOrdered);
  // Server defaults and computed columns come back with the INSERT where RETURNING can match
  // rows to objects (SQLAlchemy's eager defaults); the others are read by key afterwards.
  const fetched =
    canReturn && (!multiRow || caps.multiRowReturningOrdered) && hasServerFilledColumns(mapper, table)
      ? [...new Set(states.flatMap((s) => unsetServerColumns(s, table)))].filter(
          (c) => !generated.includes(c),
        )
      : [];
  const returning = canReturn ? [...generated, ...fetched] : [];
  const returnKeys = returning.map((c) => keyOfColumn(mapper, c));
  const pages = insertPages(table, cols, values, states.length, returning, caps, multiRow);
  const autoincrement = generated.filter((c) => c.autoincrement);
  const version = mapper.versionProp;
  const versionUnread =
    version !== undefined && returning.length === 0 && generated.some((c) => version.columns.includes(c));
  await runPages(run, pages, (page, { rows, columns, lastInsertId }) => {
    if (returning.length) {
      // Fewer rows than were sent (a trigger skipped some): rows cannot be matched to objects,
      // and a key given to the wrong object is worse than a failed flush.
      if (generated.length && rows.length !== page.count) {
        throw new FlushError(
          `${page.count > 1 ? 'Multi-row' : 'Single-row'} INSERT statement for ${mapper.name} did not produce a new primary key result for each row (${rows.length} of ${page.count}); check for triggers or driver issues that keep the INSERT from writing every row`,
        );
      }
      const names = returning.map((col, j) => columns[j]?.name ?? col.key);
      for (let i = 0; i < page.count; i++) {
        const row = rows[i];
        if (row === undefined) continue;
        const state = states[page.first + i]!;
        for (let j = 0; j < names.length; j++) {
          run.journal.set(state, returnKeys[j]!, row[names[j]!]);
          // The key the INSERT generated is not a refreshed attribute (as in SQLAlchemy).
          if (j >= generated.length) noteRefreshed(run, state, returnKeys[j]!);
        }
      }
    } else if (autoincrement.length === 1 && lastInsertId !== undefined) {
      const col = autoincrement[0]!;
      const value = col.sqlType.affinity === 'bigint' ? BigInt(lastInsertId) : Number(lastInsertId);
      for (let i = 0; i < page.count; i++)
        run.journal.set(states[page.first + i]!, keyOfColumn(mapper, col), value);
    }
  });
  // Without RETURNING, a version the database made is read back by key.
  if (versionUnread) await readBackVersions(run, mapper, states);
  return sqlValues;
}

/** The positions of `props` that `dict` gives a value; `previous` itself when they are the same. */
function givenPositions(
  dict: Record<string, unknown>,
  props: readonly ColumnProperty[],
  previous: number[] | undefined,
): number[] {
  if (previous !== undefined) {
    let j = 0;
    for (let i = 0; i < props.length && j >= 0; i++) {
      if (dict[props[i]!.key] === undefined) continue;
      j = previous[j] === i ? j + 1 : -1;
    }
    if (j === previous.length) return previous;
  }
  const out: number[] = [];
  for (let i = 0; i < props.length; i++) if (dict[props[i]!.key] !== undefined) out.push(i);
  return out;
}

/** Whether two ascending position lists name the same columns. */
function samePositions(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
