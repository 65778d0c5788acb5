import * as n from '../nodes';
import type { ExprNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import { BooleanType } from '../types/other-types';
import { IntegerType } from '../types/numeric-types';
import { Expression, OrderItem, toNode, type OrderByArg, type Predicate, type QueryLike } from './expression';
import { describeArgument, requireExpression, toOrderNode } from './arguments';
import { windowFrameNode, type WindowFrame } from './window-frame';
import { ArgumentError } from '../../errors';

const BOOLEAN = new BooleanType();

function combine(op: 'AND' | 'OR', predicates: readonly (Predicate | undefined)[]): Predicate {
  const nodes: ExprNode[] = [];
  for (const [i, p] of predicates.entries()) {
    if (p === undefined) continue;
    if (!(p instanceof Expression)) {
      throw new ArgumentError(
        `${op.toLowerCase()}(): argument ${i + 1} is ${describeArgument(p)}; expected a predicate or undefined`,
      );
    }
    // Flatten nested ANDs / ORs so generated SQL stays flat and readable.
    if (p.node.kind === 'Logical' && p.node.op === op) nodes.push(...p.node.operands);
    else nodes.push(p.node);
  }
  if (nodes.length === 0) return new Expression<boolean>(op === 'AND' ? n.TRUE_NODE : n.FALSE_NODE, BOOLEAN);
  if (nodes.length === 1) return new Expression<boolean>(nodes[0]!, BOOLEAN);
  return new Expression<boolean>(n.logical(op, nodes), BOOLEAN);
}

/**
 * Conjunction of predicates; `undefined` entries are skipped, so optional filters compose.
 * @example where(and(users.c.active.eq(true), name ? users.c.name.eq(name) : undefined))
 */
export function and(...predicates: (Predicate | undefined)[]): Predicate {
  return combine('AND', predicates);
}

/**
 * Disjunction of predicates. An empty `or()` is always false.
 * @example where(or(users.c.name.eq('sandy'), users.c.age.gt(30)))
 */
export function or(...predicates: (Predicate | undefined)[]): Predicate {
  return combine('OR', predicates);
}

/** `NOT predicate`. @example where(not(users.c.active.eq(true))) */
export function not(predicate: Predicate): Predicate {
  return new Expression<boolean>(n.not(requireExpression('not()', predicate, 1).node), BOOLEAN);
}

/** `EXISTS (subquery)`. @example where(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id)))) */
export function exists(query: QueryLike): Predicate {
  return new Expression<boolean>(n.exists(query.toQueryNode()), BOOLEAN);
}

/** A bound value with an explicit type: `literal(5, types.integer())`. Always a parameter. */
export function literal<T>(value: T, type?: SqlType<T>): Expression<T> {
  return new Expression<T>(n.bindParam(value, type), type);
}

/** SQL NULL as an expression. */
export function nullValue<T = null>(): Expression<T | null> {
  return new Expression<T | null>(n.NULL_NODE, undefined);
}

/** TRUE / FALSE as a predicate (`1 = 1` / `1 = 0` where the dialect has no boolean expressions). */
export function trueValue(): Predicate {
  return new Expression<boolean>(n.TRUE_NODE, BOOLEAN);
}
/** FALSE as a predicate: see `trueValue`. */
export function falseValue(): Predicate {
  return new Expression<boolean>(n.FALSE_NODE, BOOLEAN);
}

/** A row value `(a, b)`, for composite comparisons such as `tuple(a, b).in([...])`. */
export function tuple(...items: Expression<unknown>[]): Expression<readonly unknown[]> {
  return new Expression<readonly unknown[]>(
    n.tuple(items.map((e, i) => requireExpression('tuple()', e, i + 1).node)),
    undefined,
  );
}

/** `CAST(value AS type)`. @example cast(users.c.age, types.string(10)) */
export function cast<U>(value: Expression<unknown> | unknown, type: SqlType<U>): Expression<U> {
  return new Expression<U>(n.cast(toNode(value, type), type), type);
}

/** A SQL function call whose result can be windowed with `over()`. */
export class FunctionExpression<T> extends Expression<T> {
  /**
   * `fn OVER (PARTITION BY … ORDER BY … frame)`. The frame is data (`{ rows: [{ preceding: 2 }, 'currentRow'] }`)
   * or one of a few fixed texts; any other string is an ArgumentError, never spliced into SQL.
   */
  over(
    spec: { partitionBy?: Expression<unknown>[]; orderBy?: OrderByArg[]; frame?: WindowFrame } = {},
  ): Expression<T> {
    const node = n.windowNode(
      this.node,
      (spec.partitionBy ?? []).map((e, i) => requireExpression('over({ partitionBy })', e, i + 1).node),
      (spec.orderBy ?? []).map((o, i) => toOrderNode('over({ orderBy })', o, i + 1)),
      windowFrameNode(spec.frame),
    );
    return new Expression<T>(node, this.type);
  }
}

export type { WindowFrame, WindowFrameSpec, FrameBound } from './window-frame';

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function call<T>(
  name: string,
  args: readonly unknown[],
  type?: SqlType<unknown>,
  distinct = false,
): FunctionExpression<T> {
  if (!FUNCTION_NAME.test(name)) throw new ArgumentError(`func: '${name}' is not a valid SQL function name`);
  const node = n.functionCall(name, Object.freeze(args.map((a) => toNode(a))), distinct, type);
  return new FunctionExpression<T>(node, type);
}

const INTEGER = new IntegerType();

type AnyFunction = (...args: unknown[]) => FunctionExpression<unknown>;

/** The typed functions every dialect shares; any other name produces a generic function call. */
interface KnownFunctions {
  /** `COUNT(*)`, or `COUNT(expr)`. */
  count(expr?: Expression<unknown>): FunctionExpression<number>;
  /** `COUNT(DISTINCT expr)`. */
  countDistinct(expr: Expression<unknown>): FunctionExpression<number>;
  sum<T>(expr: Expression<T>): FunctionExpression<T | null>;
  avg(expr: Expression<unknown>): FunctionExpression<number | null>;
  min<T>(expr: Expression<T>): FunctionExpression<T | null>;
  max<T>(expr: Expression<T>): FunctionExpression<T | null>;
  lower(expr: Expression<string | null> | string): FunctionExpression<string>;
  upper(expr: Expression<string | null> | string): FunctionExpression<string>;
  length(expr: Expression<string | null>): FunctionExpression<number>;
  coalesce<T>(...args: Operand2<T>[]): FunctionExpression<T>;
  abs(expr: Expression<number | null>): FunctionExpression<number>;
  rowNumber(): FunctionExpression<number>;
  rank(): FunctionExpression<number>;
  denseRank(): FunctionExpression<number>;
  /** The current timestamp (`CURRENT_TIMESTAMP`). */
  now(): FunctionExpression<Date>;
}
type Operand2<T> = T | Expression<T>;

/**
 * SQL functions. Known names are typed; any other name is a generic call:
 * `func.count()`, `func.lower(users.c.name)`, `func.json_extract(col, '$.a')`.
 */
export type FuncNamespace = KnownFunctions & Record<string, AnyFunction>;

const known: KnownFunctions = {
  count: (expr) =>
    expr === undefined
      ? call<number>('count', [new Expression(n.star(undefined), undefined)], INTEGER)
      : call<number>('count', [expr], INTEGER),
  countDistinct: (expr) => call<number>('count', [expr], INTEGER, true),
  sum: (expr) => call('sum', [expr], expr.type),
  avg: (expr) => call('avg', [expr]),
  min: (expr) => call('min', [expr], expr.type),
  max: (expr) => call('max', [expr], expr.type),
  lower: (expr) => call('lower', [expr]),
  upper: (expr) => call('upper', [expr]),
  length: (expr) => call('length', [expr], INTEGER),
  coalesce: (...args) =>
    call(
      'coalesce',
      args,
      (args.find((a) => a instanceof Expression) as Expression<unknown> | undefined)?.type,
    ),
  abs: (expr) => call('abs', [expr], expr.type),
  rowNumber: () => call('row_number', [], INTEGER),
  rank: () => call('rank', [], INTEGER),
  denseRank: () => call('dense_rank', [], INTEGER),
  now: () => call('current_timestamp', []),
};

/**
 * SQL functions: typed for the known names, a generic call for any other.
 * @example select(func.count().as('n')).from(users)
 */
export const func: FuncNamespace = new Proxy(known as FuncNamespace, {
  get(target, prop) {
    if (typeof prop !== 'string') return undefined;
    if (prop in target) return target[prop];
    return (...args: unknown[]) => call(prop, args);
  },
});

/** Builder for `CASE WHEN … THEN … ELSE … END`. */
export class CaseBuilder<T> extends Expression<T> {
  constructor(
    private readonly whens: readonly (readonly [ExprNode, ExprNode])[],
    private readonly subject: ExprNode | undefined,
    private readonly otherwise: ExprNode | undefined,
    type: SqlType<unknown> | undefined,
  ) {
    super(n.caseNode(subject, Object.freeze(whens), otherwise, type), type);
  }
  /** Adds a `WHEN condition THEN result` branch. */
  when<U>(condition: Predicate | unknown, result: U | Expression<U>): CaseBuilder<T | U> {
    const resultType = result instanceof Expression ? result.type : this.type;
    const branch = [
      toNode(condition, this.subject === undefined ? undefined : undefined),
      toNode(result),
    ] as const;
    return new CaseBuilder<T | U>(
      [...this.whens, branch],
      this.subject,
      this.otherwise,
      this.type ?? resultType,
    );
  }
  /** The `ELSE` result. */
  else<U>(result: U | Expression<U>): Expression<T | U> {
    return new CaseBuilder<T | U>(this.whens, this.subject, toNode(result), this.type);
  }
}

/**
 * `CASE` expression. Without arguments it is a searched CASE (`WHEN condition`); with a subject
 * it compares the subject to each `WHEN` value.
 * @example caseWhen().when(users.c.age.lt(18), 'minor').else('adult')
 */
export function caseWhen(subject?: Expression<unknown>): CaseBuilder<never> {
  return new CaseBuilder<never>([], subject?.node, undefined, undefined);
}

export { OrderItem };
