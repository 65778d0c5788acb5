import { select, text, types } from '../../lib/sql';
import { expectCompiled } from './helpers';
import { users } from './fixtures';

describe('text()', () => {
  it('named parameters become placeholders; a name may repeat', () => {
    expectCompiled(
      () => text('SELECT * FROM t WHERE id = :id OR parent = :id AND name = :name', { id: 1, name: 'x' }),
      {
        postgresql: {
          sql: 'SELECT * FROM t WHERE id = $1 OR parent = $2 AND name = $3',
          params: [1, 1, 'x'],
        },
        mysql: { sql: 'SELECT * FROM t WHERE id = ? OR parent = ? AND name = ?', params: [1, 1, 'x'] },
        mariadb: { sql: 'SELECT * FROM t WHERE id = ? OR parent = ? AND name = ?', params: [1, 1, 'x'] },
        sqlite: { sql: 'SELECT * FROM t WHERE id = ? OR parent = ? AND name = ?', params: [1, 1, 'x'] },
        mssql: { sql: 'SELECT * FROM t WHERE id = @p1 OR parent = @p2 AND name = @p3', params: [1, 1, 'x'] },
        oracle: { sql: 'SELECT * FROM t WHERE id = :1 OR parent = :2 AND name = :3', params: [1, 1, 'x'] },
      },
    );
  });
  it('PostgreSQL :: casts are untouched', () => {
    expectCompiled(() => text('SELECT :v::int AS v, now()::date', { v: '5' }), {
      postgresql: { sql: 'SELECT :v::int AS v, now()::date' },
      mysql: { sql: 'SELECT :v::int AS v, now()::date' },
      mariadb: { sql: 'SELECT :v::int AS v, now()::date' },
      sqlite: { sql: 'SELECT :v::int AS v, now()::date' },
      mssql: { sql: 'SELECT :v::int AS v, now()::date' },
      oracle: { sql: 'SELECT :v::int AS v, now()::date' },
    });
  });
  it('an escaped colon stays a colon', () => {
    expectCompiled(() => text("SELECT '10\\:30' AS t, :a AS a", { a: 1 }), {
      postgresql: { sql: "SELECT '10:30' AS t, $1 AS a", params: [1] },
      mysql: { sql: "SELECT '10:30' AS t, ? AS a", params: [1] },
      mariadb: { sql: "SELECT '10:30' AS t, ? AS a", params: [1] },
      sqlite: { sql: "SELECT '10:30' AS t, ? AS a", params: [1] },
      mssql: { sql: "SELECT '10:30' AS t, @p1 AS a", params: [1] },
      oracle: { sql: "SELECT '10:30' AS t, :1 AS a", params: [1] },
    });
  });
  it('a missing parameter is a CompileError', () => {
    expectCompiled(() => text('SELECT :a, :b', { a: 1 }), {
      postgresql: { error: /text\(\): no value was given for the bind parameter ':b'/ },
      mysql: { error: /text\(\): no value was given for the bind parameter ':b'/ },
      mariadb: { error: /text\(\): no value was given for the bind parameter ':b'/ },
      sqlite: { error: /text\(\): no value was given for the bind parameter ':b'/ },
      mssql: { error: /text\(\): no value was given for the bind parameter ':b'/ },
      oracle: { error: /text\(\): no value was given for the bind parameter ':b'/ },
    });
  });
  it('null and undefined values bind as NULL', () => {
    expectCompiled(() => text('SELECT :a, :b', { a: null, b: undefined }), {
      postgresql: { sql: 'SELECT $1, $2', params: [null, null] },
      mysql: { sql: 'SELECT ?, ?', params: [null, null] },
      mariadb: { sql: 'SELECT ?, ?', params: [null, null] },
      sqlite: { sql: 'SELECT ?, ?', params: [null, null] },
      mssql: { sql: 'SELECT @p1, @p2', params: [null, null] },
      oracle: { sql: 'SELECT :1, :2', params: [null, null] },
    });
  });
  it('text as an expression inside a select', () => {
    expectCompiled(
      () => select(users.c.id).where(text('age > :min', { min: 3 }).asExpression(types.boolean())),
      {
        postgresql: { sql: 'SELECT "users"."id" FROM "users" WHERE age > $1', params: [3] },
        mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE age > ?', params: [3] },
        mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE age > ?', params: [3] },
        sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE age > ?', params: [3] },
        mssql: { sql: 'SELECT [users].[id] FROM [users] WHERE age > @p1', params: [3] },
        oracle: { sql: 'SELECT "users"."id" FROM "users" WHERE age > :1', params: [3] },
      },
    );
  });
});
