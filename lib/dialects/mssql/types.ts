import {
  always,
  bigintAsString,
  bigIntegerResult,
  bufferResult,
  dateAsString,
  dateFromDriver,
  jsonAsText,
  jsonFromText,
  numericResult,
  parseUtcDateTime,
  passThrough,
  timeFromDriver,
  toNumber,
} from '../../sql/types/processors';
import { arrayAsJson, CUSTOM_KIND, numericArgs, type TypeRenderer } from '../../sql/types/type-renderer';
import type { ValueProcessor } from '../../sql/types/sql-type';

/** SQL Server returns UNIQUEIDENTIFIER in upper case. */
const lowerCase: ValueProcessor = (v) => (typeof v === 'string' ? v.toLowerCase() : v);

/**
 * SQL Server's types: N-prefixed strings, BIT booleans (tedious reads them as booleans),
 * UNIQUEIDENTIFIER, DATETIME2 / DATETIMEOFFSET. tedious wants numbers for DECIMAL parameters and
 * strings for BIGINT ones, and binds Dates as UTC (useUTC).
 */
export const mssqlTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'INTEGER', bind: passThrough, result: always(toNumber) },
  smallInteger: { ddl: () => 'SMALLINT', bind: passThrough, result: always(toNumber) },
  bigInteger: { ddl: () => 'BIGINT', bind: always(bigintAsString), result: bigIntegerResult },
  float: { ddl: () => 'FLOAT', bind: passThrough, result: always(toNumber) },
  // A bare NUMERIC is NUMERIC(18, 0) here, which would drop every decimal.
  numeric: { ddl: (t) => `NUMERIC${numericArgs(t) || '(38, 10)'}`, bind: passThrough, result: numericResult },
  string: { ddl: (t) => `NVARCHAR(${t.length ?? 255})`, bind: passThrough, result: passThrough },
  text: { ddl: () => 'NVARCHAR(MAX)', bind: passThrough, result: passThrough },
  uuid: { ddl: () => 'UNIQUEIDENTIFIER', bind: passThrough, result: always(lowerCase) },
  enum: { ddl: (t) => `NVARCHAR(${t.length})`, bind: passThrough, result: passThrough },
  boolean: { ddl: () => 'BIT', bind: passThrough, result: passThrough },
  date: { ddl: () => 'DATE', bind: always(dateAsString), result: always(dateFromDriver) },
  dateTime: {
    ddl: (t) => (t.timezone ? `DATETIMEOFFSET(${t.precision ?? 3})` : `DATETIME2(${t.precision ?? 3})`),
    bind: passThrough,
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'TIME(3)', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'NVARCHAR(MAX)', bind: always(jsonAsText), result: always(jsonFromText) },
  binary: { ddl: (t) => `VARBINARY(${t.length ?? 'MAX'})`, bind: passThrough, result: always(bufferResult) },
  array: arrayAsJson('NVARCHAR(MAX)'),
  custom: CUSTOM_KIND,
});
