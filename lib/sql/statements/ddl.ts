import {
  addForeignKeyNode,
  commentOnNode,
  type CommentOnNode,
  createEnumTypeNode,
  createIndexNode,
  createTableNode,
  dropEnumTypeNode,
  dropIndexNode,
  dropForeignKeyNode,
  dropTableNode,
  type AddForeignKeyNode,
  type CreateEnumTypeNode,
  type CreateIndexNode,
  type CreateTableNode,
  createSequenceNode,
  dropSequenceNode,
  type CreateSequenceNode,
  type DropSequenceNode,
  type DdlStatementNode,
  type DropEnumTypeNode,
  type DropForeignKeyNode,
  type DropIndexNode,
  type DropTableNode,
} from '../schema/ddl-nodes';
import { ArgumentError } from '../../errors';
import type { EnumType } from '../types/string-types';
import type { ForeignKey, Index, Table } from '../schema/table';
import type { Sequence } from '../schema/sequence';
import type { Executable } from '../selectable';

/** A DDL statement: executable, returns no rows. */
class DdlStatement<N extends DdlStatementNode> implements Executable<never> {
  declare readonly __row?: never;
  constructor(readonly node: N) {}
  toStatementNode(): N {
    return this.node;
  }
}

/**
 * `CREATE TABLE` with columns, keys and constraints; indexes are separate `createIndex` statements.
 * @example await conn.execute(createTable(users, { ifNotExists: true }))
 */
export function createTable(
  table: Table,
  options: { ifNotExists?: boolean; omitForeignKeys?: readonly ForeignKey[] } = {},
): DdlStatement<CreateTableNode> {
  return new DdlStatement(
    createTableNode(table, options.ifNotExists ?? false, options.omitForeignKeys ?? []),
  );
}

/** `ALTER TABLE … ADD CONSTRAINT name FOREIGN KEY …`: a key left out of its CREATE TABLE. @internal */
export function addForeignKey(foreignKey: ForeignKey, name: string): DdlStatement<AddForeignKeyNode> {
  return new DdlStatement(addForeignKeyNode(foreignKey, name));
}

/** `ALTER TABLE … DROP CONSTRAINT name` of a foreign key. @internal */
export function dropForeignKey(foreignKey: ForeignKey, name: string): DdlStatement<DropForeignKeyNode> {
  return new DdlStatement(dropForeignKeyNode(foreignKey, name));
}

/**
 * The table's and its columns' comments as `COMMENT ON` statements, for dialects whose comments
 * are statements of their own (`capabilities.commentStatements`). @internal
 */
export function commentsOf(table: Table): DdlStatement<CommentOnNode>[] {
  const out: DdlStatement<CommentOnNode>[] = [];
  if (table.comment !== undefined) out.push(new DdlStatement(commentOnNode(table, undefined, table.comment)));
  for (const col of table.columns) {
    if (col.comment !== undefined) out.push(new DdlStatement(commentOnNode(table, col.name, col.comment)));
  }
  return out;
}

/** `DROP TABLE` [IF EXISTS]. @example dropTable(users, { ifExists: true }) */
export function dropTable(table: Table, options: { ifExists?: boolean } = {}): DdlStatement<DropTableNode> {
  return new DdlStatement(dropTableNode(table.node, options.ifExists ?? false));
}

/** `CREATE [UNIQUE] INDEX` for an index declared on a table. @example createIndex(users.indexes[0]!) */
export function createIndex(
  index: Index,
  options: { ifNotExists?: boolean } = {},
): DdlStatement<CreateIndexNode> {
  return new DdlStatement(createIndexNode(index, options.ifNotExists ?? false));
}

/** `DROP INDEX` [IF EXISTS]. @example dropIndex(users.indexes[0]!, { ifExists: true }) */
export function dropIndex(index: Index, options: { ifExists?: boolean } = {}): DdlStatement<DropIndexNode> {
  return new DdlStatement(dropIndexNode(index, options.ifExists ?? false));
}

function enumTypeName(type: EnumType<string>, what: string): string {
  if (type.typeName === undefined) {
    throw new ArgumentError(`${what} needs a named enum: types.enum([...], { name: 'my_enum' })`);
  }
  return type.typeName;
}

/**
 * `CREATE TYPE name AS ENUM (…)` for a named enum (PostgreSQL); `schema` places the type.
 * @example createEnumType(types.enum(['happy', 'sad'], { name: 'mood' }), { ifNotExists: true })
 */
export function createEnumType(
  type: EnumType<string>,
  options: { ifNotExists?: boolean; schema?: string } = {},
): DdlStatement<CreateEnumTypeNode> {
  return new DdlStatement(
    createEnumTypeNode(
      enumTypeName(type, 'createEnumType'),
      options.schema,
      Object.freeze([...type.values]),
      options.ifNotExists ?? false,
    ),
  );
}

/** `DROP TYPE name` for a named enum (PostgreSQL). */
export function dropEnumType(
  type: EnumType<string>,
  options: { ifExists?: boolean; schema?: string } = {},
): DdlStatement<DropEnumTypeNode> {
  return new DdlStatement(
    dropEnumTypeNode(enumTypeName(type, 'dropEnumType'), options.schema, options.ifExists ?? false),
  );
}

export type { DdlStatement };

/**
 * `CREATE SEQUENCE` with the sequence's options (PostgreSQL, MariaDB, SQL Server, Oracle).
 * @example await conn.execute(createSequence(orderNo, { ifNotExists: true }))
 */
export function createSequence(
  sequence: Sequence,
  options: { ifNotExists?: boolean } = {},
): DdlStatement<CreateSequenceNode> {
  return new DdlStatement(createSequenceNode(sequence, options.ifNotExists ?? false));
}

/** `DROP SEQUENCE` [IF EXISTS]. @example dropSequence(orderNo, { ifExists: true }) */
export function dropSequence(
  sequence: Sequence,
  options: { ifExists?: boolean } = {},
): DdlStatement<DropSequenceNode> {
  return new DdlStatement(dropSequenceNode(sequence, options.ifExists ?? false));
}
