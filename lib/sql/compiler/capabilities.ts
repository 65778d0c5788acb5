/**
 * What a dialect can do. The unit of work reads it to choose a batching strategy; the compiler
 * reads it to decide between native syntax, an emulation, or a CompileError.
 */
export interface DialectCapabilities {
  /** How DML returns rows: `RETURNING`, `OUTPUT INSERTED.*`, `RETURNING … INTO` out-binds, or not at all. */
  readonly returning: 'returning' | 'output' | 'into' | 'none';
  /** UPDATE … RETURNING (MariaDB has INSERT/DELETE … RETURNING but not UPDATE). */
  readonly updateReturning: boolean;
  /** RETURNING may read the other tables of UPDATE … FROM (SQLite's reads the updated table only). */
  readonly updateFromReturning: boolean;
  /**
   * RETURNING shows what AFTER triggers wrote to the row. SQLite evaluates RETURNING before its
   * AFTER triggers run, so a version a trigger makes must be read back with a SELECT there.
   */
  readonly returningSeesTriggerChanges: boolean;
  /** Multi-row `INSERT … VALUES (…), (…)`. */
  readonly multiRowInsert: boolean;
  /** A multi-row INSERT with RETURNING gives rows back in VALUES order. */
  readonly multiRowReturningOrdered: boolean;
  /** Most bound parameters in one statement. */
  readonly maxParams: number;
  /** Most rows in one VALUES list (SQL Server: 1000). */
  readonly maxRowsPerInsert: number;
  /** SAVEPOINT, for nested transactions. */
  readonly savepoints: boolean;
  /** DDL runs inside transactions and rolls back with them. */
  readonly transactionalDdl: boolean;
  /** ALTER TABLE … ADD / DROP CONSTRAINT of a foreign key (SQLite has neither). */
  readonly alterForeignKeys: boolean;
  /** FULL OUTER JOIN. */
  readonly fullJoin: boolean;
  /** ILIKE (otherwise `lower(…) LIKE lower(…)`). */
  readonly nativeIlike: boolean;
  /** NULLS FIRST / NULLS LAST in ORDER BY. */
  readonly nullsOrdering: boolean;
  /** SELECT … FOR UPDATE. */
  readonly forUpdate: boolean;
  /** The upsert form: ON CONFLICT, ON DUPLICATE KEY UPDATE or MERGE. */
  readonly upsert: 'onConflict' | 'onDuplicateKey' | 'merge';
  /** UPDATE … FROM other tables. */
  readonly updateFrom: boolean;
  /**
   * The fewest rows a flush updates with one `UPDATE … FROM (VALUES …)`; a page of fewer rows gets
   * a CASE per column instead. MariaDB and MySQL run a multi-table UPDATE through a temporary table
   * of the changed rows (on disk when a TEXT or BLOB column changes), which costs more than a CASE
   * over a few keys. Optional for dialects written before it: 2 (every page of several rows).
   */
  readonly updateFromMinRows?: number;
  /**
   * How a DELETE reads other tables: `DELETE … USING` (PostgreSQL), SQL Server's second FROM, or
   * neither (the WHERE clause is then wrapped in `EXISTS (SELECT 1 FROM the other tables …)`).
   * Optional for dialects written before it: `'using'` when absent.
   */
  readonly deleteUsing?: 'using' | 'from' | 'none';
  /** The longest identifier the database accepts. */
  readonly maxIdentifierLength: number;
  /** Indexes are declared inside CREATE TABLE (MySQL), not by separate CREATE INDEX statements. */
  readonly indexesInCreateTable: boolean;
  /**
   * Comments are statements of their own (`COMMENT ON`), written after CREATE TABLE; absent or
   * false where they are part of the definitions (MySQL) or unknown (SQLite).
   */
  readonly commentStatements?: boolean;
  /**
   * Sequences (`CREATE SEQUENCE`, next value as an expression); absent or false where the database
   * has none (SQLite, MySQL): `createAll` skips them there and using one is a CompileError.
   */
  readonly sequences?: boolean;
  /** Enums can be database types of their own (`CREATE TYPE … AS ENUM`), made before the tables. */
  readonly namedEnumTypes: boolean;
}

/**
 * The values most dialects share; a dialect's table spreads them and states the rest.
 * @example const capabilities: DialectCapabilities = { ...STANDARD_CAPABILITIES, returning: 'returning', … };
 */
export const STANDARD_CAPABILITIES = {
  /** See `DialectCapabilities.updateReturning`. */
  updateReturning: true,
  /** See `DialectCapabilities.updateFromReturning`. */
  updateFromReturning: true,
  /** See `DialectCapabilities.returningSeesTriggerChanges`. */
  returningSeesTriggerChanges: true,
  /** See `DialectCapabilities.alterForeignKeys`. */
  alterForeignKeys: true,
  /** See `DialectCapabilities.multiRowInsert`. */
  multiRowInsert: true,
  /** See `DialectCapabilities.multiRowReturningOrdered`. */
  multiRowReturningOrdered: true,
  /** See `DialectCapabilities.maxParams`. */
  maxParams: 65535,
  /** See `DialectCapabilities.maxRowsPerInsert`. */
  maxRowsPerInsert: Number.MAX_SAFE_INTEGER,
  /** See `DialectCapabilities.savepoints`. */
  savepoints: true,
  /** See `DialectCapabilities.fullJoin`. */
  fullJoin: true,
  /** See `DialectCapabilities.nativeIlike`. */
  nativeIlike: false,
  /** See `DialectCapabilities.nullsOrdering`. */
  nullsOrdering: true,
  /** See `DialectCapabilities.forUpdate`. */
  forUpdate: true,
  /** See `DialectCapabilities.updateFrom`. */
  updateFrom: true,
  /** See `DialectCapabilities.deleteUsing`. */
  deleteUsing: 'using',
  /** See `DialectCapabilities.indexesInCreateTable`. */
  indexesInCreateTable: false,
  /** See `DialectCapabilities.namedEnumTypes`. */
  namedEnumTypes: false,
} as const;
