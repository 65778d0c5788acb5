/**
 * Orphans that were never saved: a pending object removed from a delete-orphan parent leaves the
 * session at once (or at the flush, when the parent was in no session), objects with several
 * delete-orphan parents, and which objects count as orphans. Ported from SQLAlchemy's
 * test/orm/test_cascade.py (PendingOrphanTestSingleLevel, PendingOrphanTestTwoLevel,
 * DoubleParentO2MOrphanTest, OrphanCriterionTest).
 *
 * `legacy_is_orphan` is `legacyIsOrphan` on `@Table`; `mapper._is_orphan(state)` is the internal
 * `isOrphan(state)`.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { isOrphan } from '../../lib/mapper/relationship-events';
import { select, types } from '../../lib/sql';
import { countRows, make } from './cascade-helpers';
import { conformanceSuite, type ConformanceContext } from './support';

conformanceSuite('test_cascade.py PendingOrphanTestSingleLevel', (c) => {
  const fixture = (addressCascade: string) =>
    c.entities((registry, name) => {
      @Table(name('users'), { registry })
      class User {
        @Column({ primaryKey: true }) userId!: number;
        @Column({ type: types.string(40), nullable: true }) name!: string | null;
        @Relationship(() => Address, { cascade: addressCascade, backPopulates: 'user' })
        addresses!: Address[];
        @Relationship(() => Order, { cascade: 'all, delete-orphan' }) orders!: Order[];
      }
      @Table(name('addresses'), { registry })
      class Address {
        @Column({ primaryKey: true }) addressId!: number;
        @Column({ type: types.integer(), foreignKey: () => User, name: 'user_id', nullable: true }) userId!:
          number | null;
        @Column({ type: types.string(40), nullable: true }) emailAddress!: string | null;
        @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
      }
      @Table(name('orders'), { registry })
      class Order {
        @Column({ primaryKey: true }) orderId!: number;
        @Column({ type: types.integer(), foreignKey: () => User, nullable: false }) userId!: number;
      }
      return { User, Address, Order };
    });
  const orphans = fixture('all, delete-orphan');
  const deletes = fixture('all, delete');
  afterEach(async () => {
    for (const f of [orphans, deletes]) await c.clear(f.Order, f.Address, f.User);
  });

  it('a standalone object is inserted when the database allows its NULL key, refused when not [test_cascade.py::PendingOrphanTestSingleLevel::test_pending_standalone_orphan]', async () => {
    const { User, Address, Order } = orphans;
    const s = c.session();
    const a = make(Address);
    s.add(a);
    await s.commit();
    expect(await c.readBack(`SELECT user_id FROM ${c.tableOf(Address)}`)).toEqual([{ user_id: null }]);
    let o = make(Order);
    s.add(o);
    await expect(s.commit()).rejects.toThrow();
    await s.rollback();
    const u = make(User);
    s.add(u);
    await s.flush();
    o = make(Order, { userId: u.userId });
    s.add(o);
    await s.commit();
    expect(s.contains(o)).toBe(true);
    expect(s.new).not.toContain(o);
    expect(await countRows(s, Address)).toBe(1);
  });

  it('removing a pending address from its collection expunges it [test_cascade.py::PendingOrphanTestSingleLevel::test_pending_collection_expunge]', async () => {
    const { User, Address } = orphans;
    const s = c.session();
    const u = make(User);
    s.add(u);
    await s.flush();
    await s.load(u, 'addresses'); // SQLAlchemy loads the collection of the flushed user on access
    const a = make(Address);
    u.addresses.push(a);
    expect(s.contains(a)).toBe(true);
    u.addresses.splice(u.addresses.indexOf(a), 1);
    expect(s.contains(a)).toBe(false);
    s.delete(u);
    await s.flush();
    expect(a.addressId).toBeUndefined(); // never persisted
    expect(instanceState(a).status).toBe('transient');
  });

  it('without delete-orphan a removed pending address stays and is saved [test_cascade.py::PendingOrphanTestSingleLevel::test_nonorphans_ok]', async () => {
    const { User, Address } = deletes;
    const s = c.session();
    const u = make(User, { name: 'u1', addresses: [make(Address, { emailAddress: 'ad1' })] });
    s.add(u);
    const a1 = u.addresses[0]!;
    u.addresses.splice(0, 1);
    expect(s.contains(a1)).toBe(true);
    await s.flush();
    s.expungeAll();
    expect((await s.scalars(select(Address))).map((a) => a.emailAddress)).toEqual(['ad1']);
  });
});

conformanceSuite('test_cascade.py PendingOrphanTestTwoLevel', (c) => {
  const { Order, Item, Attribute } = c.entities((registry, name) => {
    @Table(name('order'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Item, { cascade: 'all, delete-orphan' }) items!: Item[];
    }
    @Table(name('item'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Order, nullable: false }) orderId!: number;
      @Relationship(() => Attribute, { cascade: 'all, delete-orphan' }) attributes!: Attribute[];
    }
    @Table(name('attribute'), { registry })
    class Attribute {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Item, nullable: false }) itemId!: number;
    }
    return { Order, Item, Attribute };
  });
  afterEach(() => c.clear(Attribute, Item, Order));

  it('an item appended and removed before the commit is never inserted [test_cascade.py::PendingOrphanTestTwoLevel::test_singlelevel_remove]', async () => {
    const s = c.session();
    const o1 = make(Order);
    s.add(o1);
    const i1 = make(Item);
    o1.items.push(i1);
    o1.items.splice(o1.items.indexOf(i1), 1);
    await s.commit();
    expect(await s.load(o1, 'items')).not.toContain(i1);
    expect(await countRows(s, Item)).toBe(0);
  });

  it('expunging a pending orphan cascades to what it holds [test_cascade.py::PendingOrphanTestTwoLevel::test_multilevel_remove]', async () => {
    const s = c.session();
    const o1 = make(Order);
    s.add(o1);
    const i1 = make(Item);
    const a1 = make(Attribute);
    i1.attributes.push(a1);
    o1.items.push(i1);
    expect([s.contains(i1), s.contains(a1)]).toEqual([true, true]);
    // i1 is an orphan: it leaves the session, and so does a1 (the expunge cascade).
    o1.items.splice(o1.items.indexOf(i1), 1);
    expect([s.contains(i1), s.contains(a1)]).toEqual([false, false]);
    await s.commit();
    expect([s.contains(o1), s.contains(a1), s.contains(i1)]).toEqual([true, false, false]);
    expect(await s.load(o1, 'items')).not.toContain(i1);
    expect([await countRows(s, Item), await countRows(s, Attribute)]).toEqual([0, 0]);
  });
});

conformanceSuite('test_cascade.py DoubleParentO2MOrphanTest', (c) => {
  const fixture = (legacyIsOrphan: boolean, uselist: boolean) =>
    c.entities((registry, name) => {
      @Table(name('sales_reps'), { registry })
      class SalesRep {
        @Column({ primaryKey: true }) salesRepId!: number;
        @Column({ type: types.string(50), nullable: true }) name!: string | null;
        @Relationship(() => Customer, { cascade: 'all, delete-orphan', backPopulates: 'salesRep', uselist })
        customers!: Customer[] | Customer | null;
      }
      @Table(name('accounts'), { registry })
      class Account {
        @Column({ primaryKey: true }) accountId!: number;
        @Column({ type: types.integer(), nullable: true }) balance!: number | null;
        @Relationship(() => Customer, { cascade: 'all, delete-orphan', backPopulates: 'account', uselist })
        customers!: Customer[] | Customer | null;
      }
      @Table(name('customers'), { registry, legacyIsOrphan })
      class Customer {
        @Column({ primaryKey: true }) customerId!: number;
        @Column({ type: types.string(50), nullable: true }) name!: string | null;
        @Column({ type: types.integer(), foreignKey: () => SalesRep, nullable: true }) salesRepId!:
          number | null;
        @Column({ type: types.integer(), foreignKey: () => Account, nullable: true }) accountId!:
          number | null;
        @Relationship(() => Account, { backPopulates: 'customers' }) account!: Account | null;
        @Relationship(() => SalesRep, { backPopulates: 'customers' }) salesRep!: SalesRep | null;
      }
      return { SalesRep, Account, Customer };
    });
  const fixtures = {
    legacyList: fixture(true, true),
    currentList: fixture(false, true),
    legacyOne: fixture(true, false),
    currentOne: fixture(false, false),
  };
  afterEach(async () => {
    for (const f of Object.values(fixtures)) await c.clear(f.Customer, f.Account, f.SalesRep);
  });
  async function setUp(f: (typeof fixtures)[keyof typeof fixtures], uselist: boolean) {
    const { SalesRep, Account, Customer } = f;
    const s = c.session({ expireOnCommit: false, autoflush: false });
    const a = make(Account, { balance: 0 });
    const sr = make(SalesRep, { name: 'John' });
    s.addAll([a, sr]);
    await s.commit();
    // SQLAlchemy loads the collections on access.
    await Promise.all([s.load(a, 'customers'), s.load(sr, 'customers')]);
    const cust = make(Customer, { name: 'Jane' });
    if (uselist) {
      (a.customers as InstanceType<typeof Customer>[]).push(cust);
      (sr.customers as InstanceType<typeof Customer>[]).push(cust);
    } else {
      a.customers = cust;
      sr.customers = cust;
    }
    expect(s.contains(cust)).toBe(true);
    return { s, cust, a, sr };
  }
  const remove = (list: unknown, item: object) => {
    const items = list as object[];
    items.splice(items.indexOf(item), 1);
  };

  it('legacyIsOrphan: the customer stays until both parents let go (collections) [test_cascade.py::DoubleParentO2MOrphanTest::test_double_parent_expunge_o2m_legacy]', async () => {
    const { s, cust, a, sr } = await setUp(fixtures.legacyList, true);
    remove(a.customers, cust);
    expect(s.contains(cust)).toBe(true); // still has one parent
    remove(sr.customers, cust);
    expect(s.contains(cust)).toBe(false);
  });

  it('the customer leaves as soon as either parent lets go (collections) [test_cascade.py::DoubleParentO2MOrphanTest::test_double_parent_expunge_o2m_current]', async () => {
    const { s, cust, a, sr } = await setUp(fixtures.currentList, true);
    remove(a.customers, cust);
    expect(s.contains(cust)).toBe(false);
    remove(sr.customers, cust);
    expect(s.contains(cust)).toBe(false);
  });

  it('legacyIsOrphan: the customer stays until both parents let go (one-to-one) [test_cascade.py::DoubleParentO2MOrphanTest::test_double_parent_expunge_o2o_legacy]', async () => {
    const { s, cust, a, sr } = await setUp(fixtures.legacyOne, false);
    a.customers = null;
    expect(s.contains(cust)).toBe(true);
    sr.customers = null;
    expect(s.contains(cust)).toBe(false);
  });

  it('the customer leaves as soon as either parent lets go (one-to-one) [test_cascade.py::DoubleParentO2MOrphanTest::test_double_parent_expunge_o2o_current]', async () => {
    const { s, cust, a, sr } = await setUp(fixtures.currentOne, false);
    a.customers = null;
    expect(s.contains(cust)).toBe(false);
    sr.customers = null;
    expect(s.contains(cust)).toBe(false);
  });
});

conformanceSuite('test_cascade.py OrphanCriterionTest', (c) => {
  const fixtureSet = (legacyIsOrphan: boolean) =>
    c.entities((registry, name) => {
      @Table(name('related_one'), { registry })
      class RelatedOne {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => Core, { cascade: 'all, delete-orphan', backPopulates: 'r1' }) cores!: Core[];
      }
      @Table(name('related_two'), { registry })
      class RelatedTwo {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => Core, { cascade: 'all, delete-orphan', backPopulates: 'r2' }) cores!: Core[];
      }
      @Table(name('core'), { registry, legacyIsOrphan })
      class Core {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.integer(), foreignKey: () => RelatedOne, nullable: true }) relatedOneId!:
          number | null;
        @Column({ type: types.integer(), foreignKey: () => RelatedTwo, nullable: true }) relatedTwoId!:
          number | null;
        @Relationship(() => RelatedOne, { backPopulates: 'cores' }) r1!: RelatedOne | null;
        @Relationship(() => RelatedTwo, { backPopulates: 'cores' }) r2!: RelatedTwo | null;
      }
      return { RelatedOne, RelatedTwo, Core };
    });
  const legacy = fixtureSet(true);
  const current = fixtureSet(false);
  afterEach(async () => {
    for (const f of [legacy, current]) await c.clear(f.Core, f.RelatedOne, f.RelatedTwo);
  });

  async function fixture(
    cx: ConformanceContext,
    legacyIsOrphan: boolean,
    persistent: boolean,
    r1Present: boolean,
    r2Present: boolean,
    detachEvent = true,
  ) {
    const { RelatedOne, RelatedTwo, Core } = legacyIsOrphan ? legacy : current;
    const c1 = make(Core);
    if (detachEvent) {
      make(RelatedOne, { cores: [c1] });
      make(RelatedTwo, { cores: [c1] });
    } else {
      if (r1Present) make(RelatedOne, { cores: [c1] });
      if (r2Present) make(RelatedTwo, { cores: [c1] });
    }
    if (persistent) {
      const s = cx.session();
      s.add(c1);
      await s.flush();
    }
    if (detachEvent) {
      if (!r1Present) c1.r1 = null;
      if (!r2Present) c1.r2 = null;
    }
    return instanceState(c1);
  }
  const cases: [string, boolean, boolean, boolean, boolean, boolean, boolean][] = [
    // name, legacy, persistent, r1, r2, detach event, orphan
    ['test_leg_pers_r1_r2', true, true, true, true, true, false],
    ['test_current_pers_r1_r2', false, true, true, true, true, false],
    ['test_leg_pers_r1_notr2', true, true, true, false, true, false],
    ['test_current_pers_r1_notr2', false, true, true, false, true, true],
    ['test_leg_pers_notr1_notr2', true, true, false, false, true, true],
    // SQLAlchemy's test of this name builds the r1-but-not-r2 case (the same as the one above).
    ['test_current_pers_notr1_notr2', false, true, true, false, true, true],
    ['test_leg_transient_r1_r2', true, false, true, true, true, false],
    ['test_current_transient_r1_r2', false, false, true, true, true, false],
    ['test_leg_transient_r1_notr2', true, false, true, false, true, false],
    ['test_current_transient_r1_notr2', false, false, true, false, true, true],
    ['test_leg_transient_notr1_notr2', true, false, false, false, true, true],
    ['test_current_transient_notr1_notr2', false, false, false, false, true, true],
    ['test_leg_transient_notr1_notr2_noevent', true, false, false, false, false, true],
    ['test_current_transient_notr1_notr2_noevent', false, false, false, false, false, true],
    ['test_leg_persistent_notr1_notr2_noevent', true, true, false, false, false, false],
    ['test_current_persistent_notr1_notr2_noevent', false, true, false, false, false, false],
  ];
  for (const [test, legacyIsOrphan, persistent, r1, r2, event, orphan] of cases) {
    it(`${persistent ? 'a persistent' : 'a new'} core with${r1 ? '' : 'out'} r1 and with${r2 ? '' : 'out'} r2${event ? '' : ' (never attached)'}${legacyIsOrphan ? ', legacyIsOrphan,' : ''} is ${orphan ? '' : 'not '}an orphan [test_cascade.py::OrphanCriterionTest::${test}]`, async () => {
      const state = await fixture(c, legacyIsOrphan, persistent, r1, r2, event);
      expect(isOrphan(state)).toBe(orphan);
    });
  }
});
