import { ArgumentError } from '../../errors';
import { Expression, type OrderByArg, type Predicate, type QueryLike } from '../expression/expression';
import { describeArgument, requireCriteria, requireExpression, toOrderNode } from '../expression/arguments';
import { and } from '../expression/functions';
import * as n from '../nodes';
import type { ExprNode, FromNode, QueryNode, SelectNode, SetOp, SetOperationNode } from '../nodes';
import { columnsOfFrom, type Column, type FromClause } from '../schema/table';
import {
  ENTITY,
  isEntityLike,
  isJoinPath,
  type EntityLike,
  type Executable,
  type JoinPath,
} from '../selectable';
import type { SqlType } from '../types/sql-type';
import { IntegerType } from '../types/numeric-types';
import type { RowObject, KeyedExpression } from './row-types';
import type { WithLoadedItems } from './loaded-items';
import { Cte, Subquery } from './subquery';
import { Bundle } from './bundle';
import { mergeExecutionOptions, type ExecutionOptions } from '../execution-options';
import { checkRowSource, FromStatement, type RowSource } from './from-statement';

const INTEGER = new IntegerType();

/** An option attached to a statement for a higher layer (ORM loader options); the compiler ignores it. */
export interface StatementOption {
  readonly optionKind: string;
}

/** `executionOptions()` of a select, kept with its other options so that every builder call carries it. */
class ExecutionOptionsOption implements StatementOption {
  readonly optionKind = 'executionOptions';
  constructor(readonly options: ExecutionOptions) {}
}

/** What `join()` accepts: a table or other FROM item, a mapped entity, or a relationship path. */
export type JoinTarget = FromClause | EntityLike | MappedClassLike | JoinPath;

/**
 * A mapped class as a FROM item: decorators cannot change a class's type, so a decorated class is
 * accepted by its constructor type and checked when the statement is built.
 */
export type MappedClassLike = abstract new (...args: never[]) => object;

function isFromClause(value: unknown): value is FromClause {
  return typeof value === 'object' && value !== null && 'fromNode' in value && 'columns' in value;
}

/** @internal The select-list nodes and entity criteria of the items of `select(...)`. */
function expandItems(items: readonly unknown[]): {
  columns: ExprNode[];
  criteria: Predicate[];
  froms: FromNode[];
} {
  const columns: ExprNode[] = [];
  const criteria: Predicate[] = [];
  // Entities whose FROM item is a join (joined-table inheritance) bring it along explicitly.
  const froms: FromNode[] = [];
  items.forEach((item, i) => {
    if (item instanceof Expression) columns.push(item.node);
    else if (item instanceof Bundle) columns.push(...item.columns.map((c: Expression<unknown>) => c.node));
    else if (isEntityLike(item)) {
      const d = item[ENTITY];
      columns.push(...d.columns.map((c) => c.node));
      if (d.criteria !== undefined) criteria.push(d.criteria);
      if (d.from.fromNode.kind === 'Join' && !froms.includes(d.from.fromNode)) froms.push(d.from.fromNode);
    } else if (isFromClause(item)) columns.push(...item.columns.map((c) => c.node));
    else
      throw new ArgumentError(`select(): item ${i + 1} is not a column, expression, table or mapped class`);
  });
  return { columns, criteria, froms };
}

function fromOf(target: FromClause | EntityLike | MappedClassLike, method = 'from()'): FromClause {
  if (isEntityLike(target)) return target[ENTITY].from;
  if (isFromClause(target)) return target;
  throw new ArgumentError(
    `${method}: ${describeArgument(target)} is not a table, alias, subquery or mapped class`,
  );
}

const EMPTY: readonly never[] = Object.freeze([]);

function limitNode(value: number | undefined, what: string): ExprNode | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0)
    throw new ArgumentError(`${what}() needs a non-negative integer, got ${value}`);
  return n.bindParam(value, INTEGER);
}

