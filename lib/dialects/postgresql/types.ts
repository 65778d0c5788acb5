import {
  always,
  bigIntegerResult,
  bufferResult,
  dateAsString,
  dateFromDriver,
  dateTimeAsInstant,
  dateTimeAsUtcWallTime,
  jsonAsText,
  numberAsString,
  numericResult,
  parseUtcDateTime,
  passThrough,
  timeFromDriver,
  toNumber,
} from '../../sql/types/processors';
import {
  CUSTOM_KIND,
  numericArgs,
  renderTypeDdl,
  resultProcessorOf,
  type TypeRenderer,
} from '../../sql/types/type-renderer';

/**
 * PostgreSQL's types: native BOOLEAN, UUID, JSONB (which `pg` parses itself) and BYTEA. Naive
 * timestamps are bound as UTC wall time and zoned ones as an instant, so the server's TimeZone
 * setting never shifts a value.
 */
export const postgresqlTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'INTEGER', bind: passThrough, result: always(toNumber) },
  smallInteger: { ddl: () => 'SMALLINT', bind: passThrough, result: always(toNumber) },
  bigInteger: { ddl: () => 'BIGINT', bind: passThrough, result: bigIntegerResult },
  float: { ddl: () => 'DOUBLE PRECISION', bind: passThrough, result: always(toNumber) },
  numeric: { ddl: (t) => `NUMERIC${numericArgs(t)}`, bind: always(numberAsString), result: numericResult },
  string: {
    ddl: (t) => (t.length === undefined ? 'VARCHAR' : `VARCHAR(${t.length})`),
    bind: passThrough,
    result: passThrough,
  },
  text: { ddl: () => 'TEXT', bind: passThrough, result: passThrough },
  uuid: { ddl: () => 'UUID', bind: passThrough, result: passThrough },
  enum: {
    // A named enum is a type of its own (created by createAll before the tables).
    ddl: (t) => (t.typeName === undefined ? `VARCHAR(${t.length})` : `"${t.typeName.replace(/"/g, '""')}"`),
    bind: passThrough,
    result: passThrough,
  },
  boolean: { ddl: () => 'BOOLEAN', bind: passThrough, result: passThrough },
  date: { ddl: () => 'DATE', bind: always(dateAsString), result: always(dateFromDriver) },
  dateTime: {
    ddl: (t) => {
      const base = t.precision === undefined ? 'TIMESTAMP' : `TIMESTAMP(${t.precision})`;
      return t.timezone ? `${base} WITH TIME ZONE` : base;
    },
    bind: (t) => (t.timezone ? dateTimeAsInstant : dateTimeAsUtcWallTime),
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'TIME', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'JSONB', bind: always(jsonAsText), result: passThrough },
  binary: { ddl: () => 'BYTEA', bind: passThrough, result: always(bufferResult) },
  array: {
    ddl: (t, types) => `${renderTypeDdl(types, t.item)}[]`,
    // pg sends JavaScript arrays as array literals itself, and parses arrays it reads.
    bind: passThrough,
    result: (t, types) => {
      const each = resultProcessorOf(types, t.item);
      return each === undefined ? undefined : (v) => (Array.isArray(v) ? v.map((x) => each(x)) : v);
    },
  },
  custom: CUSTOM_KIND,
});
