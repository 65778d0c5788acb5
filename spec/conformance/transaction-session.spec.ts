/**
 * The session transaction's life: flushes inside one transaction, savepoint bookkeeping, isolation
 * between sessions, commit and rollback events, the errors after a failed flush and the warnings
 * when an inactive transaction was used — ported from SQLAlchemy's test/orm/test_transaction.py
 * (SessionTransactionTest).
 *
 * Adaptations: a session is bound to an engine (never to an external connection); reading an
 * expired attribute needs `await s.refresh(obj)`; SQLAlchemy's `after_flush_postexec` is
 * Athanor's `afterFlush`; a failure injected by an engine `beforeExecute` listener stands for
 * SQLAlchemy's mocked DBAPI hooks; the SAVEPOINT of `beginNested()` is emitted at once (not on
 * first use).
 */
import { FlushError, IntegrityError, PendingRollbackError, ResourceClosedError } from '../../lib/errors';
import { instanceState } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { select, text } from '../../lib/sql';
import { countRows, make, warningsOf } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_transaction.py SessionTransactionTest', (c) => {
  const { User, Address } = userAddressModel(c, { cascade: 'all, delete-orphan' });
  afterEach(() => c.clear(Address, User));
  const user = (name: string, id?: number) => make(User, id === undefined ? { name } : { id, name });
  const names = async (): Promise<unknown[]> =>
    (await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY id`)).map((r) => r.name);
  /** A session whose flush failed on a duplicate key, and the committed object (`id` 1). */
  const inactiveFlushedSession = async () => {
    const s = c.session();
    const u1 = user('u1', 1);
    s.add(u1);
    await s.commit();
    s.add(user('u2', 1));
    await expect(s.flush()).rejects.toThrow(IntegrityError);
    return { s, u1 };
  };

  it('several flushes and a Core statement run in the one transaction begun [test_transaction.py::SessionTransactionTest::test_no_close_transaction_on_flush]', async () => {
    const s = c.session();
    const tran = s.begin();
    s.add(user('first'));
    await s.flush();
    await (await s.connection()).execute(text(`SELECT * FROM ${c.tableOf(User)}`));
    s.add(user('two'));
    await s.flush();
    s.add(user('third'));
    await s.flush();
    expect(s.getTransaction()).toBe(tran);
    await tran.rollback();
    expect(await names()).toEqual([]);
  });

  it('an object added in a released savepoint leaves the session when the transaction rolls back [test_transaction.py::SessionTransactionTest::test_nested_accounting_new_items_removed]', async () => {
    const s = c.session();
    s.begin();
    const n1 = await s.beginNested();
    const u1 = user('u1');
    s.add(u1);
    await n1.commit();
    expect(s.contains(u1)).toBe(true);
    await s.rollback();
    expect(s.contains(u1)).toBe(false);
  });

  it('an object deleted in a released savepoint comes back when the transaction rolls back [test_transaction.py::SessionTransactionTest::test_nested_accounting_deleted_items_restored]', async () => {
    const s = c.session();
    s.begin();
    s.add(user('u1'));
    await s.commit();
    s.begin();
    const [u1] = await s.scalars(select(User));
    const n1 = await s.beginNested();
    s.delete(u1!);
    await n1.commit();
    expect(s.contains(u1!)).toBe(false);
    await s.rollback();
    expect(s.contains(u1!)).toBe(true);
  });

  it('what a savepoint updated passes to the enclosing savepoint when released, and is expired by its rollback [test_transaction.py::SessionTransactionTest::test_dirty_state_transferred_deep_nesting]', async () => {
    const s = c.session();
    const u1 = user('u1');
    s.add(u1);
    await s.commit();
    const nt1 = await s.beginNested();
    const nt2 = await s.beginNested();
    u1.name = 'u2';
    const st = instanceState(u1 as object);
    expect([nt2.updated.has(st), nt1.updated.has(st)]).toEqual([false, false]);
    await s.flush();
    expect([nt2.updated.has(st), nt1.updated.has(st)]).toEqual([true, false]);
    await nt2.commit();
    expect(nt1.updated.has(st)).toBe(true);
    await nt1.rollback();
    expect(st.isExpired('name')).toBe(true);
    await s.refresh(u1); // SQLAlchemy loads the expired attribute on access
    expect(u1.name).toBe('u1');
  });

  it('another session does not see what a flush wrote before its commit [test_transaction.py::SessionTransactionTest::test_transactions_isolated]', async () => {
    const s1 = c.session();
    const s2 = new Session(c.newEngine(), { expireOnCommit: true });
    s1.add(user('u1'));
    await s1.flush();
    expect(await s2.scalars(select(User))).toEqual([]);
    await s2.close();
  });

  it('a rolled back savepoint discards its rows, the enclosing transaction commits its own [test_transaction.py::SessionTransactionTest::test_nested_transaction]', async () => {
    const s = c.session();
    s.begin();
    s.add(user('u1'));
    await s.flush();
    const n1 = await s.beginNested();
    s.add(user('u2'));
    await s.flush();
    await n1.rollback();
    await s.commit();
    expect(await countRows(s, User)).toBe(1);
    expect(await names()).toEqual(['u1']);
  });

  it('rollback() inside a savepoint rolls back the whole transaction [test_transaction.py::SessionTransactionTest::test_nested_autotrans]', async () => {
    const s = c.session();
    s.add(user('u1'));
    await s.flush();
    await s.beginNested();
    s.add(user('u2'));
    await s.flush();
    await s.rollback();
    await s.commit();
    expect(await countRows(s, User)).toBe(0);
  });

  it('objects added after rollback() of a savepoint go into the next transaction [test_transaction.py::SessionTransactionTest::test_nested_transaction_connection_add]', async () => {
    const s = c.session();
    s.begin();
    await s.beginNested();
    s.add(user('u1'));
    await s.flush();
    await s.rollback();
    const u2 = user('u2');
    s.add(u2);
    await s.commit();
    expect(await s.scalars(select(User))).toEqual([u2]);
    await s.rollback();
    s.begin();
    const n1 = await s.beginNested();
    s.add(user('u3'));
    await n1.commit();
    await s.rollback();
    expect(await s.scalars(select(User))).toEqual([u2]);
  });

  it('close() inside a savepoint ends everything; the session is used again afterwards [test_transaction.py::SessionTransactionTest::test_mixed_transaction_close]', async () => {
    const s = c.session();
    await s.beginNested();
    s.add(user('u1'));
    await s.flush();
    await s.close();
    s.add(user('u2'));
    await s.commit();
    await s.close();
    expect(await countRows(s, User)).toBe(1);
    expect(await names()).toEqual(['u2']);
  });

  it('a BEGIN that fails raises, and close() returns the connection [test_transaction.py::SessionTransactionTest::test_begin_fails_connection_is_closed]', async () => {
    const engine = c.newEngine();
    engine.on('beforeExecute', ({ sql }) => {
      if (/^(BEGIN|START TRANSACTION)/.test(sql)) throw new Error('failure');
    });
    const s = new Session(engine);
    await expect(s.execute(text('SELECT 1'))).rejects.toThrow('failure');
    await s.close();
    expect(engine.poolStatus.used).toBe(0);
  });

  it('a SAVEPOINT that fails raises; the connection stays usable until close() [test_transaction.py::SessionTransactionTest::test_begin_savepoint_fails_connection_is_not_closed]', async () => {
    const engine = c.newEngine();
    engine.on('beforeExecute', ({ sql }) => {
      if (sql.startsWith('SAVEPOINT')) throw new Error('failure');
    });
    const s = new Session(engine);
    await expect(s.beginNested()).rejects.toThrow('failure');
    expect(engine.poolStatus.used).toBe(1);
    expect((await s.execute(text('SELECT 1 AS one'))).all()).toEqual([{ one: 1 }]);
    await s.close();
    expect(engine.poolStatus.used).toBe(0);
  });

  it('objects added by an afterFlush listener are flushed by the same commit [test_transaction.py::SessionTransactionTest::test_continue_flushing_on_commit]', async () => {
    const s = c.session();
    const toFlush = [user('ed'), user('jack'), user('wendy')];
    s.on('afterFlush', () => {
      if (toFlush.length) s.add(toFlush.shift()!);
    });
    let commits = 1;
    s.on('afterCommit', () => void commits++);
    s.add(toFlush.pop()!);
    await s.commit();
    expect(commits).toBe(2);
    expect(await countRows(s, User)).toBe(3);
  });

  it('commit gives up after 100 flushes in a row [test_transaction.py::SessionTransactionTest::test_continue_flushing_guard]', async () => {
    const s = c.session();
    s.on('afterFlush', () => s.add(user('x')));
    s.add(user('x'));
    await expect(s.commit()).rejects.toThrow(FlushError);
    await expect(s.commit()).rejects.toThrow(/over 100 flushes in a row within commit\(\)/);
  });

  it('an afterCommit listener cannot emit SQL [test_transaction.py::SessionTransactionTest::test_no_sql_during_commit]', async () => {
    const s = c.session();
    s.on('afterCommit', async (sess) => {
      await sess.execute(text('SELECT 1'));
    });
    await expect(s.commit()).rejects.toThrow(
      "this session is in 'committed' state; no further SQL can be emitted within this transaction",
    );
  });

  it('an afterRollback listener cannot emit SQL [test_transaction.py::SessionTransactionTest::test_no_sql_during_rollback]', async () => {
    const s = c.session();
    await s.connection();
    s.on('afterRollback', async (sess) => {
      await sess.execute(text('SELECT 1'));
    });
    await expect(s.rollback()).rejects.toThrow(
      "this session is in 'inactive' state, due to the SQL transaction being rolled back; no further SQL can be emitted within this transaction",
    );
  });

  it('a ROLLBACK TO SAVEPOINT that fails deactivates the transaction; rollback() recovers [test_transaction.py::SessionTransactionTest::test_failed_rollback_deactivates_transaction]', async () => {
    const engine = c.newEngine();
    engine.on('beforeExecute', ({ sql }) => {
      if (sql.startsWith('ROLLBACK TO SAVEPOINT')) throw new Error("Can't roll back to savepoint");
    });
    const s = new Session(engine);
    await s.begin(async () => s.add(user('x', 1)));
    await s.beginNested();
    s.add(user('x', 1)); // raises IntegrityError on flush
    await expect(s.commit()).rejects.toThrow();
    expect(s.isActive).toBe(false);
    await s.rollback();
    expect(s.getTransaction()).toBeUndefined();
    await s.connection();
    expect(s.isActive).toBe(true);
    const trans = s.getTransaction()!;
    await s.rollback();
    expect(trans.isActive).toBe(false);
    expect(s.getTransaction()).toBeUndefined();
    expect(s.isActive).toBe(true);
    await s.close();
  });

  it('a closed transaction refuses commit and rollback [test_transaction.py::SessionTransactionTest::test_closed_status_check]', async () => {
    const s = c.session();
    const trans = s.begin();
    await trans.rollback();
    await expect(trans.rollback()).rejects.toThrow(ResourceClosedError);
    await expect(trans.commit()).rejects.toThrow('this transaction is closed');
  });

  it('an object added after a failed flush is discarded by rollback(), with a warning [test_transaction.py::SessionTransactionTest::test_warning_on_using_inactive_session_new]', async () => {
    const { s, u1 } = await inactiveFlushedSession();
    const u2 = user('u2');
    s.add(u2);
    const warnings = warningsOf(s);
    await s.rollback();
    expect(warnings).toEqual([
      "Session's state has been changed on a non-active transaction - this state will be discarded.",
    ]);
    expect(s.contains(u2)).toBe(false);
    expect(s.contains(u1)).toBe(true);
  });

  it('a change made after a failed flush is discarded by rollback(), with a warning [test_transaction.py::SessionTransactionTest::test_warning_on_using_inactive_session_dirty]', async () => {
    const { s, u1 } = await inactiveFlushedSession();
    u1.name = 'newname';
    const warnings = warningsOf(s);
    await s.rollback();
    expect(warnings).toEqual([
      expect.stringMatching(/non-active transaction - this state will be discarded/),
    ]);
    expect(s.contains(u1)).toBe(true);
    expect(s.dirty).not.toContain(u1);
  });

  it('a delete made after a failed flush is discarded by rollback(), with a warning [test_transaction.py::SessionTransactionTest::test_warning_on_using_inactive_session_delete]', async () => {
    const { s, u1 } = await inactiveFlushedSession();
    s.delete(u1);
    const warnings = warningsOf(s);
    await s.rollback();
    expect(warnings).toEqual([
      expect.stringMatching(/non-active transaction - this state will be discarded/),
    ]);
    expect(s.contains(u1)).toBe(true);
    expect(s.deleted).not.toContain(u1);
  });

  it('an object an afterRollback listener adds during the failed flush is not kept [test_transaction.py::SessionTransactionTest::test_warning_on_using_inactive_session_rollback_evt]', async () => {
    const s = c.session();
    s.add(user('u1', 1));
    await s.commit();
    const u3 = user('u3');
    s.on('afterRollback', () => s.add(u3));
    s.add(user('u2', 1));
    // SQLAlchemy declares this flush but never calls it; the listener's object must not stay.
    await expect(s.flush()).rejects.toThrow(IntegrityError);
    await s.rollback();
    expect(s.contains(u3)).toBe(false);
  });

  it('every commit after a failed flush raises PendingRollbackError with the original error, until rollback() [test_transaction.py::SessionTransactionTest::test_preserve_flush_error]', async () => {
    const { s } = await inactiveFlushedSession();
    for (let i = 0; i < 5; i++) {
      await expect(s.commit()).rejects.toThrow(PendingRollbackError);
      await expect(s.commit()).rejects.toThrow(
        /^this session's transaction has been rolled back because of an error during flush; to begin a new transaction with this session, first call session\.rollback\(\)\. Original error:/,
      );
    }
    await s.rollback();
    s.add(user('some name', 5));
    await s.commit();
    expect(await names()).toEqual(['u1', 'some name']);
  });

  it('committing the transaction object ends it; the next use begins another [test_transaction.py::SessionTransactionTest::test_no_autobegin_after_explicit_commit]', async () => {
    const s = c.session();
    s.add(user('ed'));
    await s.getTransaction()!.commit();
    expect(s.getTransaction()).toBeUndefined();
    await s.connection();
    expect(s.getTransaction()).toBeDefined();
    expect(await names()).toEqual(['ed']);
  });
});
