/**
 * Version counters (optimistic locking), ported from SQLAlchemy's test/orm/test_versioning.py:
 * NullVersionIdTest, VersioningTest, ColumnTypeTest, NoBumpOnRelationshipTest and
 * QuotedBindVersioningTest. Every UPDATE and DELETE of a versioned row names the version the
 * session last saw committed; a row changed by someone else since raises StaleDataError.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { DatabaseError, FlushError, StaleDataError } from '../../lib/errors';
import { inspect } from '../../lib/mapper';
import { attrs, executeBulk, insert, ormUpdate, select, text, types } from '../../lib/index';
import { conformanceSuite } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

conformanceSuite(
  'test_versioning.py VersioningTest',
  (c) => {
    const { Foo } = c.entities((registry, name) => {
      @Table(name('version_table'), { registry })
      class Foo {
        @Column({ primaryKey: true }) id!: number;
        @Column({ version: true }) version_id!: number;
        @Column({ type: types.string(40) }) value!: string;
      }
      return { Foo };
    });
    afterEach(() => c.clear(Foo));
    const rows = (): Promise<Record<string, unknown>[]> =>
      c.readBack(`SELECT id, version_id, value FROM ${c.tableOf(Foo)} ORDER BY id`);

    it('changes and deletes a versioned object after a commit that expired it (regression)', async () => {
      const s = c.session();
      const d = make(Foo, { value: 'a' });
      s.add(d);
      await s.commit();
      d.value = 'x';
      c.sql.start();
      await s.commit();
      const [upd] = c.sql.dml();
      expect(upd).toMatch(/^UPDATE/);
      expect(c.sql.all.find((x) => /^UPDATE/.test(x.sql))!.params).toEqual(
        expect.arrayContaining([2, 'x', d.id, 1]),
      );
      expect(await rows()).toEqual([{ id: d.id, version_id: 2, value: 'x' }]);
      await s.delete(d);
      await s.commit();
      expect(await rows()).toEqual([]);
    });

    it('uses the committed version, not one set by hand, in the WHERE clause (regression)', async () => {
      const s = c.session({ expireOnCommit: false });
      const d = make(Foo, { value: 'a' });
      s.add(d);
      await s.commit();
      d.version_id = 7;
      d.value = 'b';
      await s.commit();
      expect(await rows()).toEqual([{ id: d.id, version_id: 7, value: 'b' }]);
      d.version_id = 9;
      await s.delete(d);
      await s.commit();
      expect(await rows()).toEqual([]);
    });

    it('bumps on each commit and detects a concurrent change, on UPDATE and on DELETE [test_versioning.py::VersioningTest::test_basic]', async () => {
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      const f2 = make(Foo, { value: 'f2' });
      s1.addAll([f1, f2]);
      await s1.commit();

      f1.value = 'f1rev2';
      await s1.commit();

      const s2 = c.session();
      const f1s = (await s2.get(Foo, f1.id))!;
      f1s.value = 'f1rev3';
      await s2.commit();

      f1.value = 'f1rev3mine';
      await expect(s1.commit()).rejects.toThrow(StaleDataError);
      await expect(s1.commit()).rejects.toThrow(/expected to update 1 row\(s\); 0 were matched/);
      await s1.rollback();

      // get() refreshes the expired objects: f1 now has version 3.
      expect(await s1.get(Foo, f1.id)).toBe(f1);
      expect(await s1.get(Foo, f2.id)).toBe(f2);
      expect(f1.version_id).toBe(3);

      f1s.value = 'f1rev4';
      await s2.commit();

      await s1.delete(f1);
      await s1.delete(f2);
      await expect(s1.commit()).rejects.toThrow(
        /DELETE statement on table .* expected to delete 2 row\(s\); 1 were matched/,
      );
      await s1.rollback();
      expect(await rows()).toEqual([
        { id: f1.id, version_id: 4, value: 'f1rev4' },
        { id: f2.id, version_id: 1, value: 'f2' },
      ]);
    });

    it('bumps several rows in one flush [test_versioning.py::VersioningTest::test_multiple_updates]', async () => {
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      const f2 = make(Foo, { value: 'f2' });
      s1.addAll([f1, f2]);
      await s1.commit();
      f1.value = 'f1rev2';
      f2.value = 'f2rev2';
      await s1.commit();
      const f = attrs(Foo);
      const got = (await s1.execute(select(f.id, f.value, f.version_id).orderBy(f.id))).all();
      expect(got).toEqual([
        [f1.id, 'f1rev2', 2],
        [f2.id, 'f2rev2', 2],
      ]);
      expect(await rows()).toEqual([
        { id: f1.id, version_id: 2, value: 'f1rev2' },
        { id: f2.id, version_id: 2, value: 'f2rev2' },
      ]);
    });

    it('a Core INSERT through the session gets the version default [test_versioning.py::VersioningTest::test_bulk_insert]', async () => {
      // Adapted: Athanor has no bulk_insert_mappings; a Core INSERT of the mapped table applies the
      // version column's default (1), which is what the scenario checks.
      const s1 = c.session();
      await s1.execute(
        insert(inspect(Foo).table).values([
          { id: 1, value: 'f1' },
          { id: 2, value: 'f2' },
        ] as never),
      );
      const f = attrs(Foo);
      expect((await s1.execute(select(f.id, f.value, f.version_id).orderBy(f.id))).all()).toEqual([
        [1, 'f1', 1],
        [2, 'f2', 1],
      ]);
      await s1.commit();
    });

    it('a bulk UPDATE of parameter sets matches the version each set names and writes the next [test_versioning.py::VersioningTest::test_bulk_update]', async () => {
      // SQLAlchemy's bulk_update_mappings is an ORM bulk UPDATE of parameter sets in Athanor.
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      const f2 = make(Foo, { value: 'f2' });
      s1.addAll([f1, f2]);
      await s1.commit();
      await executeBulk(s1, ormUpdate(Foo), {
        parameters: [
          { id: f1.id, value: 'f1rev2', version_id: 1 },
          { id: f2.id, value: 'f2rev2', version_id: 1 },
        ],
      });
      await s1.commit();
      const f = attrs(Foo);
      expect((await s1.execute(select(f.id, f.value, f.version_id).orderBy(f.id))).all()).toEqual([
        [f1.id, 'f1rev2', 2],
        [f2.id, 'f2rev2', 2],
      ]);
      expect(await rows()).toEqual([
        { id: f1.id, version_id: 2, value: 'f1rev2' },
        { id: f2.id, version_id: 2, value: 'f2rev2' },
      ]);
      // A set naming a version the row no longer has is stale, as in a flush.
      await expect(
        executeBulk(s1, ormUpdate(Foo), { parameters: [{ id: f1.id, value: 'late', version_id: 1 }] }),
      ).rejects.toThrow(StaleDataError);
      await s1.rollback();
      expect((await rows())[0]).toEqual({ id: f1.id, version_id: 2, value: 'f1rev2' });
    });

    it('a version set by hand is written, and the WHERE clause names the last committed one [test_versioning.py::VersioningTest::test_bump_version]', async () => {
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      s1.add(f1);
      await s1.commit();
      await s1.refresh(f1); // adapted: reading an expired attribute needs an explicit refresh
      expect(f1.version_id).toBe(1);
      f1.version_id = 2;
      c.sql.start();
      await s1.commit();
      expect(c.sql.dml()).toHaveLength(1);
      await s1.refresh(f1);
      expect(f1.version_id).toBe(2);

      // skip an id: the history is honoured
      f1.version_id = 4;
      f1.value = 'something new';
      await s1.commit();
      await s1.refresh(f1);
      expect(f1.version_id).toBe(4);

      f1.version_id = 5;
      await s1.delete(f1);
      await s1.commit();
      expect(await rows()).toEqual([]);
    });

    it('a locking read of an unversioned mapping checks nothing [test_versioning.py::VersioningTest::test_versioncheck_not_versioned]', async () => {
      // The unversioned mapping of the same table is in NoVersionCheckSuite below.
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      s1.add(f1);
      await s1.commit();
      const f = attrs(Foo);
      expect(
        (await s1.execute(select(Foo).where(f.id.eq(f1.id)).forUpdate({ share: true }))).scalars(),
      ).toEqual([f1]);
    });

    it('a locking get() of an object whose row changed since raises; refresh() takes the new version [test_versioning.py::VersioningTest::test_versioncheck]', async () => {
      const s1 = c.session();
      const f1s1 = make(Foo, { value: 'f1 value' });
      s1.add(f1s1);
      await s1.commit();

      const s2 = c.session();
      const f1s2 = (await s2.get(Foo, f1s1.id))!;
      f1s2.value = 'f1 new value';
      await s2.commit();

      const lock = { withForUpdate: { share: true } };
      await expect(s1.get(Foo, f1s1.id, lock)).rejects.toThrow(StaleDataError);
      await expect(s1.get(Foo, f1s1.id, lock)).rejects.toThrow(
        /^Instance Foo has version id '1' which does not match database-loaded version id '2'$/,
      );

      await s1.refresh(f1s1, undefined, lock);
      expect([f1s1.version_id, f1s1.value]).toEqual([2, 'f1 new value']);
      expect(await s1.get(Foo, f1s1.id, lock)).toBe(f1s1);

      // A plain get() of the object in the identity map does not read the row, so checks nothing.
      await s1.commit();
      await c.engine.execute(
        text(`UPDATE ${c.tableOf(Foo)} SET version_id = 3, value = 'other' WHERE id = ${f1s1.id}`),
      );
      expect(await s1.get(Foo, f1s1.id)).toBe(f1s1);
      await s1.close();
      const fresh = (await s1.get(Foo, f1s1.id, lock))!;
      expect(fresh).not.toBe(f1s1);
      expect([fresh.version_id, fresh.value]).toEqual([3, 'other']);
    });

    (c.target === 'sqlite' ? it.skip : it)(
      'a NOWAIT refresh of a row another session locked fails; after that session commits it reads the new version [test_versioning.py::VersioningTest::test_versioncheck_for_update]',
      async () => {
        const s1 = c.session();
        const f1s1 = make(Foo, { value: 'f1 value' });
        s1.add(f1s1);
        await s1.commit();

        const s2 = c.session();
        const f1s2 = (await s2.get(Foo, f1s1.id))!;
        await s2.refresh(f1s2, undefined, { withForUpdate: true });
        f1s2.value = 'f1 new value';

        await expect(s1.refresh(f1s1, undefined, { withForUpdate: { noWait: true } })).rejects.toThrow(
          DatabaseError,
        );
        await s1.rollback();

        await s2.commit();
        await s1.refresh(f1s1, undefined, { withForUpdate: { noWait: true } });
        await s2.refresh(f1s2);
        expect(f1s1.version_id).toBe(f1s2.version_id);
        expect([f1s1.version_id, f1s1.value]).toEqual([2, 'f1 new value']);
      },
    );

    it('merge of an object without a version updates the latest version [test_versioning.py::VersioningTest::test_merge_no_version]', async () => {
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      s1.add(f1);
      await s1.commit();
      f1.value = 'f2';
      await s1.commit();

      const f2 = make(Foo, { id: f1.id, value: 'f3' });
      const f3 = await s1.merge(f2);
      expect(f3).toBe(f1);
      await s1.commit();
      await s1.refresh(f3);
      expect(f3.version_id).toBe(3);
    });

    it('merge of an object with the current version updates it [test_versioning.py::VersioningTest::test_merge_correct_version]', async () => {
      const s1 = c.session();
      const f1 = make(Foo, { value: 'f1' });
      s1.add(f1);
      await s1.commit();
      f1.value = 'f2';
      await s1.commit();

      const f2 = make(Foo, { id: f1.id, value: 'f3', version_id: 2 });
      const f3 = await s1.merge(f2);
      expect(f3).toBe(f1);
      await s1.commit();
      await s1.refresh(f3);
      expect(f3.version_id).toBe(3);
    });

    it('refuses an UPDATE that sets the version to NULL', async () => {
      const s = c.session({ expireOnCommit: false });
      const f1 = make(Foo, { value: 'f1' });
      s.add(f1);
      await s.commit();
      f1.value = 'f1rev2';
      (f1 as { version_id: number | null }).version_id = null;
      await expect(s.commit()).rejects.toThrow(FlushError);
    });
  },
  { engine: { pool: { max: 4 } } },
);

conformanceSuite(
  'test_versioning.py VersioningTest (unversioned mapping)',
  (c) => {
    const { Foo } = c.entities((registry, name) => {
      @Table(name('version_table'), { registry })
      class Foo {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.integer() }) version_id!: number;
        @Column({ type: types.string(40) }) value!: string;
      }
      return { Foo };
    });
    afterEach(() => c.clear(Foo));

    it('a locking read works when the mapper has no version column [test_versioning.py::VersioningTest::test_noversioncheck]', async () => {
      const s1 = c.session();
      const f1s1 = make(Foo, { value: 'foo', version_id: 0 });
      s1.add(f1s1);
      await s1.commit();

      const s2 = c.session();
      const f = attrs(Foo);
      const [f1s2] = (
        await s2.execute(select(Foo).where(f.id.eq(f1s1.id)).forUpdate({ share: true }))
      ).scalars();
      await s1.refresh(f1s1);
      expect(f1s2!.id).toBe(f1s1.id);
      expect(f1s2!.value).toBe(f1s1.value);
      expect(f1s2!.version_id).toBe(0);
    });
  },
  { engine: { pool: { max: 4 } } },
);

conformanceSuite('test_versioning.py NullVersionIdTest', (c) => {
  const { Foo } = c.entities((registry, name) => {
    @Table(name('version_table'), { registry })
    class Foo {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, version: 'manual' }) version_id!: number | null;
      @Column({ type: types.string(40) }) value!: string;
    }
    return { Foo };
  });
  afterEach(() => c.clear(Foo));

  it('refuses to INSERT a NULL version [test_versioning.py::NullVersionIdTest::test_null_version_id_insert]', async () => {
    const s1 = c.session();
    s1.add(make(Foo, { value: 'f1' }));
    await expect(s1.commit()).rejects.toThrow(FlushError);
    await s1.rollback();
    const s2 = c.session();
    s2.add(make(Foo, { value: 'f1' }));
    await expect(s2.commit()).rejects.toThrow(/Foo object does not contain a non-NULL version value/);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Foo)}`)).toEqual([]);
  });

  it('refuses to UPDATE to a NULL version [test_versioning.py::NullVersionIdTest::test_null_version_id_update]', async () => {
    const s1 = c.session();
    const f1 = make(Foo, { value: 'f1', version_id: 1 });
    s1.add(f1);
    await s1.commit();
    f1.value = 'f1rev2';
    f1.version_id = null;
    await expect(s1.commit()).rejects.toThrow(/Foo object does not contain a non-NULL version value/);
    await s1.rollback();
    expect(await c.readBack(`SELECT version_id, value FROM ${c.tableOf(Foo)}`)).toEqual([
      { version_id: 1, value: 'f1' },
    ]);
  });
});

conformanceSuite('test_versioning.py ColumnTypeTest', (c) => {
  const { Foo } = c.entities((registry, name) => {
    @Table(name('version_table'), { registry })
    class Foo {
      @Column({ type: types.date(), primaryKey: true }) id!: string;
      @Column({ version: true }) version_id!: number;
      @Column({ type: types.string(40) }) value!: string;
    }
    return { Foo };
  });

  it('versions a row whose primary key is a date [test_versioning.py::ColumnTypeTest::test_update]', async () => {
    const s1 = c.session();
    const f1 = make(Foo, { id: '2024-05-06', value: 'f1' });
    s1.add(f1);
    await s1.commit();
    f1.value = 'f1rev2';
    await s1.commit();
    expect(await c.readBack(`SELECT version_id, value FROM ${c.tableOf(Foo)}`)).toEqual([
      { version_id: 2, value: 'f1rev2' },
    ]);
  });
});

for (const variant of ['counter', 'function', 'manual'] as const) {
  conformanceSuite(`test_versioning.py NoBumpOnRelationshipTest (${variant})`, (c) => {
    const { A, B } = c.entities((registry, name) => {
      const version =
        variant === 'counter'
          ? true
          : variant === 'manual'
            ? 'manual'
            : (n: number | undefined) => (n ?? 0) + 1;
      @Table(name('a'), { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.integer(), nullable: true, version }) version_id!: number;
        @Relationship(() => B, { backPopulates: 'a' }) bs!: B[];
      }
      @Table(name('b'), { registry })
      class B {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.integer(), nullable: true, foreignKey: () => A }) a_id!: number | null;
        @Relationship(() => A, { backPopulates: 'bs' }) a!: A | null;
      }
      return { A, B };
    });

    const title = {
      counter: 'test_plain_counter',
      function: 'test_functional_counter',
      manual: 'test_no_counter',
    }[variant];
    it(`a change of a one-to-many collection alone does not bump the parent's version [test_versioning.py::NoBumpOnRelationshipTest::${title}]`, async () => {
      const s = c.session();
      const a1 = variant === 'manual' ? make(A, { version_id: 1 }) : new A();
      s.add(a1);
      await s.commit();
      // Adapted: reading the expired version loads it in SQLAlchemy; here it is named.
      await s.refresh(a1, ['bs', 'version_id']);
      expect(a1.version_id).toBe(1);

      const b1 = new B();
      b1.a = a1;
      s.add(b1);
      c.sql.start();
      await s.commit();
      expect(c.sql.dml().filter((q) => /^UPDATE/.test(q))).toEqual([]);
      await s.refresh(a1);
      expect(a1.version_id).toBe(1);
      expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(A)}`)).toEqual([{ version_id: 1 }]);
    });
  });
}

conformanceSuite('test_versioning.py QuotedBindVersioningTest', (c) => {
  const { Foo } = c.entities((registry, name) => {
    @Table(name('version_table'), { registry })
    class Foo {
      @Column({ primaryKey: true }) id!: number;
      @Column({ name: '_version%id', version: true }) version!: number;
      @Column({ type: types.string(40) }) value!: string;
    }
    return { Foo };
  });

  it('a version column whose name needs quoting round-trips [test_versioning.py::QuotedBindVersioningTest::test_round_trip]', async () => {
    const s = c.session();
    const f1 = make(Foo, { value: 'v1' });
    s.add(f1);
    await s.commit();
    f1.value = 'v2';
    await s.commit();
    await s.refresh(f1);
    expect(f1.version).toBe(2);
  });
});
