import {
  caseWhen,
  cast,
  compile,
  except,
  func,
  intersect,
  select,
  types,
  union,
  unionAll,
} from '../../lib/sql';
import { expectCompiled } from './helpers';
import { employees, posts, users } from './fixtures';

const minors = select(users.c.id).where(users.c.age.lt(18));
const seniors = select(users.c.id).where(users.c.age.gt(65));

describe('common table expressions', () => {
  it('a CTE', () => {
    expectCompiled(
      () => {
        const active = select(users.c.id, users.c.name).where(users.c.active.eq(true)).cte('active_users');
        return select(active.c.name).where(active.c.id.gt(10)).with(active);
      },
      {
        postgresql: {
          sql: 'WITH "active_users" AS (SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."active" = $1) SELECT "active_users"."name" FROM "active_users" WHERE "active_users"."id" > $2',
          params: [true, 10],
        },
        mysql: {
          sql: 'WITH `active_users` AS (SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`active` = ?) SELECT `active_users`.`name` FROM `active_users` WHERE `active_users`.`id` > ?',
          params: [true, 10],
        },
        mariadb: {
          sql: 'WITH `active_users` AS (SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`active` = ?) SELECT `active_users`.`name` FROM `active_users` WHERE `active_users`.`id` > ?',
          params: [true, 10],
        },
        sqlite: {
          sql: 'WITH "active_users" AS (SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."active" = ?) SELECT "active_users"."name" FROM "active_users" WHERE "active_users"."id" > ?',
          params: [1, 10],
        },
        mssql: {
          sql: 'WITH [active_users] AS (SELECT [users].[id], [users].[name] FROM [users] WHERE [users].[active] = @p1) SELECT [active_users].[name] FROM [active_users] WHERE [active_users].[id] > @p2',
          params: [true, 10],
        },
        oracle: {
          sql: 'WITH "active_users" AS (SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."active" = :1) SELECT "active_users"."name" FROM "active_users" WHERE "active_users"."id" > :2',
          params: [1, 10],
        },
      },
    );
  });
  it('a CTE with column names, referred to under an alias', () => {
    expectCompiled(
      () => {
        const totals = select(posts.c.userId, func.sum(posts.c.score).as('total'))
          .groupBy(posts.c.userId)
          .cte('totals', { columns: ['uid', 'total'] });
        // The columns are renamed at run time; their typed keys still follow the query.
        const t = totals.alias('t');
        const [uid, total] = t.columns;
        return select(users.c.name, total!).with(totals).join(t, uid!.eq(users.c.id));
      },
      {
        postgresql: {
          sql: 'WITH "totals" ("uid", "total") AS (SELECT "posts"."user_id" AS "userId", sum("posts"."score") AS "total" FROM "posts" GROUP BY "posts"."user_id") SELECT "users"."name", "t"."total" FROM "users" JOIN "totals" AS "t" ON "t"."uid" = "users"."id"',
        },
        mysql: {
          sql: 'WITH `totals` (`uid`, `total`) AS (SELECT `posts`.`user_id` AS `userId`, sum(`posts`.`score`) AS `total` FROM `posts` GROUP BY `posts`.`user_id`) SELECT `users`.`name`, `t`.`total` FROM `users` JOIN `totals` AS `t` ON `t`.`uid` = `users`.`id`',
        },
        mariadb: {
          sql: 'WITH `totals` (`uid`, `total`) AS (SELECT `posts`.`user_id` AS `userId`, sum(`posts`.`score`) AS `total` FROM `posts` GROUP BY `posts`.`user_id`) SELECT `users`.`name`, `t`.`total` FROM `users` JOIN `totals` AS `t` ON `t`.`uid` = `users`.`id`',
        },
        sqlite: {
          sql: 'WITH "totals" ("uid", "total") AS (SELECT "posts"."user_id" AS "userId", sum("posts"."score") AS "total" FROM "posts" GROUP BY "posts"."user_id") SELECT "users"."name", "t"."total" FROM "users" JOIN "totals" AS "t" ON "t"."uid" = "users"."id"',
        },
        mssql: {
          sql: 'WITH [totals] ([uid], [total]) AS (SELECT [posts].[user_id] AS [userId], sum([posts].[score]) AS [total] FROM [posts] GROUP BY [posts].[user_id]) SELECT [users].[name], [t].[total] FROM [users] JOIN [totals] AS [t] ON [t].[uid] = [users].[id]',
        },
        oracle: {
          sql: 'WITH "totals" ("uid", "total") AS (SELECT "posts"."user_id" AS "userId", sum("posts"."score") AS "total" FROM "posts" GROUP BY "posts"."user_id") SELECT "users"."name", "t"."total" FROM "users" JOIN "totals" "t" ON "t"."uid" = "users"."id"',
        },
      },
    );
  });
  it('a recursive CTE (WITH RECURSIVE, or WITH with a column list)', () => {
    expectCompiled(
      () => {
        const base = select(employees.c.id, employees.c.managerId)
          .where(employees.c.managerId.isNull())
          .cte('chain', { recursive: true });
        const e = employees.alias('e');
        const chain = base.unionAll(select(e.c.id, e.c.managerId).join(base, e.c.managerId.eq(base.c.id)));
        return select(chain.c.id).with(chain);
      },
      {
        postgresql: {
          sql: 'WITH RECURSIVE "chain" ("id", "managerId") AS (SELECT "employees"."id", "employees"."manager_id" AS "managerId" FROM "employees" WHERE "employees"."manager_id" IS NULL UNION ALL SELECT "e"."id", "e"."manager_id" AS "managerId" FROM "employees" AS "e" JOIN "chain" ON "e"."manager_id" = "chain"."id") SELECT "chain"."id" FROM "chain"',
        },
        mysql: {
          sql: 'WITH RECURSIVE `chain` (`id`, `managerId`) AS (SELECT `employees`.`id`, `employees`.`manager_id` AS `managerId` FROM `employees` WHERE `employees`.`manager_id` IS NULL UNION ALL SELECT `e`.`id`, `e`.`manager_id` AS `managerId` FROM `employees` AS `e` JOIN `chain` ON `e`.`manager_id` = `chain`.`id`) SELECT `chain`.`id` FROM `chain`',
        },
        mariadb: {
          sql: 'WITH RECURSIVE `chain` (`id`, `managerId`) AS (SELECT `employees`.`id`, `employees`.`manager_id` AS `managerId` FROM `employees` WHERE `employees`.`manager_id` IS NULL UNION ALL SELECT `e`.`id`, `e`.`manager_id` AS `managerId` FROM `employees` AS `e` JOIN `chain` ON `e`.`manager_id` = `chain`.`id`) SELECT `chain`.`id` FROM `chain`',
        },
        sqlite: {
          sql: 'WITH RECURSIVE "chain" ("id", "managerId") AS (SELECT "employees"."id", "employees"."manager_id" AS "managerId" FROM "employees" WHERE "employees"."manager_id" IS NULL UNION ALL SELECT "e"."id", "e"."manager_id" AS "managerId" FROM "employees" AS "e" JOIN "chain" ON "e"."manager_id" = "chain"."id") SELECT "chain"."id" FROM "chain"',
        },
        mssql: {
          sql: 'WITH [chain] ([id], [managerId]) AS (SELECT [employees].[id], [employees].[manager_id] AS [managerId] FROM [employees] WHERE [employees].[manager_id] IS NULL UNION ALL SELECT [e].[id], [e].[manager_id] AS [managerId] FROM [employees] AS [e] JOIN [chain] ON [e].[manager_id] = [chain].[id]) SELECT [chain].[id] FROM [chain]',
        },
        oracle: {
          sql: 'WITH "chain" ("id", "managerId") AS (SELECT "employees"."id", "employees"."manager_id" AS "managerId" FROM "employees" WHERE "employees"."manager_id" IS NULL UNION ALL SELECT "e"."id", "e"."manager_id" AS "managerId" FROM "employees" "e" JOIN "chain" ON "e"."manager_id" = "chain"."id") SELECT "chain"."id" FROM "chain"',
        },
      },
    );
  });
});

