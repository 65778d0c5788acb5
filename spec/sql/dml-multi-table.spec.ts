/**
 * UPDATE and DELETE reading other tables (implicit FROM / USING, as SQLAlchemy adds the tables
 * the WHERE clause names), of an aliased target, setting several tables, and with dialect options.
 */
import { Column, Table } from '../../lib/decorators';
import { ArgumentError } from '../../lib/errors';
import { aliased, attrs } from '../../lib/mapper';
import { ormDelete, ormUpdate } from '../../lib/session';
import { compile, deleteFrom, types, update } from '../../lib/sql';
import { posts, users } from './fixtures';
import { expectCompiled, same } from './helpers';

@Table('mt_docs')
class Doc {
  @Column({ primaryKey: true }) id!: number;
  @Column() title!: string;
  @Column({ type: types.integer(), nullable: true }) ownerId!: number | null;
}
@Table('mt_owners')
class Owner {
  @Column({ primaryKey: true }) id!: number;
  @Column() title!: string;
}
const d = attrs(Doc);
const o = attrs(Owner);

describe('UPDATE reading another table in its WHERE clause', () => {
  it('adds the table as UPDATE … FROM (multi-table UPDATE on MySQL) without from()', () => {
    expectCompiled(
      () => update(posts).set({ title: 'x' }).where(posts.c.userId.eq(users.c.id), users.c.age.gt(1)),
      {
        postgresql: {
          sql: 'UPDATE "posts" SET "title" = $1 FROM "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > $2',
          params: ['x', 1],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'UPDATE `posts`, `users` SET `posts`.`title` = ? WHERE `posts`.`user_id` = `users`.`id` AND `users`.`age` > ?',
          params: ['x', 1],
        }),
        sqlite: {
          sql: 'UPDATE "posts" SET "title" = ? FROM "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > ?',
          params: ['x', 1],
        },
        mssql: {
          sql: 'UPDATE [posts] SET [title] = @p1 FROM [users] WHERE [posts].[user_id] = [users].[id] AND [users].[age] > @p2',
          params: ['x', 1],
        },
        oracle: { error: /UPDATE … FROM is not supported by the oracle dialect/ },
      },
    );
  });
});

describe('DELETE reading another table in its WHERE clause', () => {
  const expected = {
    postgresql: {
      sql: 'DELETE FROM "posts" USING "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > $1',
      params: [1],
    },
    ...same(['mysql', 'mariadb'], {
      sql: 'DELETE FROM `posts` USING `posts`, `users` WHERE `posts`.`user_id` = `users`.`id` AND `users`.`age` > ?',
      params: [1],
    }),
    sqlite: {
      sql: 'DELETE FROM "posts" WHERE EXISTS (SELECT 1 FROM "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > ?)',
      params: [1],
    },
    mssql: {
      sql: 'DELETE FROM [posts] FROM [posts], [users] WHERE [posts].[user_id] = [users].[id] AND [users].[age] > @p1',
      params: [1],
    },
    oracle: {
      sql: 'DELETE FROM "posts" WHERE EXISTS (SELECT 1 FROM "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > :1)',
      params: [1],
    },
  };
  it('adds the table as USING / a multi-table DELETE / SQL Server FROM, else an EXISTS', () => {
    expectCompiled(() => deleteFrom(posts).where(posts.c.userId.eq(users.c.id), users.c.age.gt(1)), expected);
  });
  it('using() names it explicitly, once', () => {
    expectCompiled(
      () => deleteFrom(posts).using(users).where(posts.c.userId.eq(users.c.id), users.c.age.gt(1)),
      expected,
    );
  });
  it('RETURNING after USING (OUTPUT before the FROM on SQL Server; MariaDB has none for several tables)', () => {
    expectCompiled(() => deleteFrom(posts).where(posts.c.userId.eq(users.c.id)).returning(posts.c.id), {
      postgresql: {
        sql: 'DELETE FROM "posts" USING "users" WHERE "posts"."user_id" = "users"."id" RETURNING "id"',
      },
      mysql: { error: /RETURNING on a multi-table DELETE is not supported by the mysql dialect/ },
      mariadb: { error: /RETURNING on a multi-table DELETE is not supported by the mariadb dialect/ },
      sqlite: {
        sql: 'DELETE FROM "posts" WHERE EXISTS (SELECT 1 FROM "users" WHERE "posts"."user_id" = "users"."id") RETURNING "id"',
      },
      mssql: {
        sql: 'DELETE FROM [posts] OUTPUT DELETED.[id] FROM [posts], [users] WHERE [posts].[user_id] = [users].[id]',
      },
      oracle: {
        sql: 'DELETE FROM "posts" WHERE EXISTS (SELECT 1 FROM "users" WHERE "posts"."user_id" = "users"."id") RETURNING "id" INTO :1',
      },
    });
  });
});

