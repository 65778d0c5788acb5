import { MultipleResultsError, NoResultError } from '../errors';
import type { RowFactory } from './named-rows';

/**
 * Rows of an ORM query as tuples, one value per select item: entities, column values. Columns and
 * labeled expressions are also readable by key.
 *
 * @example
 * const rows = (await session.execute(select(User, attrs(Post).title).join(attrs(User).posts))).all();
 * // [User, string][]; rows[0][1] === rows[0].title
 */
export class OrmResult<Row extends readonly unknown[]> {
  private rows_: readonly Row[] | undefined;
  /** The values of a one-item select, when built by `ofColumn()`: tuples are made on demand. */
  private column: readonly Row[0][] | undefined;
  /** Builds the tuple of a one-item row made on demand. */
  private makeRow: RowFactory | undefined;

  /**
   * @param rowCount The number of rows an ORM bulk UPDATE, DELETE or INSERT wrote, as the
   * database reports it; a select has none.
   */
  constructor(
    rows: readonly Row[],
    /** The number of rows an ORM bulk statement wrote, as the database reports it; undefined for a select. */
    readonly rowCount?: number,
  ) {
    this.rows_ = rows;
  }

  /**
   * @internal The result of a one-item select from its values alone: `session.scalars()` then
   * costs no tuple per row.
   */
  static ofColumn<Row extends readonly unknown[]>(
    values: readonly Row[0][],
    makeRow?: RowFactory,
  ): OrmResult<Row> {
    const result = new OrmResult<Row>([]);
    result.rows_ = undefined;
    result.column = values;
    result.makeRow = makeRow;
    return result;
  }

  private tupleOf(value: Row[0]): Row {
    if (this.makeRow === undefined) return [value] as unknown as Row;
    const row = this.makeRow(1);
    row[0] = value;
    return row as unknown as Row;
  }

  /** The rows as tuples, one value per select item. */
  get rows(): readonly Row[] {
    return (this.rows_ ??= this.column!.map((v) => this.tupleOf(v)));
  }

  /** Every row. */
  all(): Row[] {
    return [...this.rows];
  }

  /** The first row, or `undefined` when there is none. */
  first(): Row | undefined {
    if (this.rows_ === undefined) return this.column!.length ? this.tupleOf(this.column![0]!) : undefined;
    return this.rows_[0];
  }

  /** Exactly one row: `NoResultError` for none, `MultipleResultsError` for more. */
  one(): Row {
    if (this.rows.length === 0) throw new NoResultError('one() found no row');
    if (this.rows.length > 1)
      throw new MultipleResultsError(`one() found ${this.rows.length} rows, expected exactly one`);
    return this.rows[0]!;
  }

  /**
   * The only row, or `null` when there is none.
   * @throws MultipleResultsError when there are several.
   */
  oneOrNull(): Row | null {
    if (this.rows.length > 1) {
      throw new MultipleResultsError(`oneOrNull() found ${this.rows.length} rows, expected at most one`);
    }
    return this.rows[0] ?? null;
  }

  /** The first item of every row (the entities of `select(User)`). */
  scalars(): Row[0][] {
    if (this.rows_ === undefined) return this.column!.slice();
    return this.rows_.map((r) => r[0]);
  }

  /** The first item of the only row, or null; `MultipleResultsError` for more than one row. */
  scalar(): Row[0] | null {
    const row = this.oneOrNull();
    return row === null ? null : row[0];
  }

  /** Rows with duplicate entities removed (after a join that repeats the parent). */
  unique(): OrmResult<Row> {
    if (this.rows_ === undefined) return OrmResult.ofColumn(uniqueValues(this.column!), this.makeRow);
    const seen = new Set<unknown>();
    const out: Row[] = [];
    for (const row of this.rows) {
      // A row of one object (`select(User)` with a joined collection) is its own key: objects
      // compare by identity either way, without building a string per row.
      const only = row.length === 1 ? row[0] : undefined;
      const key =
        typeof only === 'object' && only !== null
          ? only
          : row
              .map((v) => (typeof v === 'object' && v !== null ? identity(v) : JSON.stringify(v)))
              .join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(row);
    }
    return new OrmResult(out);
  }
}

/**
 * `unique()` of one-value rows: the distinct values in first-seen order (objects by identity,
 * other values by their JSON text, as in `unique()`). A repeat of the previous value (the parent
 * of a joined collection, once per child) is skipped before the Set is asked.
 * @internal
 */
export function uniqueValues<T>(values: readonly T[]): T[] {
  const seen = new Set<unknown>();
  const out: T[] = [];
  let last: unknown = undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0 && v === last && typeof v === 'object') continue;
    last = v;
    const key = typeof v === 'object' && v !== null ? v : JSON.stringify(v);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

const ids = new WeakMap<object, number>();
let nextId = 0;
function identity(obj: object): string {
  let id = ids.get(obj);
  if (id === undefined) ids.set(obj, (id = ++nextId));
  return `#${id}`;
}
