import type { SqlType } from '../types/sql-type';

/**
 * The node tree of the SQL expression language: frozen plain data tagged with `kind`. Builders
 * make nodes through the factories (factories.ts), the compiler reads them; nothing mutates them.
 * One file, because expressions, FROM items and statements refer to each other (a subquery is
 * an expression, an expression lives in a statement); node-fields.ts lists each kind's fields.
 * DDL statements are in lib/sql/schema/ddl-nodes.ts: they carry schema objects.
 */

/** Every node of the expression language (DDL statements aside). */
export type SqlNode =
  | ExprNode
  | OrderByNode
  | WindowFrameNode
  | FrameBoundNode
  | FromNode
  | CteNode
  | ForUpdateNode
  | OnConflictNode
  | StatementNode;

// ---- expressions ------------------------------------------------------------------------------

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

/** A value sent as a bound parameter, never written into the SQL text. */
export interface BindParamNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'BindParam';
  /** The value to bind (converted by its type at compile time). */
  readonly value: unknown;
  /** Converts the value for the dialect; taken from the column it is compared with when known. */
  readonly type: SqlType<unknown> | undefined;
  /** Reads the value when the statement is compiled (a callable bind parameter); `value` is then unused. */
  readonly deferred?: () => unknown;
}

/** SQL `NULL`. */
export interface NullNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Null';
}

/** TRUE / FALSE as a predicate: rendered `1 = 1` / `1 = 0` where booleans are not expressions. */
export interface BooleanConstantNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'BooleanConstant';
  /** The constant's value. */
  readonly value: boolean;
}

/** `*`, or `from.*`. */
export interface StarNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Star';
  /** The table whose columns `*` stands for (`table.*`); `undefined`: a bare `*`. */
  readonly from: FromNode | undefined;
}

/** The comparison operators of a `BinaryNode`. */
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
/** The arithmetic operators of a `BinaryNode`. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
/** Every operator of a `BinaryNode`; `concat` and the LIKE forms are written per dialect. */
export type BinaryOp = ComparisonOp | ArithmeticOp | 'concat' | 'like' | 'notLike' | 'ilike' | 'notIlike';

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

/** A frame bound: a keyword, or `offset PRECEDING / FOLLOWING` with a non-negative integer offset. */
export interface FrameBoundNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'FrameBound';
  /** Which bound. */
  readonly bound: 'unboundedPreceding' | 'currentRow' | 'unboundedFollowing' | 'preceding' | 'following';
  /** The offset of `preceding` / `following` bounds. */
  readonly offset: number | undefined;
}

/** A row value `(a, b, …)`. */
export interface TupleNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Tuple';
  /** The tuple's members. */
  readonly items: readonly ExprNode[];
}

/**
 * SQL text written by the user (`text()`, `literalColumn()`), with named parameters `:name`
 * whose values are bound, never spliced.
 */
export interface TextFragmentNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'TextFragment';
  /** The SQL text, with `:name` parameters. */
  readonly sql: string;
  /** The values of its parameters by name. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** In an upsert's SET: the value the conflicting INSERT row carried for column `name`. */
export interface ExcludedNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Excluded';
  /** The column of the proposed row (`EXCLUDED.name`). */
  readonly name: string;
  /** The column's SQL type, when known. */
  readonly type: SqlType<unknown> | undefined;
}

/** The next value of a sequence (`nextval('s')`, `NEXT VALUE FOR s`, `s.NEXTVAL`). */
export interface NextValueNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'NextValue';
  /** The sequence's name. */
  readonly name: string;
  /** The sequence's schema, if any. */
  readonly schemaName: string | undefined;
  /** The value's SQL type, when known. */
  readonly type: SqlType<unknown> | undefined;
}

/** The DEFAULT keyword in an INSERT row. */
export interface DefaultValueNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'DefaultValue';
}

// ---- FROM items -------------------------------------------------------------------------------

/** Things a FROM clause can name. */
export type FromNode =
  TableNode | TableAliasNode | DerivedTableNode | JoinNode | CteRefNode | TableFunctionNode | ValuesNode;

