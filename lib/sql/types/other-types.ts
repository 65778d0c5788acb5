import type { DialectName } from '../dialect-name';
import { SqlType, type TypeAffinity, type ValueProcessor } from './sql-type';
import { typeSize } from './type-arguments';

/**
 * A boolean. Native on PostgreSQL (and MySQL's BOOLEAN alias); `BIT` on SQL Server;
 * `NUMBER(1)` holding 0/1 on Oracle and an integer 0/1 on SQLite. Always `boolean` in JavaScript.
 */
export class BooleanType extends SqlType<boolean> {
  readonly name = 'boolean';
  ddl(dialect: DialectName): string {
    switch (dialect) {
      case 'mssql':
        return 'BIT';
      case 'oracle':
        return 'NUMBER(1)';
      default:
        return 'BOOLEAN';
    }
  }
  override bindProcessor(dialect: DialectName): ValueProcessor | undefined {
    return dialect === 'oracle' || dialect === 'sqlite'
      ? (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)
      : undefined;
  }
  override resultProcessor(dialect: DialectName): ValueProcessor | undefined {
    if (dialect === 'postgresql' || dialect === 'mssql') return undefined;
    return (v) => (v === null || v === undefined ? null : typeof v === 'boolean' ? v : Number(v) !== 0);
  }
  override get affinity(): TypeAffinity {
    return 'boolean';
  }
}

/**
 * A JSON document of type `T`. `JSONB` on PostgreSQL, `JSON` on MySQL/MariaDB, text elsewhere.
 * Values are serialized with `JSON.stringify` on the way in and parsed on the way out
 * (PostgreSQL's driver parses on its own).
 */
export class JsonType<T = unknown> extends SqlType<T> {
  readonly name = 'json';
  ddl(dialect: DialectName): string {
    switch (dialect) {
      case 'postgresql':
        return 'JSONB';
      case 'mysql':
      case 'mariadb':
        return 'JSON';
      case 'mssql':
        return 'NVARCHAR(MAX)';
      case 'oracle':
        return 'CLOB';
      case 'sqlite':
        return 'TEXT';
    }
  }
  override bindProcessor(): ValueProcessor {
    return (v) => (v === null || v === undefined ? v : JSON.stringify(v));
  }
  override resultProcessor(dialect: DialectName): ValueProcessor | undefined {
    if (dialect === 'postgresql') return undefined;
    return (v) => {
      if (typeof v === 'string') return JSON.parse(v) as unknown;
      if (Buffer.isBuffer(v)) return JSON.parse(v.toString('utf8')) as unknown;
      return v;
    };
  }
  override get affinity(): TypeAffinity {
    return 'json';
  }
}

/** Binary data as a `Buffer`. */
export class BinaryType extends SqlType<Buffer> {
  readonly name = 'binary';
  readonly length: number | undefined;
  constructor(length?: number) {
    super();
    this.length = typeSize('binary', 'length', length, 1);
  }
  ddl(dialect: DialectName): string {
    const n = this.length;
    switch (dialect) {
      case 'postgresql':
        return 'BYTEA';
      case 'mysql':
      case 'mariadb':
        return n === undefined ? 'LONGBLOB' : `VARBINARY(${n})`;
      case 'sqlite':
        return 'BLOB';
      case 'mssql':
        return `VARBINARY(${n ?? 'MAX'})`;
      case 'oracle':
        return n === undefined ? 'BLOB' : `RAW(${n})`;
    }
  }
  override resultProcessor(): ValueProcessor {
    return (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v);
  }
  override get affinity(): TypeAffinity {
    return 'binary';
  }
}

/** A type the expression language could not infer (for example a bare bound value). */
export class NullType extends SqlType<unknown> {
  readonly name = 'null';
  ddl(): string {
    throw new Error('NullType has no DDL');
  }
}

/**
 * An array of `item` values: a native array on PostgreSQL (`INTEGER[]`), a JSON document
 * elsewhere.
 */
export class ArrayType<T> extends SqlType<T[]> {
  readonly name: string;
  private readonly json = new JsonType<T[]>();
  constructor(readonly item: SqlType<T>) {
    super();
    this.name = `array(${item.name})`;
  }
  ddl(dialect: DialectName): string {
    return dialect === 'postgresql' ? `${this.item.ddl(dialect)}[]` : this.json.ddl(dialect);
  }
  override bindProcessor(dialect: DialectName): ValueProcessor | undefined {
    // pg sends JavaScript arrays as array literals itself.
    return dialect === 'postgresql' ? undefined : this.json.bindProcessor();
  }
  override resultProcessor(dialect: DialectName): ValueProcessor | undefined {
    if (dialect !== 'postgresql') return this.json.resultProcessor(dialect);
    const each = this.item.resultProcessor(dialect);
    return each === undefined ? undefined : (v) => (Array.isArray(v) ? v.map(each) : v);
  }
  override get affinity(): TypeAffinity {
    return 'array';
  }
}

/**
 * A type written as SQL, the same on every database: for types Athanor has no name for
 * (`inet`, `tsvector`, `MEDIUMTEXT`). Values pass through the driver unchanged.
 */
export class CustomType<T = unknown> extends SqlType<T> {
  readonly name: string;
  constructor(
    readonly sql: string,
    private readonly customAffinity: TypeAffinity = 'other',
  ) {
    super();
    this.name = `custom(${sql})`;
  }
  ddl(): string {
    return this.sql;
  }
  override get affinity(): TypeAffinity {
    return this.customAffinity;
  }
}
