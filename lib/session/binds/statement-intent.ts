import type { Executable } from '../../sql';
import type { QueryNode, StatementNode } from '../../sql/nodes/nodes';

/** Where a statement may run: `read` on a replica (outside a transaction), `write` on the primary. */
export type StatementIntent = 'read' | 'write';

/** Statements marked by `routeAs` (a WeakMap: statements are immutable and shared). */
const marked = new WeakMap<object, StatementIntent>();

/**
 * Marks a statement as a read (may go to a replica outside a transaction) or a write (always the
 * primary), overriding what `statementIntent` would decide. Raw `text()` is a write unless
 * marked: the library cannot tell what it does.
 *
 * @example await session.execute(routeAs(text('SELECT count(*) AS n FROM users'), 'read'))
 */
export function routeAs<S extends Executable>(statement: S, intent: StatementIntent): S {
  marked.set(statement, intent);
  return statement;
}

function queryIsRead(node: QueryNode): boolean {
  if (node.kind === 'SetOperation') return node.queries.every(queryIsRead) && ctesAreReads(node.ctes);
  return node.forUpdate === undefined && ctesAreReads(node.ctes);
}

function ctesAreReads(ctes: readonly { readonly query: { readonly kind: string } }[]): boolean {
  return ctes.every((c) => {
    const q = c.query as QueryNode | { kind: string };
    // A data-modifying CTE (a DML statement in WITH) writes, whatever selects it.
    return (q.kind === 'Select' || q.kind === 'SetOperation') && queryIsRead(q as QueryNode);
  });
}

/**
 * Whether a query takes row locks (FOR UPDATE/SHARE anywhere in it, its CTEs included) or writes
 * through a CTE: it must run in the session's transaction, whatever `routeAs` says.
 */
export function locksOrWrites(node: QueryNode): boolean {
  return !queryIsRead(node);
}

/**
 * Whether a statement only reads: a SELECT (or UNION …) without FOR UPDATE/SHARE anywhere in it
 * and without a writing CTE. INSERT/UPDATE/DELETE, DDL and unmarked `text()` are writes.
 */
export function statementIntent(statement: Executable): StatementIntent {
  const mark = marked.get(statement);
  if (mark !== undefined) return mark;
  const node = statement.toStatementNode() as StatementNode | { kind: string };
  if (node.kind === 'Select' || node.kind === 'SetOperation')
    return queryIsRead(node as QueryNode) ? 'read' : 'write';
  return 'write';
}
