import { BigIntegerType, FloatType, IntegerType, NumericType, SmallIntegerType } from './numeric-types';
import { EnumType, StringType, TextType, UuidType } from './string-types';
import { DateTimeType, DateType, TimeType } from './temporal-types';
import { BinaryType, BooleanType, JsonType } from './other-types';

export * from './sql-type';
export * from './numeric-types';
export * from './string-types';
export * from './temporal-types';
export * from './other-types';

function bigInteger(): BigIntegerType<bigint>;
function bigInteger(options: { mode: 'bigint' }): BigIntegerType<bigint>;
function bigInteger(options: { mode: 'number' }): BigIntegerType<number>;
function bigInteger(options: { mode: 'string' }): BigIntegerType<string>;
function bigInteger(options?: {
  mode: 'bigint' | 'number' | 'string';
}): BigIntegerType<bigint | number | string> {
  return new BigIntegerType(options?.mode ?? 'bigint');
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
  integer: (): IntegerType => new IntegerType(),
  smallInteger: (): SmallIntegerType => new SmallIntegerType(),
  bigInteger,
  float: (): FloatType => new FloatType(),
  numeric,
  string: <T extends string = string>(length?: number): StringType<T> => new StringType<T>(length),
  text: (): TextType => new TextType(),
  boolean: (): BooleanType => new BooleanType(),
  date: (): DateType => new DateType(),
  dateTime: (options?: { timezone?: boolean }): DateTimeType => new DateTimeType(options?.timezone ?? false),
  time: (): TimeType => new TimeType(),
  json: <T = unknown>(): JsonType<T> => new JsonType<T>(),
  uuid: (): UuidType => new UuidType(),
  enum: <const T extends string>(values: readonly T[]): EnumType<T> => new EnumType<T>(values),
  binary: (length?: number): BinaryType => new BinaryType(length),
});
