import { encodeKeyValue, type ColumnProperty, type InstanceState, type Mapper } from '../../mapper';
import { Expression, select, type Column, type Table } from '../../sql';
import { keyOfColumn } from '../column-keys';
import { pkInPredicate, pkPredicate } from './batches';
import type { FlushRun, StepResult } from './flush-run';
import { noteRefreshed } from './refresh-events';
import { whereKeyValues } from './key-values';
import { keyColumnsOf } from '../../mapper';

// Attributes set to an SQL expression (`user.visits = attrs(User).visits.add(1)`): the statement
// writes the expression, and the value it produced is read back into the object, as SQLAlchemy
// does (with RETURNING where the dialect has it, else by a SELECT after the statement).

/** Whether an attribute holds an SQL expression to be evaluated by the database. */
export function isSqlValue(value: unknown): value is Expression<unknown> {
  return typeof value === 'object' && value !== null && value instanceof Expression;
}

/** The columns of `table` whose attribute on `state` holds an SQL expression. */
export function sqlValueColumns(state: InstanceState, table: Table): Column<unknown>[] {
  const out: Column<unknown>[] = [];
  for (const prop of state.mapper.columnProps) {
    if (!isSqlValue(state.dict[prop.key])) continue;
    const col = prop.columns.find((c) => c.table === table);
    if (col !== undefined) out.push(col);
  }
  return out;
}

/**
 * A primary key set to an SQL expression on a dialect whose UPDATE cannot return it (MariaDB):
 * the expression is evaluated first, on the row locked FOR UPDATE, and the UPDATE writes the
 * value, so the identity map learns the new key.
 */
export async function evaluateKeyExpressions(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  state: InstanceState,
): Promise<void> {
  const pkCols = keyColumnsOf(mapper, table);
  const exprs = pkCols.filter((c) => isSqlValue(state.dict[keyOfColumn(mapper, c)]));
  if (exprs.length === 0) return;
  const where = pkPredicate(pkCols, whereKeyValues(run, state, pkCols));
  let stmt = select(...exprs.map((c) => state.dict[keyOfColumn(mapper, c)] as Expression<unknown>)).where(
    where,
  );
  if (run.conn.dialect.capabilities.forUpdate) stmt = stmt.forUpdate();
  const { rows, columns } = await run.conn.run(stmt);
  const row = rows[0];
  if (row === undefined) return; // the UPDATE then matches nothing: StaleDataError
  exprs.forEach((c, i) => run.journal.set(state, keyOfColumn(mapper, c), row[columns[i]!.name], true));
}

/**
 * New rows whose primary key is given as an SQL expression (`id = literal(5).add(10)`): the
 * expression is evaluated first, one `SELECT expr` per row, and the INSERT writes the value, so
 * the object and the identity map know the key the database computed (SQLAlchemy reads it back
 * with RETURNING; reading the row back by a key that is still an expression is impossible).
 */
export function evaluateInsertKeyExpressions(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  states: readonly InstanceState[],
): StepResult {
  const pkKeys = keyColumnsOf(mapper, table).map((c) => keyOfColumn(mapper, c));
  // Keys given as SQL expressions are rare: the usual level allocates nothing here.
  for (const s of states) {
    const dict = s.dict;
    for (const k of pkKeys) if (isSqlValue(dict[k])) return evaluateKeys(run, states, pkKeys);
  }
  return undefined;
}

async function evaluateKeys(
  run: FlushRun,
  states: readonly InstanceState[],
  pkKeys: readonly string[],
): Promise<void> {
  for (const state of states) {
    const keys = pkKeys.filter((k) => isSqlValue(state.dict[k]));
    if (keys.length === 0) continue;
    const { rows, columns } = await run.conn.run(
      select(...keys.map((k) => state.dict[k] as Expression<unknown>)),
    );
    const row = rows[0]!;
    keys.forEach((k, i) => run.journal.set(state, k, row[columns[i]!.name]));
  }
}

/** A column of a table the database fills on INSERT when the row gives no value, with its attribute. */
interface ServerFilled {
  readonly key: string;
  readonly column: Column<unknown>;
}

/** Per mapper configuration (its `columnProps` array) and table: see `serverFilledColumns`. */
const serverFilledCache = new WeakMap<readonly ColumnProperty[], Map<Table, readonly ServerFilled[]>>();

/**
 * The columns of `table` the database fills on INSERT (a server default or a computed column,
 * not the key or the version, which are read back on their own), worked out once per mapper.
 */
function serverFilledColumns(mapper: Mapper<object>, table: Table): readonly ServerFilled[] {
  let byTable = serverFilledCache.get(mapper.columnProps);
  if (byTable === undefined) serverFilledCache.set(mapper.columnProps, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const out: ServerFilled[] = [];
    for (const prop of mapper.columnProps) {
      if (prop.isPrimaryKey || prop.isVersion) continue;
      const column = prop.columns.find((c) => c.table === table);
      if (column !== undefined && (column.serverDefault !== undefined || column.computed !== undefined))
        out.push({ key: prop.key, column });
    }
    byTable.set(table, (found = out));
  }
  return found;
}

/** Whether `table` has columns the database fills on INSERT (see `unsetServerColumns`). */
export function hasServerFilledColumns(mapper: Mapper<object>, table: Table): boolean {
  return serverFilledColumns(mapper, table).length > 0;
}