describe('set operations', () => {
  it('union', () => {
    expectCompiled(() => minors.union(seniors), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > $2',
        params: [18, 65],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 65],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 65],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < ? UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > ?',
        params: [18, 65],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 UNION SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2',
        params: [18, 65],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > :2',
        params: [18, 65],
      },
    });
  });
  it('unionAll with ORDER BY and LIMIT', () => {
    expectCompiled(() => minors.unionAll(seniors).orderBy(users.c.id).limit(5), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."age" > $2 ORDER BY "users"."id" LIMIT $3',
        params: [18, 65, 5],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION ALL SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? ORDER BY `users`.`id` LIMIT ?',
        params: [18, 65, 5],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION ALL SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? ORDER BY `users`.`id` LIMIT ?',
        params: [18, 65, 5],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < ? UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."age" > ? ORDER BY "users"."id" LIMIT ?',
        params: [18, 65, 5],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 UNION ALL SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2 ORDER BY [users].[id] OFFSET 0 ROWS FETCH NEXT @p3 ROWS ONLY',
        params: [18, 65, 5],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."age" > :2 ORDER BY "users"."id" FETCH FIRST :3 ROWS ONLY',
        params: [18, 65, 5],
      },
    });
  });
  it('unionAll with LIMIT and no ORDER BY', () => {
    expectCompiled(() => unionAll(minors, seniors).limit(5), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."age" > $2 LIMIT $3',
        params: [18, 65, 5],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION ALL SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? LIMIT ?',
        params: [18, 65, 5],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION ALL SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? LIMIT ?',
        params: [18, 65, 5],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < ? UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."age" > ? LIMIT ?',
        params: [18, 65, 5],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 UNION ALL SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2 ORDER BY 1 OFFSET 0 ROWS FETCH NEXT @p3 ROWS ONLY',
        params: [18, 65, 5],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."age" > :2 FETCH FIRST :3 ROWS ONLY',
        params: [18, 65, 5],
      },
    });
  });
  it('intersect', () => {
    expectCompiled(() => intersect(minors, seniors), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 INTERSECT SELECT "users"."id" FROM "users" WHERE "users"."age" > $2',
        params: [18, 65],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? INTERSECT SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 65],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? INTERSECT SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 65],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < ? INTERSECT SELECT "users"."id" FROM "users" WHERE "users"."age" > ?',
        params: [18, 65],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 INTERSECT SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2',
        params: [18, 65],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 INTERSECT SELECT "users"."id" FROM "users" WHERE "users"."age" > :2',
        params: [18, 65],
      },
    });
  });
  it('except (MINUS on Oracle)', () => {
    expectCompiled(() => except(minors, seniors), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 EXCEPT SELECT "users"."id" FROM "users" WHERE "users"."age" > $2',
        params: [18, 65],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? EXCEPT SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 65],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? EXCEPT SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 65],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < ? EXCEPT SELECT "users"."id" FROM "users" WHERE "users"."age" > ?',
        params: [18, 65],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 EXCEPT SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2',
        params: [18, 65],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 MINUS SELECT "users"."id" FROM "users" WHERE "users"."age" > :2',
        params: [18, 65],
      },
    });
  });
  it('a member with its own LIMIT is parenthesized (wrapped on SQLite)', () => {
    expectCompiled(() => union(minors.orderBy(users.c.id).limit(2), seniors), {
      postgresql: {
        sql: '(SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 ORDER BY "users"."id" LIMIT $2) UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > $3',
        params: [18, 2, 65],
      },
      mysql: {
        sql: '(SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? ORDER BY `users`.`id` LIMIT ?) UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 2, 65],
      },
      mariadb: {
        sql: '(SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? ORDER BY `users`.`id` LIMIT ?) UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?',
        params: [18, 2, 65],
      },
      sqlite: {
        sql: 'SELECT * FROM (SELECT "users"."id" FROM "users" WHERE "users"."age" < ? ORDER BY "users"."id" LIMIT ?) UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > ?',
        params: [18, 2, 65],
      },
      mssql: {
        sql: '(SELECT TOP (@p1) [users].[id] FROM [users] WHERE [users].[age] < @p2 ORDER BY [users].[id]) UNION SELECT [users].[id] FROM [users] WHERE [users].[age] > @p3',
        params: [2, 18, 65],
      },
      oracle: {
        sql: '(SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 ORDER BY "users"."id" FETCH FIRST :2 ROWS ONLY) UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > :3',
        params: [18, 2, 65],
      },
    });
  });
  it('three members', () => {
    expectCompiled(() => union(minors, seniors, select(users.c.id).where(users.c.id.eq(1))), {
      postgresql: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > $2 UNION SELECT "users"."id" FROM "users" WHERE "users"."id" = $3',
        params: [18, 65, 1],
      },
      mysql: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?',
        params: [18, 65, 1],
      },
      mariadb: {
        sql: 'SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?',
        params: [18, 65, 1],
      },
      sqlite: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < ? UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > ? UNION SELECT "users"."id" FROM "users" WHERE "users"."id" = ?',
        params: [18, 65, 1],
      },
      mssql: {
        sql: 'SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 UNION SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2 UNION SELECT [users].[id] FROM [users] WHERE [users].[id] = @p3',
        params: [18, 65, 1],
      },
      oracle: {
        sql: 'SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > :2 UNION SELECT "users"."id" FROM "users" WHERE "users"."id" = :3',
        params: [18, 65, 1],
      },
    });
  });
  it('a union as a derived table', () => {
    expectCompiled(
      () => {
        const u = union(minors, seniors).subquery('u');
        return select(func.count().as('n')).from(u);
      },
      {
        postgresql: {
          sql: 'SELECT count(*) AS "n" FROM (SELECT "users"."id" FROM "users" WHERE "users"."age" < $1 UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > $2) AS "u"',
          params: [18, 65],
        },
        mysql: {
          sql: 'SELECT count(*) AS `n` FROM (SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?) AS `u`',
          params: [18, 65],
        },
        mariadb: {
          sql: 'SELECT count(*) AS `n` FROM (SELECT `users`.`id` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`age` > ?) AS `u`',
          params: [18, 65],
        },
        sqlite: {
          sql: 'SELECT count(*) AS "n" FROM (SELECT "users"."id" FROM "users" WHERE "users"."age" < ? UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > ?) AS "u"',
          params: [18, 65],
        },
        mssql: {
          sql: 'SELECT count(*) AS [n] FROM (SELECT [users].[id] FROM [users] WHERE [users].[age] < @p1 UNION SELECT [users].[id] FROM [users] WHERE [users].[age] > @p2) AS [u]',
          params: [18, 65],
        },
        oracle: {
          sql: 'SELECT count(*) AS "n" FROM (SELECT "users"."id" FROM "users" WHERE "users"."age" < :1 UNION SELECT "users"."id" FROM "users" WHERE "users"."age" > :2) "u"',
          params: [18, 65],
        },
      },
    );
  });
});

