import { and, exists, func, literal, not, or, select, tuple, types } from '../../lib/sql';
import { expectCompiled } from './helpers';
import { employees, posts, users } from './fixtures';

describe('select: columns and FROM', () => {
  it('columns of one table', () => {
    expectCompiled(() => select(users.c.id, users.c.name), {
      postgresql: { sql: 'SELECT "users"."id", "users"."name" FROM "users"' },
      mysql: { sql: 'SELECT `users`.`id`, `users`.`name` FROM `users`' },
      mariadb: { sql: 'SELECT `users`.`id`, `users`.`name` FROM `users`' },
      sqlite: { sql: 'SELECT "users"."id", "users"."name" FROM "users"' },
      mssql: { sql: 'SELECT [users].[id], [users].[name] FROM [users]' },
      oracle: { sql: 'SELECT "users"."id", "users"."name" FROM "users"' },
    });
  });
  it('a whole table', () => {
    expectCompiled(() => select(users), {
      postgresql: {
        sql: 'SELECT "users"."id", "users"."name", "users"."email", "users"."age", "users"."active" FROM "users"',
      },
      mysql: {
        sql: 'SELECT `users`.`id`, `users`.`name`, `users`.`email`, `users`.`age`, `users`.`active` FROM `users`',
      },
      mariadb: {
        sql: 'SELECT `users`.`id`, `users`.`name`, `users`.`email`, `users`.`age`, `users`.`active` FROM `users`',
      },
      sqlite: {
        sql: 'SELECT "users"."id", "users"."name", "users"."email", "users"."age", "users"."active" FROM "users"',
      },
      mssql: {
        sql: 'SELECT [users].[id], [users].[name], [users].[email], [users].[age], [users].[active] FROM [users]',
      },
      oracle: {
        sql: 'SELECT "users"."id", "users"."name", "users"."email", "users"."age", "users"."active" FROM "users"',
      },
    });
  });
  it('a renamed column is labeled with its key', () => {
    expectCompiled(() => select(posts.c.userId, posts.c.createdAt), {
      postgresql: {
        sql: 'SELECT "posts"."user_id" AS "userId", "posts"."created_at" AS "createdAt" FROM "posts"',
      },
      mysql: {
        sql: 'SELECT `posts`.`user_id` AS `userId`, `posts`.`created_at` AS `createdAt` FROM `posts`',
      },
      mariadb: {
        sql: 'SELECT `posts`.`user_id` AS `userId`, `posts`.`created_at` AS `createdAt` FROM `posts`',
      },
      sqlite: {
        sql: 'SELECT "posts"."user_id" AS "userId", "posts"."created_at" AS "createdAt" FROM "posts"',
      },
      mssql: {
        sql: 'SELECT [posts].[user_id] AS [userId], [posts].[created_at] AS [createdAt] FROM [posts]',
      },
      oracle: {
        sql: 'SELECT "posts"."user_id" AS "userId", "posts"."created_at" AS "createdAt" FROM "posts"',
      },
    });
  });
  it('the same column name from two tables is made unique', () => {
    expectCompiled(() => select(users.c.id, posts.c.id).join(posts), {
      postgresql: {
        sql: 'SELECT "users"."id", "posts"."id" AS "id_1" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mysql: {
        sql: 'SELECT `users`.`id`, `posts`.`id` AS `id_1` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      mariadb: {
        sql: 'SELECT `users`.`id`, `posts`.`id` AS `id_1` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      sqlite: {
        sql: 'SELECT "users"."id", "posts"."id" AS "id_1" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mssql: {
        sql: 'SELECT [users].[id], [posts].[id] AS [id_1] FROM [users] JOIN [posts] ON [posts].[user_id] = [users].[id]',
      },
      oracle: {
        sql: 'SELECT "users"."id", "posts"."id" AS "id_1" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
    });
  });
  it('no FROM (FROM DUAL on Oracle)', () => {
    expectCompiled(() => select(literal(1, types.integer()).as('one')), {
      postgresql: { sql: 'SELECT $1 AS "one"', params: [1] },
      mysql: { sql: 'SELECT ? AS `one`', params: [1] },
      mariadb: { sql: 'SELECT ? AS `one`', params: [1] },
      sqlite: { sql: 'SELECT ? AS "one"', params: [1] },
      mssql: { sql: 'SELECT @p1 AS [one]', params: [1] },
      oracle: { sql: 'SELECT :1 AS "one" FROM DUAL', params: [1] },
    });
  });
  it('explicit from()', () => {
    expectCompiled(() => select(func.count().as('n')).from(users), {
      postgresql: { sql: 'SELECT count(*) AS "n" FROM "users"' },
      mysql: { sql: 'SELECT count(*) AS `n` FROM `users`' },
      mariadb: { sql: 'SELECT count(*) AS `n` FROM `users`' },
      sqlite: { sql: 'SELECT count(*) AS "n" FROM "users"' },
      mssql: { sql: 'SELECT count(*) AS [n] FROM [users]' },
      oracle: { sql: 'SELECT count(*) AS "n" FROM "users"' },
    });
  });
  it('distinct', () => {
    expectCompiled(() => select(users.c.name).distinct(), {
      postgresql: { sql: 'SELECT DISTINCT "users"."name" FROM "users"' },
      mysql: { sql: 'SELECT DISTINCT `users`.`name` FROM `users`' },
      mariadb: { sql: 'SELECT DISTINCT `users`.`name` FROM `users`' },
      sqlite: { sql: 'SELECT DISTINCT "users"."name" FROM "users"' },
      mssql: { sql: 'SELECT DISTINCT [users].[name] FROM [users]' },
      oracle: { sql: 'SELECT DISTINCT "users"."name" FROM "users"' },
    });
  });
});

describe('select: WHERE', () => {
  it('eq binds the value', () => {
    expectCompiled(() => select(users.c.id).where(users.c.name.eq('sandy')), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1', params: ['sandy'] },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`name` = ?', params: ['sandy'] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`name` = ?', params: ['sandy'] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = ?', params: ['sandy'] },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WHERE [users].[name] = @p1', params: ['sandy'] },
      oracle: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = :1', params: ['sandy'] },
    });
  });
  it('where() calls are ANDed', () => {
    expectCompiled(() => select(users.c.id).where(users.c.age.gt(18)).where(users.c.age.lt(65)), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" > $1 AND "users"."age" < $2',
        params: [18, 65],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? AND `users`.`age` < ?',
        params: [18, 65],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? AND `users`.`age` < ?',
        params: [18, 65],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" > ? AND "users"."age" < ?',
        params: [18, 65],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] > @p1 AND [users].[age] < @p2',
        params: [18, 65],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" > :1 AND "users"."age" < :2',
        params: [18, 65],
      },
    });
  });
  it('and / or / not nest with parentheses', () => {
    expectCompiled(
      () =>
        select(users.c.id).where(
          and(
            or(users.c.id.eq(1), and(users.c.id.eq(2), users.c.age.eq(3))),
            not(or(users.c.id.eq(4), users.c.id.eq(5))),
          ),
        ),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."id" = $1 OR ("users"."id" = $2 AND "users"."age" = $3)) AND NOT ("users"."id" = $4 OR "users"."id" = $5)',
          params: [1, 2, 3, 4, 5],
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`id` = ? OR (`users`.`id` = ? AND `users`.`age` = ?)) AND NOT (`users`.`id` = ? OR `users`.`id` = ?)',
          params: [1, 2, 3, 4, 5],
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`id` = ? OR (`users`.`id` = ? AND `users`.`age` = ?)) AND NOT (`users`.`id` = ? OR `users`.`id` = ?)',
          params: [1, 2, 3, 4, 5],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."id" = ? OR ("users"."id" = ? AND "users"."age" = ?)) AND NOT ("users"."id" = ? OR "users"."id" = ?)',
          params: [1, 2, 3, 4, 5],
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE ([users].[id] = @p1 OR ([users].[id] = @p2 AND [users].[age] = @p3)) AND NOT ([users].[id] = @p4 OR [users].[id] = @p5)',
          params: [1, 2, 3, 4, 5],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."id" = :1 OR ("users"."id" = :2 AND "users"."age" = :3)) AND NOT ("users"."id" = :4 OR "users"."id" = :5)',
          params: [1, 2, 3, 4, 5],
        },
      },
    );
  });
  it('not of not', () => {
    expectCompiled(() => select(users.c.id).where(not(not(users.c.id.eq(1)))), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE NOT (NOT ("users"."id" = $1))',
        params: [1],
      },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE NOT (NOT (`users`.`id` = ?))', params: [1] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE NOT (NOT (`users`.`id` = ?))', params: [1] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE NOT (NOT ("users"."id" = ?))', params: [1] },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WHERE NOT (NOT ([users].[id] = @p1))', params: [1] },
      oracle: { sql: 'SELECT "users"."id" FROM "users" WHERE NOT (NOT ("users"."id" = :1))', params: [1] },
    });
  });
  it('every comparison', () => {
    expectCompiled(
      () =>
        select(users.c.id).where(
          users.c.age.eq(1),
          users.c.age.ne(2),
          users.c.age.lt(3),
          users.c.age.le(4),
          users.c.age.gt(5),
          users.c.age.ge(6),
        ),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" = $1 AND "users"."age" <> $2 AND "users"."age" < $3 AND "users"."age" <= $4 AND "users"."age" > $5 AND "users"."age" >= $6',
          params: [1, 2, 3, 4, 5, 6],
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` = ? AND `users`.`age` <> ? AND `users`.`age` < ? AND `users`.`age` <= ? AND `users`.`age` > ? AND `users`.`age` >= ?',
          params: [1, 2, 3, 4, 5, 6],
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` = ? AND `users`.`age` <> ? AND `users`.`age` < ? AND `users`.`age` <= ? AND `users`.`age` > ? AND `users`.`age` >= ?',
          params: [1, 2, 3, 4, 5, 6],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" = ? AND "users"."age" <> ? AND "users"."age" < ? AND "users"."age" <= ? AND "users"."age" > ? AND "users"."age" >= ?',
          params: [1, 2, 3, 4, 5, 6],
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] = @p1 AND [users].[age] <> @p2 AND [users].[age] < @p3 AND [users].[age] <= @p4 AND [users].[age] > @p5 AND [users].[age] >= @p6',
          params: [1, 2, 3, 4, 5, 6],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" = :1 AND "users"."age" <> :2 AND "users"."age" < :3 AND "users"."age" <= :4 AND "users"."age" > :5 AND "users"."age" >= :6',
          params: [1, 2, 3, 4, 5, 6],
        },
      },
    );
  });
  it('column compared with column', () => {
    expectCompiled(() => select(posts.c.id).where(posts.c.score.gt(posts.c.userId)), {
      postgresql: { sql: 'SELECT "posts"."id" FROM "posts" WHERE "posts"."score" > "posts"."user_id"' },
      mysql: { sql: 'SELECT `posts`.`id` FROM `posts` WHERE `posts`.`score` > `posts`.`user_id`' },
      mariadb: { sql: 'SELECT `posts`.`id` FROM `posts` WHERE `posts`.`score` > `posts`.`user_id`' },
      sqlite: { sql: 'SELECT "posts"."id" FROM "posts" WHERE "posts"."score" > "posts"."user_id"' },
      mssql: { sql: 'SELECT [posts].[id] FROM [posts] WHERE [posts].[score] > [posts].[user_id]' },
      oracle: { sql: 'SELECT "posts"."id" FROM "posts" WHERE "posts"."score" > "posts"."user_id"' },
    });
  });
  it('eq(null) / ne(null) are IS NULL / IS NOT NULL', () => {
    expectCompiled(() => select(users.c.id).where(users.c.email.eq(null), users.c.email.ne(null)), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."email" IS NULL AND "users"."email" IS NOT NULL',
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`email` IS NULL AND `users`.`email` IS NOT NULL',
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`email` IS NULL AND `users`.`email` IS NOT NULL',
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."email" IS NULL AND "users"."email" IS NOT NULL',
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[email] IS NULL AND [users].[email] IS NOT NULL',
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."email" IS NULL AND "users"."email" IS NOT NULL',
      },
    });
  });
  it('isNull / isNotNull of an expression', () => {
    expectCompiled(() => select(users.c.id).where(users.c.age.add(1).isNull(), users.c.email.isNotNull()), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."age" + $1) IS NULL AND "users"."email" IS NOT NULL',
        params: [1],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`age` + ?) IS NULL AND `users`.`email` IS NOT NULL',
        params: [1],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`age` + ?) IS NULL AND `users`.`email` IS NOT NULL',
        params: [1],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."age" + ?) IS NULL AND "users"."email" IS NOT NULL',
        params: [1],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE ([users].[age] + @p1) IS NULL AND [users].[email] IS NOT NULL',
        params: [1],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."age" + :1) IS NULL AND "users"."email" IS NOT NULL',
        params: [1],
      },
    });
  });
  it('in / notIn', () => {
    expectCompiled(() => select(users.c.id).where(users.c.id.in([1, 2, 3]), users.c.age.notIn([4])), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN ($1, $2, $3) AND "users"."age" NOT IN ($4)',
        params: [1, 2, 3, 4],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (?, ?, ?) AND `users`.`age` NOT IN (?)',
        params: [1, 2, 3, 4],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (?, ?, ?) AND `users`.`age` NOT IN (?)',
        params: [1, 2, 3, 4],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (?, ?, ?) AND "users"."age" NOT IN (?)',
        params: [1, 2, 3, 4],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[id] IN (@p1, @p2, @p3) AND [users].[age] NOT IN (@p4)',
        params: [1, 2, 3, 4],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (:1, :2, :3) AND "users"."age" NOT IN (:4)',
        params: [1, 2, 3, 4],
      },
    });
  });
  it('in([]) is false and notIn([]) is true, never IN ()', () => {
    expectCompiled(() => select(users.c.id).where(users.c.id.in([]), users.c.age.notIn([])), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" WHERE FALSE AND TRUE' },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE FALSE AND TRUE' },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE FALSE AND TRUE' },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE FALSE AND TRUE' },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WHERE 1 = 0 AND 1 = 1' },
      oracle: { sql: 'SELECT "users"."id" FROM "users" WHERE 1 = 0 AND 1 = 1' },
    });
  });
  it('not(in([]))', () => {
    expectCompiled(() => select(users.c.id).where(not(users.c.id.in([]))), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" WHERE NOT (FALSE)' },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE NOT (FALSE)' },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE NOT (FALSE)' },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE NOT (FALSE)' },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WHERE NOT (1 = 0)' },
      oracle: { sql: 'SELECT "users"."id" FROM "users" WHERE NOT (1 = 0)' },
    });
  });
  it('in(subquery)', () => {
    expectCompiled(() => select(users.c.id).where(users.c.id.in(select(posts.c.userId))), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" AS "userId" FROM "posts")',
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (SELECT `posts`.`user_id` AS `userId` FROM `posts`)',
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (SELECT `posts`.`user_id` AS `userId` FROM `posts`)',
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" AS "userId" FROM "posts")',
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[id] IN (SELECT [posts].[user_id] AS [userId] FROM [posts])',
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" AS "userId" FROM "posts")',
      },
    });
  });
  it('notIn(subquery)', () => {
    expectCompiled(
      () => select(users.c.id).where(users.c.id.notIn(select(posts.c.userId).where(posts.c.score.lt(0)))),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" NOT IN (SELECT "posts"."user_id" AS "userId" FROM "posts" WHERE "posts"."score" < $1)',
          params: [0],
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` NOT IN (SELECT `posts`.`user_id` AS `userId` FROM `posts` WHERE `posts`.`score` < ?)',
          params: [0],
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` NOT IN (SELECT `posts`.`user_id` AS `userId` FROM `posts` WHERE `posts`.`score` < ?)',
          params: [0],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" NOT IN (SELECT "posts"."user_id" AS "userId" FROM "posts" WHERE "posts"."score" < ?)',
          params: [0],
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE [users].[id] NOT IN (SELECT [posts].[user_id] AS [userId] FROM [posts] WHERE [posts].[score] < @p1)',
          params: [0],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" NOT IN (SELECT "posts"."user_id" AS "userId" FROM "posts" WHERE "posts"."score" < :1)',
          params: [0],
        },
      },
    );
  });
  it('in over an arithmetic expression', () => {
    expectCompiled(() => select(users.c.id).where(users.c.age.add(1).in([2, 3])), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."age" + $1) IN ($2, $3)',
        params: [1, 2, 3],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`age` + ?) IN (?, ?)',
        params: [1, 2, 3],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`age` + ?) IN (?, ?)',
        params: [1, 2, 3],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."age" + ?) IN (?, ?)',
        params: [1, 2, 3],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE ([users].[age] + @p1) IN (@p2, @p3)',
        params: [1, 2, 3],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."age" + :1) IN (:2, :3)',
        params: [1, 2, 3],
      },
    });
  });
  it('tuple in', () => {
    expectCompiled(
      () =>
        select(users.c.id).where(tuple(users.c.id, users.c.age).in([tuple(literal(1), literal(2))] as never)),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."id", "users"."age") IN (($1, $2))',
          params: [1, 2],
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`id`, `users`.`age`) IN ((?, ?))',
          params: [1, 2],
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE (`users`.`id`, `users`.`age`) IN ((?, ?))',
          params: [1, 2],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."id", "users"."age") IN ((?, ?))',
          params: [1, 2],
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE ([users].[id], [users].[age]) IN ((@p1, @p2))',
          params: [1, 2],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."id", "users"."age") IN ((:1, :2))',
          params: [1, 2],
        },
      },
    );
  });
  it('between / notBetween', () => {
    expectCompiled(
      () => select(users.c.id).where(users.c.age.between(18, 65), users.c.age.notBetween(users.c.id, 3)),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" BETWEEN $1 AND $2 AND "users"."age" NOT BETWEEN "users"."id" AND $3',
          params: [18, 65, 3],
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` BETWEEN ? AND ? AND `users`.`age` NOT BETWEEN `users`.`id` AND ?',
          params: [18, 65, 3],
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` BETWEEN ? AND ? AND `users`.`age` NOT BETWEEN `users`.`id` AND ?',
          params: [18, 65, 3],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" BETWEEN ? AND ? AND "users"."age" NOT BETWEEN "users"."id" AND ?',
          params: [18, 65, 3],
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] BETWEEN @p1 AND @p2 AND [users].[age] NOT BETWEEN [users].[id] AND @p3',
          params: [18, 65, 3],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" BETWEEN :1 AND :2 AND "users"."age" NOT BETWEEN "users"."id" AND :3',
          params: [18, 65, 3],
        },
      },
    );
  });
  it('like / notLike with an escape character', () => {
    expectCompiled(
      () => select(users.c.id).where(users.c.name.like('50!%%', '!'), users.c.name.notLike('a%')),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE $1 ESCAPE \'!\' AND "users"."name" NOT LIKE $2',
          params: ['50!%%', 'a%'],
        },
        mysql: {
          sql: "SELECT `users`.`id` FROM `users` WHERE `users`.`name` LIKE ? ESCAPE '!' AND `users`.`name` NOT LIKE ?",
          params: ['50!%%', 'a%'],
        },
        mariadb: {
          sql: "SELECT `users`.`id` FROM `users` WHERE `users`.`name` LIKE ? ESCAPE '!' AND `users`.`name` NOT LIKE ?",
          params: ['50!%%', 'a%'],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE ? ESCAPE \'!\' AND "users"."name" NOT LIKE ?',
          params: ['50!%%', 'a%'],
        },
        mssql: {
          sql: "SELECT [users].[id] FROM [users] WHERE [users].[name] LIKE @p1 ESCAPE N'!' AND [users].[name] NOT LIKE @p2",
          params: ['50!%%', 'a%'],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE :1 ESCAPE \'!\' AND "users"."name" NOT LIKE :2',
          params: ['50!%%', 'a%'],
        },
      },
    );
  });
  it('ilike is native on PostgreSQL, LOWER() LIKE LOWER() elsewhere', () => {
    expectCompiled(
      () => select(users.c.id).where(users.c.name.ilike('s%'), users.c.email.notIlike('%x\\_%', '\\')),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" ILIKE $1 AND "users"."email" NOT ILIKE $2 ESCAPE \'\\\'',
          params: ['s%', '%x\\_%'],
        },
        mysql: {
          sql: "SELECT `users`.`id` FROM `users` WHERE LOWER(`users`.`name`) LIKE LOWER(?) AND LOWER(`users`.`email`) NOT LIKE LOWER(?) ESCAPE '\\\\'",
          params: ['s%', '%x\\_%'],
        },
        mariadb: {
          sql: "SELECT `users`.`id` FROM `users` WHERE LOWER(`users`.`name`) LIKE LOWER(?) AND LOWER(`users`.`email`) NOT LIKE LOWER(?) ESCAPE '\\\\'",
          params: ['s%', '%x\\_%'],
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE LOWER("users"."name") LIKE LOWER(?) AND LOWER("users"."email") NOT LIKE LOWER(?) ESCAPE \'\\\'',
          params: ['s%', '%x\\_%'],
        },
        mssql: {
          sql: "SELECT [users].[id] FROM [users] WHERE LOWER([users].[name]) LIKE LOWER(@p1) AND LOWER([users].[email]) NOT LIKE LOWER(@p2) ESCAPE N'\\'",
          params: ['s%', '%x\\_%'],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE LOWER("users"."name") LIKE LOWER(:1) AND LOWER("users"."email") NOT LIKE LOWER(:2) ESCAPE \'\\\'',
          params: ['s%', '%x\\_%'],
        },
      },
    );
  });
  it('a boolean column as a condition (= 1 without boolean expressions)', () => {
    expectCompiled(() => select(users.c.id).where(users.c.active, not(users.c.active)), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."active" AND NOT "users"."active"' },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`active` AND NOT `users`.`active`' },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`active` AND NOT `users`.`active`' },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."active" AND NOT "users"."active"' },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[active] = 1 AND NOT ([users].[active] = 1)',
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."active" = 1 AND NOT ("users"."active" = 1)',
      },
    });
  });
  it('a boolean column inside and()', () => {
    expectCompiled(() => select(users.c.id).where(or(users.c.active, users.c.age.gt(3))), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."active" OR "users"."age" > $1',
        params: [3],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`active` OR `users`.`age` > ?',
        params: [3],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`active` OR `users`.`age` > ?',
        params: [3],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."active" OR "users"."age" > ?',
        params: [3],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[active] = 1 OR [users].[age] > @p1',
        params: [3],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."active" = 1 OR "users"."age" > :1',
        params: [3],
      },
    });
  });
});

