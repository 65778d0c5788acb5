import {
  column,
  compile,
  deleteFrom,
  excluded,
  exists,
  func,
  insert,
  not,
  select,
  table,
  types,
  update,
  valuesTable,
} from '../../lib/sql';
import { expectCompiled } from './helpers';
import { employees, posts, users } from './fixtures';

let sequence = 0;
const counters = table('counters', {
  id: column(types.integer(), { primaryKey: true }),
  seq: column(types.integer(), { default: () => ++sequence }),
  label: column(types.string(10), { default: 'x' }),
});

describe('insert', () => {
  it('one row (client default of active filled in)', () => {
    expectCompiled(() => insert(users).values({ name: 'a', age: 3 }), {
      postgresql: {
        sql: 'INSERT INTO "users" ("name", "age", "active") VALUES ($1, $2, $3)',
        params: ['a', 3, true],
      },
      mysql: {
        sql: 'INSERT INTO `users` (`name`, `age`, `active`) VALUES (?, ?, ?)',
        params: ['a', 3, true],
      },
      mariadb: {
        sql: 'INSERT INTO `users` (`name`, `age`, `active`) VALUES (?, ?, ?)',
        params: ['a', 3, true],
      },
      sqlite: { sql: 'INSERT INTO "users" ("name", "age", "active") VALUES (?, ?, ?)', params: ['a', 3, 1] },
      mssql: {
        sql: 'INSERT INTO [users] ([name], [age], [active]) VALUES (@p1, @p2, @p3)',
        params: ['a', 3, true],
      },
      oracle: {
        sql: 'INSERT INTO "users" ("name", "age", "active") VALUES (:1, :2, :3)',
        params: ['a', 3, 1],
      },
    });
  });
  it('several rows (Oracle: INSERT … SELECT … FROM DUAL UNION ALL)', () => {
    expectCompiled(
      () =>
        insert(users).values([
          { name: 'a', age: 3 },
          { name: 'b', age: 4 },
        ]),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("name", "age", "active") VALUES ($1, $2, $3), ($4, $5, $6)',
          params: ['a', 3, true, 'b', 4, true],
        },
        mysql: {
          sql: 'INSERT INTO `users` (`name`, `age`, `active`) VALUES (?, ?, ?), (?, ?, ?)',
          params: ['a', 3, true, 'b', 4, true],
        },
        mariadb: {
          sql: 'INSERT INTO `users` (`name`, `age`, `active`) VALUES (?, ?, ?), (?, ?, ?)',
          params: ['a', 3, true, 'b', 4, true],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("name", "age", "active") VALUES (?, ?, ?), (?, ?, ?)',
          params: ['a', 3, 1, 'b', 4, 1],
        },
        mssql: {
          sql: 'INSERT INTO [users] ([name], [age], [active]) VALUES (@p1, @p2, @p3), (@p4, @p5, @p6)',
          params: ['a', 3, true, 'b', 4, true],
        },
        oracle: {
          sql: 'INSERT INTO "users" ("name", "age", "active") SELECT :1, :2, :3 FROM DUAL UNION ALL SELECT :4, :5, :6 FROM DUAL',
          params: ['a', 3, 1, 'b', 4, 1],
        },
      },
    );
  });
  it('default values only', () => {
    expectCompiled(() => insert(users), {
      postgresql: { sql: 'INSERT INTO "users" DEFAULT VALUES' },
      mysql: { sql: 'INSERT INTO `users` () VALUES ()' },
      mariadb: { sql: 'INSERT INTO `users` () VALUES ()' },
      sqlite: { sql: 'INSERT INTO "users" DEFAULT VALUES' },
      mssql: { sql: 'INSERT INTO [users] DEFAULT VALUES' },
      oracle: { sql: 'INSERT INTO "users" ("id") VALUES (DEFAULT)' },
    });
  });
  it('an expression as a value', () => {
    expectCompiled(() => insert(posts).values({ userId: 1, title: func.upper('x') }), {
      postgresql: {
        sql: 'INSERT INTO "posts" ("user_id", "title") VALUES ($1, upper($2))',
        params: [1, 'x'],
      },
      mysql: { sql: 'INSERT INTO `posts` (`user_id`, `title`) VALUES (?, upper(?))', params: [1, 'x'] },
      mariadb: { sql: 'INSERT INTO `posts` (`user_id`, `title`) VALUES (?, upper(?))', params: [1, 'x'] },
      sqlite: { sql: 'INSERT INTO "posts" ("user_id", "title") VALUES (?, upper(?))', params: [1, 'x'] },
      mssql: { sql: 'INSERT INTO [posts] ([user_id], [title]) VALUES (@p1, upper(@p2))', params: [1, 'x'] },
      oracle: { sql: 'INSERT INTO "posts" ("user_id", "title") VALUES (:1, upper(:2))', params: [1, 'x'] },
    });
  });
  it('a SQL NULL value', () => {
    expectCompiled(() => insert(users).values({ name: 'a', email: null }), {
      postgresql: {
        sql: 'INSERT INTO "users" ("name", "email", "active") VALUES ($1, NULL, $2)',
        params: ['a', true],
      },
      mysql: {
        sql: 'INSERT INTO `users` (`name`, `email`, `active`) VALUES (?, NULL, ?)',
        params: ['a', true],
      },
      mariadb: {
        sql: 'INSERT INTO `users` (`name`, `email`, `active`) VALUES (?, NULL, ?)',
        params: ['a', true],
      },
      sqlite: {
        sql: 'INSERT INTO "users" ("name", "email", "active") VALUES (?, NULL, ?)',
        params: ['a', 1],
      },
      mssql: {
        sql: 'INSERT INTO [users] ([name], [email], [active]) VALUES (@p1, NULL, @p2)',
        params: ['a', true],
      },
      oracle: {
        sql: 'INSERT INTO "users" ("name", "email", "active") VALUES (:1, NULL, :2)',
        params: ['a', 1],
      },
    });
  });
  it('fromSelect', () => {
    expectCompiled(
      () =>
        insert(posts).fromSelect(
          [posts.c.userId, posts.c.title],
          select(users.c.id, users.c.name).where(users.c.age.gt(3)),
        ),
      {
        postgresql: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."age" > $1',
          params: [3],
        },
        mysql: {
          sql: 'INSERT INTO `posts` (`user_id`, `title`) SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`age` > ?',
          params: [3],
        },
        mariadb: {
          sql: 'INSERT INTO `posts` (`user_id`, `title`) SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`age` > ?',
          params: [3],
        },
        sqlite: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."age" > ?',
          params: [3],
        },
        mssql: {
          sql: 'INSERT INTO [posts] ([user_id], [title]) SELECT [users].[id], [users].[name] FROM [users] WHERE [users].[age] > @p1',
          params: [3],
        },
        oracle: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."age" > :1',
          params: [3],
        },
      },
    );
  });
  it('fromSelect of the same table is not correlated', () => {
    expectCompiled(
      () =>
        insert(users).fromSelect(
          [users.c.name, users.c.age],
          select(users.c.name, users.c.age).where(users.c.id.lt(3)),
        ),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("name", "age") SELECT "users"."name", "users"."age" FROM "users" WHERE "users"."id" < $1',
          params: [3],
        },
        mysql: {
          sql: 'INSERT INTO `users` (`name`, `age`) SELECT `users`.`name`, `users`.`age` FROM `users` WHERE `users`.`id` < ?',
          params: [3],
        },
        mariadb: {
          sql: 'INSERT INTO `users` (`name`, `age`) SELECT `users`.`name`, `users`.`age` FROM `users` WHERE `users`.`id` < ?',
          params: [3],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("name", "age") SELECT "users"."name", "users"."age" FROM "users" WHERE "users"."id" < ?',
          params: [3],
        },
        mssql: {
          sql: 'INSERT INTO [users] ([name], [age]) SELECT [users].[name], [users].[age] FROM [users] WHERE [users].[id] < @p1',
          params: [3],
        },
        oracle: {
          sql: 'INSERT INTO "users" ("name", "age") SELECT "users"."name", "users"."age" FROM "users" WHERE "users"."id" < :1',
          params: [3],
        },
      },
    );
  });
});

