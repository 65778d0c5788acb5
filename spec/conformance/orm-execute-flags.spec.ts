/**
 * What `doOrmExecute` listeners are shown: the kind of each statement the application runs
 * through the session (SELECT, INSERT, UPDATE, DELETE, `fromStatement()`), ORM bulk statements
 * included, from SQLAlchemy's test/orm/test_events.py (ORMExecuteTest). SQLAlchemy also shows its
 * listeners the column and relationship loads it runs; Athanor shows the application's own
 * statements only, so a refresh here is not seen.
 */
import { ArgumentError, CompileError } from '../../lib/errors';
import { attrs, inspect } from '../../lib/mapper';
import {
  executeBulk,
  ormDelete,
  ormInsert,
  ormUpdate,
  type OrmExecuteState,
  type Session,
} from '../../lib/session';
import { deleteFrom, insert, literal, select, text, union, update } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';

interface Kind {
  readonly isSelect: boolean;
  readonly isInsert: boolean;
  readonly isUpdate: boolean;
  readonly isDelete: boolean;
  readonly isFromStatement: boolean;
}

const NONE: Kind = {
  isSelect: false,
  isInsert: false,
  isUpdate: false,
  isDelete: false,
  isFromStatement: false,
};

conformanceSuite('test_events.py ORMExecuteTest: the statements doOrmExecute listeners are shown', (c) => {
  const { User, loadUsers, agesInDb } = usersFixture(c);
  const u = attrs(User);
  const updateReturning = (): boolean => c.dialect !== 'mariadb' && c.dialect !== 'mysql';

  /** The kind of every statement the listeners of `s` are shown, in order. */
  function flagFixture(s: Session): Kind[] {
    const seen: Kind[] = [];
    s.on('doOrmExecute', (state) => {
      const { isSelect, isInsert, isUpdate, isDelete, isFromStatement } = state;
      seen.push({ isSelect, isInsert, isUpdate, isDelete, isFromStatement });
    });
    return seen;
  }

  it.each([
    ['select(1)', true],
    ['a union of selects', true],
    ['text()', false],
  ] as const)(
    'a Core %s is shown with isSelect %s and no other kind [test_events.py::ORMExecuteTest::test_non_orm_statements]',
    async (what, isSelect) => {
      const s = c.session();
      const seen = flagFixture(s);
      const users = inspect(User).table;
      if (what === 'select(1)') await s.execute(select(literal(1)));
      else if (what === 'text()') await s.execute(text(`SELECT id FROM ${c.tableOf(User)}`));
      else await s.execute(union(select(users.c['id']), select(users.c['id'])));
      expect(seen).toEqual([{ ...NONE, isSelect }]);
    },
  );

  it('Core insert(), update() and deleteFrom() are shown as INSERT, UPDATE and DELETE [test_events.py::ORMExecuteTest::test_non_orm_statements]', async () => {
    const s = c.session();
    const seen = flagFixture(s);
    const users = inspect(User).table;
    await s.execute(insert(users).values({ id: 9, name: 'core' } as never));
    await s.execute(
      update(users)
        .where(users.c['id'].eq(9))
        .values({ name: 'core2' } as never),
    );
    await s.execute(deleteFrom(users).where(users.c['id'].eq(9)));
    expect(seen).toEqual([
      { ...NONE, isInsert: true },
      { ...NONE, isUpdate: true },
      { ...NONE, isDelete: true },
    ]);
  });

  it('an ORM select is shown as a SELECT; the refresh of the expired object is not shown [test_events.py::ORMExecuteTest::test_select_flags]', async () => {
    const s = c.session();
    const seen = flagFixture(s);
    const u1 = (await s.execute(select(User).where(u.id.eq(1)))).scalars()[0]!;
    s.expire(u1);
    await s.refresh(u1);
    expect(u1.name).toBe('john');
    expect(seen).toEqual([{ ...NONE, isSelect: true }]);
  });

  it('fromStatement() of a select is shown as a SELECT and a fromStatement [test_events.py::ORMExecuteTest::test_select_from_statement_flags]', async () => {
    const s = c.session();
    const seen = flagFixture(s);
    const u1 = (await s.execute(select(User).fromStatement(select(User).where(u.id.eq(1))))).scalars()[0]!;
    expect(u1.name).toBe('john');
    expect(seen).toEqual([{ ...NONE, isSelect: true, isFromStatement: true }]);
  });

  for (const how of ['session.execute()', 'executeBulk()'] as const) {
    it.each(['insert', 'update', 'delete'] as const)(
      `an ORM bulk %s run by ${how} is shown with its kind, before it runs [test_events.py::ORMExecuteTest::test_update_delete_flags]`,
      async (kind) => {
        const s = c.session();
        const seen = flagFixture(s);
        const agesSeen: (number | null)[][] = [];
        s.on('doOrmExecute', async () => {
          agesSeen.push(await agesInDb());
        });
        if (kind === 'insert') {
          const stmt = ormInsert(User);
          const parameters = [{ id: 18, name: 'eighteen', age: 18 }];
          await (how === 'executeBulk()'
            ? executeBulk(s, stmt, { parameters })
            : s.execute(stmt, { parameters }));
        } else if (kind === 'update') {
          const stmt = ormUpdate(User)
            .where(u.id.eq(4))
            .values({ name: 'eighteen' })
            .executionOptions({ synchronizeSession: 'evaluate' });
          await (how === 'executeBulk()' ? executeBulk(s, stmt) : s.execute(stmt));
        } else {
          const stmt = ormDelete(User).where(u.id.eq(4)).executionOptions({ synchronizeSession: 'evaluate' });
          await (how === 'executeBulk()' ? executeBulk(s, stmt) : s.execute(stmt));
        }
        expect(seen).toEqual([
          { ...NONE, isInsert: kind === 'insert', isUpdate: kind === 'update', isDelete: kind === 'delete' },
        ]);
        expect(agesSeen).toEqual([[25, 47, 29, 37]]);
        await s.commit();
        expect(await agesInDb()).toEqual(
          kind === 'insert' ? [25, 47, 29, 37, 18] : kind === 'delete' ? [25, 47, 29] : [25, 47, 29, 37],
        );
      },
    );
  }

  it('a listener answers an ORM bulk UPDATE in its place: nothing runs and the call returns its result', async () => {
    const s = c.session();
    const [john] = await loadUsers(s);
    const statements: OrmExecuteState<Session>['statement'][] = [];
    s.on('doOrmExecute', (state) => {
      statements.push(state.statement);
      return state.isUpdate ? s.execute(select(u.id).where(u.id.eq(-1))) : undefined;
    });
    const stmt = ormUpdate(User).values({ age: 99 });
    const result = await s.execute(stmt);
    expect(statements).toEqual([stmt, expect.anything()]);
    expect(result.all()).toEqual([]);
    expect(john!.age).toBe(25);
    await s.commit();
    expect(await agesInDb()).toEqual([25, 47, 29, 37]);
  });

  it('invokeStatement() runs an ORM bulk UPDATE with the listener’s execution options and returns its RETURNING rows', async () => {
    const s = c.session();
    const [john, jack] = await loadUsers(s);
    s.on('doOrmExecute', (state) =>
      state.isUpdate ? state.invokeStatement({ executionOptions: { synchronizeSession: false } }) : undefined,
    );
    const plain = await s.execute(
      ormUpdate(User)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) }),
    );
    expect(plain.rowCount).toBe(2);
    // Synchronization was turned off by the listener: the loaded objects keep their ages.
    expect([john!.age, jack!.age]).toEqual([25, 47]);
    const stmt = ormUpdate(User).where(u.id.eq(1)).values({ age: 30 }).returning(u.id, u.age);
    if (!updateReturning()) {
      await expect(s.execute(stmt)).rejects.toThrow(CompileError);
    } else {
      const returned = await s.execute(stmt);
      expect(returned.all().map(([id, age]) => [id, age])).toEqual([[1, 30]]);
      expect(returned.rowCount).toBe(1);
    }
    await s.commit();
    expect(await agesInDb()).toEqual([updateReturning() ? 30 : 25, 37, 29, 27]);
  });

  it('invokeStatement() of an ORM bulk statement refuses another statement', async () => {
    const s = c.session();
    s.on('doOrmExecute', (state) => state.invokeStatement({ statement: select(u.id) }));
    await expect(s.execute(ormDelete(User).where(u.id.eq(1)))).rejects.toThrow(
      new ArgumentError(
        `invokeStatement() of an ORM bulk statement on ${inspect(User).name} takes no other statement`,
      ),
    );
    await s.rollback();
    expect(await agesInDb()).toEqual([25, 47, 29, 37]);
  });
});
