import { ArgumentError } from '../errors';
import {
  ArrayType,
  DecoratedType,
  EnumType,
  createEnumType,
  createIndex,
  createTable,
  createSequence,
  dropEnumType,
  dropSequence,
  dropTable,
  type Dialect,
  type SchemaInspector,
  type SchemaTarget,
  type Table,
} from '../sql';
import { commentsOf } from '../sql/statements/ddl';
import type { Connection } from './connection';
import { addDeferredKeys, dropDeferredKeys, existingTables } from './deferred-foreign-keys';
import { dialectDefinition } from './registry';

/** What `metadata.createAll()` asks of an engine. */
type CreateTablesOptions = Parameters<SchemaTarget['createTables']>[1];
/** What `metadata.dropAll()` asks of an engine. */
type DropTablesOptions = Parameters<SchemaTarget['dropTables']>[1];

/** Runs `fn` on a pooled connection, in one transaction where the dialect's DDL is transactional. @internal */
export async function runDdl(
  connect: () => Promise<Connection>,
  fn: (conn: Connection) => Promise<void>,
): Promise<void> {
  const conn = await connect();
  try {
    if (conn.dialect.capabilities.transactionalDdl) await conn.transaction(fn);
    else await fn(conn);
  } finally {
    await conn.close();
  }
}

/** CREATE SEQUENCE, TYPE, TABLE (with comments and indexes) and the deferred foreign keys, on `conn`. @internal */
export async function createTablesOn(
  conn: Connection,
  tables: readonly Table[],
  options: CreateTablesOptions,
): Promise<void> {
  if (conn.dialect.capabilities.sequences === true) {
    for (const seq of options.sequences ?? [])
      await conn.execute(createSequence(seq, { ifNotExists: options.ifNotExists }));
  }
  // Keys closing a cycle between tables come after them (SQLite takes them inline).
  const deferred = conn.dialect.capabilities.alterForeignKeys ? (options.deferredForeignKeys ?? []) : [];
  const comments = conn.dialect.capabilities.commentStatements === true;
  // Tables already there are left as they are: their keys and comments are not issued again.
  const existed =
    (deferred.length || comments) && options.ifNotExists
      ? await existingTables(conn, inspectorOf(conn.dialect), tables)
      : new Set<Table>();
  const inlineIndexes = conn.dialect.capabilities.indexesInCreateTable;
  if (conn.dialect.capabilities.namedEnumTypes) {
    for (const [type, schema] of namedEnums(tables)) {
      await conn.execute(createEnumType(type, { ifNotExists: options.ifNotExists, schema }));
    }
  }
  for (const table of tables) {
    await conn.execute(createTable(table, { ifNotExists: options.ifNotExists, omitForeignKeys: deferred }));
    if (comments && !existed.has(table)) {
      for (const comment of commentsOf(table)) await conn.execute(comment);
    }
    if (inlineIndexes) continue;
    for (const index of table.indexes) {
      await conn.execute(createIndex(index, { ifNotExists: options.ifNotExists }));
    }
  }
  await addDeferredKeys(conn, deferred, existed);
}

/** DROP the deferred foreign keys, the tables in the order given, then their types and sequences. @internal */
export async function dropTablesOn(
  conn: Connection,
  tables: readonly Table[],
  options: DropTablesOptions,
): Promise<void> {
  const deferred = conn.dialect.capabilities.alterForeignKeys ? (options.deferredForeignKeys ?? []) : [];
  if (deferred.length) {
    const existing = options.ifExists
      ? await existingTables(conn, inspectorOf(conn.dialect), tables)
      : new Set(tables);
    await dropDeferredKeys(conn, deferred, existing);
  }
  for (const table of tables) await conn.execute(dropTable(table, { ifExists: options.ifExists }));
  if (conn.dialect.capabilities.namedEnumTypes) {
    for (const [type, schema] of namedEnums(tables)) {
      await conn.execute(dropEnumType(type, { ifExists: options.ifExists, schema }));
    }
  }
  if (conn.dialect.capabilities.sequences === true) {
    for (const seq of options.sequences ?? [])
      await conn.execute(dropSequence(seq, { ifExists: options.ifExists }));
  }
}

/** The catalog reader of a dialect; an ArgumentError when the dialect has none. @internal */
export function inspectorOf(dialect: Dialect): SchemaInspector {
  const inspector = dialectDefinition(dialect.name).inspector;
  if (inspector === undefined) {
    throw new ArgumentError(
      `the ${dialect.name} dialect cannot reflect a schema (its definition has no inspector)`,
    );
  }
  return inspector;
}

/** The named enum types the tables' columns use, once each, with the schema of their first table. */
function namedEnums(tables: readonly Table[]): [EnumType<string>, string | undefined][] {
  const seen = new Map<string, [EnumType<string>, string | undefined]>();
  for (const table of tables) {
    for (const col of table.columns) {
      // A decorated type stores as its own; an array of a named enum (`mood[]`) needs the type
      // as much as a column of it does.
      const stored = col.sqlType instanceof DecoratedType ? col.sqlType.impl : col.sqlType;
      const type = stored instanceof ArrayType ? (stored.item as unknown) : stored;
      if (type instanceof EnumType && type.typeName !== undefined) {
        const key = `${table.schema ?? ''}.${type.typeName}`;
        if (!seen.has(key)) seen.set(key, [type, table.schema]);
      }
    }
  }
  return [...seen.values()];
}
