/**
 * ORM bulk UPDATE/DELETE run by `session.execute()` (SQLAlchemy 2.0's way), with
 * `synchronizeSession` and `autoflush` read from execution options (of the statement, of the call,
 * the call winning), from SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest).
 */
import { ArgumentError, CompileError, LazyLoadError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { ormDelete, ormInsert, ormUpdate, type SynchronizeSession } from '../../lib/session';
import { or, select } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';
import { make } from './uow-helpers';

conformanceSuite(
  'test_orm_upd_del_basic.py UpdateDeleteTest: session.execute() of ORM bulk statements',
  (c) => {
    const { User, loadUsers, agesInDb } = usersFixture(c);
    const u = attrs(User);

    it('session.execute(ormUpdate) with synchronizeSession evaluate, then fetch, on the statement: row counts, objects and rows follow [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_newstyle]', async () => {
      const s = c.session();
      const [john, jack, jill, jane] = await loadUsers(s);
      const first = await s.execute(
        ormUpdate(User)
          .where(u.age.gt(29))
          .values({ age: u.age.sub(10) })
          .executionOptions({ synchronizeSession: 'evaluate' }),
      );
      expect(first.rowCount).toBe(2);
      expect(first.all()).toEqual([]);
      expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
      expect(await s.scalars(select(u.age).orderBy(u.id))).toEqual([25, 37, 29, 27]);
      const second = await s.execute(
        ormUpdate(User)
          .where(u.age.gt(29))
          .values({ age: u.age.sub(10) })
          .executionOptions({ synchronizeSession: 'fetch' }),
      );
      expect(second.rowCount).toBe(1);
      expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 27, 29, 27]);
      await s.commit();
      expect(await agesInDb()).toEqual([25, 27, 29, 27]);
    });

    for (const sync of [false, undefined, 'auto', 'evaluate', 'fetch'] as const) {
      it(`session.execute(ormDelete) with synchronizeSession ${String(sync)} on the statement [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete]`, async () => {
        const s = c.session();
        const [john, jack, jill, jane] = await loadUsers(s);
        let stmt = ormDelete(User).where(or(u.name.eq('john'), u.name.eq('jill')));
        if (sync !== undefined) stmt = stmt.executionOptions({ synchronizeSession: sync });
        const result = await s.execute(stmt);
        expect(result.rowCount).toBe(2);
        // SQLAlchemy's default is 'auto' too: only false leaves the deleted objects in the session.
        expect(s.contains(john!)).toBe(sync === false);
        expect(s.contains(jill!)).toBe(sync === false);
        expect(s.contains(jack!)).toBe(true);
        expect(await s.scalars(select(User).orderBy(u.id))).toEqual([jack, jane]);
        await s.commit();
        expect(await agesInDb()).toEqual([47, 37]);
      });
    }

    it('synchronizeSession evaluate as the call’s execution option writes over unflushed changes without autoflush [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_changes_resets_dirty]', async () => {
      const s = c.session({ autoflush: false });
      const [john, jack, jill, jane] = await loadUsers(s);
      john!.age = 50;
      jack!.age = 37;
      await s.execute(
        ormUpdate(User)
          .where(u.age.gt(29))
          .values({ age: u.age.sub(10) }),
        {
          executionOptions: { synchronizeSession: 'evaluate' },
        },
      );
      for (const x of [john, jack, jill, jane]) expect(s.isModified(x!)).toBe(false);
      // The unflushed '50' and '37' are gone: expired, read back by a refresh (an implicit load in SQLAlchemy).
      expect(() => john!.age).toThrow(LazyLoadError);
      await s.refresh(john!);
      await s.refresh(jack!);
      expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 37, 29, 27]);
      john!.age = 25;
      expect(s.isModified(john!)).toBe(false);
      expect(s.isModified(jack!)).toBe(false);
    });

    for (const sync of ['auto', 'fetch', 'evaluate'] as const) {
      it(`rowCount of session.execute() with synchronizeSession ${sync} as the call’s execution option [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_returns_rowcount]`, async () => {
        const s = c.session();
        await loadUsers(s);
        const result = await s.execute(
          ormUpdate(User)
            .where(u.age.gt(19))
            .values({ age: u.age.sub(10) }),
          {
            executionOptions: { synchronizeSession: sync },
          },
        );
        expect(result.rowCount).toBe(4);
        await s.commit();
        expect(await agesInDb()).toEqual([15, 37, 19, 27]);
      });
    }

    it('the call’s execution option autoflush false leaves pending objects pending [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush]', async () => {
      const s = c.session();
      const u1 = make(User, { id: 5, name: 'x1' });
      s.add(u1);
      await s.execute(ormUpdate(User).values({ age: 5 }), { executionOptions: { autoflush: false } });
      expect(instanceState(u1).status).toBe('pending');
      expect(
        await s.scalars(select(u.name).where(u.name.like('x%')), { executionOptions: { autoflush: false } }),
      ).toEqual([]);
      expect(await agesInDb()).toEqual([25, 47, 29, 37]);
    });

    it('the statement’s execution option autoflush false is read by executeBulk and session.execute alike [test_orm_upd_del_basic.py::UpdateDeleteTest::test_autoflush]', async () => {
      const s = c.session();
      const u1 = make(User, { id: 5, name: 'x1' });
      s.add(u1);
      await s.execute(ormDelete(User).where(u.id.eq(1)).executionOptions({ autoflush: false }));
      expect(instanceState(u1).status).toBe('pending');
      await s.execute(ormUpdate(User).values({ age: 5 }));
      expect(instanceState(u1).status).toBe('persistent');
    });

    const precedence: [SynchronizeSession, SynchronizeSession, boolean][] = [
      ['evaluate', false, false],
      [false, 'evaluate', true],
      ['fetch', false, false],
      [false, 'fetch', true],
    ];
    for (const [onStatement, onCall, synced] of precedence) {
      it(`synchronizeSession ${String(onCall)} of the call wins over ${String(onStatement)} of the statement [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_newstyle]`, async () => {
        const s = c.session();
        const [, jack] = await loadUsers(s);
        const stmt = ormUpdate(User)
          .where(u.age.gt(29))
          .values({ age: 1 })
          .executionOptions({ synchronizeSession: onStatement });
        await s.execute(stmt, { executionOptions: { synchronizeSession: onCall } });
        expect(jack!.age).toBe(synced ? 1 : 47);
        await s.rollback();
        // The synchronizeSession option of the call (not an execution option) wins over both.
        const [, jack2] = await loadUsers(s);
        await s.execute(stmt, {
          executionOptions: { synchronizeSession: onCall },
          synchronizeSession: onStatement,
        });
        expect(jack2!.age).toBe(synced ? 47 : 1);
      });
    }

    it('an unknown synchronizeSession execution option is refused before anything runs [test_orm_upd_del_basic.py::UpdateDeleteTest::test_illegal_eval]', async () => {
      const s = c.session();
      await expect(
        s.execute(
          ormUpdate(User)
            .values({ age: 1 })
            .executionOptions({ synchronizeSession: 'fake' as never }),
        ),
      ).rejects.toThrow(
        new ArgumentError(`synchronizeSession must be 'auto', 'evaluate', 'fetch' or false, got "fake"`),
      );
      expect(await agesInDb()).toEqual([25, 47, 29, 37]);
    });

    it('session.execute(ormDelete … returning()) gives the typed RETURNING rows and the row count [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_fetch_returning]', async () => {
      const s = c.session();
      const [john, jack] = await loadUsers(s);
      const stmt = ormDelete(User).where(u.age.gt(29)).returning(u.id, u.name);
      if (c.dialect === 'mysql') {
        await expect(s.execute(stmt)).rejects.toThrow(CompileError);
        return;
      }
      const result = await s.execute(stmt);
      const rows: [number, string | null][] = result.all().map(([id, name]) => [id, name]);
      expect(rows.sort()).toEqual([
        [2, 'jack'],
        [4, 'jane'],
      ]);
      expect(result.rowCount).toBe(2);
      expect(s.contains(jack!)).toBe(false);
      expect(s.contains(john!)).toBe(true);
      await s.commit();
      expect(await agesInDb()).toEqual([25, 29]);
    });

    it('session.scalars() of an ORM bulk statement with returning() gives the first RETURNING item of each row', async () => {
      const s = c.session();
      const [john, jack] = await loadUsers(s);
      const stmt = ormDelete(User).where(u.age.gt(29)).returning(u.id);
      if (c.dialect === 'mysql') {
        await expect(s.scalars(stmt)).rejects.toThrow(CompileError);
        return;
      }
      const ids: number[] = await s.scalars(stmt);
      expect([...ids].sort()).toEqual([2, 4]);
      expect(s.contains(jack!)).toBe(false);
      expect(s.contains(john!)).toBe(true);
      expect(await s.scalars(ormDelete(User).where(u.id.eq(1)))).toEqual([]);
      await s.commit();
      expect(await agesInDb()).toEqual([29]);
    });

    it('session.execute(ormInsert) with parameters inserts the rows and reports their count', async () => {
      const s = c.session();
      const result = await s.execute(ormInsert(User), {
        parameters: [
          { id: 5, name: 'x1', age: 1 },
          { id: 6, name: 'x2', age: 2 },
        ],
      });
      expect(result.rowCount).toBe(2);
      await s.commit();
      expect(await agesInDb()).toEqual([25, 47, 29, 37, 1, 2]);
    });
  },
);