/** Shared by SELECT and set operations: ORDER BY, LIMIT, OFFSET, subqueries, CTEs. */
abstract class QueryBase<Items extends readonly unknown[]>
  implements Executable<RowObject<Items>>, QueryLike
{
  declare readonly __row?: RowObject<Items>;
  abstract toQueryNode(): QueryNode;

  /** The statement's node tree, which the compiler walks. */
  toStatementNode(): QueryNode {
    return this.toQueryNode();
  }

  /** This query as a derived table: `(SELECT …) AS name`, with typed columns in `.c`. */
  subquery(name: string): Subquery<RowObject<Items>> {
    return new Subquery<RowObject<Items>>(this.toQueryNode(), name, false);
  }

  /** A LATERAL derived table (PostgreSQL, MySQL 8). */
  lateral(name: string): Subquery<RowObject<Items>> {
    return new Subquery<RowObject<Items>>(this.toQueryNode(), name, true);
  }

  /** This query as a common table expression for `with()`. */
  cte(
    name: string,
    options: { recursive?: boolean; columns?: readonly string[] } = {},
  ): Cte<RowObject<Items>> {
    // A recursive CTE is completed by `cte.unionAll(recursivePart)`, which makes a new CTE.
    const node = n.cte(name, this.toQueryNode(), options.recursive ?? false, options.columns);
    return new Cte<RowObject<Items>>(node);
  }

  /** This query as a scalar subquery expression: `(SELECT max(x) FROM t)`. */
  scalarSubquery<T = RowObject<Items>[keyof RowObject<Items>]>(): Expression<T> {
    const query = this.toQueryNode();
    const first = query.kind === 'Select' ? query.columns[0] : undefined;
    const type =
      first !== undefined && 'type' in first ? (first.type as SqlType<unknown> | undefined) : undefined;
    return new Expression<T>(n.scalarSubquery(query), type);
  }
}

/**
 * A SELECT statement. Every method returns a new statement; nothing is mutated.
 *
 * @example
 * select(users.c.id, users.c.name).where(users.c.name.like('s%')).orderBy(users.c.id.desc()).limit(10)
 */
export class Select<Items extends readonly unknown[] = unknown[]> extends QueryBase<Items> {
  constructor(
    /** The items given to `select()`, for the ORM to read entities back. */
    readonly items: Items,
    /** The SELECT's node. */
    readonly node: SelectNode,
    /** Options for higher layers (loader strategies); not compiled. */
    readonly statementOptions: readonly StatementOption[] = EMPTY,
  ) {
    super();
  }

  private with_(patch: Partial<SelectNode>): Select<Items> {
    return new Select<Items>(this.items, n.selectNode({ ...this.node, ...patch }), this.statementOptions);
  }

  /** The SELECT's node, for use as a subquery or a part of a set operation. */
  toQueryNode(): SelectNode {
    return this.node;
  }

  /**
   * Adds WHERE criteria, ANDed with what is there. Each criterion must be a predicate:
   * `where(undefined)` is an ArgumentError, never "no filter" (compose optional filters with
   * `and(…)`, which skips `undefined`).
   */
  where(...criteria: Predicate[]): Select<Items> {
    requireCriteria('select().where()', criteria);
    const current =
      this.node.where === undefined ? undefined : new Expression<boolean>(this.node.where, undefined);
    return this.with_({ where: and(current, ...criteria).node });
  }

  /** Sets FROM items explicitly (tables, aliases, subqueries). */
  from(...froms: (FromClause | EntityLike | MappedClassLike)[]): Select<Items> {
    return this.with_({ from: Object.freeze([...this.node.from, ...froms.map((f) => fromOf(f).fromNode)]) });
  }

  private joinWith(type: n.JoinType, target: JoinTarget, on: Predicate | undefined): Select<Items> {
    // An ON clause that is not an expression would silently become a join without ON.
    if (on !== undefined) requireCriteria('join() ON', [on]);
    let right: FromClause;
    let condition = on;
    if (isJoinPath(target)) {
      const path = target.joinPath();
      right = path.target;
      condition = on === undefined ? path.on : and(path.on, on);
    } else {
      right = fromOf(target, 'join()');
    }
    const froms = [...this.node.from];
    let left = froms.pop();
    if (left === undefined) {
      // Join from the FROM item of the first selected column, as SQLAlchemy does.
      const firstColumn = this.node.columns.map(columnOrigin).find((c) => c !== undefined);
      if (firstColumn === undefined)
        throw new ArgumentError('join(): nothing to join from; call from() first');
      left = firstColumn;
    }
    if (condition === undefined && type !== 'CROSS') {
      condition = inferJoinCondition(left, right);
    }
    const join = n.join(type, left, right.fromNode, condition?.node);
    return this.with_({ from: Object.freeze([...froms, join]) });
  }

