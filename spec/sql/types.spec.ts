import { DIALECT_NAMES, type BuiltInDialectName } from '../../lib/dialects';
import {
  bindProcessorOf,
  getDialect,
  renderTypeDdl,
  resultProcessorOf,
  types,
  type SqlType,
} from '../../lib/sql';
import { ArgumentError } from '../../lib/errors';

const bind = (t: SqlType<unknown>, d: BuiltInDialectName, v: unknown): unknown => {
  const p = bindProcessorOf(getDialect(d).types, t);
  return p === undefined ? v : p(v);
};
const result = (t: SqlType<unknown>, d: BuiltInDialectName, v: unknown): unknown => {
  const p = resultProcessorOf(getDialect(d).types, t);
  return p === undefined ? v : p(v);
};

describe('boolean', () => {
  const t = types.boolean();
  it.each([
    ['postgresql', true],
    ['mysql', true],
    ['mariadb', true],
    ['sqlite', 1],
    ['mssql', true],
    ['oracle', 1],
  ] as const)('%s binds true as %p', (d, want) => {
    expect(bind(t, d, true)).toBe(want);
    expect(bind(t, d, false)).toBe(want === 1 ? 0 : false);
  });
  it.each(DIALECT_NAMES)('%s reads 0/1, booleans and NULL back as booleans', (d) => {
    expect(result(t, d, true)).toBe(true);
    expect(result(t, d, false)).toBe(false);
    expect(result(t, d, null)).toBeNull();
    if (d !== 'postgresql' && d !== 'mssql') {
      expect(result(t, d, 1)).toBe(true);
      expect(result(t, d, 0)).toBe(false);
      expect(result(t, d, '1')).toBe(true);
    }
  });
});

describe('dates and times', () => {
  const instant = new Date('2024-02-29T23:59:58.123Z');
  it('dateTime binds UTC wall time on SQLite and PostgreSQL, an ISO instant for timestamptz', () => {
    expect(bind(types.dateTime(), 'sqlite', instant)).toBe('2024-02-29 23:59:58.123');
    expect(bind(types.dateTime(), 'postgresql', instant)).toBe('2024-02-29 23:59:58.123');
    expect(bind(types.dateTime({ timezone: true }), 'postgresql', instant)).toBe('2024-02-29T23:59:58.123Z');
    for (const d of ['mysql', 'mariadb', 'mssql', 'oracle'] as const)
      expect(bind(types.dateTime(), d, instant)).toBe(instant);
  });
  it.each(DIALECT_NAMES)('%s reads naive strings as UTC and keeps offsets', (d) => {
    const t = types.dateTime();
    expect(result(t, d, '2024-02-29 23:59:58.123')).toEqual(instant);
    expect(result(t, d, '2024-03-01 01:59:58.123+02')).toEqual(instant);
    expect(result(t, d, '2024-03-01T01:59:58.123+02:00')).toEqual(instant);
    expect(result(t, d, instant)).toBe(instant);
    expect(result(t, d, null)).toBeNull();
  });
  it.each(DIALECT_NAMES)('%s: date is a YYYY-MM-DD string both ways', (d) => {
    const t = types.date();
    expect(bind(t, d, new Date('2024-01-05T00:00:00Z'))).toBe('2024-01-05');
    expect(bind(t, d, '2024-01-05')).toBe('2024-01-05');
    expect(result(t, d, '2024-01-05')).toBe('2024-01-05');
    expect(result(t, d, '2024-01-05 00:00:00')).toBe('2024-01-05');
    expect(result(t, d, new Date('2024-01-05T00:00:00Z'))).toBe('2024-01-05');
  });
  it('time reads Dates and strings as HH:MM:SS[.fff]', () => {
    const t = types.time();
    expect(result(t, 'mssql', new Date('1970-01-01T08:30:05.250Z'))).toBe('08:30:05.250');
    expect(result(t, 'mssql', new Date('1970-01-01T08:30:05Z'))).toBe('08:30:05');
    expect(result(t, 'mysql', '08:30:05.000')).toBe('08:30:05');
    expect(result(t, 'postgresql', '08:30:05')).toBe('08:30:05');
  });
});

