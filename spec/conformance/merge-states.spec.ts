/**
 * `merge()` of transient, detached and pending objects into a session: what it reads (SELECT
 * counts stand for SQLAlchemy's load-event counts), what becomes pending or persistent, and what
 * the flush writes — ported from SQLAlchemy's test/orm/test_merge.py (MergeTest).
 */
import { attrs, instanceState } from '../../lib/mapper';
import { select } from '../../lib/sql';
import { make, warningsOf } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';
import { ident } from './uow-helpers';

const countSelects = (sent: readonly { sql: string }[]) =>
  sent.filter((s) => /^\s*SELECT/i.test(s.sql)).length;

conformanceSuite('test_merge.py MergeTest', (c) => {
  const { User, Address, Order } = expireModel(c, { rows: false, orderBy: 'id' });
  const usersInDb = async () => c.readBack(`SELECT id, name FROM ${c.tableOf(User)} ORDER BY id`);
  const addressesInDb = async () =>
    c.readBack(
      `SELECT id, ${ident(c, 'userId')} AS uid, ${ident(c, 'emailAddress')} AS email FROM ${c.tableOf(Address)} ORDER BY id`,
    );

  it('a transient object with a key not in the database becomes a new pending copy [test_merge.py::MergeTest::test_transient_to_pending]', async () => {
    const s = c.session();
    const u = make(User, { id: 7, name: 'fred' });
    c.sql.start();
    const u2 = await s.merge(u);
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u2).not.toBe(u);
    expect(s.contains(u2)).toBe(true);
    expect(s.contains(u)).toBe(false);
    expect([u2.id, u2.name]).toEqual([7, 'fred']);
    await s.commit();
    expect(await usersInDb()).toEqual([{ id: 7, name: 'fred' }]);
  });

  it('a transient object without a key is copied without a query [test_merge.py::MergeTest::test_transient_to_pending_no_pk]', async () => {
    const s = c.session();
    c.sql.start();
    const u2 = await s.merge(make(User, { name: 'fred' }));
    expect(c.sql.stop()).toEqual([]);
    expect(instanceState(u2).status).toBe('pending');
  });

  for (const [name, values] of [
    ['test_warn_transient_already_pending_nopk', { name: 'fred' }],
    ['test_warn_transient_already_pending_pk', { id: 1, name: 'fred' }],
  ] as const) {
    it(`merging an object already pending in the session warns and returns it [test_merge.py::MergeTest::${name}]`, async () => {
      const s = c.session({ autoflush: false });
      const warnings = warningsOf(s);
      const u = make(User, values);
      s.add(u);
      expect(await s.merge(u)).toBe(u);
      expect(warnings).toEqual([
        expect.stringMatching(/already pending in this session yet is being merged again/),
      ]);
    });
  }

  it('a transient object with new members becomes pending with pending copies of them [test_merge.py::MergeTest::test_transient_to_pending_collection]', async () => {
    const s = c.session();
    const u = make(User, {
      id: 7,
      name: 'fred',
      addresses: [
        make(Address, { id: 1, emailAddress: 'fred1' }),
        make(Address, { id: 2, emailAddress: 'fred2' }),
      ],
    });
    c.sql.start();
    const u2 = await s.merge(u);
    // The user and each address are looked up by key.
    expect(countSelects(c.sql.stop())).toBe(3);
    expect(s.new.filter((o) => o instanceof User)).toEqual([u2]);
    expect(u2).not.toBe(u);
    expect(u2.addresses.every((a) => !u.addresses.includes(a))).toBe(true);
    await s.commit();
    expect(await addressesInDb()).toEqual([
      { id: 1, uid: 7, email: 'fred1' },
      { id: 2, uid: 7, email: 'fred2' },
    ]);
  });

  it('an empty collection a transient object only read does not empty the stored collection [test_merge.py::MergeTest::test_transient_non_mutated_collection]', async () => {
    const s = c.session();
    s.add(
      make(User, {
        id: 7,
        name: 'fred',
        addresses: [make(Address, { id: 1, emailAddress: 'jack@bean.com' })],
      }),
    );
    await s.commit();
    await s.close();
    const u = make(User, { id: 7, name: 'fred' });
    expect(u.addresses).toEqual([]);
    const u2 = await s.merge(u);
    expect((await s.load(u2, 'addresses')).map((a) => a.emailAddress)).toEqual(['jack@bean.com']);
    await s.commit();
    expect(await addressesInDb()).toEqual([{ id: 1, uid: 7, email: 'jack@bean.com' }]);
  });

  it('objects without keys are merged as new pending ones, with no query [test_merge.py::MergeTest::test_transient_to_pending_collection_pk_none]', async () => {
    const s = c.session();
    const u = make(User, {
      name: 'fred',
      addresses: [make(Address, { emailAddress: 'fred1' }), make(Address, { emailAddress: 'fred2' })],
    });
    c.sql.start();
    const u2 = await s.merge(u);
    expect(c.sql.stop()).toEqual([]);
    expect(s.new.filter((o) => o instanceof User)).toEqual([u2]);
    expect(u2).not.toBe(u);
    await s.commit();
    expect((await usersInDb()).map((r) => r.name)).toEqual(['fred']);
    expect((await addressesInDb()).map((r) => r.email)).toEqual(['fred1', 'fred2']);
  });

  it('a transient object with the key of a row updates the loaded object [test_merge.py::MergeTest::test_transient_to_persistent]', async () => {
    const s = c.session();
    s.add(make(User, { id: 7, name: 'fred' }));
    await s.flush();
    s.expungeAll();
    const given = make(User, { id: 7, name: 'fred jones' });
    c.sql.start();
    const u2 = await s.merge(given);
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u2).not.toBe(given);
    expect(instanceState(u2).status).toBe('persistent');
    await s.flush();
    s.expungeAll();
    expect((await s.scalars(select(User)))[0]!.name).toBe('fred jones');
  });

  it('a detached object with changed members: the flush writes the name and moves the members [test_merge.py::MergeTest::test_detached_to_persistent_collection]', async () => {
    const s = c.session();
    const a = make(Address, { id: 1, emailAddress: 'fred1' });
    const u = make(User, {
      id: 7,
      name: 'fred',
      addresses: [a, make(Address, { id: 2, emailAddress: 'fred2' })],
    });
    s.add(u);
    await s.flush();
    s.expungeAll();
    u.name = 'fred jones';
    u.addresses.push(make(Address, { id: 3, emailAddress: 'fred3' }));
    u.addresses.splice(u.addresses.indexOf(a), 1);
    const u2 = await s.merge(u);
    expect(u2).not.toBe(u);
    await s.commit();
    expect(await usersInDb()).toEqual([{ id: 7, name: 'fred jones' }]);
    expect(await addressesInDb()).toEqual([
      { id: 1, uid: null, email: 'fred1' },
      { id: 2, uid: 7, email: 'fred2' },
      { id: 3, uid: 7, email: 'fred3' },
    ]);
  });

  it('an object with no values but its key: a new one stores NULL, an existing one keeps its values and changes [test_merge.py::MergeTest::test_merge_empty_attributes]', async () => {
    const s = c.session({ autoflush: false });
    const o1 = await s.merge(make(Order, { id: 1 }));
    await s.flush();
    expect(o1.description ?? null).toBeNull();
    const o2 = make(Order, { id: 2, description: 'foo' });
    s.add(o2);
    await s.flush();
    const o3 = await s.merge(make(Order, { id: 2 }));
    expect(o3).toBe(o2);
    expect(o3.description).toBe('foo');
    o3.description = 'bar';
    await s.merge(make(Order, { id: 2 }));
    expect(o3.description).toBe('bar');
    await s.flush();
    expect(o3.description).toBe('bar');
    await s.commit();
    expect(await c.readBack(`SELECT id, description FROM ${c.tableOf(Order)} ORDER BY id`)).toEqual([
      { id: 1, description: null },
      { id: 2, description: 'bar' },
    ]);
  });

  it('a pending object is not expired by the merge: its unset attributes read without a query [test_merge.py::MergeTest::test_dont_expire_pending]', async () => {
    const s = c.session({ autoflush: true });
    const u = await s.merge(make(User, { id: 7 }));
    expect(instanceState(u).expired.size).toBe(0);
    c.sql.start();
    expect(u.name ?? null).toBeNull();
    expect(c.sql.stop()).toEqual([]);
  });

  it('mergeAll() merges each object in order [test_merge.py::MergeTest::test_merge_all]', async () => {
    const s = c.session();
    const ua = make(User, { id: 42, name: 'bob' });
    const ub = make(User, { id: 7, name: 'fred' });
    c.sql.start();
    const [uam, ubm] = await s.mergeAll([ua, ub]);
    expect(countSelects(c.sql.stop())).toBe(2);
    expect(s.contains(uam!) && s.contains(ubm!)).toBe(true);
    expect([uam!.name, ubm!.name]).toEqual(['bob', 'fred']);
    await s.flush();
    s.expungeAll();
    expect((await s.scalars(select(User).orderBy(attrs(User).id))).map((u) => [u.id, u.name])).toEqual([
      [7, 'fred'],
      [42, 'bob'],
    ]);
  });
});
