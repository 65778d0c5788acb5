import { ArgumentError } from '../../errors';
import { SqlType, type BigIntMode, type TypeOfKind } from './sql-type';
import { typeSize } from './type-arguments';

/** 32-bit integer; values are `number`. `unsigned` is MySQL/MariaDB's UNSIGNED (ignored elsewhere). */
export class IntegerType extends SqlType<number> implements TypeOfKind<'integer'> {
  readonly kind = 'integer';
  readonly name: string;
  constructor(readonly unsigned = false) {
    super();
    this.name = unsigned ? 'integer unsigned' : 'integer';
  }
}

/** 16-bit integer; values are `number`. */
export class SmallIntegerType extends SqlType<number> implements TypeOfKind<'smallInteger'> {
  readonly kind = 'smallInteger';
  readonly name: string;
  constructor(readonly unsigned = false) {
    super();
    this.name = unsigned ? 'smallInteger unsigned' : 'smallInteger';
  }
}

export type { BigIntMode };

/**
 * 64-bit integer. Values are JavaScript `bigint` by default, so no value above 2^53 is silently
 * rounded; `mode: 'number'` returns numbers and throws on a value that does not fit exactly, and
 * `mode: 'string'` returns decimal strings (handy for JSON APIs).
 */
export class BigIntegerType<T extends bigint | number | string = bigint>
  extends SqlType<T>
  implements TypeOfKind<'bigInteger'>
{
  readonly kind = 'bigInteger';
  readonly name: string;
  constructor(
    readonly mode: BigIntMode = 'bigint',
    readonly unsigned = false,
  ) {
    super();
    this.name = unsigned ? 'bigInteger unsigned' : 'bigInteger';
  }
}

/** Double-precision floating point; values are `number`. */
export class FloatType extends SqlType<number> implements TypeOfKind<'float'> {
  readonly kind = 'float';
  readonly name = 'float';
}

/**
 * Exact decimal. Values are decimal strings by default (JavaScript has no decimal type and a
 * `number` would round); `asNumber: true` trades exactness for convenience.
 */
export class NumericType<T extends string | number = string>
  extends SqlType<T>
  implements TypeOfKind<'numeric'>
{
  readonly kind = 'numeric';
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
}
