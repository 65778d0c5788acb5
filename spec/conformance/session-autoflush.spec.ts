/**
 * Autoflush before queries (and what another connection sees meanwhile), `isModified()`, the
 * expunge cascade, identity conflicts and changes listeners make while the flush writes —
 * ported from SQLAlchemy's test/orm/test_session.py (SessionStateTest, SessionStateWFixtureTest,
 * IsModifiedTest).
 *
 * Adaptations: a session bound to one connection (`Session(bind=conn1)`) is a session on the
 * suite's engine whose connection is `await s.connection()`; "another connection" is
 * `c.readBack()`. Athanor's `dirty` is exact where SQLAlchemy's is optimistic: assigning an
 * attribute the value it already holds records nothing, so the object is not in `dirty`
 * (SQLAlchemy lists it there and `is_modified()` says false).
 */
import { IntegrityError, InvalidRequestError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { objectSession } from '../../lib/session';
import { func, select, text } from '../../lib/sql';
import { make, warningsOf } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_session.py autoflush and modification state', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));
  const u = attrs(User);
  const user = (name: string, id?: number) => make(User, id === undefined ? { name } : { id, name });
  const countOther = async () =>
    Number((await c.readBack(`SELECT count(*) AS n FROM ${c.tableOf(User)}`))[0]!.n);
  const countOwn = async (s: ReturnType<typeof c.session>) =>
    Number(await s.scalar(select(func.count()).from(inspect(User).table)));

  it('a query flushes first: the session’s connection sees the row, another does not until commit [test_session.py::SessionStateTest::test_autoflush] [test_session.py::SessionStateTest::test_autoflush_unbound]', async () => {
    const s = c.session({ autoflush: true });
    const x = make(User);
    x.name = 'ed';
    s.add(x);
    const u2 = await s.scalar(select(User).where(u.name.eq('ed')));
    expect(u2).toBe(x);
    expect(await countOwn(s)).toBe(1);
    expect(await countOther()).toBe(0);
    await s.commit();
    expect(await countOwn(s)).toBe(1);
    expect(await countOther()).toBe(1);
    await s.close();
  });

  it('commit flushes and commits; another connection sees the row [test_session.py::SessionStateTest::test_autoflush_2]', async () => {
    const s = c.session({ autoflush: true });
    const x = make(User);
    x.name = 'ed';
    s.add(x);
    await s.commit();
    expect(await countOwn(s)).toBe(1);
    expect(await countOther()).toBe(1);
    await s.commit();
  });

  it('an error raised by a query’s autoflush says the autoflush raised it [test_session.py::SessionStateTest::test_autoflush_exception_addition]', async () => {
    const s = c.session();
    const u1 = user('first');
    s.add(u1);
    await s.commit();
    await s.refresh(u1, ['addresses']);
    u1.addresses.push(make(Address, { emailAddress: null as unknown as string }));
    const failure = s.scalar(select(User));
    await expect(failure).rejects.toThrow(IntegrityError);
    await expect(failure).rejects.toThrow(
      /raised as a result of a query-invoked autoflush; consider using session\.noAutoflush\(\)/,
    );
  });

  it('isModified() tells real changes; collections count unless left out [test_session.py::IsModifiedTest::test_is_modified]', async () => {
    const s = c.session();
    s.add(user('fred'));
    await s.flush();
    s.expungeAll();

    const x = (await s.scalar(select(User)))!;
    expect(s.dirty).not.toContain(x);
    expect(s.isModified(x)).toBe(false);
    x.name = 'fred';
    expect(s.isModified(x)).toBe(false);
    x.name = 'ed';
    expect(s.dirty).toContain(x);
    expect(s.isModified(x)).toBe(true);
    await s.flush();
    expect(s.dirty).not.toContain(x);
    expect(s.isModified(x)).toBe(false);

    await s.load(x, 'addresses');
    x.addresses.push(make(Address, { emailAddress: 'a' }));
    expect(s.dirty).toContain(x);
    expect(s.isModified(x)).toBe(true);
    expect(s.isModified(x, { includeCollections: false })).toBe(false);
  });

  it('isModified() emits no SQL, also for expired objects [test_session.py::IsModifiedTest::test_is_modified_passive_off]', async () => {
    const s = c.session();
    const x = make(User, { name: 'fred', addresses: [make(Address, { emailAddress: 'foo' })] });
    s.add(x);
    await s.commit();
    c.sql.start();
    expect(s.isModified(x)).toBe(false);
    s.expireAll();
    x.name = 'newname';
    expect(s.isModified(x)).toBe(true);
    expect(c.sql.stop()).toEqual([]);
  });

  it('the identity map refuses a second object under a key it holds [test_session.py::SessionStateTest::test_identity_conflict]', async () => {
    const s = c.session();
    await s.execute(text(`DELETE FROM ${c.tableOf(User)}`));
    const u1 = user('ed');
    s.add(u1);
    await s.flush();
    s.expunge(u1);
    const u2 = (await s.scalar(select(User)))!;
    s.expunge(u2);
    s.add(u1);
    expect(() => s.add(u2)).toThrow(InvalidRequestError);
    expect(() => s.add(u2)).toThrow(
      /another User object with the same primary key is already present in this session/,
    );
    expect(s.identityMap.size).toBe(1);
  });

  /** Two committed users, a change to the first, and a listener that renames every object after an UPDATE. */
  async function extraDirtyState() {
    const s = c.session();
    const off = inspect(User).on('afterUpdate', (target) => {
      const sess = objectSession(target)!;
      for (const state of [...sess.identityMap.states()]) (state.obj as InstanceType<typeof User>).name = '5';
    });
    const [a1, a2] = [user('1'), user('2')];
    s.addAll([a1, a2]);
    await s.commit();
    a1.name = '3';
    return { s, a1, a2, off };
  }

  it('changes a listener makes on clean objects during the flush warn [test_session.py::SessionStateTest::test_extra_dirty_state_post_flush_warning]', async () => {
    const { s, off } = await extraDirtyState();
    try {
      const warnings = warningsOf(s);
      await s.commit();
      expect(warnings).toEqual([
        expect.stringMatching(
          /attribute changes made on 1 previously clean object\(s\) by listeners during the flush/,
        ),
      ]);
    } finally {
      off();
    }
  });

  it('after the flush no object is left modified by a listener’s changes [test_session.py::SessionStateTest::test_extra_dirty_state_post_flush_state]', async () => {
    const { s, a2, off } = await extraDirtyState();
    try {
      const modifiedAfterFlush: boolean[] = [];
      s.on('afterFlush', (sess) => void modifiedAfterFlush.push(sess.dirty.length > 0));
      warningsOf(s);
      await s.commit();
      expect(modifiedAfterFlush).toEqual([false]);
      expect(s.isModified(a2)).toBe(false);
      expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY id`)).toEqual([
        { name: '3' },
        { name: '2' },
      ]);
    } finally {
      off();
    }
  });
});

conformanceSuite('test_session.py SessionStateWFixtureTest expunge cascade', (c) => {
  const { User, Address } = userAddressModel(c, { cascade: 'all' });
  afterEach(() => c.clear(Address, User));
  const u = attrs(User);

  it('expunge() cascades along expunge relationships in both directions [test_session.py::SessionStateWFixtureTest::test_expunge_cascade]', async () => {
    const seed = c.session();
    seed.add(
      make(User, {
        id: 7,
        name: 'jack',
        addresses: [make(Address, { id: 1, emailAddress: 'jack@bean.com' })],
      }),
    );
    await seed.commit();
    await seed.close();

    const s = c.session();
    const x = (await s.scalar(select(User).where(u.id.eq(7))))!;
    await s.load(x, 'addresses');
    for (const a of x.addresses) await s.load(a, 'user');
    s.expunge(x);
    expect(objectSession(x)).toBeUndefined();
    expect(instanceState(x).owner).toBeUndefined();
    for (const a of x.addresses) {
      expect(objectSession(a)).toBeUndefined();
      expect(instanceState(a).status).toBe('detached');
    }
  });
});
