import { ArgumentError } from '../../errors';
import { SqlType, type TypeOfKind } from './sql-type';
import { typeSize } from './type-arguments';

/**
 * A point in time; values are `Date`. With `timezone: true` the column keeps the instant
 * (`TIMESTAMP WITH TIME ZONE`, `DATETIMEOFFSET`); without, the UTC wall time is stored.
 * Precision is milliseconds, as JavaScript's Date.
 */
export class DateTimeType extends SqlType<Date> implements TypeOfKind<'dateTime'> {
  readonly kind = 'dateTime';
  readonly name: string;
  /** Fractional-second digits; the default is the database's (PostgreSQL) or 3 (the others). */
  readonly precision: number | undefined;
  constructor(
    readonly timezone = false,
    precision?: number,
  ) {
    super();
    this.precision = typeSize('dateTime', 'precision', precision, 0);
    if (this.precision !== undefined && this.precision > 6)
      throw new ArgumentError(`types.dateTime(): precision must be at most 6, got ${precision}`);
    this.name = (timezone ? 'dateTime(tz)' : 'dateTime') + (precision === undefined ? '' : `(${precision})`);
  }
}

/** A calendar date as a `YYYY-MM-DD` string: no time zone can shift it. Dates are accepted on input. */
export class DateType extends SqlType<string> implements TypeOfKind<'date'> {
  readonly kind = 'date';
  readonly name = 'date';
}

/** A time of day as `HH:MM:SS[.fff]`. Oracle has no TIME type: it is stored as text there. */
export class TimeType extends SqlType<string> implements TypeOfKind<'time'> {
  readonly kind = 'time';
  readonly name = 'time';
}
