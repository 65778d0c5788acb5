import { CompileError, SequencesNotSupportedError } from '../../errors';
import { assertNever } from '../../util/assert-never';
import type * as n from '../nodes';
import type { ExprNode, QueryNode } from '../nodes';
import { bindValue, fromName } from '../nodes';
import type { CompileContext } from './compile-context';
import { COMPOUND_KINDS, isPredicate } from './predicates';

/**
 * Expressions: columns, bound values, operators, functions, CASE, window functions and text().
 * Subqueries inside an expression go back through `c.visitQuery`.
 */
export function compileExpr(c: CompileContext, node: ExprNode): void {
  switch (node.kind) {
    case 'Column':
      return compileColumn(c, node);
    case 'BindParam':
      return c.bind(bindValue(node), node.type, node);
    case 'Null':
      return c.write('NULL');
    case 'BooleanConstant':
      return c.write(c.booleanConstant(node.value));
    case 'Star':
      return c.write(node.from === undefined ? '*' : `${c.quoteIdentifier(fromName(node.from))}.*`);
    case 'Binary':
      return compileBinary(c, node);
    case 'Logical':
      return c.list(node.operands, (op) => compileCondition(c, op, true), ` ${node.op} `);
    case 'Not':
      c.write('NOT ');
      if (!c.booleanExpressions() && !isPredicate(node.operand)) {
        c.write('(');
        compileCondition(c, node.operand);
        return c.write(')');
      }
      return compileOperand(c, node.operand);
    case 'UnaryMinus':
      c.write('-');
      return compileOperand(c, node.operand);
    case 'IsNull':
      compileOperand(c, node.operand);
      return c.write(node.negated ? ' IS NOT NULL' : ' IS NULL');
    case 'In':
      return c.visitIn(node);
    case 'Between':
      compileOperand(c, node.operand);
      c.write(node.negated ? ' NOT BETWEEN ' : ' BETWEEN ');
      compileComparedOperand(c, node.low, node.operand);
      c.write(' AND ');
      return compileComparedOperand(c, node.high, node.operand);
    case 'Function':
      return compileFunction(c, node);
    case 'Cast':
      c.write('CAST(');
      compileExpr(c, node.operand);
      return c.write(` AS ${c.castType(node.type)})`);
    case 'Case':
      return compileCase(c, node);
    case 'Label':
      // A label outside the select list refers to the labeled expression.
      return compileExpr(c, node.expr);
    case 'Exists':
      c.write('EXISTS (');
      c.visitQuery(node.query, false);
      return c.write(')');
    case 'ScalarSubquery':
      c.write('(');
      c.visitQuery(node.query, false);
      return c.write(')');
    case 'Window':
      return compileWindow(c, node);
    case 'Tuple':
      c.write('(');
      c.list(node.items, (i) => compileExpr(c, i));
      return c.write(')');
    case 'TextFragment':
      return compileTextFragment(c, node);
    case 'DefaultValue':
      return c.write('DEFAULT');
    case 'Excluded':
      return c.visitExcluded(node);
    case 'NextValue':
      return compileNextValue(c, node);
    default:
      return assertNever(node, 'expression');
  }
}

/**
 * A sequence's next value, where the dialect has sequences: refused elsewhere with an error naming
 * the sequence, before anything is sent.
 */
function compileNextValue(c: CompileContext, node: n.NextValueNode): void {
  const name = c.quoteIdentifier(node.name);
  const schema = c.schemaName(node.schemaName);
  const qualified = schema === undefined ? name : `${c.quoteIdentifier(schema)}.${name}`;
  if (c.capabilities.sequences !== true) {
    const shown = node.schemaName === undefined ? node.name : `${node.schemaName}.${node.name}`;
    throw new SequencesNotSupportedError(shown, c.dialect.name);
  }
  c.write(c.sequenceNextValue(qualified));
}

/**
 * An operand, compound expressions wrapped in parentheses. Directly inside AND / OR a comparison
 * needs none (AND and OR bind loosest); a nested AND / OR always gets them.
 */
export function compileOperand(c: CompileContext, node: ExprNode, insideLogical = false): void {
  let parens = COMPOUND_KINDS.has(node.kind);
  if (insideLogical && node.kind !== 'Logical' && node.kind !== 'TextFragment') parens = false;
  if (parens) c.write('(');
  compileExpr(c, node);
  if (parens) c.write(')');
}

