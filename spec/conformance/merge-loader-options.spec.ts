/**
 * `merge()` with loader options for the SELECT that reads the merged object, from SQLAlchemy's
 * test/orm/test_merge.py (MergeTest::test_loader_options): `merge(obj, { options })` loads the
 * relationship with the object, as `get(cls, key, { options })` does.
 */
import { LazyLoadError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { selectinload } from '../../lib/session';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_merge.py MergeTest (loader options)', (c) => {
  const { User, Address } = expireModel(c, { rows: false, orderBy: 'id' });

  beforeEach(async () => {
    const s = c.session();
    s.add(
      make(User, {
        id: 7,
        name: 'fred',
        addresses: [make(Address, { id: 1, emailAddress: 'jack@bean.com' })],
      }),
    );
    await s.commit();
    await s.close();
  });
  afterEach(() => c.clear(Address, User));

  it('merge() with selectinload() loads the collection with the object it reads [test_merge.py::MergeTest::test_loader_options]', async () => {
    const s = c.session();
    const u = make(User, { id: 7, name: 'fred' });
    c.sql.start();
    const u2 = await s.merge(u, { options: [selectinload(attrs(User).addresses)] });
    const selects = c.sql.stop().filter((st) => /^\s*SELECT/i.test(st.sql));
    // One SELECT of the user, one of its addresses (IN the loaded key).
    expect(selects).toHaveLength(2);
    expect(selects[1]!.sql).toMatch(/ IN \(/);
    expect(instanceState(u2).isLoaded('addresses')).toBe(true);
    expect(u2.addresses.map((a) => a.emailAddress)).toEqual(['jack@bean.com']);
  });

  it('without options the collection is left unloaded; an object the session holds is not read again', async () => {
    const s = c.session();
    const u2 = await s.merge(make(User, { id: 7, name: 'fred' }));
    expect(instanceState(u2).isLoaded('addresses')).toBe(false);
    expect(() => u2.addresses.length).toThrow(LazyLoadError);

    c.sql.start();
    const again = await s.merge(make(User, { id: 7, name: 'fred' }), {
      options: [selectinload(attrs(User).addresses)],
    });
    expect(c.sql.stop()).toEqual([]);
    expect(again).toBe(u2);
  });

  it('get() takes loader options for the row it reads', async () => {
    const s = c.session();
    const u = await s.get(User, 7, { options: [selectinload(attrs(User).addresses)] });
    expect(u?.addresses.map((a) => a.id)).toEqual([1]);
  });
});
