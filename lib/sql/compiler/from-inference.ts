import type { DeleteNode, ExprNode, FromNode, OrderByNode, SelectNode, UpdateNode } from '../nodes';

function leaves(node: FromNode): FromNode[] {
  return node.kind === 'Join' ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

/** Adds the FROM items that column references in `node` read from; does not enter subqueries. */
function collect(node: ExprNode | undefined, out: Set<FromNode>): void {
  if (node === undefined) return;
  switch (node.kind) {
    case 'Column':
      out.add(node.readFrom ?? node.from);
      return;
    case 'Star':
      if (node.from) out.add(node.from);
      return;
    case 'Binary':
      collect(node.left, out);
      collect(node.right, out);
      return;
    case 'Logical':
      node.operands.forEach((o) => collect(o, out));
      return;
    case 'Not':
    case 'UnaryMinus':
    case 'IsNull':
      collect(node.operand, out);
      return;
    case 'In':
      collect(node.operand, out);
      if (Array.isArray(node.values)) (node.values as readonly ExprNode[]).forEach((v) => collect(v, out));
      return;
    case 'Between':
      collect(node.operand, out);
      collect(node.low, out);
      collect(node.high, out);
      return;
    case 'Function':
      node.args.forEach((a) => collect(a, out));
      return;
    case 'Cast':
      collect(node.operand, out);
      return;
    case 'Case':
      collect(node.subject, out);
      node.whens.forEach(([w, t]) => {
        collect(w, out);
        collect(t, out);
      });
      collect(node.otherwise, out);
      return;
    case 'Label':
      collect(node.expr, out);
      return;
    case 'Window':
      collect(node.fn, out);
      node.partitionBy.forEach((p) => collect(p, out));
      node.orderBy.forEach((o: OrderByNode) => collect(o.expr, out));
      return;
    case 'Tuple':
      node.items.forEach((i) => collect(i, out));
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
  node.columns.forEach((c) => collect(c, referenced));
  collect(node.where, referenced);
  node.groupBy.forEach((g) => collect(g, referenced));
  collect(node.having, referenced);
  node.orderBy.forEach((o) => collect(o.expr, referenced));
  const implicit = [...referenced].filter((f) => !covered.has(f));
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
  for (const node of nodes) collect(node, out);
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
