import type { ExprNode, OrderByNode, TextFragmentNode } from './expression-nodes';
import type { FromNode, TableNode } from './from-nodes';
import type { SqlType } from '../types/sql-type';
import type { Table } from '../schema/table';
import type { Index } from '../schema/constraints';

/** A statement that produces rows and can be nested: SELECT or a set operation. */
export type QueryNode = SelectNode | SetOperationNode;

export type StatementNode =
  | SelectNode
  | SetOperationNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | TextStatementNode
  | CreateTableNode
  | DropTableNode
  | CreateIndexNode
  | DropIndexNode
  | CreateEnumTypeNode
  | DropEnumTypeNode;

export interface CteNode {
  readonly kind: 'Cte';
  readonly name: string;
  readonly query: QueryNode;
  readonly recursive: boolean;
  /** Column names, required by most databases for recursive CTEs. */
  readonly columnNames: readonly string[] | undefined;
}

export interface ForUpdateNode {
  readonly kind: 'ForUpdate';
  readonly mode: 'UPDATE' | 'SHARE';
  readonly noWait: boolean;
  readonly skipLocked: boolean;
  readonly of: readonly FromNode[];
}

export interface SelectNode {
  readonly kind: 'Select';
  readonly ctes: readonly CteNode[];
  readonly distinct: boolean;
  /** Select list; non-column expressions are wrapped in `Label` nodes by the builder. */
  readonly columns: readonly ExprNode[];
  /** FROM items named explicitly (`from`, `join`). Tables of the columns are added when compiling. */
  readonly from: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly groupBy: readonly ExprNode[];
  readonly having: ExprNode | undefined;
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
  readonly forUpdate: ForUpdateNode | undefined;
}

export type SetOp = 'UNION' | 'UNION ALL' | 'INTERSECT' | 'INTERSECT ALL' | 'EXCEPT' | 'EXCEPT ALL';

export interface SetOperationNode {
  readonly kind: 'SetOperation';
  readonly ctes: readonly CteNode[];
  readonly op: SetOp;
  readonly queries: readonly QueryNode[];
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
}

/** The value an upsert would have inserted for a column (`EXCLUDED.col`, `VALUES(col)`, …). */
export interface OnConflictNode {
  readonly kind: 'OnConflict';
  /** Conflict target: database column names of a unique constraint or primary key. */
  readonly target: readonly string[];
  /** `undefined` for DO NOTHING. */
  readonly set: readonly (readonly [string, ExprNode])[] | undefined;
  readonly where: ExprNode | undefined;
}

export interface InsertNode {
  readonly kind: 'Insert';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  /** Database column names, in the order of each row's values. */
  readonly columns: readonly string[];
  /** Rows of values; empty with `select` set for INSERT … SELECT; one empty row for DEFAULT VALUES. */
  readonly rows: readonly (readonly ExprNode[])[];
  readonly select: QueryNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly onConflict: OnConflictNode | undefined;
}

export interface UpdateNode {
  readonly kind: 'Update';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  readonly set: readonly (readonly [string, ExprNode])[];
  readonly from: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly returning: readonly ExprNode[];
}

export interface DeleteNode {
  readonly kind: 'Delete';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  readonly where: ExprNode | undefined;
  readonly returning: readonly ExprNode[];
}

/** A statement written as SQL text with named parameters; `columns` types its result when given. */
export interface TextStatementNode {
  readonly kind: 'TextStatement';
  readonly text: TextFragmentNode;
  readonly columns: readonly (readonly [string, SqlType<unknown>])[];
}

export interface CreateTableNode {
  readonly kind: 'CreateTable';
  readonly table: Table;
  readonly ifNotExists: boolean;
}

export interface DropTableNode {
  readonly kind: 'DropTable';
  readonly table: TableNode;
  readonly ifExists: boolean;
}

export interface CreateIndexNode {
  readonly kind: 'CreateIndex';
  readonly index: Index;
  readonly ifNotExists: boolean;
}

export interface DropIndexNode {
  readonly kind: 'DropIndex';
  readonly index: Index;
  readonly ifExists: boolean;
}

/** `CREATE TYPE name AS ENUM (…)` (PostgreSQL). */
export interface CreateEnumTypeNode {
  readonly kind: 'CreateEnumType';
  readonly name: string;
  readonly schemaName: string | undefined;
  readonly values: readonly string[];
  readonly ifNotExists: boolean;
}

/** `DROP TYPE name` (PostgreSQL). */
export interface DropEnumTypeNode {
  readonly kind: 'DropEnumType';
  readonly name: string;
  readonly schemaName: string | undefined;
  readonly ifExists: boolean;
}
