/**
 * The statement sequence of basic flushes, from SQLAlchemy's test/orm/test_unitofworkv2.py
 * (RudimentaryFlushTest, RaiseLoadIgnoredTest). SQLAlchemy's executemany of N rows is one
 * multi-row statement here (`×N`).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { select, types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { nodeTree } from './uow-fixtures';
import { clearLinked, ident, make } from './uow-helpers';

conformanceSuite('test_unitofworkv2.py RudimentaryFlushTest', (c) => {
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
      @Column({ type: types.string(50) }) email!: string;
    }
    return { User, Address };
  });

  // addresses.user: a many-to-one without backref.
  const m2o = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50) }) email!: string;
      @Relationship(() => User) user!: User | null;
    }
    return { User, Address };
  });

  const tree = nodeTree(c, { children: {} });

  const m2m = c.entities((registry, name) => {
    const itemKeywords = name('item_keywords');
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) description!: string;
      @Relationship(() => Keyword, { secondary: itemKeywords }) keywords!: Keyword[];
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    return { Item, Keyword };
  });

  afterEach(async () => {
    await c.clear(o2m.Address, o2m.User, m2o.Address, m2o.User, m2m.Item, m2m.Keyword);
    await clearLinked(c, tree.Node, ['parentId']);
  });

  it('inserts the parent, then its children in one statement [test_unitofworkv2.py::RudimentaryFlushTest::test_one_to_many_save]', async () => {
    const { User, Address } = o2m;
    const s = c.session();
    const a1 = make(Address, { email: 'a1' });
    const a2 = make(Address, { email: 'a2' });
    const u1 = make(User, { name: 'u1', addresses: [a1, a2] });
    s.add(u1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT users (name) ×1',
      'INSERT addresses (email, userId) ×2',
    ]);
    await s.commit();
    expect(
      await c.readBack(`SELECT email, ${ident(c, 'userId')} AS uid FROM ${c.tableOf(Address)} ORDER BY id`),
    ).toEqual([
      { email: 'a1', uid: u1.id },
      { email: 'a2', uid: u1.id },
    ]);
  });

  it('deletes the children, then the parent [test_unitofworkv2.py::RudimentaryFlushTest::test_one_to_many_delete_all]', async () => {
    const { User, Address } = o2m;
    const s = c.session();
    const a1 = make(Address, { email: 'a1' });
    const a2 = make(Address, { email: 'a2' });
    const u1 = make(User, { name: 'u1', addresses: [a1, a2] });
    s.add(u1);
    await s.flush();
    s.delete(u1);
    s.delete(a1);
    s.delete(a2);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE addresses ×2', 'DELETE users ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  it('nulls the children\u2019s foreign key before deleting the parent [test_unitofworkv2.py::RudimentaryFlushTest::test_one_to_many_delete_parent]', async () => {
    const { User, Address } = o2m;
    const s = c.session();
    const a1 = make(Address, { email: 'a1' });
    const a2 = make(Address, { email: 'a2' });
    const u1 = make(User, { name: 'u1', addresses: [a1, a2] });
    s.add(u1);
    await s.flush();
    s.delete(u1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE addresses SET userId ×2', 'DELETE users ×1']);
    expect(a1.userId).toBeNull();
    expect(a2.userId).toBeNull();
    await s.commit();
    expect(
      await c.readBack(`SELECT email, ${ident(c, 'userId')} AS uid FROM ${c.tableOf(Address)} ORDER BY id`),
    ).toEqual([
      { email: 'a1', uid: null },
      { email: 'a2', uid: null },
    ]);
  });

  it('inserts the referenced parent first [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_save]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { email: 'a1', user: u1 });
    const a2 = make(Address, { email: 'a2', user: u1 });
    s.addAll([a1, a2]);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT users (name) ×1',
      'INSERT addresses (email, userId) ×2',
    ]);
    expect([a1.userId, a2.userId]).toEqual([u1.id, u1.id]);
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'userId')} AS uid FROM ${c.tableOf(Address)}`)).toEqual([
      { uid: u1.id },
      { uid: u1.id },
    ]);
  });

  it('deletes the referring rows before the referenced one [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_all]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { email: 'a1', user: u1 });
    const a2 = make(Address, { email: 'a2', user: u1 });
    s.addAll([a1, a2]);
    await s.flush();
    s.delete(u1);
    s.delete(a1);
    s.delete(a2);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE addresses ×2', 'DELETE users ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  it('writes the unset references before deleting their target [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_target]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { email: 'a1', user: u1 });
    const a2 = make(Address, { email: 'a2', user: u1 });
    s.addAll([a1, a2]);
    await s.flush();
    s.delete(u1);
    a1.user = null;
    a2.user = null;
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE addresses SET userId ×2', 'DELETE users ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'userId')} AS uid FROM ${c.tableOf(Address)}`)).toEqual([
      { uid: null },
      { uid: null },
    ]);
  });

  // SQLAlchemy SELECTs each expired row to read its many-to-one history; Athanor deletes by
  // primary key (never expired) and orders by mapper, so the expired rows need no SELECT.
  it('deletes expired rows in dependency order without loading them [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_unloaded]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const parent = make(User, { name: 'p1' });
    const c1 = make(Address, { email: 'c1', user: parent });
    const c2 = make(Address, { email: 'c2', user: parent });
    s.addAll([c1, c2]);
    s.add(parent);
    await s.flush();
    s.expire(parent);
    s.expire(c1);
    s.expire(c2);
    s.delete(c1);
    s.delete(c2);
    s.delete(parent);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE addresses ×2', 'DELETE users ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  // As above: no SELECT of the expired children (SQLAlchemy issues one per row).
  it('deletes expired children without touching their parent [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_childonly_unloaded]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const parent = make(User, { name: 'p1' });
    const c1 = make(Address, { email: 'c1', user: parent });
    const c2 = make(Address, { email: 'c2', user: parent });
    s.addAll([c1, c2, parent]);
    await s.flush();
    s.expire(c1);
    s.expire(c2);
    s.delete(c1);
    s.delete(c2);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE addresses ×2']);
    await s.commit();
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'p1' }]);
  });

  it('deletes expired children of an expired parent without loading either [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_delete_childonly_unloaded_expired]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const parent = make(User, { name: 'p1' });
    const c1 = make(Address, { email: 'c1', user: parent });
    const c2 = make(Address, { email: 'c2', user: parent });
    s.addAll([c1, c2, parent]);
    await s.flush();
    s.expire(parent);
    s.expire(c1);
    s.expire(c2);
    s.delete(c1);
    s.delete(c2);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE addresses ×2']);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
  });

  // `del a1.user` in Python; a TypeScript property cannot be deleted through its accessor, so the
  // reference is set to null.
  it('unsetting a many-to-one writes NULL [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_del_attr]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { email: 'a1', user: u1 });
    const a2 = make(Address, { email: 'a2', user: u1 });
    s.addAll([a1, a2]);
    await s.flush();
    a1.user = null;
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE addresses SET userId ×1']);
    await s.commit();
    expect(
      await c.readBack(`SELECT id, ${ident(c, 'userId')} AS uid FROM ${c.tableOf(Address)} ORDER BY id`),
    ).toEqual([
      { id: a1.id, uid: null },
      { id: a2.id, uid: u1.id },
    ]);
  });

  it('unsetting an unloaded many-to-one writes NULL [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_one_del_attr_unloaded]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { email: 'a1', user: u1 });
    const a2 = make(Address, { email: 'a2', user: u1 });
    s.addAll([a1, a2]);
    await s.flush();
    s.expunge(u1);
    s.expire(a1, ['user']);
    expect(instanceState(a1).isLoaded('user')).toBe(false);
    a1.user = null;
    s.add(a1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE addresses SET userId ×1']);
    await s.commit();
    expect(
      await c.readBack(`SELECT ${ident(c, 'userId')} AS uid FROM ${c.tableOf(Address)} WHERE id = ${a1.id}`),
    ).toEqual([{ uid: null }]);
  });

  it('orders unconnected rows by the mappers\u2019 foreign keys [test_unitofworkv2.py::RudimentaryFlushTest::test_natural_ordering]', async () => {
    const { User, Address } = m2o;
    const s = c.session();
    const u1 = make(User, { id: 1, name: 'u1' });
    const a1 = make(Address, { id: 1, userId: 1, email: 'a2' });
    s.addAll([u1, a1]);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT users (id, name) ×1',
      'INSERT addresses (email, id, userId) ×1',
    ]);
    s.delete(u1);
    s.delete(a1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE addresses ×1', 'DELETE users ×1']);
  });

  it('inserts self-referential rows given by key in one statement, in add order [test_unitofworkv2.py::RudimentaryFlushTest::test_natural_selfref]', async () => {
    const { Node } = tree;
    const s = c.session();
    const n1 = make(Node, { id: 1 });
    const n2 = make(Node, { id: 2, parentId: 1 });
    const n3 = make(Node, { id: 3, parentId: 2 });
    s.addAll([n1, n2, n3]);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['INSERT nodes (data, id, parentId) ×3']);
    await s.commit();
    expect(
      await c.readBack(`SELECT id, ${ident(c, 'parentId')} AS pid FROM ${c.tableOf(Node)} ORDER BY id`),
    ).toEqual([
      { id: 1, pid: null },
      { id: 2, pid: 1 },
      { id: 3, pid: 2 },
    ]);
  });

  it('writes the association row after both rows; an unloaded collection is left alone [test_unitofworkv2.py::RudimentaryFlushTest::test_many_to_many]', async () => {
    const { Item, Keyword } = m2m;
    const s = c.session();
    const k1 = make(Keyword, { name: 'k1' });
    const i1 = make(Item, { description: 'i1', keywords: [k1] });
    s.add(i1);
    c.sql.start();
    await s.flush();
    const shape = flushShape(c.sql.stop());
    // items and keywords do not depend on each other: SQLAlchemy happens to insert items first
    expect(shape.slice(0, 2).sort()).toEqual(['INSERT items (description) ×1', 'INSERT keywords (name) ×1']);
    expect(shape[2]).toMatch(/^INSERT item_keywords \(\w+, \w+\) ×1$/);
    s.expire(i1, ['keywords']);
    i1.description = 'i2';
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE items SET description ×1']);
  });
});

conformanceSuite('test_unitofworkv2.py RaiseLoadIgnoredTest', (c) => {
  const { A, B } = c.entities((registry, name) => {
    @Table(name('a'), { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => B, { backPopulates: 'user', lazy: 'raise' }) bs!: B[];
    }
    @Table(name('b'), { registry })
    class B {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => A }) aId!: number | null;
      @Relationship(() => A, { backPopulates: 'bs', lazy: 'raise' }) user!: A | null;
    }
    return { A, B };
  });

  it('loads a raise-on-read collection to null its members before deleting the head [test_unitofworkv2.py::RaiseLoadIgnoredTest::test_delete_head]', async () => {
    const s = c.session();
    s.add(make(A, { bs: [new B(), new B()] }));
    await s.commit();
    const [a1] = await s.scalars(select(A));
    s.delete(a1!);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['SELECT b', 'UPDATE b SET aId ×2', 'DELETE a ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'aId')} AS aid FROM ${c.tableOf(B)}`)).toEqual([
      { aid: null },
      { aid: null },
    ]);
  });
});
