/**
 * Loader options and execution options on ORM bulk statements, from SQLAlchemy's
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest): the relationships of RETURNING
 * entities load as the options say, and every statement a bulk call runs has the execution
 * options of the statement, of the call and of the session.
 */
import { CompileError } from '../../lib/errors';
import { attrs, inspect } from '../../lib/mapper';
import { executeBulk, joinedload, ormDelete, ormUpdate, selectinload } from '../../lib/session';
import { insert, select, update, type ExecutionOptions } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest: options of ORM bulk statements', (c) => {
  const { User, Address, agesInDb, insertAddresses } = usersFixture(c);
  const u = attrs(User);
  const updateReturning = (): boolean => c.dialect !== 'mariadb' && c.dialect !== 'mysql';

  beforeEach(async () => {
    await insertAddresses();
  });

  /** The execution options of every statement `run` sends (transaction control left out). */
  async function optionsSent(
    run: () => Promise<unknown>,
  ): Promise<{ sql: string; options: ExecutionOptions }[]> {
    const seen: { sql: string; options: ExecutionOptions }[] = [];
    const off = c.engine.on('beforeExecute', (e) => {
      if (!/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|START)/i.test(e.sql))
        seen.push({ sql: e.sql, options: e.executionOptions });
    });
    try {
      await run();
    } finally {
      off();
    }
    return seen;
  }

  const opts = { userDefined: 'opt1', audit: { by: 'spec' } };
  for (const [loaderName, loader] of [
    ['selectinload', selectinload],
    ['joinedload', joinedload],
  ] as const) {
    for (const where of ['statement', 'execute'] as const) {
      it(`UPDATE … RETURNING User with ${loaderName}(addresses), options on the ${where}: the addresses load, every statement has the options [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_returning_eagerload_propagate]`, async () => {
        const s = c.session();
        let stmt = ormUpdate(User)
          .where(u.age.gt(29))
          .values({ age: u.age.sub(10) })
          .returning(User)
          .options(loader(u.addresses));
        if (where === 'statement') stmt = stmt.executionOptions(opts);
        const call = where === 'execute' ? { executionOptions: opts } : {};
        if (!updateReturning()) {
          await expect(executeBulk(s, stmt, call)).rejects.toThrow(CompileError);
          expect(await agesInDb()).toEqual([25, 47, 29, 37]);
          return;
        }
        let users: InstanceType<typeof User>[] = [];
        const sent = await optionsSent(async () => {
          users = (await executeBulk(s, stmt, call)).scalars();
        });
        expect(users.map((x) => [x.id, x.age, x.addresses.map((ad) => ad.email)]).sort()).toEqual([
          [2, 37, ['ja1']],
          [4, 27, ['jan1']],
        ]);
        expect(sent.map((st) => st.sql.split(' ')[0])).toEqual(['UPDATE', 'SELECT']);
        for (const st of sent) expect(st.options).toEqual(opts);
        await s.commit();
        expect(await agesInDb()).toEqual([25, 37, 29, 27]);
      });
    }
  }

  it('DELETE … RETURNING User with selectinload(addresses) loads the deleted users\u2019 addresses [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_returning_eagerload_propagate]', async () => {
    const s = c.session();
    const stmt = ormDelete(User).where(u.age.gt(29)).returning(User).options(selectinload(u.addresses));
    if (c.dialect === 'mysql') {
      await expect(executeBulk(s, stmt)).rejects.toThrow(CompileError);
      return;
    }
    await executeBulk(s, ormDelete(Address).where(attrs(Address).userId.in([2, 4])));
    const users = (await executeBulk(s, stmt)).scalars();
    expect(users.map((x) => [x.id, x.addresses.length]).sort()).toEqual([
      [2, 0],
      [4, 0],
    ]);
  });

  it('the session\u2019s execution options reach every statement of a bulk call, under the statement\u2019s and the call\u2019s', async () => {
    const s = c.session({ executionOptions: { fromSession: 1, level: 'session' } });
    const stmt = ormUpdate(User)
      .where(u.name.eq('jack'))
      .values({ age: 50 })
      .executionOptions({ level: 'statement', fromStatement: true });
    const sent = await optionsSent(() =>
      executeBulk(s, stmt, { synchronizeSession: 'fetch', executionOptions: { fromCall: true } }),
    );
    expect(sent.length).toBeGreaterThan(0);
    for (const st of sent)
      expect(st.options).toEqual({ fromSession: 1, level: 'statement', fromStatement: true, fromCall: true });
    const plain = await optionsSent(() =>
      executeBulk(s, ormUpdate(User).where(u.name.eq('john')).values({ age: 26 })),
    );
    expect(plain.map((st) => st.options)).toEqual([{ fromSession: 1, level: 'session' }]);
    await s.commit();
    expect(await agesInDb()).toEqual([26, 50, 29, 37]);
  });

  it('Core UPDATE/INSERT executionOptions() merge over the session\u2019s when the session runs them', async () => {
    const s = c.session({ executionOptions: { fromSession: 1 } });
    const t = inspect(User).table;
    const sent = await optionsSent(async () => {
      await s.execute(
        update(t)
          .set({ age: 1 } as never)
          .where(u.id.eq(1))
          .executionOptions({ a: 1 })
          .executionOptions({ b: 2 }),
      );
      await s.execute(
        insert(t)
          .values({ id: 9, name: 'x', age: 2 } as never)
          .executionOptions({ c: 3 }),
      );
      await s.execute(select(u.id).where(u.id.eq(9)));
    });
    expect(sent.map((st) => st.options)).toEqual([
      { fromSession: 1, a: 1, b: 2 },
      { fromSession: 1, c: 3 },
      { fromSession: 1 },
    ]);
    expect(() => update(t).executionOptions(null as never)).toThrow(
      'update().executionOptions() takes an object of options, got null',
    );
    await s.rollback();
  });
});
