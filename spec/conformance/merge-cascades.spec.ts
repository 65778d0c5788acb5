/**
 * `merge()` along relationships: the merge cascade over one-to-many, many-to-one, many-to-many
 * and one-to-one, what a relationship without it keeps, and objects of one merge that share a
 * key — ported from SQLAlchemy's test/orm/test_merge.py (MergeTest, LoadOnPendingTest).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { select, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';
import { ident } from './uow-helpers';

const countSelects = (sent: readonly { sql: string }[]) =>
  sent.filter((s) => /^\s*SELECT/i.test(s.sql)).length;

conformanceSuite('test_merge.py MergeTest cascades', (c) => {
  const { User, Address } = expireModel(c, { rows: false, orderBy: 'id', cascade: 'all' });
  const orphans = expireModel(c, { rows: false, orderBy: 'id', cascade: 'all, delete-orphan' });
  const addressesOf = async (cls: typeof Address) =>
    c.readBack(
      `SELECT id, ${ident(c, 'userId')} AS uid, ${ident(c, 'emailAddress')} AS email FROM ${c.tableOf(cls)} ORDER BY id`,
    );

  it('a transient parent with transient children: all merged as pending copies, the originals untouched [test_merge.py::MergeTest::test_unsaved_cascade]', async () => {
    const s = c.session();
    const u = make(User, { id: 7, name: 'fred' });
    const a1 = make(Address, { emailAddress: 'foo@bar.com' });
    const a2 = make(Address, { emailAddress: 'hoho@bar.com' });
    u.addresses.push(a1, a2);
    c.sql.start();
    const u2 = await s.merge(u);
    expect(countSelects(c.sql.stop())).toBe(1);
    expect(u.addresses).toEqual([a1, a2]);
    expect(instanceState(u).status).toBe('transient');
    expect(u2.addresses.map((a) => a.emailAddress)).toEqual(['foo@bar.com', 'hoho@bar.com']);
    expect(u2.addresses).not.toContain(a1);
    await s.flush();
    s.expungeAll();
    const u3 = (await s.get(User, 7))!;
    expect((await s.load(u3, 'addresses')).map((a) => a.emailAddress)).toEqual([
      'foo@bar.com',
      'hoho@bar.com',
    ]);
  });

  it('merging a parent whose collection lost its members deletes the orphans [test_merge.py::MergeTest::test_transient_to_persistent_collection]', async () => {
    const s = c.session();
    s.add(
      make(orphans.User, {
        id: 7,
        name: 'fred',
        addresses: [
          make(orphans.Address, { id: 1, emailAddress: 'fred1' }),
          make(orphans.Address, { id: 2, emailAddress: 'fred2' }),
        ],
      }),
    );
    await s.flush();
    s.expungeAll();
    const u = await s.merge(
      make(orphans.User, {
        id: 7,
        name: 'fred',
        addresses: [
          make(orphans.Address, { id: 3, emailAddress: 'fred3' }),
          make(orphans.Address, { id: 4, emailAddress: 'fred4' }),
        ],
      }),
    );
    expect(u.addresses.map((a) => a.id)).toEqual([3, 4]);
    await s.commit();
    expect(await addressesOf(orphans.Address)).toEqual([
      { id: 3, uid: 7, email: 'fred3' },
      { id: 4, uid: 7, email: 'fred4' },
    ]);
  });

  it('changes to a detached parent and child are merged into a new session, and a merge with no changes flushes nothing [test_merge.py::MergeTest::test_attribute_cascade]', async () => {
    const s1 = c.session({ expireOnCommit: false });
    const u = make(User, {
      id: 7,
      name: 'fred',
      addresses: [
        make(Address, { emailAddress: 'foo@bar.com' }),
        make(Address, { emailAddress: 'hoho@la.com' }),
      ],
    });
    s1.add(u);
    await s1.commit();
    await s1.close();
    u.name = 'fred2';
    u.addresses[1]!.emailAddress = 'hoho@lalala.com';

    const s3 = c.session({ expireOnCommit: false });
    const u3 = await s3.merge(u);
    expect(u3.name).toBe('fred2');
    expect(u3.addresses.map((a) => a.emailAddress)).toEqual(['foo@bar.com', 'hoho@lalala.com']);
    expect(s3.dirty).toContain(u3);
    await s3.commit();
    expect((await addressesOf(Address)).map((r) => r.email)).toEqual(['foo@bar.com', 'hoho@lalala.com']);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'fred2' }]);

    const s4 = c.session({ expireOnCommit: false });
    const u4 = await s4.merge(u3);
    expect(u4.addresses.length).toBe(2);
    for (const a of u4.addresses) expect(a.user).toBe(u4);
    c.sql.start();
    await s4.flush();
    expect(c.sql.stop()).toEqual([]);
  });

  it('a relationship without the merge cascade is left as it is [test_merge.py::MergeTest::test_no_relationship_cascade]', async () => {
    const { Address: Addr, User: Usr } = noMerge;
    const s = c.session();
    const u1 = make(Usr, { name: 'fred' });
    const a1 = make(Addr, { emailAddress: 'asdf', user: u1 });
    s.add(a1);
    await s.flush();
    const a2 = await s.merge(
      make(Addr, { id: a1.id, emailAddress: 'bar', user: make(Usr, { name: 'hoho' }) }),
    );
    await s.flush();
    expect(a2).toBe(a1);
    expect(a2.user).toBe(u1);
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'emailAddress')} AS e FROM ${c.tableOf(Addr)}`)).toEqual([
      { e: 'bar' },
    ]);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(Usr)}`)).toEqual([{ name: 'fred' }]);
  });
  const noMerge = c.entities((registry, name) => {
    @Table(name('nm_users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('nm_addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
      @Relationship(() => User, { cascade: 'save-update' }) user!: User | null;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(noMerge.Address, noMerge.User));

  it('a changed member of a detached parent is merged into the session that has the parent [test_merge.py::MergeTest::test_one_to_many_cascade]', async () => {
    const s = c.session({ expireOnCommit: false });
    const u = make(User, {
      name: 'fred',
      addresses: [make(Address, { emailAddress: 'foo@bar' }), make(Address, { emailAddress: 'foo@quux' })],
    });
    s.add(u);
    await s.commit();
    await s.close();

    const s2 = c.session();
    const u2 = (await s2.get(User, u.id))!;
    u.addresses[1]!.emailAddress = 'addr 2 modified';
    await s2.merge(u);
    expect(u2.addresses[1]!.emailAddress).toBe('addr 2 modified');
    await s2.close();

    const s3 = c.session();
    const u3 = (await s3.get(User, u.id))!;
    u.name = 'also fred';
    await s3.merge(u);
    expect(u3.name).toBe('also fred');
  });

  it('a many-to-one changed on a detached object is a change of the merged one [test_merge.py::MergeTest::test_many_to_one_cascade]', async () => {
    const { User: Usr, Address: Addr } = plainM2o;
    const s = c.session({ expireOnCommit: false });
    const u1 = make(Usr, { id: 1, name: 'u1' });
    const a1 = make(Addr, { id: 1, emailAddress: 'a1', user: u1 });
    const u2 = make(Usr, { id: 2, name: 'u2' });
    s.addAll([a1, u2]);
    await s.commit();
    a1.user = u2;
    const s2 = c.session({ expireOnCommit: false });
    const a2 = await s2.merge(a1);
    expect(s2.dirty).toContain(a2);
    expect(a2.user!.id).toBe(2);
    await s2.close();

    await s.refresh(a1);
    await s.close();
    const s3 = c.session({ expireOnCommit: false });
    const a3 = await s3.merge(a1, { load: false });
    expect(a3.user!.id).toBe(1);
    expect(s3.dirty).not.toContain(a3);
  });

  const plainM2o = c.entities((registry, name) => {
    @Table(name('m2o_users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('m2o_addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
      @Relationship(() => User) user!: User | null;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(plainM2o.Address, plainM2o.User));

  it('a one-to-one member changed in another session: merging the parent back returns the session own object [test_merge.py::MergeTest::test_one_to_one_cascade]', async () => {
    const s = c.session({ expireOnCommit: false });
    const u = make(oneToOne.Person, { id: 7, name: 'fred' });
    u.address = make(oneToOne.Place, { emailAddress: 'foo@bar.com' });
    s.add(u);
    await s.commit();
    const s2 = c.session();
    const u2 = (await s2.get(oneToOne.Person, 7))!;
    u2.name = 'fred2';
    (await s2.load(u2, 'address'))!.emailAddress = 'hoho@lalala.com';
    const u3 = await s.merge(u2);
    expect(u3).toBe(u);
    expect(u.name).toBe('fred2');
    expect(u.address!.emailAddress).toBe('hoho@lalala.com');
  });
  const oneToOne = c.entities((registry, name) => {
    @Table(name('o2o_people'), { registry })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Relationship(() => Place, { uselist: false, backPopulates: 'person' }) address!: Place | null;
    }
    @Table(name('o2o_places'), { registry })
    class Place {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Person, nullable: true }) personId!: number | null;
      @Column({ type: types.string(50), nullable: true }) emailAddress!: string | null;
      @Relationship(() => Person, { backPopulates: 'address' }) person!: Person | null;
    }
    return { Person, Place };
  });
  afterEach(() => c.clear(oneToOne.Place, oneToOne.Person));

  it('null values and a null one-to-one are merged as null [test_merge.py::MergeTest::test_value_to_none]', async () => {
    const { Person, Place } = oneToOne;
    const s = c.session();
    s.add(
      make(Person, { id: 7, name: 'fred', address: make(Place, { id: 1, emailAddress: 'foo@bar.com' }) }),
    );
    await s.commit();
    await s.close();
    const u3 = await s.merge(make(Person, { id: 7, name: null, address: null }));
    expect(u3.name).toBeNull();
    expect(u3.address).toBeNull();
    await s.close();
    const a2 = await s.merge(make(Place, { id: 1, person: null }));
    expect(a2.person).toBeNull();
  });

  it('merging a second copy of a pending parent keeps the first merged object [test_merge.py::MergeTest::test_cascade_doesnt_blowaway_manytoone]', async () => {
    const s = c.session({ autoflush: true });
    const a1 = make(Address, { user: await s.merge(make(User, { id: 1, name: 'ed' })), emailAddress: 'x' });
    s.add(a1);
    const before = a1.user;
    const a2 = make(Address, { user: await s.merge(make(User, { id: 1, name: 'jack' })), emailAddress: 'x' });
    s.add(a2);
    expect(a1.user).toBe(before);
    expect(a2.user).toBe(before);
  });

  it('the merge does not flush what it makes pending [test_merge.py::MergeTest::test_cascades_dont_autoflush]', async () => {
    const s = c.session({ autoflush: true });
    const merged = await s.merge(
      make(User, { id: 8, name: 'fred', addresses: [make(Address, { emailAddress: 'user' })] }),
    );
    expect(s.new).toContain(merged);
    await s.flush();
    expect(s.new).not.toContain(merged);
  });

  it('merging a parent with one member more into a delete-orphan collection commits [test_merge.py::MergeTest::test_cascades_dont_autoflush_2]', async () => {
    const s = c.session({ autoflush: true });
    s.add(
      make(orphans.User, {
        id: 7,
        name: 'fred',
        addresses: [make(orphans.Address, { id: 1, emailAddress: 'fred1' })],
      }),
    );
    await s.commit();
    s.expungeAll();
    await s.merge(
      make(orphans.User, {
        id: 7,
        name: 'fred',
        addresses: [
          make(orphans.Address, { id: 1, emailAddress: 'fred1' }),
          make(orphans.Address, { id: 2, emailAddress: 'fred2' }),
        ],
      }),
    );
    await s.commit();
    expect((await addressesOf(orphans.Address)).map((r) => r.id)).toEqual([1, 2]);
  });
});

conformanceSuite('test_merge.py MergeTest many-to-many and conflicts', (c) => {
  const { Order, Item, Spot } = c.entities((registry, name) => {
    @Table(name('m_items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) description!: string;
    }
    @Table(name('m_spots'), { registry })
    class Spot {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) emailAddress!: string;
    }
    @Table(name('m_orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true }) userId!: number | null;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
      @Column({ type: types.integer(), foreignKey: () => Spot, nullable: true }) spotId!: number | null;
      @Relationship(() => Item, { secondary: name('m_order_items'), orderBy: 'id' }) items!: Item[];
      @Relationship(() => Spot) address!: Spot | null;
    }
    return { Order, Item, Spot };
  });
  afterEach(async () => {
    const s = c.session();
    for (const o of await s.scalars(select(Order))) s.delete(o);
    await s.commit();
    await c.clear(Item, Spot);
  });

  it('a changed member of a many-to-many is merged into the session that has the parent [test_merge.py::MergeTest::test_many_to_many_cascade]', async () => {
    const s = c.session({ expireOnCommit: false });
    const o = make(Order, {
      id: 1,
      description: 'order description',
      items: [make(Item, { id: 1, description: 'item 1' }), make(Item, { id: 2, description: 'item 2' })],
    });
    s.add(o);
    await s.commit();
    await s.close();
    const s2 = c.session();
    const o2 = (await s2.get(Order, 1))!;
    o.items[1]!.description = 'item 2 modified';
    await s2.merge(o);
    expect(o2.items[1]!.description).toBe('item 2 modified');
    await s2.close();
    const s3 = c.session();
    const o3 = (await s3.get(Order, 1))!;
    o.description = 'desc modified';
    await s3.merge(o);
    expect(o3.description).toBe('desc modified');
  });

  it('objects without a key are all kept, each pending [test_merge.py::MergeTest::test_resolve_conflicts_pending_doesnt_interfere_no_ident]', async () => {
    const s = c.session();
    const orders = ['a', 'b', 'c'].map((e, i) =>
      make(Order, {
        id: i + 1,
        description: `o${i + 1}`,
        address: make(Spot, { id: 10 + i, emailAddress: e }),
      }),
    );
    await s.mergeAll(orders);
    await s.commit();
    expect(
      await c.readBack(`SELECT ${ident(c, 'emailAddress')} AS e FROM ${c.tableOf(Spot)} ORDER BY 1`),
    ).toEqual([{ e: 'a' }, { e: 'b' }, { e: 'c' }]);
  });

  it('objects of one merge that share a new key become one pending object, the last values winning [test_merge.py::MergeTest::test_resolve_conflicts_pending]', async () => {
    const s = c.session();
    const order = make(Order, { id: 7, description: 'x' });
    const parents = ['a', 'b', 'c'].map((e, i) =>
      make(Order, { id: 20 + i, description: `o${i + 1}`, address: make(Spot, { id: 1, emailAddress: e }) }),
    );
    await s.mergeAll([order, ...parents]);
    await s.flush();
    const spots = await s.scalars(select(Spot));
    expect(spots.map((a) => [a.id, a.emailAddress])).toEqual([[1, 'c']]);
  });

  it('objects of one merge that share the key of a row all merge into the loaded object [test_merge.py::MergeTest::test_resolve_conflicts_persistent]', async () => {
    const s0 = c.session();
    s0.add(make(Spot, { id: 1, emailAddress: 'z' }));
    await s0.commit();
    const s = c.session();
    const parents = ['a', 'b', 'c'].map((e, i) =>
      make(Order, { id: 20 + i, description: `o${i + 1}`, address: make(Spot, { id: 1, emailAddress: e }) }),
    );
    const merged = await s.mergeAll(parents);
    expect(new Set(merged.map((o) => o.address)).size).toBe(1);
    await s.flush();
    const spots = await s.scalars(select(Spot));
    expect(spots.map((a) => [a.id, a.emailAddress])).toEqual([[1, 'c']]);
  });
});

conformanceSuite('test_merge.py LoadOnPendingTest', (c) => {
  const { Rock, Bug } = c.entities((registry, name) => {
    @Table(name('rocks'), { registry })
    class Rock {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
      @Relationship(() => Bug, { cascade: 'all, delete-orphan', uselist: false }) bug!: Bug | null;
    }
    @Table(name('bugs'), { registry })
    class Bug {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Rock, nullable: true }) rockid!: number | null;
    }
    return { Rock, Bug };
  });
  afterEach(() => c.clear(Bug, Rock));

  for (const [test, withBug] of [
    ['test_merge_delete_orphan_o2o_none', false],
    ['test_merge_delete_orphan_o2o', true],
  ] as const) {
    it(`a transient parent with a delete-orphan one-to-one ${withBug ? 'member' : 'set to null'} merges into an equal copy [test_merge.py::LoadOnPendingTest::${test}]`, async () => {
      const s = c.session();
      const r = make(Rock, { id: 1, description: 'moldy', bug: withBug ? make(Bug, { id: 1 }) : null });
      const m = await s.merge(r);
      expect(m).not.toBe(r);
      expect(m.description).toBe('moldy');
      expect(m.bug === null).toBe(!withBug);
      if (withBug) expect(m.bug!.id).toBe(1);
      await s.commit();
      expect(await c.readBack(`SELECT id, rockid FROM ${c.tableOf(Bug)}`)).toEqual(
        withBug ? [{ id: 1, rockid: 1 }] : [],
      );
    });
  }
});