describe('insert: client defaults are evaluated at each compile', () => {
  beforeEach(() => {
    sequence = 0;
  });
  it('a default function runs once per row and per compile', () => {
    expectCompiled(() => insert(counters).values([{ id: 1 }, { id: 2 }]), {
      postgresql: {
        sql: 'INSERT INTO "counters" ("id", "seq", "label") VALUES ($1, $2, $3), ($4, $5, $6)',
        params: [1, 1, 'x', 2, 2, 'x'],
      },
      mysql: {
        sql: 'INSERT INTO `counters` (`id`, `seq`, `label`) VALUES (?, ?, ?), (?, ?, ?)',
        params: [1, 3, 'x', 2, 4, 'x'],
      },
      mariadb: {
        sql: 'INSERT INTO `counters` (`id`, `seq`, `label`) VALUES (?, ?, ?), (?, ?, ?)',
        params: [1, 5, 'x', 2, 6, 'x'],
      },
      sqlite: {
        sql: 'INSERT INTO "counters" ("id", "seq", "label") VALUES (?, ?, ?), (?, ?, ?)',
        params: [1, 7, 'x', 2, 8, 'x'],
      },
      mssql: {
        sql: 'INSERT INTO [counters] ([id], [seq], [label]) VALUES (@p1, @p2, @p3), (@p4, @p5, @p6)',
        params: [1, 9, 'x', 2, 10, 'x'],
      },
      oracle: {
        sql: 'INSERT INTO "counters" ("id", "seq", "label") SELECT :1, :2, :3 FROM DUAL UNION ALL SELECT :4, :5, :6 FROM DUAL',
        params: [1, 11, 'x', 2, 12, 'x'],
      },
    });
  });
  it('a given value wins over the default', () => {
    expectCompiled(() => insert(counters).values({ id: 1, seq: 40 }), {
      postgresql: {
        sql: 'INSERT INTO "counters" ("id", "seq", "label") VALUES ($1, $2, $3)',
        params: [1, 40, 'x'],
      },
      mysql: { sql: 'INSERT INTO `counters` (`id`, `seq`, `label`) VALUES (?, ?, ?)', params: [1, 40, 'x'] },
      mariadb: {
        sql: 'INSERT INTO `counters` (`id`, `seq`, `label`) VALUES (?, ?, ?)',
        params: [1, 40, 'x'],
      },
      sqlite: { sql: 'INSERT INTO "counters" ("id", "seq", "label") VALUES (?, ?, ?)', params: [1, 40, 'x'] },
      mssql: {
        sql: 'INSERT INTO [counters] ([id], [seq], [label]) VALUES (@p1, @p2, @p3)',
        params: [1, 40, 'x'],
      },
      oracle: {
        sql: 'INSERT INTO "counters" ("id", "seq", "label") VALUES (:1, :2, :3)',
        params: [1, 40, 'x'],
      },
    });
    expect(sequence).toBe(0);
  });
});

