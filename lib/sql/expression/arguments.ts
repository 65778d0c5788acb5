import { ArgumentError } from '../../errors';
import * as n from '../nodes';
import type { OrderByNode } from '../nodes';
import type { FromClause } from '../schema/table';
import { Expression, OrderItem, type OrderByArg, type Predicate } from './expression';

/** A short description of a wrong argument, for error messages. @internal */
export function describeArgument(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'plain'} object, not an expression`;
  return `${typeof value} ${String(value)}`;
}

/**
 * The criteria of `where()` / `having()`, each checked to be an expression. A missing criterion
 * (`undefined`, `null`) or a plain object would otherwise drop the clause or widen it to every
 * row; that is an error, never "no filter". Optional filters compose with `and(…)`, which skips
 * `undefined`; `trueValue()` matches every row explicitly.
 * @internal
 */
export function requireCriteria(method: string, criteria: readonly unknown[]): readonly Predicate[] {
  criteria.forEach((c, i) => {
    if (c instanceof Expression) return;
    throw new ArgumentError(
      `${method}: criterion ${i + 1} is ${describeArgument(c)}; a missing criterion must not ` +
        'match every row. Pass a predicate such as col.eq(value), compose optional filters with ' +
        'and(…) (it skips undefined), or pass trueValue() to match every row on purpose',
    );
  });
  return criteria as readonly Predicate[];
}

/** An argument that must be a SQL expression (ORDER BY and GROUP BY items, window parts…). @internal */
export function requireExpression(method: string, value: unknown, position: number): Expression<unknown> {
  if (value instanceof Expression) return value;
  throw new ArgumentError(
    `${method}: argument ${position} is ${describeArgument(value)}; expected an expression`,
  );
}

/** An ORDER BY item (`expr`, `expr.desc()`), checked: `orderBy(undefined)` is an error. @internal */
export function toOrderNode(method: string, arg: OrderByArg, position: number): OrderByNode {
  if (arg instanceof OrderItem) return arg.node;
  return n.orderBy(requireExpression(method, arg, position).node);
}

/** A FROM item (table, alias, subquery), checked so that a wrong one is not silently dropped. @internal */
export function requireFrom(method: string, value: unknown, position: number): FromClause {
  if (typeof value === 'object' && value !== null && 'fromNode' in value && 'columns' in value)
    return value as FromClause;
  throw new ArgumentError(
    `${method}: argument ${position} is ${describeArgument(value)}; expected a table, alias or subquery`,
  );
}
