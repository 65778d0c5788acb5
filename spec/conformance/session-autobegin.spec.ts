/**
 * When a session begins its transaction by itself and what ends it — ported from SQLAlchemy's
 * test/orm/test_session.py (TransScopingTest, SessionStateTest's active flags).
 *
 * Adaptations: SQLAlchemy's `session._transaction` is `getTransaction()`; reading an expired
 * attribute needs `await s.refresh(obj)`; a lazy load is the explicit `await s.load(obj, key)`.
 */
import { InvalidRequestError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { select, text } from '../../lib/sql';
import { make } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_session.py TransScopingTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));
  const user = (name: string, id?: number) => make(User, id === undefined ? { name } : { id, name });

  it('a statement begins the transaction; commit and close end it; the next statement begins another [test_session.py::TransScopingTest::test_autobegin_execute]', async () => {
    const s = c.session();
    expect(s.getTransaction()).toBeUndefined();
    await s.execute(text('SELECT 1'));
    expect(s.getTransaction()).toBeDefined();
    await s.commit();
    expect(s.getTransaction()).toBeUndefined();
    await s.execute(text('SELECT 1'));
    expect(s.getTransaction()).toBeDefined();
    await s.close();
    expect(s.getTransaction()).toBeUndefined();
    await s.execute(text('SELECT 1'));
    expect(s.getTransaction()).toBeDefined();
    await s.close();
    expect(s.getTransaction()).toBeUndefined();
  });

  it('an empty flush begins nothing; a flush with work begins the transaction [test_session.py::TransScopingTest::test_autobegin_flush]', async () => {
    const s = c.session();
    expect(s.getTransaction()).toBeUndefined();
    await s.flush();
    expect(s.getTransaction()).toBeUndefined();
    s.add(user('name', 1));
    await s.flush();
    expect(s.getTransaction()).toBeDefined();
    await s.commit();
    expect(s.getTransaction()).toBeUndefined();
    expect(await c.readBack(`SELECT id, name FROM ${c.tableOf(User)}`)).toEqual([{ id: 1, name: 'name' }]);
  });

  it('a change after commit begins a transaction its flush writes in, and rollback undoes [test_session.py::TransScopingTest::test_autobegin_within_flush]', async () => {
    const s = c.session();
    s.add(user('u1'));
    await s.commit();
    const [u1] = await s.scalars(select(User));
    await s.commit();
    expect(s.inTransaction()).toBe(false);
    u1!.name = 'newname';
    expect(s.inTransaction()).toBe(true);
    await s.flush();
    const nameNow = async () =>
      (await (await s.connection()).execute(select(attrs(User).name))).all().map((r) => r.name);
    expect(await nameNow()).toEqual(['newname']);
    expect(s.inTransaction()).toBe(true);
    await s.rollback();
    expect(s.inTransaction()).toBe(false);
    expect(await nameNow()).toEqual(['u1']);
  });

  const noAutobegin =
    /autobegin is disabled on this session; call session\.begin\(\) to start a new transaction/;
  for (const trigger of ['select1', 'lazyload', 'unitofwork'] as const) {
    for (const op of ['commit', 'close', 'rollback', undefined] as const) {
      it(`with autobegin off, ${trigger} after ${op ?? 'nothing'} raises until begin() [test_session.py::TransScopingTest::test_no_autobegin] (${trigger}, ${op ?? 'no op'})`, async () => {
        const setup = c.session();
        setup.add(user('u1'));
        await setup.commit();
        await setup.close();

        const s = c.session({ autobegin: false });
        const ormTrigger = trigger !== 'select1';
        let u1: InstanceType<typeof User> | undefined;
        const attempt = async (): Promise<void> => {
          if (op !== undefined || ormTrigger) {
            s.begin();
            expect(s.inTransaction()).toBe(true);
            if (ormTrigger) {
              u1 = (await s.scalar(select(User).where(attrs(User).name.eq('u1'))))!;
            } else {
              expect((await s.execute(text('SELECT 1 AS one'))).all()).toEqual([{ one: 1 }]);
            }
            if (op !== undefined) await s[op]();
            else await s.rollback();
            expect(s.inTransaction()).toBe(false);
          }
          if (trigger === 'select1') await s.execute(text('SELECT 1'));
          else if (trigger === 'lazyload') {
            if (op === 'close') s.add(u1!);
            else await s.load(u1!, 'addresses');
          } else s.add(u1!);
        };
        await expect(attempt()).rejects.toThrow(noAutobegin);

        s.begin();
        if (trigger === 'select1') await s.execute(text('SELECT 1'));
        else if (trigger === 'lazyload') {
          if (op === 'close') s.add(u1!);
          await s.load(u1!, 'addresses');
          expect(u1!.addresses).toEqual([]);
        }
        expect(s.inTransaction()).toBe(true);
        if (op !== undefined) {
          await s[op]();
          expect(s.inTransaction()).toBe(false);
        }
      });
    }
  }

  it('begin() when a transaction is already begun raises [test_session.py::TransScopingTest::test_autobegin_begin_method]', () => {
    const s = c.session();
    s.begin();
    expect(() => s.begin()).toThrow(InvalidRequestError);
    expect(() => s.begin()).toThrow('a transaction is already begun on this session');
  });

  for (const begin of [true, false]) {
    for (const expireOnCommit of [true, false]) {
      for (const modifyUnconditional of [true, false]) {
        for (const case_ of ['nothing', 'modify', 'add', 'delete'] as const) {
          it(`after commit, ${case_}${modifyUnconditional ? ' and a change' : ''} begins a transaction whose rollback expires the objects [test_session.py::TransScopingTest::test_autobegin_attr_change] (begin ${begin}, expireOnCommit ${expireOnCommit})`, async () => {
            const s = c.session({ expireOnCommit });
            const [u, u2, u3] = [user('x'), user('d'), user('e')];
            s.addAll([u, u2, u3]);
            await s.commit();
            if (begin) s.begin();
            if (case_ === 'add') s.add(user('q'));
            else if (case_ === 'delete') s.delete(u2);
            else if (case_ === 'modify') u3.name = 'm';

            let expectExpire: boolean;
            if (case_ === 'nothing' && !begin) {
              expect(s.getTransaction()).toBeUndefined();
              expectExpire = expireOnCommit;
            } else {
              expect(s.getTransaction()).toBeDefined();
              expectExpire = true;
            }
            if (modifyUnconditional) {
              u.name = 'y';
              expectExpire = true;
            }
            if (!expectExpire) expect(s.getTransaction()).toBeUndefined();

            await s.rollback();
            expect(instanceState(u).isLoaded('name')).toBe(!expectExpire);
            if (expectExpire) await s.refresh(u);
            expect(u.name).toBe('x');
          });
        }
      }
    }
  }
});

conformanceSuite('test_session.py SessionStateTest active flags', (c) => {
  it('a session is active before, during and after a rolled back transaction [test_session.py::SessionStateTest::test_active_flag_autobegin] [test_session.py::SessionStateTest::test_active_flag_autobegin_future]', async () => {
    const s = new Session(c.engine);
    expect(s.isActive).toBe(true);
    expect(s.inTransaction()).toBe(false);
    s.begin();
    expect(s.isActive).toBe(true);
    await s.rollback();
    expect(s.isActive).toBe(true);
    await s.close();
  });

  it('rolling back a transaction with a savepoint leaves the session active [test_session.py::SessionStateTest::test_active_flag_partial_rollback]', async () => {
    const s = new Session(c.engine);
    expect(s.isActive).toBe(true);
    expect(s.inTransaction()).toBe(false);
    s.begin();
    expect(s.isActive).toBe(true);
    await s.beginNested();
    await s.rollback();
    expect(s.isActive).toBe(true);
    await s.rollback();
    expect(s.isActive).toBe(true);
    await s.close();
  });
});