describe('returning', () => {
  it('insert returning: RETURNING / OUTPUT INSERTED / RETURNING INTO / CompileError on MySQL', () => {
    expectCompiled(() => insert(users).values({ name: 'a' }).returning(users.c.id, users.c.name), {
      postgresql: {
        sql: 'INSERT INTO "users" ("name", "active") VALUES ($1, $2) RETURNING "id", "name"',
        params: ['a', true],
      },
      mysql: { error: /RETURNING is not supported by the mysql dialect/ },
      mariadb: {
        sql: 'INSERT INTO `users` (`name`, `active`) VALUES (?, ?) RETURNING `id`, `name`',
        params: ['a', true],
      },
      sqlite: {
        sql: 'INSERT INTO "users" ("name", "active") VALUES (?, ?) RETURNING "id", "name"',
        params: ['a', 1],
      },
      mssql: {
        sql: 'INSERT INTO [users] ([name], [active]) OUTPUT INSERTED.[id], INSERTED.[name] VALUES (@p1, @p2)',
        params: ['a', true],
      },
      oracle: {
        sql: 'INSERT INTO "users" ("name", "active") VALUES (:1, :2) RETURNING "id", "name" INTO :3, :4',
        params: ['a', 1],
      },
    });
  });
  it('multi-row insert returning', () => {
    expectCompiled(
      () =>
        insert(users)
          .values([{ name: 'a' }, { name: 'b' }])
          .returning(users.c.id),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("name", "active") VALUES ($1, $2), ($3, $4) RETURNING "id"',
          params: ['a', true, 'b', true],
        },
        mysql: { error: /RETURNING is not supported by the mysql dialect/ },
        mariadb: {
          sql: 'INSERT INTO `users` (`name`, `active`) VALUES (?, ?), (?, ?) RETURNING `id`',
          params: ['a', true, 'b', true],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("name", "active") VALUES (?, ?), (?, ?) RETURNING "id"',
          params: ['a', 1, 'b', 1],
        },
        mssql: {
          sql: 'INSERT INTO [users] ([name], [active]) OUTPUT INSERTED.[id] VALUES (@p1, @p2), (@p3, @p4)',
          params: ['a', true, 'b', true],
        },
        oracle: { error: /a multi-row INSERT with RETURNING is not supported by the oracle dialect/ },
      },
    );
  });
  it('default values returning', () => {
    expectCompiled(() => insert(employees).returning(employees.c.id), {
      postgresql: { sql: 'INSERT INTO "employees" DEFAULT VALUES RETURNING "id"' },
      mysql: { error: /RETURNING is not supported by the mysql dialect/ },
      mariadb: { sql: 'INSERT INTO `employees` () VALUES () RETURNING `id`' },
      sqlite: { sql: 'INSERT INTO "employees" DEFAULT VALUES RETURNING "id"' },
      mssql: { sql: 'INSERT INTO [employees] OUTPUT INSERTED.[id] DEFAULT VALUES' },
      oracle: { sql: 'INSERT INTO "employees" ("id") VALUES (DEFAULT) RETURNING "id" INTO :1' },
    });
  });
  it('fromSelect returning', () => {
    expectCompiled(
      () =>
        insert(posts)
          .fromSelect([posts.c.userId, posts.c.title], select(users.c.id, users.c.name))
          .returning(posts.c.id),
      {
        postgresql: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT "users"."id", "users"."name" FROM "users" RETURNING "id"',
        },
        mysql: { error: /RETURNING is not supported by the mysql dialect/ },
        mariadb: {
          sql: 'INSERT INTO `posts` (`user_id`, `title`) SELECT `users`.`id`, `users`.`name` FROM `users` RETURNING `id`',
        },
        sqlite: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT "users"."id", "users"."name" FROM "users" RETURNING "id"',
        },
        mssql: {
          sql: 'INSERT INTO [posts] ([user_id], [title]) OUTPUT INSERTED.[id] SELECT [users].[id], [users].[name] FROM [users]',
        },
        oracle: { error: /INSERT … SELECT with RETURNING is not supported by the oracle dialect/ },
      },
    );
  });
  it('returning a renamed column and an expression', () => {
    expectCompiled(
      () =>
        insert(posts)
          .values({ userId: 1, title: 't' })
          .returning(posts.c.userId, posts.c.score.add(1).as('next')),
      {
        postgresql: {
          sql: 'INSERT INTO "posts" ("user_id", "title") VALUES ($1, $2) RETURNING "user_id" AS "userId", "score" + $3 AS "next"',
          params: [1, 't', 1],
        },
        mysql: { error: /RETURNING is not supported by the mysql dialect/ },
        mariadb: {
          sql: 'INSERT INTO `posts` (`user_id`, `title`) VALUES (?, ?) RETURNING `user_id` AS `userId`, `score` + ? AS `next`',
          params: [1, 't', 1],
        },
        sqlite: {
          sql: 'INSERT INTO "posts" ("user_id", "title") VALUES (?, ?) RETURNING "user_id" AS "userId", "score" + ? AS "next"',
          params: [1, 't', 1],
        },
        mssql: {
          sql: 'INSERT INTO [posts] ([user_id], [title]) OUTPUT INSERTED.[user_id] AS [userId], INSERTED.[score] + @p1 AS [next] VALUES (@p2, @p3)',
          params: [1, 1, 't'],
        },
        oracle: {
          sql: 'INSERT INTO "posts" ("user_id", "title") VALUES (:1, :2) RETURNING "user_id", "score" + :3 INTO :4, :5',
          params: [1, 't', 1],
        },
      },
    );
  });
});

