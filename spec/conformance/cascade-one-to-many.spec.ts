/**
 * One-to-many cascades: save-update, delete and delete-orphan along a collection, ported from
 * SQLAlchemy's test/orm/test_cascade.py (O2MCascadeDeleteOrphanTest, O2MCascadeTest,
 * O2MCascadeDeleteNoOrphanTest, CasadeWithRaiseloadTest, O2MSelfReferentialDetelOrphanTest,
 * CollectionAssignmentOrphanTest, SubclassCascadeTest).
 *
 * Adaptations: where SQLAlchemy reads an unloaded collection (a lazy load), the test loads it
 * with `await s.load(...)` first; `eq_(u, User(...))` comparisons after a commit read the rows
 * back instead.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { FlushError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { isOrphan } from '../../lib/mapper/relationship-events';
import { select, text, types } from '../../lib/sql';
import { countRows, make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_cascade.py O2MCascadeDeleteOrphanTest', (c) => {
  const { User, Address, Order, Dingaling } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
      @Relationship(() => Address, { cascade: 'all, delete-orphan', backPopulates: 'user' })
      addresses!: Address[];
      @Relationship(() => Order, { cascade: 'all, delete-orphan', orderBy: 'id' }) orders!: Order[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: false }) emailAddress!: string;
      @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
    }
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: false }) userId!: number;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
    }
    @Table(name('dingalings'), { registry })
    class Dingaling {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Address, nullable: true }) addressId!: number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Relationship(() => Address) address!: Address | null;
    }
    return { User, Address, Order, Dingaling };
  });
  afterEach(() => c.clear(Dingaling, Order, Address, User));
  const order = (description: string) => make(Order, { description });
  const ordersOf = async (): Promise<unknown[]> =>
    c.readBack(`SELECT description FROM ${c.tableOf(Order)} ORDER BY id`);

  it('a new user with a list of orders is saved with them [test_cascade.py::O2MCascadeDeleteOrphanTest::test_list_assignment_new]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack', orders: [order('order 1'), order('order 2')] });
    s.add(u);
    await s.commit();
    await s.refresh(u);
    const orders = await s.load(u, 'orders');
    expect([u.name, orders.map((o) => o.description)]).toEqual(['jack', ['order 1', 'order 2']]);
    expect(await ordersOf()).toEqual([{ description: 'order 1' }, { description: 'order 2' }]);
  });

  it('replacing the orders of a pending user drops the replaced ones: they are never inserted [test_cascade.py::O2MCascadeDeleteOrphanTest::test_list_assignment_replace]', async () => {
    const s = c.session();
    const [o1, o2] = [order('someorder'), order('someotherorder')];
    const u = make(User, { name: 'jack', orders: [o1!, o2!] });
    s.add(u);
    expect(s.new).toEqual(expect.arrayContaining([u, o1, o2]));
    u.orders = [order('order 3'), order('order 4')];
    // orders.user_id is NOT NULL: inserting o1 or o2 would fail.
    expect(s.contains(o1!)).toBe(false);
    expect(s.contains(o2!)).toBe(false);
    c.sql.start();
    await s.commit();
    expect(c.sql.count('INSERT')).toBe(2); // the user, then both new orders in one statement
    expect(await ordersOf()).toEqual([{ description: 'order 3' }, { description: 'order 4' }]);
    expect(instanceState(o1!).status).toBe('transient');
  });

  it('an order saved alone fails on its NOT NULL foreign key [test_cascade.py::O2MCascadeDeleteOrphanTest::test_standalone_orphan]', async () => {
    const s = c.session();
    s.add(order('order 5'));
    await expect(s.flush()).rejects.toThrow(/user_?id|null/i);
  });

  it('adding a detached user again cascades to orders added and removed since [test_cascade.py::O2MCascadeDeleteOrphanTest::test_save_update_sends_pending]', async () => {
    const s = c.session({ expireOnCommit: false });
    const [o1, o2, o3] = [order('o1'), order('o2'), order('o3')];
    const u = make(User, { name: 'jack', orders: [o1!, o2!] });
    s.add(u);
    await s.commit();
    await s.close();
    u.orders.push(o3!);
    u.orders.splice(u.orders.indexOf(o1!), 1);
    const s2 = c.session({ expireOnCommit: false });
    s2.add(u);
    expect([s2.contains(o1!), s2.contains(o2!), s2.contains(o3!)]).toEqual([true, true, true]);
    await s2.commit();
    // o1 left a delete-orphan collection: deleted.
    expect(await ordersOf()).toEqual([{ description: 'o2' }, { description: 'o3' }]);
  });

  it('a pending order removed from its collection leaves the session [test_cascade.py::O2MCascadeDeleteOrphanTest::test_remove_pending_from_collection]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack' });
    s.add(u);
    await s.commit();
    await s.load(u, 'orders'); // SQLAlchemy loads the expired collection on access
    const o1 = make(Order);
    u.orders.push(o1);
    expect(s.contains(o1)).toBe(true);
    u.orders.splice(0, 1);
    expect(s.contains(o1)).toBe(false);
  });

  it('an order orphaned while its parent was outside the session is dropped at flush [test_cascade.py::O2MCascadeDeleteOrphanTest::test_remove_pending_from_pending_parent]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack' });
    const o1 = make(Order);
    s.add(o1);
    // o1 becomes an orphan, but its parent is in no session.
    u.orders.push(o1);
    u.orders.splice(0, 1);
    s.add(u);
    expect(s.contains(o1)).toBe(true);
    c.sql.start();
    await s.flush();
    expect(s.contains(o1)).toBe(false);
    expect(c.sql.count('INSERT')).toBe(1); // the user only
  });

  it('deleting a user deletes its orders [test_cascade.py::O2MCascadeDeleteOrphanTest::test_delete]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack', orders: [order('someorder'), order('someotherorder')] });
    s.add(u);
    await s.flush();
    s.delete(u);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([0, 0]);
  });

  it('deleting a user deletes addresses it never loaded [test_cascade.py::O2MCascadeDeleteOrphanTest::test_delete_unloaded_collections]', async () => {
    const s = c.session();
    const u = make(User, {
      name: 'jack',
      addresses: [make(Address, { emailAddress: 'address1' }), make(Address, { emailAddress: 'address2' })],
    });
    s.add(u);
    await s.flush();
    s.expungeAll();
    expect([await countRows(s, Address), await countRows(s, User)]).toEqual([2, 1]);
    const fresh = (await s.get(User, u.id))!;
    expect(instanceState(fresh).isLoaded('addresses')).toBe(false);
    s.delete(fresh);
    // Athanor loads the collection in the flush (SQLAlchemy already loaded it in delete()).
    await s.flush();
    expect([await countRows(s, Address), await countRows(s, User)]).toEqual([0, 0]);
  });

  it('the delete cascade reaches only the current members, not one removed before [test_cascade.py::O2MCascadeDeleteOrphanTest::test_cascades_onlycollection]', async () => {
    const s = c.session({ autoflush: false });
    const u = make(User, { name: 'jack', orders: [order('someorder'), order('someotherorder')] });
    s.add(u);
    await s.flush();
    const o = u.orders[0]!;
    u.orders.splice(0, 1);
    s.delete(u);
    expect(s.deleted).toContain(u);
    expect(s.deleted).not.toContain(o);
    expect(s.contains(o)).toBe(true);
    const u2 = make(User, { name: 'newuser', orders: [o] });
    s.add(u2);
    await s.flush();
    s.expungeAll();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([1, 1]);
    const users = await s.scalars(select(User));
    expect(users.map((x) => x.name)).toEqual(['newuser']);
    expect((await s.load(users[0]!, 'orders')).map((x) => x.description)).toEqual(['someorder']);
  });

  it('cascades leave unloaded relationships unloaded [test_cascade.py::O2MCascadeDeleteOrphanTest::test_cascade_nosideeffects]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack' });
    s.add(u);
    expect(instanceState(u).isLoaded('orders')).toBe(false);
    await s.flush();
    expect(instanceState(u).isLoaded('orders')).toBe(false);
    const a = make(Address, { emailAddress: 'foo@bar.com' });
    s.add(a);
    expect(instanceState(a).isLoaded('user')).toBe(false);
    a.user = u;
    await s.flush();
    const d = make(Dingaling, { data: 'd1' });
    d.addressId = a.id;
    s.add(d);
    expect(instanceState(d).isLoaded('address')).toBe(false);
    await s.flush();
    expect(await s.load(d, 'address')).toBe(a); // SQLAlchemy: a lazy load of d.address
  });

  it('deleting a user deletes its orders and the one just removed from them [test_cascade.py::O2MCascadeDeleteOrphanTest::test_cascade_delete_plusorphans]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack', orders: [order('someorder'), order('someotherorder')] });
    s.add(u);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([1, 2]);
    u.orders.splice(0, 1);
    s.delete(u);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([0, 0]);
  });

  it('emptying the collection deletes the orphans [test_cascade.py::O2MCascadeDeleteOrphanTest::test_collection_orphans]', async () => {
    const s = c.session();
    const u = make(User, { name: 'jack', orders: [order('someorder'), order('someotherorder')] });
    s.add(u);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([1, 2]);
    u.orders.splice(0, u.orders.length);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([1, 0]);
  });
});

conformanceSuite('test_cascade.py O2MCascadeTest', (c) => {
  const { User } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
      @Relationship(() => Address, { backPopulates: 'user' }) addresses!: (Address | null)[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: false }) emailAddress!: string;
      @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(User));

  it('a null assigned in a collection fails the flush, naming the collection [test_cascade.py::O2MCascadeTest::test_none_o2m_collection_assignment]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'u', addresses: [null] });
    s.add(u1);
    expect([...u1.addresses]).toEqual([null]);
    const error = await s.commit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushError);
    expect((error as Error).message).toContain("can't flush a null value found in collection User.addresses");
    expect([...u1.addresses]).toEqual([null]);
  });

  it('a null pushed into a collection fails the flush, naming the collection [test_cascade.py::O2MCascadeTest::test_none_o2m_collection_append]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'u' });
    s.add(u1);
    u1.addresses.push(null);
    expect([...u1.addresses]).toEqual([null]);
    const error = await s.commit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushError);
    expect((error as Error).message).toContain("can't flush a null value found in collection User.addresses");
    expect([...u1.addresses]).toEqual([null]);
  });
});

conformanceSuite('test_cascade.py O2MCascadeDeleteNoOrphanTest', (c) => {
  const { User, Order } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Relationship(() => Order, { cascade: 'all' }) orders!: Order[];
    }
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, name: 'user_id', nullable: true }) userId!:
        number | null;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
    }
    return { User, Order };
  });
  afterEach(() => c.clear(Order, User));

  it('deleting a user keeps the order removed from it, with a NULL key [test_cascade.py::O2MCascadeDeleteNoOrphanTest::test_cascade_delete_noorphans]', async () => {
    const s = c.session();
    const u = make(User, {
      name: 'jack',
      orders: [make(Order, { description: 'someorder' }), make(Order, { description: 'someotherorder' })],
    });
    s.add(u);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([1, 2]);
    u.orders.splice(0, 1);
    s.delete(u);
    await s.flush();
    expect([await countRows(s, User), await countRows(s, Order)]).toEqual([0, 1]);
    await s.commit();
    expect(await c.readBack(`SELECT description, user_id FROM ${c.tableOf(Order)}`)).toEqual([
      { description: 'someorder', user_id: null },
    ]);
  });
});

conformanceSuite('test_cascade.py CasadeWithRaiseloadTest', (c) => {
  const { User, Address } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
      @Relationship(() => Address, { cascade: 'all, delete-orphan', lazy: 'raise' }) addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: false }) emailAddress!: string;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(Address, User));

  it('the delete cascade loads a raise-on-read collection anyway [test_cascade.py::CasadeWithRaiseloadTest::test_delete_skips_lazy_raise]', async () => {
    const s = c.session();
    const u1 = make(User, {
      name: 'u1',
      addresses: [make(Address, { emailAddress: 'e1' }), make(Address, { emailAddress: 'e2' })],
    });
    s.add(u1);
    await s.commit();
    const a = attrs(Address);
    expect((await s.scalars(select(Address).orderBy(a.emailAddress))).map((x) => x.emailAddress)).toEqual([
      'e1',
      'e2',
    ]);
    await s.close();
    const s2 = c.session();
    s2.delete(u1);
    await s2.commit();
    expect(await s2.scalars(select(Address))).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
  });
});

conformanceSuite('test_cascade.py O2MSelfReferentialDetelOrphanTest', (c) => {
  const { Node } = c.entities((registry, name) => {
    @Table(name('node'), { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Node, nullable: true, name: 'parent_id' })
      parentId!: number | null;
      @Relationship(() => Node, { cascade: 'all, delete-orphan', backPopulates: 'parent' }) children!: Node[];
      @Relationship(() => Node, { remoteSide: 'id', backPopulates: 'children' }) parent!: Node | null;
    }
    return { Node };
  });
  afterEach(async () => {
    // MySQL checks the self-reference row by row: unlink before deleting.
    await c.engine.execute(text(`UPDATE ${c.tableOf(Node)} SET parent_id = NULL`));
    await c.clear(Node);
  });

  it('removing a node from its parent deletes it and its own children [test_cascade.py::O2MSelfReferentialDetelOrphanTest::test_self_referential_delete]', async () => {
    const s = c.session();
    const [n1, n2, n3, n4] = [make(Node), make(Node), make(Node), make(Node)];
    n1!.children = [n2!, n3!];
    n3!.children = [n4!];
    s.addAll([n1!, n2!, n3!, n4!]);
    await s.commit();
    expect(await countRows(s, Node)).toBe(4);
    await s.load(n1!, 'children');
    n1!.children.splice(n1!.children.indexOf(n3!), 1);
    await s.commit();
    expect(await countRows(s, Node)).toBe(2);
  });
});

conformanceSuite('test_cascade.py CollectionAssignmentOrphanTest', (c) => {
  const { A, B } = c.entities((registry, name) => {
    @Table(name('table_a'), { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Relationship(() => B, { cascade: 'all, delete-orphan', orderBy: 'id' }) bs!: B[];
    }
    @Table(name('table_b'), { registry })
    class B {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Column({ type: types.integer(), foreignKey: () => A, nullable: true }) aId!: number | null;
    }
    return { A, B };
  });
  afterEach(() => c.clear(B, A));

  it('members loaded from the database are not orphans, and changing them deletes nothing [test_cascade.py::CollectionAssignmentOrphanTest::test_basic]', async () => {
    const s = c.session();
    const a1 = make(A, { name: 'a1', bs: ['b1', 'b2', 'b3'].map((n) => make(B, { name: n })) });
    s.add(a1);
    await s.flush();
    s.expungeAll();
    const again = (await s.get(A, a1.id))!;
    const bs = await s.load(again, 'bs');
    expect([again.name, bs.map((b) => b.name)]).toEqual(['a1', ['b1', 'b2', 'b3']]);
    expect(isOrphan(instanceState(bs[0]!))).toBe(false);
    bs[0]!.name = 'b2modified';
    bs[1]!.name = 'b3modified';
    c.sql.start();
    await s.flush();
    expect(c.sql.count('DELETE')).toBe(0);
    s.expungeAll();
    const third = (await s.get(A, a1.id))!;
    expect((await s.load(third, 'bs')).map((b) => b.name)).toEqual(['b2modified', 'b3modified', 'b3']);
  });
});
