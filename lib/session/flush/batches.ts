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

/** One page of a batched statement and the rows (by index into the caller's list) it covers. */
export interface BatchPage {
  readonly statement: Executable;
  readonly rowIndexes: readonly number[];
}

/** Splits `count` rows into pages of at most `perPage`. @internal */
function pages(count: number, perPage: number): number[][] {
  const size = Math.max(1, perPage);
  const out: number[][] = [];
  for (let start = 0; start < count; start += size) {
    out.push(Array.from({ length: Math.min(size, count - start) }, (_, i) => start + i));
  }
  return out;
}

/**
 * Most bound values in one page, below every dialect's own limit. A statement near PostgreSQL's
 * 65,535 is slow to build, send, parse and plan (W4 of bench/: ~20 % slower than 1,000-row pages);
 * a fixed, moderate page also gives every full page of a shape the same SQL text, so drivers that
 * prepare statements re-use one plan across pages and flushes.
 */
export const PAGE_PARAMS = 10_000;

/** Rows per page so that `paramsPerRow` × rows stays within the page budget and the dialect's limits. */
export function rowsPerPage(caps: DialectCapabilities, paramsPerRow: number): number {
  const params = Math.min(caps.maxParams, PAGE_PARAMS);
  return Math.max(1, Math.min(caps.maxRowsPerInsert, Math.floor(params / Math.max(1, paramsPerRow))));
}

/**
 * Multi-row INSERT pages for rows that give the same columns, with RETURNING of `returning`
 * where asked. Values are given by column key.
 */
export function insertPages(
  table: Table,
  rows: readonly Record<string, unknown>[],
  paramsPerRow: number,
  returning: readonly Column<unknown>[],
  caps: DialectCapabilities,
  multiRow: boolean,
): BatchPage[] {
  const perPage = multiRow ? rowsPerPage(caps, paramsPerRow) : 1;
  return pages(rows.length, perPage).map((rowIndexes) => {
    let stmt = insert(table).values(rowIndexes.map((i) => rows[i]!) as never);
    if (returning.length) stmt = stmt.returning(...returning) as never;
    return { statement: stmt, rowIndexes };
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

export interface UpdateRow {
  readonly pk: readonly unknown[];
  /** New values by column key, the same keys for every row of a batch. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The version the row must still have (optimistic locking). */
  readonly expectedVersion?: unknown;
}

/**
 * UPDATE pages for rows that change the same columns. One row: a plain UPDATE. Several: one
 * statement per page that sets each column with a CASE over the primary key, so N rows cost
 * one round trip instead of N.
 */
export function updatePages(
  table: Table,
  pkColumns: readonly Column<unknown>[],
  setKeys: readonly string[],
  rows: readonly UpdateRow[],
  versionColumn: Column<unknown> | undefined,
  caps: DialectCapabilities,
): BatchPage[] {
  // VALUES rows bind key, values and expected version once; a CASE binds the key once per branch too.
  const perRow = caps.updateFrom
    ? pkColumns.length + setKeys.length + (versionColumn ? 1 : 0)
    : pkColumns.length * (setKeys.length + 1) + setKeys.length + (versionColumn ? 2 : 0);
  return pages(rows.length, rowsPerPage({ ...caps, maxRowsPerInsert: Number.MAX_SAFE_INTEGER }, perRow)).map(
    (rowIndexes) => {
      const batch = rowIndexes.map((i) => rows[i]!);
      const columns = table.c as Record<string, Column<unknown>>;
      if (batch.length === 1) {
        const row = batch[0]!;
        const where = versionColumn
          ? and(pkPredicate(pkColumns, row.pk), versionColumn.eq(row.expectedVersion))
          : pkPredicate(pkColumns, row.pk);
        return {
          statement: update(table)
            .set(row.values as never)
            .where(where),
          rowIndexes,
        };
      }
      const plain = batch.every((row) => setKeys.every((k) => !(row.values[k] instanceof Expression)));
      if (caps.updateFrom && plain) {
        return { statement: updateFromValues(table, pkColumns, setKeys, batch, versionColumn), rowIndexes };
      }
      const set: Record<string, Expression<unknown>> = {};
      for (const key of setKeys) {
        const col = columns[key]!;
        let expr = caseWhen();
        for (const row of batch)
          expr = expr.when(pkPredicate(pkColumns, row.pk), bound(col, row.values[key])) as never;
        set[key] = expr.else(col) as Expression<unknown>;
      }
      const where = rowsPredicate(pkColumns, batch, versionColumn);
      return {
        statement: update(table)
          .set(set as never)
          .where(where),
        rowIndexes,
      };
    },
  );
}

/** A value bound with the column's type, so CASE branches convert like plain SETs. */
function bound(column: Column<unknown>, value: unknown): Expression<unknown> {
  if (value instanceof Expression) return value;
  return value === null || value === undefined ? nullValue() : literal(value, column.sqlType);
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
  batch: readonly UpdateRow[],
  versionColumn: Column<unknown> | undefined,
): Executable {
  const columns = table.c as Record<string, Column<unknown>>;
  const types: Record<string, SqlType<unknown>> = {};
  pkColumns.forEach((c, i) => (types[`p${i}`] = c.sqlType));
  setKeys.forEach((k, i) => (types[`s${i}`] = columns[k]!.sqlType));
  if (versionColumn !== undefined) types['expected_version'] = versionColumn.sqlType;
  const rows = batch.map((row) => [
    ...row.pk,
    ...setKeys.map((k) => row.values[k] ?? null),
    ...(versionColumn === undefined ? [] : [row.expectedVersion]),
  ]);
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

/** DELETE pages by primary key (and version, when the mapper has one). */
export function deletePages(
  table: Table,
  pkColumns: readonly Column<unknown>[],
  rows: readonly { pk: readonly unknown[]; expectedVersion?: unknown }[],
  versionColumn: Column<unknown> | undefined,
  caps: DialectCapabilities,
): BatchPage[] {
  const perRow = pkColumns.length + (versionColumn ? 1 : 0);
  return pages(rows.length, rowsPerPage({ ...caps, maxRowsPerInsert: Number.MAX_SAFE_INTEGER }, perRow)).map(
    (rowIndexes) => {
      const batch = rowIndexes.map((i) => rows[i]!);
      const where = rowsPredicate(pkColumns, batch, versionColumn);
      return { statement: deleteFrom(table).where(where), rowIndexes };
    },
  );
}
