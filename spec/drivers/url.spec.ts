import { inspect } from 'node:util';
import { parseUrl, createEngine } from '../../lib/drivers';
import { ArgumentError } from '../../lib/errors';

describe('parseUrl', () => {
  it.each([
    ['postgresql://app:s3cret@db.local:5433/shop', 'postgresql', 'pg', 'app', 'db.local', 5433, 'shop'],
    ['postgres://db/shop', 'postgresql', 'pg', undefined, 'db', undefined, 'shop'],
    ['mysql://root@127.0.0.1:3306/test', 'mysql', 'mysql2', 'root', '127.0.0.1', 3306, 'test'],
    ['mariadb://u:p@h/db', 'mariadb', 'mysql2', 'u', 'h', undefined, 'db'],
    ['mssql://sa:Pw@localhost:1433/master', 'mssql', 'mssql', 'sa', 'localhost', 1433, 'master'],
    [
      'oracle://system:pw@localhost:1521/FREEPDB1',
      'oracle',
      'oracledb',
      'system',
      'localhost',
      1521,
      'FREEPDB1',
    ],
    ['postgresql://u@[::1]:5432/x', 'postgresql', 'pg', 'u', '::1', 5432, 'x'],
  ])('%s', (url, dialect, driver, username, host, port, database) => {
    const u = parseUrl(url);
    expect({
      dialect: u.dialect,
      driver: u.driver,
      username: u.username,
      host: u.host,
      port: u.port,
      database: u.database,
    }).toEqual({
      dialect,
      driver,
      username,
      host,
      port,
      database,
    });
  });

  it.each([
    ['sqlite://', ':memory:'],
    ['sqlite:///relative.db', 'relative.db'],
    ['sqlite:///data/app.db', 'data/app.db'],
    ['sqlite:////absolute/app.db', '/absolute/app.db'],
  ])('SQLite %s → %s', (url, database) => {
    expect(parseUrl(url).database).toBe(database);
  });

  it('decodes percent-escapes in credentials and passes the query string through', () => {
    const u = parseUrl('postgresql://us%40er:p%40ss%3Aword@h/db?application_name=api&ssl=true');
    expect(u.username).toBe('us@er');
    expect(u.password).toBe('p@ss:word');
    expect(u.query).toEqual({ application_name: 'api', ssl: 'true' });
  });

  it('never prints the password: toString, JSON, inspect, engine', () => {
    const url = 'postgresql://app:hunter2@db:5432/shop?x=1';
    const u = parseUrl(url);
    expect(String(u)).toBe('postgresql://app:***@db:5432/shop?x=1');
    expect(JSON.stringify(u)).not.toContain('hunter2');
    expect(inspect(u)).not.toContain('hunter2');
    const engine = createEngine(url);
    expect(String(engine)).toBe('Engine(postgresql://app:***@db:5432/shop?x=1)');
    expect(inspect(engine.url)).not.toContain('hunter2');
  });

  it('rejects unknown schemes and malformed URLs, masking the password', () => {
    expect(() => parseUrl('db2://u:p@h/x')).toThrow(ArgumentError);
    expect(() => parseUrl('not a url')).toThrow(/invalid database URL/);
    expect(() => parseUrl('nonsense:u:hunter2@h')).toThrow(ArgumentError);
    try {
      parseUrl('postgresql//u:hunter2@h/db');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('engine.dialect is the URL dialect until a connection resolves it', () => {
    expect(createEngine('mysql://root@127.0.0.1/test').dialect.name).toBe('mysql');
    expect(createEngine('sqlite://').dialect.name).toBe('sqlite');
  });
});
