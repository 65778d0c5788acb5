/**
 * Objects that a session object refers to but that never entered the session: without a
 * save-update cascade, or reached only through a `backPopulates` mirror (SQLAlchemy 2.0 has no
 * cascade along a backref), they are not saved, and the flush warns "not in session". Ported from
 * SQLAlchemy's test/orm/test_cascade.py (NoSaveCascadeFlushTest, NoSaveCascadeBackrefTest,
 * NoBackrefCascadeTest, CollectionCascadesNoBackrefTest).
 *
 * Adaptations: `backref(...)` becomes two relationships naming each other; reading a collection
 * or reference after a commit (a lazy load in SQLAlchemy) is `await s.load(...)`.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import type { RelationshipOptions } from '../../lib/mapper';
import type { Session } from '../../lib/session';
import { types } from '../../lib/sql';
import { make, warningsOf } from './cascade-helpers';
import { conformanceSuite, type ConformanceContext } from './support';

const noop: PropertyDecorator = () => undefined;
/** The decorator when the fixture wants the property mapped, else nothing. */
const when = (condition: boolean, decorator: () => PropertyDecorator): PropertyDecorator =>
  condition ? decorator() : noop;
const cascadeOf = (on: boolean): RelationshipOptions['cascade'] => (on ? 'save-update' : []);

interface UsersAddressesOptions {
  o2m?: boolean;
  m2o?: boolean;
  o2mCascade?: boolean;
  m2oCascade?: boolean;
}

/** users / addresses, with `User.addresses` and/or `Address.user` as the fixture asks. */
function usersAddresses(c: ConformanceContext, o: UsersAddressesOptions) {
  const { o2m = false, m2o = false, o2mCascade = true, m2oCascade = true } = o;
  return c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @when(o2m, () =>
        Relationship(() => Address, {
          cascade: cascadeOf(o2mCascade),
          ...(m2o ? { backPopulates: 'user' } : {}),
        }),
      )
      addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: true }) emailAddress!: string | null;
      @when(m2o, () =>
        Relationship(() => User, {
          cascade: cascadeOf(m2oCascade),
          ...(o2m ? { backPopulates: 'addresses' } : {}),
        }),
      )
      user!: User | null;
    }
    return { User, Address };
  });
}

interface ItemsKeywordsOptions {
  fwd?: boolean;
  bkd?: boolean;
  fwdCascade?: boolean;
  bkdCascade?: boolean;
}

/** items / keywords through item_keywords, with `Item.keywords` and/or `Keyword.items`. */
function itemsKeywords(c: ConformanceContext, o: ItemsKeywordsOptions) {
  const { fwd = false, bkd = false, fwdCascade = true, bkdCascade = true } = o;
  return c.entities((registry, name) => {
    const itemKeywords = name('item_keywords');
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
      @when(fwd, () =>
        Relationship(() => Keyword, {
          secondary: itemKeywords,
          cascade: cascadeOf(fwdCascade),
          ...(bkd ? { backPopulates: 'items' } : {}),
        }),
      )
      keywords!: Keyword[];
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @when(bkd, () =>
        Relationship(() => Item, {
          secondary: itemKeywords,
          cascade: cascadeOf(bkdCascade),
          ...(fwd ? { backPopulates: 'keywords' } : {}),
        }),
      )
      items!: Item[];
    }
    if (!fwd && !bkd) throw new Error('a many-to-many fixture needs one side');
    return { Item, Keyword };
  });
}

const NOT_IN_SESSION = /not in session, .* operation along '.*' will not proceed/;

/** Runs `action` and returns the warnings the session emitted meanwhile. */
async function warned(s: Session, action: () => Promise<void>): Promise<string[]> {
  const seen = warningsOf(s);
  await action();
  return seen;
}

