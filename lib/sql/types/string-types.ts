import { ArgumentError } from '../../errors';
import { SqlType, type TypeOfKind } from './sql-type';
import { typeSize } from './type-arguments';

/**
 * Variable-length string. Without a length it is `VARCHAR` where the database allows that
 * (PostgreSQL, SQLite) and `VARCHAR(255)` where a length is required (MySQL, SQL Server, Oracle).
 */
export class StringType<T extends string = string> extends SqlType<T> implements TypeOfKind<'string'> {
  readonly kind = 'string';
  readonly name: string;
  readonly length: number | undefined;
  constructor(length?: number) {
    super();
    this.length = typeSize('string', 'length', length, 1);
    this.name = length === undefined ? 'string' : `string(${length})`;
  }
}

/** Unbounded text. */
export class TextType extends SqlType<string> implements TypeOfKind<'text'> {
  readonly kind = 'text';
  readonly name = 'text';
}

/** A UUID as its canonical lowercase string. Native on PostgreSQL and SQL Server. */
export class UuidType extends SqlType<string> implements TypeOfKind<'uuid'> {
  readonly kind = 'uuid';
  readonly name = 'uuid';
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
export class EnumType<T extends string> extends SqlType<T> implements TypeOfKind<'enum'> {
  readonly kind = 'enum';
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
  /** The length of the longest value (at least 1). */
  get length(): number {
    return Math.max(1, ...this.values.map((v) => v.length));
  }
}
