import type { SqlType } from '../types/sql-type';
import type {
  BinaryOp,
  BindParamNode,
  BooleanConstantNode,
  DefaultValueNode,
  ExcludedNode,
  FrameBoundNode,
  JoinType,
  NextValueNode,
  NullNode,
  SetOp,
  TableNode,
  TextFragmentNode,
} from './leaf-nodes';

/**
 * Expressions, FROM items and queries: one file, because they refer to each other (a subquery is
 * an expression and a FROM item, a column names its FROM item, a join holds a condition). The
 * nodes without children are in leaf-nodes.ts, the DML statements in statement-nodes.ts.
 */

// ---- expressions ----------------------------------------------------------------------------

/** An expression. */
export type ExprNode =
  | ColumnNode
  | BindParamNode
  | NullNode
  | BooleanConstantNode
  | StarNode
  | BinaryNode
  | LogicalNode
  | NotNode
  | UnaryMinusNode
  | IsNullNode
  | InNode
  | BetweenNode
  | FunctionNode
  | CastNode
  | CaseNode
  | LabelNode
  | ExistsNode
  | ScalarSubqueryNode
  | WindowNode
  | TupleNode
  | TextFragmentNode
  | DefaultValueNode
  | ExcludedNode
  | NextValueNode;

/** A column of a table, alias, derived table or CTE. */
export interface ColumnNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Column';
  /** The table, alias or derived table the column is read from. */
  readonly from: TableNode | FromNode;
  /** The database name of the column. */
  readonly name: string;
  /** The column's SQL type, when known. */
  readonly type: SqlType<unknown> | undefined;
  /** The key a result row carries the column under, when it differs from `name`. */
  readonly key?: string;
  /**
   * The FROM item a query without an explicit one reads the column through, when it is not
   * `from`: the join of tables a class is mapped to, whose attributes name columns of its tables.
   */
  readonly readFrom?: FromNode;
}

/** `*`, or `from.*`. */
export interface StarNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Star';
  /** The table whose columns `*` stands for (`table.*`); `undefined`: a bare `*`. */
  readonly from: FromNode | undefined;
}

/** `left op right`. */
export interface BinaryNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Binary';
  /** The operator. */
  readonly op: BinaryOp;
  /** The left operand. */
  readonly left: ExprNode;
  /** The right operand. */
  readonly right: ExprNode;
  /** Escape character for LIKE patterns. */
  readonly escape?: string;
}

/** `AND` / `OR` of several operands. */
export interface LogicalNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Logical';
  /** The connective. */
  readonly op: 'AND' | 'OR';
  /** The conditions it joins. */
  readonly operands: readonly ExprNode[];
}

/** `NOT operand`. */
export interface NotNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Not';
  /** The negated condition. */
  readonly operand: ExprNode;
}

/** `-operand`. */
export interface UnaryMinusNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'UnaryMinus';
  /** The negated number. */
  readonly operand: ExprNode;
}

/** `operand IS [NOT] NULL`. */
export interface IsNullNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'IsNull';
  /** The tested expression. */
  readonly operand: ExprNode;
  /** `IS NOT NULL` when true. */
  readonly negated: boolean;
}

/** `operand [NOT] IN (values)` or `IN (subquery)`. */
export interface InNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'In';
  /** The tested expression. */
  readonly operand: ExprNode;
  /** A list of values (never empty: an empty list is compiled away by the builder) or a subquery. */
  readonly values: readonly ExprNode[] | QueryNode;
  /** `NOT IN` when true. */
  readonly negated: boolean;
}

/** `operand [NOT] BETWEEN low AND high`. */
export interface BetweenNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Between';
  /** The tested expression. */
  readonly operand: ExprNode;
  /** The lower bound (inclusive). */
  readonly low: ExprNode;
  /** The upper bound (inclusive). */
  readonly high: ExprNode;
  /** `NOT BETWEEN` when true. */
  readonly negated: boolean;
}

/** A function call `name([DISTINCT] args)`; the name is checked when the node is built. */
export interface FunctionNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Function';
  /** The function's SQL name. */
  readonly name: string;
  /** Its arguments. */
  readonly args: readonly ExprNode[];
  /** `fn(DISTINCT …)` when true. */
  readonly distinct: boolean;
  /** The result's SQL type, when known. */
  readonly type: SqlType<unknown> | undefined;
}

