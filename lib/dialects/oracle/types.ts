import {
  always,
  bigIntegerResult,
  booleanAsInteger,
  booleanFromInteger,
  bufferResult,
  dateAsString,
  dateFromDriver,
  jsonAsText,
  jsonFromText,
  numberAsString,
  numericResult,
  parseUtcDateTime,
  passThrough,
  timeFromDriver,
  toNumber,
} from '../../sql/types/processors';
import { arrayAsJson, CUSTOM_KIND, numericArgs, type TypeRenderer } from '../../sql/types/type-renderer';

/**
 * Oracle's types: NUMBER for every integer and decimal, VARCHAR2 with character semantics, CLOB
 * for text and JSON, NUMBER(1) booleans holding 0/1, and no TIME type (stored as text).
 * `oracledb` binds Dates as UTC.
 */
export const oracleTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'NUMBER(10)', bind: passThrough, result: always(toNumber) },
  smallInteger: { ddl: () => 'NUMBER(5)', bind: passThrough, result: always(toNumber) },
  bigInteger: { ddl: () => 'NUMBER(19)', bind: passThrough, result: bigIntegerResult },
  float: { ddl: () => 'BINARY_DOUBLE', bind: passThrough, result: always(toNumber) },
  numeric: { ddl: (t) => `NUMBER${numericArgs(t)}`, bind: always(numberAsString), result: numericResult },
  string: { ddl: (t) => `VARCHAR2(${t.length ?? 255} CHAR)`, bind: passThrough, result: passThrough },
  text: { ddl: () => 'CLOB', bind: passThrough, result: passThrough },
  uuid: { ddl: () => 'VARCHAR2(36 CHAR)', bind: passThrough, result: passThrough },
  enum: { ddl: (t) => `VARCHAR2(${t.length} CHAR)`, bind: passThrough, result: passThrough },
  boolean: { ddl: () => 'NUMBER(1)', bind: always(booleanAsInteger), result: always(booleanFromInteger) },
  date: { ddl: () => 'DATE', bind: always(dateAsString), result: always(dateFromDriver) },
  dateTime: {
    ddl: (t) =>
      t.timezone ? `TIMESTAMP(${t.precision ?? 3}) WITH TIME ZONE` : `TIMESTAMP(${t.precision ?? 3})`,
    bind: passThrough,
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'VARCHAR2(18)', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'CLOB', bind: always(jsonAsText), result: always(jsonFromText) },
  binary: {
    ddl: (t) => (t.length === undefined ? 'BLOB' : `RAW(${t.length})`),
    bind: passThrough,
    result: always(bufferResult),
  },
  array: arrayAsJson('CLOB'),
  custom: CUSTOM_KIND,
});
