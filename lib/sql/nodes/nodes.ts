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
  readonly kind: 'Column';
  /** The table, alias or derived table the column is read from. */
  readonly from: TableNode | FromNode;
  /** The database name of the column. */
  readonly name: string;
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
  readonly kind: 'BindParam';
  readonly value: unknown;
  /** Converts the value for the dialect; taken from the column it is compared with when known. */
  readonly type: SqlType<unknown> | undefined;
  /** Reads the value when the statement is compiled (a callable bind parameter); `value` is then unused. */
  readonly deferred?: () => unknown;
}

/** SQL `NULL`. */
export interface NullNode {
  readonly kind: 'Null';
}

/** TRUE / FALSE as a predicate: rendered `1 = 1` / `1 = 0` where booleans are not expressions. */
export interface BooleanConstantNode {
  readonly kind: 'BooleanConstant';
  readonly value: boolean;
}

/** `*`, or `from.*`. */
export interface StarNode {
  readonly kind: 'Star';
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
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: ExprNode;
  readonly right: ExprNode;
  /** Escape character for LIKE patterns. */
  readonly escape?: string;
}

/** `AND` / `OR` of several operands. */
export interface LogicalNode {
  readonly kind: 'Logical';
  readonly op: 'AND' | 'OR';
  readonly operands: readonly ExprNode[];
}

/** `NOT operand`. */
export interface NotNode {
  readonly kind: 'Not';
  readonly operand: ExprNode;
}

/** `-operand`. */
export interface UnaryMinusNode {
  readonly kind: 'UnaryMinus';
  readonly operand: ExprNode;
}

/** `operand IS [NOT] NULL`. */
export interface IsNullNode {
  readonly kind: 'IsNull';
  readonly operand: ExprNode;
  readonly negated: boolean;
}

/** `operand [NOT] IN (values)` or `IN (subquery)`. */
export interface InNode {
  readonly kind: 'In';
  readonly operand: ExprNode;
  /** A list of values (never empty: an empty list is compiled away by the builder) or a subquery. */
  readonly values: readonly ExprNode[] | QueryNode;
  readonly negated: boolean;
}

/** `operand [NOT] BETWEEN low AND high`. */
export interface BetweenNode {
  readonly kind: 'Between';
  readonly operand: ExprNode;
  readonly low: ExprNode;
  readonly high: ExprNode;
  readonly negated: boolean;
}

/** A function call `name([DISTINCT] args)`; the name is checked when the node is built. */
export interface FunctionNode {
  readonly kind: 'Function';
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly distinct: boolean;
  readonly type: SqlType<unknown> | undefined;
}

/** `CAST(operand AS type)`. */
export interface CastNode {
  readonly kind: 'Cast';
  readonly operand: ExprNode;
  readonly type: SqlType<unknown>;
}

/** `CASE [subject] WHEN … THEN … [ELSE otherwise] END`. */
export interface CaseNode {
  readonly kind: 'Case';
  readonly subject: ExprNode | undefined;
  readonly whens: readonly (readonly [ExprNode, ExprNode])[];
  readonly otherwise: ExprNode | undefined;
  readonly type: SqlType<unknown> | undefined;
}

/** `expr AS name` in a select list. */
export interface LabelNode {
  readonly kind: 'Label';
  readonly expr: ExprNode;
  readonly name: string;
  /**
   * The type the labelled value is read as, when the expression's own node cannot say (a text
   * fragment, a comparison): what `Expression.as()` knew. Undefined: the expression's type.
   */
  readonly type: SqlType<unknown> | undefined;
}

/** `EXISTS (query)`. */
export interface ExistsNode {
  readonly kind: 'Exists';
  readonly query: QueryNode;
}

/** `(query)` used as a value. */
export interface ScalarSubqueryNode {
  readonly kind: 'ScalarSubquery';
  readonly query: QueryNode;
}

/** An ORDER BY item: `expr [ASC | DESC] [NULLS FIRST | LAST]`. */
export interface OrderByNode {
  readonly kind: 'OrderBy';
  readonly expr: ExprNode;
  readonly direction: 'ASC' | 'DESC' | undefined;
  readonly nulls: 'FIRST' | 'LAST' | undefined;
}

