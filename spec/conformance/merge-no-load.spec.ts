/**
 * `merge(obj, { load: false })` — SQLAlchemy's `load=False`, for objects from a cache: nothing is
 * read, the copies are persistent with the source's values as committed state, relationships in
 * both directions are set without events; refused for objects never persisted or with unflushed
 * changes — ported from SQLAlchemy's test/orm/test_merge.py (MergeTest). Statement counts show
 * what a merge reads with and without loading.
 */
import { InvalidRequestError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { joinedload } from '../../lib/session';
import { select } from '../../lib/sql';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

const countSelects = (sent: readonly { sql: string }[]) =>
  sent.filter((s) => /^\s*SELECT/i.test(s.sql)).length;

conformanceSuite('test_merge.py MergeTest load: false', (c) => {
  const { User, Address } = expireModel(c, { rows: false, orderBy: 'id' });
  const orphans = expireModel(c, { rows: false, orderBy: 'id', cascade: 'all, delete-orphan' });

  /** User 7 'fred' with addresses ad1, ad2, committed and detached. */
  const storedUser = async (model: { User: typeof User; Address: typeof Address } = { User, Address }) => {
    const s = c.session({ expireOnCommit: false });
    const u = make(model.User, {
      id: 7,
      name: 'fred',
      addresses: [make(model.Address, { emailAddress: 'ad1' }), make(model.Address, { emailAddress: 'ad2' })],
    });
    s.add(u);
    await s.commit();
    await s.close();
    return u;
  };

  it('a transient object is refused [test_merge.py::MergeTest::test_transient_no_load]', async () => {
    const s = c.session();
    await expect(s.merge(new User(), { load: false })).rejects.toThrow(InvalidRequestError);
    await expect(s.merge(new User(), { load: false })).rejects.toThrow(
      /load: false does not support transient/,
    );
  });

  it('relationships are set in both directions without a query; an expired one stays expired [test_merge.py::MergeTest::test_no_load_with_backrefs]', async () => {
    const u = await storedUser();
    expect(instanceState(u.addresses[1]!).isLoaded('user')).toBe(true);
    const s = c.session();
    c.sql.start();
    const u2 = await s.merge(u, { load: false });
    expect(c.sql.stop()).toEqual([]);
    expect(instanceState(u2.addresses[1]!).isLoaded('user')).toBe(true);
    expect(u2.addresses[1]!.user).toBe(u2);
    expect(instanceState(u2).status).toBe('persistent');
    s.expire(u2.addresses[1]!, ['user']);
    expect(instanceState(u2.addresses[1]!).isLoaded('user')).toBe(false);
    await s.close();
    const s2 = c.session();
    const u3 = await s2.merge(u2, { load: false });
    expect(instanceState(u3.addresses[1]!).isLoaded('user')).toBe(false);
    expect((await s2.load(u3.addresses[1]!, 'user'))!.name).toBe('fred');
  });

  it('an object loaded with its collection merges with nothing to flush [test_merge.py::MergeTest::test_dontload_with_eager]', async () => {
    await storedUser();
    const s2 = c.session();
    const [u2] = await s2.scalars(
      select(User)
        .where(attrs(User).id.eq(7))
        .options(joinedload(attrs(User).addresses)),
    );
    const s3 = c.session();
    await s3.merge(u2!, { load: false });
    c.sql.start();
    await s3.flush();
    expect(c.sql.stop()).toEqual([]);
  });

  it('an object with unflushed changes is refused; a clean one merges with nothing to flush [test_merge.py::MergeTest::test_no_load_disallows_dirty]', async () => {
    const u = await storedUser();
    u.name = 'ed';
    const s2 = c.session();
    await expect(s2.merge(u, { load: false })).rejects.toThrow(
      /does not support objects with unflushed changes/,
    );
    const u2 = (await s2.get(User, 7))!;
    const s3 = c.session();
    await s3.merge(u2, { load: false });
    expect(s3.dirty).toEqual([]);
    c.sql.start();
    await s3.flush();
    expect(c.sql.stop()).toEqual([]);
  });

  it('the back-reference of a merged member is the merged parent, with no query [test_merge.py::MergeTest::test_no_load_sets_backrefs]', async () => {
    const u = await storedUser();
    expect(u.addresses[0]!.user).toBe(u);
    const s2 = c.session();
    c.sql.start();
    const u2 = await s2.merge(u, { load: false });
    expect(s2.dirty).toEqual([]);
    expect(u2.addresses[0]!.user).toBe(u2);
    expect(c.sql.stop()).toEqual([]);
  });

  it('a merged member of a delete-orphan collection is not an orphan: its change is committed [test_merge.py::MergeTest::test_no_load_preserves_parents]', async () => {
    const u = await storedUser(orphans);
    const s2 = c.session({ expireOnCommit: false });
    const u2 = await s2.merge(u, { load: false });
    expect(s2.dirty).toEqual([]);
    const a2 = u2.addresses[0]!;
    a2.emailAddress = 'somenewaddress';
    await s2.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(orphans.Address)} WHERE id = ${a2.id}`)).toEqual([
      { id: a2.id },
    ]);
    const s3 = c.session();
    const u3 = (await s3.get(orphans.User, 7))!;
    expect((await s3.load(u3, 'addresses'))[0]!.emailAddress).toBe('somenewaddress');

    // A parent with a pending member has unflushed changes: refused.
    u3.addresses.push(new orphans.Address());
    await expect(c.session().merge(u3, { load: false })).rejects.toThrow(/load: false/);
  });

  for (const direction of ['o2m', 'm2o'] as const) {
    for (const load of [true, false]) {
      for (const target of ['persistent', 'detached'] as const) {
        it(`${direction}, load: ${load}, merged into a session where it is ${target}: ${load ? (target === 'persistent' ? 1 : 2) : 0} statement(s), the relationship populated [test_merge.py::MergeTest::test_relationship_population_maintained]`, async () => {
          const s = c.session();
          s.add(make(User, { id: 1, name: 'u1' }));
          await s.flush();
          s.addAll([1, 2, 3].map((i) => make(Address, { id: i, userId: 1, emailAddress: `e${i}` })));
          await s.commit();
          const obj =
            direction === 'o2m'
              ? (await s.scalars(select(User).options(joinedload(attrs(User).addresses))))[0]!
              : (
                  await s.scalars(
                    select(Address)
                      .where(attrs(Address).emailAddress.eq('e1'))
                      .options(joinedload(attrs(Address).user)),
                  )
                )[0]!;
          const key = direction === 'o2m' ? 'addresses' : 'user';
          expect(instanceState(obj).isLoaded(key)).toBe(true);
          await s.close();
          const s2 = c.session();
          if (target === 'persistent') {
            if (direction === 'o2m') await s2.get(User, obj.id);
            else await s2.get(Address, obj.id);
          }
          c.sql.start();
          const merged = await s2.merge(obj as object, { load });
          expect(countSelects(c.sql.stop())).toBe(load ? (target === 'persistent' ? 1 : 2) : 0);
          expect(instanceState(merged).isLoaded(key)).toBe(true);
          if (direction === 'o2m')
            expect((merged as InstanceType<typeof User>).addresses.map((a) => a.emailAddress)).toEqual([
              'e1',
              'e2',
              'e3',
            ]);
          else expect((merged as InstanceType<typeof Address>).user!.name).toBe('u1');
        });
      }
    }
  }
});