describe('upsert', () => {
  it('onConflictDoUpdate with excluded()', () => {
    expectCompiled(
      () =>
        insert(users)
          .values({ id: 1, name: 'a' })
          .onConflictDoUpdate({ target: [users.c.id], set: { name: excluded(users.c.name) } }),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES ($1, $2, $3) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"',
          params: [1, 'a', true],
        },
        mysql: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)',
          params: [1, 'a', true],
        },
        mariadb: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)',
          params: [1, 'a', true],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"',
          params: [1, 'a', 1],
        },
        mssql: {
          sql: 'MERGE INTO [users] WITH (HOLDLOCK) USING (VALUES (@p1, @p2, @p3)) AS [src] ([id], [name], [active]) ON [users].[id] = [src].[id] WHEN MATCHED THEN UPDATE SET [name] = [src].[name] WHEN NOT MATCHED THEN INSERT ([id], [name], [active]) VALUES ([src].[id], [src].[name], [src].[active]);',
          params: [1, 'a', true],
        },
        oracle: {
          sql: 'MERGE INTO "users" USING (SELECT :1 "id", :2 "name", :3 "active" FROM DUAL) "src" ON ("users"."id" = "src"."id") WHEN MATCHED THEN UPDATE SET "name" = "src"."name" WHEN NOT MATCHED THEN INSERT ("id", "name", "active") VALUES ("src"."id", "src"."name", "src"."active")',
          params: [1, 'a', 1],
        },
      },
    );
  });
  it('onConflictDoUpdate with a WHERE', () => {
    expectCompiled(
      () =>
        insert(users)
          .values({ id: 1, name: 'a' })
          .onConflictDoUpdate({
            target: [users.c.id],
            set: { name: excluded(users.c.name), age: 5 },
            where: users.c.age.lt(3),
          }),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES ($1, $2, $3) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "age" = $4 WHERE "users"."age" < $5',
          params: [1, 'a', true, 5, 3],
        },
        mysql: { error: /a WHERE clause on an upsert is not supported by the mysql dialect/ },
        mariadb: { error: /a WHERE clause on an upsert is not supported by the mariadb dialect/ },
        sqlite: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "age" = ? WHERE "users"."age" < ?',
          params: [1, 'a', 1, 5, 3],
        },
        mssql: {
          sql: 'MERGE INTO [users] WITH (HOLDLOCK) USING (VALUES (@p1, @p2, @p3)) AS [src] ([id], [name], [active]) ON [users].[id] = [src].[id] WHEN MATCHED AND ([users].[age] < @p4) THEN UPDATE SET [name] = [src].[name], [age] = @p5 WHEN NOT MATCHED THEN INSERT ([id], [name], [active]) VALUES ([src].[id], [src].[name], [src].[active]);',
          params: [1, 'a', true, 3, 5],
        },
        oracle: {
          sql: 'MERGE INTO "users" USING (SELECT :1 "id", :2 "name", :3 "active" FROM DUAL) "src" ON ("users"."id" = "src"."id") WHEN MATCHED THEN UPDATE SET "name" = "src"."name", "age" = :4 WHERE "users"."age" < :5 WHEN NOT MATCHED THEN INSERT ("id", "name", "active") VALUES ("src"."id", "src"."name", "src"."active")',
          params: [1, 'a', 1, 5, 3],
        },
      },
    );
  });
  it('onConflictDoNothing with a target', () => {
    expectCompiled(
      () =>
        insert(users)
          .values({ id: 1, name: 'a' })
          .onConflictDoNothing({ target: [users.c.id] }),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES ($1, $2, $3) ON CONFLICT ("id") DO NOTHING',
          params: [1, 'a', true],
        },
        mysql: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`',
          params: [1, 'a', true],
        },
        mariadb: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`',
          params: [1, 'a', true],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES (?, ?, ?) ON CONFLICT ("id") DO NOTHING',
          params: [1, 'a', 1],
        },
        mssql: {
          sql: 'MERGE INTO [users] WITH (HOLDLOCK) USING (VALUES (@p1, @p2, @p3)) AS [src] ([id], [name], [active]) ON [users].[id] = [src].[id] WHEN NOT MATCHED THEN INSERT ([id], [name], [active]) VALUES ([src].[id], [src].[name], [src].[active]);',
          params: [1, 'a', true],
        },
        oracle: {
          sql: 'MERGE INTO "users" USING (SELECT :1 "id", :2 "name", :3 "active" FROM DUAL) "src" ON ("users"."id" = "src"."id") WHEN NOT MATCHED THEN INSERT ("id", "name", "active") VALUES ("src"."id", "src"."name", "src"."active")',
          params: [1, 'a', 1],
        },
      },
    );
  });
  it('onConflictDoNothing without a target', () => {
    expectCompiled(() => insert(users).values({ id: 1, name: 'a' }).onConflictDoNothing(), {
      postgresql: {
        sql: 'INSERT INTO "users" ("id", "name", "active") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        params: [1, 'a', true],
      },
      mysql: {
        sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`',
        params: [1, 'a', true],
      },
      mariadb: {
        sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`',
        params: [1, 'a', true],
      },
      sqlite: {
        sql: 'INSERT INTO "users" ("id", "name", "active") VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        params: [1, 'a', 1],
      },
      mssql: { error: /an upsert needs a conflict target \(the unique columns\) on the mssql dialect/ },
      oracle: { error: /an upsert needs a conflict target \(the unique columns\) on the oracle dialect/ },
    });
  });
  it('a multi-row upsert with returning', () => {
    expectCompiled(
      () =>
        insert(users)
          .values([
            { id: 1, name: 'a' },
            { id: 2, name: 'b' },
          ])
          .onConflictDoUpdate({ target: [users.c.id], set: { name: excluded(users.c.name) } })
          .returning(users.c.id),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"',
          params: [1, 'a', true, 2, 'b', true],
        },
        mysql: { error: /RETURNING is not supported by the mysql dialect/ },
        mariadb: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`) RETURNING `id`',
          params: [1, 'a', true, 2, 'b', true],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"',
          params: [1, 'a', 1, 2, 'b', 1],
        },
        mssql: {
          sql: 'MERGE INTO [users] WITH (HOLDLOCK) USING (VALUES (@p1, @p2, @p3), (@p4, @p5, @p6)) AS [src] ([id], [name], [active]) ON [users].[id] = [src].[id] WHEN MATCHED THEN UPDATE SET [name] = [src].[name] WHEN NOT MATCHED THEN INSERT ([id], [name], [active]) VALUES ([src].[id], [src].[name], [src].[active]) OUTPUT INSERTED.[id];',
          params: [1, 'a', true, 2, 'b', true],
        },
        oracle: { error: /an upsert with RETURNING is not supported by the oracle dialect/ },
      },
    );
  });
  it('updating the conflict column (a CompileError on Oracle)', () => {
    expectCompiled(
      () =>
        insert(users)
          .values({ id: 1, name: 'a' })
          .onConflictDoUpdate({ target: [users.c.id], set: { id: excluded(users.c.id) } }),
      {
        postgresql: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES ($1, $2, $3) ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id"',
          params: [1, 'a', true],
        },
        mysql: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`)',
          params: [1, 'a', true],
        },
        mariadb: {
          sql: 'INSERT INTO `users` (`id`, `name`, `active`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`)',
          params: [1, 'a', true],
        },
        sqlite: {
          sql: 'INSERT INTO "users" ("id", "name", "active") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id"',
          params: [1, 'a', 1],
        },
        mssql: {
          sql: 'MERGE INTO [users] WITH (HOLDLOCK) USING (VALUES (@p1, @p2, @p3)) AS [src] ([id], [name], [active]) ON [users].[id] = [src].[id] WHEN MATCHED THEN UPDATE SET [id] = [src].[id] WHEN NOT MATCHED THEN INSERT ([id], [name], [active]) VALUES ([src].[id], [src].[name], [src].[active]);',
          params: [1, 'a', true],
        },
        oracle: {
          error:
            /an upsert cannot update its conflict column 'id' on the oracle dialect \(MERGE … ON columns are read-only\)/,
        },
      },
    );
  });
  it('an upsert from a SELECT', () => {
    expectCompiled(
      () =>
        insert(posts)
          .fromSelect([posts.c.userId, posts.c.title], select(users.c.id, users.c.name))
          .onConflictDoNothing({ target: [posts.c.id] }),
      {
        postgresql: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT "users"."id", "users"."name" FROM "users" ON CONFLICT ("id") DO NOTHING',
        },
        mysql: {
          sql: 'INSERT INTO `posts` (`user_id`, `title`) SELECT `users`.`id`, `users`.`name` FROM `users` ON DUPLICATE KEY UPDATE `id` = `id`',
        },
        mariadb: {
          sql: 'INSERT INTO `posts` (`user_id`, `title`) SELECT `users`.`id`, `users`.`name` FROM `users` ON DUPLICATE KEY UPDATE `id` = `id`',
        },
        sqlite: {
          sql: 'INSERT INTO "posts" ("user_id", "title") SELECT * FROM (SELECT "users"."id", "users"."name" FROM "users") WHERE true ON CONFLICT ("id") DO NOTHING',
        },
        mssql: { error: /an upsert without VALUES is not supported by the mssql dialect/ },
        oracle: { error: /an upsert without VALUES is not supported by the oracle dialect/ },
      },
    );
  });
});

