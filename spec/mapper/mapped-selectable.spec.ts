import { Column, Table } from '../../lib/decorators';
import { MappedSelectableError } from '../../lib/errors';
import { aliased, attrs, inspect, Registry } from '../../lib/mapper';
import { and, column, compile, joinTables, MetaData, select, table, types } from '../../lib/sql';
import { expectCompiled } from '../sql/helpers';

const metadata = new MetaData();
const versionTable = table(
  'version_table',
  {
    id: column(types.integer(), { primaryKey: true }),
    version_id: column(types.integer()),
    value: column(types.string(40)),
  },
  { metadata },
);
const users = table(
  'users',
  { id: column(types.integer(), { primaryKey: true }), name: column(types.string(30)) },
  { metadata },
);
const addresses = table(
  'addresses',
  {
    id: column(types.integer(), { primaryKey: true }),
    user_id: column(types.integer(), { nullable: false, foreignKey: users.c.id }),
    email_address: column(types.string(50)),
  },
  { metadata },
);
const current = select(versionTable).where(versionTable.c.id.gt(0)).subquery('current_table');
const usersAddresses = joinTables(users, addresses, users.c.id.eq(addresses.c.user_id));

const registry = new Registry();
@Table({ registry, mappedTo: current })
class Foo {
  @Column() id!: number;
  @Column({ version: true }) version_id!: number;
  @Column() value!: string;
}
@Table({ registry, mappedTo: usersAddresses })
class User {
  @Column({ mapsTo: [users.c.id, addresses.c.user_id] }) foo_id!: number;
  @Column() name!: string;
  @Column({ mapsTo: addresses.c.id }) id!: number;
  @Column({ mapsTo: addresses.c.email_address }) email!: string;
}

