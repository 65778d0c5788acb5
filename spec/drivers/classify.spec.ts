import { BUILT_IN_DIALECTS } from '../../lib/dialects';
import type { Driver } from '../../lib/drivers';
import { translateError } from '../../lib/drivers/translate-error';
import {
  DataError,
  IntegrityError,
  OperationalError,
  ProgrammingError,
  DatabaseError,
  DatabaseBusyError,
  PacketTooLargeError,
  SerializationError,
} from '../../lib/errors';

/** The adapter of each client library, by its name. */
const DRIVERS: Readonly<Record<string, Driver>> = Object.fromEntries(
  BUILT_IN_DIALECTS.map((d) => [d.driver.name, d.driver]),
);

const err = (props: Record<string, unknown>, message = 'driver error'): Error =>
  Object.assign(new Error(message), props);

describe('driver error classification', () => {
  it.each([
    ['pg', { code: '23505' }, IntegrityError],
    ['pg', { code: '23503' }, IntegrityError],
    ['pg', { code: '23502' }, IntegrityError],
    ['pg', { code: '23514' }, IntegrityError],
    ['pg', { code: '22003' }, DataError],
    ['pg', { code: '42P01' }, ProgrammingError],
    ['pg', { code: '57P01' }, OperationalError],
    ['pg', { code: '40001' }, SerializationError],
    ['pg', { code: 'ECONNRESET' }, OperationalError],
    ['pg', { code: 'EPIPE' }, OperationalError],
    ['mysql2', { errno: 1062, sqlState: '23000' }, IntegrityError],
    ['mysql2', { errno: 1452, sqlState: '23000' }, IntegrityError],
    ['mysql2', { errno: 1048, sqlState: '23000' }, IntegrityError],
    ['mysql2', { errno: 4025, sqlState: '23000' }, IntegrityError],
    ['mysql2', { errno: 1406, sqlState: '22001' }, DataError],
    ['mysql2', { errno: 1146, sqlState: '42S02' }, ProgrammingError],
    ['mysql2', { errno: 1927, sqlState: '70100' }, OperationalError],
    ['mysql2', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }, OperationalError],
    ['mysql2', { errno: 1153, code: 'ER_NET_PACKET_TOO_LARGE' }, PacketTooLargeError],
    ['sqlite3', { code: 'SQLITE_CONSTRAINT', errno: 19 }, IntegrityError],
    ['sqlite3', { code: 'SQLITE_BUSY' }, DatabaseBusyError],
    ['mssql', { number: 2627 }, IntegrityError],
    ['mssql', { originalError: { info: { number: 547 } } }, IntegrityError],
    ['mssql', { number: 8152 }, DataError],
    ['mssql', { number: 208 }, ProgrammingError],
    ['mssql', { code: 'ESOCKET' }, OperationalError],
    ['oracledb', { errorNum: 1 }, IntegrityError],
    ['oracledb', { errorNum: 2291 }, IntegrityError],
    ['oracledb', { errorNum: 1400 }, IntegrityError],
    ['oracledb', { errorNum: 12899 }, DataError],
    ['oracledb', { errorNum: 942 }, ProgrammingError],
    ['oracledb', { code: 'NJS-500' }, OperationalError],
    ['pg', {}, DatabaseError],
  ] as const)('%s %j → %p', (driver, props, Class) => {
    const e = err(props);
    const c = DRIVERS[driver]!.classify(e);
    const translated = translateError(e, c, { sql: 'SELECT 1', params: [1] }, false);
    expect(translated).toBeInstanceOf(Class);
    expect(translated.constructor).toBe(Class);
    expect(translated.cause).toBe(e);
  });

  it('sqlite3 syntax and missing-table errors are programming errors', () => {
    const c = DRIVERS['sqlite3']!.classify(err({ code: 'SQLITE_ERROR' }, 'SQLITE_ERROR: no such table: x'));
    expect(c.kind).toBe('programming');
  });
});
