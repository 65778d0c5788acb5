import type { ExprNode, QueryNode, SelectNode } from '../nodes';
import type { SqlType } from '../types/sql-type';

/** The SQL type of an expression node, when it is known. @internal */
export function typeOfNode(node: ExprNode): SqlType<unknown> | undefined {
  switch (node.kind) {
    case 'Column':
    case 'BindParam':
    case 'Function':
    case 'Cast':
    case 'Case':
    case 'Excluded':
    case 'NextValue':
      return node.type;
    case 'Label':
      return node.type ?? typeOfNode(node.expr);
    case 'Window':
      return typeOfNode(node.fn);
    case 'ScalarSubquery': {
      const q = node.query;
      return q.kind === 'Select' && q.columns[0] !== undefined ? typeOfNode(q.columns[0]) : undefined;
    }
    case 'Binary':
      return ['+', '-', '*', '/', '%'].includes(node.op)
        ? (typeOfNode(node.left) ?? typeOfNode(node.right))
        : undefined;
    case 'UnaryMinus':
      return typeOfNode(node.operand);
    default:
      return undefined;
  }
}

/** The first SELECT of a query: itself, or the leftmost member of a set operation. @internal */
export function firstSelect(query: QueryNode): SelectNode {
  return query.kind === 'Select' ? query : firstSelect(query.queries[0]!);
}