  /** `JOIN target ON on`; the ON clause is inferred from a foreign key when omitted. */
  join(target: JoinTarget, on?: Predicate): Select<Items> {
    return this.joinWith('INNER', target, on);
  }
  /** `LEFT OUTER JOIN`. */
  leftJoin(target: JoinTarget, on?: Predicate): Select<Items> {
    return this.joinWith('LEFT', target, on);
  }
  /** `RIGHT OUTER JOIN` (not on SQLite before 3.39). */
  rightJoin(target: JoinTarget, on?: Predicate): Select<Items> {
    return this.joinWith('RIGHT', target, on);
  }
  /** `FULL OUTER JOIN` (PostgreSQL, SQL Server, Oracle, SQLite ≥ 3.39; a CompileError on MySQL). */
  fullJoin(target: JoinTarget, on?: Predicate): Select<Items> {
    return this.joinWith('FULL', target, on);
  }
  /** `CROSS JOIN`. */
  crossJoin(target: FromClause | EntityLike): Select<Items> {
    return this.joinWith('CROSS', target, undefined);
  }

  /** Adds GROUP BY expressions. */
  groupBy(...exprs: Expression<unknown>[]): Select<Items> {
    const nodes = exprs.map((e, i) => requireExpression('groupBy()', e, i + 1).node);
    return this.with_({ groupBy: Object.freeze([...this.node.groupBy, ...nodes]) });
  }

  /** Adds HAVING criteria (combined with AND). */
  having(...criteria: Predicate[]): Select<Items> {
    requireCriteria('select().having()', criteria);
    const current =
      this.node.having === undefined ? undefined : new Expression<boolean>(this.node.having, undefined);
    return this.with_({ having: and(current, ...criteria).node });
  }

  /** Adds ORDER BY items; `orderBy(null)` drops those given so far (SQLAlchemy's `order_by(None)`). */
  orderBy(...items: OrderByArg[] | [null]): Select<Items> {
    if (items.length === 1 && items[0] === null) return this.with_({ orderBy: EMPTY });
    const nodes = (items as OrderByArg[]).map((item, i) => toOrderNode('orderBy()', item, i + 1));
    return this.with_({ orderBy: Object.freeze([...this.node.orderBy, ...nodes]) });
  }

  /** Sets LIMIT (`undefined` removes it); the dialect writes it as LIMIT, TOP or FETCH FIRST. */
  limit(count: number | undefined): Select<Items> {
    return this.with_({ limit: limitNode(count, 'limit') });
  }

  /** Sets OFFSET (`undefined` removes it). */
  offset(count: number | undefined): Select<Items> {
    return this.with_({ offset: limitNode(count, 'offset') });
  }

  /** SELECT DISTINCT. */
  distinct(): Select<Items> {
    return this.with_({ distinct: true });
  }

  /** `FOR UPDATE` (or `FOR SHARE`), with NOWAIT / SKIP LOCKED / OF where the dialect has them. */
  forUpdate(
    options: { share?: boolean; noWait?: boolean; skipLocked?: boolean; of?: FromClause[] } = {},
  ): Select<Items> {
    return this.with_({
      forUpdate: n.forUpdate(
        options.share ? 'SHARE' : 'UPDATE',
        options.noWait ?? false,
        options.skipLocked ?? false,
        (options.of ?? []).map((f) => f.fromNode),
      ),
    });
  }

  /** Adds common table expressions to a WITH clause. */
  with(...ctes: Cte<unknown>[]): Select<Items> {
    return this.with_({ ctes: Object.freeze([...this.node.ctes, ...ctes.map((c) => c.node)]) });
  }

  /** Adds more select items. */
  addColumns<More extends readonly unknown[]>(...more: More): Select<[...Items, ...More]> {
    const { columns, criteria, froms } = expandItems(more);
    const next = new Select<[...Items, ...More]>(
      [...this.items, ...more] as [...Items, ...More],
      n.selectNode({
        ...this.node,
        columns: Object.freeze([...this.node.columns, ...columns]),
        from: froms.length ? Object.freeze([...this.node.from, ...froms]) : this.node.from,
      }),
      this.statementOptions,
    );
    return criteria.length ? next.where(...criteria) : next;
  }

