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
  booleanAsInteger,
  booleanFromInteger,
  bufferResult,
  dateAsString,
  dateFromDriver,
  dateTimeAsUtcWallTime,
  jsonFromText,
  numericResult,
  parseUtcDateTime,
  passThrough,
  timeFromDriver,
  toNumber,
} from '../../sql/types/processors';
import { arrayAsJson, CUSTOM_KIND, numericArgs, type TypeRenderer } from '../../sql/types/type-renderer';

const sqliteText = textCheck(false);

/**
 * SQLite's types: declared names only set a column's affinity. Booleans are 0/1, timestamps UTC
 * wall-time text (sortable, understood by SQLite's date functions), JSON text; `sqlite3` takes no
 * bigint, so 64-bit values are bound as decimal strings.
 */
export const sqliteTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'INTEGER', bind: integerCheck, result: always(toNumber) },
  smallInteger: { ddl: () => 'SMALLINT', bind: integerCheck, result: always(toNumber) },
  bigInteger: {
    ddl: () => 'BIGINT',
    bind: (t) => checked(bigIntegerCheck(t), bigintAsString),
    result: bigIntegerResult,
  },
  float: { ddl: () => 'REAL', bind: floatCheck(false), result: always(toNumber) },
  numeric: { ddl: (t) => `NUMERIC${numericArgs(t)}`, bind: numericCheck, result: numericResult },
  string: {
    ddl: (t) => (t.length === undefined ? 'VARCHAR' : `VARCHAR(${t.length})`),
    bind: sqliteText,
    result: passThrough,
  },
  text: { ddl: () => 'TEXT', bind: sqliteText, result: passThrough },
  uuid: { ddl: () => 'CHAR(36)', bind: sqliteText, result: passThrough },
  enum: { ddl: (t) => `VARCHAR(${t.length})`, bind: sqliteText, result: passThrough },
  boolean: {
    ddl: () => 'BOOLEAN',
    bind: (t) => checked(booleanCheck(t), booleanAsInteger),
    result: always(booleanFromInteger),
  },
  date: {
    ddl: () => 'DATE',
    bind: (t) => checked(temporalCheck(t), dateAsString),
    result: always(dateFromDriver),
  },
  dateTime: {
    ddl: () => 'DATETIME',
    bind: (t) => checked(temporalCheck(t), dateTimeAsUtcWallTime),
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'TIME', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'TEXT', bind: jsonCheck, result: always(jsonFromText) },
  binary: { ddl: () => 'BLOB', bind: binaryCheck, result: always(bufferResult) },
  array: arrayAsJson('TEXT'),
  custom: CUSTOM_KIND,
});