describe('select: expressions', () => {
  it('arithmetic keeps precedence with parentheses', () => {
    expectCompiled(
      () =>
        select(
          users.c.age.add(1).mul(2).as('a'),
          users.c.age.sub(users.c.id).div(3).mod(2).as('b'),
          users.c.age.neg().as('c'),
          users.c.age.sub(users.c.age.neg()).as('d'),
        ),
      {
        postgresql: {
          sql: 'SELECT ("users"."age" + $1) * $2 AS "a", (("users"."age" - "users"."id") / $3) % $4 AS "b", -"users"."age" AS "c", "users"."age" - (-"users"."age") AS "d" FROM "users"',
          params: [1, 2, 3, 2],
        },
        mysql: {
          sql: 'SELECT (`users`.`age` + ?) * ? AS `a`, ((`users`.`age` - `users`.`id`) / ?) % ? AS `b`, -`users`.`age` AS `c`, `users`.`age` - (-`users`.`age`) AS `d` FROM `users`',
          params: [1, 2, 3, 2],
        },
        mariadb: {
          sql: 'SELECT (`users`.`age` + ?) * ? AS `a`, ((`users`.`age` - `users`.`id`) / ?) % ? AS `b`, -`users`.`age` AS `c`, `users`.`age` - (-`users`.`age`) AS `d` FROM `users`',
          params: [1, 2, 3, 2],
        },
        sqlite: {
          sql: 'SELECT ("users"."age" + ?) * ? AS "a", (("users"."age" - "users"."id") / ?) % ? AS "b", -"users"."age" AS "c", "users"."age" - (-"users"."age") AS "d" FROM "users"',
          params: [1, 2, 3, 2],
        },
        mssql: {
          sql: 'SELECT ([users].[age] + @p1) * @p2 AS [a], (([users].[age] - [users].[id]) / @p3) % @p4 AS [b], -[users].[age] AS [c], [users].[age] - (-[users].[age]) AS [d] FROM [users]',
          params: [1, 2, 3, 2],
        },
        oracle: {
          sql: 'SELECT ("users"."age" + :1) * :2 AS "a", MOD(("users"."age" - "users"."id") / :3, :4) AS "b", -"users"."age" AS "c", "users"."age" - (-"users"."age") AS "d" FROM "users"',
          params: [1, 2, 3, 2],
        },
      },
    );
  });
  it('concat: ||, CONCAT() on MySQL, + on SQL Server', () => {
    expectCompiled(() => select(users.c.name.concat(' <').concat(users.c.email).as('label')), {
      postgresql: {
        sql: 'SELECT ("users"."name" || $1) || "users"."email" AS "label" FROM "users"',
        params: [' <'],
      },
      mysql: {
        sql: 'SELECT CONCAT(CONCAT(`users`.`name`, ?), `users`.`email`) AS `label` FROM `users`',
        params: [' <'],
      },
      mariadb: {
        sql: 'SELECT CONCAT(CONCAT(`users`.`name`, ?), `users`.`email`) AS `label` FROM `users`',
        params: [' <'],
      },
      sqlite: {
        sql: 'SELECT ("users"."name" || ?) || "users"."email" AS "label" FROM "users"',
        params: [' <'],
      },
      mssql: {
        sql: 'SELECT ([users].[name] + @p1) + [users].[email] AS [label] FROM [users]',
        params: [' <'],
      },
      oracle: {
        sql: 'SELECT ("users"."name" || :1) || "users"."email" AS "label" FROM "users"',
        params: [' <'],
      },
    });
  });
  it('a comparison as a value (CASE on SQL Server and Oracle)', () => {
    expectCompiled(() => select(users.c.age.gt(17).as('adult')), {
      postgresql: { sql: 'SELECT "users"."age" > $1 AS "adult" FROM "users"', params: [17] },
      mysql: { sql: 'SELECT `users`.`age` > ? AS `adult` FROM `users`', params: [17] },
      mariadb: { sql: 'SELECT `users`.`age` > ? AS `adult` FROM `users`', params: [17] },
      sqlite: { sql: 'SELECT "users"."age" > ? AS "adult" FROM "users"', params: [17] },
      mssql: {
        sql: 'SELECT CAST(CASE WHEN [users].[age] > @p1 THEN 1 ELSE 0 END AS BIT) AS [adult] FROM [users]',
        params: [17],
      },
      oracle: {
        sql: 'SELECT CASE WHEN "users"."age" > :1 THEN 1 ELSE 0 END AS "adult" FROM "users"',
        params: [17],
      },
    });
  });
});

