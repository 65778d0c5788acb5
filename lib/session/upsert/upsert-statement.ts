import { ArgumentError } from '../../errors';
import type { ColumnProperty, Mapper } from '../../mapper';
import { excluded, insert, type Expression, type Insert } from '../../sql';
import { columnProps, givenValues, type ColumnAttributeKeys } from './entity-values';

/** Options of `upsert()`: the unique key a conflict is detected on, and what a conflict changes. */
export interface UpsertOptions<E> {
  /**
   * The attributes of the unique key (primary key or unique constraint) whose conflict turns the
   * insert into an update; every row must give them. Default: the primary key. MySQL and MariaDB
   * have no conflict target: any unique key of the table triggers the update there.
   */
  onConflict?: readonly ColumnAttributeKeys<E>[];
  /**
   * What a conflicting row gets: the listed attributes set to the proposed values, `'nothing'` to
   * keep the existing row as it is. Default: every given attribute outside `onConflict`. A row
   * that does not give a listed attribute leaves it as it is.
   */
  update?: readonly ColumnAttributeKeys<E>[] | 'nothing';
}

/** One row to upsert: its given values by attribute, and its conflict key values. */
export interface UpsertRow {
  readonly values: ReadonlyMap<string, unknown>;
  readonly key: readonly unknown[];
}

/** The checked plan of an upsert: its rows, conflict key and updated attributes. */
export interface UpsertPlan {
  readonly mapper: Mapper<object>;
  readonly rows: readonly UpsertRow[];
  readonly target: readonly ColumnProperty[];
  /** Attributes a conflict updates; empty for DO NOTHING. */
  readonly update: readonly ColumnProperty[];
}

/** Checks the rows and options of an upsert of `mapper`; raises `ArgumentError` naming what is wrong. */
export function planUpsert(
  mapper: Mapper<object>,
  rows: readonly object[],
  options: UpsertOptions<object> = {},
): UpsertPlan {
  const where = `upsert(${mapper.name})`;
  if (mapper.tables.length > 1)
    throw new ArgumentError(
      `${where}: joined-table inheritance is not supported; upsert each table with insert()`,
    );
  if (mapper.versionProp !== undefined)
    throw new ArgumentError(
      `${where}: ${mapper.name} has a version counter, which an upsert cannot check; use getOrCreate() or the session`,
    );
  const target =
    options.onConflict === undefined
      ? mapper.primaryKeyProps
      : columnProps(mapper, options.onConflict as readonly string[], `${where} onConflict`);
  if (target.length === 0) throw new ArgumentError(`${where}: onConflict names no attribute`);
  const checked: UpsertRow[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object')
      throw new ArgumentError(`${where}: row ${i + 1} is not an object`);
    const values = givenValues(mapper, row, where);
    const key = target.map((p) => {
      if (!values.has(p.key) || values.get(p.key) === null)
        throw new ArgumentError(`${where}: row ${i + 1} gives no value for conflict attribute '${p.key}'`);
      return values.get(p.key);
    });
    // One statement cannot insert and then update the same row (PostgreSQL refuses it outright).
    const id = keyString(key);
    const earlier = seen.get(id);
    if (earlier !== undefined)
      throw new ArgumentError(`${where}: rows ${earlier + 1} and ${i + 1} have the same conflict key`);
    seen.set(id, i);
    checked.push({ values, key });
  });
  let update: ColumnProperty[];
  if (options.update === 'nothing') update = [];
  else if (options.update !== undefined)
    update = columnProps(mapper, options.update as readonly string[], `${where} update`);
  else {
    const given = new Set<string>();
    for (const row of checked) for (const key of row.values.keys()) given.add(key);
    update = mapper.columnProps.filter((p) => given.has(p.key) && !target.includes(p) && !p.isPrimaryKey);
  }
  return { mapper, rows: checked, target, update };
}

/** A stable string for a conflict key, to match rows read back to the rows given. */
export function keyString(values: readonly unknown[], fold = false): string {
  return JSON.stringify(
    values.map((v) => {
      if (v instanceof Date) return v.toISOString();
      if (typeof v === 'bigint' || typeof v === 'number') return String(v);
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
      return fold && typeof v === 'string' ? v.toLowerCase() : v;
    }),
  );
}

/** Rows a statement may carry: the dialect's parameter limit, and SQL Server's 1000-row VALUES. */
function rowsPerStatement(columns: number, maxParams: number): number {
  return Math.max(1, Math.min(1000, Math.floor(maxParams / Math.max(1, columns))));
}

/**
 * The Core INSERTs of an upsert: one per set of given attributes (a statement's rows name the same
 * columns), paged under `maxParams`. A single-table subclass's rows carry its discriminator.
 */
export function upsertStatements(plan: UpsertPlan, maxParams: number): Insert<never>[] {
  const { mapper, target, update } = plan;
  const table = mapper.table;
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of plan.rows) {
    const record: Record<string, unknown> = {};
    for (const [key, value] of row.values) record[mapper.columnPropsByKey.get(key)!.column.key] = value;
    const disc = mapper.polymorphicOn;
    if (disc !== undefined && mapper.polymorphicIdentity !== undefined && !row.values.has(disc.key))
      record[disc.column.key] = mapper.polymorphicIdentity;
    const shape = Object.keys(record).sort().join('\u0000');
    const group = groups.get(shape);
    if (group === undefined) groups.set(shape, [record]);
    else group.push(record);
  }
  const targetColumns = target.map((p) => p.column);
  const out: Insert<never>[] = [];
  for (const records of groups.values()) {
    // A conflict updates only what these rows give: an attribute they leave out keeps its value.
    const set: Record<string, Expression<unknown>> = {};
    for (const p of update) if (p.column.key in records[0]!) set[p.column.key] = excluded(p.column);
    const size = rowsPerStatement(Object.keys(records[0]!).length, maxParams);
    for (let i = 0; i < records.length; i += size) {
      const base = insert(table).values(records.slice(i, i + size) as never);
      out.push(
        (Object.keys(set).length === 0
          ? base.onConflictDoNothing({ target: targetColumns })
          : base.onConflictDoUpdate({ target: targetColumns, set: set as never })) as Insert<never>,
      );
    }
  }
  return out;
}