describe('update', () => {
  it('set values and expressions', () => {
    expectCompiled(
      () =>
        update(users)
          .set({ name: 'x', age: users.c.age.add(1) })
          .where(users.c.id.eq(1)),
      {
        postgresql: {
          sql: 'UPDATE "users" SET "name" = $1, "age" = "users"."age" + $2 WHERE "users"."id" = $3',
          params: ['x', 1, 1],
        },
        mysql: {
          sql: 'UPDATE `users` SET `name` = ?, `age` = `users`.`age` + ? WHERE `users`.`id` = ?',
          params: ['x', 1, 1],
        },
        mariadb: {
          sql: 'UPDATE `users` SET `name` = ?, `age` = `users`.`age` + ? WHERE `users`.`id` = ?',
          params: ['x', 1, 1],
        },
        sqlite: {
          sql: 'UPDATE "users" SET "name" = ?, "age" = "users"."age" + ? WHERE "users"."id" = ?',
          params: ['x', 1, 1],
        },
        mssql: {
          sql: 'UPDATE [users] SET [name] = @p1, [age] = [users].[age] + @p2 WHERE [users].[id] = @p3',
          params: ['x', 1, 1],
        },
        oracle: {
          sql: 'UPDATE "users" SET "name" = :1, "age" = "users"."age" + :2 WHERE "users"."id" = :3',
          params: ['x', 1, 1],
        },
      },
    );
  });
  it('no WHERE', () => {
    expectCompiled(() => update(users).set({ active: false }), {
      postgresql: { sql: 'UPDATE "users" SET "active" = $1', params: [false] },
      mysql: { sql: 'UPDATE `users` SET `active` = ?', params: [false] },
      mariadb: { sql: 'UPDATE `users` SET `active` = ?', params: [false] },
      sqlite: { sql: 'UPDATE "users" SET "active" = ?', params: [0] },
      mssql: { sql: 'UPDATE [users] SET [active] = @p1', params: [false] },
      oracle: { sql: 'UPDATE "users" SET "active" = :1', params: [0] },
    });
  });
  it('returning (OUTPUT INSERTED on SQL Server, CompileError on MySQL and MariaDB)', () => {
    expectCompiled(
      () => update(users).set({ name: 'x' }).where(users.c.id.eq(1)).returning(users.c.id, users.c.name),
      {
        postgresql: {
          sql: 'UPDATE "users" SET "name" = $1 WHERE "users"."id" = $2 RETURNING "id", "name"',
          params: ['x', 1],
        },
        mysql: { error: /UPDATE … RETURNING is not supported by the mysql dialect/ },
        mariadb: { error: /UPDATE … RETURNING is not supported by the mariadb dialect/ },
        sqlite: {
          sql: 'UPDATE "users" SET "name" = ? WHERE "users"."id" = ? RETURNING "id", "name"',
          params: ['x', 1],
        },
        mssql: {
          sql: 'UPDATE [users] SET [name] = @p1 OUTPUT INSERTED.[id], INSERTED.[name] WHERE [users].[id] = @p2',
          params: ['x', 1],
        },
        oracle: {
          sql: 'UPDATE "users" SET "name" = :1 WHERE "users"."id" = :2 RETURNING "id", "name" INTO :3, :4',
          params: ['x', 1],
        },
      },
    );
  });
  it('from another table (multi-table UPDATE on MySQL, CompileError on Oracle)', () => {
    expectCompiled(
      () =>
        update(posts)
          .set({ title: users.c.name })
          .from(users)
          .where(posts.c.userId.eq(users.c.id), users.c.age.gt(1)),
      {
        postgresql: {
          sql: 'UPDATE "posts" SET "title" = "users"."name" FROM "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > $1',
          params: [1],
        },
        mysql: {
          sql: 'UPDATE `posts`, `users` SET `posts`.`title` = `users`.`name` WHERE `posts`.`user_id` = `users`.`id` AND `users`.`age` > ?',
          params: [1],
        },
        mariadb: {
          sql: 'UPDATE `posts`, `users` SET `posts`.`title` = `users`.`name` WHERE `posts`.`user_id` = `users`.`id` AND `users`.`age` > ?',
          params: [1],
        },
        sqlite: {
          sql: 'UPDATE "posts" SET "title" = "users"."name" FROM "users" WHERE "posts"."user_id" = "users"."id" AND "users"."age" > ?',
          params: [1],
        },
        mssql: {
          sql: 'UPDATE [posts] SET [title] = [users].[name] FROM [users] WHERE [posts].[user_id] = [users].[id] AND [users].[age] > @p1',
          params: [1],
        },
        oracle: { error: /UPDATE … FROM is not supported by the oracle dialect/ },
      },
    );
  });
  it('a correlated subquery refers to the target table', () => {
    expectCompiled(
      () =>
        update(users)
          .set({ age: 0 })
          .where(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id)))),
      {
        postgresql: {
          sql: 'UPDATE "users" SET "age" = $1 WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
          params: [0],
        },
        mysql: {
          sql: 'UPDATE `users` SET `age` = ? WHERE EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
          params: [0],
        },
        mariadb: {
          sql: 'UPDATE `users` SET `age` = ? WHERE EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
          params: [0],
        },
        sqlite: {
          sql: 'UPDATE "users" SET "age" = ? WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
          params: [0],
        },
        mssql: {
          sql: 'UPDATE [users] SET [age] = @p1 WHERE EXISTS (SELECT [posts].[id] FROM [posts] WHERE [posts].[user_id] = [users].[id])',
          params: [0],
        },
        oracle: {
          sql: 'UPDATE "users" SET "age" = :1 WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
          params: [0],
        },
      },
    );
  });
  it('a scalar subquery as a value', () => {
    expectCompiled(
      () =>
        update(users).set({
          age: select(func.count()).from(posts).where(posts.c.userId.eq(users.c.id)).scalarSubquery<number>(),
        }),
      {
        postgresql: {
          sql: 'UPDATE "users" SET "age" = (SELECT count(*) AS "count_1" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mysql: {
          sql: 'UPDATE `users` SET `age` = (SELECT count(*) AS `count_1` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        mariadb: {
          sql: 'UPDATE `users` SET `age` = (SELECT count(*) AS `count_1` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        sqlite: {
          sql: 'UPDATE "users" SET "age" = (SELECT count(*) AS "count_1" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mssql: {
          sql: 'UPDATE [users] SET [age] = (SELECT count(*) AS [count_1] FROM [posts] WHERE [posts].[user_id] = [users].[id])',
        },
        oracle: {
          sql: 'UPDATE "users" SET "age" = (SELECT count(*) AS "count_1" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
      },
    );
  });
  it('a boolean condition as a value', () => {
    expectCompiled(() => update(users).set({ active: users.c.age.ge(18) }), {
      postgresql: { sql: 'UPDATE "users" SET "active" = "users"."age" >= $1', params: [18] },
      mysql: { sql: 'UPDATE `users` SET `active` = `users`.`age` >= ?', params: [18] },
      mariadb: { sql: 'UPDATE `users` SET `active` = `users`.`age` >= ?', params: [18] },
      sqlite: { sql: 'UPDATE "users" SET "active" = "users"."age" >= ?', params: [18] },
      mssql: {
        sql: 'UPDATE [users] SET [active] = CAST(CASE WHEN [users].[age] >= @p1 THEN 1 ELSE 0 END AS BIT)',
        params: [18],
      },
      oracle: {
        sql: 'UPDATE "users" SET "active" = CASE WHEN "users"."age" >= :1 THEN 1 ELSE 0 END',
        params: [18],
      },
    });
  });
});

