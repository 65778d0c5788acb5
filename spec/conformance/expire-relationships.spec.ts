/**
 * Expired relationships: what a load after an expiry fills, with a joined-loading default or
 * option, and which in-memory changes it keeps — ported from SQLAlchemy's test/orm/test_expire.py
 * (ExpireTest, ExpiredPendingTest). `get()` of an expired object stands for SQLAlchemy's
 * unexpire on attribute access, `load()` for its lazy load.
 */
import { UnloadedAttributeError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { joinedload } from '../../lib/session';
import { insert, select } from '../../lib/sql';
import { make } from './cascade-helpers';
import { ident } from './uow-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

const countSelects = (sent: readonly { sql: string }[]) =>
  sent.filter((s) => /^\s*SELECT/i.test(s.sql)).length;

conformanceSuite('test_expire.py ExpireTest with a joined-loading collection', (c) => {
  const { User, Address } = expireModel(c, { lazy: 'joined', orderBy: 'id' });
  const loaded = (obj: object, key: string) => instanceState(obj).isLoaded(key);

  it('after expire(), one statement loads the columns and the joined collection [test_expire.py::ExpireTest::test_expired_eager]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    s.expire(u);
    expect(loaded(u, 'name')).toBe(false);
    expect(loaded(u, 'addresses')).toBe(false);
    c.sql.start();
    await s.get(User, 7);
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u.addresses[0]!.emailAddress).toBe('jack@bean.com');
    expect(u.name).toBe('jack');

    s.expire(u, ['name', 'addresses']);
    expect(loaded(u, 'name')).toBe(false);
    expect(loaded(u, 'addresses')).toBe(false);
    c.sql.start();
    await s.scalars(select(User).where(attrs(User).id.eq(7)));
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u.addresses[0]!.emailAddress).toBe('jack@bean.com');
    expect(u.name).toBe('jack');
  });

  it('a removal from the reloaded collection is kept when the expired columns load [test_expire.py::ExpireTest::test_relationship_changes_preserved]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    s.expire(u, ['name', 'addresses']);
    await s.load(u, 'addresses');
    expect(loaded(u, 'name')).toBe(false);
    u.addresses.splice(1, 1);
    await s.get(User, 8);
    expect(loaded(u, 'name')).toBe(true);
    expect(u.addresses.length).toBe(2);
  });

  it('loading the expired object runs the mapping default joined load [test_expire.py::ExpireTest::test_mapper_joinedload_props_load]', async () => {
    const s = c.session();
    const u = (await s.get(User, 8))!;
    s.expire(u);
    await s.get(User, 8);
    expect(loaded(u, 'addresses')).toBe(true);
    expect(u.addresses.length).toBe(3);
  });

  it('one statement loads the expired key, columns and joined collection [test_expire.py::ExpireTest::test_joinedload_props_load_two]', async () => {
    const s = c.session();
    const u = (await s.get(User, 8))!;
    s.expire(u);
    c.sql.start();
    await s.get(User, 8);
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(loaded(u, 'addresses')).toBe(true);
    expect(loaded(u, 'id')).toBe(true);
  });

  it('a query of the expired object fills the joined collection again [test_expire.py::ExpireTest::test_joinedload_query_refreshes]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    expect(u.addresses.length).toBe(3);
    s.expire(u);
    expect(loaded(u, 'addresses')).toBe(false);
    await s.scalars(select(User).where(attrs(User).id.eq(8)));
    expect(loaded(u, 'addresses')).toBe(true);
    expect(u.addresses.length).toBe(3);
  });

  it('an expired joined collection loaded and set to new members: the flush writes the change and makes it the committed state [test_expire.py::ExpireTest::test_partial_expire_eager]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    s.expire(u, ['name', 'addresses']);
    c.sql.start();
    await s.load(u, 'addresses');
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u.addresses[0]!.emailAddress).toBe('ed@wood.com');

    // SQLAlchemy loads the expired collection when it is replaced (one statement); Athanor loads
    // it on request.
    s.expire(u, ['name', 'addresses']);
    c.sql.start();
    await s.load(u, 'addresses');
    expect(countSelects(c.sql.stop())).toBe(1);
    u.addresses = [make(Address, { id: 10, emailAddress: 'foo@bar.com' })];
    await s.flush();
    c.sql.start();
    expect(u.addresses.map((a) => a.emailAddress)).toEqual(['foo@bar.com']);
    expect(c.sql.stop()).toEqual([]);
    await s.commit();
    expect(
      await c.readBack(`SELECT id FROM ${c.tableOf(Address)} WHERE ${ident(c, 'userId')} = 8 ORDER BY id`),
    ).toEqual([{ id: 10 }]);
    expect(() => u.name).toThrow(UnloadedAttributeError);
    c.sql.start();
    await s.get(User, 8);
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u.name).toBe('ed');
  });

  it('expireAll() of users with joined addresses: a query loads them all back [test_expire.py::ExpireTest::test_expire_all]', async () => {
    const s = c.session({ autoflush: false });
    const users = await s.scalars(select(User).orderBy(attrs(User).id));
    const before = users.map((u) => [u.name, u.addresses.map((a) => a.emailAddress)]);
    s.expireAll();
    for (const u of users) expect(loaded(u, 'addresses')).toBe(false);
    c.sql.start();
    const again = await s.scalars(select(User).orderBy(attrs(User).id));
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(again).toEqual(users);
    expect(users.map((u) => [u.name, u.addresses.map((a) => a.emailAddress)])).toEqual(before);
  });
});