/** `CAST(operand AS type)`. */
export interface CastNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Cast';
  /** The converted expression. */
  readonly operand: ExprNode;
  /** The target type. */
  readonly type: SqlType<unknown>;
}

/** `CASE [subject] WHEN … THEN … [ELSE otherwise] END`. */
export interface CaseNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Case';
  /** `CASE subject WHEN value …` when given; otherwise each WHEN is a condition. */
  readonly subject: ExprNode | undefined;
  /** The WHEN … THEN … pairs, in order. */
  readonly whens: readonly (readonly [ExprNode, ExprNode])[];
  /** The ELSE value, if any. */
  readonly otherwise: ExprNode | undefined;
  /** The result's SQL type, when known. */
  readonly type: SqlType<unknown> | undefined;
}

/** `expr AS name` in a select list. */
export interface LabelNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Label';
  /** The labelled expression. */
  readonly expr: ExprNode;
  /** The label (`AS name`). */
  readonly name: string;
  /**
   * The type the labelled value is read as, when the expression's own node cannot say (a text
   * fragment, a comparison): what `Expression.as()` knew. Undefined: the expression's type.
   */
  readonly type: SqlType<unknown> | undefined;
}

/** `EXISTS (query)`. */
export interface ExistsNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Exists';
  /** The subquery tested for rows. */
  readonly query: QueryNode;
}

/** `(query)` used as a value. */
export interface ScalarSubqueryNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'ScalarSubquery';
  /** The subquery, which yields one value. */
  readonly query: QueryNode;
}

/** An ORDER BY item: `expr [ASC | DESC] [NULLS FIRST | LAST]`. */
export interface OrderByNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'OrderBy';
  /** The sorted expression. */
  readonly expr: ExprNode;
  /** ASC or DESC; `undefined`: the database's default. */
  readonly direction: 'ASC' | 'DESC' | undefined;
  /** NULLS FIRST or LAST; `undefined`: the database's default. */
  readonly nulls: 'FIRST' | 'LAST' | undefined;
}

/** `fn OVER (PARTITION BY … ORDER BY … frame)`. */
export interface WindowNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Window';
  /** The window function. */
  readonly fn: ExprNode;
  /** PARTITION BY expressions. */
  readonly partitionBy: readonly ExprNode[];
  /** ORDER BY items of the window. */
  readonly orderBy: readonly OrderByNode[];
  /** The frame clause, if any. */
  readonly frame: WindowFrameNode | undefined;
}

/** `ROWS | RANGE BETWEEN start AND end`: structure only, no SQL text. */
export interface WindowFrameNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'WindowFrame';
  /** ROWS or RANGE. */
  readonly mode: 'ROWS' | 'RANGE';
  /** Where the frame begins. */
  readonly start: FrameBoundNode;
  /** Where the frame ends. */
  readonly end: FrameBoundNode;
}

/** A row value `(a, b, …)`. */
export interface TupleNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Tuple';
  /** The tuple's members. */
  readonly items: readonly ExprNode[];
}

// ---- FROM items -----------------------------------------------------------------------------

/** Things a FROM clause can name. */
export type FromNode =
  TableNode | TableAliasNode | DerivedTableNode | JoinNode | CteRefNode | TableFunctionNode | ValuesNode;

/** `table AS alias`. */
export interface TableAliasNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'TableAlias';
  /** The aliased table. */
  readonly table: TableNode;
  /** The alias. */
  readonly alias: string;
}

/** A subquery in FROM: `(SELECT …) AS alias`. */
export interface DerivedTableNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'DerivedTable';
  /** The subquery. */
  readonly query: QueryNode;
  /** Its name in the FROM clause. */
  readonly alias: string;
  /** LATERAL on PostgreSQL/MySQL 8; CROSS APPLY is not generated. */
  readonly lateral: boolean;
}

