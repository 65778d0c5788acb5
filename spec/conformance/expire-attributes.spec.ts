/**
 * What gets expired, when, and what loading it back reads — ported from SQLAlchemy's
 * test/orm/test_expire.py (ExpireTest, RefreshTest).
 *
 * Athanor never loads on attribute access: where SQLAlchemy reads an expired attribute (and loads
 * it), these tests assert the `UnloadedAttributeError` and then load explicitly — `get()` for
 * SQLAlchemy's implicit unexpire (it fills only the expired attributes and keeps changes made
 * since), `refresh()` for `Session.refresh()`, `load()` for a lazy load, and a query.
 */
import { InvalidRequestError, ObjectDeletedError, UnloadedAttributeError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { joinedload } from '../../lib/session';
import { deleteFrom, select, update } from '../../lib/sql';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_expire.py ExpireTest', (c) => {
  const { User, Address, Order } = expireModel(c);
  const users = () => inspect(User).table;
  const orders = () => inspect(Order).table;
  const selects = () => c.sql.stop().filter((s) => /^\s*SELECT/i.test(s.sql)).length;

  it('an expired attribute raises until loaded; a query loads the expired attributes of the objects it returns [test_expire.py::ExpireTest::test_expire]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 7))!;
    expect((await s.load(u, 'addresses')).length).toBe(1);
    u.name = 'foo';
    u.addresses.splice(0, 1);
    s.expire(u);
    expect(() => u.name).toThrow(UnloadedAttributeError);
    c.sql.start();
    expect(await s.get(User, 7)).toBe(u);
    expect(u.name).toBe('jack');
    // The addresses collection was loaded when expired: get() loads it again.
    expect(selects()).toBe(2);
    expect(u.addresses.map((a) => a.emailAddress)).toEqual(['jack@bean.com']);

    u.name = 'foo';
    await s.flush();
    await s.execute(
      update(users())
        .set({ name: 'jack' } as never)
        .where(users().c.id.eq(7)),
    );
    s.expire(u);
    expect(instanceState(u).isExpired('name')).toBe(true);
    await s.scalars(select(User));
    expect(instanceState(u).isExpired('name')).toBe(false);
    c.sql.start();
    expect(u.name).toBe('jack');
    expect(selects()).toBe(0);
  });

  it('loading an expired attribute autoflushes the pending change first [test_expire.py::ExpireTest::test_expire_autoflush]', async () => {
    const s = c.session();
    const a1 = (await s.get(Address, 2))!;
    const u1 = (await s.get(User, 7))!;
    a1.user = u1;
    s.expire(a1, ['userId']);
    expect(() => a1.userId).toThrow(UnloadedAttributeError);
    await s.get(Address, 2);
    expect(a1.userId).toBe(7);
  });

  it('expiring an object the session does not hold is refused [test_expire.py::ExpireTest::test_persistence_check]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expungeAll();
    expect(() => s.expire(u)).toThrow(InvalidRequestError);
    expect(() => s.expire(u)).toThrow(/not persistent within this session/);
  });

  it('get() of an expired object reloads it once, then comes from the identity map [test_expire.py::ExpireTest::test_get_refreshes]', async () => {
    const s = c.session();
    const u = (await s.get(User, 10))!;
    s.expireAll();
    c.sql.start();
    expect(await s.get(User, 10)).toBe(u);
    expect(selects()).toBe(1);
    c.sql.start();
    expect(u.name).toBe('chuck');
    expect(await s.get(User, 10)).toBe(u);
    expect(selects()).toBe(0);
  });

  it('get() of an expired object whose row is gone returns null and takes it out of the session [test_expire.py::ExpireTest::test_get_on_deleted_expunges]', async () => {
    const s = c.session();
    const u = (await s.get(User, 10))!;
    s.expireAll();
    await s.execute(deleteFrom(users()).where(users().c.id.eq(10)));
    expect(s.contains(u)).toBe(true);
    expect(await s.get(User, 10)).toBeNull();
    expect(s.contains(u)).toBe(false);
  });

  it('refreshing an object whose row is gone raises ObjectDeletedError [test_expire.py::ExpireTest::test_refresh_on_deleted_raises]', async () => {
    const s = c.session();
    const u = (await s.get(User, 10))!;
    s.expireAll();
    s.expireAll();
    await s.execute(deleteFrom(users()).where(users().c.id.eq(10)));
    expect(() => u.name).toThrow(UnloadedAttributeError);
    await expect(s.refresh(u)).rejects.toThrow(ObjectDeletedError);
    await expect(s.refresh(u)).rejects.toThrow(/has been deleted, or its row is otherwise not present/);
  });

  it('a rollback brings back the object get() found deleted [test_expire.py::ExpireTest::test_rollback_undoes_expunge_from_deleted]', async () => {
    const s = c.session();
    const u = (await s.get(User, 10))!;
    s.expireAll();
    await s.execute(deleteFrom(users()).where(users().c.id.eq(10)));
    expect(await s.get(User, 10)).toBeNull();
    expect(s.contains(u)).toBe(false);
    await s.rollback();
    expect(s.contains(u)).toBe(true);
    await s.refresh(u);
    expect(u.name).toBe('chuck');
  });

  it('a refresh clears the expiry: get() afterwards sends nothing [test_expire.py::ExpireTest::test_refresh_cancels_expire]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expire(u);
    await s.refresh(u);
    c.sql.start();
    expect((await s.get(User, 7))!.name).toBe('jack');
    expect(selects()).toBe(0);
  });

  it('setting an expired attribute loads nothing, and the flush writes it [test_expire.py::ExpireTest::test_expire_doesntload_on_set]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 7))!;
    s.expire(u, ['name']);
    c.sql.start();
    u.name = 'somenewname';
    expect(c.sql.stop()).toEqual([]);
    await s.flush();
    s.expungeAll();
    expect((await s.get(User, 7))!.name).toBe('somenewname');
  });

  it('an expired attribute of a detached object cannot be read [test_expire.py::ExpireTest::test_no_session]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expire(u, ['name']);
    s.expunge(u);
    expect(() => u.name).toThrow(UnloadedAttributeError);
  });

  it('expiring a pending object is refused [test_expire.py::ExpireTest::test_pending_raises]', async () => {
    const s = c.session();
    const u = make(User, { id: 15 });
    s.add(u);
    expect(() => s.expire(u, ['name'])).toThrow(InvalidRequestError);
  });

  it('loading the expired attributes keeps the values set since the expiry [test_expire.py::ExpireTest::test_expire_preserves_changes]', async () => {
    const s = c.session({ autoflush: false });
    const o = (await s.get(Order, 3))!;
    s.expire(o);
    o.description = 'order 3 modified';
    c.sql.start();
    await s.get(Order, 3);
    expect(selects()).toBe(1);
    expect(o.isopen).toBe(1);
    expect(o.description).toBe('order 3 modified');

    o.isopen = 15;
    s.expire(o, ['isopen', 'description']);
    o.description = 'some new description';
    await s.scalars(select(Order));
    expect(o.isopen).toBe(1);
    expect(o.description).toBe('some new description');

    o.isopen = 14;
    s.expire(o);
    o.description = 'another new description';
    await s.scalars(select(Order));
    expect(o.isopen).toBe(1);
    expect(o.description).toBe('another new description');
  });

  it('the committed state of an expired attribute is the row read back: a flush then has nothing to write [test_expire.py::ExpireTest::test_expire_committed]', async () => {
    const s = c.session({ autoflush: false });
    const o = (await s.get(Order, 3))!;
    s.expire(o);
    await s.execute(update(orders()).set({ description: 'order 3 modified' } as never));
    await s.get(Order, 3);
    expect(o.isopen).toBe(1);
    expect(o.description).toBe('order 3 modified');
    expect(s.isModified(o)).toBe(false);
    c.sql.start();
    await s.flush();
    expect(c.sql.stop()).toEqual([]);
  });

  it('an expired one-to-many and the columns load with two statements [test_expire.py::ExpireTest::test_expired_lazy]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expire(u);
    expect(instanceState(u).isLoaded('name')).toBe(false);
    expect(instanceState(u).isLoaded('addresses')).toBe(false);
    c.sql.start();
    await s.refresh(u);
    await s.load(u, 'addresses');
    expect(selects()).toBe(2);
    expect(u.addresses[0]!.emailAddress).toBe('jack@bean.com');
    expect(u.name).toBe('jack');
  });

  it('an expired attribute set to a new value on a related object is kept when the parent loads again [test_expire.py::ExpireTest::test_unexpire_eager_dont_overwrite_related]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 7))!;
    const [a1] = await s.load(u, 'addresses');
    expect(a1!.emailAddress).toBe('jack@bean.com');
    s.expire(u);
    a1!.emailAddress = 'foo';
    await s.get(User, 7);
    expect(u.addresses).toContain(a1);
    expect(a1!.emailAddress).toBe('foo');
    expect(s.dirty).toContain(a1);
  });

  it('an option for an entity the refreshed object is not does not get in the way [test_expire.py::ExpireTest::test_skip_options_that_dont_match]', async () => {
    const s = c.session();
    const row = (
      await s.execute(
        select(User, Order)
          .join(inspect(Order).table, attrs(Order).userId.eq(attrs(User).id))
          .orderBy(attrs(User).id, attrs(Order).id),
      )
    ).first()!;
    const o1 = row[1];
    s.expire(o1);
    await s.refresh(o1);
    expect(o1.description).toBe('order 1');
  });

  it('a partial expiry reloads only the expired attributes and keeps changes to the others [test_expire.py::ExpireTest::test_partial_expire]', async () => {
    const s = c.session({ autoflush: false });
    const o = (await s.get(Order, 3))!;
    s.expire(o, ['description']);
    expect(instanceState(o).isLoaded('id')).toBe(true);
    expect(instanceState(o).isLoaded('description')).toBe(false);
    expect(o.isopen).toBe(1);
    await s.execute(
      update(orders())
        .set({ description: 'order 3 modified' } as never)
        .where(orders().c.id.eq(3)),
    );
    c.sql.start();
    await s.get(Order, 3);
    expect(selects()).toBe(1);
    expect(o.description).toBe('order 3 modified');

    o.isopen = 5;
    s.expire(o, ['description']);
    expect(o.isopen).toBe(5);
    expect(instanceState(o).committed['isopen']).toBe(1);
    c.sql.start();
    await s.get(Order, 3);
    expect(selects()).toBe(1);
    expect(o.isopen).toBe(5);
    expect(o.description).toBe('order 3 modified');
    expect(instanceState(o).committed['isopen']).toBe(1);
    await s.flush();

    s.expire(o, ['isopen', 'description']);
    c.sql.start();
    await s.get(Order, 3);
    expect(selects()).toBe(1);
    expect([o.description, o.id, o.isopen]).toEqual(['order 3 modified', 3, 5]);
  });

  it('an expired collection loads on its own, leaving the expired columns expired [test_expire.py::ExpireTest::test_partial_expire_lazy]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    s.expire(u, ['name', 'addresses']);
    c.sql.start();
    const addresses = await s.load(u, 'addresses');
    expect(selects()).toBe(1);
    expect(addresses.map((a) => a.emailAddress)).toContain('ed@wood.com');
    expect(instanceState(u).isLoaded('name')).toBe(false);

    s.expire(u, ['name', 'addresses']);
    await s.load(u, 'addresses');
    u.addresses = [make(Address, { id: 10, emailAddress: 'foo@bar.com' })];
    await s.flush();
    c.sql.start();
    expect(u.addresses.map((a) => a.emailAddress)).toEqual(['foo@bar.com']);
    expect(selects()).toBe(0);
    expect(() => u.name).toThrow(UnloadedAttributeError);
    await s.get(User, 8);
    expect(u.name).toBe('ed');
  });

  it('expireAll() expires every object of the session [test_expire.py::ExpireTest::test_expire_all]', async () => {
    const s = c.session();
    const found = await s.scalars(select(User).orderBy(attrs(User).id));
    s.expireAll();
    for (const u of found) expect(() => u.name).toThrow(UnloadedAttributeError);
    c.sql.start();
    await s.scalars(select(User));
    expect(selects()).toBe(1);
    expect(found.map((u) => u.name)).toEqual(['jack', 'ed', 'fred', 'chuck']);
  });
});

