/**
 * ORM bulk UPDATE/DELETE with `synchronizeSession: 'fetch'` and `false`, and Core statements run
 * through the session, from SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest).
 * Where SQLAlchemy reads an expired attribute (an implicit refresh), the port awaits
 * `session.refresh()`.
 */
import { LazyLoadError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate } from '../../lib/session';
import { deleteFrom, func, or, select, text, types, update, valuesTable } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest (fetch)', (c) => {
  const { User, loadUsers, agesInDb } = usersFixture(c);
  const u = attrs(User);
  /** MariaDB has DELETE … RETURNING but no UPDATE … RETURNING: its fetch SELECTs the keys first. */
  const updateReturning = (): boolean => c.dialect !== 'mariadb' && c.dialect !== 'mysql';

  // Adapted: SQLAlchemy fills the parameters of the textual clause with Query.params() at execute
  // time; Athanor's text() takes them when the clause is built.
  it('a textual WHERE clause with a bound parameter: fetch finds the rows it matched [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_with_bindparams]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    await executeBulk(
      s,
      ormUpdate(User)
        .where(text('age_int > :x', { x: 29 }).asExpression<boolean>())
        .values({ age: u.age.sub(10) }),
      { synchronizeSession: 'fetch' },
    );
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 37, 29, 27]);
    await s.commit();
    expect(await agesInDb()).toEqual([25, 37, 29, 27]);
  });

  it('a textual WHERE clause with a bound parameter: fetch removes the deleted objects [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_with_bindparams]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    await executeBulk(
      s,
      ormDelete(User).where(text('name = :name', { name: 'john' }).asExpression<boolean>()),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect(s.contains(john!)).toBe(false);
    expect(await loadUsers(s)).toEqual([jack, jill, jane]);
    await s.commit();
    expect(await agesInDb()).toEqual([47, 29, 37]);
  });

  it('SETs values from a VALUES table the entity does not map; the matched objects get them [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_against_external_non_mapped_cols]', async () => {
    const data = valuesTable(
      'myvalues',
      { id: types.integer(), name: types.string(32), age_int: types.integer() },
      [
        [1, 'new john', 35],
        [3, 'new jill', 39],
      ],
    );
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    // "evaluate" cannot compute values of another table: the default strategy fetches.
    await executeBulk(
      s,
      ormUpdate(User).where(u.id.eq(data.c.id)).values({ age: data.c.age_int, name: data.c.name }),
    );
    // Values read from another table cannot be computed in memory: the matched objects' attributes
    // are expired (SQLAlchemy reads them back on access; here they are refreshed).
    for (const x of [john!, jill!]) expect(instanceState(x).isExpired('name')).toBe(true);
    expect(instanceState(jack!).isExpired('name')).toBe(false);
    await s.refresh(john!);
    await s.refresh(jill!);
    expect([john!.name, john!.age, jill!.name, jill!.age]).toEqual(['new john', 35, 'new jill', 39]);
    expect([jack!.name, jack!.age, jane!.name, jane!.age]).toEqual(['jack', 47, 'jane', 37]);
    await s.commit();
    expect(await c.readBack(`SELECT name, age_int FROM ${c.tableOf(User)} ORDER BY id`)).toEqual([
      { name: 'new john', age_int: 35 },
      { name: 'jack', age_int: 47 },
      { name: 'new jill', age_int: 39 },
      { name: 'jane', age_int: 37 },
    ]);
  });

  it('computes a concatenation for the fetched objects [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_w_unevaluatable_value_fetch]', async () => {
    const s = c.session();
    const [jill] = await s.scalars(select(User).where(u.name.eq('jill')));
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.name.eq('jill'))
        .values({ name: u.name.concat(u.name) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect(jill!.name).toBe('jilljill');
  });

  it('a SQL function value is expired, and read back on refresh [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_w_unevaluatable_value_fetch]', async () => {
    const s = c.session();
    const [jill] = await s.scalars(select(User).where(u.name.eq('jill')));
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.name.eq('jill'))
        .values({ name: func.upper(u.name) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect(() => jill!.name).toThrow(LazyLoadError);
    await s.refresh(jill!);
    expect(jill!.name).toBe('JILL');
  });

  it('reads the matching keys with RETURNING (or a SELECT first) and computes the loaded objects [test_orm_upd_del_basic.py::UpdateDeleteTest::test_fetch_dont_refresh_expired_objects]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    s.expire(john!);
    s.expire(jill!);
    s.expire(jane!, ['name']);
    c.sql.start();
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.name.isNotNull())
        .values({ age: u.age.add(10) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    const sent = c.sql.stop();
    expect(flushShape(sent)).toEqual(
      updateReturning() ? ['UPDATE users SET age_int ×1'] : ['SELECT users', 'UPDATE users SET age_int ×1'],
    );
    if (updateReturning()) expect(sent.find((x) => x.sql.startsWith('UPDATE'))!.sql).toMatch(/ RETURNING /);
    c.sql.start();
    expect(jack!.age).toBe(57);
    expect(jane!.age).toBe(47);
    expect(c.sql.stop()).toEqual([]);
    await s.refresh(john!);
    await s.refresh(jill!);
    expect([john!.age, jill!.age]).toEqual([35, 39]);
  });

  it('objects removed by a fetched DELETE come back on rollback [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_rollback_with_fetch]', async () => {
    const s = c.session();
    const [john, , jill] = await loadUsers(s);
    await executeBulk(s, ormDelete(User).where(or(u.name.eq('john'), u.name.eq('jill'))), {
      synchronizeSession: 'fetch',
    });
    expect([s.contains(john!), s.contains(jill!)]).toEqual([false, false]);
    await s.rollback();
    expect([s.contains(john!), s.contains(jill!)]).toEqual([true, true]);
    expect(instanceState(jill!).status).toBe('persistent');
  });

  it('false leaves the deleted objects in the session [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_without_session_sync]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    await executeBulk(s, ormDelete(User).where(or(u.name.eq('john'), u.name.eq('jill'))), {
      synchronizeSession: false,
    });
    expect([s.contains(john!), s.contains(jill!)]).toEqual([true, true]);
    expect(await s.scalars(select(User).orderBy(u.id))).toEqual([jack, jane]);
  });

  it('fetch removes the deleted objects [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_with_fetch_strategy]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    await executeBulk(s, ormDelete(User).where(or(u.name.eq('john'), u.name.eq('jill'))), {
      synchronizeSession: 'fetch',
    });
    expect([s.contains(john!), s.contains(jill!)]).toEqual([false, false]);
    expect(await s.scalars(select(User).orderBy(u.id))).toEqual([jack, jane]);
  });

  // `session.query(users).delete()`: a Core DELETE of the table, run in the session.
  it('a Core DELETE of the table runs in the session [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_against_metadata]', async () => {
    const s = c.session();
    await s.execute(deleteFrom(inspect(User).table));
    expect(await s.scalars(select(func.count()).from(inspect(User).table))).toEqual([0]);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  it('a Core UPDATE of the table runs in the session [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_against_metadata]', async () => {
    const s = c.session();
    await s.execute(update(inspect(User).table).set({ age: 29 } as never));
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([29, 29, 29, 29]);
  });

  it('fetch UPDATE: RETURNING where the database has it, else a SELECT of the keys first [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_fetch_returning]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    c.sql.start();
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    expect(flushShape(c.sql.stop())).toEqual(
      updateReturning() ? ['UPDATE users SET age_int ×1'] : ['SELECT users', 'UPDATE users SET age_int ×1'],
    );
  });

  it('fetch DELETE uses DELETE … RETURNING [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_fetch_returning]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    c.sql.start();
    await executeBulk(s, ormDelete(User).where(u.age.gt(29)), { synchronizeSession: 'fetch' });
    const sent = c.sql.stop();
    expect(flushShape(sent)).toEqual(['DELETE users ×1']);
    expect(sent.find((x) => x.sql.startsWith('DELETE'))!.sql).toMatch(/ RETURNING /);
    expect([john, jack, jill, jane].map((x) => s.contains(x!))).toEqual([true, false, true, false]);
  });

  it('updates rows no object was loaded for [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_without_load]', async () => {
    const s = c.session();
    await executeBulk(s, ormUpdate(User).where(u.id.eq(3)).values({ age: 44 }), {
      synchronizeSession: 'fetch',
    });
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 47, 44, 37]);
    await s.commit();
    expect(await agesInDb()).toEqual([25, 47, 44, 37]);
  });

  it('fetch computes the new values of the fetched objects [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_with_expire_strategy]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 37, 29, 27]);
  });

  it('autoflushes before fetching an UPDATE [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush_before_fetch_update]', async () => {
    const s = c.session();
    const [john] = await s.scalars(select(User).where(u.name.eq('john')));
    john!.name = 'j2';
    await executeBulk(s, ormUpdate(User).where(u.name.eq('j2')).values({ age: 42 }), {
      synchronizeSession: 'fetch',
    });
    expect(john!.age).toBe(42);
  });

  it('autoflushes before fetching a DELETE [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush_before_fetch_delete]', async () => {
    const s = c.session();
    const [john] = await s.scalars(select(User).where(u.name.eq('john')));
    john!.name = 'j2';
    await executeBulk(s, ormDelete(User).where(u.name.eq('j2')), { synchronizeSession: 'fetch' });
    expect(s.contains(john!)).toBe(false);
  });

  it('fetch matches an object whose compared attribute is expired [test_orm_upd_del_basic.py::UpdateDeleteTest::test_fetch_before_update]', async () => {
    const s = c.session();
    const [john] = await s.scalars(select(User).where(u.name.eq('john')));
    s.expire(john!, ['age']);
    await executeBulk(
      s,
      ormUpdate(User).where(u.name.eq('john'), u.age.eq(25)).values({ name: 'j2', age: 40 }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect(john!.name).toBe('j2');
    await s.refresh(john!);
    expect(john!.age).toBe(40);
  });

  it('fetch removes an object whose compared attribute is expired [test_orm_upd_del_basic.py::UpdateDeleteTest::test_fetch_before_delete]', async () => {
    const s = c.session();
    const [john] = await s.scalars(select(User).where(u.name.eq('john')));
    s.expire(john!, ['age']);
    await executeBulk(s, ormDelete(User).where(u.name.eq('john'), u.age.eq(25)), {
      synchronizeSession: 'fetch',
    });
    expect(s.contains(john!)).toBe(false);
  });
});
