/**
 * ORM bulk UPDATE/DELETE with `synchronizeSession: 'evaluate'` and `'auto'`, from SQLAlchemy's
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest). Where SQLAlchemy reads an expired
 * attribute (an implicit refresh), the port awaits `session.refresh()`.
 */
import { ArgumentError, InvalidRequestError, LazyLoadError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate } from '../../lib/session';
import { caseWhen, or, select } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { make } from './uow-helpers';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest (evaluate)', (c) => {
  const { User, loadUsers, agesInDb } = usersFixture(c);
  const u = attrs(User);

  it('autoflushes pending objects before the UPDATE [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush]', async () => {
    const s = c.session();
    const u1 = make(User, { id: 5, name: 'x1' });
    s.add(u1);
    await executeBulk(s, ormUpdate(User).values({ age: 5 }));
    expect(instanceState(u1).status).toBe('persistent');
    expect(await s.scalars(select(u.name).where(u.name.like('x%')).orderBy(u.id))).toEqual(['x1']);
  });

  // SQLAlchemy's `no_autoflush` block; the `autoflush` execution option is in
  // bulk-session-execute.spec.ts.
  it('leaves pending objects pending without autoflush [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush]', async () => {
    const s = c.session({ autoflush: false });
    const u1 = make(User, { id: 5, name: 'x1' });
    s.add(u1);
    await executeBulk(s, ormUpdate(User).values({ age: 5 }));
    expect(instanceState(u1).status).toBe('pending');
    expect(await s.scalars(select(u.name).where(u.name.like('x%')))).toEqual([]);
  });

  it('refuses a column name where the attribute name is expected [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_dont_use_col_key]', async () => {
    const s = c.session();
    await loadUsers(s);
    await expect(executeBulk(s, ormUpdate(User).values({ age_int: 5 } as never))).rejects.toThrow(
      ArgumentError,
    );
    await expect(executeBulk(s, ormUpdate(User).values({ age_int: 5 } as never))).rejects.toThrow(/age_int/);
    await executeBulk(s, ormUpdate(User).values({ age: 5 }));
    expect(await s.scalars(select(u.age))).toEqual([5, 5, 5, 5]);
  });

  it('refuses an unknown synchronization strategy [test_orm_upd_del_basic.py::UpdateDeleteTest::test_illegal_eval]', async () => {
    const s = c.session();
    await expect(
      executeBulk(s, ormUpdate(User).values({ age: 1 }), { synchronizeSession: 'fake' as never }),
    ).rejects.toThrow(
      new ArgumentError(`synchronizeSession must be 'auto', 'evaluate', 'fetch' or false, got "fake"`),
    );
    expect(await agesInDb()).toEqual([25, 47, 29, 37]);
  });

  // SQLAlchemy expires the attribute and reloads it; the concatenation is computed here.
  it('computes a concatenation of the object\u2019s own values [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_w_unevaluatable_value_evaluate]', async () => {
    const s = c.session();
    const [jill] = await s.scalars(select(User).where(u.name.eq('jill')));
    c.sql.start();
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.name.eq('jill'))
        .values({ name: u.name.concat(u.name) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    expect(c.sql.stop().filter((x) => !/^(BEGIN|START)/.test(x.sql))).toHaveLength(1);
    expect(jill!.name).toBe('jilljill');
    expect(s.isModified(jill!)).toBe(false);
  });

  for (const [expireJaneAge, addFilter] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    it(`leaves expired objects expired and computes the loaded ones (jane's age expired: ${expireJaneAge}, WHERE name IS NOT NULL: ${addFilter}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_evaluate_dont_refresh_expired_objects]`, async () => {
      const s = c.session();
      const [john, jack, jill, jane] = await loadUsers(s);
      s.expire(john!);
      s.expire(jill!);
      s.expire(jane!, expireJaneAge ? ['name', 'age'] : ['name']);
      let stmt = ormUpdate(User).values({ age: u.age.add(10) });
      if (addFilter) stmt = stmt.where(u.name.isNotNull());
      c.sql.start();
      await executeBulk(s, stmt, { synchronizeSession: 'evaluate' });
      expect(flushShape(c.sql.stop())).toEqual(['UPDATE users SET age_int ×1']);
      // no SQL for the objects that hold their values
      c.sql.start();
      expect(jack!.age).toBe(57);
      if (!expireJaneAge) expect(jane!.age).toBe(47);
      expect(c.sql.stop()).toEqual([]);
      // the expired ones read the row when refreshed (SQLAlchemy: on attribute access)
      expect(() => john!.age).toThrow(LazyLoadError);
      await s.refresh(john!);
      await s.refresh(jill!);
      expect(john!.age).toBe(35);
      expect(jill!.age).toBe(39);
      if (expireJaneAge) {
        expect(() => jane!.age).toThrow(LazyLoadError);
        await s.refresh(jane!);
        expect(jane!.age).toBe(47);
      }
      expect(await agesInDb()).toEqual([25, 47, 29, 37]); // not committed yet
      await s.commit();
      expect(await agesInDb()).toEqual([35, 57, 39, 47]);
    });
  }

  it('auto evaluates a WHERE clause it can compute: one UPDATE [test_orm_upd_del_basic.py::UpdateDeleteTest::test_auto_synchronize]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    c.sql.start();
    await executeBulk(
      s,
      ormUpdate(User)
        .where(or(u.name.eq('jack'), u.name.eq('jane')))
        .values({ age: u.age.add(10) }),
    );
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE users SET age_int ×1']);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 57, 29, 47]);
  });

  it('auto falls back to fetch for a WHERE clause it cannot compute [test_orm_upd_del_basic.py::UpdateDeleteTest::test_auto_synchronize]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const crit = caseWhen()
      .when(u.name.in(['jack', 'jane']), true)
      .else(false)
      .eq(true);
    c.sql.start();
    await executeBulk(
      s,
      ormUpdate(User)
        .where(crit)
        .values({ age: u.age.add(10) }),
    );
    const shape = flushShape(c.sql.stop());
    // UPDATE … RETURNING where the database has it, else the keys are SELECTed first (MariaDB)
    expect(shape).toEqual(
      c.dialect === 'mariadb' || c.dialect === 'mysql'
        ? ['SELECT users', 'UPDATE users SET age_int ×1']
        : ['UPDATE users SET age_int ×1'],
    );
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 57, 29, 47]);
  });

  for (const sync of [false, undefined, 'auto', 'evaluate', 'fetch'] as const) {
    it(`deletes the matching rows; synchronizeSession ${String(sync)} ${sync === false ? 'leaves' : 'removes'} the objects [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete]`, async () => {
      const s = c.session();
      const [john, jack, jill, jane] = await loadUsers(s);
      await executeBulk(
        s,
        ormDelete(User).where(or(u.name.eq('john'), u.name.eq('jill'))),
        sync === undefined ? {} : { synchronizeSession: sync },
      );
      expect([s.contains(john!), s.contains(jill!)]).toEqual(sync === false ? [true, true] : [false, false]);
      if (sync !== false) expect(instanceState(john!).status).toBe('deleted');
      expect(await s.scalars(select(User).orderBy(u.id))).toEqual([jack, jane]);
    });
  }

  it('objects removed by a bulk DELETE come back on rollback [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_rollback]', async () => {
    const s = c.session();
    const [john, , jill] = await loadUsers(s);
    await executeBulk(s, ormDelete(User).where(or(u.name.eq('john'), u.name.eq('jill'))), {
      synchronizeSession: 'evaluate',
    });
    expect([s.contains(john!), s.contains(jill!)]).toEqual([false, false]);
    await s.rollback();
    expect([s.contains(john!), s.contains(jill!)]).toEqual([true, true]);
    expect(instanceState(john!).status).toBe('persistent');
    expect(await s.get(User, 1)).toBe(john);
    expect(await agesInDb()).toEqual([25, 47, 29, 37]);
  });

  it('a WHERE clause on a scalar subquery cannot be evaluated; fetch can [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_invalid_evaluation]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const maxName = select(u.name).orderBy(u.name.desc()).limit(1).scalarSubquery<string>();
    await expect(
      executeBulk(s, ormDelete(User).where(u.name.eq(maxName)), { synchronizeSession: 'evaluate' }),
    ).rejects.toThrow(InvalidRequestError);
    expect(s.contains(john!)).toBe(true);
    if (c.dialect === 'mariadb' || c.dialect === 'mysql') return; // MySQL cannot read the table a DELETE writes
    await executeBulk(s, ormDelete(User).where(u.name.eq(maxName)), { synchronizeSession: 'fetch' });
    expect(s.contains(john!)).toBe(false);
    expect(await s.scalars(select(User).orderBy(u.id))).toEqual([jack, jill, jane]);
  });

  it('computes age - 10 for the matching objects, and only for them [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const ages = (): (number | null)[] => [john!.age, jack!.age, jill!.age, jane!.age];
    const inSession = async (): Promise<(number | null)[]> => s.scalars(select(u.age).orderBy(u.id));
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    expect(ages()).toEqual([25, 37, 29, 27]);
    expect(await inSession()).toEqual([25, 37, 29, 27]);
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    expect(ages()).toEqual([25, 27, 29, 27]);
    expect(await inSession()).toEqual([25, 27, 29, 27]);
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(27))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    expect(ages()).toEqual([25, 27, 19, 27]);
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.eq(25))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect(ages()).toEqual([15, 27, 19, 27]);
    expect(await inSession()).toEqual([15, 27, 19, 27]);
    for (const x of [john, jack, jill, jane]) expect(s.isModified(x!)).toBe(false);
    await s.commit();
    expect(await agesInDb()).toEqual([15, 27, 19, 27]);
  });

  it('returns the row count of each statement [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_newstyle]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    const n = await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    expect(n).toBe(2);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 27, 29, 27]);
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 27, 29, 27]);
  });

  // SQLAlchemy's bulk-by-primary-key variant ("bulk") has no counterpart.
  it('unflushed changes of the set attributes are expired, not kept [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_changes_resets_dirty]', async () => {
    const s = c.session({ autoflush: false });
    const [john, jack, jill, jane] = await loadUsers(s);
    john!.age = 50;
    jack!.age = 37;
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    for (const x of [john, jack, jill, jane]) expect(s.isModified(x!)).toBe(false);
    // the '50' and '37' were blown away: the attributes are expired and read back
    expect(() => john!.age).toThrow(LazyLoadError);
    await s.refresh(john!);
    await s.refresh(jack!);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
    john!.age = 25;
    expect(s.isModified(john!)).toBe(false);
    expect(s.isModified(jack!)).toBe(false);
  });

  it('computes from the flushed values [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_changes_with_autoflush]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    john!.age = 50;
    jack!.age = 37;
    await executeBulk(
      s,
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
      {
        synchronizeSession: 'evaluate',
      },
    );
    for (const x of [john, jack, jill, jane]) expect(s.isModified(x!)).toBe(false);
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([40, 27, 29, 27]);
    john!.age = 25;
    expect(s.dirty).toEqual([john]);
    expect(s.isModified(john!)).toBe(true);
    expect(s.isModified(jack!)).toBe(false);
  });

  for (const sync of ['auto', 'fetch', 'evaluate'] as const) {
    it(`returns the number of matched rows (${sync}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_returns_rowcount]`, async () => {
      const s = c.session();
      expect(
        await executeBulk(
          s,
          ormUpdate(User)
            .where(u.age.gt(29))
            .values({ age: u.age.add(0) }),
          { synchronizeSession: sync },
        ),
      ).toBe(2);
      expect(
        await executeBulk(
          s,
          ormUpdate(User)
            .where(u.age.gt(29))
            .values({ age: u.age.sub(10) }),
          { synchronizeSession: sync },
        ),
      ).toBe(2);
      expect(
        await executeBulk(
          s,
          ormUpdate(User)
            .where(u.age.gt(19))
            .values({ age: u.age.sub(10) }),
          { synchronizeSession: sync },
        ),
      ).toBe(4);
    });
  }

  it('returns the number of deleted rows [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_returns_rowcount]', async () => {
    const s = c.session();
    expect(await executeBulk(s, ormDelete(User).where(u.age.gt(26)), { synchronizeSession: false })).toBe(3);
  });

  it('updates every row and every object without a WHERE clause [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_all]', async () => {
    const s = c.session();
    const [john, jack, jill, jane] = await loadUsers(s);
    await executeBulk(s, ormUpdate(User).values({ age: 42 }), { synchronizeSession: 'evaluate' });
    expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([42, 42, 42, 42]);
    expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([42, 42, 42, 42]);
  });

  it('deletes every row and removes every object without a WHERE clause [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_all]', async () => {
    const s = c.session();
    const users = await loadUsers(s);
    await executeBulk(s, ormDelete(User), { synchronizeSession: 'evaluate' });
    expect(users.map((x) => s.contains(x))).toEqual([false, false, false, false]);
    expect(await s.scalars(select(User))).toEqual([]);
  });

  it('autoflushes before evaluating an UPDATE [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush_before_evaluate_update]', async () => {
    const s = c.session();
    const [john] = await s.scalars(select(User).where(u.name.eq('john')));
    john!.name = 'j2';
    await executeBulk(s, ormUpdate(User).where(u.name.eq('j2')).values({ age: 42 }), {
      synchronizeSession: 'evaluate',
    });
    expect(john!.age).toBe(42);
  });

  it('autoflushes before evaluating a DELETE [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush_before_evaluate_delete]', async () => {
    const s = c.session();
    const [john] = await s.scalars(select(User).where(u.name.eq('john')));
    john!.name = 'j2';
    await executeBulk(s, ormDelete(User).where(u.name.eq('j2')), { synchronizeSession: 'evaluate' });
    expect(s.contains(john!)).toBe(false);
  });

  for (const full of [true, false]) {
    it(`evaluates before the UPDATE; an expired object reads the new row (full expiration: ${full}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_evaluate_before_update]`, async () => {
      const s = c.session();
      const [john] = await s.scalars(select(User).where(u.name.eq('john')));
      if (full) s.expire(john!);
      else s.expire(john!, ['age']);
      await executeBulk(
        s,
        ormUpdate(User).where(u.name.eq('john'), u.age.eq(25)).values({ name: 'j2', age: 40 }),
        {
          synchronizeSession: 'evaluate',
        },
      );
      if (!full) expect(john!.name).toBe('j2'); // loaded: written in memory
      await s.refresh(john!);
      expect([john!.name, john!.age]).toEqual(['j2', 40]);
    });
  }

  for (const full of [true, false]) {
    it(`a DELETE leaves fully expired objects alone and expires partially expired ones (full expiration: ${full}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_evaluate_before_delete]`, async () => {
      const s = c.session();
      const [john] = await s.scalars(select(User).where(u.name.eq('john')));
      const [jill] = await s.scalars(select(User).where(u.name.eq('jill')));
      const [jane] = await s.scalars(select(User).where(u.name.eq('jane')));
      for (const x of [jill, john]) {
        if (full) s.expire(x!);
        else s.expire(x!, ['age']);
      }
      await executeBulk(s, ormDelete(User).where(or(u.age.eq(25), u.age.eq(37))), {
        synchronizeSession: 'evaluate',
      });
      expect(s.contains(jane!)).toBe(false);
      expect(s.contains(jill!)).toBe(true);
      expect(s.contains(john!)).toBe(true);
      for (const x of [jill, john])
        expect(['name', 'age'].map((k) => instanceState(x!).isExpired(k))).toEqual([true, true]);
      await s.refresh(jill!);
      expect(jill!.age).toBe(29);
      await expect(s.refresh(john!)).rejects.toThrow(); // its row is gone
    });
  }
});