describe('select: subqueries', () => {
  it('exists correlates to the enclosing FROM', () => {
    expectCompiled(
      () => select(users.c.id).where(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id)))),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE EXISTS (SELECT [posts].[id] FROM [posts] WHERE [posts].[user_id] = [users].[id])',
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
      },
    );
  });
  it('not exists', () => {
    expectCompiled(
      () => select(users.c.id).where(not(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id))))),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE NOT EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE NOT EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE NOT EXISTS (SELECT [posts].[id] FROM [posts] WHERE [posts].[user_id] = [users].[id])',
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
      },
    );
  });
  it('scalar subquery in the select list is auto-correlated', () => {
    expectCompiled(
      () =>
        select(
          users.c.name,
          select(func.count()).from(posts).where(posts.c.userId.eq(users.c.id)).scalarSubquery().as('posts'),
        ),
      {
        postgresql: {
          sql: 'SELECT "users"."name", (SELECT count(*) AS "count_1" FROM "posts" WHERE "posts"."user_id" = "users"."id") AS "posts" FROM "users"',
        },
        mysql: {
          sql: 'SELECT `users`.`name`, (SELECT count(*) AS `count_1` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`) AS `posts` FROM `users`',
        },
        mariadb: {
          sql: 'SELECT `users`.`name`, (SELECT count(*) AS `count_1` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`) AS `posts` FROM `users`',
        },
        sqlite: {
          sql: 'SELECT "users"."name", (SELECT count(*) AS "count_1" FROM "posts" WHERE "posts"."user_id" = "users"."id") AS "posts" FROM "users"',
        },
        mssql: {
          sql: 'SELECT [users].[name], (SELECT count(*) AS [count_1] FROM [posts] WHERE [posts].[user_id] = [users].[id]) AS [posts] FROM [users]',
        },
        oracle: {
          sql: 'SELECT "users"."name", (SELECT count(*) AS "count_1" FROM "posts" WHERE "posts"."user_id" = "users"."id") AS "posts" FROM "users"',
        },
      },
    );
  });
  it('scalar subquery in WHERE', () => {
    expectCompiled(
      () => select(users.c.id).where(users.c.age.gt(select(func.avg(users.c.age)).scalarSubquery<number>())),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" > (SELECT avg("users"."age") AS "avg_1" FROM "users")',
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` > (SELECT avg(`users`.`age`) AS `avg_1` FROM `users`)',
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` > (SELECT avg(`users`.`age`) AS `avg_1` FROM `users`)',
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" > (SELECT avg("users"."age") AS "avg_1" FROM "users")',
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] > (SELECT avg([users].[age]) AS [avg_1] FROM [users])',
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" > (SELECT avg("users"."age") AS "avg_1" FROM "users")',
        },
      },
    );
  });
  it('derived table with subquery().c', () => {
    expectCompiled(
      () => {
        const counts = select(posts.c.userId, func.count().as('n')).groupBy(posts.c.userId).subquery('pc');
        return select(users.c.name, counts.c.n)
          .join(counts, counts.c.userId.eq(users.c.id))
          .where(counts.c.n.gt(2));
      },
      {
        postgresql: {
          sql: 'SELECT "users"."name", "pc"."n" FROM "users" JOIN (SELECT "posts"."user_id" AS "userId", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id") AS "pc" ON "pc"."userId" = "users"."id" WHERE "pc"."n" > $1',
          params: [2],
        },
        mysql: {
          sql: 'SELECT `users`.`name`, `pc`.`n` FROM `users` JOIN (SELECT `posts`.`user_id` AS `userId`, count(*) AS `n` FROM `posts` GROUP BY `posts`.`user_id`) AS `pc` ON `pc`.`userId` = `users`.`id` WHERE `pc`.`n` > ?',
          params: [2],
        },
        mariadb: {
          sql: 'SELECT `users`.`name`, `pc`.`n` FROM `users` JOIN (SELECT `posts`.`user_id` AS `userId`, count(*) AS `n` FROM `posts` GROUP BY `posts`.`user_id`) AS `pc` ON `pc`.`userId` = `users`.`id` WHERE `pc`.`n` > ?',
          params: [2],
        },
        sqlite: {
          sql: 'SELECT "users"."name", "pc"."n" FROM "users" JOIN (SELECT "posts"."user_id" AS "userId", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id") AS "pc" ON "pc"."userId" = "users"."id" WHERE "pc"."n" > ?',
          params: [2],
        },
        mssql: {
          sql: 'SELECT [users].[name], [pc].[n] FROM [users] JOIN (SELECT [posts].[user_id] AS [userId], count(*) AS [n] FROM [posts] GROUP BY [posts].[user_id]) AS [pc] ON [pc].[userId] = [users].[id] WHERE [pc].[n] > @p1',
          params: [2],
        },
        oracle: {
          sql: 'SELECT "users"."name", "pc"."n" FROM "users" JOIN (SELECT "posts"."user_id" AS "userId", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id") "pc" ON "pc"."userId" = "users"."id" WHERE "pc"."n" > :1',
          params: [2],
        },
      },
    );
  });
  it('select from a derived table only', () => {
    expectCompiled(
      () => {
        const sq = select(users.c.id, users.c.age).where(users.c.active.eq(true)).subquery('a');
        return select(sq.c.id).where(sq.c.age.ge(21));
      },
      {
        postgresql: {
          sql: 'SELECT "a"."id" FROM (SELECT "users"."id", "users"."age" FROM "users" WHERE "users"."active" = $1) AS "a" WHERE "a"."age" >= $2',
          params: [true, 21],
        },
        mysql: {
          sql: 'SELECT `a`.`id` FROM (SELECT `users`.`id`, `users`.`age` FROM `users` WHERE `users`.`active` = ?) AS `a` WHERE `a`.`age` >= ?',
          params: [true, 21],
        },
        mariadb: {
          sql: 'SELECT `a`.`id` FROM (SELECT `users`.`id`, `users`.`age` FROM `users` WHERE `users`.`active` = ?) AS `a` WHERE `a`.`age` >= ?',
          params: [true, 21],
        },
        sqlite: {
          sql: 'SELECT "a"."id" FROM (SELECT "users"."id", "users"."age" FROM "users" WHERE "users"."active" = ?) AS "a" WHERE "a"."age" >= ?',
          params: [1, 21],
        },
        mssql: {
          sql: 'SELECT [a].[id] FROM (SELECT [users].[id], [users].[age] FROM [users] WHERE [users].[active] = @p1) AS [a] WHERE [a].[age] >= @p2',
          params: [true, 21],
        },
        oracle: {
          sql: 'SELECT "a"."id" FROM (SELECT "users"."id", "users"."age" FROM "users" WHERE "users"."active" = :1) "a" WHERE "a"."age" >= :2',
          params: [1, 21],
        },
      },
    );
  });
});