/**
 * The columns of `table` the database fills on INSERT (a server default or a computed column,
 * not the key or the version, which are read back on their own) that `state` gives no value for.
 */
export function unsetServerColumns(state: InstanceState, table: Table): Column<unknown>[] {
  const out: Column<unknown>[] = [];
  for (const { key, column } of serverFilledColumns(state.mapper, table))
    if (state.dict[key] === undefined) out.push(column);
  return out;
}

/**
 * The columns of `table` the database changes by itself when it UPDATEs a row (computed columns
 * and `serverOnUpdate` ones, not the key or the version), which an UPDATE setting `setKeys`
 * leaves to the database.
 */
export function serverUpdatedColumns(
  mapper: Mapper<object>,
  table: Table,
  setKeys: readonly string[],
): readonly Column<unknown>[] {
  const candidates = serverUpdatedCandidates(mapper, table);
  // Most tables have none: no new array per UPDATE statement then.
  return candidates.length === 0 ? candidates : candidates.filter((c) => !setKeys.includes(c.key));
}

/** Per mapper configuration (its `columnProps` array) and table: see `serverUpdatedCandidates`. */
const serverUpdatedCache = new WeakMap<readonly ColumnProperty[], Map<Table, readonly Column<unknown>[]>>();

/** The columns of `table` the database may change on UPDATE (see `serverUpdatedColumns`), once per mapper. */
function serverUpdatedCandidates(mapper: Mapper<object>, table: Table): readonly Column<unknown>[] {
  let byTable = serverUpdatedCache.get(mapper.columnProps);
  if (byTable === undefined) serverUpdatedCache.set(mapper.columnProps, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const version = mapper.versionProp;
    found = table.columns.filter(
      (c) =>
        (c.computed !== undefined || c.serverOnUpdate) &&
        !c.primaryKey &&
        !(version?.columns.includes(c) ?? false) &&
        mapper.columnPropsByKey.has(keyOfColumn(mapper, c)),
    );
    byTable.set(table, found);
  }
  return found;
}

/**
 * After the statements that wrote them: the values SQL expressions produced, and (after an
 * INSERT) the server-generated values RETURNING did not bring back, read by key.
 */
export function readBackSqlValues(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  states: readonly InstanceState[],
  inserted = false,
  /** False when the caller saw every value written and none was an SQL expression. */
  sqlValues = true,
): StepResult {
  // Nothing to look for: no SQL expression was written, and the table fills no column itself.
  if (!sqlValues && !(inserted && hasServerFilledColumns(mapper, table))) return undefined;
  // Most rows hold no SQL expression and leave no server-filled column unset: nothing to read.
  if (!states.some((s) => needsReadBack(s, table, inserted, sqlValues))) return undefined;
  const pending = states
    .map((s) => ({
      s,
      cols: [...sqlValueColumns(s, table), ...(inserted ? unsetServerColumns(s, table) : [])],
    }))
    .filter((x) => x.cols.length > 0);
  return readColumnsByKey(
    run,
    mapper,
    table,
    pending,
    (now) => isSqlValue(now) || (inserted && now === undefined),
  );
}

/** Whether `state` has a column of `table` to read back (see `readBackSqlValues`), allocation-free. */
function needsReadBack(state: InstanceState, table: Table, inserted: boolean, sqlValues: boolean): boolean {
  const dict = state.dict;
  if (sqlValues) for (const prop of state.mapper.columnProps) if (isSqlValue(dict[prop.key])) return true;
  if (!inserted) return false;
  for (const { key } of serverFilledColumns(state.mapper, table)) if (dict[key] === undefined) return true;
  return false;
}

/**
 * Reads `cols` of each pending state's row in one SELECT by key, and writes the values into the
 * objects whose current value `take` accepts.
 */
export function readColumnsByKey(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  pending: readonly { s: InstanceState; cols: readonly Column<unknown>[] }[],
  take: (now: unknown) => boolean = () => true,
): StepResult {
  return pending.length === 0 ? undefined : readByKey(run, mapper, table, pending, take);
}

async function readByKey(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  pending: readonly { s: InstanceState; cols: readonly Column<unknown>[] }[],
  take: (now: unknown) => boolean,
): Promise<void> {
  const cols = [...new Set(pending.flatMap((x) => x.cols))];
  const pkCols = keyColumnsOf(mapper, table);
  const keyOf = (values: readonly unknown[]): string => values.map(encodeKeyValue).join('|');
  const byKey = new Map<string, { s: InstanceState; cols: readonly Column<unknown>[] }>();
  const pks = pending.map((x) => {
    const pk = pkCols.map((c) => x.s.dict[keyOfColumn(mapper, c)]);
    byKey.set(keyOf(pk), x);
    return pk;
  });
  const { rows, columns } = await run.conn.run(select(...pkCols, ...cols).where(pkInPredicate(pkCols, pks)));
  const names = columns.map((c) => c.name);
  for (const row of rows) {
    const found = byKey.get(keyOf(pkCols.map((_, i) => row[names[i]!])));
    if (found === undefined) continue;
    cols.forEach((c, i) => {
      if (!found.cols.includes(c)) return;
      const key = keyOfColumn(mapper, c);
      if (!take(found.s.dict[key])) return;
      run.journal.set(found.s, key, row[names[pkCols.length + i]!]);
      noteRefreshed(run, found.s, key);
    });
  }
}