describe('delete', () => {
  it('with WHERE', () => {
    expectCompiled(() => deleteFrom(users).where(users.c.id.in([1, 2])), {
      postgresql: { sql: 'DELETE FROM "users" WHERE "users"."id" IN ($1, $2)', params: [1, 2] },
      mysql: { sql: 'DELETE FROM `users` WHERE `users`.`id` IN (?, ?)', params: [1, 2] },
      mariadb: { sql: 'DELETE FROM `users` WHERE `users`.`id` IN (?, ?)', params: [1, 2] },
      sqlite: { sql: 'DELETE FROM "users" WHERE "users"."id" IN (?, ?)', params: [1, 2] },
      mssql: { sql: 'DELETE FROM [users] WHERE [users].[id] IN (@p1, @p2)', params: [1, 2] },
      oracle: { sql: 'DELETE FROM "users" WHERE "users"."id" IN (:1, :2)', params: [1, 2] },
    });
  });
  it('everything', () => {
    expectCompiled(() => deleteFrom(users), {
      postgresql: { sql: 'DELETE FROM "users"' },
      mysql: { sql: 'DELETE FROM `users`' },
      mariadb: { sql: 'DELETE FROM `users`' },
      sqlite: { sql: 'DELETE FROM "users"' },
      mssql: { sql: 'DELETE FROM [users]' },
      oracle: { sql: 'DELETE FROM "users"' },
    });
  });
  it('returning (OUTPUT DELETED on SQL Server)', () => {
    expectCompiled(
      () => deleteFrom(users).where(users.c.id.eq(1)).returning(users.c.id, users.c.name.as('nm')),
      {
        postgresql: {
          sql: 'DELETE FROM "users" WHERE "users"."id" = $1 RETURNING "id", "name" AS "nm"',
          params: [1],
        },
        mysql: { error: /RETURNING is not supported by the mysql dialect/ },
        mariadb: {
          sql: 'DELETE FROM `users` WHERE `users`.`id` = ? RETURNING `id`, `name` AS `nm`',
          params: [1],
        },
        sqlite: {
          sql: 'DELETE FROM "users" WHERE "users"."id" = ? RETURNING "id", "name" AS "nm"',
          params: [1],
        },
        mssql: {
          sql: 'DELETE FROM [users] OUTPUT DELETED.[id], DELETED.[name] AS [nm] WHERE [users].[id] = @p1',
          params: [1],
        },
        oracle: {
          sql: 'DELETE FROM "users" WHERE "users"."id" = :1 RETURNING "id", "name" INTO :2, :3',
          params: [1],
        },
      },
    );
  });
  it('a subquery of another table', () => {
    expectCompiled(() => deleteFrom(users).where(users.c.id.notIn(select(posts.c.userId))), {
      postgresql: {
        sql: 'DELETE FROM "users" WHERE "users"."id" NOT IN (SELECT "posts"."user_id" AS "userId" FROM "posts")',
      },
      mysql: {
        sql: 'DELETE FROM `users` WHERE `users`.`id` NOT IN (SELECT `posts`.`user_id` AS `userId` FROM `posts`)',
      },
      mariadb: {
        sql: 'DELETE FROM `users` WHERE `users`.`id` NOT IN (SELECT `posts`.`user_id` AS `userId` FROM `posts`)',
      },
      sqlite: {
        sql: 'DELETE FROM "users" WHERE "users"."id" NOT IN (SELECT "posts"."user_id" AS "userId" FROM "posts")',
      },
      mssql: {
        sql: 'DELETE FROM [users] WHERE [users].[id] NOT IN (SELECT [posts].[user_id] AS [userId] FROM [posts])',
      },
      oracle: {
        sql: 'DELETE FROM "users" WHERE "users"."id" NOT IN (SELECT "posts"."user_id" AS "userId" FROM "posts")',
      },
    });
  });
  it('a correlated NOT EXISTS', () => {
    expectCompiled(
      () => deleteFrom(users).where(not(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id))))),
      {
        postgresql: {
          sql: 'DELETE FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mysql: {
          sql: 'DELETE FROM `users` WHERE NOT EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        mariadb: {
          sql: 'DELETE FROM `users` WHERE NOT EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)',
        },
        sqlite: {
          sql: 'DELETE FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
        mssql: {
          sql: 'DELETE FROM [users] WHERE NOT EXISTS (SELECT [posts].[id] FROM [posts] WHERE [posts].[user_id] = [users].[id])',
        },
        oracle: {
          sql: 'DELETE FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
        },
      },
    );
  });
});

