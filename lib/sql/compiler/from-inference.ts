import type { DeleteNode, ExprNode, FromNode, OrderByNode, SelectNode, UpdateNode } from '../nodes';

function leaves(node: FromNode): FromNode[] {
  return node.kind === 'Join' ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

type AddFrom = (from: FromNode, through: FromNode | undefined) => void;

/**
 * Reports the FROM item of each column reference in `node` (and the item it is read through, see
 * `ColumnNode.readFrom`); does not enter subqueries.
 */
function collect(node: ExprNode | undefined, add: AddFrom): void {
  if (node === undefined) return;
  switch (node.kind) {
    case 'Column':
      add(node.from, node.readFrom);
      return;
    case 'Star':
      if (node.from) add(node.from, undefined);
      return;
    case 'Binary':
      collect(node.left, add);
      collect(node.right, add);
      return;
    case 'Logical':
      node.operands.forEach((o) => collect(o, add));
      return;
    case 'Not':
    case 'UnaryMinus':
    case 'IsNull':
      collect(node.operand, add);
      return;
    case 'In':
      collect(node.operand, add);
      if (Array.isArray(node.values)) (node.values as readonly ExprNode[]).forEach((v) => collect(v, add));
      return;
    case 'Between':
      collect(node.operand, add);
      collect(node.low, add);
      collect(node.high, add);
      return;
    case 'Function':
      node.args.forEach((a) => collect(a, add));
      return;
    case 'Cast':
      collect(node.operand, add);
      return;
    case 'Case':
      collect(node.subject, add);
      node.whens.forEach(([w, t]) => {
        collect(w, add);
        collect(t, add);
      });
      collect(node.otherwise, add);
      return;
    case 'Label':
      collect(node.expr, add);
      return;
    case 'Window':
      collect(node.fn, add);
      node.partitionBy.forEach((p) => collect(p, add));
      node.orderBy.forEach((o: OrderByNode) => collect(o.expr, add));
      return;
    case 'Tuple':
      node.items.forEach((i) => collect(i, add));
      return;
    default:
      return; // bind params, constants, subqueries (which have their own FROM), text
  }
}

/**
 * The FROM list of a SELECT: the explicit items, then the tables its columns and criteria refer
 * to that no explicit item covers. Tables that an enclosing SELECT already has are correlated
 * (left out), as long as something remains — SQLAlchemy's auto-correlation.
 * @internal
 */
export function collectFroms(node: SelectNode, enclosing: readonly Set<FromNode>[]): FromNode[] {
  const explicit = node.from;
  // A join itself covers the columns read through it (`readFrom`), as its tables cover theirs.
  const covered = new Set([...explicit, ...explicit.flatMap(leaves)]);
  const referenced = new Set<FromNode>();
  // A column read through a join needs the join unless its own table is there already.
  const add: AddFrom = (from, through) =>
    referenced.add(through === undefined || covered.has(from) ? from : through);
  node.columns.forEach((c) => collect(c, add));
  collect(node.where, add);
  node.groupBy.forEach((g) => collect(g, add));
  collect(node.having, add);
  node.orderBy.forEach((o) => collect(o.expr, add));
  const found = [...referenced].filter((f) => !covered.has(f));
  // A table that an implicit join also holds is read through the join, not a second time.
  const inJoins = new Set(found.flatMap((f) => (f.kind === 'Join' ? leaves(f) : [])));
  const implicit = found.filter((f) => !inJoins.has(f));
  const uncorrelated = implicit.filter((f) => !enclosing.some((scope) => scope.has(f)));
  const keep = explicit.length > 0 || uncorrelated.length > 0 ? uncorrelated : implicit;
  return [...explicit, ...keep];
}

/**
 * The FROM items that column references in `nodes` read from, other than `own` (not entering
 * subqueries): the extra tables an UPDATE's WHERE and SET refer to.
 * @internal
 */
export function referencedFroms(nodes: readonly (ExprNode | undefined)[], own: FromNode): FromNode[] {
  const out = new Set<FromNode>();
  // A statement writing a table names the tables themselves, not joins columns are read through.
  for (const node of nodes) collect(node, (from) => out.add(from));
  out.delete(own);
  return [...out];
}

/** The FROM items given, then those `nodes` read that none of them covers, other than `own`. */
function withReferenced(given: readonly FromNode[], nodes: readonly (ExprNode | undefined)[], own: FromNode) {
  const covered = new Set(given.flatMap(leaves));
  return [...given, ...referencedFroms(nodes, own).filter((f) => !covered.has(f))];
}

/**
 * The tables an UPDATE reads besides its target: those `from()` gives, then those its WHERE
 * clause and values name (SQLAlchemy's implicit UPDATE … FROM).
 * @internal
 */
export function updateExtraFroms(node: UpdateNode): FromNode[] {
  const values = [...node.set.map(([, v]) => v), ...node.setOther.flatMap(([col, v]) => [col, v])];
  return withReferenced(node.from, [node.where, ...values], node.target ?? node.table);
}

/**
 * The tables a DELETE reads besides its target: those `using()` gives, then those its WHERE
 * clause names (SQLAlchemy's implicit DELETE … USING).
 * @internal
 */
export function deleteExtraFroms(node: DeleteNode): FromNode[] {
  return withReferenced(node.using, [node.where], node.target ?? node.table);
}
