import type { SqlType } from '../types/sql-type';

/**
 * The nodes that hold no other node: values, constants, a table by name, and the operator and
 * keyword sets the compound nodes choose from (expression-nodes.ts). See nodes.ts for the tree.
 */

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

/** The comparison operators of a `BinaryNode`. */
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
/** The arithmetic operators of a `BinaryNode`. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
/** Every operator of a `BinaryNode`; `concat` and the LIKE forms are written per dialect. */
export type BinaryOp = ComparisonOp | ArithmeticOp | 'concat' | 'like' | 'notLike' | 'ilike' | 'notIlike';

/** A frame bound: a keyword, or `offset PRECEDING / FOLLOWING` with a non-negative integer offset. */
export interface FrameBoundNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'FrameBound';
  /** Which bound. */
  readonly bound: 'unboundedPreceding' | 'currentRow' | 'unboundedFollowing' | 'preceding' | 'following';
  /** The offset of `preceding` / `following` bounds. */
  readonly offset: number | undefined;
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

/** A table by name. `schemaName` qualifies it; the schema object itself lives in lib/sql/schema. */
export interface TableNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Table';
  /** The table's name. */
  readonly name: string;
  /** The table's schema, if any. */
  readonly schemaName: string | undefined;
}

/** The kinds of join a `JoinNode` writes. */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

/** The set operators of a `SetOperationNode`. */
export type SetOp = 'UNION' | 'UNION ALL' | 'INTERSECT' | 'INTERSECT ALL' | 'EXCEPT' | 'EXCEPT ALL';
