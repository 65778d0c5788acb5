import type { TableNode } from '../nodes';
import type { Sequence } from './sequence';
import type { ForeignKey, Index, Table } from './table';

/**
 * DDL statement nodes. They live with the schema rather than in lib/sql/nodes because they carry
 * schema objects (a Table, an Index), which themselves are made of nodes. The DDL compiler reads
 * them; they are never cached.
 */
export type DdlStatementNode =
  | CreateTableNode
  | DropTableNode
  | CreateIndexNode
  | DropIndexNode
  | CreateEnumTypeNode
  | DropEnumTypeNode
  | AddForeignKeyNode
  | DropForeignKeyNode
  | CommentOnNode
  | CreateSequenceNode
  | DropSequenceNode;

/** `CREATE SEQUENCE [IF NOT EXISTS] name …options`. */
export interface CreateSequenceNode {
  readonly kind: 'CreateSequence';
  readonly sequence: Sequence;
  readonly ifNotExists: boolean;
}

/** `DROP SEQUENCE [IF EXISTS] name`. */
export interface DropSequenceNode {
  readonly kind: 'DropSequence';
  readonly sequence: Sequence;
  readonly ifExists: boolean;
}

/** `COMMENT ON TABLE` / `COMMENT ON COLUMN`, where comments are statements of their own (PostgreSQL). */
export interface CommentOnNode {
  readonly kind: 'CommentOn';
  readonly table: Table;
  /** The column's name; undefined for the table's own comment. */
  readonly column: string | undefined;
  readonly comment: string;
}

export const commentOnNode = (table: Table, column: string | undefined, comment: string): CommentOnNode =>
  Object.freeze({ kind: 'CommentOn', table, column, comment });

export interface CreateTableNode {
  readonly kind: 'CreateTable';
  readonly table: Table;
  readonly ifNotExists: boolean;
  /** Foreign keys left out of the CREATE TABLE, added after the tables they join exist. */
  readonly omitForeignKeys?: readonly ForeignKey[];
}

/** `ALTER TABLE … ADD CONSTRAINT name FOREIGN KEY …`: a foreign key of a cycle between tables. */
export interface AddForeignKeyNode {
  readonly kind: 'AddForeignKey';
  readonly foreignKey: ForeignKey;
  readonly name: string;
}

/** `ALTER TABLE … DROP CONSTRAINT name` (MySQL: `DROP FOREIGN KEY`). */
export interface DropForeignKeyNode {
  readonly kind: 'DropForeignKey';
  readonly foreignKey: ForeignKey;
  readonly name: string;
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

const freeze = Object.freeze;

/** `CREATE TABLE [IF NOT EXISTS] …`. */
export const createTableNode = (
  table: Table,
  ifNotExists: boolean,
  omitForeignKeys: readonly ForeignKey[] = [],
): CreateTableNode => freeze({ kind: 'CreateTable', table, ifNotExists, omitForeignKeys });

/** `ALTER TABLE … ADD CONSTRAINT name FOREIGN KEY …`. */
export const addForeignKeyNode = (foreignKey: ForeignKey, name: string): AddForeignKeyNode =>
  freeze({ kind: 'AddForeignKey', foreignKey, name });

/** `ALTER TABLE … DROP CONSTRAINT name`. */
export const dropForeignKeyNode = (foreignKey: ForeignKey, name: string): DropForeignKeyNode =>
  freeze({ kind: 'DropForeignKey', foreignKey, name });

/** `DROP TABLE [IF EXISTS] …`. */
export const dropTableNode = (table: TableNode, ifExists: boolean): DropTableNode =>
  freeze({ kind: 'DropTable', table, ifExists });

/** `CREATE [UNIQUE] INDEX [IF NOT EXISTS] …`. */
export const createIndexNode = (index: Index, ifNotExists: boolean): CreateIndexNode =>
  freeze({ kind: 'CreateIndex', index, ifNotExists });

/** `DROP INDEX [IF EXISTS] …`. */
export const dropIndexNode = (index: Index, ifExists: boolean): DropIndexNode =>
  freeze({ kind: 'DropIndex', index, ifExists });

/** `CREATE TYPE … AS ENUM (…)`. */
export const createEnumTypeNode = (
  name: string,
  schemaName: string | undefined,
  values: readonly string[],
  ifNotExists: boolean,
): CreateEnumTypeNode => freeze({ kind: 'CreateEnumType', name, schemaName, values, ifNotExists });

/** `DROP TYPE …`. */
export const dropEnumTypeNode = (
  name: string,
  schemaName: string | undefined,
  ifExists: boolean,
): DropEnumTypeNode => freeze({ kind: 'DropEnumType', name, schemaName, ifExists });

/** `CREATE SEQUENCE [IF NOT EXISTS] …`. */
export const createSequenceNode = (sequence: Sequence, ifNotExists: boolean): CreateSequenceNode =>
  freeze({ kind: 'CreateSequence', sequence, ifNotExists });

/** `DROP SEQUENCE [IF EXISTS] …`. */
export const dropSequenceNode = (sequence: Sequence, ifExists: boolean): DropSequenceNode =>
  freeze({ kind: 'DropSequence', sequence, ifExists });
