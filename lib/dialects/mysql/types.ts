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
  booleanFromInteger,
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
import {
  arrayAsJson,
  CUSTOM_KIND,
  numericArgs,
  unsignedSuffix,
  type TypeRenderer,
} from '../../sql/types/type-renderer';

/** An ENUM value list; MySQL string literals treat backslash as an escape character. */
const enumValues = (values: readonly string[]): string =>
  values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(', ');

const mysqlText = textCheck(false);

/**
 * MySQL's and MariaDB's types: strings need a length, BOOLEAN is TINYINT(1) (read back as
 * booleans), ENUM is native, JSON arrives as text. CAST takes its own names (`SIGNED`, `CHAR`).
 * `mysql2` binds Dates as UTC (timezone 'Z').
 */
export const mysqlTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: {
    ddl: (t) => `INTEGER${unsignedSuffix(t)}`,
    cast: () => 'SIGNED',
    bind: integerCheck,
    result: always(toNumber),
  },
  smallInteger: {
    ddl: (t) => `SMALLINT${unsignedSuffix(t)}`,
    cast: () => 'SIGNED',
    bind: integerCheck,
    result: always(toNumber),
  },
  bigInteger: {
    ddl: (t) => `BIGINT${unsignedSuffix(t)}`,
    cast: () => 'SIGNED',
    bind: bigIntegerCheck,
    result: bigIntegerResult,
  },
  float: { ddl: () => 'DOUBLE', cast: () => 'DOUBLE', bind: floatCheck(false), result: always(toNumber) },
  numeric: {
    ddl: (t) => `DECIMAL${numericArgs(t) || '(65, 30)'}`,
    bind: numericCheck,
    result: numericResult,
  },
  string: {
    ddl: (t) => `VARCHAR(${t.length ?? 255})`,
    cast: () => 'CHAR',
    bind: mysqlText,
    result: passThrough,
  },
  text: { ddl: () => 'LONGTEXT', cast: () => 'CHAR', bind: mysqlText, result: passThrough },
  uuid: { ddl: () => 'CHAR(36)', cast: () => 'CHAR', bind: mysqlText, result: passThrough },
  enum: {
    ddl: (t) => `ENUM(${enumValues(t.values)})`,
    cast: () => 'CHAR',
    bind: mysqlText,
    result: passThrough,
  },
  boolean: {
    ddl: () => 'BOOLEAN',
    cast: () => 'SIGNED',
    bind: booleanCheck,
    result: always(booleanFromInteger),
  },
  date: {
    ddl: () => 'DATE',
    bind: (t) => checked(temporalCheck(t), dateAsString),
    result: always(dateFromDriver),
  },
  dateTime: {
    ddl: (t) => `DATETIME(${t.precision ?? 3})`,
    cast: () => 'DATETIME(3)',
    bind: temporalCheck,
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'TIME(3)', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'JSON', bind: jsonCheck, result: always(jsonFromText) },
  binary: {
    ddl: (t) => (t.length === undefined ? 'LONGBLOB' : `VARBINARY(${t.length})`),
    cast: () => 'BINARY',
    bind: binaryCheck,
    result: always(bufferResult),
  },
  array: arrayAsJson('JSON'),
  custom: CUSTOM_KIND,
});
