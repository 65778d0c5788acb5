/**
 * A relationship filled by `containsEager()` (from the statement's own join), then the object
 * expired and loaded again — ported from SQLAlchemy's test/orm/test_expire.py
 * (ExpireTest::test_unexpire_eager_dont_include_contains_eager).
 *
 * The query part is as in SQLAlchemy: `containsEager(a.user).joinedload(u.orders)` and
 * `containsEager(a.user).containsEager(u.orders)` each fill the address, its user and the user's
 * orders from one statement. The reload differs by design: SQLAlchemy unexpires on attribute access,
 * replaying the original options with contains_eager downgraded to a lazy load; Athanor reloads an
 * expired object with `get()` (one SELECT of its columns, with no join a containsEager could read)
 * and then loads each relationship that was loaded before the expiry with a query of its own —
 * not the relationships below it, so in the contains,joined case the user's orders are not loaded
 * again where SQLAlchemy joinedloads them. What the test guards is the same: the reload never tries
 * to read the relationship from a join its statement does not have, and it comes back with the
 * right object.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { containsEager } from '../../lib/session';
import { insert, select, types } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite('test_expire.py ExpireTest (containsEager)', (c) => {
  const { User, Address, Order } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Relationship(() => Order, { orderBy: 'id' }) orders!: Order[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
      @Relationship(() => User) user!: User | null;
    }
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
    }
    return { User, Address, Order };
  });

  beforeEach(async () => {
    const rows = (cls: object, values: object[]) =>
      c.engine.execute(insert(inspect(cls as never).table).values(values as never));
    await rows(User, [
      { id: 7, name: 'jack' },
      { id: 9, name: 'fred' },
    ]);
    await rows(Address, [
      { id: 1, userId: 7, emailAddress: 'jack@bean.com' },
      { id: 5, userId: 9, emailAddress: 'fred@fred.com' },
    ]);
    await rows(Order, [
      { id: 1, userId: 7, description: 'order 1' },
      { id: 2, userId: 9, description: 'order 2' },
      { id: 3, userId: 7, description: 'order 3' },
      { id: 5, userId: 7, description: 'order 5' },
    ]);
  });
  afterEach(() => c.clear(Order, Address, User));

  const a = attrs(Address);
  const u = attrs(User);
  const o = attrs(Order);
  const selects = (sent: readonly { sql: string }[]) => sent.filter((s) => /^\s*SELECT/i.test(s.sql));

  for (const kase of ['contains,joined', 'contains,contains'] as const) {
    it(`${kase}: one statement fills the address, its user and the orders; the reload loads the user by its own query [test_expire.py::ExpireTest::test_unexpire_eager_dont_include_contains_eager]`, async () => {
      const s = c.session({ autoflush: false });
      c.sql.start();
      const stmt =
        kase === 'contains,joined'
          ? select(Address).join(a.user).options(containsEager(a.user).joinedload(u.orders)).where(a.id.eq(1))
          : select(Address)
              .join(a.user)
              .join(u.orders)
              .orderBy(o.id)
              .options(containsEager(a.user).containsEager(u.orders))
              .where(a.id.eq(1));
      const found = await s.scalars(stmt);
      const sent = selects(c.sql.stop());
      expect(sent).toHaveLength(1);
      expect(sent[0]!.sql).toMatch(/ JOIN /);
      expect(found).toHaveLength(1);
      const a1 = found[0]!;
      expect([a1.id, a1.user!.id, a1.user!.orders.map((x) => x.id)]).toEqual([1, 7, [1, 3, 5]]);

      // Expire, start over with an empty identity map, add the object back.
      s.expire(a1);
      await s.close();
      s.add(a1);
      expect(instanceState(a1).isLoaded('user')).toBe(false);

      c.sql.start();
      expect(await s.get(Address, 1)).toBe(a1);
      const reload = selects(c.sql.stop());
      // The address's own SELECT has no join to read a user from; the user it referred to is loaded
      // by a query of its own (it was loaded before the expiry).
      expect(reload).toHaveLength(2);
      expect(reload[0]!.sql).not.toMatch(/ JOIN /);
      expect(reload[1]!.sql).toMatch(/ IN \(/);
      expect(instanceState(a1).isLoaded('user')).toBe(true);
      expect([a1.user!.id, a1.user!.name]).toEqual([7, 'jack']);
      // The user is a new object (the identity map was emptied): its orders are not loaded, in
      // both cases (SQLAlchemy's contains,joined case joinedloads them; Athanor remembers which
      // relationships were loaded, not the options that loaded them).
      expect(instanceState(a1.user!).isLoaded('orders')).toBe(false);
      await s.load(a1.user!, 'orders');
      expect(a1.user!.orders.map((x) => x.id)).toEqual([1, 3, 5]);
      expect(a1.emailAddress).toBe('jack@bean.com');
    });
  }
});
