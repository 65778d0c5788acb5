/**
 * Foreign keys that close a cycle between tables (A refers to B, B to A) cannot be part of
 * either CREATE TABLE: as SQLAlchemy does with `use_alter`, they are added once every table
 * exists (`ALTER TABLE … ADD CONSTRAINT`) and dropped before the tables. SQLite has no such
 * ALTER and needs none: it accepts a foreign key to a table that does not exist yet.
 */
import type { ForeignKey, SchemaInspector, Table } from '../sql';
import { addForeignKey, dropForeignKey } from '../sql/statements/ddl';
import type { Connection } from './connection';
import { connectionQueries } from './schema-queries';

/**
 * The constraint name of a deferred foreign key: its own, else one made from its table and
 * columns (ALTER TABLE … DROP needs a name), shortened with a hash to the database's limit.
 */
export function deferredKeyName(fk: ForeignKey, maxLength: number): string {
  if (fk.name !== undefined) return fk.name;
  const name = `fk_${fk.table.name}_${fk.columns.map((c) => c.name).join('_')}`;
  if (name.length <= maxLength) return name;
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) >>> 0;
  const suffix = `_${hash.toString(16).padStart(8, '0')}`;
  return name.slice(0, maxLength - suffix.length) + suffix;
}

/** Which of `tables` exist in the database (one catalog query per schema). */
export async function existingTables(
  conn: Connection,
  inspector: SchemaInspector,
  tables: readonly Table[],
): Promise<Set<Table>> {
  const out = new Set<Table>();
  const queries = connectionQueries(conn);
  const schemas = new Set(tables.map((t) => t.schema));
  for (const schema of schemas) {
    const names = new Set(await inspector.tableNames(queries, schema));
    for (const t of tables) if (t.schema === schema && names.has(t.name)) out.add(t);
  }
  return out;
}

/** Adds the deferred keys of the tables created now (not of tables that already existed). */
export async function addDeferredKeys(
  conn: Connection,
  keys: readonly ForeignKey[],
  existed: ReadonlySet<Table>,
): Promise<void> {
  const max = conn.dialect.capabilities.maxIdentifierLength;
  for (const fk of keys) {
    if (!existed.has(fk.table)) await conn.execute(addForeignKey(fk, deferredKeyName(fk, max)));
  }
}

/** Drops the deferred keys of the tables that exist, before the tables are dropped. */
export async function dropDeferredKeys(
  conn: Connection,
  keys: readonly ForeignKey[],
  existing: ReadonlySet<Table>,
): Promise<void> {
  const max = conn.dialect.capabilities.maxIdentifierLength;
  for (const fk of keys) {
    if (existing.has(fk.table)) await conn.execute(dropForeignKey(fk, deferredKeyName(fk, max)));
  }
}
