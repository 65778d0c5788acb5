/**
 * The users / addresses / orders / items model of SQLAlchemy's test/orm/_fixtures.py, mapped with
 * write-only collections, and its rows (users 7–10, addresses 1–5, …), for the write-only
 * conformance suites.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import type { WriteOnlyCollection } from '../../lib';
import type { RelationshipOptions } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { make } from './cascade-helpers';
import type { ConformanceContext } from './support';

/** User.addresses, write-only with `options`; Address.user mirrors it when `backPopulates`. */
export function userAddressFixture(c: ConformanceContext, options: RelationshipOptions = {}) {
  const mirrored = options.backPopulates !== undefined;
  return c.entities((registry, name) => {
    const none: PropertyDecorator = () => undefined;
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Relationship(() => Address, { lazy: 'writeOnly', ...options })
      addresses!: WriteOnlyCollection<Address>;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true, name: 'user_id' })
      userId!: number | null;
      @Column({ type: types.string(50), nullable: false, name: 'email_address' }) emailAddress!: string;
      @(mirrored ? Relationship(() => User, { backPopulates: 'addresses' }) : none) user!: User | null;
    }
    return { User, Address };
  });
}

/** Order.items, a write-only many-to-many through order_items; Item.orders mirrors it when asked. */
export function orderItemFixture(
  c: ConformanceContext,
  options: RelationshipOptions = {},
  mirror?: RelationshipOptions,
) {
  return c.entities((registry, name) => {
    const none: PropertyDecorator = () => undefined;
    const orderItems = name('order_items');
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
      @Relationship(() => Item, {
        secondary: orderItems,
        lazy: 'writeOnly',
        ...(mirror !== undefined ? { backPopulates: 'orders' } : {}),
        ...options,
      })
      items!: WriteOnlyCollection<Item>;
    }
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) description!: string;
      @(mirror !== undefined
        ? Relationship(() => Order, { secondary: orderItems, backPopulates: 'items', ...mirror })
        : none)
      orders!: WriteOnlyCollection<Order>;
    }
    return { Order, Item, orderItems };
  });
}

/** The fixture rows of users and addresses, inserted through a session. */
export async function insertUsersAddresses(
  c: ConformanceContext,
  { User, Address }: ReturnType<typeof userAddressFixture>,
): Promise<void> {
  const s = c.session();
  const users = [
    [7, 'jack'],
    [8, 'ed'],
    [9, 'fred'],
    [10, 'chuck'],
  ] as const;
  for (const [id, name] of users) s.add(make(User, { id, name }));
  await s.flush();
  const addresses = [
    [1, 7, 'jack@bean.com'],
    [2, 8, 'ed@wood.com'],
    [3, 8, 'ed@bettyboop.com'],
    [4, 8, 'ed@lala.com'],
    [5, 9, 'fred@fred.com'],
  ] as const;
  for (const [id, userId, emailAddress] of addresses) s.add(make(Address, { id, userId, emailAddress }));
  await s.commit();
  await s.close();
}