/** A table by name. `schemaName` qualifies it; the schema object itself lives in lib/sql/schema. */
export interface TableNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Table';
  /** The table's name. */
  readonly name: string;
  /** The table's schema, if any. */
  readonly schemaName: string | undefined;
}

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

/** The kinds of join a `JoinNode` writes. */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

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

// ---- statements ------------------------------------------------------------------------------

/** A statement that produces rows and can be nested: SELECT or a set operation. */
export type QueryNode = SelectNode | SetOperationNode;

/** A statement of the statement compiler: a query, DML, or text (DDL nodes live with the schema). */
export type StatementNode =
  SelectNode | SetOperationNode | InsertNode | UpdateNode | DeleteNode | TextStatementNode;

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

/** The set operators of a `SetOperationNode`. */
export type SetOp = 'UNION' | 'UNION ALL' | 'INTERSECT' | 'INTERSECT ALL' | 'EXCEPT' | 'EXCEPT ALL';

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

/** An upsert clause: `ON CONFLICT (target) DO NOTHING` or `DO UPDATE SET …`, or the dialect's form. */
export interface OnConflictNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'OnConflict';
  /** Conflict target: database column names of a unique constraint or primary key. */
  readonly target: readonly string[];
  /** `undefined` for DO NOTHING. */
  readonly set: readonly (readonly [string, ExprNode])[] | undefined;
  /** The condition of `DO UPDATE … WHERE`, if any. */
  readonly where: ExprNode | undefined;
}

/** An INSERT statement: rows of values, or a query. */
export interface InsertNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Insert';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** The target table. */
  readonly table: TableNode;
  /** Database column names, in the order of each row's values. */
  readonly columns: readonly string[];
  /** Rows of values; empty with `select` set for INSERT … SELECT; one empty row for DEFAULT VALUES. */
  readonly rows: readonly (readonly ExprNode[])[];
  /** `INSERT … SELECT`: the query whose rows are inserted. */
  readonly select: QueryNode | undefined;
  /** RETURNING expressions. */
  readonly returning: readonly ExprNode[];
  /** The upsert clause, if any. */
  readonly onConflict: OnConflictNode | undefined;
}

/**
 * A dialect-specific option of an UPDATE or DELETE: `[dialect, option, value]`, such as
 * `['mysql', 'limit', 5]`. Other dialects ignore it.
 */
export type DmlDialectOption = readonly [string, string, string | number | boolean];

/** An UPDATE statement. */
export interface UpdateNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Update';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** The target table. */
  readonly table: TableNode;
  /** The alias the statement names `table` by (`UPDATE documents AS d`); columns refer to it. */
  readonly target: TableAliasNode | undefined;
  /** The SET assignments: column name and value. */
  readonly set: readonly (readonly [string, ExprNode])[];
  /** Columns of other tables set by the same statement (MySQL's multi-table UPDATE). */
  readonly setOther: readonly (readonly [ColumnNode, ExprNode])[];
  /** Further FROM tables (`UPDATE … FROM`). */
  readonly from: readonly FromNode[];
  /** The WHERE condition, if any. */
  readonly where: ExprNode | undefined;
  /** RETURNING expressions. */
  readonly returning: readonly ExprNode[];
  /** Options one dialect understands (others ignore them). */
  readonly dialectOptions: readonly DmlDialectOption[];
}

/** A DELETE statement. */
export interface DeleteNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Delete';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** The target table. */
  readonly table: TableNode;
  /** The alias the statement names `table` by (`DELETE FROM documents AS d`); columns refer to it. */
  readonly target: TableAliasNode | undefined;
  /** Other tables the WHERE clause reads (DELETE … USING), besides those it names itself. */
  readonly using: readonly FromNode[];
  /** The WHERE condition, if any. */
  readonly where: ExprNode | undefined;
  /** RETURNING expressions. */
  readonly returning: readonly ExprNode[];
  /** Options one dialect understands (others ignore them). */
  readonly dialectOptions: readonly DmlDialectOption[];
}

/** A statement written as SQL text with named parameters; `columns` types its result when given. */
export interface TextStatementNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'TextStatement';
  /** The SQL text and its parameters. */
  readonly text: TextFragmentNode;
  /** The declared result columns and their types, for converting values. */
  readonly columns: readonly (readonly [string, SqlType<unknown>])[];
}
