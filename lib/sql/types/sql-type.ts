import type { DialectName } from '../dialect-name';

/** Converts one value between JavaScript and a driver; `undefined` means "pass through". */
export type ValueProcessor = (value: unknown) => unknown;

/**
 * A column type: its DDL in each dialect and the conversion of values on the way into and out of
 * each dialect. `T` is the JavaScript type of values.
 *
 * Processors are looked up once per statement (not per value) and are `undefined` when no
 * conversion is needed, so the common path costs nothing.
 */
export abstract class SqlType<T> {
  /** Phantom member carrying the value type for inference; never set. */
  declare readonly __value?: T;
  /** A short name such as `integer` or `string(50)`, for messages and migrations. */
  abstract readonly name: string;

  /** The column type as written in CREATE TABLE for `dialect`. */
  abstract ddl(dialect: DialectName): string;

  /** JavaScript value → driver value for `dialect`; `undefined` when values pass as they are. */
  bindProcessor(_dialect: DialectName): ValueProcessor | undefined {
    return undefined;
  }

  /** Driver value → JavaScript value for `dialect`; `undefined` when values pass as they are. */
  resultProcessor(_dialect: DialectName): ValueProcessor | undefined {
    return undefined;
  }

  /** The affinity of the type, used for comparisons in-memory and by migrations. */
  get affinity(): TypeAffinity {
    return 'other';
  }

  toString(): string {
    return this.name;
  }
}

export type TypeAffinity =
  | 'integer'
  | 'bigint'
  | 'float'
  | 'numeric'
  | 'string'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'time'
  | 'json'
  | 'uuid'
  | 'enum'
  | 'binary'
  | 'array'
  | 'other';

/** The JavaScript value type of a `SqlType`. */
export type ValueOfType<S> = S extends SqlType<infer T> ? T : never;
