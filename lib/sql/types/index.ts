import { BigIntegerType, FloatType, IntegerType, NumericType, SmallIntegerType } from './numeric-types';
import { EnumType, StringType, TextType, UuidType, type EnumOptions } from './string-types';
import { DateTimeType, DateType, TimeType } from './temporal-types';
import { ArrayType, BinaryType, BooleanType, CustomType, JsonType } from './other-types';
import { DecoratedType, type DecoratedTypeOptions } from './decorated-type';
import type { SqlType, TypeAffinity } from './sql-type';

export * from './sql-type';
export * from './numeric-types';
export * from './string-types';
export * from './temporal-types';
export * from './other-types';
export { DecoratedType, type DecoratedTypeOptions } from './decorated-type';

/** `unsigned` is MySQL/MariaDB's UNSIGNED; other databases ignore it. */
interface IntegerOptions {
  unsigned?: boolean;
}

function bigInteger(options?: { mode?: 'bigint' } & IntegerOptions): BigIntegerType<bigint>;
function bigInteger(options: { mode: 'number' } & IntegerOptions): BigIntegerType<number>;
function bigInteger(options: { mode: 'string' } & IntegerOptions): BigIntegerType<string>;
function bigInteger(
  options?: { mode?: 'bigint' | 'number' | 'string' } & IntegerOptions,
): BigIntegerType<bigint | number | string> {
  return new BigIntegerType(options?.mode ?? 'bigint', options?.unsigned ?? false);
}

function numeric(precision?: number, scale?: number): NumericType<string>;
function numeric(precision: number, scale: number, options: { asNumber: true }): NumericType<number>;
function numeric(
  precision?: number,
  scale?: number,
  options?: { asNumber: boolean },
): NumericType<string | number> {
  return new NumericType(precision, scale, options?.asNumber ?? false);
}

/**
 * Column type factories. A namespace object, so no JavaScript global (`String`, `Date`) is shadowed.
 *
 * @example
 * column(types.string(50), { nullable: false })
 * column(types.dateTime({ timezone: true }))
 */
export const types = Object.freeze({
  /** `integer` (`unsigned` on MySQL / MariaDB). */
  integer: (options?: IntegerOptions): IntegerType => new IntegerType(options?.unsigned ?? false),
  /** `smallint` (`unsigned` on MySQL / MariaDB). */
  smallInteger: (options?: IntegerOptions): SmallIntegerType =>
    new SmallIntegerType(options?.unsigned ?? false),
  /** `bigint`, read as a `number`, a `string` or a `bigint` (the `mode`). */
  bigInteger,
  /** A double-precision float. */
  float: (): FloatType => new FloatType(),
  /** `numeric(precision, scale)`, read as a string unless `asNumber`. */
  numeric,
  /** `varchar(length)`; without a length, the dialect's unbounded or default varchar (MySQL: 255). */
  string: <T extends string = string>(length?: number): StringType<T> => new StringType<T>(length),
  /** Unbounded text. */
  text: (): TextType => new TextType(),
  /** A boolean (a BIT or NUMBER(1) where there is no boolean type). */
  boolean: (): BooleanType => new BooleanType(),
  /** A calendar date, read as a `YYYY-MM-DD` string. */
  date: (): DateType => new DateType(),
  /** A timestamp, read as a `Date` (`timezone`: with time zone). */
  dateTime: (options?: { timezone?: boolean; precision?: number }): DateTimeType =>
    new DateTimeType(options?.timezone ?? false, options?.precision),
  /** A time of day, read as a string. */
  time: (): TimeType => new TimeType(),
  /**
   * A JSON document. `nullAsJson: true` stores `null` as the JSON value `null` instead of SQL NULL.
   * @example types.json<Settings>({ nullAsJson: true })
   */
  json: <T = unknown>(options?: { nullAsJson?: boolean }): JsonType<T> =>
    new JsonType<T>(options?.nullAsJson ?? false),
  /** A UUID (native where the database has one), read as a string. */
  uuid: (): UuidType => new UuidType(),
  /** One of `values`: a native enum type, or a string column with a CHECK constraint. */
  enum: <const T extends string>(values: readonly T[], options?: EnumOptions): EnumType<T> =>
    new EnumType<T>(values, options),
  /** Binary data, read as a `Buffer`. */
  binary: (length?: number): BinaryType => new BinaryType(length),
  /** An array: native on PostgreSQL, JSON elsewhere. @example types.array(types.text()) */
  array: <T>(item: SqlType<T>): ArrayType<T> => new ArrayType<T>(item),
  /** A type written as SQL, for types without a factory. @example types.custom('inet') */
  custom: <T = unknown>(sql: string, options?: { affinity?: TypeAffinity }): CustomType<T> =>
    new CustomType<T>(sql, options?.affinity),
  /**
   * A type stored as `impl` with conversions of its own (SQLAlchemy's `TypeDecorator`). DDL and
   * migrations are `impl`'s.
   * @example
   * types.decorated(types.string(50), {
   *   toDriver: (m: Money) => m.toString(),
   *   fromDriver: (s: string) => Money.parse(s),
   * })
   */
  decorated: <T, S>(impl: SqlType<S>, options: DecoratedTypeOptions<T, S>): DecoratedType<T, S> =>
    new DecoratedType<T, S>(impl, options),
});
