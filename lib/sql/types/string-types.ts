import type { DialectName } from '../dialect-name';
import { ArgumentError } from '../../errors';
import { SqlType, type TypeAffinity, type ValueProcessor } from './sql-type';
import { typeSize } from './type-arguments';

/**
 * Variable-length string. Without a length it is `VARCHAR` where the database allows that
 * (PostgreSQL, SQLite) and `VARCHAR(255)` where a length is required (MySQL, SQL Server, Oracle).
 */
export class StringType<T extends string = string> extends SqlType<T> {
  readonly name: string;
  readonly length: number | undefined;
  constructor(length?: number) {
    super();
    this.length = typeSize('string', 'length', length, 1);
    this.name = length === undefined ? 'string' : `string(${length})`;
  }
  ddl(dialect: DialectName): string {
    const n = this.length;
    switch (dialect) {
      case 'postgresql':
      case 'sqlite':
        return n === undefined ? 'VARCHAR' : `VARCHAR(${n})`;
      case 'mysql':
      case 'mariadb':
        return `VARCHAR(${n ?? 255})`;
      case 'mssql':
        return `NVARCHAR(${n ?? 255})`;
      case 'oracle':
        return `VARCHAR2(${n ?? 255} CHAR)`;
    }
  }
  override get affinity(): TypeAffinity {
    return 'string';
  }
}

/** Unbounded text. */
export class TextType extends SqlType<string> {
  readonly name = 'text';
  ddl(dialect: DialectName): string {
    switch (dialect) {
      case 'mysql':
      case 'mariadb':
        return 'LONGTEXT';
      case 'mssql':
        return 'NVARCHAR(MAX)';
      case 'oracle':
        return 'CLOB';
      default:
        return 'TEXT';
    }
  }
  override get affinity(): TypeAffinity {
    return 'string';
  }
}

/** A UUID as its canonical lowercase string. Native on PostgreSQL and SQL Server. */
export class UuidType extends SqlType<string> {
  readonly name = 'uuid';
  ddl(dialect: DialectName): string {
    switch (dialect) {
      case 'postgresql':
        return 'UUID';
      case 'mssql':
        return 'UNIQUEIDENTIFIER';
      case 'oracle':
        return 'VARCHAR2(36 CHAR)';
      default:
        return 'CHAR(36)';
    }
  }
  override resultProcessor(dialect: DialectName): ValueProcessor | undefined {
    // SQL Server returns UNIQUEIDENTIFIER in upper case.
    return dialect === 'mssql' ? (v) => (typeof v === 'string' ? v.toLowerCase() : v) : undefined;
  }
  override get affinity(): TypeAffinity {
    return 'uuid';
  }
}

/** Options of `types.enum`. */
export interface EnumOptions {
  /**
   * The name of a database enum type: on PostgreSQL the column is of that type, created with
   * `CREATE TYPE … AS ENUM`. Without it (and on databases without enum types) see `EnumType`.
   */
  name?: string;
  /** Values renamed since the last migration, new → old: migrations rename them in place. */
  renamedValues?: Readonly<Record<string, string>>;
}

/**
 * One of a fixed set of strings. A native `ENUM(...)` on MySQL/MariaDB; a named enum type on
 * PostgreSQL when the enum has a `name`; elsewhere a `VARCHAR` sized to the longest value plus a
 * CHECK constraint emitted with the table.
 */
export class EnumType<T extends string> extends SqlType<T> {
  readonly name: string;
  /** The database type's name (PostgreSQL), or undefined for an inline enum. */
  readonly typeName: string | undefined;
  readonly renamedValues: Readonly<Record<string, string>>;
  constructor(
    readonly values: readonly T[],
    options: EnumOptions = {},
  ) {
    super();
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.some((v) => typeof v !== 'string' || v.includes('\u0000'))
    )
      throw new ArgumentError(
        'types.enum(): values must be a non-empty list of strings without NUL characters',
      );
    this.name = `enum(${values.join(', ')})`;
    this.typeName = options.name;
    this.renamedValues = Object.freeze({ ...options.renamedValues });
  }
  get length(): number {
    return Math.max(1, ...this.values.map((v) => v.length));
  }
  ddl(dialect: DialectName): string {
    switch (dialect) {
      case 'mysql':
      case 'mariadb':
        // MySQL string literals treat backslash as an escape character.
        return `ENUM(${this.values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(', ')})`;
      case 'mssql':
        return `NVARCHAR(${this.length})`;
      case 'oracle':
        return `VARCHAR2(${this.length} CHAR)`;
      case 'postgresql':
        if (this.typeName !== undefined) return `"${this.typeName.replace(/"/g, '""')}"`;
        return `VARCHAR(${this.length})`;
      default:
        return `VARCHAR(${this.length})`;
    }
  }
  override get affinity(): TypeAffinity {
    return 'enum';
  }
}
