import { plainValues, type FlushStatement, type PageShape } from './page-templates';
import {
  and,
  caseWhen,
  deleteFrom,
  insert,
  or,
  update,
  type Column,
  type DialectCapabilities,
  Expression,
  valuesTable,
  type SqlType,
  literal,
  nullValue,
  type Predicate,
  type Table,
  type Executable,
} from '../../sql';

/** One page of a batched statement: rows `first` … `first + count - 1` of the caller's list. */
export interface BatchPage {
  readonly statement: FlushStatement;
  readonly first: number;
  readonly count: number;
}

/** Splits `count` rows into pages of at most `perPage`, each made by `page(first, count)`. */
function pages(
  count: number,
  perPage: number,
  page: (first: number, count: number) => BatchPage,
): BatchPage[] {
  const size = Math.max(1, perPage);
  const out: BatchPage[] = [];
  for (let first = 0; first < count; first += size) out.push(page(first, Math.min(size, count - first)));
  return out;
}

/**
 * Most bound values in one page, below every dialect's own limit. A statement near PostgreSQL's
 * 65,535 is slow to build, send, parse and plan (inserting 10,000 objects: ~20 % slower than in
 * 1,000-row pages); a fixed, moderate page also gives every full page of a shape the same SQL
 * text, so drivers that prepare statements re-use one plan across pages and flushes.
 */
export const PAGE_PARAMS = 10_000;

/**
 * Most rows in one UPDATE page. PostgreSQL joins the VALUES list to the table; with its default
 * costs (random_page_cost 4) a list of a few thousand rows is hash-joined against a full scan of
 * the table instead of looked up by key (a 110,000-row table: a 3,333-row page took 30 ms, against
 * 10 ms by index), and a CASE page (Oracle) costs rows × rows. 1,000-row pages stay on key lookups.
 */
export const UPDATE_PAGE_ROWS = 1_000;

/** Rows per page so that `paramsPerRow` × rows stays within the page budget and the dialect's limits. */
export function rowsPerPage(caps: DialectCapabilities, paramsPerRow: number): number {
  const params = Math.min(caps.maxParams, PAGE_PARAMS);
  return Math.max(1, Math.min(caps.maxRowsPerInsert, Math.floor(params / Math.max(1, paramsPerRow))));
}

/**
 * Multi-row INSERT pages for `count` rows that give the same `columns`, with RETURNING of
 * `returning` where asked. `values` holds the rows one after another, a value per column.
 */
export function insertPages(
  table: Table,
  columns: readonly Column<unknown>[],
  values: readonly unknown[],
  count: number,
  returning: readonly Column<unknown>[],
  caps: DialectCapabilities,
  multiRow: boolean,
): BatchPage[] {
  const width = columns.length;
  // Rows that give no column at all are `INSERT … DEFAULT VALUES`, which has no multi-row form.
  const perPage = multiRow && width > 0 ? rowsPerPage(caps, width) : 1;
  const shapeKey = `insert|${columns.map((c) => c.key).join(',')}|${returning.map((c) => c.key).join(',')}`;
  const types = columns.map((c) => c.sqlType);
  return pages(count, perPage, (first, n) => {
    const from = first * width;
    const to = from + n * width;
    const build = (): Executable => {
      const rows: Record<string, unknown>[] = [];
      for (let r = 0; r < n; r++) {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < width; c++) row[columns[c]!.key] = values[from + r * width + c];
        rows.push(row);
      }
      const stmt = insert(table).values(rows as never);
      return returning.length ? stmt.returning(...returning) : stmt;
    };
    const shape =
      width > 0 && plainValues(values, from, to)
        ? { table, key: `${shapeKey}|${n}`, values, from, to, types }
        : undefined;
    return { statement: { build, shape }, first, count: n };
  });
}

/** `pk = value` for one row (composite keys ANDed). */
export function pkPredicate(pkColumns: readonly Column<unknown>[], pk: readonly unknown[]): Predicate {
  return and(...pkColumns.map((c, i) => c.eq(pk[i])));
}

/** `pk IN (…)` for single-column keys; an OR of per-row predicates for composite ones. */
export function pkInPredicate(
  pkColumns: readonly Column<unknown>[],
  pks: readonly (readonly unknown[])[],
): Predicate {
  if (pkColumns.length === 1) return pkColumns[0]!.in(pks.map((pk) => pk[0]));
  return or(...pks.map((pk) => pkPredicate(pkColumns, pk)));
}

/** The rows of a batch by key — and by expected version too, when the mapper is versioned. */
function rowsPredicate(
  pkColumns: readonly Column<unknown>[],
  batch: readonly { pk: readonly unknown[]; expectedVersion?: unknown }[],
  versionColumn: Column<unknown> | undefined,
): Predicate {
  if (versionColumn === undefined)
    return pkInPredicate(
      pkColumns,
      batch.map((r) => r.pk),
    );
  return or(
    ...batch.map((row) => and(pkPredicate(pkColumns, row.pk), versionColumn.eq(row.expectedVersion))),
  );
}

