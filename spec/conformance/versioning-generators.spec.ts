/**
 * Version generators, versions set by the application, versions on joined-inheritance tables, and
 * versioned row switches: ported from SQLAlchemy's test/orm/test_versioning.py ManualVersionTest,
 * ManualInheritanceVersionTest, AlternateGeneratorTest, RowSwitchTest, PlainInheritanceTest and
 * InheritanceTwoVersionIdsTest (a joined subclass repeating the version attribute stores it in both
 * tables).
 */
import { randomUUID } from 'node:crypto';
import { Column, Relationship, Table } from '../../lib/decorators';
import { ConfigurationError, StaleDataError } from '../../lib/errors';
import { inspect, Registry } from '../../lib/mapper';
import { attrs, select, selectinload, types, update } from '../../lib/index';
import { conformanceSuite } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);
const uuid = (): string => randomUUID().replace(/-/g, '');

conformanceSuite('test_versioning.py ManualVersionTest', (c) => {
  const { A } = c.entities((registry, name) => {
    @Table(name('a'), { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Column({ type: types.integer(), nullable: true, version: 'manual' }) vid!: number | null;
    }
    return { A };
  });
  afterEach(() => c.clear(A));
  const rows = (): Promise<Record<string, unknown>[]> => c.readBack(`SELECT data, vid FROM ${c.tableOf(A)}`);

  it('INSERTs the version the application gives [test_versioning.py::ManualVersionTest::test_insert]', async () => {
    const sess = c.session({ expireOnCommit: false });
    const a1 = new A();
    a1.vid = 1;
    sess.add(a1);
    await sess.commit();
    expect(a1.vid).toBe(1);
    expect(await rows()).toEqual([{ data: null, vid: 1 }]);
  });

  it('UPDATEs to the version the application gives [test_versioning.py::ManualVersionTest::test_update]', async () => {
    const sess = c.session({ expireOnCommit: false });
    const a1 = make(A, { vid: 1, data: 'd1' });
    sess.add(a1);
    await sess.commit();
    a1.vid = 2;
    a1.data = 'd2';
    c.sql.start();
    await sess.commit();
    const upd = c.sql.all.find((q) => /^UPDATE/.test(q.sql))!;
    expect(upd.params).toEqual(['d2', 2, a1.id, 1]);
    expect(a1.vid).toBe(2);
    expect(await rows()).toEqual([{ data: 'd2', vid: 2 }]);
  });

  it('a version changed behind the ORM fails the UPDATE [test_versioning.py::ManualVersionTest::test_update_concurrent_check]', async () => {
    const sess = c.session();
    const a1 = make(A, { vid: 1, data: 'd1' });
    sess.add(a1);
    await sess.commit();
    a1.vid = 2;
    const a = attrs(A);
    await sess.execute(
      update(inspect(A).table)
        .set({ vid: 3 } as never)
        .where(a.id.eq(a1.id)),
    );
    a1.data = 'd2';
    await expect(sess.commit()).rejects.toThrow(StaleDataError);
  });

  it('an UPDATE that leaves the version alone still checks it [test_versioning.py::ManualVersionTest::test_update_version_conditional]', async () => {
    const sess = c.session({ expireOnCommit: false });
    const a1 = make(A, { vid: 1, data: 'd1' });
    sess.add(a1);
    await sess.commit();

    a1.data = 'd2';
    c.sql.start();
    await sess.commit();
    const upd = c.sql.all.find((q) => /^UPDATE/.test(q.sql))!;
    expect(upd.sql).toMatch(/WHERE .*vid.* = /);
    expect(upd.params).toEqual(['d2', a1.id, 1]);
    expect(a1.vid).toBe(1);

    a1.data = 'd3';
    a1.vid = 2;
    await sess.commit();
    expect(a1.vid).toBe(2);
    expect(await rows()).toEqual([{ data: 'd3', vid: 2 }]);
  });
});

conformanceSuite('test_versioning.py ManualInheritanceVersionTest', (c) => {
  const { B } = c.entities((registry, name) => {
    @Table(name('a'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'a' })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Column({ type: types.integer(), version: 'manual' }) vid!: number;
    }
    @Table(name('b'), { registry, polymorphicIdentity: 'b' })
    class B extends A {
      @Column({ type: types.string(30), nullable: true }) b_data!: string | null;
    }
    return { A, B };
  });

  it('a change in the subclass table checks the version in the base table without bumping it [test_versioning.py::ManualInheritanceVersionTest::test_no_increment]', async () => {
    const sess = c.session({ expireOnCommit: false });
    const b1 = make(B, { vid: 1, data: 'd1' });
    sess.add(b1);
    await sess.commit();

    b1.b_data = 'bd2';
    c.sql.start();
    await sess.commit();
    const updates = c.sql.all.filter((q) => /^UPDATE/.test(q.sql));
    // The base table's row is UPDATEd to its own version, so the version is checked.
    expect(updates).toHaveLength(2);
    expect(b1.vid).toBe(1);

    b1.b_data = 'd3';
    b1.vid = 2;
    await sess.commit();
    expect(b1.vid).toBe(2);
  });
});