conformanceSuite('test_cascade.py NoSaveCascadeFlushTest', (c) => {
  const o2mOnly = usersAddresses(c, { o2m: true });
  const o2mOnlyNoCascade = usersAddresses(c, { o2m: true, o2mCascade: false });
  const both = usersAddresses(c, { o2m: true, m2o: true });
  const bothO2mNoCascade = usersAddresses(c, { o2m: true, m2o: true, o2mCascade: false });
  const bothM2oNoCascade = usersAddresses(c, { o2m: true, m2o: true, m2oCascade: false });
  const m2oOnly = usersAddresses(c, { m2o: true });
  const m2oOnlyNoCascade = usersAddresses(c, { m2o: true, m2oCascade: false });
  const fwdOnly = itemsKeywords(c, { fwd: true });
  const fwdOnlyNoCascade = itemsKeywords(c, { fwd: true, fwdCascade: false });
  const m2mBoth = itemsKeywords(c, { fwd: true, bkd: true });
  const m2mBothFwdNoCascade = itemsKeywords(c, { fwd: true, bkd: true, fwdCascade: false });

  it('a child appended before add() is cascaded with its parent [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_only_child_pending]', async () => {
    const { User, Address } = o2mOnly;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    s.add(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, true]);
    expect(await warned(s, () => s.flush())).toEqual([]);
  });

  it('without save-update the child stays out, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_only_child_transient]', async () => {
    const { User, Address } = o2mOnlyNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    s.add(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('without save-update a detached child stays out, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_only_child_persistent]', async () => {
    const { User, Address } = o2mOnlyNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    s.add(a1);
    await s.flush();
    s.expungeAll();
    u1.addresses.push(a1);
    s.add(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([
      "Address object not in session, add operation along 'User.addresses' will not proceed",
    ]);
  });

  it('with a mirror, a child appended before add() is cascaded [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_pending]', async () => {
    const { User, Address } = both;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    s.add(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, true]);
    expect(await warned(s, () => s.flush())).toEqual([]);
  });

  it('with a mirror but no save-update, the child stays out and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_transient]', async () => {
    const { User, Address } = bothO2mNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    s.add(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('the child left out is not in the collection once committed [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_transient_nochange]', async () => {
    const { User, Address } = bothO2mNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    u1.addresses.push(a1);
    s.add(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, false]);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(u1, 'addresses')).toEqual([]);
  });

  it('a child expunged after being appended is not saved, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_expunged]', async () => {
    const { User, Address } = bothO2mNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    s.add(a1);
    await s.flush();
    s.add(u1);
    u1.addresses.push(a1);
    s.expunge(a1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('a child expunged after being appended is not in the collection once committed [test_cascade.py::NoSaveCascadeFlushTest::test_o2m_backref_child_expunged_nochange]', async () => {
    const { User, Address } = bothO2mNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    s.add(a1);
    await s.flush();
    s.add(u1);
    u1.addresses.push(a1);
    s.expunge(a1);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(u1, 'addresses')).toEqual([]);
  });

  it('a referenced parent is cascaded with the child [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_only_child_pending]', async () => {
    const { User, Address } = m2oOnly;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, true]);
    expect(await warned(s, () => s.flush())).toEqual([]);
  });

  it('without save-update the referenced parent stays out, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_only_child_transient]', async () => {
    const { User, Address } = m2oOnlyNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.flush())).toEqual([
      "User object not in session, add operation along 'Address.user' will not proceed",
    ]);
  });

  it('a referenced parent expunged before the flush is skipped with a warning [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_only_child_expunged]', async () => {
    const { User, Address } = m2oOnlyNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    await s.flush();
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    s.expunge(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('with a mirror, a referenced parent is cascaded with the child [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_pending]', async () => {
    const { User, Address } = both;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([true, true]);
    expect(await warned(s, () => s.flush())).toEqual([]);
  });

  it('with a mirror but no save-update on the reference, the parent stays out [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_transient]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('with a mirror, a referenced parent expunged before the flush is skipped with a warning [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_expunged]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    await s.flush();
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    s.expunge(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('a child that refers to a flushed parent is not cascaded by the mirror, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_future_child_pending]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    await s.flush();
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    expect(s.contains(a1)).toBe(false);
    expect(await warned(s, () => s.flush())).toEqual([
      "Address object not in session, add operation along 'User.addresses' will not proceed",
    ]);
  });

  it('a keyword appended to a flushed item through the mirror is not cascaded, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_future_child_pending]', async () => {
    const { Item, Keyword } = m2mBoth;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    s.add(i1);
    await s.flush();
    const k1 = make(Keyword, { name: 'k1' });
    k1.items.push(i1);
    expect(s.contains(k1)).toBe(false);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('a child added after its parent left the session is saved without the reference, with a warning [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_future_child_expunged]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    await s.flush();
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    expect(s.contains(a1)).toBe(false);
    s.add(a1);
    s.expunge(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('the reference to a parent left out is null once committed [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_pending_nochange]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(a1, 'user')).toBeNull(); // didn't get flushed
  });

  it('the reference to a parent expunged before the commit is null once committed [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_child_expunged_nochange]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    await s.flush();
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    s.add(a1);
    s.expunge(u1);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(a1, 'user')).toBeNull();
  });

  it('the reference set before the parent left is null once committed [test_cascade.py::NoSaveCascadeFlushTest::test_m2o_backref_future_child_expunged_nochange]', async () => {
    const { User, Address } = bothM2oNoCascade;
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    await s.flush();
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    expect(s.contains(a1)).toBe(false);
    s.add(a1);
    s.expunge(u1);
    expect([s.contains(u1), s.contains(a1)]).toEqual([false, true]);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(a1, 'user')).toBeNull();
  });

  it('a keyword appended before add() is cascaded with its item [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_only_child_pending]', async () => {
    const { Item, Keyword } = fwdOnly;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    i1.keywords.push(k1);
    s.add(i1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, true]);
    expect(await warned(s, () => s.flush())).toEqual([]);
  });

  it('without save-update the keyword stays out, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_only_child_transient]', async () => {
    const { Item, Keyword } = fwdOnlyNoCascade;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    i1.keywords.push(k1);
    s.add(i1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([
      "Keyword object not in session, add operation along 'Item.keywords' will not proceed",
    ]);
  });

  it('without save-update a detached keyword stays out, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_only_child_persistent]', async () => {
    const { Item, Keyword } = fwdOnlyNoCascade;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    s.add(k1);
    await s.flush();
    s.expungeAll();
    i1.keywords.push(k1);
    s.add(i1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('with a mirror, a keyword appended before add() is cascaded [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_pending]', async () => {
    const { Item, Keyword } = m2mBoth;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    i1.keywords.push(k1);
    s.add(i1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, true]);
    expect(await warned(s, () => s.flush())).toEqual([]);
  });

  it('with a mirror but no save-update, the keyword stays out and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_transient]', async () => {
    const { Item, Keyword } = m2mBothFwdNoCascade;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    i1.keywords.push(k1);
    s.add(i1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('the keyword left out is not in the collection once committed [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_transient_nochange]', async () => {
    const { Item, Keyword } = m2mBothFwdNoCascade;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    i1.keywords.push(k1);
    s.add(i1);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(i1, 'keywords')).toEqual([]);
  });

  it('a keyword expunged after being appended is not saved, and the flush warns [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_expunged]', async () => {
    const { Item, Keyword } = m2mBothFwdNoCascade;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    s.add(k1);
    await s.flush();
    s.add(i1);
    i1.keywords.push(k1);
    s.expunge(k1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, false]);
    expect(await warned(s, () => s.flush())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
  });

  it('a keyword expunged after being appended is not in the collection once committed [test_cascade.py::NoSaveCascadeFlushTest::test_m2m_backref_child_expunged_nochange]', async () => {
    const { Item, Keyword } = m2mBothFwdNoCascade;
    const s = c.session();
    const i1 = make(Item, { description: 'i1' });
    const k1 = make(Keyword, { name: 'k1' });
    s.add(k1);
    await s.flush();
    s.add(i1);
    i1.keywords.push(k1);
    s.expunge(k1);
    expect(await warned(s, () => s.commit())).toEqual([expect.stringMatching(NOT_IN_SESSION)]);
    expect(await s.load(i1, 'keywords')).toEqual([]);
  });
});

conformanceSuite('test_cascade.py NoSaveCascadeBackrefTest', (c) => {
  /** User.orders cascades saves; its mirror Order.user cascades nothing. */
  const o2m = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Order, { backPopulates: 'user' }) orders!: Order[];
    }
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Relationship(() => User, { backPopulates: 'orders', cascade: 'none' }) user!: User | null;
    }
    return { User, Order };
  });
  /** Order.user cascades saves; its mirror User.orders cascades nothing. */
  const m2o = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Order, { backPopulates: 'user', cascade: 'none' }) orders!: Order[];
    }
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Relationship(() => User, { backPopulates: 'orders' }) user!: User | null;
    }
    return { User, Order };
  });
  /** Item.keywords cascades nothing; its mirror Keyword.items keeps the default cascades. */
  const m2m = c.entities((registry, name) => {
    const itemKeywords = name('item_keywords');
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Keyword, { secondary: itemKeywords, cascade: 'none', backPopulates: 'items' })
      keywords!: Keyword[];
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Item, { secondary: itemKeywords, backPopulates: 'keywords' }) items!: Item[];
    }
    return { Item, Keyword };
  });

  it('a mirror without save-update does not pull the parent in [test_cascade.py::NoSaveCascadeBackrefTest::test_unidirectional_cascade_o2m]', () => {
    const { User, Order } = o2m;
    const s = c.session();
    let o1 = make(Order);
    s.add(o1);
    let u1 = make(User, { orders: [o1] });
    expect([s.contains(u1), s.contains(o1)]).toEqual([false, true]);
    s.expungeAll();
    o1 = make(Order);
    u1 = make(User, { orders: [o1] });
    s.add(o1);
    expect([s.contains(u1), s.contains(o1)]).toEqual([false, true]);
  });

  it('a collection mirror without save-update does not pull the child in [test_cascade.py::NoSaveCascadeBackrefTest::test_unidirectional_cascade_m2o]', () => {
    const { User, Order } = m2o;
    const s = c.session();
    let u1 = make(User);
    s.add(u1);
    let o1 = make(Order);
    o1.user = u1;
    expect([s.contains(o1), s.contains(u1)]).toEqual([false, true]);
    s.expungeAll();
    u1 = make(User);
    o1 = make(Order);
    o1.user = u1;
    s.add(u1);
    expect([s.contains(o1), s.contains(u1)]).toEqual([false, true]);
  });

  it('neither side of a many-to-many pulls the keyword in [test_cascade.py::NoSaveCascadeBackrefTest::test_unidirectional_cascade_m2m]', () => {
    const { Item, Keyword } = m2m;
    const s = c.session();
    let i1 = make(Item);
    let k1 = make(Keyword);
    s.add(i1);
    i1.keywords.push(k1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, false]);
    s.expungeAll();
    i1 = make(Item);
    k1 = make(Keyword);
    s.add(i1);
    k1.items.push(i1);
    expect([s.contains(i1), s.contains(k1)]).toEqual([true, false]);
  });
});