describe('ORM UPDATE / DELETE of an aliased entity', () => {
  const d1 = aliased(Doc, 'd1');
  const a = attrs(d1);
  it('UPDATE names the table by its alias (a CompileError on SQL Server)', () => {
    expectCompiled(() => ormUpdate(d1).where(a.title.eq('baz')).values({ ownerId: 1 }).toCore(), {
      postgresql: {
        sql: 'UPDATE "mt_docs" AS "d1" SET "ownerId" = $1 WHERE "d1"."title" = $2',
        params: [1, 'baz'],
      },
      ...same(['mysql', 'mariadb'], {
        sql: 'UPDATE `mt_docs` AS `d1` SET `ownerId` = ? WHERE `d1`.`title` = ?',
        params: [1, 'baz'],
      }),
      sqlite: {
        sql: 'UPDATE "mt_docs" AS "d1" SET "ownerId" = ? WHERE "d1"."title" = ?',
        params: [1, 'baz'],
      },
      mssql: { error: /UPDATE of an aliased table is not supported by the mssql dialect/ },
      oracle: { sql: 'UPDATE "mt_docs" "d1" SET "ownerId" = :1 WHERE "d1"."title" = :2', params: [1, 'baz'] },
    });
  });
  it('DELETE names the table by its alias (the multi-table form on MySQL)', () => {
    expectCompiled(() => ormDelete(d1).where(a.title.eq('baz')).toReturningCore([a.id]), {
      postgresql: {
        sql: 'DELETE FROM "mt_docs" AS "d1" WHERE "d1"."title" = $1 RETURNING "id"',
        params: ['baz'],
      },
      mysql: { error: /RETURNING on a multi-table DELETE is not supported by the mysql dialect/ },
      mariadb: { error: /RETURNING on a multi-table DELETE is not supported by the mariadb dialect/ },
      sqlite: { sql: 'DELETE FROM "mt_docs" AS "d1" WHERE "d1"."title" = ? RETURNING "id"', params: ['baz'] },
      mssql: { error: /DELETE of an aliased table is not supported by the mssql dialect/ },
      oracle: {
        sql: 'DELETE FROM "mt_docs" "d1" WHERE "d1"."title" = :1 RETURNING "id" INTO :2',
        params: ['baz'],
      },
    });
    expectCompiled(() => ormDelete(d1).where(a.title.eq('baz')).toCore(), {
      postgresql: { sql: 'DELETE FROM "mt_docs" AS "d1" WHERE "d1"."title" = $1', params: ['baz'] },
      ...same(['mysql', 'mariadb'], {
        sql: 'DELETE FROM `d1` USING `mt_docs` AS `d1` WHERE `d1`.`title` = ?',
        params: ['baz'],
      }),
      sqlite: { sql: 'DELETE FROM "mt_docs" AS "d1" WHERE "d1"."title" = ?', params: ['baz'] },
      mssql: { error: /DELETE of an aliased table is not supported by the mssql dialect/ },
      oracle: { sql: 'DELETE FROM "mt_docs" "d1" WHERE "d1"."title" = :1', params: ['baz'] },
    });
  });
});

