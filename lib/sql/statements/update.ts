import { ArgumentError } from '../../errors';
import { Expression, type Predicate } from '../expression/expression';
import { and } from '../expression/functions';
import { requireCriteria, requireExpression, requireFrom } from '../expression/arguments';
import type { DeleteNode, ExprNode, UpdateNode } from '../nodes';
import * as n from '../nodes';
import type { ColumnDefs, FromClause, Table } from '../schema/table';
import type { Executable } from '../selectable';
import type { RowObject } from './row-types';
import { columnByKey, requireTable, valueNode, type ValuesOf } from './dml-values';
import type { Cte } from './subquery';
import { dialectOptionEntries, mergeDialectOptions, type DmlDialectOptions } from './dml-options';
import {
  mergeExecutionOptions,
  NO_EXECUTION_OPTIONS,
  ownExecutionOptions,
  type ExecutionOptions,
} from '../execution-options';

const EMPTY: readonly never[] = Object.freeze([]);

/** The WHERE clause with `criteria` ANDed on; a missing criterion is an ArgumentError. */
function andWhere(method: string, current: ExprNode | undefined, criteria: readonly Predicate[]): ExprNode {
  requireCriteria(method, criteria);
  return and(current === undefined ? undefined : new Expression<boolean>(current, undefined), ...criteria)
    .node;
}

/**
 * An UPDATE statement.
 * @example update(users).set({ name: 'sandy' }).where(users.c.id.eq(5))
 */
export class Update<C extends ColumnDefs, Row = Record<string, never>> implements Executable<Row> {
  declare readonly __row?: Row;
  constructor(
    /** The target table. */
    readonly table: Table<C>,
    /** The statement's node. */
    readonly node: UpdateNode,
    /** Set by `executionOptions()`. */
    private readonly execution: ExecutionOptions = NO_EXECUTION_OPTIONS,
  ) {}

  private with_<R = Row>(patch: Partial<UpdateNode>): Update<C, R> {
    return new Update<C, R>(this.table, n.updateNode({ ...this.node, ...patch }), this.execution);
  }

  /**
   * Execution options of this statement, merged key by key over those given before; a session
   * merges them over its own, and a call's over them. Not compiled.
   * @example session.execute(update(users).where(users.c.id.eq(5)).executionOptions({ audit: 'cleanup' }))
   */
  executionOptions(options: ExecutionOptions): Update<C, Row> {
    const own = ownExecutionOptions('update().executionOptions()', options);
    return new Update<C, Row>(this.table, this.node, mergeExecutionOptions(this.execution, own));
  }

  /** The execution options given to `executionOptions()`, merged. */
  getExecutionOptions(): ExecutionOptions {
    return this.execution;
  }

  /** Columns to set, by key: values are bound with the column's type; expressions are used as they are. */
  set(values: ValuesOf<C>): Update<C, Row> {
    const entries = Object.entries(values).map(([key, value]) => {
      const column = columnByKey(this.table, key, 'update().set()');
      return Object.freeze([column.name, valueNode(column, value)] as const);
    });
    return this.with_({ set: Object.freeze([...this.node.set, ...entries]) });
  }

  /** Same as `set()`, under SQLAlchemy's name. */
  values(values: ValuesOf<C>): Update<C, Row> {
    return this.set(values);
  }

  /** Adds WHERE criteria; `where(undefined)` is an ArgumentError, never an UPDATE of every row. */
  where(...criteria: Predicate[]): Update<C, Row> {
    return this.with_({ where: andWhere('update().where()', this.node.where, criteria) });
  }

  /**
   * Other tables the WHERE clause refers to (UPDATE … FROM on PostgreSQL / SQL Server). Tables its
   * WHERE clause or values name are added without it, as SQLAlchemy does.
   */
  from(...froms: FromClause[]): Update<C, Row> {
    const nodes = froms.map((f, i) => requireFrom('update().from()', f, i + 1).fromNode);
    return this.with_({ from: Object.freeze([...this.node.from, ...nodes]) });
  }

  /** Adds RETURNING items; the rows of the statement are then typed by them. */
  returning<const Items extends readonly Expression<unknown>[]>(
    ...items: Items
  ): Update<C, RowObject<Items>> {
    const nodes = items.map((e, i) => requireExpression('update().returning()', e, i + 1).node);
    return this.with_<RowObject<Items>>({ returning: Object.freeze(nodes) });
  }

  /** Adds common table expressions to a WITH clause before the UPDATE. */
  with(...ctes: Cte<unknown>[]): Update<C, Row> {
    return this.with_({ ctes: Object.freeze([...this.node.ctes, ...ctes.map((c) => c.node)]) });
  }

  /**
   * Options one dialect reads and the others ignore (SQLAlchemy's `mysql_limit`).
   * @example update(users).set({ active: false }).dialectOptions({ mysql: { limit: 10 } })
   */
  dialectOptions(options: DmlDialectOptions): Update<C, Row> {
    const added = dialectOptionEntries('update().dialectOptions()', options);
    return this.with_({ dialectOptions: mergeDialectOptions(this.node.dialectOptions, added) });
  }

