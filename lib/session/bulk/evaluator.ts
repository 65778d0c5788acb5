import type { InstanceState, Mapper } from '../../mapper';
import type { nodes, SqlType } from '../../sql';
import { bindValue } from '../../sql/nodes';
import { sameValue } from '../column-keys';

/**
 * What an evaluator returns when the object lacks (expired, unloaded) an attribute the expression
 * reads: the object may or may not match, so the caller expires it instead of guessing.
 */
export const EXPIRED: unique symbol = Symbol('athanor.evaluator.expired');

/** Computes an expression against one object's current values, as SQL would (NULL → null). */
export type Evaluator = (state: InstanceState) => unknown;

/** An expression that cannot be computed in memory exactly as the database would. @internal */
export class Unevaluable extends Error {}

/** Column node (by its FROM node and name) → attribute key, for the mapper's own tables. */
type ColumnKeys = Map<unknown, Map<string, string>>;

const columnKeysCache = new WeakMap<Mapper<object>, ColumnKeys>();

function columnKeysOf(mapper: Mapper<object>): ColumnKeys {
  let found = columnKeysCache.get(mapper);
  if (found === undefined) {
    found = new Map();
    for (const prop of mapper.columnProps) {
      for (const col of prop.columns) {
        const node = col.node as nodes.ColumnNode;
        let byName = found.get(node.from);
        if (byName === undefined) found.set(node.from, (byName = new Map()));
        byName.set(node.name, prop.key);
      }
    }
    columnKeysCache.set(mapper, found);
  }
  return found;
}

const isMissing = (v: unknown): boolean => v === null || v === undefined;

/** Arithmetic is exact in JavaScript only on numbers: integer, float (and `/` on floats only). */
function arithmeticType(type: SqlType<unknown> | undefined, op: nodes.ArithmeticOp): boolean {
  if (type === undefined) return true; // a bound JavaScript number: checked at run time
  const affinity = type.affinity;
  return affinity === 'float' || (affinity === 'integer' && op !== '/');
}

function typeOf(node: nodes.ExprNode): SqlType<unknown> | undefined {
  switch (node.kind) {
    case 'Column':
    case 'BindParam':
      return node.type;
    default:
      return undefined;
  }
}

const COMPARE: Record<nodes.ComparisonOp, (a: never, b: never) => boolean> = {
  '=': (a, b) => sameValue(a, b),
  '<>': (a, b) => !sameValue(a, b),
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/**
 * Compiles `node` into a function of an object of `mapper`, once per statement. Throws
 * `Unevaluable` for what memory cannot reproduce exactly: columns of other tables, functions,
 * subqueries, LIKE, casts, and arithmetic outside integers and floats.
 *
 * @example compileEvaluator(u.age.sub(10).node, mapper)(state) // 37 for age 47
 */
export function compileEvaluator(node: nodes.ExprNode, mapper: Mapper<object>): Evaluator {
  const keys = columnKeysOf(mapper);
  const compile = (n: nodes.ExprNode): Evaluator => {
    switch (n.kind) {
      case 'Column': {
        const key = keys.get(n.from)?.get(n.name);
        if (key === undefined)
          throw new Unevaluable(`column ${n.name} is not an attribute of ${mapper.name}`);
        return (state) => (key in state.dict ? state.dict[key] : EXPIRED);
      }
      case 'BindParam':
        return () => bindValue(n);
      case 'Null':
        return () => null;
      case 'BooleanConstant': {
        const value = n.value;
        return () => value;
      }
      case 'Logical':
        return logical(n.op, n.operands.map(compile));
      case 'Not': {
        const operand = compile(n.operand);
        return (state) => {
          const v = operand(state);
          return v === EXPIRED ? EXPIRED : isMissing(v) ? null : !v;
        };
      }
      case 'IsNull': {
        const operand = compile(n.operand);
        const negated = n.negated;
        return (state) => {
          const v = operand(state);
          return v === EXPIRED ? EXPIRED : isMissing(v) !== negated;
        };
      }
      case 'In': {
        if (!Array.isArray(n.values)) throw new Unevaluable('IN (subquery)');
        const operand = compile(n.operand);
        const values = (n.values as readonly nodes.ExprNode[]).map(compile);
        const negated = n.negated;
        return (state) => {
          const v = operand(state);
          if (v === EXPIRED) return EXPIRED;
          if (isMissing(v)) return null;
          let hit = false;
          for (const value of values) {
            const x = value(state);
            if (x === EXPIRED) return EXPIRED;
            if (sameValue(x, v)) hit = true;
          }
          return hit !== negated;
        };
      }
      case 'Between': {
        const [operand, low, high] = [compile(n.operand), compile(n.low), compile(n.high)];
        const negated = n.negated;
        return (state) => {
          const v = operand(state) as never;
          const lo = low(state) as never;
          const hi = high(state) as never;
          if (v === EXPIRED || lo === EXPIRED || hi === EXPIRED) return EXPIRED;
          if (isMissing(v) || isMissing(lo) || isMissing(hi)) return null;
          return (lo <= v && v <= hi) !== negated;
        };
      }
      case 'UnaryMinus': {
        if (!arithmeticType(typeOf(n.operand), '-')) throw new Unevaluable('unary minus');
        const operand = compile(n.operand);
        return (state) => {
          const v = operand(state);
          if (v === EXPIRED) return EXPIRED;
          if (isMissing(v)) return null;
          if (typeof v !== 'number') throw new Unevaluable('unary minus on a non-number');
          return -v;
        };
      }
      case 'Binary':
        return binary(n, compile(n.left), compile(n.right));
      default:
        throw new Unevaluable(`${n.kind} expressions`);
    }
  };
  return compile(node);
}

function logical(op: 'AND' | 'OR', operands: readonly Evaluator[]): Evaluator {
  // SQL's three-valued logic, as SQLAlchemy's evaluator: an expired operand expires the whole.
  const decisive = op === 'OR';
  return (state) => {
    let sawNull = false;
    for (const operand of operands) {
      const v = operand(state);
      if (v === EXPIRED) return EXPIRED;
      if (isMissing(v)) sawNull = true;
      else if (Boolean(v) === decisive) return decisive;
    }
    return sawNull ? null : !decisive;
  };
}

function binary(node: nodes.BinaryNode, left: Evaluator, right: Evaluator): Evaluator {
  const op = node.op;
  const both =
    (fn: (a: never, b: never) => unknown): Evaluator =>
    (state) => {
      const a = left(state);
      const b = right(state);
      if (a === EXPIRED || b === EXPIRED) return EXPIRED;
      if (isMissing(a) || isMissing(b)) return null;
      return fn(a as never, b as never);
    };
  switch (op) {
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return both(COMPARE[op]);
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      if (!arithmeticType(typeOf(node.left), op) || !arithmeticType(typeOf(node.right), op))
        throw new Unevaluable(`operator ${op} on these types`);
      return both((a: unknown, b: unknown) => {
        if (typeof a !== 'number' || typeof b !== 'number')
          throw new Unevaluable(`operator ${op} on non-numbers`);
        switch (op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return a / b;
          default:
            return a % b;
        }
      });
    }
    case 'concat':
      return both((a: unknown, b: unknown) => {
        if (typeof a !== 'string' || typeof b !== 'string') throw new Unevaluable('concat of non-strings');
        return a + b;
      });
    default:
      throw new Unevaluable(`operator ${op}`);
  }
}
