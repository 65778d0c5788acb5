/**
 * Saving, moving and deleting across one-to-many and many-to-one relationships, from SQLAlchemy's
 * test/orm/test_unitofwork.py (OneToManyTest, ManyToOneTest). SQLAlchemy's executemany of N rows
 * is one multi-row statement here (`×N`); its lazy loads on attribute access are explicit loads
 * (`session.load`) or joined loads here.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { ident, make } from './uow-helpers';

conformanceSuite('test_unitofwork.py OneToManyTest', (c) => {
  // users.addresses: a one-to-many without backref.
  const o2m = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Relationship(() => Address) addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
    }
    return { User, Address };
  });

  // users.address: the same tables as a one-to-one (uselist=False) without backref.
  const o2o = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Relationship(() => Address, { uselist: false }) address!: Address | null;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
    }
    return { User, Address };
  });

  // addresses.user with a `addresses` backref, loaded by a join.
  const bidi = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Relationship(() => Address, { backPopulates: 'user' }) addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
      @Relationship(() => User, { backPopulates: 'addresses', lazy: 'joined' }) user!: User | null;
    }
    return { User, Address };
  });

  // Two one-to-manys over the same foreign key. SQLAlchemy narrows each by a LIKE on the email in
  // its primaryjoin; Athanor joins on the foreign key only, which changes what they load, not what
  // the flush writes (the subject of this test).
  const double = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Relationship(() => Address) bostonAddresses!: Address[];
      @Relationship(() => Address) newyorkAddresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
    }
    return { User, Address };
  });

  afterEach(async () => {
    for (const { User, Address } of [o2m, o2o, bidi, double]) await c.clear(Address, User);
  });

  const addressRows = (cls: abstract new (...args: never[]) => object): Promise<Record<string, unknown>[]> =>
    c.readBack(
      `SELECT id, ${ident(c, 'userId')} AS uid, ${ident(c, 'emailAddress')} AS email FROM ${c.tableOf(cls)} ORDER BY ${ident(c, 'emailAddress')}`,
    );

  it('saves a parent with two children, then an update of one child [test_unitofwork.py::OneToManyTest::test_one_to_many_1]', async () => {
    const { User, Address } = o2m;
    const u = make(User, { name: 'one2manytester' });
    const a = make(Address, { emailAddress: 'one2many@test.org' });
    u.addresses.push(a);
    const a2 = make(Address, { emailAddress: 'lala@test.org' });
    u.addresses.push(a2);
    const s = c.session();
    s.add(u);
    await s.flush();
    await s.commit();
    expect(await c.readBack(`SELECT id, name FROM ${c.tableOf(User)}`)).toEqual([
      { id: u.id, name: 'one2manytester' },
    ]);
    expect(await addressRows(Address)).toEqual([
      { id: a2.id, uid: u.id, email: 'lala@test.org' },
      { id: a.id, uid: u.id, email: 'one2many@test.org' },
    ]);
    const [userId, addressId] = [u.id, a2.id];
    a2.emailAddress = 'somethingnew@foo.com';
    await s.commit();
    expect(await addressRows(Address)).toEqual([
      { id: a.id, uid: u.id, email: 'one2many@test.org' },
      { id: addressId, uid: userId, email: 'somethingnew@foo.com' },
    ]);
    expect([u.id, a2.id]).toEqual([userId, addressId]);
  });

  it('changes a parent, moves a child in and removes another: one UPDATE per table [test_unitofwork.py::OneToManyTest::test_one_to_many_2]', async () => {
    const { User, Address } = o2m;
    const a1 = make(Address, { emailAddress: 'emailaddress1' });
    const u1 = make(User, { name: 'user1', addresses: [a1] });
    const a2 = make(Address, { emailAddress: 'emailaddress2' });
    const u2 = make(User, { name: 'user2', addresses: [a2] });
    const a3 = make(Address, { emailAddress: 'emailaddress3' });
    const s = c.session();
    s.addAll([u1, u2, a3]);
    await s.flush();
    u2.name = 'user2modified';
    u1.addresses.push(a3);
    u1.addresses.splice(0, 1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE users SET name ×1', 'UPDATE addresses SET userId ×2']);
    await s.commit();
    expect(await addressRows(Address)).toEqual([
      { id: a1.id, uid: null, email: 'emailaddress1' },
      { id: a2.id, uid: u2.id, email: 'emailaddress2' },
      { id: a3.id, uid: u1.id, email: 'emailaddress3' },
    ]);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY id`)).toEqual([
      { name: 'user1' },
      { name: 'user2modified' },
    ]);
  });

  it('a child moved to another parent survives the delete of its first parent [test_unitofwork.py::OneToManyTest::test_child_move]', async () => {
    const { User, Address } = o2m;
    const a = make(Address, { emailAddress: 'address1' });
    const u1 = make(User, { name: 'user1', addresses: [a] });
    const u2 = make(User, { name: 'user2' });
    const s = c.session();
    s.addAll([u1, u2]);
    await s.flush();
    await s.load(u2, 'addresses'); // SQLAlchemy lazy-loads the empty collection on access
    u1.addresses.splice(0, 1);
    u2.addresses.push(a);
    s.delete(u1);
    await s.flush();
    s.expungeAll();
    const loaded = await s.getOrThrow(User, u2.id);
    expect(await s.load(loaded, 'addresses')).toHaveLength(1);
    await s.commit();
    expect(await addressRows(Address)).toEqual([{ id: a.id, uid: u2.id, email: 'address1' }]);
  });

  it('a child moved to another parent is saved under it [test_unitofwork.py::OneToManyTest::test_child_move_2]', async () => {
    const { User, Address } = o2m;
    const a = make(Address, { emailAddress: 'address1' });
    const u1 = make(User, { name: 'user1', addresses: [a] });
    const u2 = make(User, { name: 'user2' });
    const s = c.session();
    s.addAll([u1, u2]);
    await s.flush();
    await s.load(u2, 'addresses'); // SQLAlchemy lazy-loads the empty collection on access
    u1.addresses.splice(0, 1);
    u2.addresses.push(a);
    await s.flush();
    s.expungeAll();
    const loaded = await s.getOrThrow(User, u2.id);
    expect(await s.load(loaded, 'addresses')).toHaveLength(1);
    expect(await s.load(await s.getOrThrow(User, u1.id), 'addresses')).toHaveLength(0);
  });

  it("deleting the parent of a one-to-one nulls the child's key and keeps the child [test_unitofwork.py::OneToManyTest::test_o2m_delete_parent]", async () => {
    const { User, Address } = o2o;
    const a = make(Address, { emailAddress: 'myonlyaddress@foo.com' });
    const u = make(User, { name: 'one2onetester', address: a });
    const s = c.session();
    s.add(u);
    await s.flush();
    const userKey = instanceState(u).key!;
    s.delete(u);
    await s.flush();
    expect(a.id).toEqual(expect.any(Number));
    expect(a.userId).toBeNull();
    expect(s.identityMap.get(instanceState(a).key!)?.obj).toBe(a);
    expect(s.identityMap.get(userKey)).toBeUndefined();
    await s.commit();
    expect(await addressRows(Address)).toEqual([{ id: a.id, uid: null, email: 'myonlyaddress@foo.com' }]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  it('updates the parent, then the child of a one-to-one [test_unitofwork.py::OneToManyTest::test_one_to_one]', async () => {
    const { User, Address } = o2o;
    const u = make(User, {
      name: 'one2onetester',
      address: make(Address, { emailAddress: 'myonlyaddress@foo.com' }),
    });
    const s = c.session();
    s.add(u);
    await s.flush();
    u.name = 'imnew';
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE users SET name ×1']);
    u.address!.emailAddress = 'imnew@foo.com';
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE addresses SET emailAddress ×1']);
    const [uid, aid] = [u.id, u.address!.id];
    await s.commit();
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'imnew' }]);
    expect(await addressRows(Address)).toEqual([{ id: aid, uid, email: 'imnew@foo.com' }]);
  });

  it('a parent saved through the backref of its child can be deleted [test_unitofwork.py::OneToManyTest::test_bidirectional]', async () => {
    const { User, Address } = bidi;
    const u = make(User, { name: 'test' });
    const a = make(Address, { emailAddress: 'testaddress', user: u });
    const s = c.session();
    s.add(u);
    await s.flush();
    expect(a.userId).toBe(u.id);
    s.delete(u);
    await s.flush();
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
    expect(await addressRows(Address)).toEqual([{ id: a.id, uid: null, email: 'testaddress' }]);
  });

  it('children of two relationships over one foreign key are both saved [test_unitofwork.py::OneToManyTest::test_double_relationship]', async () => {
    const { User, Address } = double;
    const u = make(User, { name: 'u1' });
    const a = make(Address, { emailAddress: 'foo@boston.com' });
    const b = make(Address, { emailAddress: 'bar@newyork.com' });
    u.bostonAddresses.push(a);
    u.newyorkAddresses.push(b);
    const s = c.session();
    s.add(u);
    await s.flush();
    await s.commit();
    expect(await addressRows(Address)).toEqual([
      { id: b.id, uid: u.id, email: 'bar@newyork.com' },
      { id: a.id, uid: u.id, email: 'foo@boston.com' },
    ]);
  });
});

conformanceSuite('test_unitofwork.py ManyToOneTest', (c) => {
  // addresses.user: a many-to-one without backref.
  const { User, Address } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50), nullable: true }) emailAddress!: string | null;
      @Relationship(() => User, { uselist: false }) user!: User | null;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(Address, User));

  /** `session.get(Address, id)` with its `user` loaded (SQLAlchemy loads it on access). */
  const getAddress = async (
    s: ReturnType<typeof c.session>,
    id: number,
  ): Promise<InstanceType<typeof Address>> => {
    const a = await s.getOrThrow(Address, id);
    await s.load(a, 'user');
    return a;
  };

  it('a changed column and a new parent: the parent INSERT, then each address UPDATE [test_unitofwork.py::ManyToOneTest::test_m2o_one_to_one]', async () => {
    const data = [
      { name: 'thesub', emailAddress: 'bar@foo.com' },
      { name: 'assdkfj', emailAddress: 'thesdf@asdf.com' },
      { name: 'n4knd', emailAddress: 'asf3@bar.org' },
      { name: 'v88f4', emailAddress: 'adsd5@llala.net' },
      { name: 'asdf8d', emailAddress: 'theater@foo.com' },
    ];
    const s = c.session();
    const objects = data.map(({ name, emailAddress }) => {
      const a = make(Address, { emailAddress });
      a.user = make(User, { name });
      s.add(a);
      return a;
    });
    await s.flush();
    objects[2]!.emailAddress = 'imnew@foo.bar';
    objects[3]!.user = make(User, { name: 'imnewlyadded' });
    c.sql.start();
    await s.flush();
    const shape = flushShape(c.sql.stop());
    expect(shape[0]).toBe('INSERT users (name) ×1');
    expect(shape.slice(1).sort()).toEqual([
      'UPDATE addresses SET emailAddress ×1',
      'UPDATE addresses SET userId ×1',
    ]);
    expect(objects[3]!.userId).toBe(objects[3]!.user!.id);
    const last = { id: objects[4]!.id, userId: objects[4]!.userId };
    const ids = [objects[2]!.id, objects[3]!.id];
    await s.commit();
    expect(
      await c.readBack(
        `SELECT u.id AS uid, u.name, a.id AS aid, a.${ident(c, 'emailAddress')} AS email FROM ${c.tableOf(User)} u JOIN ${c.tableOf(Address)} a ON u.id = a.${ident(c, 'userId')} WHERE a.id = ${last.id}`,
      ),
    ).toEqual([{ uid: last.userId, name: 'asdf8d', aid: last.id, email: 'theater@foo.com' }]);
    expect(
      await c.readBack(
        `SELECT a.${ident(c, 'emailAddress')} AS email, u.name FROM ${c.tableOf(Address)} a JOIN ${c.tableOf(User)} u ON u.id = a.${ident(c, 'userId')} WHERE a.id IN (${ids.join(', ')}) ORDER BY a.id`,
      ),
    ).toEqual([
      { email: 'imnew@foo.bar', name: 'n4knd' },
      { email: 'adsd5@llala.net', name: 'imnewlyadded' },
    ]);
  });

  it('setting the many-to-one to null clears the key [test_unitofwork.py::ManyToOneTest::test_many_to_one_1]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'user1' });
    const a1 = make(Address, { emailAddress: 'emailaddress1', user: u1 });
    s.add(a1);
    await s.flush();
    s.expungeAll();
    let la = await getAddress(s, a1.id);
    let lu = await s.getOrThrow(User, u1.id);
    expect(la.user).toBe(lu);
    la.user = null;
    await s.flush();
    s.expungeAll();
    la = await getAddress(s, a1.id);
    lu = await s.getOrThrow(User, u1.id);
    expect(la.user).toBeNull();
    expect(lu.name).toBe('user1');
  });

  it('a parent moved from one child to another [test_unitofwork.py::ManyToOneTest::test_many_to_one_2]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'user1' });
    const a1 = make(Address, { emailAddress: 'emailaddress1', user: u1 });
    const a2 = make(Address, { emailAddress: 'emailaddress2' });
    s.addAll([a1, a2]);
    await s.flush();
    s.expungeAll();
    let la1 = await getAddress(s, a1.id);
    let la2 = await getAddress(s, a2.id);
    let lu = await s.getOrThrow(User, u1.id);
    expect(la1.user).toBe(lu);
    la1.user = null;
    la2.user = lu;
    await s.flush();
    s.expungeAll();
    la1 = await getAddress(s, a1.id);
    la2 = await getAddress(s, a2.id);
    lu = await s.getOrThrow(User, u1.id);
    expect(la1.user).toBeNull();
    expect(la2.user).toBe(lu);
  });

  it('a child moved from one parent to another [test_unitofwork.py::ManyToOneTest::test_many_to_one_3]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'user1' });
    const u2 = make(User, { name: 'user2' });
    const a1 = make(Address, { emailAddress: 'emailaddress1', user: u1 });
    s.addAll([a1, u1, u2]);
    await s.flush();
    s.expungeAll();
    let la = await getAddress(s, a1.id);
    let lu1 = await s.getOrThrow(User, u1.id);
    let lu2 = await s.getOrThrow(User, u2.id);
    expect(la.user).toBe(lu1);
    la.user = lu2;
    await s.flush();
    s.expungeAll();
    la = await getAddress(s, a1.id);
    lu1 = await s.getOrThrow(User, u1.id);
    lu2 = await s.getOrThrow(User, u2.id);
    expect(la.user).toBe(lu2);
    expect(la.user).not.toBe(lu1);
  });
});