for (const kind of ['counter', 'uuid'] as ('counter' | 'uuid')[]) {
  const source = kind === 'counter' ? 'RowSwitchTest' : 'AlternateGeneratorTest';
  conformanceSuite(
    `test_versioning.py ${source}`,
    (c) => {
      const { P, C } = c.entities((registry, name) => {
        const version = kind === 'counter' ? true : () => uuid();
        const versionType = kind === 'counter' ? types.integer() : types.string(32);
        @Table(name('p'), { registry })
        class P {
          @Column({ type: types.string(10), primaryKey: true }) id!: string;
          @Column({ type: versionType as never, version: version as never }) version_id!: number | string;
          @Column({ type: types.string(50), nullable: true }) data!: string | null;
          @Relationship(() => C, { uselist: false, cascade: 'all, delete-orphan' }) c!: C | null;
        }
        @Table(name('c'), { registry })
        class C {
          @Column({ type: types.string(10), primaryKey: true, foreignKey: () => P }) id!: string;
          @Column({ type: versionType as never, version: version as never }) version_id!: number | string;
          @Column({ type: types.string(50), nullable: true }) data!: string | null;
        }
        return { P, C };
      });
      afterEach(() => c.clear(C, P));

      const versionOf = async (table: 'p' | 'c'): Promise<unknown> =>
        (await c.readBack(`SELECT version_id FROM ${c.tableOf(table === 'p' ? P : C)}`))[0]!['version_id'];
      const bumped = (before: unknown, after: unknown): void => {
        if (kind === 'counter') expect(Number(after)).toBe(Number(before) + 1);
        else expect(after).toMatch(/^[0-9a-f]{32}$/);
        expect(after).not.toEqual(before);
      };

      const rowSwitch =
        kind === 'counter'
          ? '[test_versioning.py::RowSwitchTest::test_row_switch]'
          : '[test_versioning.py::AlternateGeneratorTest::test_row_switch]';
      it(`a deleted row and a new object of the same key become one versioned UPDATE ${rowSwitch}`, async () => {
        const session = c.session();
        session.add(make(P, { id: 'P1', data: 'P version 1' }));
        await session.commit();
        await session.close();
        const before = await versionOf('p');

        const p = (await session.scalars(select(P)))[0]!;
        await session.delete(p);
        session.add(make(P, { id: 'P1', data: 'really a row-switch' }));
        c.sql.start();
        await session.commit();
        // The flush reads the deleted parent's child for the delete cascade (none), then one UPDATE.
        expect(c.sql.dml().filter((sql) => !/^SELECT/.test(sql))).toEqual([
          expect.stringMatching(/^UPDATE \S+ SET .*WHERE .*version_id/),
        ]);
        expect(await c.readBack(`SELECT id, data FROM ${c.tableOf(P)}`)).toEqual([
          { id: 'P1', data: 'really a row-switch' },
        ]);
        bumped(before, await versionOf('p'));
      });

      const childRowSwitch =
        kind === 'counter'
          ? '[test_versioning.py::RowSwitchTest::test_child_row_switch]'
          : '[test_versioning.py::AlternateGeneratorTest::test_child_row_switch_one]';
      it(`a one-to-one child replaced by a new one of the same key is one versioned UPDATE ${childRowSwitch}`, async () => {
        const session = c.session();
        session.add(make(P, { id: 'P1', data: 'P version 1' }));
        await session.commit();
        await session.close();

        let p = (await session.scalars(select(P).options(selectinload(attrs(P).c))))[0]!;
        p.c = make(C, { data: 'child version 1' });
        await session.commit();
        expect(await c.readBack(`SELECT id, data FROM ${c.tableOf(C)}`)).toEqual([
          { id: 'P1', data: 'child version 1' },
        ]);
        const before = await versionOf('c');
        const parentVersion = await versionOf('p');

        p = (await session.scalars(select(P).options(selectinload(attrs(P).c))))[0]!;
        p.c = make(C, { data: 'child row-switch' });
        c.sql.start();
        await session.commit();
        expect(c.sql.dml()).toEqual([expect.stringMatching(/^UPDATE \S+ SET .*WHERE .*version_id/)]);
        expect(await c.readBack(`SELECT id, data FROM ${c.tableOf(C)}`)).toEqual([
          { id: 'P1', data: 'child row-switch' },
        ]);
        bumped(before, await versionOf('c'));
        expect(await versionOf('p')).toEqual(parentVersion);
      });

      if (kind === 'uuid') {
        it('a row deleted and INSERTed again by another session has a new version [test_versioning.py::AlternateGeneratorTest::test_child_row_switch_two]', async () => {
          const sess1 = c.session();
          sess1.add(make(P, { id: 'P1', data: 'P version 1' }));
          await sess1.commit();
          await sess1.close();

          const s1 = c.session();
          const p1 = (await s1.scalars(select(P)))[0]!;
          const sess2 = c.session();
          const p2 = (await sess2.scalars(select(P)))[0]!;

          s1.delete(p1);
          await s1.commit();
          s1.add(make(P, { id: 'P1', data: 'P version 2' }));
          await s1.commit();

          p2.data = 'P overwritten by concurrent tx';
          await expect(sess2.commit()).rejects.toThrow(/expected to update 1 row\(s\); 0 were matched/);
        });
      }
    },
    { engine: { pool: { max: 4 } } },
  );
}

