/**
 * Relationships with a custom join condition (`primaryJoin`, SQLAlchemy's `primaryjoin`) between
 * tables with no foreign key constraint: the flush keeps the foreign key in sync, every loading
 * strategy joins by the condition, and its constant conditions filter every load.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import {
  and,
  attrs,
  ConfigurationError,
  foreign,
  joinedload,
  Registry,
  select,
  selectinload,
  subqueryload,
  types,
} from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { sessionOpener, statementCounter } from './fixtures';

describeEachDialect('Relationships with a custom join condition', (d) => {
  const registry = new Registry();
  @Table(d.uniqueName('pj_customers'), { registry })
  class Customer {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(30) }) name!: string;
    @Relationship(() => Address, {
      primaryJoin: (c, a) => c.id.eq(foreign(a.customerId)),
      backPopulates: 'customer',
      orderBy: 'id',
    })
    addresses!: Address[];
    @Relationship(() => Address, {
      primaryJoin: (c, a) => and(c.id.eq(a.customerId), a.kind.eq('billing')),
      foreignKey: 'customerId',
      viewonly: true,
    })
    billing!: Address[];
  }
  @Table(d.uniqueName('pj_addresses'), { registry })
  class Address {
    @Column({ primaryKey: true }) id!: number;
    @Column({ name: 'customer_id', type: types.integer(), nullable: true }) customerId!: number | null;
    @Column({ type: types.string(10) }) kind!: string;
    @Column({ type: types.string(50) }) email!: string;
    @Relationship(() => Customer, {
      primaryJoin: (a, c) => foreign(a.customerId).eq(c.id),
      backPopulates: 'addresses',
    })
    customer!: Customer | null;
  }
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let customerId = 0;
  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
    const s = newSession();
    const c = Object.assign(new Customer(), { name: 'ann' });
    c.addresses = [
      Object.assign(new Address(), { kind: 'home', email: 'ann@home' }),
      Object.assign(new Address(), { kind: 'billing', email: 'ann@billing' }),
    ];
    s.add(c);
    await s.commit();
    customerId = c.id;
    await s.close();
  });
  afterAll(async () => {
    await registry.metadata.dropAll(d.engine);
  });

  it('the flush writes the parent key into the column the condition marks foreign', async () => {
    const rows = (
      await d.engine.execute(
        select(attrs(Address).customerId, attrs(Address).kind).orderBy(attrs(Address).id),
      )
    ).all();
    expect(rows.map((r) => [r.customerId, r.kind])).toEqual([
      [customerId, 'home'],
      [customerId, 'billing'],
    ]);
  });

  it.each([
    ['selectinload', selectinload],
    ['joinedload', joinedload],
    ['subqueryload', subqueryload],
  ])('%s loads by the condition, its constant conditions included', async (_name, option) => {
    const s = newSession();
    const c = attrs(Customer);
    const [loaded] = await s.scalars(
      select(Customer).where(c.id.eq(customerId)).options(option(c.addresses), option(c.billing)),
    );
    expect(loaded!.addresses.map((a) => a.email)).toEqual(['ann@home', 'ann@billing']);
    expect(loaded!.billing.map((a) => a.email)).toEqual(['ann@billing']);
  });

  it('session.load() of both directions, and the query form of the relationship', async () => {
    const s = newSession();
    const customer = (await s.get(Customer, customerId))!;
    counter.start();
    await s.load(customer, 'billing');
    const sent = counter.stop();
    expect(sent).toHaveLength(1);
    expect(customer.billing.map((a) => a.kind)).toEqual(['billing']);
    const [home] = await s.scalars(select(Address).where(attrs(Address).kind.eq('home')));
    await s.load(home!, 'customer');
    expect(home!.customer).toBe(customer);
    const withBilling = await s.scalars(
      select(Customer).where(attrs(Customer).billing.any(attrs(Address).email.like('%billing'))),
    );
    expect(withBilling).toEqual([customer]);
    // The join's ON holds the constant condition: no home address is reached through billing.
    const through = (kind: string) =>
      s.scalars(select(Customer).join(attrs(Customer).billing).where(attrs(Address).kind.eq(kind)));
    expect(await through('home')).toEqual([]);
    expect(await through('billing')).toEqual([customer]);
  });

  it('moving a child to another parent through the many-to-one rewrites its foreign key', async () => {
    const s = newSession();
    const other = Object.assign(new Customer(), { name: 'bob', addresses: [] as Address[] });
    s.add(other);
    const [home] = await s.scalars(select(Address).where(attrs(Address).kind.eq('home')));
    home!.customer = other;
    await s.commit();
    const rows = (
      await d.engine.execute(select(attrs(Address).customerId).where(attrs(Address).kind.eq('home')))
    ).all();
    expect(rows.map((r) => r.customerId)).toEqual([other.id]);
    home!.customer = await s.get(Customer, customerId);
    await s.commit();
  });
});

describe('primaryJoin configuration errors', () => {
  it.each([
    [
      'no side known to hold the foreign key',
      (r: Registry) => {
        @Table('e1_parent', { registry: r })
        class P {
          @Column({ primaryKey: true }) id!: number;
          @Relationship(() => C, { primaryJoin: (p, c) => p.id.eq(c.pid) }) cs!: C[];
        }
        @Table('e1_child', { registry: r })
        class C {
          @Column({ primaryKey: true }) id!: number;
          @Column({ type: types.integer() }) pid!: number;
        }
        return P;
      },
      /P\.cs: primaryJoin compares .* neither is known to hold the foreign key/,
    ],
    [
      'an unknown column',
      (r: Registry) => {
        @Table('e2_parent', { registry: r })
        class P {
          @Column({ primaryKey: true }) id!: number;
          @Relationship(() => C, { primaryJoin: (p, c) => p.id.eq(foreign(c.nope!)) }) cs!: C[];
        }
        @Table('e2_child', { registry: r })
        class C {
          @Column({ primaryKey: true }) id!: number;
        }
        return P;
      },
      /P\.cs: primaryJoin reads 'nope' of the target C, which has no such column property/,
    ],
    [
      'a condition that is not an equality of the two sides',
      (r: Registry) => {
        @Table('e3_parent', { registry: r })
        class P {
          @Column({ primaryKey: true }) id!: number;
          @Relationship(() => C, { primaryJoin: (p, c) => p.id.gt(foreign(c.pid)) }) cs!: C[];
        }
        @Table('e3_child', { registry: r })
        class C {
          @Column({ primaryKey: true }) id!: number;
          @Column({ type: types.integer() }) pid!: number;
        }
        return P;
      },
      /P\.cs: primaryJoin may hold only equalities/,
    ],
  ])('%s is a ConfigurationError naming the relationship', (_title, declare, message) => {
    const r = new Registry();
    declare(r);
    expect(() => r.configure()).toThrow(ConfigurationError);
    expect(() => r.configure()).toThrow(message);
  });
});
