/**
 * The users / addresses / orders model and rows of SQLAlchemy's test/orm/_fixtures.py as the
 * expire and merge suites use them: users 7 jack, 8 ed, 9 fred, 10 chuck; addresses 1 (jack),
 * 2–4 (ed: ed@wood.com, ed@bettyboop.com, ed@lala.com), 5 (fred); orders 1–5 with `isopen`.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { inspect } from '../../lib/mapper';
import type { LazyStrategy } from '../../lib/mapper/declaration';
import { insert, types } from '../../lib/sql';
import type { ConformanceContext } from './support';

export interface ExpireModelOptions {
  /** The cascade of `User.addresses` (SQLAlchemy's default when omitted). */
  readonly cascade?: string;
  /** The loading default of `User.addresses` (`'raise'`, Athanor's default, when omitted). */
  readonly lazy?: LazyStrategy;
  /** Order `User.addresses` by this key (none when omitted). */
  readonly orderBy?: string;
  /** Insert the fixture rows before each test (default true; the merge suites start empty). */
  readonly rows?: boolean;
  /** Map `User.name` / `Order.description` as deferred columns (SQLAlchemy's `deferred()`). */
  readonly deferred?: { readonly userName?: boolean; readonly orderDescription?: boolean };
}

/** Declares User, Address and Order, inserts the fixture rows before each test, clears after. */
export function expireModel(c: ConformanceContext, options: ExpireModelOptions = {}) {
  const entities = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false, deferred: options.deferred?.userName ?? false })
      name!: string;
      @Relationship(() => Address, {
        backPopulates: 'user',
        ...(options.cascade === undefined ? {} : { cascade: options.cascade }),
        ...(options.lazy === undefined ? {} : { lazy: options.lazy }),
        ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
      })
      addresses!: Address[];
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
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.integer(), foreignKey: () => Address, nullable: true }) addressId!: number | null;
      @Column({
        type: types.string(30),
        nullable: true,
        deferred: options.deferred?.orderDescription ?? false,
      })
      description!: string | null;
      @Column({ type: types.integer(), nullable: true }) isopen!: number | null;
    }
    return { User, Address, Order };
  });
  const { User, Address, Order } = entities;

  beforeEach(async () => {
    if (options.rows === false) return;
    const rows = (cls: typeof User | typeof Address | typeof Order, values: object[]) =>
      c.engine.execute(insert(inspect(cls as never).table).values(values as never));
    await rows(User, [
      { id: 7, name: 'jack' },
      { id: 8, name: 'ed' },
      { id: 9, name: 'fred' },
      { id: 10, name: 'chuck' },
    ]);
    await rows(Address, [
      { id: 1, userId: 7, emailAddress: 'jack@bean.com' },
      { id: 2, userId: 8, emailAddress: 'ed@wood.com' },
      { id: 3, userId: 8, emailAddress: 'ed@bettyboop.com' },
      { id: 4, userId: 8, emailAddress: 'ed@lala.com' },
      { id: 5, userId: 9, emailAddress: 'fred@fred.com' },
    ]);
    await rows(Order, [
      { id: 1, userId: 7, addressId: 1, description: 'order 1', isopen: 0 },
      { id: 2, userId: 9, addressId: 4, description: 'order 2', isopen: 0 },
      { id: 3, userId: 7, addressId: 1, description: 'order 3', isopen: 1 },
      { id: 4, userId: 9, addressId: 4, description: 'order 4', isopen: 1 },
      { id: 5, userId: 7, addressId: 1, description: 'order 5', isopen: 0 },
    ]);
  });
  afterEach(() => c.clear(Order, Address, User));
  return entities;
}
