import type { ExprNode, QueryNode, SelectNode } from '../nodes';
import { BooleanType } from '../types/other-types';
import type { SqlType } from '../types/sql-type';

/**
 * The type of a predicate: its value read back as a boolean where the database gives 1/0
 * (MySQL, SQLite), as PostgreSQL does natively.
 */
const PREDICATE_TYPE = new BooleanType();

const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%']);

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
      if (ARITHMETIC.has(node.op)) return typeOfNode(node.left) ?? typeOfNode(node.right);
      return node.op === 'concat' ? undefined : PREDICATE_TYPE;
    case 'Logical':
    case 'Not':
    case 'IsNull':
    case 'In':
    case 'Between':
    case 'Exists':
    case 'BooleanConstant':
      return PREDICATE_TYPE;
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
