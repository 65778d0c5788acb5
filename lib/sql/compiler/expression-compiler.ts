import { CompileError } from '../../errors';
import { assertNever } from '../../util/assert-never';
import type * as n from '../nodes';
import type { ExprNode, QueryNode } from '../nodes';
import { fromName } from '../nodes';
import { CompilerBase } from './compiler-base';

/**
 * The expression layer of the compiler: one visit per expression node kind, and the rules for
 * condition and value positions on dialects without boolean expressions. Queries nested in
 * expressions (EXISTS, IN, scalar subqueries) go back up to the SELECT layer through `visitQuery`.
 */
export abstract class ExpressionCompiler extends CompilerBase {
  /** A nested query (subquery, CTE body, set-operation member). */
  protected abstract visitQuery(node: QueryNode, top: boolean): void;

  /** An ORDER BY item (also in a window's OVER clause). */
  protected abstract visitOrderItem(item: n.OrderByNode): void;

  // ---- boolean positions ---------------------------------------------------------------------

  /**
   * Whether a boolean-valued column or function can stand as a condition and a comparison can
   * stand as a value. SQL Server and Oracle have no boolean expressions: see `visitCondition`.
   */
  protected booleanExpressions(): boolean {
    return true;
  }

  /**
   * An expression in a condition position (WHERE, ON, HAVING, AND / OR, CASE WHEN). Without
   * boolean expressions, a boolean value such as a BIT column is compared with 1.
   */
  protected visitCondition(node: ExprNode, insideLogical = false): void {
    if (this.booleanExpressions() || isPredicate(node)) {
      return insideLogical ? this.visitOperand(node, true) : this.visitExpr(node);
    }
    this.visitOperand(node);
    this.write(' = 1');
  }

  /**
   * An expression in a value position (select list, SET, VALUES, THEN / ELSE, RETURNING).
   * Without boolean expressions, a comparison becomes `CASE WHEN … THEN 1 ELSE 0 END`.
   */
  protected visitValue(node: ExprNode): void {
    if (this.booleanExpressions() || !isPredicate(node)) return this.visitExpr(node);
    this.writeBooleanValue(node);
  }

  /** A condition as a 0/1 value (dialects without boolean expressions). */
  protected writeBooleanValue(node: ExprNode): void {
    this.write('CASE WHEN ');
    this.visitCondition(node);
    this.write(' THEN 1 ELSE 0 END');
  }

  // ---- expressions ---------------------------------------------------------------------------

  protected visitExpr(node: ExprNode): void {
    switch (node.kind) {
      case 'Column':
        return this.visitColumn(node);
      case 'BindParam':
        return this.bind(node.value, node.type, node);
      case 'Null':
        return this.write('NULL');
      case 'BooleanConstant':
        return this.write(this.booleanConstant(node.value));
      case 'Star':
        return this.write(node.from === undefined ? '*' : `${this.quoteIdentifier(fromName(node.from))}.*`);
      case 'Binary':
        return this.visitBinary(node);
      case 'Logical':
        return this.list(node.operands, (op) => this.visitCondition(op, true), ` ${node.op} `);
      case 'Not':
        this.write('NOT ');
        if (!this.booleanExpressions() && !isPredicate(node.operand)) {
          this.write('(');
          this.visitCondition(node.operand);
          return this.write(')');
        }
        return this.visitOperand(node.operand);
      case 'UnaryMinus':
        this.write('-');
        return this.visitOperand(node.operand);
      case 'IsNull':
        this.visitOperand(node.operand);
        return this.write(node.negated ? ' IS NOT NULL' : ' IS NULL');
      case 'In':
        return this.visitIn(node);
      case 'Between':
        this.visitOperand(node.operand);
        this.write(node.negated ? ' NOT BETWEEN ' : ' BETWEEN ');
        this.visitOperand(node.low);
        this.write(' AND ');
        return this.visitOperand(node.high);
      case 'Function':
        return this.visitFunction(node);
      case 'Cast':
        this.write('CAST(');
        this.visitExpr(node.operand);
        return this.write(` AS ${this.castType(node.type)})`);
      case 'Case':
        return this.visitCase(node);
      case 'Label':
        // A label outside the select list refers to the labeled expression.
        return this.visitExpr(node.expr);
      case 'Exists':
        this.write('EXISTS (');
        this.visitQuery(node.query, false);
        return this.write(')');
      case 'ScalarSubquery':
        this.write('(');
        this.visitQuery(node.query, false);
        return this.write(')');
      case 'Window':
        return this.visitWindow(node);
      case 'Tuple':
        this.write('(');
        this.list(node.items, (i) => this.visitExpr(i));
        return this.write(')');
      case 'TextFragment':
        return this.visitTextFragment(node);
      case 'DefaultValue':
        return this.write('DEFAULT');
      case 'Excluded':
        return this.visitExcluded(node);
      default:
        return assertNever(node, 'expression');
    }
  }

