import { Column, Table } from '../../lib/decorators';
import { aliased, attrs, inspect, instanceState, Registry } from '../../lib/mapper';
import { compile, select, types, type DialectName } from '../../lib/sql';
import { User } from './fixtures';

const registry = new Registry();

@Table('employees', { registry, polymorphicOn: 'type', polymorphicIdentity: 'employee' })
class Employee {
  @Column({ primaryKey: true }) id!: number;
  @Column() name!: string;
  @Column({ type: types.string(20) }) type!: string;
}
@Table({ registry, polymorphicIdentity: 'manager' })
class Manager extends Employee {
  @Column({ type: types.integer(), nullable: true }) budget!: number | null;
}
@Table('engineers', { registry, polymorphicIdentity: 'engineer' })
class Engineer extends Employee {
  @Column({ type: types.string(30), nullable: true }) language!: string | null;
}

const DIALECTS: DialectName[] = ['postgresql', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle'];
const sqlFor = (stmt: Parameters<typeof compile>[0]) =>
  Object.fromEntries(DIALECTS.map((d) => [d, compile(stmt, d).sql]));

describe('inheritance mapping', () => {
  it('single-table subclasses share the table; joined subclasses get theirs with an FK primary key', () => {
    expect(inspect(Manager).inheritance).toBe('single');
    expect(inspect(Manager).table).toBe(inspect(Employee).table);
    expect(inspect(Employee).table.columns.map((c) => c.name)).toEqual(['id', 'name', 'type', 'budget']);
    const eng = inspect(Engineer);
    expect(eng.inheritance).toBe('joined');
    expect(eng.tables.map((t) => t.name)).toEqual(['employees', 'engineers']);
    expect(eng.table.columns.map((c) => c.name)).toEqual(['id', 'language']);
    expect(eng.table.foreignKeys[0]!.referredColumns[0]!.toString()).toBe('employees.id');
    expect(eng.columnProp('id')!.columns.map(String)).toEqual(['employees.id', 'engineers.id']);
    expect(eng.primaryKeyProps.map((p) => p.key)).toEqual(['id']);
    expect(inspect(Employee).subMappers.map((m) => m.name)).toEqual(['Manager', 'Engineer']);
    expect([...inspect(Employee).polymorphicMap.keys()]).toEqual(['employee', 'manager', 'engineer']);
    expect(inspect(Engineer).identityKeyFor([4])).toBe(inspect(Employee).identityKeyFor([4]));
  });
});

describe('compiled ORM selects on six dialects', () => {
  it('select(User) lists the mapped columns', () => {
    const u = attrs(User);
    expect(sqlFor(select(User).where(u.email.like('%@example.com')).orderBy(u.id.desc()).limit(5))).toEqual({
      postgresql:
        'SELECT "users"."id", "users"."email", "users"."nickname", "users"."createdAt" FROM "users" WHERE "users"."email" LIKE $1 ORDER BY "users"."id" DESC LIMIT $2',
      mysql:
        'SELECT `users`.`id`, `users`.`email`, `users`.`nickname`, `users`.`createdAt` FROM `users` WHERE `users`.`email` LIKE ? ORDER BY `users`.`id` DESC LIMIT ?',
      mariadb:
        'SELECT `users`.`id`, `users`.`email`, `users`.`nickname`, `users`.`createdAt` FROM `users` WHERE `users`.`email` LIKE ? ORDER BY `users`.`id` DESC LIMIT ?',
      sqlite:
        'SELECT "users"."id", "users"."email", "users"."nickname", "users"."createdAt" FROM "users" WHERE "users"."email" LIKE ? ORDER BY "users"."id" DESC LIMIT ?',
      mssql:
        'SELECT TOP (@p1) [users].[id], [users].[email], [users].[nickname], [users].[createdAt] FROM [users] WHERE [users].[email] LIKE @p2 ORDER BY [users].[id] DESC',
      oracle: expect.stringContaining(
        'FROM "users" WHERE "users"."email" LIKE :1 ORDER BY "users"."id" DESC',
      ),
    });
  });

  it('a single-table subclass adds the discriminator criterion', () => {
    const sql = sqlFor(select(Manager));
    expect(sql.postgresql).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "employees"."budget" FROM "employees" WHERE "employees"."type" = $1',
    );
    expect(sql.mysql).toBe(
      'SELECT `employees`.`id`, `employees`.`name`, `employees`.`type`, `employees`.`budget` FROM `employees` WHERE `employees`.`type` = ?',
    );
    expect(sql.mssql).toBe(
      'SELECT [employees].[id], [employees].[name], [employees].[type], [employees].[budget] FROM [employees] WHERE [employees].[type] = @p1',
    );
    expect(sql.oracle).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "employees"."budget" FROM "employees" WHERE "employees"."type" = :1',
    );
    expect(compile(select(Manager), 'sqlite').params).toEqual(['manager']);
  });

  it('a joined subclass joins its table to the base table', () => {
    const sql = sqlFor(select(Engineer).where(attrs(Engineer).language.eq('ts')));
    expect(sql.postgresql).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "engineers"."language" FROM "employees" JOIN "engineers" ON "engineers"."id" = "employees"."id" WHERE "engineers"."language" = $1',
    );
    expect(sql.sqlite).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "engineers"."language" FROM "employees" JOIN "engineers" ON "engineers"."id" = "employees"."id" WHERE "engineers"."language" = ?',
    );
    expect(sql.mysql).toBe(
      'SELECT `employees`.`id`, `employees`.`name`, `employees`.`type`, `engineers`.`language` FROM `employees` JOIN `engineers` ON `engineers`.`id` = `employees`.`id` WHERE `engineers`.`language` = ?',
    );
    expect(sql.mariadb).toBe(sql.mysql);
    expect(sql.mssql).toBe(
      'SELECT [employees].[id], [employees].[name], [employees].[type], [engineers].[language] FROM [employees] JOIN [engineers] ON [engineers].[id] = [employees].[id] WHERE [engineers].[language] = @p1',
    );
    expect(sql.oracle).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "engineers"."language" FROM "employees" JOIN "engineers" ON "engineers"."id" = "employees"."id" WHERE "engineers"."language" = :1',
    );
  });

  it('attributes alone of a joined subclass select FROM its join, not a cross join of its tables', () => {
    const e = attrs(Engineer);
    const join = 'FROM "employees" JOIN "engineers" ON "engineers"."id" = "employees"."id"';
    expect(sqlFor(select(e.name, e.language)).postgresql).toBe(
      `SELECT "employees"."name", "engineers"."language" ${join}`,
    );
    expect(sqlFor(select(e.name, e.language)).mysql).toBe(
      'SELECT `employees`.`name`, `engineers`.`language` FROM `employees` JOIN `engineers` ON `engineers`.`id` = `employees`.`id`',
    );
    expect(sqlFor(select(e.name, e.language)).sqlite).toBe(
      `SELECT "employees"."name", "engineers"."language" ${join}`,
    );
    // A base-table attribute alone is the subclass's too, as in SQLAlchemy.
    expect(sqlFor(select(e.name)).postgresql).toBe(`SELECT "employees"."name" ${join}`);
    // Beside the base class's own attribute the base table is not read a second time.
    expect(sqlFor(select(attrs(Employee).id, e.language)).postgresql).toBe(
      `SELECT "employees"."id", "engineers"."language" ${join}`,
    );
    // Under select(Engineer) (and the base's polymorphic select) the criteria add no FROM item.
    expect(sqlFor(select(Engineer).where(e.name.eq('x'))).postgresql).toContain(`${join} WHERE`);
    expect(sqlFor(select(Employee).where(e.language.eq('ts'))).postgresql).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "employees"."budget", "engineers"."language" FROM "employees" LEFT OUTER JOIN "engineers" ON "engineers"."id" = "employees"."id" WHERE "engineers"."language" = $1',
    );
  });

  it('the base class loads polymorphically: LEFT OUTER JOIN to joined subclass tables', () => {
    expect(compile(select(Employee), 'postgresql').sql).toBe(
      'SELECT "employees"."id", "employees"."name", "employees"."type", "employees"."budget", "engineers"."language" ' +
        'FROM "employees" LEFT OUTER JOIN "engineers" ON "engineers"."id" = "employees"."id"',
    );
  });

  it('aliased() entities select from their own alias', () => {
    const a = aliased(User, 'u2');
    expect(compile(select(a).where(a.email.eq('x')), 'postgresql').sql).toBe(
      'SELECT "u2"."id", "u2"."email", "u2"."nickname", "u2"."createdAt" FROM "users" AS "u2" WHERE "u2"."email" = $1',
    );
    expect(compile(select(a).where(a.email.eq('x')), 'oracle').sql).toContain('FROM "users" "u2"');
  });

  it('relationship attributes join and build EXISTS', () => {
    const u = attrs(User);
    expect(compile(select(User).join(u.posts), 'postgresql').sql).toBe(
      'SELECT "users"."id", "users"."email", "users"."nickname", "users"."createdAt" FROM "users" JOIN "posts" ON "users"."id" = "posts"."authorId"',
    );
  });
});