describe('compiled metadata', () => {
  it('Oracle RETURNING INTO lists its out-binds after the params', () => {
    const q = compile(
      update(users).set({ age: 3 }).where(users.c.id.eq(7)).returning(users.c.id, users.c.name.as('nm')),
      'oracle',
    );
    expect(q.sql).toBe(
      'UPDATE "users" SET "age" = :1 WHERE "users"."id" = :2 RETURNING "id", "name" INTO :3, :4',
    );
    expect(q.params).toEqual([3, 7]);
    expect(q.outBinds?.map((o) => [o.name, o.type])).toEqual([
      ['id', users.c.id.type],
      ['nm', users.c.name.type],
    ]);
    expect(q.returnsRows).toBe(true);
    expect(q.statementKind).toBe('update');
  });
  it('other dialects have no out-binds; result columns follow RETURNING', () => {
    for (const d of ['postgresql', 'mariadb', 'sqlite', 'mssql'] as const) {
      const q = compile(insert(users).values({ name: 'a' }).returning(users.c.id), d);
      expect(q.outBinds).toBeUndefined();
      expect(q.columns.map((c) => c.name)).toEqual(['id']);
      expect(q.returnsRows).toBe(true);
    }
  });
  it('DML without RETURNING returns no rows', () => {
    const q = compile(deleteFrom(users), 'postgresql');
    expect([q.statementKind, q.returnsRows, q.columns]).toEqual(['delete', false, []]);
  });
  it('a statement is immutable: adding criteria returns a new statement', () => {
    const base = select(users.c.id);
    const filtered = base.where(users.c.id.eq(1));
    expect(compile(base, 'postgresql').sql).toBe('SELECT "users"."id" FROM "users"');
    expect(compile(filtered, 'postgresql').sql).toBe(
      'SELECT "users"."id" FROM "users" WHERE "users"."id" = $1',
    );
    expect(Object.isFrozen(filtered.node)).toBe(true);
  });
});

