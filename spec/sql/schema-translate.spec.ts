/**
 * The `schemaTranslateMap` compile option (SQLAlchemy's `schema_translate_map`): schema names of
 * tables and sequences rewritten at compile time, on all six dialects, for SELECT, DML and DDL;
 * statements compiled under one map never served from the cache under another; bad maps refused.
 */
import { ArgumentError } from '../../lib/errors';
import { createEngine } from '../../lib/drivers';
import { Session } from '../../lib/session';
import {
  MetaData,
  Sequence,
  column,
  compile,
  createTable,
  deleteFrom,
  dropTable,
  insert,
  select,
  table,
  types,
  update,
  type SchemaTranslateMap,
} from '../../lib/sql';
import '../../lib';
import { expectCompiled, same } from './helpers';

const metadata = new MetaData();
const users = table(
  'users',
  { id: column(types.integer(), { primaryKey: true }), name: column(types.string(30)) },
  {
    metadata,
  },
);
const accounts = table(
  'accounts',
  {
    id: column(types.integer(), { primaryKey: true }),
    userId: column(types.integer(), { foreignKey: users.c.id, name: 'user_id' }),
  },
  { metadata, schema: 'app' },
);
const orderNo = new Sequence('order_no', { schema: 'app' });

const TENANT = { schemaTranslateMap: { null: 'tenant_a', app: 'app_v2' } };