describe('polymorphic hydration', () => {
  it('picks the class from the discriminator and reads only its columns', () => {
    const m = inspect(Employee);
    const reader = m.rowReader(m.selectColumns.map((_, i) => i));
    const rows = [
      [1, 'ann', 'employee', null, null],
      [2, 'bob', 'manager', 100, null],
      [3, 'cy', 'engineer', null, 'ts'],
    ];
    const objs = rows.map((r) => reader.hydrate(r));
    expect(objs.map((o) => o.constructor.name)).toEqual(['Employee', 'Manager', 'Engineer']);
    expect(instanceState(objs[1]!).dict).toEqual({ id: 2, name: 'bob', type: 'manager', budget: 100 });
    expect((objs[2] as Engineer).language).toBe('ts');
    expect(rows.map((r) => reader.identityKey(r))).toEqual(['Employee|1', 'Employee|2', 'Employee|3']);
    expect(reader.identityKey([null, null, null, null, null])).toBeUndefined();
    expect(() => reader.hydrate([4, 'x', 'pilot', null, null])).toThrow(
      'Employee: no mapped class has polymorphicIdentity "pilot"',
    );
  });

  it('caches one reader per layout', () => {
    const m = inspect(User);
    const layout = m.selectColumns.map((c) => c.name);
    expect(m.rowReader(layout)).toBe(m.rowReader([...layout]));
    expect(() => m.rowReader(['id'])).toThrow(
      'User: a row layout needs 4 keys (one per select column), got 1',
    );
  });
});