  /**
   * Attaches options for higher layers, such as ORM loader strategies. Loader options that load
   * relationships of the first item's entity type its rows as `Loaded` with those keys.
   */
  options<O extends readonly StatementOption[]>(...opts: O): Select<WithLoadedItems<Items, O>> {
    // The items are the same objects: only their type records what the options load.
    const items = this.items as unknown as WithLoadedItems<Items, O>;
    return new Select(items, this.node, Object.freeze([...this.statementOptions, ...opts]));
  }

  /**
   * Execution options of this statement (see `ExecutionOptions`), merged key by key with those
   * given before; the session merges them over its own, and a call's over them. Not compiled.
   *
   * @example session.scalars(select(User).executionOptions({ populateExisting: true }))
   */
  executionOptions(options: ExecutionOptions): Select<Items> {
    return this.options(new ExecutionOptionsOption(Object.freeze({ ...options })));
  }

  /**
   * The ORM items of this select, loaded from the rows of `statement` instead (see
   * `FromStatement`); only the items and execution options of this select are kept.
   *
   * @example session.scalars(select(Data).fromStatement(select(attrs(Data).id))) // data unloaded
   */
  fromStatement(statement: RowSource): FromStatement<Items> {
    return new FromStatement(this.items, checkRowSource(statement), this.getExecutionOptions());
  }

  /** The execution options given to this statement, merged (empty when none). */
  getExecutionOptions(): ExecutionOptions {
    const layers = this.statementOptions.filter((o) => o instanceof ExecutionOptionsOption);
    return mergeExecutionOptions(...layers.map((o) => o.options));
  }

  /** `this UNION others`; each must select the same items. */
  union(...others: QueryBase<Items>[]): CompoundSelect<Items> {
    return compound('UNION', this, others);
  }
  /** `this UNION ALL others`, keeping duplicates. */
  unionAll(...others: QueryBase<Items>[]): CompoundSelect<Items> {
    return compound('UNION ALL', this, others);
  }
  /** `this INTERSECT others`. */
  intersect(...others: QueryBase<Items>[]): CompoundSelect<Items> {
    return compound('INTERSECT', this, others);
  }
  /** `this EXCEPT others` (MINUS on Oracle). */
  except(...others: QueryBase<Items>[]): CompoundSelect<Items> {
    return compound('EXCEPT', this, others);
  }
}

/** UNION / INTERSECT / EXCEPT of queries. */
export class CompoundSelect<Items extends readonly unknown[]> extends QueryBase<Items> {
  constructor(
    /** The set operation's node. */
    readonly node: SetOperationNode,
  ) {
    super();
  }
  /** The set operation's node, for use as a subquery. */
  toQueryNode(): SetOperationNode {
    return this.node;
  }
  private with_(patch: Partial<SetOperationNode>): CompoundSelect<Items> {
    return new CompoundSelect<Items>(n.setOperation({ ...this.node, ...patch }));
  }
  /** Adds ORDER BY items over the whole set operation. */
  orderBy(...items: OrderByArg[]): CompoundSelect<Items> {
    const nodes = items.map((item, i) => toOrderNode('orderBy()', item, i + 1));
    return this.with_({ orderBy: Object.freeze([...this.node.orderBy, ...nodes]) });
  }
  /** Sets LIMIT over the whole set operation (`undefined` removes it). */
  limit(count: number | undefined): CompoundSelect<Items> {
    return this.with_({ limit: limitNode(count, 'limit') });
  }
  /** Sets OFFSET over the whole set operation (`undefined` removes it). */
  offset(count: number | undefined): CompoundSelect<Items> {
    return this.with_({ offset: limitNode(count, 'offset') });
  }
  /** Adds common table expressions to a WITH clause before the set operation. */
  with(...ctes: Cte<unknown>[]): CompoundSelect<Items> {
    return this.with_({ ctes: Object.freeze([...this.node.ctes, ...ctes.map((c) => c.node)]) });
  }
}