  /**
   * Visits an operand, wrapping compound expressions in parentheses. Directly inside AND / OR a
   * comparison needs none (AND and OR bind loosest); a nested AND / OR always gets them.
   */
  protected visitOperand(node: ExprNode, insideLogical = false): void {
    let parens = COMPOUND_KINDS.has(node.kind);
    if (insideLogical && node.kind !== 'Logical' && node.kind !== 'TextFragment') parens = false;
    if (parens) this.write('(');
    this.visitExpr(node);
    if (parens) this.write(')');
  }

  protected visitColumn(node: n.ColumnNode): void {
    const prefix = this.columnPrefix;
    if (prefix !== undefined && node.from === prefix.table) {
      this.write(prefix.prefix + this.quoteIdentifier(node.name));
      return;
    }
    const from = node.from;
    const qualifier = from.kind === 'Table' ? this.tableName(from) : this.quoteIdentifier(fromName(from));
    this.write(`${qualifier}.${this.quoteIdentifier(node.name)}`);
  }

  protected visitBinary(node: n.BinaryNode): void {
    switch (node.op) {
      case 'concat':
        return this.visitConcat(node.left, node.right);
      case 'ilike':
      case 'notIlike':
        return this.visitIlike(node);
      case 'like':
      case 'notLike':
        this.visitOperand(node.left);
        this.write(node.op === 'like' ? ' LIKE ' : ' NOT LIKE ');
        this.visitOperand(node.right);
        return this.visitEscape(node.escape);
      case '%':
        return this.visitModulo(node.left, node.right);
      default:
        this.visitOperand(node.left);
        this.write(` ${node.op} `);
        return this.visitOperand(node.right);
    }
  }

  protected visitEscape(escape: string | undefined): void {
    if (escape === undefined) return;
    if (escape.length !== 1) throw new CompileError('a LIKE escape must be a single character');
    this.write(` ESCAPE ${this.quoteLiteral(escape)}`);
  }

  protected visitConcat(left: ExprNode, right: ExprNode): void {
    this.visitOperand(left);
    this.write(' || ');
    this.visitOperand(right);
  }

  protected visitModulo(left: ExprNode, right: ExprNode): void {
    this.visitOperand(left);
    this.write(' % ');
    this.visitOperand(right);
  }

  /** ILIKE where the dialect has it; `LOWER(a) LIKE LOWER(b)` elsewhere. */
  protected visitIlike(node: n.BinaryNode): void {
    const negated = node.op === 'notIlike';
    if (this.capabilities.nativeIlike) {
      this.visitOperand(node.left);
      this.write(negated ? ' NOT ILIKE ' : ' ILIKE ');
      this.visitOperand(node.right);
    } else {
      this.write('LOWER(');
      this.visitExpr(node.left);
      this.write(negated ? ') NOT LIKE LOWER(' : ') LIKE LOWER(');
      this.visitExpr(node.right);
      this.write(')');
    }
    this.visitEscape(node.escape);
  }

