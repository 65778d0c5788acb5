import type { TableNode } from '../nodes';
import type { Index, Table } from './table';

/**
 * DDL statement nodes. They live with the schema rather than in lib/sql/nodes because they carry
 * schema objects (a Table, an Index), which themselves are made of nodes. The DDL compiler reads
 * them; they are never cached.
 */
export type DdlStatementNode =
  CreateTableNode | DropTableNode | CreateIndexNode | DropIndexNode | CreateEnumTypeNode | DropEnumTypeNode;

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

const freeze = Object.freeze;

/** `CREATE TABLE [IF NOT EXISTS] …`. */
export const createTableNode = (table: Table, ifNotExists: boolean): CreateTableNode =>
  freeze({ kind: 'CreateTable', table, ifNotExists });

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