/**
 * An expression in a condition position (WHERE, ON, HAVING, AND / OR, CASE WHEN). Without
 * boolean expressions, a boolean value such as a BIT column is compared with 1.
 */
export function compileCondition(c: CompileContext, node: ExprNode, insideLogical = false): void {
  if (c.booleanExpressions() || isPredicate(node)) {
    return insideLogical ? compileOperand(c, node, true) : compileExpr(c, node);
  }
  compileOperand(c, node);
  c.write(' = 1');
}

/**
 * An expression in a value position (select list, SET, VALUES, THEN / ELSE, RETURNING).
 * Without boolean expressions, a comparison becomes `CASE WHEN … THEN 1 ELSE 0 END`.
 */
export function compileValue(c: CompileContext, node: ExprNode): void {
  if (c.booleanExpressions() || !isPredicate(node)) return compileExpr(c, node);
  c.writeBooleanValue(node);
}

/** A condition as a 0/1 value (dialects without boolean expressions). */
export function compileBooleanValue(c: CompileContext, node: ExprNode): void {
  c.write('CASE WHEN ');
  compileCondition(c, node);
  c.write(' THEN 1 ELSE 0 END');
}

/** `value` compared with `other`: values bound in it are named after `other` when it is a column. */
function compileComparedOperand(c: CompileContext, value: ExprNode, other: ExprNode): void {
  c.forColumn(columnLabel(other), () => compileOperand(c, value));
}

function compileColumn(c: CompileContext, node: n.ColumnNode): void {
  const from = node.from;
  const prefix = c.columnPrefixFor(from);
  if (prefix !== undefined) {
    c.write(prefix + c.quoteIdentifier(node.name));
    return;
  }
  const qualifier = from.kind === 'Table' ? c.tableName(from) : c.quoteIdentifier(fromName(from));
  c.write(`${qualifier}.${c.quoteIdentifier(node.name)}`);
}

function compileBinary(c: CompileContext, node: n.BinaryNode): void {
  switch (node.op) {
    case 'concat':
      return c.visitConcat(node.left, node.right);
    case 'ilike':
    case 'notIlike':
      return c.visitIlike(node);
    case 'like':
    case 'notLike':
      compileComparedOperand(c, node.left, node.right);
      c.write(node.op === 'like' ? ' LIKE ' : ' NOT LIKE ');
      compileComparedOperand(c, node.right, node.left);
      return compileEscape(c, node.escape);
    case '%':
      return c.visitModulo(node.left, node.right);
    default:
      compileComparedOperand(c, node.left, node.right);
      c.write(` ${node.op} `);
      return compileComparedOperand(c, node.right, node.left);
  }
}

function compileEscape(c: CompileContext, escape: string | undefined): void {
  if (escape === undefined) return;
  if (escape.length !== 1) throw new CompileError('a LIKE escape must be a single character');
  c.write(` ESCAPE ${c.quoteLiteral(escape)}`);
}

/** `a || b`. */
export function compileConcat(c: CompileContext, left: ExprNode, right: ExprNode): void {
  compileOperand(c, left);
  c.write(' || ');
  compileOperand(c, right);
}

/** `a % b`. */
export function compileModulo(c: CompileContext, left: ExprNode, right: ExprNode): void {
  compileOperand(c, left);
  c.write(' % ');
  compileOperand(c, right);
}

/** ILIKE where the dialect has it; `LOWER(a) LIKE LOWER(b)` elsewhere. */
export function compileIlike(c: CompileContext, node: n.BinaryNode): void {
  const negated = node.op === 'notIlike';
  if (c.capabilities.nativeIlike) {
    compileOperand(c, node.left);
    c.write(negated ? ' NOT ILIKE ' : ' ILIKE ');
    compileOperand(c, node.right);
  } else {
    c.write('LOWER(');
    compileExpr(c, node.left);
    c.write(negated ? ') NOT LIKE LOWER(' : ') LIKE LOWER(');
    compileExpr(c, node.right);
    c.write(')');
  }
  compileEscape(c, node.escape);
}

/** `a [NOT] IN (values)` or `a [NOT] IN (subquery)`. */
export function compileIn(c: CompileContext, node: n.InNode): void {
  compileOperand(c, node.operand);
  c.write(node.negated ? ' NOT IN (' : ' IN (');
  if (Array.isArray(node.values)) {
    c.forColumn(columnLabel(node.operand), () =>
      c.list(node.values as readonly ExprNode[], (v) => compileExpr(c, v)),
    );
  } else c.visitQuery(node.values as QueryNode, false);
  c.write(')');
}