conformanceSuite('test_expire.py RefreshTest', (c) => {
  const { User, Address } = expireModel(c, { orderBy: 'id' });
  const users = () => inspect(User).table;
  const selects = () => c.sql.stop().filter((st) => /^\s*SELECT/i.test(st.sql)).length;

  it('refresh() reloads the row and the loaded collection, discarding unflushed changes [test_expire.py::RefreshTest::test_refresh]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 7))!;
    u.name = 'foo';
    await s.load(u, 'addresses');
    const a = new Address();
    u.addresses.push(a);
    expect(u.addresses).toContain(a);
    await s.refresh(u);
    expect(s.dirty).not.toContain(u);
    expect(u.name).toBe('jack');
    expect(u.addresses).not.toContain(a);

    u.name = 'foo';
    u.addresses.push(a);
    expect(s.dirty).toContain(u);
    s.expire(u);
    await s.get(User, 7);
    expect(u.name).toBe('jack');
    expect(u.addresses).not.toContain(a);
    await s.execute(
      update(users())
        .set({ name: 'test' } as never)
        .where(users().c.id.eq(7)),
    );
    await s.refresh(u);
    expect(u.name).toBe('test');
  });

  it('refreshing an object the session does not hold is refused [test_expire.py::RefreshTest::test_persistence_check]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expungeAll();
    await expect(s.refresh(u)).rejects.toThrow(/not persistent in this session/);
  });

  it('refresh() autoflushes before it reads [test_expire.py::RefreshTest::test_refresh_autoflush]', async () => {
    const s = c.session();
    const a1 = (await s.get(Address, 2))!;
    const u1 = (await s.get(User, 7))!;
    a1.user = u1;
    await s.refresh(a1, ['userId']);
    expect(a1.userId).toBe(7);
  });

  it('refresh() of an expired object loads it [test_expire.py::RefreshTest::test_refresh_expired]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expire(u);
    expect(instanceState(u).isLoaded('name')).toBe(false);
    await s.refresh(u);
    expect(u.name).toBe('jack');
  });

  it('refresh() of an object whose collection was never loaded is one statement [test_expire.py::RefreshTest::test_refresh_with_lazy]', async () => {
    const s = c.session();
    const u = (await s.scalars(select(User).where(attrs(User).id.eq(8))))[0]!;
    c.sql.start();
    await s.refresh(u);
    expect(selects()).toBe(1);
  });

  it('refresh() and a load after expire() give the joined collection its rows once [test_expire.py::RefreshTest::test_refresh_with_eager]', async () => {
    const s = c.session();
    const u = (
      await s.scalars(
        select(User)
          .where(attrs(User).id.eq(8))
          .options(joinedload(attrs(User).addresses)),
      )
    )[0]!;
    expect(u.addresses.length).toBe(3);
    await s.refresh(u);
    expect(u.addresses.length).toBe(3);
    s.expire(u);
    await s.get(User, 8);
    expect(u.addresses.length).toBe(3);
  });

  it('expire() then refresh() of an object loaded by a query [test_expire.py::RefreshTest::test_refresh2]', async () => {
    const s = c.session();
    const u0 = make(User, { id: 40, name: 'Justin' });
    u0.addresses.push(make(Address, { id: 10, emailAddress: 'lala' }));
    s.add(u0);
    await s.flush();
    s.expungeAll();
    const u = (await s.scalars(select(User).where(attrs(User).name.eq('Justin'))))[0]!;
    s.expire(u);
    await s.get(User, 40);
    expect(u.name).toBe('Justin');
    await s.refresh(u);
    expect(u.name).toBe('Justin');
  });
});