/**
 * UPDATE pages for `count` rows that change the same columns. `values` holds the rows one after
 * another: the primary key, the new value of each of `setKeys` (column keys), then the expected
 * version when `versionColumn` is given (optimistic locking). One row: a plain UPDATE. Several:
 * one statement per page, `UPDATE … FROM (VALUES …)` where the dialect has it (for pages of at least
 * its `updateFromMinRows` rows), else a CASE over the primary key per column, so N rows cost one
 * round trip instead of N.
 */
export function updatePages(
  table: Table,
  pkColumns: readonly Column<unknown>[],
  setKeys: readonly string[],
  values: readonly unknown[],
  count: number,
  versionColumn: Column<unknown> | undefined,
  caps: DialectCapabilities,
  returning: readonly Column<unknown>[] = [],
): BatchPage[] {
  const columns = table.c as Record<string, Column<unknown>>;
  const nPk = pkColumns.length;
  const nSet = setKeys.length;
  const width = nPk + nSet + (versionColumn ? 1 : 0);
  // VALUES rows bind key, values and expected version once; a CASE binds the key once per branch too.
  const casePerRow = nPk * (nSet + 1) + nSet + (versionColumn ? 2 : 0);
  const perRow = caps.updateFrom ? width : casePerRow;
  const fromMinRows = caps.updateFromMinRows ?? 2;
  const setCols = setKeys.map((k) => columns[k]!);
  const pkTypes = pkColumns.map((c) => c.sqlType);
  const setTypes = setCols.map((c) => c.sqlType);
  const versionTypes = versionColumn ? [versionColumn.sqlType] : [];
  const shapeKey = `update|${pkColumns.map((c) => c.key).join(',')}|${setKeys.join(',')}|${versionColumn?.key ?? ''}|${returning.map((c) => c.key).join(',')}`;
  const withReturning = <S extends { returning(...cols: Column<unknown>[]): unknown }>(stmt: S): Executable =>
    (returning.length ? stmt.returning(...returning) : stmt) as Executable;
  const perPage = rowsPerPage({ ...caps, maxRowsPerInsert: UPDATE_PAGE_ROWS }, perRow);
  /** The page's rows as objects, for the statements that need them (built only then). */
  const rowsOf = (flat: readonly unknown[], n: number): UpdateRow[] => {
    const rows: UpdateRow[] = [];
    for (let r = 0; r < n; r++) {
      const at = r * width;
      const set: Record<string, unknown> = {};
      for (let k = 0; k < nSet; k++) set[setKeys[k]!] = flat[at + nPk + k];
      const expectedVersion = versionColumn ? flat[at + width - 1] : undefined;
      rows.push({ pk: flat.slice(at, at + nPk), values: set, expectedVersion });
    }
    return rows;
  };
  /**
   * The shape of a CASE page with plain values: per changed column, each row's key and new value
   * (its WHEN … THEN …), then each row's key (and expected version) for the WHERE clause.
   */
  const caseShape = (first: number, n: number): PageShape | undefined => {
    const from = first * width;
    if (!plainValues(values, from, from + n * width)) return undefined;
    const ordered: unknown[] = [];
    const types: SqlType<unknown>[] = [];
    for (let k = 0; k < nSet; k++) {
      for (let at = from, r = 0; r < n; r++, at += width) {
        for (let p = 0; p < nPk; p++) ordered.push(values[at + p]);
        ordered.push(values[at + nPk + k]);
        types.push(...pkTypes, setTypes[k]!);
      }
    }
    for (let at = from, r = 0; r < n; r++, at += width) {
      for (let p = 0; p < nPk; p++) ordered.push(values[at + p]);
      if (versionColumn) ordered.push(values[at + width - 1]);
      types.push(...pkTypes, ...versionTypes);
    }
    return { table, key: `${shapeKey}|case|${n}`, values: ordered, from: 0, to: ordered.length, types };
  };
  return pages(count, perPage, (first, n) => {
    const from = first * width;
    const to = from + n * width;
    const flat = (): unknown[] => values.slice(from, to);
    if (n === 1) {
      const build = (): Executable => {
        const row = rowsOf(flat(), 1)[0]!;
        const where = versionColumn
          ? and(pkPredicate(pkColumns, row.pk), versionColumn.eq(row.expectedVersion))
          : pkPredicate(pkColumns, row.pk);
        return withReturning(
          update(table)
            .set(row.values as never)
            .where(where),
        );
      };
      // One row binds its new values, then its key (and version) in the WHERE clause.
      const row = flat();
      const ordered = [...row.slice(nPk, nPk + nSet), ...row.slice(0, nPk), ...row.slice(nPk + nSet)];
      const types = [...setTypes, ...pkTypes, ...versionTypes];
      const shape = plainValues(ordered)
        ? { table, key: `${shapeKey}|1`, values: ordered, from: 0, to: ordered.length, types }
        : undefined;
      return { statement: { build, shape }, first, count: n };
    }
    const fewRows = n < fromMinRows && n * casePerRow <= caps.maxParams;
    if (caps.updateFrom && !fewRows && plainValues(values, from, to)) {
      const types = [...pkTypes, ...setTypes, ...versionTypes];
      const build = (): Executable =>
        withReturning(updateFromValues(table, pkColumns, setKeys, flat(), types, versionColumn));
      return {
        statement: { build, shape: { table, key: `${shapeKey}|${n}`, values, from, to, types } },
        first,
        count: n,
      };
    }
    const build = (): Executable => {
      const rows = rowsOf(flat(), n);
      const set: Record<string, Expression<unknown>> = {};
      for (const key of setKeys) {
        const col = columns[key]!;
        let expr = caseWhen();
        for (const row of rows)
          expr = expr.when(pkPredicate(pkColumns, row.pk), bound(col, row.values[key])) as never;
        set[key] = expr.else(col) as Expression<unknown>;
      }
      const where = rowsPredicate(pkColumns, rows, versionColumn);
      return withReturning(
        update(table)
          .set(set as never)
          .where(where),
      );
    };
    return { statement: { build, shape: caseShape(first, n) }, first, count: n };
  });
}