/** `EXCLUDED.col`: PostgreSQL's and SQLite's name for the row an upsert proposed. */
export function compileExcluded(c: CompileContext, node: n.ExcludedNode): void {
  c.write(`EXCLUDED.${c.quoteIdentifier(node.name)}`);
}

function compileFunction(c: CompileContext, node: n.FunctionNode): void {
  const name = c.functionName(node.name);
  if (name === 'CURRENT_TIMESTAMP' && node.args.length === 0) return c.write(name);
  c.write(`${name}(`);
  if (node.distinct) c.write('DISTINCT ');
  c.list(node.args, (a) => compileExpr(c, a));
  c.write(')');
}

function compileCase(c: CompileContext, node: n.CaseNode): void {
  c.write('CASE');
  if (node.subject !== undefined) {
    c.write(' ');
    compileOperand(c, node.subject);
  }
  for (const [when, then] of node.whens) {
    c.write(' WHEN ');
    if (node.subject === undefined) compileCondition(c, when);
    else compileExpr(c, when);
    c.write(' THEN ');
    compileValue(c, then);
  }
  if (node.otherwise !== undefined) {
    c.write(' ELSE ');
    compileValue(c, node.otherwise);
  }
  c.write(' END');
}

function compileWindow(c: CompileContext, node: n.WindowNode): void {
  compileExpr(c, node.fn);
  c.write(' OVER (');
  let space = '';
  if (node.partitionBy.length) {
    c.write('PARTITION BY ');
    c.list(node.partitionBy, (e) => compileExpr(c, e));
    space = ' ';
  }
  if (node.orderBy.length) {
    c.write(`${space}ORDER BY `);
    c.list(node.orderBy, (o) => compileOrderItem(c, o));
    space = ' ';
  }
  if (node.frame !== undefined) {
    const f = node.frame;
    c.write(`${space}${f.mode} BETWEEN ${frameBound(f.start)} AND ${frameBound(f.end)}`);
  }
  c.write(')');
}

/** A frame bound from its node: keywords, or a checked integer offset (never text from a caller). */
function frameBound(b: n.FrameBoundNode): string {
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
        throw new CompileError(`a window frame offset must be a non-negative integer, got ${String(offset)}`);
      return `${offset as number} ${b.bound === 'preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
    }
    default:
      return assertNever(b.bound, 'frame bound');
  }
}

/** An ORDER BY item (of a query or a window); NULLS FIRST / LAST emulated where the dialect lacks it. */
export function compileOrderItem(c: CompileContext, item: n.OrderByNode): void {
  if (item.nulls !== undefined && !c.capabilities.nullsOrdering) {
    // Emulate NULLS FIRST / LAST with a leading sort key: 0 sorts before 1.
    c.write('CASE WHEN ');
    compileExpr(c, item.expr);
    c.write(item.nulls === 'FIRST' ? ' IS NULL THEN 0 ELSE 1 END, ' : ' IS NULL THEN 1 ELSE 0 END, ');
  }
  compileExpr(c, item.expr);
  if (item.direction) c.write(` ${item.direction}`);
  if (item.nulls !== undefined && c.capabilities.nullsOrdering) c.write(` NULLS ${item.nulls}`);
}

/** `text()`: replaces `:name` with placeholders and binds the named values. */
export function compileTextFragment(c: CompileContext, node: n.TextFragmentNode): void {
  const pattern = /(?<![:\w\\]):(\w+)(?!:)/g;
  let last = 0;
  for (const match of node.sql.matchAll(pattern)) {
    const name = match[1]!;
    c.write(node.sql.slice(last, match.index).replace(/\\:/g, ':'));
    if (!(name in node.params)) {
      throw new CompileError(`text(): no value was given for the bind parameter ':${name}'`);
    }
    c.bind(node.params[name], undefined, { fragment: node, name });
    last = match.index + match[0].length;
  }
  c.write(node.sql.slice(last).replace(/\\:/g, ':'));
}

/** `table.column` of a column node (or its alias's name), for naming a refused value. */
function columnLabel(node: ExprNode): string | undefined {
  if (node.kind !== 'Column') return undefined;
  const from = node.from;
  return `${from.kind === 'Table' ? from.name : fromName(from)}.${node.name}`;
}
