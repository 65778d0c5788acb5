import type {
  CreateEnumTypeNode,
  CreateIndexNode,
  CreateTableNode,
  DropEnumTypeNode,
  DropIndexNode,
  DropTableNode,
} from '../nodes';
import { ArgumentError } from '../../errors';
import type { EnumType } from '../types/string-types';
import type { Index } from '../schema/constraints';
import type { Table } from '../schema/table';
import type { Executable } from '../selectable';

/** A DDL statement: executable, returns no rows. */
class DdlStatement<
  N extends
    CreateTableNode | DropTableNode | CreateIndexNode | DropIndexNode | CreateEnumTypeNode | DropEnumTypeNode,
> implements Executable<never> {
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
  options: { ifNotExists?: boolean } = {},
): DdlStatement<CreateTableNode> {
  return new DdlStatement(
    Object.freeze({ kind: 'CreateTable', table, ifNotExists: options.ifNotExists ?? false }),
  );
}

/** `DROP TABLE` [IF EXISTS]. @example dropTable(users, { ifExists: true }) */
export function dropTable(table: Table, options: { ifExists?: boolean } = {}): DdlStatement<DropTableNode> {
  return new DdlStatement(
    Object.freeze({ kind: 'DropTable', table: table.node, ifExists: options.ifExists ?? false }),
  );
}

/** `CREATE [UNIQUE] INDEX` for an index declared on a table. @example createIndex(users.indexes[0]!) */
export function createIndex(
  index: Index,
  options: { ifNotExists?: boolean } = {},
): DdlStatement<CreateIndexNode> {
  return new DdlStatement(
    Object.freeze({ kind: 'CreateIndex', index, ifNotExists: options.ifNotExists ?? false }),
  );
}

/** `DROP INDEX` [IF EXISTS]. @example dropIndex(users.indexes[0]!, { ifExists: true }) */
export function dropIndex(index: Index, options: { ifExists?: boolean } = {}): DdlStatement<DropIndexNode> {
  return new DdlStatement(Object.freeze({ kind: 'DropIndex', index, ifExists: options.ifExists ?? false }));
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
    Object.freeze({
      kind: 'CreateEnumType',
      name: enumTypeName(type, 'createEnumType'),
      schemaName: options.schema,
      values: Object.freeze([...type.values]),
      ifNotExists: options.ifNotExists ?? false,
    }),
  );
}

/** `DROP TYPE name` for a named enum (PostgreSQL). */
export function dropEnumType(
  type: EnumType<string>,
  options: { ifExists?: boolean; schema?: string } = {},
): DdlStatement<DropEnumTypeNode> {
  return new DdlStatement(
    Object.freeze({
      kind: 'DropEnumType',
      name: enumTypeName(type, 'dropEnumType'),
      schemaName: options.schema,
      ifExists: options.ifExists ?? false,
    }),
  );
}

export type { DdlStatement };
