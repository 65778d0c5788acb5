import type { Dialect } from '../dialect';
import type { BindParamNode, StatementNode } from '../nodes';
import { SqlCompiler } from './compiler';
import type { PreparedQuery } from './prepared-query';

/**
 * `statement` compiled by `dialect` once, for runs that change only the values of `slots` (bind
 * nodes of its tree); undefined when the dialect's compiler is not a `SqlCompiler` or a parameter
 * cannot be traced to its node. Callers keep the result and fall back to `compile` without one.
 * @internal
 */
export function prepareStatement(
  statement: StatementNode,
  dialect: Dialect,
  slots: readonly BindParamNode[],
): PreparedQuery | undefined {
  const compiler = new dialect.statementCompiler(dialect);
  return compiler instanceof SqlCompiler ? compiler.prepare(statement, slots) : undefined;
}
