import type { SqlType } from '../types/sql-type';
import type { FromNode, TableNode } from './from-nodes';
import type { QueryNode } from './statement-nodes';

/**
 * Expression nodes: frozen plain data tagged with `kind`. Builders create them, the compiler
 * reads them; nothing mutates them.
 */
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
  | ExcludedNode;

export interface ColumnNode {
  readonly kind: 'Column';
  /** The table, alias or derived table the column is read from. */
  readonly from: TableNode | FromNode;
  /** The database name of the column. */
  readonly name: string;
  readonly type: SqlType<unknown> | undefined;
  /** The key a result row carries the column under, when it differs from `name`. */
  readonly key?: string;
}

export interface BindParamNode {
  readonly kind: 'BindParam';
  readonly value: unknown;
  /** Converts the value for the dialect; taken from the column it is compared with when known. */
  readonly type: SqlType<unknown> | undefined;
}

export interface NullNode {
  readonly kind: 'Null';
}

/** TRUE / FALSE as a predicate: rendered `1 = 1` / `1 = 0` where booleans are not expressions. */
export interface BooleanConstantNode {
  readonly kind: 'BooleanConstant';
  readonly value: boolean;
}

export interface StarNode {
  readonly kind: 'Star';
  readonly from: FromNode | undefined;
}

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type BinaryOp = ComparisonOp | ArithmeticOp | 'concat' | 'like' | 'notLike' | 'ilike' | 'notIlike';

export interface BinaryNode {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: ExprNode;
  readonly right: ExprNode;
  /** Escape character for LIKE patterns. */
  readonly escape?: string;
}

export interface LogicalNode {
  readonly kind: 'Logical';
  readonly op: 'AND' | 'OR';
  readonly operands: readonly ExprNode[];
}

export interface NotNode {
  readonly kind: 'Not';
  readonly operand: ExprNode;
}

export interface UnaryMinusNode {
  readonly kind: 'UnaryMinus';
  readonly operand: ExprNode;
}

export interface IsNullNode {
  readonly kind: 'IsNull';
  readonly operand: ExprNode;
  readonly negated: boolean;
}

export interface InNode {
  readonly kind: 'In';
  readonly operand: ExprNode;
  /** A list of values (never empty: an empty list is compiled away by the builder) or a subquery. */
  readonly values: readonly ExprNode[] | QueryNode;
  readonly negated: boolean;
}

export interface BetweenNode {
  readonly kind: 'Between';
  readonly operand: ExprNode;
  readonly low: ExprNode;
  readonly high: ExprNode;
  readonly negated: boolean;
}

export interface FunctionNode {
  readonly kind: 'Function';
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly distinct: boolean;
  readonly type: SqlType<unknown> | undefined;
}

export interface CastNode {
  readonly kind: 'Cast';
  readonly operand: ExprNode;
  readonly type: SqlType<unknown>;
}

export interface CaseNode {
  readonly kind: 'Case';
  readonly subject: ExprNode | undefined;
  readonly whens: readonly (readonly [ExprNode, ExprNode])[];
  readonly otherwise: ExprNode | undefined;
  readonly type: SqlType<unknown> | undefined;
}

export interface LabelNode {
  readonly kind: 'Label';
  readonly expr: ExprNode;
  readonly name: string;
}

export interface ExistsNode {
  readonly kind: 'Exists';
  readonly query: QueryNode;
}

export interface ScalarSubqueryNode {
  readonly kind: 'ScalarSubquery';
  readonly query: QueryNode;
}

export interface OrderByNode {
  readonly kind: 'OrderBy';
  readonly expr: ExprNode;
  readonly direction: 'ASC' | 'DESC' | undefined;
  readonly nulls: 'FIRST' | 'LAST' | undefined;
}

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

/** The DEFAULT keyword in an INSERT row. */
export interface DefaultValueNode {
  readonly kind: 'DefaultValue';
}

const freeze = Object.freeze;

// Node factories: each returns a frozen node (nodes are immutable and shared between statements).

/** A column reference; `key` only when it differs from the database name. */
export const columnNode = (
  from: TableNode | FromNode,
  name: string,
  type: SqlType<unknown> | undefined,
  key?: string,
): ColumnNode =>
  freeze(
    key === undefined || key === name
      ? { kind: 'Column', from, name, type }
      : { kind: 'Column', from, name, type, key },
  );
/** A bound value, converted by `type` when it is compiled. */
export const bindParam = (value: unknown, type?: SqlType<unknown>): BindParamNode =>
  freeze({ kind: 'BindParam', value, type });
/** Shared constant nodes: NULL, TRUE, FALSE, DEFAULT. */
export const NULL_NODE: NullNode = freeze({ kind: 'Null' });
export const TRUE_NODE: BooleanConstantNode = freeze({ kind: 'BooleanConstant', value: true });
export const FALSE_NODE: BooleanConstantNode = freeze({ kind: 'BooleanConstant', value: false });
export const DEFAULT_NODE: DefaultValueNode = freeze({ kind: 'DefaultValue' });
/** `left op right`; `escape` for LIKE. */
export const binary = (op: BinaryOp, left: ExprNode, right: ExprNode, escape?: string): BinaryNode =>
  freeze(
    escape === undefined ? { kind: 'Binary', op, left, right } : { kind: 'Binary', op, left, right, escape },
  );
/** `a AND b AND …` / `a OR b OR …`. */
export const logical = (op: 'AND' | 'OR', operands: readonly ExprNode[]): LogicalNode =>
  freeze({ kind: 'Logical', op, operands: freeze([...operands]) });
/** `NOT operand`. */
export const not = (operand: ExprNode): NotNode => freeze({ kind: 'Not', operand });
/** `expr AS name` in a select list. */
export const label = (expr: ExprNode, name: string): LabelNode => freeze({ kind: 'Label', expr, name });
/** An ORDER BY item with its direction and NULLS FIRST / LAST. */
export const orderBy = (expr: ExprNode, direction?: 'ASC' | 'DESC', nulls?: 'FIRST' | 'LAST'): OrderByNode =>
  freeze({ kind: 'OrderBy', expr, direction, nulls });
