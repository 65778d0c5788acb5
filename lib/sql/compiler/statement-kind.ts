import type { StatementKind } from '../compiled-query';
import type { StatementNode } from '../nodes';
import type { DdlStatementNode } from '../schema/ddl-nodes';

export type { DdlStatementNode };

const DDL_KINDS: ReadonlySet<string> = new Set<DdlStatementNode['kind']>([
  'CreateTable',
  'DropTable',
  'CreateIndex',
  'DropIndex',
  'CreateEnumType',
  'DropEnumType',
  'AddForeignKey',
  'DropForeignKey',
  'CommentOn',
  'CreateSequence',
  'DropSequence',
]);

/** Whether a statement is DDL (compiled by the dialect's DDL compiler, never cached). @internal */
export function isDdlNode(node: StatementNode | DdlStatementNode): node is DdlStatementNode {
  return DDL_KINDS.has(node.kind);
}

/** What kind of statement a node is, as `CompiledQuery.statementKind` says. @internal */
export function statementKind(node: StatementNode | DdlStatementNode): StatementKind {
  switch (node.kind) {
    case 'Select':
    case 'SetOperation':
      return 'select';
    case 'Insert':
      return 'insert';
    case 'Update':
      return 'update';
    case 'Delete':
      return 'delete';
    case 'TextStatement':
      return 'text';
    default:
      return 'ddl';
  }
}