conformanceSuite('test_cascade.py NoBackrefCascadeTest', (c) => {
  const { User, Address, Dingaling } = c.entities((registry, name) => {
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
      @Relationship(() => Dingaling, { backPopulates: 'address' }) dingalings!: Dingaling[];
    }
    @Table(name('dingalings'), { registry })
    class Dingaling {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Address, nullable: true }) addressId!: number | null;
      @Relationship(() => Address, { backPopulates: 'dingalings' }) address!: Address | null;
    }
    return { User, Address, Dingaling };
  });
  afterEach(() => c.clear(Dingaling, Address, User));

  it('an address pointed at a session user is not pulled in by the mirror [test_cascade.py::NoBackrefCascadeTest::test_o2m_basic]', () => {
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    expect(s.contains(a1)).toBe(false);
  });

  it('committing warns about the address reached only through the mirror, and leaves it out [test_cascade.py::NoBackrefCascadeTest::test_o2m_commit_warns]', async () => {
    const s = c.session();
    const u1 = make(User, { name: 'u1' });
    s.add(u1);
    const a1 = make(Address, { emailAddress: 'a1' });
    a1.user = u1;
    expect(await warned(s, () => s.commit())).toEqual([
      "Address object not in session, add operation along 'User.addresses' will not proceed",
    ]);
    expect(s.contains(a1)).toBe(false);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
  });

  it('a dingaling pointed at a session address is in its collection but not in the session [test_cascade.py::NoBackrefCascadeTest::test_o2m_on_backref_no_cascade]', () => {
    const s = c.session();
    const a1 = make(Address, { emailAddress: 'a1' });
    s.add(a1);
    const d1 = make(Dingaling);
    d1.address = a1;
    expect(a1.dingalings).toContain(d1);
    expect(s.contains(d1)).toBe(false);
  });

  it('appending a session dingaling does not pull the address in [test_cascade.py::NoBackrefCascadeTest::test_m2o_basic]', () => {
    const s = c.session();
    const a1 = make(Address, { emailAddress: 'a1' });
    const d1 = make(Dingaling);
    s.add(d1);
    a1.dingalings.push(d1);
    expect(s.contains(a1)).toBe(false);
  });

  it('appending a session address to a new user does not pull the user in [test_cascade.py::NoBackrefCascadeTest::test_m2o_on_backref_no_cascade]', () => {
    const s = c.session();
    const a1 = make(Address, { emailAddress: 'a1' });
    s.add(a1);
    const u1 = make(User, { name: 'u1' });
    u1.addresses.push(a1);
    expect(s.contains(u1)).toBe(false);
  });

  it('committing warns about the address reached only through the mirror of a dingaling [test_cascade.py::NoBackrefCascadeTest::test_m2o_commit_no_cascade]', async () => {
    const s = c.session();
    const a1 = make(Address, { emailAddress: 'a1' });
    const d1 = make(Dingaling);
    s.add(d1);
    a1.dingalings.push(d1);
    expect(s.contains(a1)).toBe(false);
    expect(await warned(s, () => s.commit())).toEqual([
      "Address object not in session, add operation along 'Dingaling.address' will not proceed",
    ]);
  });
});