  /** The statement's node tree, which the compiler walks. */
  toStatementNode(): UpdateNode {
    if (this.node.set.length === 0 && this.node.setOther.length === 0) {
      throw new ArgumentError(`update '${this.table.fullName}': set() names no column`);
    }
    return this.node;
  }
}

/**
 * Starts an UPDATE of `table`.
 * @example update(users).set({ active: false }).where(users.c.id.eq(5))
 */
export function update<C extends ColumnDefs>(table: Table<C>): Update<C> {
  requireTable(table, 'update()');
  return new Update<C>(
    table,
    n.updateNode({
      ctes: EMPTY,
      table: table.node,
      target: undefined,
      set: EMPTY,
      setOther: EMPTY,
      from: EMPTY,
      where: undefined,
      returning: EMPTY,
      dialectOptions: EMPTY,
    }),
  );
}

/**
 * A DELETE statement.
 * @example deleteFrom(users).where(users.c.id.in([1, 2, 3]))
 */
export class Delete<C extends ColumnDefs, Row = Record<string, never>> implements Executable<Row> {
  declare readonly __row?: Row;
  constructor(
    /** The target table. */
    readonly table: Table<C>,
    /** The statement's node. */
    readonly node: DeleteNode,
    /** Set by `executionOptions()`. */
    private readonly execution: ExecutionOptions = NO_EXECUTION_OPTIONS,
  ) {}

  private with_<R = Row>(patch: Partial<DeleteNode>): Delete<C, R> {
    return new Delete<C, R>(this.table, n.deleteNode({ ...this.node, ...patch }), this.execution);
  }

  /**
   * Execution options of this statement, merged key by key over those given before; a session
   * merges them over its own, and a call's over them. Not compiled.
   * @example session.execute(deleteFrom(users).where(users.c.id.eq(5)).executionOptions({ audit: 'cleanup' }))
   */
  executionOptions(options: ExecutionOptions): Delete<C, Row> {
    const own = ownExecutionOptions('deleteFrom().executionOptions()', options);
    return new Delete<C, Row>(this.table, this.node, mergeExecutionOptions(this.execution, own));
  }

  /** The execution options given to `executionOptions()`, merged. */
  getExecutionOptions(): ExecutionOptions {
    return this.execution;
  }

  /** Adds WHERE criteria; `where(undefined)` is an ArgumentError, never a DELETE of every row. */
  where(...criteria: Predicate[]): Delete<C, Row> {
    return this.with_({ where: andWhere('deleteFrom().where()', this.node.where, criteria) });
  }

  /**
   * Other tables the WHERE clause refers to (DELETE … USING; MySQL's multi-table DELETE). Tables
   * the WHERE clause names are added without it, as SQLAlchemy does.
   */
  using(...froms: FromClause[]): Delete<C, Row> {
    const nodes = froms.map((f, i) => requireFrom('deleteFrom().using()', f, i + 1).fromNode);
    return this.with_({ using: Object.freeze([...this.node.using, ...nodes]) });
  }

  /**
   * Options one dialect reads and the others ignore (SQLAlchemy's `mysql_limit`).
   * @example deleteFrom(logs).where(logs.c.old.eq(true)).dialectOptions({ mysql: { limit: 1000 } })
   */
  dialectOptions(options: DmlDialectOptions): Delete<C, Row> {
    const added = dialectOptionEntries('deleteFrom().dialectOptions()', options);
    return this.with_({ dialectOptions: mergeDialectOptions(this.node.dialectOptions, added) });
  }

  /** Adds RETURNING items; the rows of the statement are then typed by them. */
  returning<const Items extends readonly Expression<unknown>[]>(
    ...items: Items
  ): Delete<C, RowObject<Items>> {
    const nodes = items.map((e, i) => requireExpression('deleteFrom().returning()', e, i + 1).node);
    return this.with_<RowObject<Items>>({ returning: Object.freeze(nodes) });
  }

  /** Adds common table expressions to a WITH clause before the DELETE. */
  with(...ctes: Cte<unknown>[]): Delete<C, Row> {
    return this.with_({ ctes: Object.freeze([...this.node.ctes, ...ctes.map((c) => c.node)]) });
  }

  /** The statement's node tree, which the compiler walks. */
  toStatementNode(): DeleteNode {
    return this.node;
  }
}

/**
 * Starts a DELETE from `table` (named `deleteFrom` because `delete` is a JavaScript keyword).
 * @example deleteFrom(users).where(users.c.active.eq(false))
 */
export function deleteFrom<C extends ColumnDefs>(table: Table<C>): Delete<C> {
  requireTable(table, 'deleteFrom()');
  return new Delete<C>(
    table,
    n.deleteNode({
      ctes: EMPTY,
      table: table.node,
      target: undefined,
      using: EMPTY,
      where: undefined,
      returning: EMPTY,
      dialectOptions: EMPTY,
    }),
  );
}