describe('schemaTranslateMap', () => {
  it('renames the default schema and a named one in a SELECT with a join', () => {
    const stmt = select(users.c.name, accounts.c.id)
      .join(accounts, accounts.c.userId.eq(users.c.id))
      .where(users.c.id.eq(5));
    const dq = (q: (s: string) => string, p: string) => ({
      sql:
        `SELECT ${q('tenant_a')}.${q('users')}.${q('name')}, ${q('app_v2')}.${q('accounts')}.${q('id')} ` +
        `FROM ${q('tenant_a')}.${q('users')} JOIN ${q('app_v2')}.${q('accounts')} ` +
        `ON ${q('app_v2')}.${q('accounts')}.${q('user_id')} = ${q('tenant_a')}.${q('users')}.${q('id')} ` +
        `WHERE ${q('tenant_a')}.${q('users')}.${q('id')} = ${p}`,
      params: [5],
    });
    const ansi = (s: string) => `"${s}"`;
    const back = (s: string) => `\`${s}\``;
    expectCompiled(
      stmt,
      {
        postgresql: dq(ansi, '$1'),
        ...same(['mysql', 'mariadb'], dq(back, '?')),
        sqlite: dq(ansi, '?'),
        mssql: dq((s) => `[${s}]`, '@p1'),
        oracle: dq(ansi, ':1'),
      },
      TENANT,
    );
  });

  it('renames the target of INSERT, UPDATE and DELETE', () => {
    expectCompiled(
      insert(accounts).values({ id: 1, userId: 2 }),
      {
        postgresql: {
          sql: 'INSERT INTO "app_v2"."accounts" ("id", "user_id") VALUES ($1, $2)',
          params: [1, 2],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'INSERT INTO `app_v2`.`accounts` (`id`, `user_id`) VALUES (?, ?)',
          params: [1, 2],
        }),
        sqlite: { sql: 'INSERT INTO "app_v2"."accounts" ("id", "user_id") VALUES (?, ?)', params: [1, 2] },
        mssql: { sql: 'INSERT INTO [app_v2].[accounts] ([id], [user_id]) VALUES (@p1, @p2)', params: [1, 2] },
        oracle: { sql: 'INSERT INTO "app_v2"."accounts" ("id", "user_id") VALUES (:1, :2)', params: [1, 2] },
      },
      TENANT,
    );
    expectCompiled(
      update(users).set({ name: 'x' }).where(users.c.id.eq(1)),
      {
        postgresql: {
          sql: 'UPDATE "tenant_a"."users" SET "name" = $1 WHERE "tenant_a"."users"."id" = $2',
          params: ['x', 1],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'UPDATE `tenant_a`.`users` SET `name` = ? WHERE `tenant_a`.`users`.`id` = ?',
          params: ['x', 1],
        }),
        sqlite: {
          sql: 'UPDATE "tenant_a"."users" SET "name" = ? WHERE "tenant_a"."users"."id" = ?',
          params: ['x', 1],
        },
        mssql: {
          sql: 'UPDATE [tenant_a].[users] SET [name] = @p1 WHERE [tenant_a].[users].[id] = @p2',
          params: ['x', 1],
        },
        oracle: {
          sql: 'UPDATE "tenant_a"."users" SET "name" = :1 WHERE "tenant_a"."users"."id" = :2',
          params: ['x', 1],
        },
      },
      TENANT,
    );
    expectCompiled(
      deleteFrom(accounts).where(accounts.c.id.eq(1)),
      {
        postgresql: {
          sql: 'DELETE FROM "app_v2"."accounts" WHERE "app_v2"."accounts"."id" = $1',
          params: [1],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'DELETE FROM `app_v2`.`accounts` WHERE `app_v2`.`accounts`.`id` = ?',
          params: [1],
        }),
        sqlite: { sql: 'DELETE FROM "app_v2"."accounts" WHERE "app_v2"."accounts"."id" = ?', params: [1] },
        mssql: { sql: 'DELETE FROM [app_v2].[accounts] WHERE [app_v2].[accounts].[id] = @p1', params: [1] },
        oracle: { sql: 'DELETE FROM "app_v2"."accounts" WHERE "app_v2"."accounts"."id" = :1', params: [1] },
      },
      TENANT,
    );
  });

  it('renames tables in DDL, foreign key targets included, and sequences', () => {
    expect(compile(createTable(accounts), 'postgresql', TENANT).sql).toBe(
      'CREATE TABLE "app_v2"."accounts" ("id" INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, "user_id" INTEGER, ' +
        'PRIMARY KEY ("id"), FOREIGN KEY ("user_id") REFERENCES "tenant_a"."users" ("id"))',
    );
    expect(compile(dropTable(users), 'mysql', TENANT).sql).toBe('DROP TABLE `tenant_a`.`users`');
    expect(compile(select(orderNo.nextValue()), 'postgresql', TENANT).sql).toBe(
      `SELECT nextval('"app_v2"."order_no"') AS "anon_1"`,
    );
    expect(compile(select(orderNo.nextValue()), 'mssql', TENANT).sql).toBe(
      'SELECT NEXT VALUE FOR [app_v2].[order_no] AS [anon_1]',
    );
  });

  it('a null target writes the table without a schema; a Map takes the null key itself', () => {
    const stmt = select(accounts.c.id, users.c.id.as('uid')).where(accounts.c.userId.eq(users.c.id));
    expect(compile(stmt, 'postgresql', { schemaTranslateMap: { app: null } }).sql).toBe(
      'SELECT "accounts"."id", "users"."id" AS "uid" FROM "accounts", "users" WHERE "accounts"."user_id" = "users"."id"',
    );
    const map: SchemaTranslateMap = new Map<string | null, string | null>([
      [null, 'tenant_b'],
      ['null', 'never_used'],
    ]);
    expect(compile(stmt, 'postgresql', { schemaTranslateMap: map }).sql).toBe(
      'SELECT "app"."accounts"."id", "tenant_b"."users"."id" AS "uid" FROM "app"."accounts", "tenant_b"."users" ' +
        'WHERE "app"."accounts"."user_id" = "tenant_b"."users"."id"',
    );
  });

  it('the statement cache keeps the statements of each map apart', () => {
    const byId = (id: number) => select(users.c.name).where(users.c.id.eq(id));
    const plain1 = compile(byId(1), 'sqlite');
    const a1 = compile(byId(1), 'sqlite', { schemaTranslateMap: { null: 'a' } });
    const b1 = compile(byId(1), 'sqlite', { schemaTranslateMap: { null: 'b' } });
    const a2 = compile(byId(2), 'sqlite', { schemaTranslateMap: { null: 'a' } });
    const plain2 = compile(byId(2), 'sqlite');
    expect(plain1.sql).toBe('SELECT "users"."name" FROM "users" WHERE "users"."id" = ?');
    expect(a1.sql).toBe('SELECT "a"."users"."name" FROM "a"."users" WHERE "a"."users"."id" = ?');
    expect(b1.sql).toBe('SELECT "b"."users"."name" FROM "b"."users" WHERE "b"."users"."id" = ?');
    // The second statement of each shape is the cached text (the same string object) with its own value.
    expect(a2.sql).toBe(a1.sql);
    expect(a2.params).toEqual([2]);
    expect(plain2.sql).toBe(plain1.sql);
    expect(plain2.params).toEqual([2]);
    // An entry that changes nothing is no translation: the plain statement's text.
    expect(compile(byId(3), 'sqlite', { schemaTranslateMap: { x: 'x' } }).sql).toBe(plain1.sql);
  });

  it('refuses a map that is not schema names, naming the entry, from compile, engine, connection and session', async () => {
    const bad = { app: 5 } as unknown as SchemaTranslateMap;
    expect(() => compile(select(users.c.id), 'sqlite', { schemaTranslateMap: bad })).toThrow(
      new ArgumentError(`schemaTranslateMap: 'app' must map to a schema name or null, got 5`),
    );
    expect(() => compile(select(users.c.id), 'sqlite', { schemaTranslateMap: 'x' as never })).toThrow(
      ArgumentError,
    );
    expect(() => createEngine('sqlite://', { executionOptions: { schemaTranslateMap: bad } })).toThrow(
      /schemaTranslateMap: 'app'/,
    );
    const engine = createEngine('sqlite://');
    try {
      expect(() => new Session(engine, { executionOptions: { schemaTranslateMap: bad } })).toThrow(
        /schemaTranslateMap: 'app'/,
      );
      const conn = await engine.connect();
      try {
        expect(() => conn.setExecutionOptions({ schemaTranslateMap: bad })).toThrow(
          /schemaTranslateMap: 'app'/,
        );
      } finally {
        await conn.close();
      }
    } finally {
      await engine.dispose();
    }
  });
});