conformanceSuite('test_versioning.py PlainInheritanceTest', (c) => {
  const { Sub } = c.entities((registry, name) => {
    @Table(name('base'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'base' })
    class Base {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
      @Column({ type: types.integer(), nullable: true, version: true }) version_id!: number | null;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
    }
    @Table(name('sub'), { registry, polymorphicIdentity: 'sub' })
    class Sub extends Base {
      @Column({ type: types.string(50), nullable: true }) sub_data!: string | null;
    }
    return { Base, Sub };
  });

  it('a change of the subclass table alone bumps the version in the base table [test_versioning.py::PlainInheritanceTest::test_update_child_table_only]', async () => {
    const s = c.session();
    const s1 = make(Sub, { data: 'b', sub_data: 's' });
    s.add(s1);
    await s.commit();
    s1.sub_data = 's2';
    await s.commit();
    await s.refresh(s1);
    expect(s1.version_id).toBe(2);
  });
});

conformanceSuite('test_versioning.py InheritanceTwoVersionIdsTest', (c) => {
  const base = c.entities((registry, name) => {
    @Table(name('base'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'base' })
    class Base {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
      @Column({ type: types.integer(), nullable: true, version: true }) version_id!: number | null;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
    }
    return { Base };
  });
  const subOnly = c.entities((registry, name) => {
    @Table(name('base'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'base' })
    class Base {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
      @Column({ type: types.integer(), nullable: true }) version_id!: number | null;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
    }
    @Table(name('sub'), { registry, polymorphicIdentity: 'sub' })
    class Sub extends Base {
      // Adapted: Athanor maps one attribute per column (SQLAlchemy names both `version_id`).
      @Column({ name: 'version_id', type: types.integer(), version: true }) sub_version_id!: number;
      @Column({ type: types.string(50), nullable: true }) sub_data!: string | null;
    }
    return { Base, Sub };
  });
  const both = c.entities((registry, name) => {
    @Table(name('base'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'base' })
    class Base {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
      @Column({ type: types.integer(), nullable: true, version: true }) version_id!: number | null;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
    }
    @Table(name('sub'), { registry, polymorphicIdentity: 'sub' })
    class Sub extends Base {
      // Repeating the attribute stores it in this table too (SQLAlchemy combines the same-named
      // columns by itself).
      @Column({ type: types.integer() }) declare version_id: number;
      @Column({ type: types.string(50), nullable: true }) sub_data!: string | null;
    }
    return { Base, Sub };
  });

  it('a version attribute mapped to both tables writes each [test_versioning.py::InheritanceTwoVersionIdsTest::test_sub_both]', async () => {
    const session = c.session({ expireOnCommit: false });
    const s1 = make(both.Sub, { data: 's1', sub_data: 's1' });
    session.add(s1);
    await session.commit();
    expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(both.Sub)}`)).toEqual([{ version_id: 1 }]);
    expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(both.Base)}`)).toEqual([{ version_id: 1 }]);
    // Beyond SQLAlchemy's test: an UPDATE of either table moves the version in both.
    s1.sub_data = 's2';
    await session.commit();
    expect(s1.version_id).toBe(2);
    expect(await c.readBack(`SELECT version_id, sub_data FROM ${c.tableOf(both.Sub)}`)).toEqual([
      { version_id: 2, sub_data: 's2' },
    ]);
    expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(both.Base)}`)).toEqual([{ version_id: 2 }]);
  });

  it('the base class versions its table [test_versioning.py::InheritanceTwoVersionIdsTest::test_base_both]', async () => {
    const session = c.session();
    const b1 = make(base.Base, { data: 'b1' });
    session.add(b1);
    await session.commit();
    await session.refresh(b1);
    expect(b1.version_id).toBe(1);
    expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(base.Base)}`)).toEqual([{ version_id: 1 }]);
  });

  it('a version declared on the subclass only fills the subclass table [test_versioning.py::InheritanceTwoVersionIdsTest::test_sub_only]', async () => {
    const session = c.session();
    const s1 = make(subOnly.Sub, { data: 's1', sub_data: 's1' });
    session.add(s1);
    await session.commit();
    expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(subOnly.Sub)}`)).toEqual([{ version_id: 1 }]);
    expect(await c.readBack(`SELECT version_id FROM ${c.tableOf(subOnly.Base)}`)).toEqual([
      { version_id: null },
    ]);
  });

  it('a second version column in a subclass is refused [test_versioning.py::InheritanceTwoVersionIdsTest::test_mismatch_version_col_warning]', () => {
    // Deliberate difference: SQLAlchemy warns and leaves the inherited column unpopulated; Athanor
    // refuses the mapping, naming both columns.
    const registry = new Registry();
    @Table(c.uniqueName('base'), { registry })
    class Base {
      @Column({ primaryKey: true }) id!: number;
      @Column({ version: true }) version_id!: number;
    }
    @Table(c.uniqueName('sub'), { registry })
    class Sub extends Base {
      @Column({ version: true }) sub_version_id!: number;
    }
    expect(Sub).toBeDefined();
    expect(() => registry.configure()).toThrow(ConfigurationError);
    expect(() => registry.configure()).toThrow(/Base\.version_id is already the version column/);
  });
});