describe('ORM UPDATE setting columns of two tables', () => {
  it("MySQL's multi-table SET; a CompileError elsewhere", () => {
    const other = { error: /an UPDATE setting columns of several tables is not supported/ };
    expectCompiled(
      () =>
        ormUpdate(Doc)
          .where(d.ownerId.eq(o.id))
          .values([
            [d.title, 'a'],
            [o.title, 'b'],
          ])
          .toCore(),
      {
        postgresql: other,
        ...same(['mysql', 'mariadb'], {
          sql: 'UPDATE `mt_docs`, `mt_owners` SET `mt_docs`.`title` = ?, `mt_owners`.`title` = ? WHERE `mt_docs`.`ownerId` = `mt_owners`.`id`',
          params: ['a', 'b'],
        }),
        sqlite: other,
        mssql: other,
        oracle: other,
      },
    );
  });
  it('a pair that is not [column, value] is an ArgumentError', () => {
    expect(() => ormUpdate(Doc).values([['title', 'a']] as never)).toThrow(ArgumentError);
    expect(() => ormUpdate(Doc).values([['title', 'a']] as never)).toThrow(
      /item 1 is not a \[column, value\] pair/,
    );
  });
});

describe('dialect options', () => {
  it('mysql limit: LIMIT n on MySQL and MariaDB, ignored by the other dialects', () => {
    const plain = update(users).set({ age: 1 }).where(users.c.active.eq(true));
    expectCompiled(() => plain.dialectOptions({ mysql: { limit: 5 } }), {
      postgresql: { sql: 'UPDATE "users" SET "age" = $1 WHERE "users"."active" = $2', params: [1, true] },
      ...same(['mysql', 'mariadb'], {
        sql: 'UPDATE `users` SET `age` = ? WHERE `users`.`active` = ? LIMIT 5',
        params: [1, true],
      }),
      sqlite: { sql: 'UPDATE "users" SET "age" = ? WHERE "users"."active" = ?', params: [1, 1] },
      mssql: { sql: 'UPDATE [users] SET [age] = @p1 WHERE [users].[active] = @p2', params: [1, true] },
      oracle: { sql: 'UPDATE "users" SET "age" = :1 WHERE "users"."active" = :2', params: [1, 1] },
    });
    expectCompiled(() => deleteFrom(users).dialectOptions({ mysql: { limit: 2 } }), {
      postgresql: { sql: 'DELETE FROM "users"' },
      ...same(['mysql', 'mariadb'], { sql: 'DELETE FROM `users` LIMIT 2' }),
      sqlite: { sql: 'DELETE FROM "users"' },
      mssql: { sql: 'DELETE FROM [users]' },
      oracle: { sql: 'DELETE FROM "users"' },
    });
  });
  it('a later value replaces an earlier one; a multi-table statement refuses LIMIT', () => {
    const stmt = deleteFrom(users)
      .dialectOptions({ mysql: { limit: 2 } })
      .dialectOptions({ mysql: { limit: 3 } });
    expectCompiled(stmt, {
      postgresql: { sql: 'DELETE FROM "users"' },
      ...same(['mysql', 'mariadb'], { sql: 'DELETE FROM `users` LIMIT 3' }),
      sqlite: { sql: 'DELETE FROM "users"' },
      mssql: { sql: 'DELETE FROM [users]' },
      oracle: { sql: 'DELETE FROM "users"' },
    });
    const multi = update(posts)
      .set({ title: 'x' })
      .where(posts.c.userId.eq(users.c.id))
      .dialectOptions({ mysql: { limit: 1 } });
    expect(() => compile(multi, 'mariadb')).toThrow(/LIMIT on a multi-table UPDATE is not supported/);
    expect(compile(multi, 'postgresql').sql).not.toMatch(/LIMIT/);
  });
  it('unknown dialects, options and values are ArgumentErrors naming them', () => {
    expect(() => update(users).dialectOptions({ postgresql: {} } as never)).toThrow(
      /no options are known for the dialect 'postgresql'/,
    );
    expect(() => deleteFrom(users).dialectOptions({ mysql: { order: 1 } } as never)).toThrow(
      /'order' is not an option of the mysql dialect/,
    );
    expect(() => deleteFrom(users).dialectOptions({ mysql: { limit: -1 } })).toThrow(ArgumentError);
    expect(() => ormDelete(Doc).dialectOptions({ mysql: { limit: 1.5 } })).toThrow(
      /ormDelete\(Doc\).dialectOptions\(\): mysql limit must be a non-negative integer, got 1.5/,
    );
  });
});
