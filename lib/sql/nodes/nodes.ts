import type {
  CteNode,
  ExprNode,
  ForUpdateNode,
  FromNode,
  OrderByNode,
  SelectNode,
  SetOperationNode,
  WindowFrameNode,
} from './expression-nodes';
import type { FrameBoundNode } from './leaf-nodes';
import type {
  DeleteNode,
  InsertNode,
  OnConflictNode,
  TextStatementNode,
  UpdateNode,
} from './statement-nodes';

/**
 * The node tree of the SQL expression language: frozen plain data tagged with `kind`. Builders
 * make nodes through the factories (factories.ts), the compiler reads them; nothing mutates them.
 * The kinds live in three files, each depending only on the one before: leaf-nodes.ts (nodes
 * without children), expression-nodes.ts (expressions, FROM items and queries, which refer to each
 * other) and statement-nodes.ts (DML). node-fields.ts lists each kind's fields. DDL statements are
 * in lib/sql/schema/ddl-nodes.ts: they carry schema objects.
 */

export type * from './leaf-nodes';
export type * from './expression-nodes';
export type * from './statement-nodes';

/** Every node of the expression language (DDL statements aside). */
export type SqlNode =
  | ExprNode
  | OrderByNode
  | WindowFrameNode
  | FrameBoundNode
  | FromNode
  | CteNode
  | ForUpdateNode
  | OnConflictNode
  | StatementNode;

/** A statement of the statement compiler: a query, DML, or text (DDL nodes live with the schema). */
export type StatementNode =
  SelectNode | SetOperationNode | InsertNode | UpdateNode | DeleteNode | TextStatementNode;
