import type { DialectName } from '../dialect-name';
import { ArgumentError } from '../../errors';
import { SqlType, type TypeAffinity, type ValueProcessor } from './sql-type';
import { typeSize } from './type-arguments';

const toNumber: ValueProcessor = (v) => (v === null || typeof v === 'number' ? v : Number(v));

/** `' UNSIGNED'` on MySQL/MariaDB for an unsigned integer type; nothing elsewhere. */
function unsignedSuffix(unsigned: boolean, dialect: DialectName): string {
  return unsigned && (dialect === 'mysql' || dialect === 'mariadb') ? ' UNSIGNED' : '';
}

/** 32-bit integer; values are `number`. `unsigned` is MySQL/MariaDB's UNSIGNED (ignored elsewhere). */
export class IntegerType extends SqlType<number> {
  readonly name: string;
  constructor(readonly unsigned = false) {
    super();
    this.name = unsigned ? 'integer unsigned' : 'integer';
  }
  ddl(dialect: DialectName): string {
    return (dialect === 'oracle' ? 'NUMBER(10)' : 'INTEGER') + unsignedSuffix(this.unsigned, dialect);
  }
  override resultProcessor(_dialect: DialectName): ValueProcessor | undefined {
    // Drivers return 32-bit integers as numbers, but an expression typed integer may be 64-bit or
    // DECIMAL on the server (pg's COUNT, MySQL's SUM, a text() column), which arrives as a string.
    return toNumber;
  }
  override get affinity(): TypeAffinity {
    return 'integer';
  }
}

/** 16-bit integer; values are `number`. */
export class SmallIntegerType extends IntegerType {
  override readonly name: string;
  constructor(unsigned = false) {
    super(unsigned);
    this.name = unsigned ? 'smallInteger unsigned' : 'smallInteger';
  }
  override ddl(dialect: DialectName): string {
    return (dialect === 'oracle' ? 'NUMBER(5)' : 'SMALLINT') + unsignedSuffix(this.unsigned, dialect);
  }
}

export type BigIntMode = 'bigint' | 'number' | 'string';

/**
 * 64-bit integer. Values are JavaScript `bigint` by default, so no value above 2^53 is silently
 * rounded; `mode: 'number'` returns numbers and throws on a value that does not fit exactly, and
 * `mode: 'string'` returns decimal strings (handy for JSON APIs).
 */
export class BigIntegerType<T extends bigint | number | string = bigint> extends SqlType<T> {
  readonly name: string;
  constructor(
    readonly mode: BigIntMode = 'bigint',
    readonly unsigned = false,
  ) {
    super();
    this.name = unsigned ? 'bigInteger unsigned' : 'bigInteger';
  }
  ddl(dialect: DialectName): string {
    return (dialect === 'oracle' ? 'NUMBER(19)' : 'BIGINT') + unsignedSuffix(this.unsigned, dialect);
  }
  override bindProcessor(dialect: DialectName): ValueProcessor | undefined {
    // pg, mysql2 and oracledb take bigint or string; sqlite3 and tedious want a string or number.
    return dialect === 'sqlite' || dialect === 'mssql'
      ? (v) => (typeof v === 'bigint' ? v.toString() : v)
      : undefined;
  }
  override resultProcessor(_dialect: DialectName): ValueProcessor | undefined {
    const mode = this.mode;
    return (v) => {
      if (v === null || v === undefined) return null;
      if (mode === 'string') return String(v);
      if (mode === 'bigint') return typeof v === 'bigint' ? v : BigInt(String(v));
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isSafeInteger(n)) {
        throw new ArgumentError(
          `bigInteger value ${String(v)} does not fit a JavaScript number exactly; use types.bigInteger({ mode: 'bigint' })`,
        );
      }
      return n;
    };
  }
  override get affinity(): TypeAffinity {
    return 'bigint';
  }
}

/** Double-precision floating point; values are `number`. */
export class FloatType extends SqlType<number> {
  readonly name = 'float';
  ddl(dialect: DialectName): string {
    switch (dialect) {
      case 'postgresql':
        return 'DOUBLE PRECISION';
      case 'mysql':
      case 'mariadb':
        return 'DOUBLE';
      case 'sqlite':
        return 'REAL';
      case 'mssql':
        return 'FLOAT';
      case 'oracle':
        return 'BINARY_DOUBLE';
    }
  }
  override resultProcessor(): ValueProcessor {
    return toNumber;
  }
  override get affinity(): TypeAffinity {
    return 'float';
  }
}

/**
 * Exact decimal. Values are decimal strings by default (JavaScript has no decimal type and a
 * `number` would round); `asNumber: true` trades exactness for convenience.
 */
export class NumericType<T extends string | number = string> extends SqlType<T> {
  readonly name: string;
  readonly precision: number | undefined;
  readonly scale: number | undefined;
  constructor(
    precision?: number,
    scale?: number,
    readonly asNumber = false,
  ) {
    super();
    this.precision = typeSize('numeric', 'precision', precision, 1);
    this.scale = typeSize('numeric', 'scale', scale, 0);
    if (this.scale !== undefined && (this.precision === undefined || this.scale > this.precision))
      throw new ArgumentError(`types.numeric(): scale ${scale} needs a precision of at least ${scale}`);
    this.name = precision === undefined ? 'numeric' : `numeric(${precision}, ${scale ?? 0})`;
  }
  ddl(dialect: DialectName): string {
    const args = this.precision === undefined ? '' : `(${this.precision}, ${this.scale ?? 0})`;
    if (dialect === 'oracle') return `NUMBER${args}`;
    if (dialect === 'mysql' || dialect === 'mariadb') return `DECIMAL${args || '(65, 30)'}`;
    // SQL Server's bare NUMERIC is NUMERIC(18, 0), which would drop every decimal.
    if (dialect === 'mssql') return `NUMERIC${args || '(38, 10)'}`;
    return `NUMERIC${args}`;
  }
  override bindProcessor(dialect: DialectName): ValueProcessor | undefined {
    // tedious wants numbers for DECIMAL parameters; the others take exact strings.
    return dialect === 'mssql' ? undefined : (v) => (typeof v === 'number' ? String(v) : v);
  }
  override resultProcessor(): ValueProcessor {
    if (this.asNumber) return toNumber;
    const scale = this.scale;
    return (v) => {
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') return v;
      // Drivers that return numbers (sqlite3, tedious): format at the declared scale.
      return typeof v === 'number' && scale !== undefined ? v.toFixed(scale) : String(v);
    };
  }
  override get affinity(): TypeAffinity {
    return 'numeric';
  }
}