describe('update from a VALUES table', () => {
  it('compiles per dialect (a UNION ALL derived table on MySQL/MariaDB; Oracle has no UPDATE … FROM)', () => {
    const v = valuesTable('v', { p0: types.integer(), s0: types.string(50) }, [
      [1, 'a'],
      [2, 'b'],
    ]);
    expectCompiled(update(users).set({ name: v.c.s0 }).from(v).where(users.c.id.eq(v.c.p0)), {
      postgresql: {
        sql: 'UPDATE "users" SET "name" = "v"."s0" FROM (VALUES (CAST($1 AS INTEGER), CAST($2 AS VARCHAR(50))), ($3, $4)) AS "v" ("p0", "s0") WHERE "users"."id" = "v"."p0"',
        params: [1, 'a', 2, 'b'],
      },
      mysql: {
        sql: 'UPDATE `users`, (SELECT ? AS `p0`, ? AS `s0` UNION ALL SELECT ?, ?) AS `v` SET `users`.`name` = `v`.`s0` WHERE `users`.`id` = `v`.`p0`',
        params: [1, 'a', 2, 'b'],
      },
      mariadb: {
        sql: 'UPDATE `users`, (SELECT ? AS `p0`, ? AS `s0` UNION ALL SELECT ?, ?) AS `v` SET `users`.`name` = `v`.`s0` WHERE `users`.`id` = `v`.`p0`',
        params: [1, 'a', 2, 'b'],
      },
      sqlite: {
        sql: 'UPDATE "users" SET "name" = "v"."s0" FROM (SELECT "column1" AS "p0", "column2" AS "s0" FROM (VALUES (?, ?), (?, ?))) AS "v" WHERE "users"."id" = "v"."p0"',
        params: [1, 'a', 2, 'b'],
      },
      mssql: {
        sql: 'UPDATE [users] SET [name] = [v].[s0] FROM (VALUES (@p1, @p2), (@p3, @p4)) AS [v] ([p0], [s0]) WHERE [users].[id] = [v].[p0]',
        params: [1, 'a', 2, 'b'],
      },
      oracle: { error: /UPDATE … FROM is not supported by the oracle dialect/ },
    });
  });

  it('rejects rows of the wrong width and empty tables', () => {
    expect(() => valuesTable('v', { a: types.integer() }, [])).toThrow('needs at least one row');
    expect(() => valuesTable('v', { a: types.integer() }, [[1, 2]])).toThrow(
      'row 1 has 2 values for 1 columns',
    );
  });
});
