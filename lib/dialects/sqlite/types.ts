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
 * SQLite's types: declared names only set a column's affinity. Booleans are 0/1, timestamps UTC
 * wall-time text (sortable, understood by SQLite's date functions), JSON text; `sqlite3` takes no
 * bigint, so 64-bit values are bound as decimal strings.
 */
export const sqliteTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'INTEGER', bind: passThrough, result: always(toNumber) },
  smallInteger: { ddl: () => 'SMALLINT', bind: passThrough, result: always(toNumber) },
  bigInteger: { ddl: () => 'BIGINT', bind: always(bigintAsString), result: bigIntegerResult },
  float: { ddl: () => 'REAL', bind: passThrough, result: always(toNumber) },
  numeric: { ddl: (t) => `NUMERIC${numericArgs(t)}`, bind: always(numberAsString), result: numericResult },
  string: {
    ddl: (t) => (t.length === undefined ? 'VARCHAR' : `VARCHAR(${t.length})`),
    bind: passThrough,
    result: passThrough,
  },
  text: { ddl: () => 'TEXT', bind: passThrough, result: passThrough },
  uuid: { ddl: () => 'CHAR(36)', bind: passThrough, result: passThrough },
  enum: { ddl: (t) => `VARCHAR(${t.length})`, bind: passThrough, result: passThrough },
  boolean: { ddl: () => 'BOOLEAN', bind: always(booleanAsInteger), result: always(booleanFromInteger) },
  date: { ddl: () => 'DATE', bind: always(dateAsString), result: always(dateFromDriver) },
  dateTime: { ddl: () => 'DATETIME', bind: always(dateTimeAsUtcWallTime), result: always(parseUtcDateTime) },
  time: { ddl: () => 'TIME', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'TEXT', bind: always(jsonAsText), result: always(jsonFromText) },
  binary: { ddl: () => 'BLOB', bind: passThrough, result: always(bufferResult) },
  array: arrayAsJson('TEXT'),
  custom: CUSTOM_KIND,
});