function compound<Items extends readonly unknown[]>(
  op: SetOp,
  first: QueryBase<Items>,
  others: QueryBase<Items>[],
): CompoundSelect<Items> {
  return new CompoundSelect<Items>(
    n.setOperation({
      ctes: EMPTY,
      op,
      queries: Object.freeze([first, ...others].map((q) => q.toQueryNode())),
      orderBy: EMPTY,
      limit: undefined,
      offset: undefined,
    }),
  );
}

/** Set operations as functions. @example union(select(users.c.id), select(posts.c.userId)) */
export const union = <I extends readonly unknown[]>(
  first: Select<I>,
  ...rest: QueryBase<I>[]
): CompoundSelect<I> => compound('UNION', first, rest);
/** `UNION ALL` of the queries: see `union`. */
export const unionAll = <I extends readonly unknown[]>(
  first: Select<I>,
  ...rest: QueryBase<I>[]
): CompoundSelect<I> => compound('UNION ALL', first, rest);
/** `INTERSECT` of the queries: see `union`. */
export const intersect = <I extends readonly unknown[]>(
  first: Select<I>,
  ...rest: QueryBase<I>[]
): CompoundSelect<I> => compound('INTERSECT', first, rest);
/** `EXCEPT` of the queries: see `union`. */
export const except = <I extends readonly unknown[]>(
  first: Select<I>,
  ...rest: QueryBase<I>[]
): CompoundSelect<I> => compound('EXCEPT', first, rest);

/** The FROM item a column node reads from, when it is a plain column. @internal */
function columnOrigin(node: ExprNode): FromNode | undefined {
  if (node.kind === 'Column') return node.from;
  if (node.kind === 'Label') return columnOrigin(node.expr);
  return undefined;
}

/** @internal The leaf FROM items of a FROM tree. */
export function leafFroms(node: FromNode): FromNode[] {
  return node.kind === 'Join' ? [...leafFroms(node.left), ...leafFroms(node.right)] : [node];
}

/** Finds the single foreign key between two FROM items and builds the ON clause. */
function inferJoinCondition(left: FromNode, right: FromClause): Predicate {
  const rightCols = columnsOfFrom.get(right.fromNode);
  const candidates: Predicate[] = [];
  const link = (fromCols: readonly Column<unknown>[], toCols: readonly Column<unknown>[]): void => {
    const toTable = toCols[0]?.table;
    for (const fk of fromCols[0]?.table.foreignKeys ?? []) {
      if (fk.referredTable !== toTable) continue;
      const conds = fk.columns.map((local, i) => {
        const localCol = fromCols.find((c) => c.base === local)!;
        const remote = toCols.find((c) => c.base === fk.referredColumns[i])!;
        return localCol.eq(remote);
      });
      candidates.push(and(...conds));
    }
  };
  for (const leaf of leafFroms(left)) {
    const leftCols = columnsOfFrom.get(leaf);
    if (leftCols === undefined || rightCols === undefined) continue;
    link(rightCols, leftCols);
    link(leftCols, rightCols);
  }
  if (candidates.length === 1) return candidates[0]!;
  throw new ArgumentError(
    candidates.length === 0
      ? 'join(): no foreign key links the tables; pass the ON clause'
      : 'join(): several foreign keys link the tables; pass the ON clause',
  );
}

/**
 * Starts a SELECT of columns, expressions, tables or mapped classes.
 *
 * @example
 * select(users.c.id, users.c.name)              // rows { id: number; name: string }
 * select(users)                                 // every column of users
 * select(func.count().as('n')).from(users)      // rows { n: number }
 */
export function select<const Items extends readonly unknown[]>(...items: Items): Select<Items> {
  const { columns, criteria, froms } = expandItems(items);
  const base = new Select<Items>(
    items,
    n.selectNode({
      ctes: EMPTY,
      distinct: false,
      columns: Object.freeze(columns),
      from: froms.length ? Object.freeze(froms) : EMPTY,
      where: undefined,
      groupBy: EMPTY,
      having: undefined,
      orderBy: EMPTY,
      limit: undefined,
      offset: undefined,
      forUpdate: undefined,
    }),
  );
  return criteria.length ? base.where(...criteria) : base;
}

export type { KeyedExpression };