describe('bigInteger modes', () => {
  const big = 9007199254740993n; // 2^53 + 1: not representable as a number
  it('binds bigint as a string where the driver needs it', () => {
    expect(bind(types.bigInteger(), 'sqlite', big)).toBe('9007199254740993');
    expect(bind(types.bigInteger(), 'mssql', big)).toBe('9007199254740993');
    expect(bind(types.bigInteger(), 'postgresql', big)).toBe(big);
    expect(bind(types.bigInteger(), 'oracle', big)).toBe(big);
  });
  it.each(DIALECT_NAMES)('%s: bigint mode (default) reads strings and numbers exactly', (d) => {
    expect(result(types.bigInteger(), d, '9007199254740993')).toBe(big);
    expect(result(types.bigInteger(), d, 42)).toBe(42n);
    expect(result(types.bigInteger(), d, null)).toBeNull();
  });
  it('string mode returns decimal strings', () => {
    expect(result(types.bigInteger({ mode: 'string' }), 'postgresql', big)).toBe('9007199254740993');
    expect(result(types.bigInteger({ mode: 'string' }), 'mysql', 7)).toBe('7');
  });
  it('number mode returns numbers and throws beyond 2^53', () => {
    const t = types.bigInteger({ mode: 'number' });
    expect(result(t, 'postgresql', '12345')).toBe(12345);
    expect(() => result(t, 'postgresql', '9007199254740993')).toThrow(ArgumentError);
    expect(() => result(t, 'postgresql', '9007199254740993')).toThrow(/mode: 'bigint'/);
  });
});

describe('numeric', () => {
  it('binds numbers as exact strings except on SQL Server', () => {
    expect(bind(types.numeric(10, 2), 'postgresql', 1.5)).toBe('1.5');
    expect(bind(types.numeric(10, 2), 'oracle', '1.50')).toBe('1.50');
    expect(bind(types.numeric(10, 2), 'mssql', 1.5)).toBe(1.5);
  });
  it('reads strings as they are and formats numbers at the declared scale', () => {
    expect(result(types.numeric(10, 2), 'postgresql', '123456789.01')).toBe('123456789.01');
    expect(result(types.numeric(10, 2), 'sqlite', 1.5)).toBe('1.50');
    expect(result(types.numeric(), 'sqlite', 1.5)).toBe('1.5');
    expect(result(types.numeric(10, 2, { asNumber: true }), 'mysql', '1.50')).toBe(1.5);
  });
  it('a numeric without precision keeps decimals on every dialect', () => {
    expect(DIALECT_NAMES.map((d) => renderTypeDdl(getDialect(d).types, types.numeric()))).toEqual([
      'NUMERIC',
      'DECIMAL(65, 30)',
      'DECIMAL(65, 30)',
      'NUMERIC',
      'NUMERIC(38, 10)',
      'NUMBER',
    ]);
  });
});

describe('json, uuid, binary, float, integer', () => {
  it.each(DIALECT_NAMES)('%s: json is serialized on the way in and parsed on the way out', (d) => {
    const t = types.json<{ a: number[] }>();
    expect(bind(t, d, { a: [1] })).toBe('{"a":[1]}');
    expect(bind(t, d, null)).toBeNull();
    const back = result(t, d, d === 'postgresql' ? { a: [1] } : '{"a":[1]}');
    expect(back).toEqual({ a: [1] });
    if (d !== 'postgresql') expect(result(t, d, Buffer.from('{"a":[2]}'))).toEqual({ a: [2] });
  });
  it('uuid is lower-cased from SQL Server only', () => {
    expect(result(types.uuid(), 'mssql', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    );
    expect(result(types.uuid(), 'postgresql', 'A0')).toBe('A0');
  });
  it('binary returns Buffers', () => {
    const out = result(types.binary(), 'sqlite', new Uint8Array([1, 2]));
    expect(Buffer.isBuffer(out)).toBe(true);
    expect([...(out as Buffer)]).toEqual([1, 2]);
  });
  it('floats and integers come back as numbers, even when the driver hands over a string', () => {
    expect(result(types.float(), 'mysql', '1.25')).toBe(1.25);
    for (const d of ['postgresql', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle'] as const) {
      expect(result(types.integer(), d, '12')).toBe(12);
      expect(result(types.integer(), d, 7)).toBe(7);
      expect(result(types.integer(), d, null)).toBeNull();
    }
  });
});
