import {
  bigIntegerCheck,
  binaryCheck,
  booleanCheck,
  checked,
  floatCheck,
  integerCheck,
  jsonCheck,
  numericCheck,
  temporalCheck,
  textCheck,
} from '../../sql/types/bind-checks';
import {
  always,
  bigintAsString,
  bigIntegerResult,
  bufferResult,
  dateAsString,
  dateFromDriver,
  jsonFromText,
  numericResult,
  parseUtcDateTime,
  passThrough,
  timeFromDriver,
  toNumber,
} from '../../sql/types/processors';
import { arrayAsJson, CUSTOM_KIND, numericArgs, type TypeRenderer } from '../../sql/types/type-renderer';
import type { ValueProcessor } from '../../sql/types/sql-type';

const mssqlText = textCheck(false);

/** `check` for its refusals only: the value leaves as it came (tedious wants numbers for DECIMAL). */
const checkOnly =
  (check: (t: never) => ValueProcessor) =>
  (t: never): ValueProcessor => {
    const c = check(t);
    return (v) => {
      c(v);
      return v;
    };
  };

/** SQL Server returns UNIQUEIDENTIFIER in upper case. */
const lowerCase: ValueProcessor = (v) => (typeof v === 'string' ? v.toLowerCase() : v);

/**
 * SQL Server's types: N-prefixed strings, BIT booleans (tedious reads them as booleans),
 * UNIQUEIDENTIFIER, DATETIME2 / DATETIMEOFFSET. tedious wants numbers for DECIMAL parameters and
 * strings for BIGINT ones, and binds Dates as UTC (useUTC).
 */
export const mssqlTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'INTEGER', bind: integerCheck, result: always(toNumber) },
  smallInteger: { ddl: () => 'SMALLINT', bind: integerCheck, result: always(toNumber) },
  bigInteger: {
    ddl: () => 'BIGINT',
    bind: (t) => checked(bigIntegerCheck(t), bigintAsString),
    result: bigIntegerResult,
  },
  float: { ddl: () => 'FLOAT', bind: floatCheck(false), result: always(toNumber) },
  // A bare NUMERIC is NUMERIC(18, 0) here, which would drop every decimal.
  numeric: {
    ddl: (t) => `NUMERIC${numericArgs(t) || '(38, 10)'}`,
    bind: checkOnly(numericCheck),
    result: numericResult,
  },
  string: { ddl: (t) => `NVARCHAR(${t.length ?? 255})`, bind: mssqlText, result: passThrough },
  text: { ddl: () => 'NVARCHAR(MAX)', bind: mssqlText, result: passThrough },
  uuid: { ddl: () => 'UNIQUEIDENTIFIER', bind: mssqlText, result: always(lowerCase) },
  enum: { ddl: (t) => `NVARCHAR(${t.length})`, bind: mssqlText, result: passThrough },
  boolean: { ddl: () => 'BIT', bind: booleanCheck, result: passThrough },
  date: {
    ddl: () => 'DATE',
    bind: (t) => checked(temporalCheck(t), dateAsString),
    result: always(dateFromDriver),
  },
  dateTime: {
    ddl: (t) => (t.timezone ? `DATETIMEOFFSET(${t.precision ?? 3})` : `DATETIME2(${t.precision ?? 3})`),
    bind: temporalCheck,
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'TIME(3)', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'NVARCHAR(MAX)', bind: jsonCheck, result: always(jsonFromText) },
  binary: { ddl: (t) => `VARBINARY(${t.length ?? 'MAX'})`, bind: binaryCheck, result: always(bufferResult) },
  array: arrayAsJson('NVARCHAR(MAX)'),
  custom: CUSTOM_KIND,
});
