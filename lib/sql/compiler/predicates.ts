import type * as n from '../nodes';
import type { ExprNode } from '../nodes';

/** Expression kinds wrapped in parentheses as operands of another expression. @internal */
export const COMPOUND_KINDS: ReadonlySet<ExprNode['kind']> = new Set<ExprNode['kind']>([
  'Binary',
  'Logical',
  'Between',
  'In',
  'Not',
  'IsNull',
  'TextFragment',
  'BooleanConstant',
  'UnaryMinus',
]);

const COMPARISON_OPS = new Set<n.BinaryOp>([
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'like',
  'notLike',
  'ilike',
  'notIlike',
]);

/** Whether a node is a condition by its form (a comparison, AND / OR, EXISTS …). @internal */
export function isPredicate(node: ExprNode): boolean {
  switch (node.kind) {
    case 'Binary':
      return COMPARISON_OPS.has(node.op);
    case 'Logical':
    case 'Not':
    case 'IsNull':
    case 'In':
    case 'Between':
    case 'Exists':
    case 'BooleanConstant':
    case 'TextFragment':
      return true;
    case 'Label':
      return isPredicate(node.expr);
    default:
      return false;
  }
}