describe('window functions, CASE, CAST, func', () => {
  it('over partitionBy / orderBy / frame', () => {
    expectCompiled(
      () =>
        select(
          posts.c.id,
          func
            .rowNumber()
            .over({ partitionBy: [posts.c.userId], orderBy: [posts.c.score.desc()] })
            .as('rn'),
          func
            .sum(posts.c.score)
            .over({ orderBy: [posts.c.id], frame: 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' })
            .as('running'),
          func.rank().over().as('r'),
        ),
      {
        postgresql: {
          sql: 'SELECT "posts"."id", row_number() OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."score" DESC) AS "rn", sum("posts"."score") OVER (ORDER BY "posts"."id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", rank() OVER () AS "r" FROM "posts"',
        },
        mysql: {
          sql: 'SELECT `posts`.`id`, row_number() OVER (PARTITION BY `posts`.`user_id` ORDER BY `posts`.`score` DESC) AS `rn`, sum(`posts`.`score`) OVER (ORDER BY `posts`.`id` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `running`, rank() OVER () AS `r` FROM `posts`',
        },
        mariadb: {
          sql: 'SELECT `posts`.`id`, row_number() OVER (PARTITION BY `posts`.`user_id` ORDER BY `posts`.`score` DESC) AS `rn`, sum(`posts`.`score`) OVER (ORDER BY `posts`.`id` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `running`, rank() OVER () AS `r` FROM `posts`',
        },
        sqlite: {
          sql: 'SELECT "posts"."id", row_number() OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."score" DESC) AS "rn", sum("posts"."score") OVER (ORDER BY "posts"."id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", rank() OVER () AS "r" FROM "posts"',
        },
        mssql: {
          sql: 'SELECT [posts].[id], row_number() OVER (PARTITION BY [posts].[user_id] ORDER BY [posts].[score] DESC) AS [rn], sum([posts].[score]) OVER (ORDER BY [posts].[id] ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS [running], rank() OVER () AS [r] FROM [posts]',
        },
        oracle: {
          sql: 'SELECT "posts"."id", row_number() OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."score" DESC) AS "rn", sum("posts"."score") OVER (ORDER BY "posts"."id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", rank() OVER () AS "r" FROM "posts"',
        },
      },
    );
  });
  it('searched CASE', () => {
    expectCompiled(
      () =>
        select(
          caseWhen()
            .when(users.c.age.lt(18), 'minor')
            .when(users.c.age.lt(65), 'adult')
            .else('senior')
            .as('bracket'),
        ),
      {
        postgresql: {
          sql: 'SELECT CASE WHEN "users"."age" < $1 THEN $2 WHEN "users"."age" < $3 THEN $4 ELSE $5 END AS "bracket" FROM "users"',
          params: [18, 'minor', 65, 'adult', 'senior'],
        },
        mysql: {
          sql: 'SELECT CASE WHEN `users`.`age` < ? THEN ? WHEN `users`.`age` < ? THEN ? ELSE ? END AS `bracket` FROM `users`',
          params: [18, 'minor', 65, 'adult', 'senior'],
        },
        mariadb: {
          sql: 'SELECT CASE WHEN `users`.`age` < ? THEN ? WHEN `users`.`age` < ? THEN ? ELSE ? END AS `bracket` FROM `users`',
          params: [18, 'minor', 65, 'adult', 'senior'],
        },
        sqlite: {
          sql: 'SELECT CASE WHEN "users"."age" < ? THEN ? WHEN "users"."age" < ? THEN ? ELSE ? END AS "bracket" FROM "users"',
          params: [18, 'minor', 65, 'adult', 'senior'],
        },
        mssql: {
          sql: 'SELECT CASE WHEN [users].[age] < @p1 THEN @p2 WHEN [users].[age] < @p3 THEN @p4 ELSE @p5 END AS [bracket] FROM [users]',
          params: [18, 'minor', 65, 'adult', 'senior'],
        },
        oracle: {
          sql: 'SELECT CASE WHEN "users"."age" < :1 THEN :2 WHEN "users"."age" < :3 THEN :4 ELSE :5 END AS "bracket" FROM "users"',
          params: [18, 'minor', 65, 'adult', 'senior'],
        },
      },
    );
  });
  it('simple CASE on a subject', () => {
    expectCompiled(() => select(caseWhen(users.c.age).when(1, 'one').when(2, 'two').as('word')), {
      postgresql: {
        sql: 'SELECT CASE "users"."age" WHEN $1 THEN $2 WHEN $3 THEN $4 END AS "word" FROM "users"',
        params: [1, 'one', 2, 'two'],
      },
      mysql: {
        sql: 'SELECT CASE `users`.`age` WHEN ? THEN ? WHEN ? THEN ? END AS `word` FROM `users`',
        params: [1, 'one', 2, 'two'],
      },
      mariadb: {
        sql: 'SELECT CASE `users`.`age` WHEN ? THEN ? WHEN ? THEN ? END AS `word` FROM `users`',
        params: [1, 'one', 2, 'two'],
      },
      sqlite: {
        sql: 'SELECT CASE "users"."age" WHEN ? THEN ? WHEN ? THEN ? END AS "word" FROM "users"',
        params: [1, 'one', 2, 'two'],
      },
      mssql: {
        sql: 'SELECT CASE [users].[age] WHEN @p1 THEN @p2 WHEN @p3 THEN @p4 END AS [word] FROM [users]',
        params: [1, 'one', 2, 'two'],
      },
      oracle: {
        sql: 'SELECT CASE "users"."age" WHEN :1 THEN :2 WHEN :3 THEN :4 END AS "word" FROM "users"',
        params: [1, 'one', 2, 'two'],
      },
    });
  });
  it('CASE with a boolean column as condition', () => {
    expectCompiled(() => select(caseWhen().when(users.c.active, users.c.name).else('-').as('n')), {
      postgresql: {
        sql: 'SELECT CASE WHEN "users"."active" THEN "users"."name" ELSE $1 END AS "n" FROM "users"',
        params: ['-'],
      },
      mysql: {
        sql: 'SELECT CASE WHEN `users`.`active` THEN `users`.`name` ELSE ? END AS `n` FROM `users`',
        params: ['-'],
      },
      mariadb: {
        sql: 'SELECT CASE WHEN `users`.`active` THEN `users`.`name` ELSE ? END AS `n` FROM `users`',
        params: ['-'],
      },
      sqlite: {
        sql: 'SELECT CASE WHEN "users"."active" THEN "users"."name" ELSE ? END AS "n" FROM "users"',
        params: ['-'],
      },
      mssql: {
        sql: 'SELECT CASE WHEN [users].[active] = 1 THEN [users].[name] ELSE @p1 END AS [n] FROM [users]',
        params: ['-'],
      },
      oracle: {
        sql: 'SELECT CASE WHEN "users"."active" = 1 THEN "users"."name" ELSE :1 END AS "n" FROM "users"',
        params: ['-'],
      },
    });
  });
  it('cast to each dialect type name', () => {
    expectCompiled(
      () =>
        select(
          cast(users.c.age, types.string(10)).as('s'),
          users.c.name.cast(types.integer()).as('i'),
          cast(users.c.age, types.numeric(10, 2)).as('d'),
          cast(users.c.name, types.dateTime()).as('t'),
        ),
      {
        postgresql: {
          sql: 'SELECT CAST("users"."age" AS VARCHAR(10)) AS "s", CAST("users"."name" AS INTEGER) AS "i", CAST("users"."age" AS NUMERIC(10, 2)) AS "d", CAST("users"."name" AS TIMESTAMP) AS "t" FROM "users"',
        },
        mysql: {
          sql: 'SELECT CAST(`users`.`age` AS CHAR) AS `s`, CAST(`users`.`name` AS SIGNED) AS `i`, CAST(`users`.`age` AS DECIMAL(10, 2)) AS `d`, CAST(`users`.`name` AS DATETIME(3)) AS `t` FROM `users`',
        },
        mariadb: {
          sql: 'SELECT CAST(`users`.`age` AS CHAR) AS `s`, CAST(`users`.`name` AS SIGNED) AS `i`, CAST(`users`.`age` AS DECIMAL(10, 2)) AS `d`, CAST(`users`.`name` AS DATETIME(3)) AS `t` FROM `users`',
        },
        sqlite: {
          sql: 'SELECT CAST("users"."age" AS VARCHAR(10)) AS "s", CAST("users"."name" AS INTEGER) AS "i", CAST("users"."age" AS NUMERIC(10, 2)) AS "d", CAST("users"."name" AS DATETIME) AS "t" FROM "users"',
        },
        mssql: {
          sql: 'SELECT CAST([users].[age] AS NVARCHAR(10)) AS [s], CAST([users].[name] AS INTEGER) AS [i], CAST([users].[age] AS NUMERIC(10, 2)) AS [d], CAST([users].[name] AS DATETIME2(3)) AS [t] FROM [users]',
        },
        oracle: {
          sql: 'SELECT CAST("users"."age" AS VARCHAR2(10 CHAR)) AS "s", CAST("users"."name" AS NUMBER(10)) AS "i", CAST("users"."age" AS NUMBER(10, 2)) AS "d", CAST("users"."name" AS TIMESTAMP(3)) AS "t" FROM "users"',
        },
      },
    );
  });
  it('func: count, countDistinct, lower, coalesce, length, now, abs', () => {
    expectCompiled(
      () =>
        select(
          func.count(),
          func.countDistinct(users.c.name),
          func.lower(users.c.name),
          func.coalesce(users.c.email, 'none'),
          func.length(users.c.name),
          func.now(),
          func.abs(users.c.age),
        ).from(users),
      {
        postgresql: {
          sql: 'SELECT count(*) AS "count_1", count(DISTINCT "users"."name") AS "count_2", lower("users"."name") AS "lower_1", coalesce("users"."email", $1) AS "coalesce_1", length("users"."name") AS "length_1", CURRENT_TIMESTAMP AS "current_timestamp_1", abs("users"."age") AS "abs_1" FROM "users"',
          params: ['none'],
        },
        mysql: {
          sql: 'SELECT count(*) AS `count_1`, count(DISTINCT `users`.`name`) AS `count_2`, lower(`users`.`name`) AS `lower_1`, coalesce(`users`.`email`, ?) AS `coalesce_1`, length(`users`.`name`) AS `length_1`, CURRENT_TIMESTAMP AS `current_timestamp_1`, abs(`users`.`age`) AS `abs_1` FROM `users`',
          params: ['none'],
        },
        mariadb: {
          sql: 'SELECT count(*) AS `count_1`, count(DISTINCT `users`.`name`) AS `count_2`, lower(`users`.`name`) AS `lower_1`, coalesce(`users`.`email`, ?) AS `coalesce_1`, length(`users`.`name`) AS `length_1`, CURRENT_TIMESTAMP AS `current_timestamp_1`, abs(`users`.`age`) AS `abs_1` FROM `users`',
          params: ['none'],
        },
        sqlite: {
          sql: 'SELECT count(*) AS "count_1", count(DISTINCT "users"."name") AS "count_2", lower("users"."name") AS "lower_1", coalesce("users"."email", ?) AS "coalesce_1", length("users"."name") AS "length_1", CURRENT_TIMESTAMP AS "current_timestamp_1", abs("users"."age") AS "abs_1" FROM "users"',
          params: ['none'],
        },
        mssql: {
          sql: 'SELECT count(*) AS [count_1], count(DISTINCT [users].[name]) AS [count_2], lower([users].[name]) AS [lower_1], coalesce([users].[email], @p1) AS [coalesce_1], LEN([users].[name]) AS [length_1], CURRENT_TIMESTAMP AS [current_timestamp_1], abs([users].[age]) AS [abs_1] FROM [users]',
          params: ['none'],
        },
        oracle: {
          sql: 'SELECT count(*) AS "count_1", count(DISTINCT "users"."name") AS "count_2", lower("users"."name") AS "lower_1", coalesce("users"."email", :1) AS "coalesce_1", length("users"."name") AS "length_1", CURRENT_TIMESTAMP AS "current_timestamp_1", abs("users"."age") AS "abs_1" FROM "users"',
          params: ['none'],
        },
      },
    );
  });
  it('func: count(column), min, max, avg, upper', () => {
    expectCompiled(
      () =>
        select(
          func.count(users.c.email).as('c'),
          func.min(users.c.age).as('lo'),
          func.max(users.c.age).as('hi'),
          func.avg(users.c.age).as('mean'),
          func.upper(users.c.name).as('u'),
        ),
      {
        postgresql: {
          sql: 'SELECT count("users"."email") AS "c", min("users"."age") AS "lo", max("users"."age") AS "hi", avg("users"."age") AS "mean", upper("users"."name") AS "u" FROM "users"',
        },
        mysql: {
          sql: 'SELECT count(`users`.`email`) AS `c`, min(`users`.`age`) AS `lo`, max(`users`.`age`) AS `hi`, avg(`users`.`age`) AS `mean`, upper(`users`.`name`) AS `u` FROM `users`',
        },
        mariadb: {
          sql: 'SELECT count(`users`.`email`) AS `c`, min(`users`.`age`) AS `lo`, max(`users`.`age`) AS `hi`, avg(`users`.`age`) AS `mean`, upper(`users`.`name`) AS `u` FROM `users`',
        },
        sqlite: {
          sql: 'SELECT count("users"."email") AS "c", min("users"."age") AS "lo", max("users"."age") AS "hi", avg("users"."age") AS "mean", upper("users"."name") AS "u" FROM "users"',
        },
        mssql: {
          sql: 'SELECT count([users].[email]) AS [c], min([users].[age]) AS [lo], max([users].[age]) AS [hi], avg([users].[age]) AS [mean], upper([users].[name]) AS [u] FROM [users]',
        },
        oracle: {
          sql: 'SELECT count("users"."email") AS "c", min("users"."age") AS "lo", max("users"."age") AS "hi", avg("users"."age") AS "mean", upper("users"."name") AS "u" FROM "users"',
        },
      },
    );
  });
  it('func: any other name is a generic call with bound arguments', () => {
    expectCompiled(() => select(func.json_extract(users.c.email, '$.a').as('j')), {
      postgresql: { sql: 'SELECT json_extract("users"."email", $1) AS "j" FROM "users"', params: ['$.a'] },
      mysql: { sql: 'SELECT json_extract(`users`.`email`, ?) AS `j` FROM `users`', params: ['$.a'] },
      mariadb: { sql: 'SELECT json_extract(`users`.`email`, ?) AS `j` FROM `users`', params: ['$.a'] },
      sqlite: { sql: 'SELECT json_extract("users"."email", ?) AS "j" FROM "users"', params: ['$.a'] },
      mssql: { sql: 'SELECT json_extract([users].[email], @p1) AS [j] FROM [users]', params: ['$.a'] },
      oracle: { sql: 'SELECT json_extract("users"."email", :1) AS "j" FROM "users"', params: ['$.a'] },
    });
  });
});

describe('derived column types', () => {
  it('a subquery column has the type of its expression, as when selected directly', () => {
    const rn = func.rowNumber().over({ orderBy: [users.c.id] });
    const sub = select(rn.as('rn'), users.c.age.add(1).as('next')).subquery('s');
    const direct = compile(select(rn.as('rn'), users.c.age.add(1).as('next')), 'sqlite').columns;
    const derived = compile(select(sub.c.rn, sub.c.next), 'sqlite').columns;
    expect(derived.map((c) => c.type)).toEqual(direct.map((c) => c.type));
    expect(derived.every((c) => c.type !== undefined)).toBe(true);
  });
});
