import { parseArrayLiteral } from './array-literal';
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
  bufferResult,
  dateAsString,
  dateFromDriver,
  dateTimeAsInstant,
  dateTimeAsUtcWallTime,
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
import type { TypeOfKind, ValueProcessor } from '../../sql/types/sql-type';

/** PostgreSQL text refuses U+0000 with an error that names no column. */
const postgresqlText = textCheck(true);

/**
 * DOUBLE PRECISION keeps −0, but `pg` sends every parameter as text made by `String(v)`, and
 * `String(-0)` is '0': −0 is bound as the text '-0', which the server reads as −0.
 */
function postgresqlFloat(type: TypeOfKind<'float'>): ValueProcessor {
  const check = floatCheck(true)(type);
  return (v) => {
    const n = check(v);
    return Object.is(n, -0) ? '-0' : n;
  };
}

/**
 * PostgreSQL's types: native BOOLEAN, UUID, JSONB (which `pg` parses itself) and BYTEA. Naive
 * timestamps are bound as UTC wall time and zoned ones as an instant, so the server's TimeZone
 * setting never shifts a value.
 */
export const postgresqlTypes: TypeRenderer = Object.freeze<TypeRenderer>({
  integer: { ddl: () => 'INTEGER', bind: integerCheck, result: always(toNumber) },
  smallInteger: { ddl: () => 'SMALLINT', bind: integerCheck, result: always(toNumber) },
  bigInteger: { ddl: () => 'BIGINT', bind: bigIntegerCheck, result: bigIntegerResult },
  float: { ddl: () => 'DOUBLE PRECISION', bind: postgresqlFloat, result: always(toNumber) },
  numeric: { ddl: (t) => `NUMERIC${numericArgs(t)}`, bind: numericCheck, result: numericResult },
  string: {
    ddl: (t) => (t.length === undefined ? 'VARCHAR' : `VARCHAR(${t.length})`),
    bind: postgresqlText,
    result: passThrough,
  },
  text: { ddl: () => 'TEXT', bind: postgresqlText, result: passThrough },
  uuid: { ddl: () => 'UUID', bind: postgresqlText, result: passThrough },
  enum: {
    // A named enum is a type of its own (created by createAll before the tables).
    ddl: (t) => (t.typeName === undefined ? `VARCHAR(${t.length})` : `"${t.typeName.replace(/"/g, '""')}"`),
    bind: postgresqlText,
    result: passThrough,
  },
  boolean: { ddl: () => 'BOOLEAN', bind: booleanCheck, result: passThrough },
  date: {
    ddl: () => 'DATE',
    bind: (t) => checked(temporalCheck(t), dateAsString),
    result: always(dateFromDriver),
  },
  dateTime: {
    ddl: (t) => {
      const base = t.precision === undefined ? 'TIMESTAMP' : `TIMESTAMP(${t.precision})`;
      return t.timezone ? `${base} WITH TIME ZONE` : base;
    },
    bind: (t) => checked(temporalCheck(t), t.timezone ? dateTimeAsInstant : dateTimeAsUtcWallTime),
    result: always(parseUtcDateTime),
  },
  time: { ddl: () => 'TIME', bind: passThrough, result: always(timeFromDriver) },
  json: { ddl: () => 'JSONB', bind: jsonCheck, result: passThrough },
  binary: { ddl: () => 'BYTEA', bind: binaryCheck, result: always(bufferResult) },
  array: {
    ddl: (t, types) => `${renderTypeDdl(types, t.item)}[]`,
    // pg sends JavaScript arrays as array literals itself, and parses arrays of the types it
    // knows; those of the schema's own types (enum[]) come as text, read here.
    bind: passThrough,
    result: (t, types) => {
      const each = resultProcessorOf(types, t.item);
      const items = (v: unknown): unknown => (typeof v === 'string' ? parseArrayLiteral(v) : v);
      if (each === undefined) return items;
      return (v) => {
        const array = items(v);
        return Array.isArray(array) ? array.map((x) => each(x)) : array;
      };
    },
  },
  custom: CUSTOM_KIND,
});