describe('a class mapped to a subquery', () => {
  it('reads through the subquery and writes its table', () => {
    const m = inspect(Foo);
    expect(m.tables).toEqual([versionTable]);
    expect(m.selectable).toBe(current);
    expect(m.columnProps.map((p) => [p.key, String(p.columns[0])])).toEqual([
      ['id', 'version_table.id'],
      ['version_id', 'version_table.version_id'],
      ['value', 'version_table.value'],
    ]);
    expect(m.versionProp?.key).toBe('version_id');
    expect(m.primaryKeyProps.map((p) => p.key)).toEqual(['id']);
  });

  it('select(Foo) compiles to a SELECT from the subquery on six dialects', () => {
    const f = attrs(Foo);
    expectCompiled(select(Foo).where(f.value.eq('f1')).orderBy(f.id), {
      postgresql: {
        sql: 'SELECT "current_table"."id", "current_table"."version_id", "current_table"."value" FROM (SELECT "version_table"."id", "version_table"."version_id", "version_table"."value" FROM "version_table" WHERE "version_table"."id" > $1) AS "current_table" WHERE "current_table"."value" = $2 ORDER BY "current_table"."id"',
        params: [0, 'f1'],
      },
      mysql: {
        sql: 'SELECT `current_table`.`id`, `current_table`.`version_id`, `current_table`.`value` FROM (SELECT `version_table`.`id`, `version_table`.`version_id`, `version_table`.`value` FROM `version_table` WHERE `version_table`.`id` > ?) AS `current_table` WHERE `current_table`.`value` = ? ORDER BY `current_table`.`id`',
        params: [0, 'f1'],
      },
      mariadb: {
        sql: 'SELECT `current_table`.`id`, `current_table`.`version_id`, `current_table`.`value` FROM (SELECT `version_table`.`id`, `version_table`.`version_id`, `version_table`.`value` FROM `version_table` WHERE `version_table`.`id` > ?) AS `current_table` WHERE `current_table`.`value` = ? ORDER BY `current_table`.`id`',
        params: [0, 'f1'],
      },
      sqlite: {
        sql: 'SELECT "current_table"."id", "current_table"."version_id", "current_table"."value" FROM (SELECT "version_table"."id", "version_table"."version_id", "version_table"."value" FROM "version_table" WHERE "version_table"."id" > ?) AS "current_table" WHERE "current_table"."value" = ? ORDER BY "current_table"."id"',
        params: [0, 'f1'],
      },
      mssql: {
        sql: 'SELECT [current_table].[id], [current_table].[version_id], [current_table].[value] FROM (SELECT [version_table].[id], [version_table].[version_id], [version_table].[value] FROM [version_table] WHERE [version_table].[id] > @p1) AS [current_table] WHERE [current_table].[value] = @p2 ORDER BY [current_table].[id]',
        params: [0, 'f1'],
      },
      oracle: {
        sql: 'SELECT "current_table"."id", "current_table"."version_id", "current_table"."value" FROM (SELECT "version_table"."id", "version_table"."version_id", "version_table"."value" FROM "version_table" WHERE "version_table"."id" > :1) "current_table" WHERE "current_table"."value" = :2 ORDER BY "current_table"."id"',
        params: [0, 'f1'],
      },
    });
  });

  it('attribute selects read the subquery columns', () => {
    const f = attrs(Foo);
    expectCompiled(select(f.id, f.version_id).where(f.id.eq(5)), {
      postgresql: {
        sql: 'SELECT "current_table"."id", "current_table"."version_id" FROM (SELECT "version_table"."id", "version_table"."version_id", "version_table"."value" FROM "version_table" WHERE "version_table"."id" > $1) AS "current_table" WHERE "current_table"."id" = $2',
        params: [0, 5],
      },
      mysql: {
        sql: 'SELECT `current_table`.`id`, `current_table`.`version_id` FROM (SELECT `version_table`.`id`, `version_table`.`version_id`, `version_table`.`value` FROM `version_table` WHERE `version_table`.`id` > ?) AS `current_table` WHERE `current_table`.`id` = ?',
        params: [0, 5],
      },
      mariadb: {
        sql: 'SELECT `current_table`.`id`, `current_table`.`version_id` FROM (SELECT `version_table`.`id`, `version_table`.`version_id`, `version_table`.`value` FROM `version_table` WHERE `version_table`.`id` > ?) AS `current_table` WHERE `current_table`.`id` = ?',
        params: [0, 5],
      },
      sqlite: {
        sql: 'SELECT "current_table"."id", "current_table"."version_id" FROM (SELECT "version_table"."id", "version_table"."version_id", "version_table"."value" FROM "version_table" WHERE "version_table"."id" > ?) AS "current_table" WHERE "current_table"."id" = ?',
        params: [0, 5],
      },
      mssql: {
        sql: 'SELECT [current_table].[id], [current_table].[version_id] FROM (SELECT [version_table].[id], [version_table].[version_id], [version_table].[value] FROM [version_table] WHERE [version_table].[id] > @p1) AS [current_table] WHERE [current_table].[id] = @p2',
        params: [0, 5],
      },
      oracle: {
        sql: 'SELECT "current_table"."id", "current_table"."version_id" FROM (SELECT "version_table"."id", "version_table"."version_id", "version_table"."value" FROM "version_table" WHERE "version_table"."id" > :1) "current_table" WHERE "current_table"."id" = :2',
        params: [0, 5],
      },
    });
  });
});

