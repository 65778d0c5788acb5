import type { DialectName } from '../dialect-name';

/**
 * What a dialect can do. The unit of work reads it to choose a batching strategy; the compiler
 * reads it to decide between native syntax, an emulation, or a CompileError.
 */
export interface DialectCapabilities {
  /** How DML returns rows: `RETURNING`, `OUTPUT INSERTED.*`, `RETURNING … INTO` out-binds, or not at all. */
  readonly returning: 'returning' | 'output' | 'into' | 'none';
  /** UPDATE … RETURNING (MariaDB has INSERT/DELETE … RETURNING but not UPDATE). */
  readonly updateReturning: boolean;
  /** Multi-row `INSERT … VALUES (…), (…)`. */
  readonly multiRowInsert: boolean;
  /** A multi-row INSERT with RETURNING gives rows back in VALUES order. */
  readonly multiRowReturningOrdered: boolean;
  /** Most bound parameters in one statement. */
  readonly maxParams: number;
  /** Most rows in one VALUES list (SQL Server: 1000). */
  readonly maxRowsPerInsert: number;
  readonly savepoints: boolean;
  /** DDL runs inside transactions and rolls back with them. */
  readonly transactionalDdl: boolean;
  readonly fullJoin: boolean;
  readonly nativeIlike: boolean;
  readonly nullsOrdering: boolean;
  readonly forUpdate: boolean;
  readonly upsert: 'onConflict' | 'onDuplicateKey' | 'merge';
  /** UPDATE … FROM other tables. */
  readonly updateFrom: boolean;
  readonly maxIdentifierLength: number;
}

const base = {
  updateReturning: true,
  multiRowInsert: true,
  multiRowReturningOrdered: true,
  maxParams: 65535,
  maxRowsPerInsert: Number.MAX_SAFE_INTEGER,
  savepoints: true,
  fullJoin: true,
  nativeIlike: false,
  nullsOrdering: true,
  forUpdate: true,
  updateFrom: true,
} as const;

/** The capability table of each dialect. */
export const CAPABILITIES: Readonly<Record<DialectName, DialectCapabilities>> = Object.freeze({
  postgresql: {
    ...base,
    returning: 'returning',
    transactionalDdl: true,
    nativeIlike: true,
    upsert: 'onConflict',
    maxIdentifierLength: 63,
  },
  mysql: {
    ...base,
    returning: 'none',
    updateReturning: false,
    multiRowReturningOrdered: false,
    transactionalDdl: false,
    fullJoin: false,
    nullsOrdering: false,
    upsert: 'onDuplicateKey',
    maxIdentifierLength: 64,
  },
  mariadb: {
    ...base,
    returning: 'returning',
    updateReturning: false,
    transactionalDdl: false,
    fullJoin: false,
    nullsOrdering: false,
    upsert: 'onDuplicateKey',
    maxIdentifierLength: 64,
  },
  sqlite: {
    ...base,
    returning: 'returning',
    maxParams: 32766,
    transactionalDdl: true,
    forUpdate: false,
    upsert: 'onConflict',
    maxIdentifierLength: Number.MAX_SAFE_INTEGER,
  },
  mssql: {
    ...base,
    returning: 'output',
    maxParams: 2098,
    maxRowsPerInsert: 1000,
    transactionalDdl: true,
    nullsOrdering: false,
    upsert: 'merge',
    maxIdentifierLength: 128,
  },
  oracle: {
    ...base,
    returning: 'into',
    multiRowReturningOrdered: false,
    transactionalDdl: false,
    upsert: 'merge',
    updateFrom: false,
    maxIdentifierLength: 128,
  },
});
