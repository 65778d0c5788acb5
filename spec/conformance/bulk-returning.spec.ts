/**
 * RETURNING on ORM bulk UPDATE/DELETE (entities through the identity map, columns, named rows),
 * with each synchronization strategy, from SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py
 * (UpdateDeleteTest). MariaDB has DELETE … RETURNING but no UPDATE … RETURNING: there an UPDATE
 * with returning() is a CompileError naming the dialect, before anything runs.
 */
import { ArgumentError, CompileError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate } from '../../lib/session';
import { func, literalColumn, select } from '../../lib/sql';
import { inspect } from '../../lib/mapper';
import { usersFixture } from './bulk-fixtures';
import { expectCompiled } from '../sql/helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest (RETURNING)', (c) => {
  const { User, Address, loadUsers, agesInDb, insertAddresses } = usersFixture(c);
  const u = attrs(User);
  const a = attrs(Address);
  const updateReturning = (): boolean => c.dialect !== 'mariadb' && c.dialect !== 'mysql';
  /** The logged SQL with this run's unique table names replaced by users / addresses. */
  const plain = (sql: string): string =>
    sql.split(inspect(User).table.name).join('users').split(inspect(Address).table.name).join('addresses');

  const olderUpdate = () =>
    ormUpdate(User)
      .where(u.age.gt(29))
      .values({ age: u.age.sub(10) });

  it('UPDATE … RETURNING a column with evaluate: the rows and the objects\u2019 computed ages [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_evaluate_w_explicit_returning]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const stmt = olderUpdate().returning(u.id);
    if (!updateReturning()) {
      await expect(executeBulk(s, stmt, { synchronizeSession: 'evaluate' })).rejects.toThrow(
        new CompileError(
          `Dialect "${c.dialect}" does not support RETURNING with UPDATE: ormUpdate(${inspect(User).name}).returning() cannot run on it`,
        ),
      );
      expect(await agesInDb()).toEqual([25, 47, 29, 37]);
      return;
    }
    c.sql.start();
    const rows = (await executeBulk(s, stmt, { synchronizeSession: 'evaluate' })).all();
    expect(rows.map((r) => r[0]).sort()).toEqual([2, 4]);
    expect(rows.map((r) => r.id).sort()).toEqual([2, 4]);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    expect(c.sql.dml().map(plain)).toEqual([
      c.dialect === 'postgresql'
        ? 'UPDATE "users" SET "age_int" = "users"."age_int" - $1 WHERE "users"."age_int" > $2 RETURNING "id"'
        : 'UPDATE "users" SET "age_int" = "users"."age_int" - ? WHERE "users"."age_int" > ? RETURNING "id"',
    ]);
    await s.commit();
    expect(await agesInDb()).toEqual([25, 37, 29, 27]);
  });

  it('compiles UPDATE … RETURNING per dialect (OUTPUT INSERTED on SQL Server, RETURNING INTO on Oracle) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_evaluate_w_explicit_returning]', () => {
    const t = inspect(User).table.name;
    expectCompiled(() => olderUpdate().returning(User, u.name).toReturningCore(), {
      sqlite: {
        sql: `UPDATE "${t}" SET "age_int" = "${t}"."age_int" - ? WHERE "${t}"."age_int" > ? RETURNING "id", "name", "age_int" AS "age", "name" AS "name_1"`,
        params: [10, 29],
      },
      postgresql: {
        sql: `UPDATE "${t}" SET "age_int" = "${t}"."age_int" - $1 WHERE "${t}"."age_int" > $2 RETURNING "id", "name", "age_int" AS "age", "name" AS "name_1"`,
        params: [10, 29],
      },
      mysql: { error: /UPDATE … RETURNING is not supported by the mysql dialect/ },
      mariadb: { error: /UPDATE … RETURNING is not supported by the mariadb dialect/ },
      mssql: {
        sql: `UPDATE [${t}] SET [age_int] = [${t}].[age_int] - @p1 OUTPUT INSERTED.[id], INSERTED.[name], INSERTED.[age_int] AS [age], INSERTED.[name] AS [name_1] WHERE [${t}].[age_int] > @p2`,
        params: [10, 29],
      },
      oracle: {
        sql: `UPDATE "${t}" SET "age_int" = "${t}"."age_int" - :1 WHERE "${t}"."age_int" > :2 RETURNING "id", "name", "age_int", "name" INTO :3, :4, :5, :6`,
        params: [10, 29],
      },
    });
  });

  it('compiles DELETE … RETURNING per dialect (MariaDB has it; OUTPUT DELETED on SQL Server) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_fetch_w_explicit_returning]', () => {
    const t = inspect(User).table.name;
    expectCompiled(() => ormDelete(User).where(u.age.gt(29)).returning(User, u.name).toReturningCore(), {
      sqlite: {
        sql: `DELETE FROM "${t}" WHERE "${t}"."age_int" > ? RETURNING "id", "name", "age_int" AS "age", "name" AS "name_1"`,
        params: [29],
      },
      postgresql: {
        sql: `DELETE FROM "${t}" WHERE "${t}"."age_int" > $1 RETURNING "id", "name", "age_int" AS "age", "name" AS "name_1"`,
        params: [29],
      },
      mysql: { error: /RETURNING is not supported by the mysql dialect/ },
      mariadb: {
        sql: `DELETE FROM \`${t}\` WHERE \`${t}\`.\`age_int\` > ? RETURNING \`id\`, \`name\`, \`age_int\` AS \`age\`, \`name\` AS \`name_1\``,
        params: [29],
      },
      mssql: {
        sql: `DELETE FROM [${t}] OUTPUT DELETED.[id], DELETED.[name], DELETED.[age_int] AS [age], DELETED.[name] AS [name_1] WHERE [${t}].[age_int] > @p1`,
        params: [29],
      },
      oracle: {
        sql: `DELETE FROM "${t}" WHERE "${t}"."age_int" > :1 RETURNING "id", "name", "age_int", "name" INTO :2, :3, :4, :5`,
        params: [29],
      },
    });
  });

  for (const sync of ['fetch', 'auto'] as const) {
    it(`UPDATE … FROM another table RETURNING columns of both and a function (${sync}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_from_multi_returning]`, async () => {
      await insertAddresses();
      const s = c.session();
      const [john, jack, jill, jane] = await loadUsers(s);
      const stmt = ormUpdate(User)
        .where(a.userId.eq(u.id), u.age.gt(29))
        .values({ age: u.age.sub(10) })
        .returning(u.id, a.email, func.length(u.name));
      // SQLite's RETURNING cannot read the FROM tables of an UPDATE.
      if (!updateReturning() || c.dialect === 'sqlite') {
        await expect(executeBulk(s, stmt, { synchronizeSession: sync })).rejects.toThrow(CompileError);
        expect(await agesInDb()).toEqual([25, 47, 29, 37]);
        return;
      }
      c.sql.start();
      const rows = (await executeBulk(s, stmt, { synchronizeSession: sync })).all();
      expect(rows.map((r) => [...r]).sort()).toEqual([
        [2, 'ja1', 4],
        [4, 'jan1', 4],
      ]);
      // The values are computed in memory even though the WHERE clause needed 'fetch'.
      expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
      const p = c.dialect === 'postgresql' ? ['$1', '$2'] : ['?', '?'];
      expect(c.sql.dml().map(plain)).toEqual([
        `UPDATE "users" SET "age_int" = "users"."age_int" - ${p[0]} FROM "addresses" WHERE "addresses"."userId" = "users"."id" AND "users"."age_int" > ${p[1]} RETURNING "users"."id", "addresses"."email", length("users"."name") AS "length_1", "users"."id" AS "id_1"`,
      ]);
      await s.commit();
      expect(await agesInDb()).toEqual([25, 37, 29, 27]);
    });
  }

  it('UPDATE … RETURNING the entity and a column with fetch: new objects with the new values [test_orm_upd_del_basic.py::UpdateDeleteTest::test_fetch_w_explicit_returning]', async () => {
    const s = c.session();
    const stmt = olderUpdate().returning(User, u.name);
    if (!updateReturning()) {
      await expect(executeBulk(s, stmt, { synchronizeSession: 'fetch' })).rejects.toThrow(CompileError);
      return;
    }
    const rows = (await executeBulk(s, stmt, { synchronizeSession: 'fetch' })).all();
    expect(rows.map(([user, name]) => [user.age, user.name, name]).sort()).toEqual([
      [27, 'jane', 'jane'],
      [37, 'jack', 'jack'],
    ]);
    for (const [user] of rows) {
      expect(instanceState(user).status).toBe('persistent');
      expect(s.isModified(user)).toBe(false);
    }
    // The identity map holds them: a query gives the same objects.
    const [, jack, , jane] = await loadUsers(s);
    expect(new Set([jack, jane])).toEqual(new Set(rows.map((r) => r[0])));
  });

  it('DELETE … RETURNING the entity and a column with fetch: the objects hold the deleted values and are deleted [test_orm_upd_del_basic.py::UpdateDeleteTest::test_fetch_w_explicit_returning]', async () => {
    const s = c.session();
    const rows = (
      await executeBulk(s, ormDelete(User).where(u.age.gt(29)).returning(User, u.name), {
        synchronizeSession: 'fetch',
      })
    ).all();
    expect(rows.map(([user, name]) => [user.age, user.name, name]).sort()).toEqual([
      [37, 'jane', 'jane'],
      [47, 'jack', 'jack'],
    ]);
    for (const [user] of rows) {
      expect(instanceState(user).status).toBe('deleted');
      expect(s.contains(user)).toBe(false);
    }
    await s.commit();
    expect(await agesInDb()).toEqual([25, 29]);
  });

  it('UPDATE … RETURNING the entity refreshes the loaded objects in place, expired attributes included', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    s.expire(jane!, ['age']);
    const stmt = olderUpdate().returning(User);
    if (!updateReturning()) {
      await expect(executeBulk(s, stmt)).rejects.toThrow(CompileError);
      return;
    }
    const returned = (await executeBulk(s, stmt)).scalars();
    expect(new Set(returned)).toEqual(new Set([jack, jane]));
    expect(returned.includes(jack!) && returned.includes(jane!)).toBe(true);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    expect(instanceState(jane!).isExpired('age')).toBe(false);
    expect(s.isModified(jane!)).toBe(false);
  });

  it('DELETE … RETURNING with evaluate: the loaded objects are the rows, and they are deleted', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const rows = (
      await executeBulk(s, ormDelete(User).where(u.age.gt(29)).returning(User, u.id), {
        synchronizeSession: 'evaluate',
      })
    ).all();
    expect(rows.map((r) => r.id).sort()).toEqual([2, 4]);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set([jack, jane]));
    expect([s.contains(john!), s.contains(jack!), s.contains(jill!), s.contains(jane!)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    await s.rollback();
    // The rollback brings them back.
    expect(s.contains(jack!)).toBe(true);
    expect(await agesInDb()).toEqual([25, 47, 29, 37]);
  });

  it('UPDATE … RETURNING *: the rows in table column order; the objects are synchronized [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_returning_star]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const stmt = olderUpdate().returning(literalColumn('*'));
    if (!updateReturning()) {
      await expect(executeBulk(s, stmt)).rejects.toThrow(CompileError);
      return;
    }
    const rows = (await executeBulk(s, stmt)).all();
    expect(rows.map((r) => [...r]).sort()).toEqual([
      [2, 'jack', 37],
      [4, 'jane', 27],
    ]);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 37, 29, 27]);
  });

  it('DELETE … RETURNING *: the deleted rows; the matched objects leave the session [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_returning_star]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const rows = (
      await executeBulk(s, ormDelete(User).where(u.age.gt(29)).returning(literalColumn('*')))
    ).all();
    expect(rows.map((r) => [...r]).sort()).toEqual([
      [2, 'jack', 47],
      [4, 'jane', 37],
    ]);
    expect([s.contains(john!), s.contains(jack!), s.contains(jill!), s.contains(jane!)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('returning() with nothing, or with a value that is no column or entity, is an ArgumentError', () => {
    expect(() => ormDelete(User).returning()).toThrow(
      new ArgumentError(`ormDelete(${inspect(User).name}).returning() names nothing to return`),
    );
    expect(() => ormUpdate(User).returning(u.id, 'name' as never)).toThrow(
      new ArgumentError(
        `ormUpdate(${inspect(User).name}).returning(): item 2 is not a mapped class, alias, bundle or column expression`,
      ),
    );
  });
});
