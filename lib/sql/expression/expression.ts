import * as n from '../nodes';
import type { ExprNode, OrderByNode, QueryNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import { BooleanType } from '../types/other-types';
import { StringType } from '../types/string-types';

/** Anything that can stand where a SELECT is expected inside an expression (`IN (…)`, `EXISTS`). */
export interface QueryLike {
  toQueryNode(): QueryNode;
}

/** A value of type `T`, or an expression producing one. */
export type Operand<T> = T | Expression<T>;

/** The expression type of a boolean predicate. */
export type Predicate = Expression<boolean>;

const BOOLEAN = new BooleanType();
const STRING = new StringType();

/** @internal Turns a value or expression into a node, binding plain values with `type`. */
export function toNode(value: unknown, type?: SqlType<unknown>): ExprNode {
  if (value instanceof Expression) return value.node;
  if (value === null && type?.bindsNull === true) return n.bindParam(null, type);
  if (value === null || value === undefined) return n.NULL_NODE;
  return n.bindParam(value, type);
}

/** @internal */
export function isQueryLike(value: unknown): value is QueryLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as QueryLike).toQueryNode === 'function'
  );
}

/**
 * A SQL expression whose values are of type `T`. Methods build new expressions; nothing mutates.
 *
 * @example
 * users.c.name.eq('sandy')                // "users"."name" = $1
 * users.c.age.add(1).gt(users.c.limit)    // ("users"."age" + $1) > "users"."limit"
 */
export class Expression<T> {
  /** Phantom member carrying `T`; never set. */
  declare readonly __value?: T;

  constructor(
    /** The AST node. */
    readonly node: ExprNode,
    /** The SQL type of the values, when known; used to bind compared values. */
    readonly type: SqlType<unknown> | undefined,
  ) {}

  private compare(op: n.ComparisonOp, other: Operand<T>): Predicate {
    return new Expression<boolean>(n.binary(op, this.node, toNode(other, this.type)), BOOLEAN);
  }

  /** `= other`; `eq(null)` compiles to `IS NULL`. */
  eq(other: Operand<T> | null): Predicate {
    return other === null ? this.isNull() : this.compare('=', other);
  }
  /** `<> other`; `ne(null)` compiles to `IS NOT NULL`. */
  ne(other: Operand<T> | null): Predicate {
    return other === null ? this.isNotNull() : this.compare('<>', other);
  }
  /** `this < other`. */
  lt(other: Operand<T>): Predicate {
    return this.compare('<', other);
  }
  /** `this <= other`. */
  le(other: Operand<T>): Predicate {
    return this.compare('<=', other);
  }
  /** `this > other`. */
  gt(other: Operand<T>): Predicate {
    return this.compare('>', other);
  }
  /** `this >= other`. */
  ge(other: Operand<T>): Predicate {
    return this.compare('>=', other);
  }

  /** `this IS NULL`. */
  isNull(): Predicate {
    return new Expression<boolean>(n.isNull(this.node, false), BOOLEAN);
  }
  /** `this IS NOT NULL`. */
  isNotNull(): Predicate {
    return new Expression<boolean>(n.isNull(this.node, true), BOOLEAN);
  }

  /**
   * `IN (…)` over values, expressions or a subquery. An empty list is a predicate that is always
   * false (`1 = 0`), never the invalid `IN ()`.
   */
  in(values: readonly Operand<T>[] | QueryLike): Predicate {
    return this.inNode(values, false);
  }
  /** `NOT IN (…)`; an empty list is always true. */
  notIn(values: readonly Operand<T>[] | QueryLike): Predicate {
    return this.inNode(values, true);
  }
  private inNode(values: readonly Operand<T>[] | QueryLike, negated: boolean): Predicate {
    if (isQueryLike(values)) {
      return new Expression<boolean>(n.inNode(this.node, values.toQueryNode(), negated), BOOLEAN);
    }
    if (values.length === 0) return new Expression<boolean>(negated ? n.TRUE_NODE : n.FALSE_NODE, BOOLEAN);
    const nodes = Object.freeze(values.map((v) => toNode(v, this.type)));
    return new Expression<boolean>(n.inNode(this.node, nodes, negated), BOOLEAN);
  }

  /** `this BETWEEN low AND high`. */
  between(low: Operand<T>, high: Operand<T>): Predicate {
    return this.betweenNode(low, high, false);
  }
  /** `this NOT BETWEEN low AND high`. */
  notBetween(low: Operand<T>, high: Operand<T>): Predicate {
    return this.betweenNode(low, high, true);
  }
  private betweenNode(low: Operand<T>, high: Operand<T>, negated: boolean): Predicate {
    const node = n.between(this.node, toNode(low, this.type), toNode(high, this.type), negated);
    return new Expression<boolean>(node, BOOLEAN);
  }

