/**
 * Transactions as scopes — `begin(fn)`, `beginNested(fn)`, `sessionFactory(...).begin(fn)`, and
 * a session closed by `await using` — and the transaction flags — ported from SQLAlchemy's
 * test/orm/test_transaction.py (ContextManagerPlusFutureTest, TransactionFlagsTest).
 *
 * Adaptations: SQLAlchemy's `with session.begin():` is `await s.begin(async () => …)`, its
 * `with session:` is `await using`, and its `with sessionmaker.begin() as s:` is
 * `await sessionFactory(engine).begin(async (s) => …)`.
 */
import { IntegrityError, InvalidRequestError } from '../../lib/errors';
import { inspect, type Mapper } from '../../lib/mapper';
import { sessionFactory, type Session } from '../../lib/session';
import { func, insert, select } from '../../lib/sql';
import { make } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_transaction.py ContextManagerPlusFutureTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));
  const users = () => (inspect(User) as Mapper).table;
  const count = async (s: Session) => Number(await s.scalar(select(func.count()).from(users())));
  const rowsSeen = async (s: Session) =>
    (await (await s.connection()).execute(select(users().c.id, users().c.name))).all();
  const insertUser1 = async (s: Session) =>
    (await s.connection()).execute(insert(users()).values({ id: 1, name: 'user1' } as never));
  const committed = async () => c.readBack(`SELECT id, name FROM ${c.tableOf(User)}`);
  const forced = new Error('force rollback');

  it('a failing flush in beginNested(fn) raises the database error; the next savepoint works [test_transaction.py::ContextManagerPlusFutureTest::test_contextmanager_nested_rollback]', async () => {
    const s = c.session();
    await expect(
      s.beginNested(async () => {
        s.add(make(User)); // name can't be null
        await s.flush();
      }),
    ).rejects.toThrow(IntegrityError);
    await s.beginNested(async () => s.add(make(User, { name: 'u1' })));
    expect(await count(s)).toBe(1);
  });

  it('begin(fn) commits [test_transaction.py::ContextManagerPlusFutureTest::test_contextmanager_commit]', async () => {
    const s = c.session();
    await s.begin(async () => s.add(make(User, { name: 'u1' })));
    await s.rollback();
    expect(await count(s)).toBe(1);
    expect(await committed()).toEqual([{ id: expect.anything(), name: 'u1' }]);
  });

  it('begin(fn) rolls back when its flush fails; the session is used again [test_transaction.py::ContextManagerPlusFutureTest::test_contextmanager_rollback]', async () => {
    const s = c.session();
    await expect(s.begin(async () => s.add(make(User)))).rejects.toThrow(IntegrityError);
    expect(await count(s)).toBe(0);
    await s.close();
    await s.begin(async () => s.add(make(User, { name: 'u1' })));
    expect(await count(s)).toBe(1);
  });

  it('begin(fn) runs in the transaction it returns; afterwards none is left [test_transaction.py::ContextManagerPlusFutureTest::test_explicit_begin]', async () => {
    await using s1 = c.session();
    await s1.begin(async () => {
      const trans = s1.getTransaction();
      expect(trans).toBeDefined();
      expect(trans!.origin).toBe('begin');
      await s1.connection();
    });
    expect(s1.getTransaction()).toBeUndefined();
  });

  it('begin() twice raises [test_transaction.py::ContextManagerPlusFutureTest::test_no_double_begin_explicit]', async () => {
    await using s1 = c.session();
    s1.begin();
    expect(() => s1.begin()).toThrow('a transaction is already begun on this session');
  });

  it('rollback() inside a savepoint rolls back the whole transaction [test_transaction.py::ContextManagerPlusFutureTest::test_rollback_is_global]', async () => {
    await using s1 = c.session();
    s1.begin();
    await (await s1.connection()).execute(insert(users()).values([{ id: 1, name: 'n1' }] as never));
    await s1.beginNested();
    await (
      await s1.connection()
    ).execute(
      insert(users()).values([
        { id: 2, name: 'n2' },
        { id: 3, name: 'n3' },
      ] as never),
    );
    expect(await count(s1)).toBe(3);
    await s1.rollback();
    expect(s1.getTransaction()).toBeUndefined();
    expect(await count(s1)).toBe(0);
    await s1.commit();
    expect(s1.getTransaction()).toBeUndefined();
  });

  it('a session closed by `await using` rolls back what it did not commit [test_transaction.py::ContextManagerPlusFutureTest::test_session_as_ctx_manager_one]', async () => {
    const outer = c.session();
    {
      await using s = outer;
      expect(s.getTransaction()).toBeUndefined();
      await insertUser1(s);
      expect(await rowsSeen(s)).toEqual([{ id: 1, name: 'user1' }]);
      expect(s.getTransaction()).toBeDefined();
    }
    expect(outer.getTransaction()).toBeUndefined();
    expect(await rowsSeen(outer)).toEqual([]);
  });

  it('a session closed by `await using` on an error ends its transaction [test_transaction.py::ContextManagerPlusFutureTest::test_session_as_ctx_manager_two]', async () => {
    const outer = c.session();
    await expect(
      (async () => {
        await using s = outer;
        expect(s.getTransaction()).toBeUndefined();
        await insertUser1(s);
        throw forced;
      })(),
    ).rejects.toBe(forced);
    expect(outer.getTransaction()).toBeUndefined();
    expect(await committed()).toEqual([]);
  });

  it('begin(fn) commits what ran in it, also Core statements [test_transaction.py::ContextManagerPlusFutureTest::test_begin_context_manager]', async () => {
    const outer = c.session();
    {
      await using s = outer;
      await s.begin(async () => {
        await insertUser1(s);
        expect(await rowsSeen(s)).toEqual([{ id: 1, name: 'user1' }]);
      });
    }
    expect(await rowsSeen(outer)).toEqual([{ id: 1, name: 'user1' }]);
    expect(await committed()).toEqual([{ id: 1, name: 'user1' }]);
  });

  it('a session factory’s begin(fn) commits [test_transaction.py::ContextManagerPlusFutureTest::test_sessionmaker_begin_context_manager]', async () => {
    const factory = sessionFactory(c.engine);
    await factory.begin(async (s) => {
      await insertUser1(s);
      expect(await rowsSeen(s)).toEqual([{ id: 1, name: 'user1' }]);
    });
    expect(await committed()).toEqual([{ id: 1, name: 'user1' }]);
  });

  it('an error thrown in begin(fn) rolls it back [test_transaction.py::ContextManagerPlusFutureTest::test_begin_context_manager_rollback_trans]', async () => {
    const s = c.session();
    await expect(
      s.begin(async () => {
        await insertUser1(s);
        expect(await rowsSeen(s)).toEqual([{ id: 1, name: 'user1' }]);
        throw forced;
      }),
    ).rejects.toBe(forced);
    expect(await rowsSeen(s)).toEqual([]);
    await s.close();
    expect(await committed()).toEqual([]);
  });

  it('an error thrown after begin(fn) finished leaves its commit [test_transaction.py::ContextManagerPlusFutureTest::test_begin_context_manager_rollback_outer]', async () => {
    const outer = c.session();
    await expect(
      (async () => {
        await using s = outer;
        await s.begin(async () => {
          await insertUser1(s);
        });
        throw forced;
      })(),
    ).rejects.toBe(forced);
    expect(await rowsSeen(outer)).toEqual([{ id: 1, name: 'user1' }]);
    await outer.close();
  });

  it('an error thrown in a session factory’s begin(fn) rolls it back [test_transaction.py::ContextManagerPlusFutureTest::test_sessionmaker_begin_context_manager_rollback_trans]', async () => {
    const factory = sessionFactory(c.engine);
    await expect(
      factory.begin(async (s) => {
        await insertUser1(s);
        expect(await rowsSeen(s)).toEqual([{ id: 1, name: 'user1' }]);
        throw forced;
      }),
    ).rejects.toBe(forced);
    expect(await committed()).toEqual([]);
  });

  it('an error thrown after a session factory’s begin(fn) leaves its commit [test_transaction.py::ContextManagerPlusFutureTest::test_sessionmaker_begin_context_manager_rollback_outer]', async () => {
    const factory = sessionFactory(c.engine);
    await expect(
      (async () => {
        await factory.begin(async (s) => void (await insertUser1(s)));
        throw forced;
      })(),
    ).rejects.toBe(forced);
    expect(await committed()).toEqual([{ id: 1, name: 'user1' }]);
  });

  for (const ending of ['commit', 'rollback'] as const) {
    it(`after ${ending}() inside begin(fn), further use raises until the callback ends [test_transaction.py::ContextManagerPlusFutureTest::test_interrupt_ctxmanager] (${ending})`, async () => {
      const s = c.session();
      await s.begin(async () => {
        await s.connection();
        await s[ending]();
        await expect(s.connection()).rejects.toThrow(
          /can't operate on a closed transaction inside a begin\(\) callback/,
        );
        expect(() => s.begin()).toThrow(/can't operate on a closed transaction inside a begin\(\) callback/);
      });
      expect(s.getTransaction()).toBeUndefined();
      await s.connection();
      expect(s.getTransaction()).toBeDefined();
    });
  }

  for (const rollback of [true, false]) {
    for (const expireOnCommit of [true, false]) {
      for (const op of ['add', 'modify', 'delete', 'begin'] as const) {
        it(`after ${rollback ? 'rollback' : 'commit'}() inside begin(fn), ${op} raises [test_transaction.py::ContextManagerPlusFutureTest::test_interrupt_ctxmanager_ops] (expireOnCommit ${expireOnCommit})`, async () => {
          const s = c.session({ expireOnCommit });
          const u1 = make(User, { id: 7, name: 'u1' });
          await s.begin(async () => s.add(u1));
          await s.begin(async () => {
            if (expireOnCommit) await s.refresh(u1);
            s.add(make(User, { id: 8, name: 'u1' }));
            await s.flush();
            if (rollback) await s.rollback();
            else await s.commit();
            const attempt = (): void => {
              if (op === 'add') s.add(make(User, { id: 9, name: 'u2' }));
              else if (op === 'begin') s.begin();
              else if (op === 'modify') u1.name = 'newname';
              else s.delete(u1);
            };
            let error: unknown;
            try {
              attempt();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(InvalidRequestError);
            expect((error as Error).message).toMatch(
              /can't operate on a closed transaction inside a begin\(\) callback\. Let the callback finish before using the session again/,
            );
          });
        });
      }
    }
  }

  it('use after a flush failed inside begin(fn) raises an error that carries the flush error [test_transaction.py::ContextManagerPlusFutureTest::test_rollback_exception_in_ctxmanager_error_message]', async () => {
    const s = c.session();
    await expect(
      s.begin(async () => {
        s.add(make(User)); // name can't be null
        const flushErr = await s.flush().then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(flushErr).toBeInstanceOf(IntegrityError);
        const misuse = await s.connection().then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(misuse).toBeInstanceOf(InvalidRequestError);
        expect(misuse!.message).toContain(
          `can't operate on a closed transaction inside a begin() callback. The transaction was rolled back due to an error: ${flushErr!.message}. Let the callback finish`,
        );
        throw flushErr;
      }),
    ).rejects.toThrow(IntegrityError);
  });
});