describe('a class mapped to a join', () => {
  it('maps the joined key columns to one attribute, and identifies rows by both tables keys', () => {
    const m = inspect(User);
    expect(m.tables).toEqual([users, addresses]);
    expect(m.columnProp('foo_id')!.columns.map(String)).toEqual(['users.id', 'addresses.user_id']);
    expect(m.primaryKeyProps.map((p) => p.key)).toEqual(['foo_id', 'id']);
  });

  it('a select of attributes alone reads FROM the join, not from each table apart', () => {
    const u = attrs(User);
    expectCompiled(select(u.name, u.email).orderBy(u.foo_id), {
      postgresql: {
        sql: 'SELECT "users"."name", "addresses"."email_address" FROM "users" JOIN "addresses" ON "users"."id" = "addresses"."user_id" ORDER BY "users"."id"',
        params: [],
      },
      mysql: {
        sql: 'SELECT `users`.`name`, `addresses`.`email_address` FROM `users` JOIN `addresses` ON `users`.`id` = `addresses`.`user_id` ORDER BY `users`.`id`',
        params: [],
      },
      mariadb: {
        sql: 'SELECT `users`.`name`, `addresses`.`email_address` FROM `users` JOIN `addresses` ON `users`.`id` = `addresses`.`user_id` ORDER BY `users`.`id`',
        params: [],
      },
      sqlite: {
        sql: 'SELECT "users"."name", "addresses"."email_address" FROM "users" JOIN "addresses" ON "users"."id" = "addresses"."user_id" ORDER BY "users"."id"',
        params: [],
      },
      mssql: {
        sql: 'SELECT [users].[name], [addresses].[email_address] FROM [users] JOIN [addresses] ON [users].[id] = [addresses].[user_id] ORDER BY [users].[id]',
        params: [],
      },
      oracle: {
        sql: 'SELECT "users"."name", "addresses"."email_address" FROM "users" JOIN "addresses" ON "users"."id" = "addresses"."user_id" ORDER BY "users"."id"',
        params: [],
      },
    });
    // The table's own columns still read from the table alone (Core use of users is unchanged).
    expect(compile(select(users.c.name), 'sqlite').sql).toBe('SELECT "users"."name" FROM "users"');
  });

  it('select(User) compiles to a SELECT from the join on six dialects', () => {
    const u = attrs(User);
    expectCompiled(select(User).where(and(u.foo_id.eq(7), u.id.eq(9))), {
      postgresql: {
        sql: 'SELECT "users"."id", "users"."name", "addresses"."id" AS "id_1", "addresses"."email_address" FROM "users" JOIN "addresses" ON "users"."id" = "addresses"."user_id" WHERE "users"."id" = $1 AND "addresses"."id" = $2',
        params: [7, 9],
      },
      mysql: {
        sql: 'SELECT `users`.`id`, `users`.`name`, `addresses`.`id` AS `id_1`, `addresses`.`email_address` FROM `users` JOIN `addresses` ON `users`.`id` = `addresses`.`user_id` WHERE `users`.`id` = ? AND `addresses`.`id` = ?',
        params: [7, 9],
      },
      mariadb: {
        sql: 'SELECT `users`.`id`, `users`.`name`, `addresses`.`id` AS `id_1`, `addresses`.`email_address` FROM `users` JOIN `addresses` ON `users`.`id` = `addresses`.`user_id` WHERE `users`.`id` = ? AND `addresses`.`id` = ?',
        params: [7, 9],
      },
      sqlite: {
        sql: 'SELECT "users"."id", "users"."name", "addresses"."id" AS "id_1", "addresses"."email_address" FROM "users" JOIN "addresses" ON "users"."id" = "addresses"."user_id" WHERE "users"."id" = ? AND "addresses"."id" = ?',
        params: [7, 9],
      },
      mssql: {
        sql: 'SELECT [users].[id], [users].[name], [addresses].[id] AS [id_1], [addresses].[email_address] FROM [users] JOIN [addresses] ON [users].[id] = [addresses].[user_id] WHERE [users].[id] = @p1 AND [addresses].[id] = @p2',
        params: [7, 9],
      },
      oracle: {
        sql: 'SELECT "users"."id", "users"."name", "addresses"."id" AS "id_1", "addresses"."email_address" FROM "users" JOIN "addresses" ON "users"."id" = "addresses"."user_id" WHERE "users"."id" = :1 AND "addresses"."id" = :2',
        params: [7, 9],
      },
    });
  });
});

/** The MappedSelectableError configure() raises for `define`, with the class and attribute it names. */
function refusal(define: (reg: Registry) => void): { message: string; entity: string; attribute?: string } {
  const reg = new Registry();
  define(reg);
  try {
    reg.configure();
  } catch (e) {
    expect(e).toBeInstanceOf(MappedSelectableError);
    const err = e as MappedSelectableError;
    return { message: err.message, entity: err.entity, attribute: err.attribute };
  }
  throw new Error('configure() did not fail');
}