  protected visitIn(node: n.InNode): void {
    this.visitOperand(node.operand);
    this.write(node.negated ? ' NOT IN (' : ' IN (');
    if (Array.isArray(node.values)) this.list(node.values as readonly ExprNode[], (v) => this.visitExpr(v));
    else this.visitQuery(node.values as QueryNode, false);
    this.write(')');
  }

  protected visitFunction(node: n.FunctionNode): void {
    const name = this.functionName(node.name);
    if (name === 'CURRENT_TIMESTAMP' && node.args.length === 0) return this.write(name);
    this.write(`${name}(`);
    if (node.distinct) this.write('DISTINCT ');
    this.list(node.args, (a) => this.visitExpr(a));
    this.write(')');
  }

  protected visitCase(node: n.CaseNode): void {
    this.write('CASE');
    if (node.subject !== undefined) {
      this.write(' ');
      this.visitOperand(node.subject);
    }
    for (const [when, then] of node.whens) {
      this.write(' WHEN ');
      if (node.subject === undefined) this.visitCondition(when);
      else this.visitExpr(when);
      this.write(' THEN ');
      this.visitValue(then);
    }
    if (node.otherwise !== undefined) {
      this.write(' ELSE ');
      this.visitValue(node.otherwise);
    }
    this.write(' END');
  }

  protected visitWindow(node: n.WindowNode): void {
    this.visitExpr(node.fn);
    this.write(' OVER (');
    let space = '';
    if (node.partitionBy.length) {
      this.write('PARTITION BY ');
      this.list(node.partitionBy, (e) => this.visitExpr(e));
      space = ' ';
    }
    if (node.orderBy.length) {
      this.write(`${space}ORDER BY `);
      this.list(node.orderBy, (o) => this.visitOrderItem(o));
      space = ' ';
    }
    if (node.frame !== undefined) {
      const f = node.frame;
      this.write(`${space}${f.mode} BETWEEN ${this.frameBound(f.start)} AND ${this.frameBound(f.end)}`);
    }
    this.write(')');
  }

  /** A frame bound from its node: keywords, or a checked integer offset (never text from a caller). */
  protected frameBound(b: n.FrameBoundNode): string {
    switch (b.bound) {
      case 'unboundedPreceding':
        return 'UNBOUNDED PRECEDING';
      case 'unboundedFollowing':
        return 'UNBOUNDED FOLLOWING';
      case 'currentRow':
        return 'CURRENT ROW';
      case 'preceding':
      case 'following': {
        const offset = b.offset;
        if (!Number.isSafeInteger(offset) || (offset as number) < 0)
          throw new CompileError(
            `a window frame offset must be a non-negative integer, got ${String(offset)}`,
          );
        return `${offset as number} ${b.bound === 'preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
      }
      default:
        return assertNever(b.bound, 'frame bound');
    }
  }

  /** `text()`: replaces `:name` with placeholders and binds the named values. */
  protected visitTextFragment(node: n.TextFragmentNode): void {
    const pattern = /(?<![:\w\\]):(\w+)(?!:)/g;
    let last = 0;
    for (const match of node.sql.matchAll(pattern)) {
      const name = match[1]!;
      this.write(node.sql.slice(last, match.index).replace(/\\:/g, ':'));
      if (!(name in node.params)) {
        throw new CompileError(`text(): no value was given for the bind parameter ':${name}'`);
      }
      this.bind(node.params[name], undefined, { fragment: node, name });
      last = match.index + match[0].length;
    }
    this.write(node.sql.slice(last).replace(/\\:/g, ':'));
  }

  protected visitExcluded(node: n.ExcludedNode): void {
    this.write(`EXCLUDED.${this.quoteIdentifier(node.name)}`);
  }
}

const COMPOUND_KINDS = new Set<ExprNode['kind']>([
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