describe('select: joins', () => {
  it('join with ON inferred from the foreign key', () => {
    expectCompiled(() => select(users.c.name, posts.c.title).join(posts), {
      postgresql: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mysql: {
        sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      mariadb: {
        sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      sqlite: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mssql: {
        sql: 'SELECT [users].[name], [posts].[title] FROM [users] JOIN [posts] ON [posts].[user_id] = [users].[id]',
      },
      oracle: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
    });
  });
  it('join with an explicit ON', () => {
    expectCompiled(
      () => select(users.c.name).join(posts, and(posts.c.userId.eq(users.c.id), posts.c.score.gt(0))),
      {
        postgresql: {
          sql: 'SELECT "users"."name" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" AND "posts"."score" > $1',
          params: [0],
        },
        mysql: {
          sql: 'SELECT `users`.`name` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id` AND `posts`.`score` > ?',
          params: [0],
        },
        mariadb: {
          sql: 'SELECT `users`.`name` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id` AND `posts`.`score` > ?',
          params: [0],
        },
        sqlite: {
          sql: 'SELECT "users"."name" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" AND "posts"."score" > ?',
          params: [0],
        },
        mssql: {
          sql: 'SELECT [users].[name] FROM [users] JOIN [posts] ON [posts].[user_id] = [users].[id] AND [posts].[score] > @p1',
          params: [0],
        },
        oracle: {
          sql: 'SELECT "users"."name" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" AND "posts"."score" > :1',
          params: [0],
        },
      },
    );
  });
  it('leftJoin', () => {
    expectCompiled(() => select(users.c.name, posts.c.title).leftJoin(posts), {
      postgresql: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" LEFT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mysql: {
        sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` LEFT OUTER JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      mariadb: {
        sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` LEFT OUTER JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      sqlite: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" LEFT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mssql: {
        sql: 'SELECT [users].[name], [posts].[title] FROM [users] LEFT OUTER JOIN [posts] ON [posts].[user_id] = [users].[id]',
      },
      oracle: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" LEFT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
    });
  });
  it('rightJoin', () => {
    expectCompiled(() => select(users.c.name, posts.c.title).rightJoin(posts), {
      postgresql: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" RIGHT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mysql: {
        sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` RIGHT OUTER JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      mariadb: {
        sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` RIGHT OUTER JOIN `posts` ON `posts`.`user_id` = `users`.`id`',
      },
      sqlite: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" RIGHT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mssql: {
        sql: 'SELECT [users].[name], [posts].[title] FROM [users] RIGHT OUTER JOIN [posts] ON [posts].[user_id] = [users].[id]',
      },
      oracle: {
        sql: 'SELECT "users"."name", "posts"."title" FROM "users" RIGHT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
    });
  });
  it('fullJoin is a CompileError on MySQL / MariaDB', () => {
    expectCompiled(() => select(users.c.name).fullJoin(posts), {
      postgresql: {
        sql: 'SELECT "users"."name" FROM "users" FULL OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mysql: { error: /FULL OUTER JOIN is not supported by the mysql dialect/ },
      mariadb: { error: /FULL OUTER JOIN is not supported by the mariadb dialect/ },
      sqlite: {
        sql: 'SELECT "users"."name" FROM "users" FULL OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
      mssql: {
        sql: 'SELECT [users].[name] FROM [users] FULL OUTER JOIN [posts] ON [posts].[user_id] = [users].[id]',
      },
      oracle: {
        sql: 'SELECT "users"."name" FROM "users" FULL OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
      },
    });
  });
  it('crossJoin', () => {
    expectCompiled(() => select(users.c.name, posts.c.title).crossJoin(posts), {
      postgresql: { sql: 'SELECT "users"."name", "posts"."title" FROM "users" CROSS JOIN "posts"' },
      mysql: { sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` CROSS JOIN `posts`' },
      mariadb: { sql: 'SELECT `users`.`name`, `posts`.`title` FROM `users` CROSS JOIN `posts`' },
      sqlite: { sql: 'SELECT "users"."name", "posts"."title" FROM "users" CROSS JOIN "posts"' },
      mssql: { sql: 'SELECT [users].[name], [posts].[title] FROM [users] CROSS JOIN [posts]' },
      oracle: { sql: 'SELECT "users"."name", "posts"."title" FROM "users" CROSS JOIN "posts"' },
    });
  });
  it('from() then join()', () => {
    expectCompiled(() => select(posts.c.title).from(users).join(posts).where(users.c.age.gt(30)), {
      postgresql: {
        sql: 'SELECT "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" WHERE "users"."age" > $1',
        params: [30],
      },
      mysql: {
        sql: 'SELECT `posts`.`title` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id` WHERE `users`.`age` > ?',
        params: [30],
      },
      mariadb: {
        sql: 'SELECT `posts`.`title` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id` WHERE `users`.`age` > ?',
        params: [30],
      },
      sqlite: {
        sql: 'SELECT "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" WHERE "users"."age" > ?',
        params: [30],
      },
      mssql: {
        sql: 'SELECT [posts].[title] FROM [users] JOIN [posts] ON [posts].[user_id] = [users].[id] WHERE [users].[age] > @p1',
        params: [30],
      },
      oracle: {
        sql: 'SELECT "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" WHERE "users"."age" > :1',
        params: [30],
      },
    });
  });
  it('self-join through an alias', () => {
    expectCompiled(
      () => {
        const mgr = employees.alias('mgr');
        return select(employees.c.name, mgr.c.name.as('manager')).leftJoin(
          mgr,
          employees.c.managerId.eq(mgr.c.id),
        );
      },
      {
        postgresql: {
          sql: 'SELECT "employees"."name", "mgr"."name" AS "manager" FROM "employees" LEFT OUTER JOIN "employees" AS "mgr" ON "employees"."manager_id" = "mgr"."id"',
        },
        mysql: {
          sql: 'SELECT `employees`.`name`, `mgr`.`name` AS `manager` FROM `employees` LEFT OUTER JOIN `employees` AS `mgr` ON `employees`.`manager_id` = `mgr`.`id`',
        },
        mariadb: {
          sql: 'SELECT `employees`.`name`, `mgr`.`name` AS `manager` FROM `employees` LEFT OUTER JOIN `employees` AS `mgr` ON `employees`.`manager_id` = `mgr`.`id`',
        },
        sqlite: {
          sql: 'SELECT "employees"."name", "mgr"."name" AS "manager" FROM "employees" LEFT OUTER JOIN "employees" AS "mgr" ON "employees"."manager_id" = "mgr"."id"',
        },
        mssql: {
          sql: 'SELECT [employees].[name], [mgr].[name] AS [manager] FROM [employees] LEFT OUTER JOIN [employees] AS [mgr] ON [employees].[manager_id] = [mgr].[id]',
        },
        oracle: {
          sql: 'SELECT "employees"."name", "mgr"."name" AS "manager" FROM "employees" LEFT OUTER JOIN "employees" "mgr" ON "employees"."manager_id" = "mgr"."id"',
        },
      },
    );
  });
  it('two aliases of one table', () => {
    expectCompiled(
      () => {
        const a = users.alias('a');
        const b = users.alias('b');
        return select(a.c.id, b.c.id).from(a).join(b, a.c.age.eq(b.c.age)).where(a.c.id.lt(b.c.id));
      },
      {
        postgresql: {
          sql: 'SELECT "a"."id", "b"."id" AS "id_1" FROM "users" AS "a" JOIN "users" AS "b" ON "a"."age" = "b"."age" WHERE "a"."id" < "b"."id"',
        },
        mysql: {
          sql: 'SELECT `a`.`id`, `b`.`id` AS `id_1` FROM `users` AS `a` JOIN `users` AS `b` ON `a`.`age` = `b`.`age` WHERE `a`.`id` < `b`.`id`',
        },
        mariadb: {
          sql: 'SELECT `a`.`id`, `b`.`id` AS `id_1` FROM `users` AS `a` JOIN `users` AS `b` ON `a`.`age` = `b`.`age` WHERE `a`.`id` < `b`.`id`',
        },
        sqlite: {
          sql: 'SELECT "a"."id", "b"."id" AS "id_1" FROM "users" AS "a" JOIN "users" AS "b" ON "a"."age" = "b"."age" WHERE "a"."id" < "b"."id"',
        },
        mssql: {
          sql: 'SELECT [a].[id], [b].[id] AS [id_1] FROM [users] AS [a] JOIN [users] AS [b] ON [a].[age] = [b].[age] WHERE [a].[id] < [b].[id]',
        },
        oracle: {
          sql: 'SELECT "a"."id", "b"."id" AS "id_1" FROM "users" "a" JOIN "users" "b" ON "a"."age" = "b"."age" WHERE "a"."id" < "b"."id"',
        },
      },
    );
  });
});

describe('select: grouping, ordering, paging', () => {
  it('groupBy / having', () => {
    expectCompiled(
      () => select(posts.c.userId, func.count().as('n')).groupBy(posts.c.userId).having(func.count().gt(2)),
      {
        postgresql: {
          sql: 'SELECT "posts"."user_id" AS "userId", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id" HAVING count(*) > $1',
          params: [2],
        },
        mysql: {
          sql: 'SELECT `posts`.`user_id` AS `userId`, count(*) AS `n` FROM `posts` GROUP BY `posts`.`user_id` HAVING count(*) > ?',
          params: [2],
        },
        mariadb: {
          sql: 'SELECT `posts`.`user_id` AS `userId`, count(*) AS `n` FROM `posts` GROUP BY `posts`.`user_id` HAVING count(*) > ?',
          params: [2],
        },
        sqlite: {
          sql: 'SELECT "posts"."user_id" AS "userId", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id" HAVING count(*) > ?',
          params: [2],
        },
        mssql: {
          sql: 'SELECT [posts].[user_id] AS [userId], count(*) AS [n] FROM [posts] GROUP BY [posts].[user_id] HAVING count(*) > @p1',
          params: [2],
        },
        oracle: {
          sql: 'SELECT "posts"."user_id" AS "userId", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id" HAVING count(*) > :1',
          params: [2],
        },
      },
    );
  });
  it('orderBy asc / desc / nulls first|last (emulated on MySQL and SQL Server)', () => {
    expectCompiled(
      () =>
        select(users.c.id).orderBy(
          users.c.name.asc(),
          users.c.age.desc().nullsLast(),
          users.c.email.asc().nullsFirst(),
          users.c.id,
        ),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" ORDER BY "users"."name" ASC, "users"."age" DESC NULLS LAST, "users"."email" ASC NULLS FIRST, "users"."id"',
        },
        mysql: {
          sql: 'SELECT `users`.`id` FROM `users` ORDER BY `users`.`name` ASC, CASE WHEN `users`.`age` IS NULL THEN 1 ELSE 0 END, `users`.`age` DESC, CASE WHEN `users`.`email` IS NULL THEN 0 ELSE 1 END, `users`.`email` ASC, `users`.`id`',
        },
        mariadb: {
          sql: 'SELECT `users`.`id` FROM `users` ORDER BY `users`.`name` ASC, CASE WHEN `users`.`age` IS NULL THEN 1 ELSE 0 END, `users`.`age` DESC, CASE WHEN `users`.`email` IS NULL THEN 0 ELSE 1 END, `users`.`email` ASC, `users`.`id`',
        },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" ORDER BY "users"."name" ASC, "users"."age" DESC NULLS LAST, "users"."email" ASC NULLS FIRST, "users"."id"',
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] ORDER BY [users].[name] ASC, CASE WHEN [users].[age] IS NULL THEN 1 ELSE 0 END, [users].[age] DESC, CASE WHEN [users].[email] IS NULL THEN 0 ELSE 1 END, [users].[email] ASC, [users].[id]',
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" ORDER BY "users"."name" ASC, "users"."age" DESC NULLS LAST, "users"."email" ASC NULLS FIRST, "users"."id"',
        },
      },
    );
  });
  it('limit: LIMIT, TOP, FETCH FIRST', () => {
    expectCompiled(() => select(users.c.id).limit(10), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" LIMIT $1', params: [10] },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` LIMIT ?', params: [10] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` LIMIT ?', params: [10] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" LIMIT ?', params: [10] },
      mssql: { sql: 'SELECT TOP (@p1) [users].[id] FROM [users]', params: [10] },
      oracle: { sql: 'SELECT "users"."id" FROM "users" FETCH FIRST :1 ROWS ONLY', params: [10] },
    });
  });
  it('limit and offset with ORDER BY', () => {
    expectCompiled(() => select(users.c.id).orderBy(users.c.id).limit(10).offset(20), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT $1 OFFSET $2',
        params: [10, 20],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ? OFFSET ?',
        params: [10, 20],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ? OFFSET ?',
        params: [10, 20],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT ? OFFSET ?',
        params: [10, 20],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] ORDER BY [users].[id] OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY',
        params: [20, 10],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" ORDER BY "users"."id" OFFSET :1 ROWS FETCH FIRST :2 ROWS ONLY',
        params: [20, 10],
      },
    });
  });
  it('limit and offset without ORDER BY', () => {
    expectCompiled(() => select(users.c.id).limit(10).offset(20), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" LIMIT $1 OFFSET $2', params: [10, 20] },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` LIMIT ? OFFSET ?', params: [10, 20] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` LIMIT ? OFFSET ?', params: [10, 20] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" LIMIT ? OFFSET ?', params: [10, 20] },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] ORDER BY (SELECT NULL) OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY',
        params: [20, 10],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" OFFSET :1 ROWS FETCH FIRST :2 ROWS ONLY',
        params: [20, 10],
      },
    });
  });
  it('offset only: LIMIT -1 on SQLite, the largest BIGINT on MySQL', () => {
    expectCompiled(() => select(users.c.id).offset(5), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" OFFSET $1', params: [5] },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` LIMIT 18446744073709551615 OFFSET ?', params: [5] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` LIMIT 18446744073709551615 OFFSET ?', params: [5] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" LIMIT -1 OFFSET ?', params: [5] },
      mssql: { sql: 'SELECT [users].[id] FROM [users] ORDER BY (SELECT NULL) OFFSET @p1 ROWS', params: [5] },
      oracle: { sql: 'SELECT "users"."id" FROM "users" OFFSET :1 ROWS', params: [5] },
    });
  });
  it('distinct with TOP', () => {
    expectCompiled(() => select(users.c.name).distinct().orderBy(users.c.name).limit(3), {
      postgresql: {
        sql: 'SELECT DISTINCT "users"."name" FROM "users" ORDER BY "users"."name" LIMIT $1',
        params: [3],
      },
      mysql: {
        sql: 'SELECT DISTINCT `users`.`name` FROM `users` ORDER BY `users`.`name` LIMIT ?',
        params: [3],
      },
      mariadb: {
        sql: 'SELECT DISTINCT `users`.`name` FROM `users` ORDER BY `users`.`name` LIMIT ?',
        params: [3],
      },
      sqlite: {
        sql: 'SELECT DISTINCT "users"."name" FROM "users" ORDER BY "users"."name" LIMIT ?',
        params: [3],
      },
      mssql: {
        sql: 'SELECT DISTINCT TOP (@p1) [users].[name] FROM [users] ORDER BY [users].[name]',
        params: [3],
      },
      oracle: {
        sql: 'SELECT DISTINCT "users"."name" FROM "users" ORDER BY "users"."name" FETCH FIRST :1 ROWS ONLY',
        params: [3],
      },
    });
  });
  it('limit in a subquery', () => {
    expectCompiled(
      () =>
        select(users.c.id).where(
          users.c.id.in(select(posts.c.userId).orderBy(posts.c.score.desc()).limit(5)),
        ),
      {
        postgresql: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" AS "userId" FROM "posts" ORDER BY "posts"."score" DESC LIMIT $1)',
          params: [5],
        },
        mysql: { error: /LIMIT inside IN \(subquery\) is not supported by the mysql dialect/ },
        mariadb: { error: /LIMIT inside IN \(subquery\) is not supported by the mariadb dialect/ },
        sqlite: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" AS "userId" FROM "posts" ORDER BY "posts"."score" DESC LIMIT ?)',
          params: [5],
        },
        mssql: {
          sql: 'SELECT [users].[id] FROM [users] WHERE [users].[id] IN (SELECT TOP (@p1) [posts].[user_id] AS [userId] FROM [posts] ORDER BY [posts].[score] DESC)',
          params: [5],
        },
        oracle: {
          sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" AS "userId" FROM "posts" ORDER BY "posts"."score" DESC FETCH FIRST :1 ROWS ONLY)',
          params: [5],
        },
      },
    );
  });
});

