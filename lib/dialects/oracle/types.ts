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
  bigIntegerResult,
  booleanAsInteger,
  booleanFromInteger,
  bufferResult,
  dateAsString,
  dateFromDriver,
  jsonFromText,
  numberAsString,
  numericResult,
  parseUtcDateTime,
  passThrough,
  timeFromDriver,
  toNumber,
} from '../../sql/types/processors';
import { arrayAsJson, CUSTOM_KIND, numericArgs, type TypeRenderer } from '../../sql/types/type-renderer';

const oracleText = textCheck(false);

/**
 * Oracle's types: NUMBER for every integer and decimal, VARCHAR2 with character semantics, CLOB
 * for text and JSON, NUMBER(1) booleans holding 0/1, and no TIME type (stored as text).
 * `oracledb` binds Dates as UTC.
 */
export const oracleTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'NUMBER(10)', bind: integerCheck, result: always(toNumber) },
  smallInteger: { ddl: () => 'NUMBER(5)', bind: integerCheck, result: always(toNumber) },
  bigInteger: { ddl: () => 'NUMBER(19)', bind: bigIntegerCheck, result: bigIntegerResult },
  float: { ddl: () => 'BINARY_DOUBLE', bind: floatCheck(true), result: always(toNumber) },
  numeric: {
    ddl: (t) => `NUMBER${numericArgs(t)}`,
    bind: (t) => checked(numericCheck(t), numberAsString),
    result: numericResult,
  },
  string: { ddl: (t) => `VARCHAR2(${t.length ?? 255} CHAR)`, bind: oracleText, result: passThrough },
  text: { ddl: () => 'CLOB', bind: oracleText, result: passThrough },
  uuid: { ddl: () => 'VARCHAR2(36 CHAR)', bind: oracleText, result: passThrough },
  enum: { ddl: (t) => `VARCHAR2(${t.length} CHAR)`, bind: oracleText, result: passThrough },
  boolean: {
    ddl: () => 'NUMBER(1)',
    bind: (t) => checked(booleanCheck(t), booleanAsInteger),
    result: always(booleanFromInteger),
  },
  date: {
    ddl: () => 'DATE',
    bind: (t) => checked(temporalCheck(t), dateAsString),
    result: always(dateFromDriver),
  },
  dateTime: {
    ddl: (t) =>
      t.timezone ? `TIMESTAMP(${t.precision ?? 3}) WITH TIME ZONE` : `TIMESTAMP(${t.precision ?? 3})`,
    bind: temporalCheck,
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'VARCHAR2(18)', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'CLOB', bind: jsonCheck, result: always(jsonFromText) },
  binary: {
    ddl: (t) => (t.length === undefined ? 'BLOB' : `RAW(${t.length})`),
    bind: binaryCheck,
    result: always(bufferResult),
  },
  array: arrayAsJson('CLOB'),
  custom: CUSTOM_KIND,
});