  /** `LIKE pattern`, with an optional escape character. */
  like(this: Expression<string | null>, pattern: Operand<string>, escape?: string): Predicate {
    return new Expression<boolean>(n.binary('like', this.node, toNode(pattern, STRING), escape), BOOLEAN);
  }
  /** `this NOT LIKE pattern`, with an optional ESCAPE character. */
  notLike(this: Expression<string | null>, pattern: Operand<string>, escape?: string): Predicate {
    return new Expression<boolean>(n.binary('notLike', this.node, toNode(pattern, STRING), escape), BOOLEAN);
  }
  /** Case-insensitive LIKE: `ILIKE` on PostgreSQL, `LOWER(a) LIKE LOWER(b)` elsewhere. */
  ilike(this: Expression<string | null>, pattern: Operand<string>, escape?: string): Predicate {
    return new Expression<boolean>(n.binary('ilike', this.node, toNode(pattern, STRING), escape), BOOLEAN);
  }
  /** `this NOT ILIKE pattern` (case-insensitive; `lower(…) NOT LIKE lower(…)` where ILIKE does not exist). */
  notIlike(this: Expression<string | null>, pattern: Operand<string>, escape?: string): Predicate {
    return new Expression<boolean>(n.binary('notIlike', this.node, toNode(pattern, STRING), escape), BOOLEAN);
  }

  private arithmetic(op: n.ArithmeticOp, other: Operand<T>): Expression<T> {
    return new Expression<T>(n.binary(op, this.node, toNode(other, this.type)), this.type);
  }
  /** `this + other`. */
  add(this: Expression<number | null>, other: Operand<number>): Expression<number> {
    return (this as Expression<number>).arithmetic('+', other);
  }
  /** `this - other`. */
  sub(this: Expression<number | null>, other: Operand<number>): Expression<number> {
    return (this as Expression<number>).arithmetic('-', other);
  }
  /** `this * other`. */
  mul(this: Expression<number | null>, other: Operand<number>): Expression<number> {
    return (this as Expression<number>).arithmetic('*', other);
  }
  /** `this / other` (the database's division: integer operands may divide as integers). */
  div(this: Expression<number | null>, other: Operand<number>): Expression<number> {
    return (this as Expression<number>).arithmetic('/', other);
  }
  /** `this % other` (MOD where the database has no `%`). */
  mod(this: Expression<number | null>, other: Operand<number>): Expression<number> {
    return (this as Expression<number>).arithmetic('%', other);
  }
  /** `-this`. */
  neg(this: Expression<number | null>): Expression<number> {
    return new Expression<number>(n.unaryMinus(this.node), this.type);
  }
  /** String concatenation: `||`, `CONCAT()` on MySQL, `+` on SQL Server. */
  concat(
    this: Expression<string | null>,
    other: Operand<string> | Expression<string | null>,
  ): Expression<string> {
    return new Expression<string>(n.binary('concat', this.node, toNode(other, STRING)), STRING);
  }

  /** `CAST(expr AS type)`. */
  cast<U>(type: SqlType<U>): Expression<U> {
    return new Expression<U>(n.cast(this.node, type), type);
  }

  /** Names the expression in a select list: `expr AS name`. */
  as<K extends string>(name: K): Labeled<T, K> {
    return new Labeled<T, K>(n.label(this.node, name, this.type), this.type, name);
  }

  /** `this ASC`, for `orderBy()`. */
  asc(): OrderItem {
    return new OrderItem(n.orderBy(this.node, 'ASC'));
  }
  /** `this DESC`, for `orderBy()`. */
  desc(): OrderItem {
    return new OrderItem(n.orderBy(this.node, 'DESC'));
  }
}

/** An expression with a name in the select list; result rows carry it under that key. */
export class Labeled<T, K extends string> extends Expression<T> {
  constructor(
    node: ExprNode,
    type: SqlType<unknown> | undefined,
    readonly key: K,
  ) {
    super(node, type);
  }
}

/** An ORDER BY item. */
export class OrderItem {
  constructor(readonly node: OrderByNode) {}
  nullsFirst(): OrderItem {
    return new OrderItem(n.orderBy(this.node.expr, this.node.direction, 'FIRST'));
  }
  nullsLast(): OrderItem {
    return new OrderItem(n.orderBy(this.node.expr, this.node.direction, 'LAST'));
  }
}

/** An expression or order item accepted by `orderBy`. */
export type OrderByArg = OrderItem | Expression<unknown>;