describe('select: forUpdate', () => {
  it('forUpdate (table hints on SQL Server, nothing on SQLite)', () => {
    expectCompiled(() => select(users.c.id).where(users.c.id.eq(1)).forUpdate(), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 FOR UPDATE', params: [1] },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? FOR UPDATE', params: [1] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? FOR UPDATE', params: [1] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" = ?', params: [1] },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WITH (UPDLOCK, ROWLOCK) WHERE [users].[id] = @p1',
        params: [1],
      },
      oracle: { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."id" = :1 FOR UPDATE', params: [1] },
    });
  });
  it('forUpdate nowait', () => {
    expectCompiled(() => select(users.c.id).forUpdate({ noWait: true }), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" FOR UPDATE NOWAIT' },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` FOR UPDATE NOWAIT' },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` FOR UPDATE NOWAIT' },
      sqlite: { sql: 'SELECT "users"."id" FROM "users"' },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WITH (UPDLOCK, ROWLOCK, NOWAIT)' },
      oracle: { sql: 'SELECT "users"."id" FROM "users" FOR UPDATE NOWAIT' },
    });
  });
  it('forUpdate skip locked', () => {
    expectCompiled(() => select(users.c.id).forUpdate({ skipLocked: true }), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" FOR UPDATE SKIP LOCKED' },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` FOR UPDATE SKIP LOCKED' },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` FOR UPDATE SKIP LOCKED' },
      sqlite: { sql: 'SELECT "users"."id" FROM "users"' },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WITH (UPDLOCK, ROWLOCK, READPAST)' },
      oracle: { sql: 'SELECT "users"."id" FROM "users" FOR UPDATE SKIP LOCKED' },
    });
  });
  it('forUpdate share', () => {
    expectCompiled(() => select(users.c.id).forUpdate({ share: true }), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" FOR SHARE' },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` FOR SHARE' },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` LOCK IN SHARE MODE' },
      sqlite: { sql: 'SELECT "users"."id" FROM "users"' },
      mssql: { sql: 'SELECT [users].[id] FROM [users] WITH (HOLDLOCK, ROWLOCK)' },
      oracle: { error: /FOR SHARE is not supported by the oracle dialect/ },
    });
  });
  it('forUpdate of a table', () => {
    expectCompiled(
      () =>
        select(users.c.id, posts.c.title)
          .join(posts)
          .forUpdate({ of: [users] }),
      {
        postgresql: {
          sql: 'SELECT "users"."id", "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" FOR UPDATE OF "users"',
        },
        mysql: {
          sql: 'SELECT `users`.`id`, `posts`.`title` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id` FOR UPDATE OF `users`',
        },
        mariadb: { error: /FOR UPDATE OF is not supported by the mariadb dialect/ },
        sqlite: {
          sql: 'SELECT "users"."id", "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
        },
        mssql: { error: /FOR UPDATE OF is not supported by the mssql dialect/ },
        oracle: { error: /FOR UPDATE OF a table is not supported by the oracle dialect/ },
      },
    );
  });
  it('forUpdate with limit (a CompileError on Oracle)', () => {
    expectCompiled(() => select(users.c.id).limit(1).forUpdate(), {
      postgresql: { sql: 'SELECT "users"."id" FROM "users" LIMIT $1 FOR UPDATE', params: [1] },
      mysql: { sql: 'SELECT `users`.`id` FROM `users` LIMIT ? FOR UPDATE', params: [1] },
      mariadb: { sql: 'SELECT `users`.`id` FROM `users` LIMIT ? FOR UPDATE', params: [1] },
      sqlite: { sql: 'SELECT "users"."id" FROM "users" LIMIT ?', params: [1] },
      mssql: { sql: 'SELECT TOP (@p1) [users].[id] FROM [users] WITH (UPDLOCK, ROWLOCK)', params: [1] },
      oracle: { error: /FOR UPDATE together with LIMIT\/OFFSET is not supported by the oracle dialect/ },
    });
  });
});
