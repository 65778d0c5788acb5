/**
 * Write-only collections (`lazy: 'writeOnly'`, SQLAlchemy's `WriteOnlyMapped`): members are added
 * and removed without loading the collection, `select()` gives the statement that reads them,
 * and deleting the parent needs `passiveDeletes`. Ported from SQLAlchemy's test/orm/test_dynamic.py
 * (WriteOnlyTest, WriteOnlyUOWTest and the shared _UOWTests; DynamicTest and DynamicUOWTest where
 * the legacy "dynamic" loader's behaviour carries over to the write-only collection, which is what
 * an async ORM offers in its place).
 *
 * Adaptations: a dynamic collection's own query methods (`u.addresses.filter(…)`, `.all()`,
 * `[0]`, `.count()`) are `session.scalars(u.addresses.select()…)`.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { ConfigurationError, InvalidRequestError, NoResultError } from '../../lib/errors';
import type { WriteOnlyCollection } from '../../lib';
import { attrs, inspect, instanceState, Registry, setLoaded } from '../../lib/mapper';
import { compile, func, select, types } from '../../lib/sql';
import { countRows, make } from './cascade-helpers';
import { conformanceSuite } from './support';
import { insertUsersAddresses, orderItemFixture, userAddressFixture } from './write-only-fixtures';

conformanceSuite('test_dynamic.py WriteOnlyTest', (c) => {
  const plain = userAddressFixture(c);
  const ordered = userAddressFixture(c, { orderBy: 'emailAddress desc' });
  const { User, Address } = plain;
  beforeAll(() => insertUsersAddresses(c, plain));
  beforeAll(() => insertUsersAddresses(c, ordered));
  const emails = (rows: { emailAddress: string }[]) => rows.map((a) => a.emailAddress);

  it("each user's addresses are read with select() [test_dynamic.py::DynamicTest::test_basic]", async () => {
    const s = c.session();
    const users = await s.scalars(select(User).orderBy(attrs(User).id));
    const result = [];
    for (const u of users)
      result.push([
        u.id,
        (await s.scalars(u.addresses.select().orderBy(attrs(Address).id))).map((a) => a.id),
      ]);
    expect(result).toEqual([
      [7, [1]],
      [8, [2, 3, 4]],
      [9, [5]],
      [10, []],
    ]);
  });

  it('limit and offset slice the members [test_dynamic.py::DynamicTest::test_slice_access]', async () => {
    const s = c.session();
    const u1 = (await s.get(User, 8))!;
    const byId = u1.addresses.select().orderBy(attrs(Address).id);
    expect((await s.scalars(byId.limit(1)))[0]!.id).toBe(2);
    expect((await s.scalars(byId.limit(2))).map((a) => a.id)).toEqual([2, 3]);
  });

  it('a negative limit or offset is refused [test_dynamic.py::DynamicTest::test_negative_slice_access_raises]', async () => {
    const s = c.session();
    const u1 = (await s.get(User, 8))!;
    expect(() => u1.addresses.select().limit(-1)).toThrow('limit() needs a non-negative integer, got -1');
    expect(() => u1.addresses.select().offset(-5)).toThrow('offset() needs a non-negative integer, got -5');
  });

  it('select() is the statement the members are read with [test_dynamic.py::DynamicTest::test_statement]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    const addresses = inspect(Address).table.name;
    expect(compile(u.addresses.select(), 'postgresql').sql).toBe(
      `SELECT "${addresses}"."id", "${addresses}"."user_id" AS "userId", "${addresses}"."email_address" AS "emailAddress" ` +
        `FROM "${addresses}" WHERE "${addresses}"."user_id" = $1`,
    );
    expect(compile(u.addresses.select(), 'postgresql').params).toEqual([7]);
  });

  for (const addToSession of [true, false]) {
    for (const method of ['all', 'one', 'oneOrNull'] as const) {
      it(`a new user's members: ${method}()${addToSession ? ', in a session' : ''} [test_dynamic.py::DynamicTest::test_transient_raise]`, async () => {
        const u1 = make(User, { name: 'u1' });
        const s = c.session({ autoflush: false });
        if (addToSession) s.add(u1);
        const result = await s.execute(u1.addresses.select());
        if (method === 'all') expect(result.scalars()).toEqual([]);
        else if (method === 'oneOrNull') expect(result.oneOrNull()).toBeNull();
        else expect(() => result.one()).toThrow(NoResultError);
      });
    }
  }

  it("lazy 'writeOnly' on a one-to-one is refused [test_dynamic.py::DynamicTest::test_no_uselist_false]", () => {
    const registry = new Registry();
    @Table('wo_uselist_users', { registry })
    class U {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => A, { lazy: 'writeOnly', uselist: false }) addresses!: unknown;
    }
    @Table('wo_uselist_addresses', { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => U }) userId!: number;
    }
    expect(() => registry.configure()).toThrow(
      "U.addresses: lazy 'writeOnly' needs a collection; it cannot be used with a many-to-one or one-to-one relationship (uselist: false)",
    );
  });

  for (const uselist of [false, true, undefined]) {
    it(`lazy 'writeOnly' on a many-to-one is refused (uselist ${uselist}) [test_dynamic.py::DynamicTest::test_no_m2o]`, () => {
      const registry = new Registry();
      @Table('wo_m2o_users', { registry })
      class U {
        @Column({ primaryKey: true }) id!: number;
      }
      @Table('wo_m2o_addresses', { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => U }) userId!: number;
        @Relationship(() => U, { lazy: 'writeOnly', ...(uselist === undefined ? {} : { uselist }) })
        user!: unknown;
      }
      void A;
      expect(() => registry.configure()).toThrow(ConfigurationError);
      expect(() => registry.configure()).toThrow(/^A\.user: /);
    });
  }

  it('iterating a write-only collection raises, naming select() [test_dynamic.py::WriteOnlyTest::test_iteration_error]', async () => {
    const s = c.session();
    const u = (await s.get(User, 8))!;
    expect(() => [...u.addresses]).toThrow(TypeError);
    expect(() => [...u.addresses]).toThrow(
      "WriteOnly collections don't support iteration in-place; to query for collection items, use the select() method",
    );
  });

  it('select() takes an ORDER BY [test_dynamic.py::WriteOnlyTest::test_order_by]', async () => {
    const s = c.session();
    const u = (await s.get(User, 8))!;
    const a = attrs(Address);
    expect(emails(await s.scalars(u.addresses.select().orderBy(a.emailAddress.desc())))).toEqual([
      'ed@wood.com',
      'ed@lala.com',
      'ed@bettyboop.com',
    ]);
  });

  it('select() follows the configured order; orderBy(null) drops it [test_dynamic.py::WriteOnlyTest::test_configured_order_by]', async () => {
    const s = c.session();
    const { User: OUser, Address: OAddress } = ordered;
    const u = (await s.get(OUser, 8))!;
    expect(emails(await s.scalars(u.addresses.select()))).toEqual([
      'ed@wood.com',
      'ed@lala.com',
      'ed@bettyboop.com',
    ]);
    const a = attrs(OAddress);
    expect(emails(await s.scalars(u.addresses.select().orderBy(null).orderBy(a.emailAddress)))).toEqual([
      'ed@bettyboop.com',
      'ed@lala.com',
      'ed@wood.com',
    ]);
    expect(new Set(emails(await s.scalars(u.addresses.select().orderBy(null))))).toEqual(
      new Set(['ed@bettyboop.com', 'ed@lala.com', 'ed@wood.com']),
    );
  });

  it('the configured order comes first, an added one after, the same statement each time [test_dynamic.py::DynamicTest::test_order_by_composition_uses_immutable_tuple]', async () => {
    const s = c.session();
    const { User: OUser, Address: OAddress } = ordered;
    const u = (await s.get(OUser, 8))!;
    const a = attrs(OAddress);
    c.sql.start();
    for (let i = 0; i < 3; i++) {
      expect(emails(await s.scalars(u.addresses.select().orderBy(a.emailAddress.desc())))).toEqual([
        'ed@wood.com',
        'ed@lala.com',
        'ed@bettyboop.com',
      ]);
    }
    const sent = c.sql.stop().filter((q) => q.sql.startsWith('SELECT'));
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((q) => q.sql)).size).toBe(1);
    expect(sent[0]!.sql).toMatch(/ORDER BY \S+email_address\S* DESC, \S+email_address\S* DESC$/);
  });

  it('counting the members is a COUNT over select() [test_dynamic.py::DynamicTest::test_count]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    expect(Number(await s.scalar(select(func.count()).from(u.addresses.select().subquery('a'))))).toBe(1);
  });

  it('a write-only collection cannot be set as loaded [test_dynamic.py::DynamicTest::test_no_populate]', () => {
    const u1 = make(User);
    expect(() => setLoaded(u1, 'addresses', [])).toThrow(InvalidRequestError);
  });
});

conformanceSuite('test_dynamic.py DynamicTest (mirror)', (c) => {
  const mirrored = userAddressFixture(c, { backPopulates: 'user' });
  const { User, Address } = mirrored;
  beforeAll(() => insertUsersAddresses(c, mirrored));

  it('clearing the reference of an address loads nothing; after the flush it is no member [test_dynamic.py::DynamicTest::test_dynamic_on_backref]', async () => {
    const s = c.session();
    const ad = (await s.get(Address, 1))!;
    await s.load(ad, 'user');
    c.sql.start();
    ad.user = null;
    expect(c.sql.stop()).toEqual([]);
    await s.flush();
    const u = (await s.get(User, 7))!;
    expect(await s.scalars(u.addresses.select())).not.toContain(ad);
    await s.rollback();
  });
});

conformanceSuite('test_dynamic.py DynamicTest (many-to-many)', (c) => {
  const { Order, Item, orderItems } = orderItemFixture(c, {}, { lazy: 'writeOnly' });
  afterEach(() => c.clear(Order, Item));

  it('an item added to a write-only many-to-many is read back from both sides [test_dynamic.py::DynamicTest::test_m2m]', async () => {
    const s = c.session();
    const o1 = make(Order, { id: 15, description: 'order 10' });
    const i1 = make(Item, { id: 10, description: 'item 8' });
    o1.items.add(i1);
    s.add(o1);
    await s.flush();
    expect(await s.scalars(i1.orders.select())).toContain(o1);
    expect(await s.scalars(o1.items.select())).toContain(i1);
  });

  it('select() of a many-to-many goes through the association table, which criteria can name [test_dynamic.py::DynamicTest::test_association_nonaliased]', async () => {
    const s = c.session();
    const o = make(Order, { id: 1, description: 'order 1' });
    o.items.addAll([1, 2, 3].map((id) => make(Item, { id, description: `item ${id}` })));
    s.add(o);
    await s.commit();
    const secondary = inspect(Order).relationship('items')!.secondary!;
    const items = inspect(Item).table.name;
    expect(compile(o.items.select(), 'postgresql').sql).toBe(
      `SELECT "${items}"."id", "${items}"."description" FROM "${items}", "${orderItems}" WHERE "${orderItems}"."${inspect(Order).table.name}_id" = $1 AND "${orderItems}"."${items}_id" = "${items}"."id"`,
    );
    const itemId = secondary.columns.find((col) => col.name.endsWith('_id') && col.name.startsWith(items))!;
    expect((await s.scalars(o.items.select().where(itemId.eq(2)))).map((i) => i.id)).toEqual([2]);
  });
});

conformanceSuite('test_dynamic.py WriteOnlyUOWTest', (c) => {
  const plain = userAddressFixture(c);
  const ordered = userAddressFixture(c, { orderBy: 'emailAddress' });
  const byId = userAddressFixture(c, { orderBy: 'id', backPopulates: 'user', cascade: 'all, delete-orphan' });
  const mirrored = userAddressFixture(c, { backPopulates: 'user' });
  const saveUpdate = userAddressFixture(c, { orderBy: 'id', backPopulates: 'user', cascade: 'save-update' });
  afterEach(async () => {
    for (const f of [plain, ordered, byId, mirrored, saveUpdate]) await c.clear(f.Address, f.User);
  });
  const list = <T extends object>(s: ReturnType<typeof c.session>, coll: WriteOnlyCollection<T>) =>
    s.scalars(coll.select());

  it('adding and removing members writes their foreign keys, never loading the collection [test_dynamic.py::_UOWTests::test_persistence]', async () => {
    const { User, Address } = plain;
    const s = c.session();
    let u1 = make(User, { name: 'jack' });
    const a1 = make(Address, { emailAddress: 'foo' });
    s.addAll([u1, a1]);
    await s.flush();
    const withUser = `SELECT id, user_id, email_address FROM ${c.tableOf(Address)} WHERE user_id IS NOT NULL`;
    const rows = async () =>
      (await s.execute(select(Address).where(attrs(Address).userId.isNotNull()))).scalars();
    expect(await rows()).toEqual([]);
    u1 = (await s.get(User, u1.id))!;
    u1.addresses.add(a1);
    await s.flush();
    expect((await rows()).map((a) => [a.id, a.userId, a.emailAddress])).toEqual([[a1.id, u1.id, 'foo']]);
    u1.addresses.remove(a1);
    await s.flush();
    expect(await rows()).toEqual([]);
    u1.addresses.add(a1);
    await s.flush();
    expect((await rows()).map((a) => [a.id, a.userId])).toEqual([[a1.id, u1.id]]);
    const a2 = make(Address, { emailAddress: 'bar' });
    u1.addresses.remove(a1);
    u1.addresses.add(a2);
    await s.flush();
    await s.commit();
    expect(await c.readBack(withUser)).toEqual([{ id: a2.id, user_id: u1.id, email_address: 'bar' }]);
  });

  it('assigning the collection of a new user records its members [test_dynamic.py::_UOWTests::test_hasattr]', () => {
    const { User, Address } = plain;
    const u1 = make(User, { name: 'jack' });
    expect(instanceState(u1).pendingMutations('addresses')).toBeUndefined();
    const a = make(Address, { emailAddress: 'test' });
    (u1 as { addresses: unknown }).addresses = [a];
    expect(instanceState(u1).pendingMutations('addresses')?.added).toEqual([a]);
  });

  it("a pending user's collection can be assigned, a persistent one's cannot [test_dynamic.py::_UOWTests::test_collection_set]", async () => {
    const { User, Address } = ordered;
    const s = c.session({ autoflush: true });
    const u1 = make(User, { name: 'jack' });
    const [a1, a2, a3, a4] = ['a1', 'a2', 'a3', 'a4'].map((e) => make(Address, { emailAddress: e }));
    s.add(u1);
    (u1 as { addresses: unknown }).addresses = [a1, a3];
    expect(await list(s, u1.addresses)).toEqual([a1, a3]);
    expect(() => {
      (u1 as { addresses: unknown }).addresses = [a1, a2, a4];
    }).toThrow('Collection "User.addresses" does not support implicit iteration');
  });

  it('adding to an expired user inserts the member with the key, loading no collection [test_dynamic.py::_UOWTests::test_noload_add]', async () => {
    const { User, Address } = plain;
    const s = c.session();
    const u1 = make(User, { name: 'jack' });
    u1.addresses.add(make(Address, { emailAddress: 'a1' }));
    s.add(u1);
    await s.commit();
    s.expireAll();
    u1.addresses.add(make(Address, { emailAddress: 'a2' }));
    c.sql.start();
    await s.flush();
    // SQLAlchemy first SELECTs the expired user to learn its key; Athanor never expires keys.
    expect(c.sql.dml()).toEqual([expect.stringMatching(/^INSERT INTO \S+addresses/)]);
    expect(c.sql.all.find((q) => q.sql.startsWith('INSERT'))!.params).toEqual([u1.id, 'a2']);
  });

  it("removing from an expired user clears the member's key, loading no collection [test_dynamic.py::_UOWTests::test_noload_remove]", async () => {
    const { User, Address } = plain;
    const s = c.session();
    const u1 = make(User, { name: 'jack' });
    u1.addresses.add(make(Address, { emailAddress: 'a1' }));
    const a2 = make(Address, { emailAddress: 'a2' });
    u1.addresses.add(a2);
    s.add(u1);
    await s.commit();
    s.expireAll();
    u1.addresses.remove(a2);
    c.sql.start();
    await s.flush();
    // SQLAlchemy refreshes a2 and u1 around the UPDATE; Athanor needs neither.
    expect(c.sql.dml()).toEqual([expect.stringMatching(/^UPDATE \S+addresses\S* SET \S+user_id\S* = /)]);
    await s.commit();
    expect(await c.readBack(`SELECT user_id FROM ${c.tableOf(Address)} WHERE id = ${a2.id}`)).toEqual([
      { user_id: null },
    ]);
  });

  it('a rollback takes back the member added since the commit [test_dynamic.py::_UOWTests::test_rollback]', async () => {
    const { User, Address } = plain;
    const s = c.session({ expireOnCommit: false, autoflush: true });
    const u1 = make(User, { name: 'jack' });
    u1.addresses.add(make(Address, { emailAddress: 'lala@hoho.com' }));
    s.add(u1);
    await s.flush();
    await s.commit();
    u1.addresses.add(make(Address, { emailAddress: 'foo@bar.com' }));
    const stmt = u1.addresses.select();
    expect((await s.scalars(stmt.orderBy(attrs(Address).id))).map((a) => a.emailAddress)).toEqual([
      'lala@hoho.com',
      'foo@bar.com',
    ]);
    await s.rollback();
    expect((await s.scalars(stmt)).map((a) => a.emailAddress)).toEqual(['lala@hoho.com']);
  });

  it('removing members through select() deletes the orphans [test_dynamic.py::_UOWTests::test_remove_orphans]', async () => {
    const { User, Address } = byId;
    const s = c.session({ autoflush: true });
    const u = make(User, { name: 'ed' });
    u.addresses.addAll([...'abcdef'].map((letter) => make(Address, { emailAddress: letter })));
    s.add(u);
    const a = attrs(Address);
    for (const addr of await s.scalars(u.addresses.select().where(a.emailAddress.in(['c', 'e', 'f'])))) {
      u.addresses.remove(addr);
    }
    const left = await s.scalars(select(Address));
    expect(new Set(left.map((x) => x.emailAddress))).toEqual(new Set(['a', 'b', 'd']));
  });

  for (const autoflush of [true, false]) {
    for (const saveuser of [true, false]) {
      it(`the mirror adds and removes members (autoflush ${autoflush}, ${saveuser ? 'user' : 'address'} added) [test_dynamic.py::_UOWTests::test_backref]`, async () => {
        const { User, Address } = mirrored;
        const s = c.session({ autoflush });
        const u = make(User, { name: 'buffy' });
        const a = make(Address, { emailAddress: 'foo@bar.com' });
        a.user = u;
        s.add(saveuser ? u : a);
        if (!autoflush) await s.flush();
        expect([s.contains(u), s.contains(a)]).toEqual([true, true]);
        expect(await list(s, u.addresses)).toEqual([a]);
        a.user = null;
        if (!autoflush) expect(await list(s, u.addresses)).toEqual([a]);
        if (!autoflush) await s.flush();
        expect(await list(s, u.addresses)).toEqual([]);
      });
    }
  }

  it('add() sets the mirror [test_dynamic.py::_UOWTests::test_backref_events]', () => {
    const { User, Address } = mirrored;
    const u1 = make(User);
    const a1 = make(Address);
    u1.addresses.add(a1);
    expect(a1.user).toBe(u1);
  });

  it('the members can be read from a user of a new session each time [test_dynamic.py::_UOWTests::test_no_deref]', async () => {
    const { User, Address } = mirrored;
    const s = c.session();
    const user = make(User, { name: 'joe' });
    const address = make(Address, { emailAddress: 'joe@joesdomain.example' });
    address.user = user;
    s.add(user);
    await s.commit();
    await s.close();
    const query = async () => {
      const s2 = c.session();
      const [first] = await s2.scalars(select(User));
      const emails = (await s2.scalars(first!.addresses.select())).map((a) => a.emailAddress);
      await s2.close();
      return emails;
    };
    expect(await query()).toEqual(['joe@joesdomain.example']);
    expect(await query()).toEqual(['joe@joesdomain.example']);
    expect(await query()).toEqual(['joe@joesdomain.example']);
  });

  for (const mergeType of ['empty', 'persistent', 'transient'] as const) {
    it(`merge with a write-only collection (${mergeType}) [test_dynamic.py::WriteOnlyUOWTest::test_merge_persistent]`, async () => {
      const { User, Address } = ordered;
      const s = c.session({ autoflush: false });
      const [a1, a2, a3] = ['a1', 'a2', 'a3'].map((e) => make(Address, { emailAddress: e }));
      let u1 = make(User, { name: 'jack' });
      u1.addresses.addAll([a2!, a3!]);
      if (mergeType === 'transient') {
        // merging a new user copies its members; nothing is iterated
        u1 = await s.merge(u1);
        s.add(a1!);
      } else {
        s.addAll([u1, a1!]);
      }
      await s.flush();
      if (mergeType === 'persistent') {
        const other = make(User, { id: u1.id, name: 'jane' });
        other.addresses.addAll([a1!, a3!]);
        // merging a populated list into a persistent user would need the existing list
        await expect(s.merge(other)).rejects.toThrow(
          'Collection "User.addresses" does not support implicit iteration',
        );
      } else if (mergeType === 'empty') {
        u1 = await s.merge(make(User, { id: u1.id, name: 'jane' }));
        expect(instanceState(u1).pendingMutations('addresses')).toBeUndefined();
        await s.flush();
        expect((await s.scalars(u1.addresses.select())).map((a) => a.emailAddress)).toEqual(['a2', 'a3']);
      } else {
        expect((await s.scalars(u1.addresses.select())).map((a) => a.emailAddress)).toEqual(['a2', 'a3']);
      }
    });
  }

  it('deleting a user whose write-only collection it would have to load is refused [test_dynamic.py::WriteOnlyUOWTest::test_passive_deletes_required]', async () => {
    const { User, Address } = saveUpdate;
    const s = c.session({ autoflush: true });
    const u = make(User, { name: 'ed' });
    u.addresses.addAll([...'abcdef'].map((letter) => make(Address, { emailAddress: letter })));
    s.add(u);
    await s.commit();
    s.delete(u);
    await expect(s.commit()).rejects.toThrow(
      "attribute User.addresses can't load the existing state from the database for this operation; full iteration is not permitted",
    );
  });
});

conformanceSuite('test_dynamic.py WriteOnlyUOWTest (passive deletes)', (c) => {
  const fixture = (cascadeDeletes: boolean) =>
    c.entities((registry, name) => {
      @Table(name('a'), { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.string(30) }) data!: string;
        @Relationship(() => B, {
          lazy: 'writeOnly',
          passiveDeletes: true,
          cascade: cascadeDeletes ? 'all, delete-orphan' : 'save-update, merge',
          orderBy: 'id',
        })
        bs!: WriteOnlyCollection<B>;
      }
      @Table(name('b'), { registry })
      class B {
        @Column({ primaryKey: true }) id!: number;
        @Column({
          type: types.integer(),
          foreignKey: () => A,
          onDelete: cascadeDeletes ? 'CASCADE' : 'SET NULL',
          nullable: !cascadeDeletes,
        })
        aId!: number | null;
      }
      return { A, B };
    });
  const fixtures = { true: fixture(true), false: fixture(false) };
  afterEach(async () => {
    for (const f of Object.values(fixtures)) await c.clear(f.B, f.A);
  });

  for (const cascadeDeletes of [true, false]) {
    it(`deleting the parent leaves the members to ON DELETE (cascade deletes ${cascadeDeletes}) [test_dynamic.py::WriteOnlyUOWTest::test_passive_deletes_succeed]`, async () => {
      const { A, B } = fixtures[`${cascadeDeletes}`];
      const s = c.session();
      const a1 = make(A, { data: 'd1' });
      a1.bs.addAll([make(B), make(B), make(B)]);
      s.add(a1);
      await s.commit();
      s.delete(a1);
      c.sql.start();
      await s.commit();
      expect(c.sql.dml()).toEqual([expect.stringMatching(/^DELETE FROM \S+a_/)]);
      expect(await countRows(s, B)).toBe(cascadeDeletes ? 0 : 3);
    });

    it(`removing a member clears its key, or deletes it with delete-orphan (cascade deletes ${cascadeDeletes}) [test_dynamic.py::WriteOnlyUOWTest::test_remove_orphans]`, async () => {
      const { A, B } = fixtures[`${cascadeDeletes}`];
      const s = c.session();
      const [b1, b2, b3] = [make(B), make(B), make(B)];
      const a1 = make(A, { data: 'd1' });
      a1.bs.addAll([b1, b2, b3]);
      s.add(a1);
      await s.commit();
      expect(await s.scalars(a1.bs.select())).toEqual([b1, b2, b3]);
      a1.bs.remove(b2);
      await s.commit();
      expect(await s.scalars(a1.bs.select())).toEqual([b1, b3]);
      expect(await countRows(s, B)).toBe(cascadeDeletes ? 2 : 3);
    });
  }
});
