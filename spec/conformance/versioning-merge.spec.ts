/**
 * `merge()` of a versioned object whose version is not the session's: refused with
 * StaleDataError rather than overwriting a newer row — ported from SQLAlchemy's
 * test/orm/test_versioning.py (VersioningTest).
 */
import { Column, Table } from '../../lib/decorators';
import { StaleDataError } from '../../lib/errors';
import { types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_versioning.py VersioningTest merge', (c) => {
  const { Foo } = c.entities((registry, name) => {
    @Table(name('version_merge'), { registry })
    class Foo {
      @Column({ primaryKey: true }) id!: number;
      @Column({ version: true }) version_id!: number;
      @Column({ type: types.string(50) }) value!: string;
    }
    return { Foo };
  });
  afterEach(() => c.clear(Foo));
  const rows = () => c.readBack(`SELECT id, version_id, value FROM ${c.tableOf(Foo)}`);

  for (const [test, closeFirst] of [
    ['test_merge_incorrect_version', false],
    ['test_merge_incorrect_version_not_in_session', true],
  ] as const) {
    it(`an older version merged ${closeFirst ? 'after the session was closed' : 'into the session holding the row'} raises StaleDataError [test_versioning.py::VersioningTest::${test}]`, async () => {
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      s1.add(f1);
      await s1.commit();
      await s1.refresh(f1);
      f1.value = 'f2';
      await s1.commit();
      const f2 = make(Foo, { id: f1.id, value: 'f3', version_id: 1 });
      if (closeFirst) await s1.close();
      await expect(s1.merge(f2)).rejects.toThrow(StaleDataError);
      await expect(s1.merge(f2)).rejects.toThrow(
        /Version id '1' on merged Foo object does not match existing version '2'\. Leave the version attribute unset/,
      );
      // Unset, the version is the current one: the merge applies.
      const merged = await s1.merge(make(Foo, { id: f1.id, value: 'f3' }));
      await s1.commit();
      expect(merged.id).toBe(f1.id);
      expect(await rows()).toEqual([{ id: f1.id, version_id: 3, value: 'f3' }]);
    });
  }
});