/** `fn OVER (PARTITION BY … ORDER BY … frame)`. */
export interface WindowNode {
  readonly kind: 'Window';
  readonly fn: ExprNode;
  readonly partitionBy: readonly ExprNode[];
  readonly orderBy: readonly OrderByNode[];
  readonly frame: WindowFrameNode | undefined;
}

/** `ROWS | RANGE BETWEEN start AND end`: structure only, no SQL text. */
export interface WindowFrameNode {
  readonly kind: 'WindowFrame';
  readonly mode: 'ROWS' | 'RANGE';
  readonly start: FrameBoundNode;
  readonly end: FrameBoundNode;
}

/** A frame bound: a keyword, or `offset PRECEDING / FOLLOWING` with a non-negative integer offset. */
export interface FrameBoundNode {
  readonly kind: 'FrameBound';
  readonly bound: 'unboundedPreceding' | 'currentRow' | 'unboundedFollowing' | 'preceding' | 'following';
  readonly offset: number | undefined;
}

/** A row value `(a, b, …)`. */
export interface TupleNode {
  readonly kind: 'Tuple';
  readonly items: readonly ExprNode[];
}

/**
 * SQL text written by the user (`text()`, `literalColumn()`), with named parameters `:name`
 * whose values are bound, never spliced.
 */
