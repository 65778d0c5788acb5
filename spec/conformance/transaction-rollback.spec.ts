/**
 * What commit and rollback — of the transaction and of a savepoint — do to the objects they
 * touched: pending objects leave, deleted ones come back, changed ones are expired and reload the
 * committed values, and a savepoint's rollback expires only what it changed — ported from
 * SQLAlchemy's test/orm/test_transaction.py (FixtureDataTest, CleanSavepointTest, AutoExpireTest,
 * RollbackRecoverTest, SavepointTest, AccountingFlagsTest).
 *
 * Adaptations: SQLAlchemy loads an expired attribute when it is read; Athanor reads it after
 * `await s.refresh(obj)` (and `await s.load(obj, key)` for a collection). Sessions expire on commit
 * as SQLAlchemy's do (`c.session()`), except where a test says otherwise.
 */
import { IntegrityError, InvalidRequestError, PendingRollbackError } from '../../lib/errors';
import { attrs, inspect, instanceState, type Mapper } from '../../lib/mapper';
import { executeBulk, ormUpdate } from '../../lib/session';
import { select, update } from '../../lib/sql';
import { countRows, make, warningsOf } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';
import { ident } from './uow-helpers';

conformanceSuite('test_transaction.py rollback and savepoint accounting', (c) => {
  const { User, Address } = userAddressModel(c, { cascade: 'all, delete-orphan' });
  afterEach(() => c.clear(Address, User));
  const u = attrs(User);
  const user = (name: string, id?: number) => make(User, id === undefined ? { name } : { id, name });
  const address = (emailAddress: string) => make(Address, { emailAddress });
  /** User 7 'jack' (FixtureDataTest runs with the fixture rows inserted). */
  const insertJack = async () => {
    const s = c.session();
    s.add(user('jack', 7));
    await s.commit();
    await s.close();
  };
  /** The addresses' emails, read back on a separate connection. */
  const emails = async () =>
    (await c.readBack(`SELECT ${ident(c, 'emailAddress')} AS e FROM ${c.tableOf(Address)} ORDER BY id`)).map(
      (r) => r.e,
    );
  const namesInSession = async (s: ReturnType<typeof c.session>) => s.scalars(select(u.name).orderBy(u.id));
  /** Users and their addresses' emails, as the session sees them (loaded fresh). */
  const usersWithEmails = async (s: ReturnType<typeof c.session>) => {
    const users = await s.scalars(select(User).orderBy(u.id), { populateExisting: true });
    for (const x of users) await s.refresh(x, ['addresses']);
    return users.map((x) => [x.name, x.addresses.map((a) => a.emailAddress)]);
  };

  // ---- FixtureDataTest

  it('rollback discards an unflushed change [test_transaction.py::FixtureDataTest::test_attrs_on_rollback]', async () => {
    await insertJack();
    const s = c.session();
    const u1 = (await s.get(User, 7))!;
    u1.name = 'ed';
    await s.rollback();
    await s.refresh(u1);
    expect(u1.name).toBe('jack');
  });

  it('a flushed change is committed [test_transaction.py::FixtureDataTest::test_commit_persistent]', async () => {
    await insertJack();
    const s = c.session();
    const u1 = (await s.get(User, 7))!;
    u1.name = 'ed';
    await s.flush();
    await s.commit();
    await s.refresh(u1);
    expect(u1.name).toBe('ed');
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'ed' }]);
  });

  it('an object expired by commit reads what another session committed since [test_transaction.py::FixtureDataTest::test_concurrent_commit_persistent]', async () => {
    await insertJack();
    const s1 = c.session();
    const u1 = (await s1.get(User, 7))!;
    u1.name = 'ed';
    await s1.commit();
    expect(instanceState(u1).isExpired('name')).toBe(true);

    const s2 = c.session();
    const u2 = (await s2.get(User, 7))!;
    expect(u2.name).toBe('ed');
    u2.name = 'will';
    await s2.commit();

    await s1.refresh(u1);
    expect(u1.name).toBe('will');
  });

  // ---- CleanSavepointTest

  const updates: [
    string,
    (s: ReturnType<typeof c.session>, u2: InstanceType<typeof User>) => Promise<void>,
  ][] = [
    [
      'test_rollback_ignores_clean_on_savepoint',
      async (_s, u2) => {
        u2.name = 'u2modified';
      },
    ],
    [
      'test_rollback_ignores_clean_on_savepoint_agg_upd_eval',
      async (s) => {
        await executeBulk(s, ormUpdate(User).values({ name: 'u2modified' }).where(u.name.eq('u2')), {
          synchronizeSession: 'evaluate',
        });
      },
    ],
    [
      'test_rollback_ignores_clean_on_savepoint_agg_upd_fetch',
      async (s) => {
        await executeBulk(s, ormUpdate(User).values({ name: 'u2modified' }).where(u.name.eq('u2')), {
          synchronizeSession: 'fetch',
        });
      },
    ],
  ];
  for (const [test, updateFn] of updates) {
    it(`rollback() of the whole transaction after a savepoint expires every object [test_transaction.py::CleanSavepointTest::${test}]`, async () => {
      const s = c.session();
      const [u1, u2] = [user('u1'), user('u2')];
      s.addAll([u1, u2]);
      await s.commit();
      await s.refresh(u1);
      await s.refresh(u2);
      expect(s.getTransaction()).toBeDefined();
      await s.beginNested();
      await updateFn(s, u2);
      expect(u2.name).toBe('u2modified');
      await s.rollback();
      expect(s.getTransaction()).toBeUndefined();
      expect(instanceState(u1).isLoaded('name')).toBe(false);
      expect(instanceState(u2).isLoaded('name')).toBe(false);
      await s.refresh(u2);
      expect(u2.name).toBe('u2');
    });
  }

  it('a savepoint rollback expires only the objects it changed [test_transaction.py::CleanSavepointTest::test_rollback_ignores_clean_on_savepoint] (savepoint only)', async () => {
    const s = c.session();
    const [u1, u2] = [user('u1'), user('u2')];
    s.addAll([u1, u2]);
    await s.commit();
    await s.refresh(u1);
    await s.refresh(u2);
    const sp = await s.beginNested();
    u2.name = 'u2modified';
    await s.flush();
    await sp.rollback();
    expect(instanceState(u1).isLoaded('name')).toBe(true);
    expect(instanceState(u2).isLoaded('name')).toBe(false);
  });

  // ---- AutoExpireTest

  it('rollback takes a pending object out [test_transaction.py::AutoExpireTest::test_expunge_pending_on_rollback]', async () => {
    const s = c.session();
    const u2 = user('newuser');
    s.add(u2);
    expect(s.contains(u2)).toBe(true);
    await s.rollback();
    expect(s.contains(u2)).toBe(false);
    expect(instanceState(u2).status).toBe('transient');
  });

  it('an object committed stays through the next transaction’s rollback [test_transaction.py::AutoExpireTest::test_trans_pending_cleared_on_commit]', async () => {
    const s = c.session();
    const u2 = user('newuser');
    s.add(u2);
    await s.commit();
    expect(s.contains(u2)).toBe(true);
    const u3 = user('anotheruser');
    s.add(u3);
    await s.rollback();
    expect(s.contains(u3)).toBe(false);
    expect(s.contains(u2)).toBe(true);
  });

  it('rollback unmarks an object marked for deletion [test_transaction.py::AutoExpireTest::test_update_deleted_on_rollback]', async () => {
    const s = c.session();
    const u1 = user('ed');
    s.add(u1);
    await s.commit();
    c.sql.start();
    s.delete(u1);
    expect(c.sql.stop()).toEqual([]); // the delete cascade does not flush
    expect(s.deleted).toContain(u1);
    await s.rollback();
    expect(s.contains(u1)).toBe(true);
    expect(s.deleted).not.toContain(u1);
  });

  it('a committed delete is not undone by the next rollback [test_transaction.py::AutoExpireTest::test_trans_deleted_cleared_on_rollback]', async () => {
    const s = c.session();
    const u1 = user('ed');
    s.add(u1);
    await s.commit();
    s.delete(u1);
    await s.commit();
    expect(s.contains(u1)).toBe(false);
    await s.rollback();
    expect(s.contains(u1)).toBe(false);
    expect(instanceState(u1).status).toBe('detached');
  });

  it('rollback unmarks an object and the children its delete cascaded to [test_transaction.py::AutoExpireTest::test_update_deleted_on_rollback_cascade]', async () => {
    const s = c.session({ expireOnCommit: false });
    const u1 = make(User, { name: 'ed', addresses: [address('foo')] });
    s.add(u1);
    await s.commit();
    const a1 = u1.addresses[0]!;
    s.delete(u1);
    expect(s.deleted).toEqual(expect.arrayContaining([u1, a1]));
    await s.rollback();
    expect(s.contains(u1)).toBe(true);
    expect(s.deleted).not.toContain(u1);
    expect(s.deleted).not.toContain(a1);
    expect(s.contains(a1)).toBe(true);
  });

  it('rollback restores an orphan the flush deleted, and its collection [test_transaction.py::AutoExpireTest::test_update_deleted_on_rollback_orphan]', async () => {
    const s = c.session({ expireOnCommit: false });
    const u1 = make(User, { name: 'ed', addresses: [address('foo')] });
    s.add(u1);
    await s.commit();
    const a1 = u1.addresses[0]!;
    u1.addresses.splice(u1.addresses.indexOf(a1), 1);
    await s.flush();
    expect(await s.scalars(select(Address).where(attrs(Address).emailAddress.eq('foo')))).toEqual([]);
    await s.rollback();
    expect(s.deleted).not.toContain(a1);
    expect(s.contains(a1)).toBe(true);
    await s.load(u1, 'addresses');
    expect(u1.addresses).toEqual([a1]);
  });

  it('a pending object flushed then committed keeps its values [test_transaction.py::AutoExpireTest::test_commit_pending]', async () => {
    const s = c.session();
    const u1 = user('newuser');
    s.add(u1);
    await s.flush();
    await s.commit();
    await s.refresh(u1);
    expect(u1.name).toBe('newuser');
  });

  it('a new object expired by commit reads what another session committed since [test_transaction.py::AutoExpireTest::test_concurrent_commit_pending]', async () => {
    const s1 = c.session();
    const u1 = user('edward');
    s1.add(u1);
    await s1.commit();
    const s2 = c.session();
    const u2 = (await s2.scalar(select(User).where(u.name.eq('edward'))))!;
    u2.name = 'will';
    await s2.commit();
    await s1.refresh(u1);
    expect(u1.name).toBe('will');
  });

  // ---- RollbackRecoverTest

  it('after a failed commit, rollback restores the objects; the same changes then commit [test_transaction.py::RollbackRecoverTest::test_pk_violation]', async () => {
    const s = c.session();
    const a1 = address('foo');
    const u1 = make(User, { id: 1, name: 'ed', addresses: [a1] });
    s.add(u1);
    await s.commit();
    await s.refresh(u1, ['name', 'addresses']);
    await s.refresh(a1);

    const a2 = address('bar');
    const u2 = make(User, { id: 1, name: 'jack', addresses: [a2] });
    u1.name = 'edward';
    a1.emailAddress = 'foober';
    const warnings = warningsOf(s);
    s.add(u2);
    await expect(s.commit()).rejects.toThrow(IntegrityError);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^New instance of User with identity key .* conflicts with persistent instance of User/,
      ),
    ]);
    await expect(s.commit()).rejects.toThrow(InvalidRequestError);
    await s.rollback();
    expect(s.contains(u2)).toBe(false);
    expect(s.contains(a2)).toBe(false);
    expect(s.contains(u1)).toBe(true);
    expect(s.contains(a1)).toBe(true);
    await s.refresh(u1);
    await s.refresh(a1);
    expect(u1.name).toBe('ed');
    expect(a1.emailAddress).toBe('foo');
    u1.name = 'edward';
    a1.emailAddress = 'foober';
    await s.commit();
    expect(await usersWithEmails(s)).toEqual([['edward', ['foober']]]);
    expect(await c.readBack(`SELECT id, name FROM ${c.tableOf(User)}`)).toEqual([{ id: 1, name: 'edward' }]);
  });

  it('after a failed flush in a savepoint, rolling back the savepoint keeps the work before it [test_transaction.py::RollbackRecoverTest::test_pk_violation_with_savepoint]', async () => {
    const s = c.session();
    const a1 = address('foo');
    const u1 = make(User, { id: 1, name: 'ed', addresses: [a1] });
    s.add(u1);
    await s.commit();
    await s.refresh(u1, ['name', 'addresses']);
    await s.refresh(a1);

    const a2 = address('bar');
    const u2 = make(User, { id: 1, name: 'jack', addresses: [a2] });
    u1.name = 'edward';
    a1.emailAddress = 'foober';
    const nt1 = await s.beginNested();
    const warnings = warningsOf(s);
    s.add(u2);
    await expect(s.commit()).rejects.toThrow(IntegrityError);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^New instance of User with identity key .* conflicts with persistent instance of User/,
      ),
    ]);
    await expect(s.commit()).rejects.toThrow(PendingRollbackError);
    await nt1.rollback();
    expect(s.contains(u2)).toBe(false);
    expect(s.contains(a2)).toBe(false);
    expect(s.contains(u1)).toBe(true);
    expect(s.contains(a1)).toBe(true);
    await s.commit();
    expect(await usersWithEmails(s)).toEqual([['edward', ['foober']]]);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'edward' }]);
  });

  // ---- SavepointTest

  it('a savepoint rollback undoes the changes and inserts made in it [test_transaction.py::SavepointTest::test_savepoint_rollback]', async () => {
    const s = c.session();
    const [u1, u2] = [user('ed'), user('jack')];
    s.addAll([u1, u2]);
    const nt1 = await s.beginNested();
    const [u3, u4] = [user('wendy'), user('foo')];
    u1.name = 'edward';
    u2.name = 'jackward';
    s.addAll([u3, u4]);
    expect(await namesInSession(s)).toEqual(['edward', 'jackward', 'wendy', 'foo']);
    await nt1.rollback();
    expect(instanceState(u3).status).toBe('transient');
    await s.refresh(u1);
    await s.refresh(u2);
    expect([u1.name, u2.name]).toEqual(['ed', 'jack']);
    expect(await namesInSession(s)).toEqual(['ed', 'jack']);
    await s.commit();
    await s.refresh(u1);
    expect(u1.name).toBe('ed');
    expect(await namesInSession(s)).toEqual(['ed', 'jack']);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY id`)).toEqual([
      { name: 'ed' },
      { name: 'jack' },
    ]);
  });

  it('a delete committed through a savepoint is committed [test_transaction.py::SavepointTest::test_savepoint_delete]', async () => {
    const s = c.session();
    const u1 = user('ed');
    s.add(u1);
    await s.commit();
    expect(await countRows(s, User)).toBe(1);
    await s.beginNested();
    s.delete(u1);
    await s.commit();
    expect(await countRows(s, User)).toBe(0);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  it('a released savepoint expires nothing: reading its objects costs only the query [test_transaction.py::SavepointTest::test_savepoint_commit]', async () => {
    const s = c.session();
    const [u1, u2] = [user('ed'), user('jack')];
    s.addAll([u1, u2]);
    const nt1 = await s.beginNested();
    u1.name = 'edward';
    u2.name = 'jackward';
    s.addAll([user('wendy'), user('foo')]);
    expect(await namesInSession(s)).toEqual(['edward', 'jackward', 'wendy', 'foo']);
    await nt1.commit();
    c.sql.start();
    expect([u1.name, u2.name]).toEqual(['edward', 'jackward']);
    expect(await namesInSession(s)).toEqual(['edward', 'jackward', 'wendy', 'foo']);
    expect(c.sql.stop()).toHaveLength(1);
    await s.commit();
    expect(await namesInSession(s)).toEqual(['edward', 'jackward', 'wendy', 'foo']);
    expect((await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY id`)).map((r) => r.name)).toEqual([
      'edward',
      'jackward',
      'wendy',
      'foo',
    ]);
  });

  it('a savepoint rollback discards a new parent and its children, and keeps what was flushed before it [test_transaction.py::SavepointTest::test_savepoint_rollback_collections]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'ed', addresses: [address('foo')] });
    s.add(u1);
    await s.commit();
    await s.refresh(u1, ['name', 'addresses']);
    u1.name = 'edward';
    u1.addresses.push(address('bar'));
    const nt1 = await s.beginNested();
    s.add(make(User, { name: 'jack', addresses: [address('bat')] }));
    expect(await usersWithEmails(s)).toEqual([
      ['edward', ['foo', 'bar']],
      ['jack', ['bat']],
    ]);
    await nt1.rollback();
    expect(await usersWithEmails(s)).toEqual([['edward', ['foo', 'bar']]]);
    await s.commit();
    expect(await usersWithEmails(s)).toEqual([['edward', ['foo', 'bar']]]);
    expect(await emails()).toEqual(['foo', 'bar']);
  });

  it('a released savepoint’s parents and children are committed [test_transaction.py::SavepointTest::test_savepoint_commit_collections]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'ed', addresses: [address('foo')] });
    s.add(u1);
    await s.commit();
    await s.refresh(u1, ['name', 'addresses']);
    u1.name = 'edward';
    u1.addresses.push(address('bar'));
    await s.beginNested();
    s.add(make(User, { name: 'jack', addresses: [address('bat')] }));
    const expected = [
      ['edward', ['foo', 'bar']],
      ['jack', ['bat']],
    ];
    expect(await usersWithEmails(s)).toEqual(expected);
    await s.commit();
    expect(await usersWithEmails(s)).toEqual(expected);
    await s.commit();
    expect(await usersWithEmails(s)).toEqual(expected);
    expect(await emails()).toEqual(['foo', 'bar', 'bat']);
  });

  it('rollback() inside a savepoint takes out an object added in it [test_transaction.py::SavepointTest::test_expunge_pending_on_rollback]', async () => {
    const s = c.session();
    await s.beginNested();
    const u2 = user('newuser');
    s.add(u2);
    expect(s.contains(u2)).toBe(true);
    await s.rollback();
    expect(s.contains(u2)).toBe(false);
  });

  it('rollback() inside a savepoint unmarks an object marked for deletion in it [test_transaction.py::SavepointTest::test_update_deleted_on_rollback]', async () => {
    const s = c.session();
    const u1 = user('ed');
    s.add(u1);
    await s.commit();
    await s.beginNested();
    s.delete(u1);
    expect(s.deleted).toContain(u1);
    await s.rollback();
    expect(s.contains(u1)).toBe(true);
    expect(s.deleted).not.toContain(u1);
  });

  // ---- AccountingFlagsTest

  it('without expireOnCommit, objects keep their values until expired [test_transaction.py::AccountingFlagsTest::test_no_expire_on_commit]', async () => {
    const s = c.session({ expireOnCommit: false });
    const u1 = user('ed');
    s.add(u1);
    await s.commit();
    const users = (inspect(User) as Mapper).table;
    await s.execute(
      update(users)
        .set({ name: 'edward' } as never)
        .where(u.name.eq('ed')),
    );
    expect(u1.name).toBe('ed');
    s.expireAll();
    await s.refresh(u1);
    expect(u1.name).toBe('edward');
  });
});
