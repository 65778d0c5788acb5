import { Expression, type Column, type Predicate } from '../sql';
import { binary, columnNode, inNode, isNull, type ExprNode } from '../sql/nodes';
import type { JoinCriterion } from './mapper-types';

/** Column nodes marked by `foreign()`, with the column each stands for. @internal */
export const FOREIGN = new WeakMap<ExprNode, Column<unknown>>();

/**
 * Marks the column of a custom join condition that holds the foreign key (SQLAlchemy's
 * `foreign()`), when no foreign key constraint says so; the SQL is the column itself.
 *
 * @example
 * @Relationship(() => Address, { primaryJoin: (u, a) => u.id.eq(foreign(a.userId)) }) addresses!: Address[];
 */
export function foreign<T>(column: Column<T>): Expression<T> {
  const source = column.node;
  // A fresh node of the same column, so the mark never reaches the column's own node.
  const node: ExprNode =
    source.kind === 'Column'
      ? columnNode(source.from, source.name, source.type, source.key, source.readFrom)
      : source;
  FOREIGN.set(node, column as Column<unknown>);
  return new Expression<T>(node, column.type);
}

/**
 * `criterion` with its column read from `to` instead (a column of an alias of the target).
 * @internal
 */
export function criterionOn(criterion: JoinCriterion, to: Expression<unknown>): Predicate {
  const from = criterion.column.node;
  const swap = (n: ExprNode): ExprNode => (n === from || FOREIGN.get(n) === criterion.column ? to.node : n);
  const node = criterion.node;
  let out: ExprNode;
  if (node.kind === 'Binary') out = binary(node.op, swap(node.left), swap(node.right), node.escape);
  else if (node.kind === 'IsNull') out = isNull(swap(node.operand), node.negated);
  else if (node.kind === 'In') out = inNode(swap(node.operand), node.values, node.negated);
  else out = node;
  return new Expression<boolean>(out, undefined);
}