export interface TextFragmentNode {
  readonly kind: 'TextFragment';
  readonly sql: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** In an upsert's SET: the value the conflicting INSERT row carried for column `name`. */
export interface ExcludedNode {
  readonly kind: 'Excluded';
  readonly name: string;
  readonly type: SqlType<unknown> | undefined;
}

/** The next value of a sequence (`nextval('s')`, `NEXT VALUE FOR s`, `s.NEXTVAL`). */
export interface NextValueNode {
  readonly kind: 'NextValue';
  readonly name: string;
  readonly schemaName: string | undefined;
  readonly type: SqlType<unknown> | undefined;
}

/** The DEFAULT keyword in an INSERT row. */
export interface DefaultValueNode {
  readonly kind: 'DefaultValue';
}

// ---- FROM items -------------------------------------------------------------------------------

/** Things a FROM clause can name. */
export type FromNode =
  TableNode | TableAliasNode | DerivedTableNode | JoinNode | CteRefNode | TableFunctionNode | ValuesNode;

/** A table by name. `schemaName` qualifies it; the schema object itself lives in lib/sql/schema. */
export interface TableNode {
  readonly kind: 'Table';
  readonly name: string;
  readonly schemaName: string | undefined;
}

/** `table AS alias`. */
export interface TableAliasNode {
  readonly kind: 'TableAlias';
  readonly table: TableNode;
  readonly alias: string;
}

/** A subquery in FROM: `(SELECT …) AS alias`. */
export interface DerivedTableNode {
  readonly kind: 'DerivedTable';
  readonly query: QueryNode;
  readonly alias: string;
  /** LATERAL on PostgreSQL/MySQL 8; CROSS APPLY is not generated. */
  readonly lateral: boolean;
}

/** The kinds of join a `JoinNode` writes. */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

/** `left JOIN right ON on` (no `on` for CROSS). */
export interface JoinNode {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly left: FromNode;
  readonly right: FromNode;
  readonly on: ExprNode | undefined;
}

/** A reference to a common table expression declared by the statement's WITH clause. */
export interface CteRefNode {
  readonly kind: 'CteRef';
  readonly cte: CteNode;
  readonly alias: string | undefined;
}

/**
 * A table of literal rows in FROM: `(VALUES (…), (…)) AS alias (columns)`, or the dialect's
 * equivalent. Every value is a bound parameter; `types` type the columns where the database needs it.
 */
export interface ValuesNode {
  readonly kind: 'Values';
  readonly rows: readonly (readonly ExprNode[])[];
  readonly alias: string;
  readonly columnNames: readonly string[];
  readonly types: readonly (SqlType<unknown> | undefined)[];
}

/** A set-returning function in FROM, e.g. `generate_series(1, 10) AS g`. */
export interface TableFunctionNode {
  readonly kind: 'TableFunction';
  readonly fn: ExprNode;
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
  readonly kind: 'Cte';
  readonly name: string;
  readonly query: QueryNode;
  readonly recursive: boolean;
  /** Column names, required by most databases for recursive CTEs. */
  readonly columnNames: readonly string[] | undefined;
}

/** A locking clause: `FOR UPDATE | SHARE [OF …] [NOWAIT | SKIP LOCKED]`, or the dialect's form. */
export interface ForUpdateNode {
  readonly kind: 'ForUpdate';
  readonly mode: 'UPDATE' | 'SHARE';
  readonly noWait: boolean;
  readonly skipLocked: boolean;
  readonly of: readonly FromNode[];
}

/** A SELECT statement. */
export interface SelectNode {
  readonly kind: 'Select';
  readonly ctes: readonly CteNode[];
  readonly distinct: boolean;
  /** Select list; non-column expressions are wrapped in `Label` nodes by the builder. */
  readonly columns: readonly ExprNode[];
  /** FROM items named explicitly (`from`, `join`). Tables of the columns are added when compiling. */
  readonly from: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly groupBy: readonly ExprNode[];
  readonly having: ExprNode | undefined;
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
  readonly forUpdate: ForUpdateNode | undefined;
}

/** The set operators of a `SetOperationNode`. */
export type SetOp = 'UNION' | 'UNION ALL' | 'INTERSECT' | 'INTERSECT ALL' | 'EXCEPT' | 'EXCEPT ALL';

/** Queries combined by UNION, INTERSECT or EXCEPT, with their own ORDER BY and LIMIT. */
export interface SetOperationNode {
  readonly kind: 'SetOperation';
  readonly ctes: readonly CteNode[];
  readonly op: SetOp;
  readonly queries: readonly QueryNode[];
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
}

/** An upsert clause: `ON CONFLICT (target) DO NOTHING` or `DO UPDATE SET …`, or the dialect's form. */
export interface OnConflictNode {
  readonly kind: 'OnConflict';
  /** Conflict target: database column names of a unique constraint or primary key. */
  readonly target: readonly string[];
  /** `undefined` for DO NOTHING. */
  readonly set: readonly (readonly [string, ExprNode])[] | undefined;
  readonly where: ExprNode | undefined;
}

/** An INSERT statement: rows of values, or a query. */
export interface InsertNode {
  readonly kind: 'Insert';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  /** Database column names, in the order of each row's values. */
  readonly columns: readonly string[];
  /** Rows of values; empty with `select` set for INSERT … SELECT; one empty row for DEFAULT VALUES. */
  readonly rows: readonly (readonly ExprNode[])[];
  readonly select: QueryNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly onConflict: OnConflictNode | undefined;
}

/**
 * A dialect-specific option of an UPDATE or DELETE: `[dialect, option, value]`, such as
 * `['mysql', 'limit', 5]`. Other dialects ignore it.
 */
export type DmlDialectOption = readonly [string, string, string | number | boolean];

/** An UPDATE statement. */
export interface UpdateNode {
  readonly kind: 'Update';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  /** The alias the statement names `table` by (`UPDATE documents AS d`); columns refer to it. */
  readonly target: TableAliasNode | undefined;
  readonly set: readonly (readonly [string, ExprNode])[];
  /** Columns of other tables set by the same statement (MySQL's multi-table UPDATE). */
  readonly setOther: readonly (readonly [ColumnNode, ExprNode])[];
  readonly from: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly dialectOptions: readonly DmlDialectOption[];
}

/** A DELETE statement. */
export interface DeleteNode {
  readonly kind: 'Delete';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  /** The alias the statement names `table` by (`DELETE FROM documents AS d`); columns refer to it. */
  readonly target: TableAliasNode | undefined;
  /** Other tables the WHERE clause reads (DELETE … USING), besides those it names itself. */
  readonly using: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly dialectOptions: readonly DmlDialectOption[];
}

/** A statement written as SQL text with named parameters; `columns` types its result when given. */
export interface TextStatementNode {
  readonly kind: 'TextStatement';
  readonly text: TextFragmentNode;
  readonly columns: readonly (readonly [string, SqlType<unknown>])[];
}
