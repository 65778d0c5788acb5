/**
 * A session bound to a `Connection` rather than an engine: it never closes the connection, and
 * joins a transaction already open on it as `joinTransactionMode` says — the "join a session into
 * an external transaction" recipe that test suites use to roll every test back — ported from
 * SQLAlchemy's test/orm/test_transaction.py (SessionTransactionTest, SubtransactionRecipeTest,
 * JoinIntoAnExternalTransactionFixture and its 2.0 recipe ReallyNewJoinIntoAnExternalTransactionTest)
 * and test/orm/test_session.py (TransScopingTest, SessionInterface).
 *
 * Adaptations: SQLAlchemy's `join_transaction_mode` values are camel-cased
 * (`create_savepoint` → `createSavepoint`); its `Connection.commit()` without a transaction does
 * nothing, Athanor's raises, so the tests check `conn.inTransaction` instead of calling it.
 */
import { Column, Table } from '../../lib/decorators';
import type { Connection, NestedTransaction, Transaction } from '../../lib/drivers';
import { ArgumentError } from '../../lib/errors';
import { inspect } from '../../lib/mapper';
import { Session, type JoinTransactionMode } from '../../lib/session';
import { func, select, text } from '../../lib/sql';
import { make } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_transaction.py a session bound to an external connection', (c) => {
  const { User, Address } = userAddressModel(c);
  let conn: Connection;
  const open: Session[] = [];
  beforeEach(async () => {
    conn = await c.engine.connect();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await conn.close();
    await c.clear(Address, User);
  });
  const sessionOn = (bind: Connection, options: ConstructorParameters<typeof Session>[1] = {}) => {
    const s = new Session(bind, { expireOnCommit: true, ...options });
    open.push(s);
    return s;
  };
  const user = (name: string) => make(User, { name });
  const countOn = async (cn: Connection) =>
    Number((await cn.execute(select(func.count().as('n')).from(inspect(User).table))).all()[0]!.n);
  const countVia = async (s: Session) => (await s.scalars(select(User))).length;
  const committed = async () => c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY id`);

  it('commit of a session joined to a transaction it did not begin leaves it to its owner [test_transaction.py::SessionTransactionTest::test_subtransaction_on_external_no_begin]', async () => {
    const trans = await conn.begin();
    const s = sessionOn(conn, { autoflush: true });
    s.add(user('ed'));
    await s.flush();
    await s.commit(); // does nothing to the connection's transaction
    expect(trans.isActive).toBe(true);
    await trans.rollback();
    expect(await countVia(s)).toBe(0);
    await s.close();
    expect(conn.isClosed).toBe(false);
  });

  it('a session savepoint inside the external transaction rolls back alone [test_transaction.py::SessionTransactionTest::test_external_nested_transaction]', async () => {
    const trans = await conn.begin();
    const s = sessionOn(conn, { autoflush: true });
    s.add(user('u1'));
    await s.flush();
    const savepoint = await s.beginNested();
    s.add(user('u2'));
    await s.flush();
    await savepoint.rollback();
    await trans.commit();
    expect(await countVia(s)).toBe(1);
    expect(await committed()).toEqual([{ name: 'u1' }]);
  });

  it('commit does nothing, the connection’s rollback undoes the flush [test_transaction.py::SessionTransactionTest::test_subtransaction_on_external_commit]', async () => {
    await conn.begin();
    const s = sessionOn(conn, { autoflush: true });
    s.add(user('ed'));
    await s.flush();
    await s.commit();
    expect(conn.inTransaction).toBe(true);
    await conn.rollback();
    expect(await countVia(s)).toBe(0);
  });

  it('the session’s rollback rolls back the external transaction [test_transaction.py::SessionTransactionTest::test_subtransaction_on_external_rollback]', async () => {
    await conn.begin();
    const s = sessionOn(conn, { autoflush: true });
    s.add(user('ed'));
    await s.flush();
    await s.rollback();
    expect(conn.inTransaction).toBe(false); // SQLAlchemy's connection.commit() then has nothing to do
    expect(await countVia(s)).toBe(0);
    expect(await committed()).toEqual([]);
  });

  it('a savepoint rolled back inside the external transaction; the connection commits the rest [test_transaction.py::SessionTransactionTest::test_savepoint_on_external]', async () => {
    await conn.begin();
    const s = sessionOn(conn, { autoflush: true });
    s.add(user('u1'));
    await s.flush();
    const n1 = await s.beginNested();
    s.add(user('u2'));
    await s.flush();
    await n1.rollback();
    await conn.commit();
    expect(await countVia(s)).toBe(1);
    expect(await committed()).toEqual([{ name: 'u1' }]);
  });

  for (const mode of [
    undefined,
    'conservativeSavepoint',
    'createSavepoint',
    'controlFully',
    'rollbackOnly',
  ] as const) {
    for (const operation of ['commit', 'close', 'rollback', 'nothing'] as const) {
      for (const external of ['none', 'transaction', 'savepoint'] as const) {
        it(`joinTransactionMode ${mode ?? 'default'}: ${operation} with ${external} open on the connection [test_transaction.py::SessionTransactionTest::test_join_transaction_modes]`, async () => {
          let t1: Transaction | undefined;
          let s1: NestedTransaction | undefined;
          if (external !== 'none') t1 = await conn.begin();
          if (external === 'savepoint') s1 = await conn.beginNested();
          const s = sessionOn(conn, mode === undefined ? {} : { joinTransactionMode: mode });
          await s.connection();
          if (operation !== 'nothing') await s[operation]();

          if (external === 'none') {
            expect(conn.inTransaction).toBe(operation === 'nothing');
          } else if (external === 'transaction') {
            let active: boolean;
            if (mode === undefined || mode === 'conservativeSavepoint' || mode === 'rollbackOnly')
              active = operation !== 'rollback';
            else if (mode === 'createSavepoint') active = true;
            else active = operation === 'nothing';
            expect(t1!.isActive).toBe(active);
          } else {
            expect(t1!.isActive).toBe(true);
            let active: boolean;
            if (mode === 'rollbackOnly') active = operation !== 'rollback';
            else if (mode === 'controlFully') active = operation === 'nothing';
            else {
              // The session's own savepoint sits inside the connection's until the session ends.
              if (operation === 'nothing') {
                expect(conn.getNestedTransaction()).not.toBe(s1);
                await s.close();
              }
              expect(conn.getNestedTransaction()).toBe(s1);
              active = true;
            }
            expect(s1!.isActive).toBe(active);
          }
          await s.close();
          expect(conn.isClosed).toBe(false);
          if (s1?.isActive) await s1.rollback();
          if (t1?.isActive) await t1.rollback();
        });
      }
    }
  }

  it('a session on a connection with no transaction begins and commits one; the connection stays open [test_session.py::TransScopingTest::test_no_close_on_flush] [test_session.py::TransScopingTest::test_close]', async () => {
    await conn.execute(text(`SELECT * FROM ${c.tableOf(User)}`));
    const s = sessionOn(conn);
    s.add(user('first'));
    await s.flush();
    await conn.execute(text(`SELECT * FROM ${c.tableOf(User)}`));
    await s.close();
    expect(conn.isClosed).toBe(false);
    expect(conn.inTransaction).toBe(false);
    await conn.execute(text(`SELECT * FROM ${c.tableOf(User)}`));
    expect(await committed()).toEqual([]);
  });

  it('the session’s flush is seen on its connection, and elsewhere only after commit [test_session.py::TransScopingTest::test_transaction]', async () => {
    const s = sessionOn(conn);
    s.add(user('x'));
    await s.flush();
    expect(await countOn(conn)).toBe(1);
    expect(await committed()).toEqual([]);
    await s.commit();
    expect(await countOn(conn)).toBe(1);
    expect(await committed()).toEqual([{ name: 'x' }]);
    await s.close();
  });

  it('a recipe that begins only when outermost commits nothing of an external transaction [test_transaction.py::SubtransactionRecipeTest::test_recipe_subtransaction_on_external_subtrans]', async () => {
    const trans = await conn.begin();
    const s = sessionOn(conn);
    const outermost = !s.inTransaction();
    if (outermost) s.begin();
    s.add(user('ed'));
    await s.flush();
    if (outermost) await s.commit(); // commit does nothing
    await trans.rollback();
    expect(await countVia(s)).toBe(0);
  });
});

conformanceSuite('test_session.py SessionInterface joinTransactionMode', (c) => {
  it('an unknown joinTransactionMode is refused [test_session.py::SessionInterface::test_join_transaction_mode]', () => {
    expect(() => new Session(c.engine, { joinTransactionMode: 'bogus' as JoinTransactionMode })).toThrow(
      ArgumentError,
    );
    expect(() => new Session(c.engine, { joinTransactionMode: 'bogus' as JoinTransactionMode })).toThrow(
      'invalid selection for joinTransactionMode: "bogus"',
    );
  });
});

const JOIN_CASES: readonly { name: string; mode: JoinTransactionMode; inSavepoint: boolean }[] = [
  { name: 'create_savepoint', mode: 'createSavepoint', inSavepoint: false },
  { name: 'conditional_w_savepoint', mode: 'conservativeSavepoint', inSavepoint: true },
  { name: 'create_savepoint_w_savepoint', mode: 'createSavepoint', inSavepoint: true },
];

for (const join of JOIN_CASES) {
  conformanceSuite(`test_transaction.py join a session into an external transaction (${join.name})`, (c) => {
    const { A } = c.entities((registry, name) => {
      @Table(name('ext_t1'), { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
      }
      return { A };
    });
    let conn: Connection;
    let trans: Transaction;
    let nested: NestedTransaction | undefined;
    let session: Session;
    const assertCount = async (n: number) =>
      expect(
        Number((await conn.execute(select(func.count().as('n')).from(inspect(A).table))).all()[0]!.n),
      ).toBe(n);

    beforeEach(async () => {
      conn = await c.engine.connect();
      trans = await conn.begin();
      nested = join.inSavepoint ? await conn.beginNested() : undefined;
      session = new Session(conn, { joinTransactionMode: join.mode });
    });
    afterEach(async () => {
      await session.close();
      if (nested !== undefined) {
        expect(nested.isActive).toBe(true);
        await nested.rollback();
      }
      expect(trans.isActive).toBe(true);
      await trans.rollback();
      // Everything the session did, commits included, is gone.
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(A)}`)).toEqual([]);
      await conn.close();
    });

    it('a commit is seen on the connection and rolled back with it [test_transaction.py::JoinIntoAnExternalTransactionFixture::test_something]', async () => {
      session.add(new A());
      await session.commit();
      await assertCount(1);
    });

    it('begin(fn) blocks commit into the external transaction and roll back inside it [test_transaction.py::CtxManagerJoinIntoAnExternalTransactionFixture::test_something_with_context_managers]', async () => {
      await session.begin(async () => {
        session.add(new A());
        await session.flush();
        await assertCount(1);
        await session.rollback();
      });
      await assertCount(0);
      await session.begin(async () => session.add(new A()));
      await assertCount(1);
      await session.begin(async () => {
        session.add(new A());
        await session.flush();
        await assertCount(2);
        await session.rollback();
      });
      await assertCount(1);
    });

    it('any sequence of begin, savepoint, commit and rollback leaves the external transaction usable [test_transaction.py::CtxManagerJoinIntoAnExternalTransactionFixture::test_super_abusive_nesting]', async () => {
      // A fixed pseudo-random sequence, so that a failure can be replayed.
      let seed = 7;
      const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
      const steps = 5 + next(26);
      for (let i = 0; i < steps; i++) {
        const choice = 1 + next(3);
        if (choice === 1) {
          if (session.inTransaction()) await session.beginNested();
          else session.begin();
        } else if (choice === 2) await session.rollback();
        else await session.commit();
        await session.connection();
      }
      await session.close();
      expect(trans.isActive).toBe(true);
    });
  });
}