/** `left JOIN right ON on` (no `on` for CROSS). */
export interface JoinNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Join';
  /** The kind of join. */
  readonly type: JoinType;
  /** The left side. */
  readonly left: FromNode;
  /** The right side. */
  readonly right: FromNode;
  /** The ON condition; `undefined` for a cross join. */
  readonly on: ExprNode | undefined;
}

/** A reference to a common table expression declared by the statement's WITH clause. */
export interface CteRefNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'CteRef';
  /** The referenced CTE. */
  readonly cte: CteNode;
  /** Its alias in this FROM clause, if any. */
  readonly alias: string | undefined;
}

/**
 * A table of literal rows in FROM: `(VALUES (…), (…)) AS alias (columns)`, or the dialect's
 * equivalent. Every value is a bound parameter; `types` type the columns where the database needs it.
 */
export interface ValuesNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Values';
  /** The rows, one expression per column. */
  readonly rows: readonly (readonly ExprNode[])[];
  /** The list's name in the FROM clause. */
  readonly alias: string;
  /** The column names. */
  readonly columnNames: readonly string[];
  /** The columns' SQL types, when known. */
  readonly types: readonly (SqlType<unknown> | undefined)[];
}

/** A set-returning function in FROM, e.g. `generate_series(1, 10) AS g`. */
export interface TableFunctionNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'TableFunction';
  /** The function call. */
  readonly fn: ExprNode;
  /** Its name in the FROM clause. */
  readonly alias: string;
}

// ---- queries --------------------------------------------------------------------------------

/** A statement that produces rows and can be nested: SELECT or a set operation. */
export type QueryNode = SelectNode | SetOperationNode;

/** A common table expression of a WITH clause: `name [(columns)] AS (query)`. */
export interface CteNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Cte';
  /** The CTE's name. */
  readonly name: string;
  /** Its query. */
  readonly query: QueryNode;
  /** `WITH RECURSIVE` when true. */
  readonly recursive: boolean;
  /** Column names, required by most databases for recursive CTEs. */
  readonly columnNames: readonly string[] | undefined;
}

/** A locking clause: `FOR UPDATE | SHARE [OF …] [NOWAIT | SKIP LOCKED]`, or the dialect's form. */
export interface ForUpdateNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'ForUpdate';
  /** FOR UPDATE or FOR SHARE. */
  readonly mode: 'UPDATE' | 'SHARE';
  /** NOWAIT: fail instead of waiting for a lock. */
  readonly noWait: boolean;
  /** SKIP LOCKED: leave out locked rows. */
  readonly skipLocked: boolean;
  /** The tables whose rows are locked (`OF …`); empty: all. */
  readonly of: readonly FromNode[];
}

/** A SELECT statement. */
export interface SelectNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Select';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** SELECT DISTINCT when true. */
  readonly distinct: boolean;
  /** Select list; non-column expressions are wrapped in `Label` nodes by the builder. */
  readonly columns: readonly ExprNode[];
  /** FROM items named explicitly (`from`, `join`). Tables of the columns are added when compiling. */
  readonly from: readonly FromNode[];
  /** The WHERE condition, if any. */
  readonly where: ExprNode | undefined;
  /** GROUP BY expressions. */
  readonly groupBy: readonly ExprNode[];
  /** The HAVING condition, if any. */
  readonly having: ExprNode | undefined;
  /** ORDER BY items. */
  readonly orderBy: readonly OrderByNode[];
  /** LIMIT, if any. */
  readonly limit: ExprNode | undefined;
  /** OFFSET, if any. */
  readonly offset: ExprNode | undefined;
  /** The row-locking clause, if any. */
  readonly forUpdate: ForUpdateNode | undefined;
}

/** Queries combined by UNION, INTERSECT or EXCEPT, with their own ORDER BY and LIMIT. */
export interface SetOperationNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'SetOperation';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** UNION, UNION ALL, INTERSECT or EXCEPT. */
  readonly op: SetOp;
  /** The combined queries. */
  readonly queries: readonly QueryNode[];
  /** ORDER BY items. */
  readonly orderBy: readonly OrderByNode[];
  /** LIMIT, if any. */
  readonly limit: ExprNode | undefined;
  /** OFFSET, if any. */
  readonly offset: ExprNode | undefined;
}
