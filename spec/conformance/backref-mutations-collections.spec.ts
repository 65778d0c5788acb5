/**
 * Moving objects between collections that mirror a reference (`backPopulates`): both sides stay
 * in step in memory, and the flush writes the move. Ported from SQLAlchemy's
 * test/orm/test_backref_mutations.py (O2MCollectionTest, O2MStaleBackrefTest,
 * M2MCollectionMoveTest, M2MStaleBackrefTest).
 *
 * Adaptations: SQLAlchemy lazy-loads a collection or reference on access; here the test loads it
 * with `await s.load(...)` (which autoflushes first, as SQLAlchemy's lazy load does). Python's
 * `del coll[i]` is `splice(i, 1)`, `del obj.ref` is `obj.ref = null`.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { text, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite, type ConformanceContext } from './support';

function usersAddresses(c: ConformanceContext) {
  return c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Relationship(() => Address, { backPopulates: 'user' }) addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: true }) emailAddress!: string | null;
      @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
    }
    return { User, Address };
  });
}

function itemsKeywords(c: ConformanceContext) {
  return c.entities((registry, name) => {
    const itemKeywords = name('item_keywords');
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
      @Relationship(() => Keyword, { secondary: itemKeywords, backPopulates: 'items' }) keywords!: Keyword[];
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Relationship(() => Item, { secondary: itemKeywords, backPopulates: 'keywords' }) items!: Item[];
    }
    return { Item, Keyword, itemKeywords };
  });
}

conformanceSuite('test_backref_mutations.py O2MCollectionTest', (c) => {
  const { User, Address } = usersAddresses(c);
  afterEach(() => c.clear(Address, User));
  const setUp = async (preload: boolean) => {
    const s = c.session();
    const a1 = make(Address, { emailAddress: 'address1' });
    const u1 = make(User, { name: 'jack', addresses: [a1] });
    const u2 = make(User, { name: 'ed' });
    s.addAll([u1, u2]);
    await s.commit(); // everything is expired
    if (preload) await s.load(u1, 'addresses');
    await s.load(u2, 'addresses'); // SQLAlchemy loads it when it is appended to
    return { s, a1, u1, u2 };
  };
  const scalarSetUp = async () => {
    const s = c.session();
    const u1 = make(User, { name: 'jack' });
    const u2 = make(User, { name: 'ed' });
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.addAll([u1, u2, a1]);
    await s.commit();
    return { s, a1, u1, u2 };
  };

  it('moving members of an expired user to a new user sends no SQL [test_backref_mutations.py::O2MCollectionTest::test_collection_move_hitslazy]', async () => {
    const s = c.session();
    const [a1, a2, a3] = ['address1', 'address2', 'address3'].map((e) => make(Address, { emailAddress: e }));
    const u1 = make(User, { name: 'jack', addresses: [a1!, a2!, a3!] });
    const u2 = make(User, { name: 'ed' });
    s.addAll([u1, a1!, a2!, a3!]);
    await s.commit();
    c.sql.start();
    u2.addresses.push(a1!);
    u2.addresses.push(a2!);
    u2.addresses.push(a3!);
    expect(c.sql.stop()).toEqual([]);
  });

  it('appending to another user takes the address out of the loaded collection of the first [test_backref_mutations.py::O2MCollectionTest::test_collection_move_preloaded]', async () => {
    const { a1, u1, u2 } = await setUp(true);
    u2.addresses.push(a1);
    expect(a1.user).toBe(u2);
    expect(u1.addresses).not.toContain(a1);
    expect(u2.addresses).toContain(a1);
  });

  it('the first user, not loaded, loads without the moved address [test_backref_mutations.py::O2MCollectionTest::test_collection_move_notloaded]', async () => {
    const { s, a1, u1, u2 } = await setUp(false);
    u2.addresses.push(a1);
    expect(a1.user).toBe(u2);
    expect(await s.load(u1, 'addresses')).not.toContain(a1);
    expect(u2.addresses).toContain(a1);
  });

  it('after the commit both collections read back right [test_backref_mutations.py::O2MCollectionTest::test_collection_move_commitfirst]', async () => {
    const { s, a1, u1, u2 } = await setUp(true);
    u2.addresses.push(a1);
    expect(a1.user).toBe(u2);
    await s.commit();
    expect(await s.load(u1, 'addresses')).not.toContain(a1);
    expect(await s.load(u2, 'addresses')).toContain(a1);
  });

  it('setting the reference moves the address out of the loaded collection [test_backref_mutations.py::O2MCollectionTest::test_scalar_move_preloaded]', async () => {
    const { s, a1, u1, u2 } = await scalarSetUp();
    await s.load(u1, 'addresses');
    a1.user = u2;
    expect(u1.addresses).not.toContain(a1);
    expect(await s.load(u2, 'addresses')).toContain(a1);
  });

  it('setting a reference loads nothing [test_backref_mutations.py::O2MCollectionTest::test_plain_load_passive]', async () => {
    const { s, a1, u1, u2 } = await scalarSetUp();
    c.sql.start();
    a1.user = u2;
    expect(c.sql.stop()).toEqual([]);
    expect(await s.load(u1, 'addresses')).not.toContain(a1);
    expect(await s.load(u2, 'addresses')).toContain(a1);
  });

  it('setting a reference to null loads nothing either [test_backref_mutations.py::O2MCollectionTest::test_set_none]', async () => {
    const { s, a1, u1 } = await scalarSetUp();
    c.sql.start();
    a1.user = null;
    expect(c.sql.stop()).toEqual([]);
    expect(await s.load(u1, 'addresses')).not.toContain(a1);
  });

  it('setting the reference: collections not loaded load right [test_backref_mutations.py::O2MCollectionTest::test_scalar_move_notloaded]', async () => {
    const { s, a1, u1, u2 } = await scalarSetUp();
    a1.user = u2;
    expect(await s.load(u1, 'addresses')).not.toContain(a1);
    expect(await s.load(u2, 'addresses')).toContain(a1);
  });

  it('setting the reference, then committing [test_backref_mutations.py::O2MCollectionTest::test_scalar_move_commitfirst]', async () => {
    const { s, a1, u1, u2 } = await scalarSetUp();
    await s.load(u1, 'addresses');
    a1.user = u2;
    await s.commit();
    expect(await s.load(u1, 'addresses')).not.toContain(a1);
    expect(await s.load(u2, 'addresses')).toContain(a1);
  });

  it('assigning a collection takes its members from their previous owners [test_backref_mutations.py::O2MCollectionTest::test_collection_assignment_mutates_previous_one]', () => {
    const u1 = make(User, { name: 'jack' });
    const u2 = make(User, { name: 'ed' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    expect(a1.user).toBe(u1);
    u2.addresses = [a1];
    expect([...u1.addresses]).toEqual([]);
    expect(a1.user).toBe(u2);
  });

  it("assigning an empty collection clears the members' references [test_backref_mutations.py::O2MCollectionTest::test_collection_assignment_mutates_previous_two]", () => {
    const u1 = make(User, { name: 'jack' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    expect(a1.user).toBe(u1);
    u1.addresses = [];
    expect(a1.user).toBeNull();
  });

  it('removing a member clears its reference [test_backref_mutations.py::O2MCollectionTest::test_del_from_collection]', () => {
    const u1 = make(User, { name: 'jack' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    expect(a1.user).toBe(u1);
    u1.addresses.splice(0, 1);
    expect(a1.user).toBeNull();
  });

  it('clearing the reference removes the member [test_backref_mutations.py::O2MCollectionTest::test_del_from_scalar]', () => {
    const u1 = make(User, { name: 'jack' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    expect(a1.user).toBe(u1);
    a1.user = null;
    expect(u1.addresses).not.toContain(a1);
  });

  it('swapping two members by index keeps their references [test_backref_mutations.py::O2MCollectionTest::test_tuple_assignment_w_reverse]', () => {
    const u1 = make(User);
    const [a1, a2, a3] = ['1', '2', '3'].map((e) => make(Address, { emailAddress: e }));
    u1.addresses.push(a1!);
    u1.addresses.push(a2!);
    u1.addresses.push(a3!);
    [u1.addresses[1], u1.addresses[2]] = [u1.addresses[2]!, u1.addresses[1]!];
    expect(a3!.user).toBe(u1);
    expect([...u1.addresses]).toEqual([a1, a3, a2]);
  });

  it('removing the last member clears its reference [test_backref_mutations.py::O2MCollectionTest::test_straight_remove]', () => {
    const u1 = make(User);
    const [a1, a2, a3] = ['1', '2', '3'].map((e) => make(Address, { emailAddress: e }));
    u1.addresses.push(a1!);
    u1.addresses.push(a2!);
    u1.addresses.push(a3!);
    u1.addresses.splice(2, 1);
    expect(a3!.user).toBeNull();
    expect([...u1.addresses]).toEqual([a1, a2]);
  });

  it('removing one of two copies of a member keeps its reference [test_backref_mutations.py::O2MCollectionTest::test_append_del]', () => {
    const u1 = make(User);
    const [a1, a2, a3] = ['1', '2', '3'].map((e) => make(Address, { emailAddress: e }));
    u1.addresses.push(a1!);
    u1.addresses.push(a2!);
    u1.addresses.push(a3!);
    u1.addresses.push(a2!);
    u1.addresses.splice(1, 1);
    expect(a2!.user).toBe(u1);
    expect([...u1.addresses]).toEqual([a1, a3, a2]);
  });

  it('replacing the collection clears the reference of the member left out [test_backref_mutations.py::O2MCollectionTest::test_bulk_replace]', () => {
    const u1 = make(User);
    const [a1, a2, a3] = ['1', '2', '3'].map((e) => make(Address, { emailAddress: e }));
    u1.addresses.push(a1!);
    u1.addresses.push(a2!);
    u1.addresses.push(a3!);
    u1.addresses.push(a3!);
    expect(a3!.user).toBe(u1);
    u1.addresses = [a1!, a2!, a1!];
    expect(a3!.user).toBeNull();
    expect([...u1.addresses]).toEqual([a1, a2, a1]);
  });
});

conformanceSuite('test_backref_mutations.py O2MStaleBackrefTest', (c) => {
  const { User, Address } = usersAddresses(c);

  it('appending to a second user takes the address from the first [test_backref_mutations.py::O2MStaleBackrefTest::test_backref_pop_m2o]', () => {
    const u1 = make(User);
    const u2 = make(User);
    const a1 = make(Address);
    u1.addresses.push(a1);
    u2.addresses.push(a1);
    expect(u1.addresses).not.toContain(a1);
    expect(a1.user).toBe(u2);
    expect(u2.addresses).toContain(a1);
  });
});

conformanceSuite('test_backref_mutations.py M2MCollectionMoveTest', (c) => {
  const { Item, Keyword, itemKeywords } = itemsKeywords(c);
  afterEach(() => c.clear(Item, Keyword));

  it('appending then removing through the mirror of a collection not loaded is no change [test_backref_mutations.py::M2MCollectionMoveTest::test_add_remove_pending_backref]', async () => {
    const s = c.session({ autoflush: false });
    const i1 = make(Item, { description: 'i1' });
    s.add(i1);
    await s.commit();
    s.expire(i1, ['keywords']);
    const k1 = make(Keyword, { name: 'k1' });
    k1.items.push(i1);
    k1.items.splice(k1.items.indexOf(i1), 1);
    expect(await s.load(i1, 'keywords')).toEqual([]);
  });

  it('removing then appending through the mirror of a collection not loaded is no change [test_backref_mutations.py::M2MCollectionMoveTest::test_remove_add_pending_backref]', async () => {
    const s = c.session({ autoflush: false });
    const k1 = make(Keyword, { name: 'k1' });
    const i1 = make(Item, { description: 'i1', keywords: [k1] });
    s.add(i1);
    await s.commit();
    s.expire(i1, ['keywords']);
    await s.load(k1, 'items'); // SQLAlchemy loads it on access
    k1.items.splice(k1.items.indexOf(i1), 1);
    k1.items.push(i1);
    expect(await s.load(i1, 'keywords')).toEqual([k1]);
  });

  it('a change made through the mirror joins the collection when it loads, unflushed [test_backref_mutations.py::M2MCollectionMoveTest::test_pending_combines_with_flushed]', async () => {
    const s = c.session({ autoflush: false });
    const k1 = make(Keyword, { name: 'k1' });
    const k2 = make(Keyword, { name: 'k2' });
    const i1 = make(Item, { description: 'i1', keywords: [k1] });
    s.add(i1);
    s.add(k2);
    await s.commit();
    await s.load(k2, 'items'); // SQLAlchemy loads it on access
    k2.items.push(i1);
    // the pending list is still here
    expect(instanceState(i1).pendingMutations('keywords')?.added).toEqual([k2]);
    // because autoflush is off, k2 is still coming in from pending
    expect(new Set(await s.load(i1, 'keywords'))).toEqual(new Set([k1, k2]));
    // prove it didn't flush
    const quoted =
      c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${itemKeywords}\`` : `"${itemKeywords}"`;
    const count = (await s.execute(text(`SELECT COUNT(*) AS n FROM ${quoted}`))).all() as { n: unknown }[];
    expect(Number(count[0]!.n)).toBe(1);
    // the pending collection was removed
    expect(instanceState(i1).pendingMutations('keywords')).toBeUndefined();
    await s.commit();
    expect(await c.readBack(`SELECT * FROM ${quoted}`)).toHaveLength(2);
  });

  // SQLAlchemy's mirror appends the owner again when a member is appended twice ([k1, k1]);
  // Athanor's mirror holds the owner once. What the database gets is the same: one row.
  it('appending a member twice writes one association row [test_backref_mutations.py::M2MCollectionMoveTest::test_duplicate_adds]', async () => {
    const s = c.session({ autoflush: false });
    const k1 = make(Keyword, { name: 'k1' });
    const i1 = make(Item, { description: 'i1', keywords: [k1] });
    s.add(i1);
    await s.commit();
    await s.load(k1, 'items');
    k1.items.push(i1);
    expect(await s.load(i1, 'keywords')).toEqual([k1]);
    s.expire(i1, ['keywords']);
    k1.items.push(i1);
    expect(await s.load(i1, 'keywords')).toEqual([k1]);
    expect([...k1.items]).toEqual([i1, i1, i1]);
    await s.commit();
    expect(await s.load(k1, 'items')).toEqual([i1]);
  });

  it('replacing a collection updates the mirrors of members added and left out [test_backref_mutations.py::M2MCollectionMoveTest::test_bulk_replace]', () => {
    const [k1, k2, k3] = ['k1', 'k2', 'k3'].map((n) => make(Keyword, { name: n }));
    const i1 = make(Item, { description: 'i1', keywords: [k1!, k2!] });
    const i2 = make(Item, { description: 'i2', keywords: [k3!] });
    i1.keywords = [k2!, k3!];
    expect(k3!.items).toContain(i1);
    expect(k3!.items).toContain(i2);
    expect(k1!.items).not.toContain(i1);
  });
});

conformanceSuite('test_backref_mutations.py M2MStaleBackrefTest', (c) => {
  const { Item, Keyword } = itemsKeywords(c);

  it("emptying a collection takes the owner out of each member's mirror once [test_backref_mutations.py::M2MStaleBackrefTest::test_backref_pop_m2m]", () => {
    const k1 = make(Keyword);
    const k2 = make(Keyword);
    const i1 = make(Item);
    k1.items.push(i1);
    k2.items.push(i1);
    k2.items.push(i1);
    i1.keywords = [];
    k2.items.splice(k2.items.indexOf(i1), 1);
    expect(k2.items).toHaveLength(0);
  });
});