describe('what a mapped select or join refuses, naming the class and attribute', () => {
  it('a column key two joined tables share, unless mapsTo says which', () => {
    const got = refusal((registry) => {
      @Table({ registry, mappedTo: usersAddresses })
      class Both {
        @Column({ mapsTo: [users.c.id, addresses.c.user_id] }) userId!: number;
        @Column({ mapsTo: addresses.c.id }) addressId!: number;
        @Column() id!: number;
      }
      return Both;
    });
    expect(got).toEqual({
      entity: 'Both',
      attribute: 'id',
      message: expect.stringMatching(
        /'id' is a column of several tables of the join \(users\.id, addresses\.id\)/,
      ),
    });
  });

  it('a select item that is an expression, not a column of a table', () => {
    const counted = select(versionTable.c.id, versionTable.c.value.concat('!').as('loud')).subquery(
      'loud_rows',
    );
    const got = refusal((registry) => {
      @Table({ registry, mappedTo: counted })
      class Loud {
        @Column() id!: number;
        @Column() loud!: string;
      }
      return Loud;
    });
    expect(got).toEqual({
      entity: 'Loud',
      attribute: 'loud',
      message: expect.stringMatching(/column 'loud' of the mapped select is an expression/),
    });
  });

  it('a column the selectable lacks, and mapsTo naming a column of another table', () => {
    expect(
      refusal((registry) => {
        @Table({ registry, mappedTo: current })
        class Missing {
          @Column() id!: number;
          @Column() title!: string;
        }
        return Missing;
      }),
    ).toEqual({
      entity: 'Missing',
      attribute: 'title',
      message: expect.stringMatching(/has no column 'title'/),
    });
    expect(
      refusal((registry) => {
        @Table({ registry, mappedTo: current })
        class Elsewhere {
          @Column() id!: number;
          @Column({ mapsTo: users.c.name }) name!: string;
        }
        return Elsewhere;
      }),
    ).toEqual({
      entity: 'Elsewhere',
      attribute: 'name',
      message: expect.stringMatching(/mapsTo names users\.name/),
    });
  });

  it('a table whose primary key is not mapped', () => {
    const got = refusal((registry) => {
      @Table({ registry, mappedTo: usersAddresses })
      class NoAddressKey {
        @Column({ mapsTo: [users.c.id, addresses.c.user_id] }) id!: number;
        @Column() email_address!: string;
      }
      return NoAddressKey;
    });
    expect(got.entity).toBe('NoAddressKey');
    expect(got.message).toMatch(/primary key column addresses\.id is not mapped/);
  });

  it('DDL options, mapsTo on a class with a table, inheritance, and aliased()', () => {
    expect(
      refusal((registry) => {
        @Table({ registry, mappedTo: current })
        class Typed {
          @Column() id!: number;
          @Column({ type: types.string(10) }) value!: string;
        }
        return Typed;
      }).message,
    ).toMatch(/Typed\.value: 'type' is an option of a table's column/);
    expect(
      refusal((registry) => {
        @Table('plain_things', { registry })
        class Plain {
          @Column({ primaryKey: true, mapsTo: users.c.id }) id!: number;
        }
        return Plain;
      }).message,
    ).toMatch(/Plain\.id: mapsTo is for a class mapped to a select or join/);
    expect(
      refusal((registry) => {
        @Table({ registry, mappedTo: current })
        class Parent {
          @Column() id!: number;
        }
        @Table('children', { registry })
        class Child extends Parent {
          @Column() extra!: string;
        }
        return Child;
      }).message,
    ).toMatch(/Child: inheritance from or into a class mapped to a select or join \(Parent\)/);
    expect(() => aliased(Foo)).toThrow(
      /aliased\(Foo\): a class mapped to a select or join cannot be aliased/,
    );
  });
});