conformanceSuite('test_expire.py ExpireTest with a collection loaded on request', (c) => {
  const { User } = expireModel(c, { orderBy: 'id' });
  const loaded = (obj: object, key: string) => instanceState(obj).isLoaded(key);

  it('a query with joinedload() fills an expired collection and the expired columns [test_expire.py::ExpireTest::test_relationships_load_on_query]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    expect(loaded(u, 'name')).toBe(true);
    await s.load(u, 'addresses');
    s.expire(u, ['name', 'addresses']);
    expect(loaded(u, 'name')).toBe(false);
    expect(loaded(u, 'addresses')).toBe(false);
    await s.scalars(
      select(User)
        .where(attrs(User).id.eq(8))
        .options(joinedload(attrs(User).addresses)),
    );
    expect(loaded(u, 'name')).toBe(true);
    expect(loaded(u, 'addresses')).toBe(true);
  });

  it('a collection loaded by an option is loaded again with the expired object [test_expire.py::ExpireTest::test_options_joinedload_props_load]', async () => {
    const s = c.session();
    const [u] = await s.scalars(
      select(User)
        .where(attrs(User).id.eq(8))
        .options(joinedload(attrs(User).addresses)),
    );
    s.expire(u!);
    await s.get(User, 8);
    expect(loaded(u!, 'addresses')).toBe(true);
    expect(u!.addresses.length).toBe(3);
  });
});

conformanceSuite('test_expire.py ExpiredPendingTest', (c) => {
  const { User, Address } = expireModel(c);

  it('expiring a collection drops the members a back-reference added while it was not loaded [test_expire.py::ExpiredPendingTest::test_expired_pending]', async () => {
    const s = c.session({ autoflush: false });
    const a1 = make(Address, { id: 101, emailAddress: 'a1' });
    s.add(a1);
    await s.flush();
    const u1 = make(User, { id: 100, name: 'u1' });
    a1.user = u1;
    s.add(u1);
    await s.flush();
    s.expire(u1, ['addresses']);
    const a2 = make(Address, { id: 102, emailAddress: 'a2' });
    a2.user = u1;
    s.add(a2);
    s.expire(u1, ['addresses']);
    await s.execute(
      insert(inspect(Address).table).values({ id: 103, emailAddress: 'a3', userId: u1.id } as never),
    );
    expect((await s.load(u1, 'addresses')).length).toBe(2);
    await s.flush();
    s.expireAll();
    expect((await s.load(u1, 'addresses')).length).toBe(3);
  });
});

conformanceSuite('test_expire.py ExpireTest with addresses ordered by email', (c) => {
  const { User } = expireModel(c, { orderBy: 'emailAddress' });

  it('loading an expired collection autoflushes a member changed since [test_expire.py::ExpireTest::test_lazyload_autoflushes]', async () => {
    const s = c.session({ autoflush: true });
    const u = (await s.get(User, 8))!;
    const emails = async () => (await s.load(u, 'addresses')).map((a) => a.emailAddress);
    expect(await emails()).toEqual(['ed@bettyboop.com', 'ed@lala.com', 'ed@wood.com']);
    u.addresses[2]!.emailAddress = 'aaaaa';
    s.expire(u, ['addresses']);
    expect(await emails()).toEqual(['aaaaa', 'ed@bettyboop.com', 'ed@lala.com']);
  });
});