conformanceSuite('test_cascade.py CollectionCascadesNoBackrefTest', (c) => {
  const { A, B } = c.entities((registry, name) => {
    @Table(name('a'), { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => B, { backPopulates: 'a' }) bs!: B[];
    }
    @Table(name('b_'), { registry })
    class B {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => A, nullable: true }) aId!: number | null;
      @Column({ type: types.string(30), nullable: true }) key!: string | null;
      @Relationship(() => A, { backPopulates: 'bs' }) a!: A | null;
    }
    return { A, B };
  });

  for (const how of ['append', 'assign'] as const) {
    it(`changing the collection itself cascades, its mirror never does (list ${how}) [test_cascade.py::CollectionCascadesNoBackrefTest::test_cascades_on_collection]`, () => {
      const s = c.session();
      const a1 = make(A);
      s.add(a1);
      const [b1, b2, b3] = ['b1', 'b2', 'b3'].map((key) => make(B, { key }));
      b1!.a = a1;
      b3!.a = a1;
      expect([s.contains(b1!), s.contains(b3!)]).toEqual([false, false]);
      if (how === 'assign') a1.bs = [b1!, b2!];
      else {
        a1.bs.push(b1!);
        a1.bs.push(b2!);
      }
      expect([s.contains(b1!), s.contains(b2!)]).toEqual([true, true]);
      expect(s.contains(b3!)).toBe(false); // the event never triggers from reverse
    });
  }
});