conformanceSuite('test_transaction.py TransactionFlagsTest', (c) => {
  it('inTransaction(), getTransaction() and getNestedTransaction() through a savepoint [test_transaction.py::TransactionFlagsTest::test_in_transaction]', async () => {
    await using s1 = c.session();
    expect(s1.inTransaction()).toBe(false);
    const trans = s1.begin();
    expect(s1.inTransaction()).toBe(true);
    expect(s1.getTransaction()).toBe(trans);
    const n1 = await s1.beginNested();
    expect(s1.inTransaction()).toBe(true);
    expect(s1.getTransaction()).toBe(trans);
    expect(s1.getNestedTransaction()).toBe(n1);
    await n1.rollback();
    expect(s1.getNestedTransaction()).toBeUndefined();
    expect(s1.getTransaction()).toBe(trans);
    expect(s1.inTransaction()).toBe(true);
    await s1.commit();
    expect(s1.inTransaction()).toBe(false);
    expect(s1.getTransaction()).toBeUndefined();
  });

  it('rollback() twice after begin() leaves no transaction [test_transaction.py::TransactionFlagsTest::test_in_transaction_subtransactions]', async () => {
    // SQLAlchemy's internal subtransaction has no public counterpart; its public behaviour is this.
    await using s1 = c.session();
    expect(s1.inTransaction()).toBe(false);
    const trans = s1.begin();
    expect(s1.inTransaction()).toBe(true);
    expect(s1.getTransaction()).toBe(trans);
    await s1.rollback();
    expect(s1.inTransaction()).toBe(false);
    expect(s1.getTransaction()).toBeUndefined();
    await s1.rollback();
    expect(s1.inTransaction()).toBe(false);
  });

  it('nested savepoints roll back one level at a time [test_transaction.py::TransactionFlagsTest::test_in_transaction_nesting]', async () => {
    await using s1 = c.session();
    expect(s1.inTransaction()).toBe(false);
    const trans = s1.begin();
    const sp1 = await s1.beginNested();
    expect(s1.getTransaction()).toBe(trans);
    expect(s1.getNestedTransaction()).toBe(sp1);
    const sp2 = await s1.beginNested();
    expect(s1.inTransaction()).toBe(true);
    expect(s1.inNestedTransaction()).toBe(true);
    expect(s1.getTransaction()).toBe(trans);
    expect(s1.getNestedTransaction()).toBe(sp2);
    await sp2.rollback();
    expect(s1.inNestedTransaction()).toBe(true);
    expect(s1.getTransaction()).toBe(trans);
    expect(s1.getNestedTransaction()).toBe(sp1);
    await sp1.rollback();
    expect(s1.getNestedTransaction()).toBeUndefined();
    expect(s1.inTransaction()).toBe(true);
    expect(s1.inNestedTransaction()).toBe(false);
    expect(s1.getTransaction()).toBe(trans);
    await s1.rollback();
    expect(s1.inTransaction()).toBe(false);
    expect(s1.getTransaction()).toBeUndefined();
  });
});
