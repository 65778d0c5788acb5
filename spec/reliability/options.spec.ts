import { createEngine } from '../../lib';
import { ArgumentError, CompileError } from '../../lib/errors';
import { parseUrl } from '../../lib/drivers/url';
import { column, compile, select, table, types } from '../../lib/sql';

/** Options and arguments that used to be misread or to fail with an untyped error. */
describe('bad options and arguments get typed errors naming them', () => {
  const users = table('rel_opt_users', { id: column(types.integer(), { primaryKey: true }) });

  it.each([
    [{ max: 0 }, /max/],
    [{ max: 2.5 }, /max/],
    [{ min: -1 }, /min/],
    [{ min: 5, max: 2 }, /min/],
    [{ acquireTimeoutMillis: -1 }, /acquireTimeoutMillis/],
    [{ acquireTimeoutMillis: 'soon' }, /acquireTimeoutMillis/],
    [{ idleTimeoutMillis: NaN }, /idleTimeoutMillis/],
    [{ createTimeoutMillis: 0 }, /createTimeoutMillis/],
    [{ recycleMillis: Infinity }, /recycleMillis/],
    [{ prePing: 'yes' }, /prePing/],
    [{ maxConnections: 5 }, /maxConnections/],
  ])('pool %j is refused with an ArgumentError', (pool, name) => {
    // Nothing connects: the options are checked when the engine is created.
    const url = 'postgresql://nobody@127.0.0.1:1/none';
    expect(() => createEngine(url, { pool: pool as never })).toThrow(ArgumentError);
    expect(() => createEngine(url, { pool: pool as never })).toThrow(name);
    expect(() => createEngine('sqlite://', { pool: pool as never })).toThrow(ArgumentError);
  });

  it('sqlite://relative.db is refused instead of opening "elative.db"', () => {
    expect(() => parseUrl('sqlite://relative.db')).toThrow(ArgumentError);
    expect(() => parseUrl('sqlite://relative.db')).toThrow(/sqlite:\/\/\/relative\.db/);
    expect(parseUrl('sqlite:///relative.db').database).toBe('relative.db');
    expect(parseUrl('sqlite:////abs/x.db').database).toBe('/abs/x.db');
    expect(parseUrl('sqlite://').database).toBe(':memory:');
  });

  it('orderBy(undefined) is an ArgumentError, never an ORDER BY dropped or a TypeError', () => {
    expect(() => select(users.c.id).orderBy(undefined as never)).toThrow(ArgumentError);
    expect(() => select(users.c.id).orderBy(users.c.id, undefined as never)).toThrow(
      /orderBy\(\): argument 2/,
    );
  });

  it('PostgreSQL identifiers over 63 bytes are a CompileError, never silently truncated', () => {
    const long = table(`t_${'x'.repeat(62)}`, { id: column(types.integer(), { primaryKey: true }) });
    expect(() => compile(select(long.c.id), 'postgresql')).toThrow(CompileError);
    expect(() => compile(select(long.c.id), 'postgresql')).toThrow(/63 bytes/);
    // 21 three-byte characters are 63 bytes: allowed; one more is not.
    const edge = table('é'.repeat(21).replace(/é/g, '\u20ac'), { id: column(types.integer()) });
    expect(compile(select(edge.c.id), 'postgresql').sql).toContain('\u20ac'.repeat(21));
    const over = table('\u20ac'.repeat(22), { id: column(types.integer()) });
    expect(() => compile(select(over.c.id), 'postgresql')).toThrow(CompileError);
    // Other dialects keep their own limits (MySQL raises its own error; SQLite has none).
    expect(compile(select(long.c.id), 'sqlite').sql).toContain('x'.repeat(62));
  });
});