interface UpdateRow {
  readonly pk: readonly unknown[];
  /** New values by column key. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The version the row must still have (optimistic locking). */
  readonly expectedVersion?: unknown;
}

/** A value bound with the column's type, so CASE branches convert like plain SETs. */
function bound(column: Column<unknown>, value: unknown): Expression<unknown> {
  if (value instanceof Expression) return value;
  if (value === undefined || (value === null && !column.sqlType.bindsNull)) return nullValue();
  return literal(value, column.sqlType);
}

/**
 * Many rows, one statement, linear cost: `UPDATE t SET c = v.c FROM (VALUES …) AS v WHERE t.pk = v.pk`
 * (MySQL/MariaDB: a multi-table UPDATE over a UNION ALL derived table). A CASE per column would
 * make the database compare every row with every branch: quadratic, seconds at 10k rows.
 */
function updateFromValues(
  table: Table,
  pkColumns: readonly Column<unknown>[],
  setKeys: readonly string[],
  flat: readonly unknown[],
  rowTypes: readonly SqlType<unknown>[],
  versionColumn: Column<unknown> | undefined,
) {
  const width = rowTypes.length;
  const names = [
    ...pkColumns.map((_, i) => `p${i}`),
    ...setKeys.map((_, i) => `s${i}`),
    ...(versionColumn === undefined ? [] : ['expected_version']),
  ];
  const types: Record<string, SqlType<unknown>> = {};
  names.forEach((name, i) => (types[name] = rowTypes[i]!));
  const rows: unknown[][] = [];
  for (let at = 0; at < flat.length; at += width) rows.push(flat.slice(at, at + width));
  const v = valuesTable('athanor_rows', types, rows);
  const vc = v.c as Record<string, Expression<unknown>>;
  const set = Object.fromEntries(setKeys.map((k, i) => [k, vc[`s${i}`]!]));
  const where = and(
    ...pkColumns.map((c, i) => c.eq(vc[`p${i}`]!)),
    versionColumn === undefined ? undefined : versionColumn.eq(vc['expected_version']!),
  );
  return update(table)
    .set(set as never)
    .from(v)
    .where(where);
}

/**
 * DELETE pages by primary key (and version, when the mapper has one). `values` holds the rows
 * one after another: the primary key, then the expected version when `versionColumn` is given.
 */
export function deletePages(
  table: Table,
  pkColumns: readonly Column<unknown>[],
  values: readonly unknown[],
  count: number,
  versionColumn: Column<unknown> | undefined,
  caps: DialectCapabilities,
): BatchPage[] {
  const nPk = pkColumns.length;
  const width = nPk + (versionColumn ? 1 : 0);
  const types = [...pkColumns.map((c) => c.sqlType), ...(versionColumn ? [versionColumn.sqlType] : [])];
  const shapeKey = `delete|${pkColumns.map((c) => c.key).join(',')}|${versionColumn?.key ?? ''}`;
  const perPage = rowsPerPage({ ...caps, maxRowsPerInsert: Number.MAX_SAFE_INTEGER }, width);
  return pages(count, perPage, (first, n) => {
    const from = first * width;
    const to = from + n * width;
    const build = (): Executable => {
      const rows: { pk: readonly unknown[]; expectedVersion?: unknown }[] = [];
      for (let at = from; at < to; at += width) {
        const expectedVersion = versionColumn ? values[at + nPk] : undefined;
        rows.push({ pk: values.slice(at, at + nPk), expectedVersion });
      }
      return deleteFrom(table).where(rowsPredicate(pkColumns, rows, versionColumn));
    };
    const shape = plainValues(values, from, to)
      ? { table, key: `${shapeKey}|${n}`, values, from, to, types }
      : undefined;
    return { statement: { build, shape }, first, count: n };
  });
}
