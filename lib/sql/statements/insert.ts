import { ArgumentError } from '../../errors';
import { Expression, type Predicate, type QueryLike } from '../expression/expression';
import type { ExprNode, InsertNode, OnConflictNode } from '../nodes';
import * as n from '../nodes';
import type { Column, ColumnDefs, Table } from '../schema/table';
import type { Executable } from '../selectable';
import type { RowObject } from './row-types';
import { columnByKey, requireTable, valueNode, type ValuesOf } from './dml-values';
import type { Cte } from './subquery';
import { requireExpression } from '../expression/arguments';
import {
  mergeExecutionOptions,
  NO_EXECUTION_OPTIONS,
  ownExecutionOptions,
  type ExecutionOptions,
} from '../execution-options';

const EMPTY: readonly never[] = Object.freeze([]);

interface InsertState {
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly select: { readonly columns: readonly string[]; readonly query: QueryLike } | undefined;
  readonly returning: readonly Expression<unknown>[];
  readonly onConflict: OnConflictNode | undefined;
  readonly ctes: readonly Cte<unknown>[];
  readonly execution: ExecutionOptions;
}

/** The value the conflicting INSERT carried for `column`, for use in `onConflictDoUpdate({ set })`. */
export function excluded<T>(column: Column<T>): Expression<T> {
  return new Expression<T>(n.excluded(column.name, column.type), column.type);
}

/**
 * An INSERT statement. Client-side column defaults are evaluated each time the statement is
 * compiled, for every row that does not give the column.
 *
 * @example
 * insert(users).values({ name: 'sandy' }).returning(users.c.id)
 */
export class Insert<C extends ColumnDefs, Row = Record<string, never>> implements Executable<Row> {
  declare readonly __row?: Row;

  constructor(
    /** The target table. */
    readonly table: Table<C>,
    private readonly state: InsertState,
  ) {}

  private with_<R = Row>(patch: Partial<InsertState>): Insert<C, R> {
    return new Insert<C, R>(this.table, Object.freeze({ ...this.state, ...patch }));
  }

  /**
   * Execution options of this statement, merged key by key over those given before; a session
   * merges them over its own, and a call's over them. Not compiled.
   * @example session.execute(insert(users).values({ name: 'a' }).executionOptions({ audit: 'import' }))
   */
  executionOptions(options: ExecutionOptions): Insert<C, Row> {
    const own = ownExecutionOptions('insert().executionOptions()', options);
    return this.with_({ execution: mergeExecutionOptions(this.state.execution, own) });
  }

  /** The execution options given to `executionOptions()`, merged. */
  getExecutionOptions(): ExecutionOptions {
    return this.state.execution;
  }

  /** One row or several; every row must name the same columns (client defaults fill the rest). */
  values(rows: ValuesOf<C> | readonly ValuesOf<C>[]): Insert<C, Row> {
    const list = Array.isArray(rows) ? rows : [rows];
    for (const row of list)
      for (const key of Object.keys(row)) columnByKey(this.table, key, 'insert().values()');
    return this.with_({
      rows: Object.freeze([...this.state.rows, ...list.map((r) => Object.freeze({ ...r }))]),
    });
  }

  /** `INSERT INTO t (columns) SELECT …`. */
  fromSelect(columns: readonly Column<unknown>[], query: QueryLike): Insert<C, Row> {
    return this.with_({ select: Object.freeze({ columns: columns.map((c) => c.key), query }) });
  }

  /** Rows to return: RETURNING, OUTPUT INSERTED, or RETURNING INTO per dialect. */
  returning<const Items extends readonly Expression<unknown>[]>(
    ...items: Items
  ): Insert<C, RowObject<Items>> {
    items.forEach((e, i) => requireExpression('insert().returning()', e, i + 1));
    return this.with_<RowObject<Items>>({ returning: Object.freeze([...items]) });
  }

  /** Upsert that skips conflicting rows: ON CONFLICT DO NOTHING, INSERT IGNORE-like, or MERGE. */
  onConflictDoNothing(options: { target?: readonly Column<unknown>[] } = {}): Insert<C, Row> {
    return this.with_({
      onConflict: n.onConflict(
        (options.target ?? []).map((c) => c.name),
        undefined,
        undefined,
      ),
    });
  }

  /**
   * Upsert: ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE, or MERGE. `target` names the unique
   * columns (required by PostgreSQL, SQLite, SQL Server and Oracle); `set` may use `excluded(col)`.
   */
  onConflictDoUpdate(options: {
    target: readonly Column<unknown>[];
    set: ValuesOf<C>;
    where?: Predicate;
  }): Insert<C, Row> {
    const set = Object.entries(options.set).map(([key, value]) => {
      const column = columnByKey(this.table, key, 'onConflictDoUpdate()');
      return Object.freeze([column.name, valueNode(column, value)] as const);
    });
    if (set.length === 0) throw new ArgumentError('onConflictDoUpdate(): set names no column');
    return this.with_({
      onConflict: n.onConflict(
        options.target.map((c) => c.name),
        Object.freeze(set),
        options.where?.node,
      ),
    });
  }

  /** Adds common table expressions to a WITH clause before the INSERT. */
  with(...ctes: Cte<unknown>[]): Insert<C, Row> {
    return this.with_({ ctes: Object.freeze([...this.state.ctes, ...ctes]) });
  }

  /** The statement's node tree, which the compiler walks. */
  toStatementNode(): InsertNode {
    const table = this.table;
    const { rows, select } = this.state;
    let columns: Column<unknown>[];
    let rowNodes: ExprNode[][] = [];
    if (select !== undefined) {
      columns = select.columns.map((k) => columnByKey(table, k, 'fromSelect()'));
    } else {
      const given = new Set<string>();
      for (const row of rows) for (const key of Object.keys(row)) given.add(key);
      // Table order keeps the SQL stable whatever order the rows list their keys in.
      columns = table.columns.filter((c) => given.has(c.key) || (c.default !== undefined && rows.length > 0));
      rowNodes = rows.map((row) =>
        columns.map((col) => {
          if (col.key in row) return valueNode(col, row[col.key]);
          if (col.default !== undefined) {
            const d = col.default;
            return valueNode(col, typeof d === 'function' ? (d as () => unknown)() : d);
          }
          throw new ArgumentError(
            `insert into '${table.fullName}': a row gives no value for '${col.key}' while another row does; give every row the same columns`,
          );
        }),
      );
      if (rows.length === 0) rowNodes = [[]];
    }
    return n.insertNode({
      ctes: this.state.ctes.map((c) => c.node),
      table: table.node,
      columns: columns.map((c) => c.name),
      rows: rowNodes,
      select: select?.query.toQueryNode(),
      returning: this.state.returning.map((e) => e.node),
      onConflict: this.state.onConflict,
    });
  }
}

/**
 * Starts an INSERT into `table`.
 * @example insert(users).values([{ name: 'a' }, { name: 'b' }])
 */
export function insert<C extends ColumnDefs>(table: Table<C>): Insert<C> {
  return new Insert<C>(
    requireTable(table, 'insert()'),
    Object.freeze({
      rows: EMPTY,
      select: undefined,
      returning: EMPTY,
      onConflict: undefined,
      ctes: EMPTY,
      execution: NO_EXECUTION_OPTIONS,
    }),
  );
}
