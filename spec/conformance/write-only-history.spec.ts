/**
 * What a write-only collection records between flushes: the members added and removed, never the
 * members in the database (SQLAlchemy's history under PASSIVE_NO_FETCH). Ported from SQLAlchemy's
 * test/orm/test_dynamic.py (_HistoryTest, run as WriteOnlyHistoryTest; DynamicHistoryTest runs the
 * same tests with the legacy dynamic loader).
 *
 * `attributes.get_history(obj, key, PASSIVE_NO_FETCH)` is read as the internal
 * `instanceState(obj).pendingMutations(key)`: (added, unchanged, deleted) ↔ (added, —, removed).
 * Where SQLAlchemy loads a reference or a regular collection on access (active history, a lazy
 * load), the test loads it with `await s.load(...)`.
 */
import { instanceState } from '../../lib/mapper';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';
import { orderItemFixture, userAddressFixture } from './write-only-fixtures';

conformanceSuite('test_dynamic.py WriteOnlyHistoryTest', (c) => {
  const plain = userAddressFixture(c);
  const mirrored = userAddressFixture(c, { backPopulates: 'user' });
  const m2m = orderItemFixture(c, {}, { lazy: 'raise' });
  afterEach(async () => {
    for (const f of [plain, mirrored]) await c.clear(f.Address, f.User);
    await c.clear(m2m.Order, m2m.Item);
  });
  /** added and removed, as SQLAlchemy's (added, unchanged, deleted) with nothing unchanged. */
  const history = (obj: object, key: string): [object[], object[], object[]] => {
    const pending = instanceState(obj).pendingMutations(key);
    return [[...(pending?.added ?? [])], [], [...(pending?.removed ?? [])]];
  };
  const persistent = async (f: typeof plain, autoflush = true) => {
    const u1 = make(f.User, { name: 'u1' });
    const a1 = make(f.Address, { emailAddress: 'a1' });
    const s = c.session({ autoflush });
    s.add(u1);
    await s.flush();
    return { u1, a1, s };
  };
  const persistentM2m = async (autoflush = true) => {
    const o1 = make(m2m.Order);
    const i1 = make(m2m.Item, { description: 'i1' });
    const s = c.session({ autoflush });
    s.add(o1);
    await s.flush();
    return { o1, i1, s };
  };

  it('adding to a new user records the member [test_dynamic.py::_HistoryTest::test_add_transient]', () => {
    const u1 = make(plain.User);
    const a1 = make(plain.Address);
    u1.addresses.add(a1);
    expect(history(u1, 'addresses')).toEqual([[a1], [], []]);
  });

  it('adding to a persistent user records the member [test_dynamic.py::_HistoryTest::test_add_persistent]', async () => {
    const { u1, a1 } = await persistent(plain);
    u1.addresses.add(a1);
    expect(history(u1, 'addresses')).toEqual([[a1], [], []]);
  });

  it('adding then removing is no change [test_dynamic.py::_HistoryTest::test_remove_transient]', () => {
    const u1 = make(plain.User);
    const a1 = make(plain.Address);
    u1.addresses.add(a1);
    u1.addresses.remove(a1);
    expect(history(u1, 'addresses')).toEqual([[], [], []]);
  });

  it('clearing the mirror takes the member out of what was added [test_dynamic.py::_HistoryTest::test_backref_pop_transient]', () => {
    const u1 = make(mirrored.User);
    const a1 = make(mirrored.Address);
    u1.addresses.add(a1);
    expect(history(u1, 'addresses')).toEqual([[a1], [], []]);
    a1.user = null;
    expect(history(u1, 'addresses')).toEqual([[], [], []]); // removed from added
  });

  it('removing a flushed member records its removal [test_dynamic.py::_HistoryTest::test_remove_persistent]', async () => {
    const { u1, a1, s } = await persistent(plain);
    u1.addresses.add(a1);
    await s.flush();
    s.expireAll();
    u1.addresses.remove(a1);
    expect(history(u1, 'addresses')).toEqual([[], [], [a1]]);
  });

  it('clearing the mirror of a flushed member records its removal [test_dynamic.py::_HistoryTest::test_backref_pop_persistent_autoflush_o2m_active_hist]', async () => {
    const { u1, a1, s } = await persistent(mirrored);
    u1.addresses.add(a1);
    await s.flush();
    s.expireAll();
    await s.load(a1, 'user'); // SQLAlchemy's active_history loads the previous value
    a1.user = null;
    expect(history(u1, 'addresses')).toEqual([[], [], [a1]]);
  });

  for (const autoflush of [true, false]) {
    it(`removing through a many-to-many mirror records the removal (autoflush ${autoflush}) [test_dynamic.py::_HistoryTest::${autoflush ? 'test_backref_pop_persistent_autoflush_m2m' : 'test_backref_pop_persistent_noflush_m2m'}]`, async () => {
      const { o1, i1, s } = await persistentM2m(autoflush);
      o1.items.add(i1);
      await s.flush();
      s.expireAll();
      // SQLAlchemy loads it on access.
      const orders = (await s.load(i1, 'orders')) as unknown as object[];
      orders.splice(orders.indexOf(o1), 1);
      expect(history(o1, 'items')).toEqual([[], [], [i1]]);
    });
  }

  it('what was flushed is no change; what came and went since is [test_dynamic.py::_HistoryTest::test_unchanged_persistent]', async () => {
    const { u1, a1, s } = await persistent(plain);
    const a2 = make(plain.Address, { emailAddress: 'a2' });
    const a3 = make(plain.Address, { emailAddress: 'a3' });
    u1.addresses.add(a1);
    u1.addresses.add(a2);
    await s.flush();
    u1.addresses.add(a3);
    u1.addresses.remove(a2);
    expect(history(u1, 'addresses')).toEqual([[a3], [], [a2]]);
  });

  it("assigning a new user's collection twice keeps the second list [test_dynamic.py::_HistoryTest::test_replace_transient]", () => {
    const u1 = make(plain.User);
    const [a1, a2, a3, a4, a5] = ['a1', 'a2', 'a3', 'a4', 'a5'].map((e) =>
      make(plain.Address, { emailAddress: e }),
    );
    const assign = (items: object[]) => ((u1 as unknown as { addresses: unknown }).addresses = items);
    assign([a1!, a2!]);
    assign([a2!, a3!, a4!, a5!]);
    expect(history(u1, 'addresses')).toEqual([[a2, a3, a4, a5], [], []]);
  });

  for (const autoflush of [true, false]) {
    it(`assigning a persistent user's collection is refused (autoflush ${autoflush}) [test_dynamic.py::_HistoryTest::test_replace_persistent]`, async () => {
      const { u1 } = await persistent(plain, autoflush);
      const [a1, a2] = ['a1', 'a2'].map((e) => make(plain.Address, { emailAddress: e }));
      expect(() => ((u1 as unknown as { addresses: unknown }).addresses = [a1, a2])).toThrow(
        'Collection "User.addresses" does not support implicit iteration',
      );
    });

    it(`adding a flushed member again records it as added (autoflush ${autoflush}) [test_dynamic.py::_HistoryTest::test_persistent_but_readded]`, async () => {
      const { u1, a1, s } = await persistent(plain, autoflush);
      u1.addresses.add(a1);
      await s.flush();
      u1.addresses.add(a1);
      expect(history(u1, 'addresses')).toEqual([[a1], [], []]);
    });
  }

  it('removing an object that was never a member records the removal [test_dynamic.py::_HistoryTest::test_missing_but_removed_noflush]', async () => {
    const { u1, a1 } = await persistent(plain, false);
    u1.addresses.remove(a1);
    expect(history(u1, 'addresses')).toEqual([[], [], [a1]]);
  });
});
