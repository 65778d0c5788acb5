/**
 * ORM bulk INSERT of parameter sets and bulk UPDATE by primary key, from SQLAlchemy's
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest) and test/orm/test_unitofworkv2.py
 * (EagerDefaultsTest). SQLAlchemy sends a run of parameter sets naming the same columns as one
 * executemany; Athanor sends one multi-row INSERT per run, and one UPDATE per set.
 */
import { Column, Table } from '../../lib/decorators';
import { ArgumentError, InvalidRequestError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { executeBulk, ormInsert, ormUpdate } from '../../lib/session';
import { select, types } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite, type ConformanceContext } from './support';

/** SQL with this run's table names replaced and quoting/placeholders made uniform (" and ?). */
function normalizer(c: ConformanceContext, names: Record<string, string>): (sql: string) => string {
  return (sql) => {
    let out = sql.replace(/`/g, '"').replace(/\$\d+/g, '?');
    for (const [real, plain] of Object.entries(names)) out = out.split(real).join(plain);
    return out;
  };
}

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest (bulk UPDATE by primary key)', (c) => {
  const { User, loadUsers } = usersFixture(c);
  const u = attrs(User);
  const plain = (sql: string): string => normalizer(c, { [inspect(User).table.name]: 'users' })(sql);

  for (const sync of [undefined, false, 'evaluate', 'fetch'] as const) {
    for (const homogeneous of [true, false]) {
      it(`UPDATE by primary key of parameter sets, synchronizeSession ${String(sync)}, ${homogeneous ? 'the same' : 'different'} attributes per set [test_orm_upd_del_basic.py::UpdateDeleteTest::test_bulk_update_synchronize_session]`, async () => {
        const s = c.session({ expireOnCommit: false });
        const [john, jack, jill] = await loadUsers(s);
        const data = homogeneous
          ? [
              { id: john!.id, age: 35 },
              { id: jack!.id, age: 27 },
              { id: jill!.id, age: 30 },
            ]
          : [
              { id: john!.id, age: 35 },
              { id: jack!.id, name: 'new jack' },
              { id: jill!.id, age: 30, name: 'new jill' },
            ];
        const options =
          sync === undefined ? { parameters: data } : { parameters: data, synchronizeSession: sync };
        if (sync === 'fetch') {
          await expect(executeBulk(s, ormUpdate(User), options)).rejects.toThrow(
            new InvalidRequestError(
              `The 'fetch' synchronization strategy is not available for bulk UPDATE by primary key (ormUpdate(${inspect(User).name}) with parameter sets): use 'auto', 'evaluate' or false`,
            ),
          );
          return;
        }
        c.sql.start();
        expect(await executeBulk(s, ormUpdate(User), options)).toBe(3);
        expect(c.sql.dml().map(plain)).toEqual(
          homogeneous
            ? [
                'UPDATE "users" SET "age_int" = ? WHERE "users"."id" = ?',
                'UPDATE "users" SET "age_int" = ? WHERE "users"."id" = ?',
                'UPDATE "users" SET "age_int" = ? WHERE "users"."id" = ?',
              ]
            : [
                'UPDATE "users" SET "age_int" = ? WHERE "users"."id" = ?',
                'UPDATE "users" SET "name" = ? WHERE "users"."id" = ?',
                'UPDATE "users" SET "age_int" = ?, "name" = ? WHERE "users"."id" = ?',
              ],
        );
        expect(c.sql.all.filter((x) => /^UPDATE/.test(x.sql)).map((x) => x.params)).toEqual(
          homogeneous
            ? [
                [35, 1],
                [27, 2],
                [30, 3],
              ]
            : [
                [35, 1],
                ['new jack', 2],
                [30, 'new jill', 3],
              ],
        );
        if (sync === false) {
          expect([jill!.name, jack!.name, jill!.age, jack!.age]).toEqual(['jill', 'jack', 29, 47]);
        } else {
          if (!homogeneous) expect([jill!.name, jack!.name, jack!.age]).toEqual(['new jill', 'new jack', 47]);
          else expect(jack!.age).toBe(27);
          expect(jill!.age).toBe(30);
          expect(s.isModified(jill!)).toBe(false);
        }
        await s.commit();
        const rows = await c.readBack(`SELECT name, age_int FROM ${c.tableOf(User)} ORDER BY id`);
        expect(rows.map((r) => [r['name'], r['age_int']])).toEqual(
          homogeneous
            ? [
                ['john', 35],
                ['jack', 27],
                ['jill', 30],
                ['jane', 37],
              ]
            : [
                ['john', 35],
                ['new jack', 47],
                ['new jill', 30],
                ['jane', 37],
              ],
        );
      });
    }
  }

  it('an attribute with an unflushed change is expired, not overwritten (autoflush off)', async () => {
    const s = c.session({ autoflush: false });
    const [john] = await loadUsers(s);
    john!.name = 'pending';
    await executeBulk(s, ormUpdate(User), { parameters: [{ id: 1, name: 'bulk', age: 50 }] });
    expect(john!.age).toBe(50);
    expect(instanceState(john!).isExpired('name')).toBe(true);
  });

  it('a parameter set without the primary key, or with where()/values(), is refused before anything runs', async () => {
    const s = c.session();
    await expect(executeBulk(s, ormUpdate(User), { parameters: [{ age: 3 }] })).rejects.toThrow(
      new InvalidRequestError(
        `No primary key value supplied for id of ${inspect(User).name}: an ORM bulk UPDATE by primary key needs it in every parameter set`,
      ),
    );
    await expect(
      executeBulk(s, ormUpdate(User).where(u.id.eq(1)), { parameters: [{ id: 1, age: 3 }] }),
    ).rejects.toThrow(ArgumentError);
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 47, 29, 37]);
  });
});

conformanceSuite('test_unitofworkv2.py EagerDefaultsTest (bulk)', (c) => {
  const { Thing, Thing2 } = c.entities((registry, name) => {
    @Table(name('test'), { registry })
    class Thing {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true, serverDefault: 3 }) foo!: number | null;
    }
    @Table(name('test2'), { registry })
    class Thing2 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true }) foo!: number | null;
      @Column({ type: types.integer(), nullable: true, serverOnUpdate: true }) bar!: number | null;
    }
    return { Thing, Thing2 };
  });
  afterEach(() => c.clear(Thing, Thing2));
  const plain = (sql: string): string =>
    normalizer(c, { [inspect(Thing).table.name]: 'test', [inspect(Thing2).table.name]: 'test2' })(sql);

  it('a bulk INSERT of parameter sets reads no server default back [test_unitofworkv2.py::EagerDefaultsTest::test_insert_defaults_bulk_insert]', async () => {
    const s = c.session();
    c.sql.start();
    expect(await executeBulk(s, ormInsert(Thing), { parameters: [{ id: 1 }, { id: 2 }] })).toBe(2);
    expect(c.sql.dml().map(plain)).toEqual(['INSERT INTO "test" ("id") VALUES (?), (?)']);
    expect(c.sql.all.find((x) => /^INSERT/.test(x.sql))!.params).toEqual([1, 2]);
    await s.commit();
    expect(await c.readBack(`SELECT id, foo FROM ${c.tableOf(Thing)} ORDER BY id`)).toEqual([
      { id: 1, foo: 3 },
      { id: 2, foo: 3 },
    ]);
  });

  it('a bulk INSERT RETURNING the entity gives persistent objects holding the server defaults', async () => {
    const s = c.session();
    c.sql.start();
    const things = (
      await executeBulk(s, ormInsert(Thing).returning(Thing), { parameters: [{ id: 1 }, { id: 2, foo: 7 }] })
    ).scalars();
    // Two runs of parameter sets naming different attributes: two INSERTs.
    expect(c.sql.dml().map(plain)).toEqual([
      'INSERT INTO "test" ("id") VALUES (?) RETURNING "id", "foo"',
      'INSERT INTO "test" ("id", "foo") VALUES (?, ?) RETURNING "id", "foo"',
    ]);
    expect(things.map((t) => [t.id, t.foo])).toEqual([
      [1, 3],
      [2, 7],
    ]);
    for (const t of things) expect(instanceState(t).status).toBe('persistent');
    expect(await s.get(Thing, 1)).toBe(things[0]);
    await s.commit();
    expect(await c.readBack(`SELECT id, foo FROM ${c.tableOf(Thing)} ORDER BY id`)).toEqual([
      { id: 1, foo: 3 },
      { id: 2, foo: 7 },
    ]);
  });

  it('a bulk UPDATE by primary key reads no server-updated value back [test_unitofworkv2.py::EagerDefaultsTest::test_update_defaults_bulk_update]', async () => {
    const s = c.session();
    const make = (id: number, foo: number, bar: number) => Object.assign(new Thing2(), { id, foo, bar });
    s.addAll([make(1, 1, 2), make(2, 2, 3), make(3, 3, 4), make(4, 4, 5)]);
    await s.flush();
    c.sql.start();
    await executeBulk(s, ormUpdate(Thing2), {
      parameters: [
        { id: 1, foo: 5 },
        { id: 2, foo: 6, bar: 10 },
        { id: 3, foo: 7 },
        { id: 4, foo: 8 },
      ],
    });
    expect(c.sql.dml().map(plain)).toEqual([
      'UPDATE "test2" SET "foo" = ? WHERE "test2"."id" = ?',
      'UPDATE "test2" SET "foo" = ?, "bar" = ? WHERE "test2"."id" = ?',
      'UPDATE "test2" SET "foo" = ? WHERE "test2"."id" = ?',
      'UPDATE "test2" SET "foo" = ? WHERE "test2"."id" = ?',
    ]);
    expect(c.sql.all.filter((x) => /^UPDATE/.test(x.sql)).map((x) => x.params)).toEqual([
      [5, 1],
      [6, 10, 2],
      [7, 3],
      [8, 4],
    ]);
    await s.commit();
    expect(await c.readBack(`SELECT id, foo, bar FROM ${c.tableOf(Thing2)} ORDER BY id`)).toEqual([
      { id: 1, foo: 5, bar: 2 },
      { id: 2, foo: 6, bar: 10 },
      { id: 3, foo: 7, bar: 4 },
      { id: 4, foo: 8, bar: 5 },
    ]);
  });
});
