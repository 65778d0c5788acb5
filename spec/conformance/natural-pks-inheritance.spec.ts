/**
 * A natural primary key of a joined-inheritance hierarchy that changes: ported from SQLAlchemy's
 * test/orm/test_naturalpks.py JoinedInheritanceTest. With passive updates (the default) the
 * subclass tables' keys follow through ON UPDATE CASCADE (Athanor declares it on the key columns
 * it makes for a joined subclass); without, the flush UPDATEs each table's key itself, by the old
 * value, and the foreign keys here are checked at COMMIT (deferred-keys.ts).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, select, types } from '../../lib/index';
import { deferForeignKeys, makeKeysDeferrable, restoreForeignKeys } from './deferred-keys';
import { conformanceSuite } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);
const passiveName = (passive: boolean): string => (passive ? 'passive' : 'nonpassive');

for (const passive of [true, false]) {
  conformanceSuite(`test_naturalpks.py JoinedInheritanceTest (${passiveName(passive)})`, (c) => {
    let tables: string[] = [];
    const m = c.entities((registry, name) => {
      tables = [name('person'), name('engineer'), name('manager'), name('owner')];
      const onUpdate = passive ? { onUpdate: 'CASCADE' as const } : {};
      @Table(tables[0]!, {
        registry,
        polymorphicOn: 'type',
        polymorphicIdentity: 'person',
        passiveUpdates: passive,
      })
      class Person {
        @Column({ type: types.string(50), primaryKey: true }) name!: string;
        @Column({ type: types.string(50) }) type!: string;
      }
      @Table(tables[1]!, { registry, polymorphicIdentity: 'engineer' })
      class Engineer extends Person {
        @Column({ type: types.string(50), nullable: true }) primary_language!: string | null;
        @Column({ type: types.string(50), nullable: true, foreignKey: () => Manager, ...onUpdate })
        boss_name!: string | null;
        @Relationship(() => Manager, { passiveUpdates: passive }) boss!: Manager | null;
      }
      @Table(tables[2]!, { registry, polymorphicIdentity: 'manager' })
      class Manager extends Person {
        @Column({ type: types.string(50), nullable: true }) paperwork!: string | null;
      }
      @Table(tables[3]!, { registry, polymorphicIdentity: 'owner' })
      class Owner extends Manager {
        @Column({ type: types.string(50), nullable: true }) owner_name!: string | null;
      }
      return { Person, Engineer, Manager, Owner };
    });
    beforeAll(() => makeKeysDeferrable(c, tables));
    afterEach(() => c.clear(m.Engineer, m.Owner, m.Manager, m.Person));
    const { Engineer, Manager, Owner } = m;
    const begin = async (s: ReturnType<typeof c.session>): Promise<void> => {
      if (!passive) await deferForeignKeys(c, s);
    };
    const commit = async (s: ReturnType<typeof c.session>): Promise<void> => {
      if (!passive) {
        await s.flush();
        await restoreForeignKeys(c, s);
      }
      await s.commit();
    };
    const engineerRows = (): Promise<Record<string, unknown>[]> =>
      c.readBack(`SELECT name, primary_language, boss_name FROM ${c.tableOf(Engineer)} ORDER BY name`);

    it(`the key changes in every table of the object [test_naturalpks.py::JoinedInheritanceTest::${passive ? 'test_pk_passive' : 'test_pk_nonpassive'}]`, async () => {
      const sess = c.session();
      await begin(sess);
      const e1 = make(Engineer, { name: 'dilbert', primary_language: 'java' });
      sess.add(e1);
      await commit(sess);
      await begin(sess);
      e1.name = 'wally';
      e1.primary_language = 'c++';
      await commit(sess);
      expect(await engineerRows()).toEqual([{ name: 'wally', primary_language: 'c++', boss_name: null }]);
      expect(e1.name).toBe('wally');

      await begin(sess);
      e1.name = 'dogbert';
      await commit(sess);
      expect(e1.name).toBe('dogbert');
      expect(await engineerRows()).toEqual([{ name: 'dogbert', primary_language: 'c++', boss_name: null }]);
    });

    it(`a subclass's foreign key to a renamed subclass row follows [test_naturalpks.py::JoinedInheritanceTest::${passive ? 'test_fk_passive' : 'test_fk_nonpassive'}]`, async () => {
      const sess = c.session();
      await begin(sess);
      const m1 = make(Manager, { name: 'dogbert', paperwork: 'lots' });
      const e1 = make(Engineer, { name: 'dilbert', primary_language: 'java', boss: m1 });
      const e2 = make(Engineer, { name: 'wally', primary_language: 'c++', boss: m1 });
      sess.addAll([e1, e2, m1]);
      await commit(sess);
      await Promise.all([sess.refresh(e1), sess.refresh(e2)]); // adapted: expired on commit
      expect([e1.boss_name, e2.boss_name]).toEqual(['dogbert', 'dogbert']);
      expect(await engineerRows()).toEqual([
        { name: 'dilbert', primary_language: 'java', boss_name: 'dogbert' },
        { name: 'wally', primary_language: 'c++', boss_name: 'dogbert' },
      ]);

      sess.expireAll();
      await begin(sess);
      m1.name = 'pointy haired';
      e1.primary_language = 'scala';
      e2.primary_language = 'cobol';
      await commit(sess);
      await Promise.all([sess.refresh(e1), sess.refresh(e2)]);
      expect([e1.boss_name, e2.boss_name]).toEqual(['pointy haired', 'pointy haired']);
      expect(await engineerRows()).toEqual([
        { name: 'dilbert', primary_language: 'scala', boss_name: 'pointy haired' },
        { name: 'wally', primary_language: 'cobol', boss_name: 'pointy haired' },
      ]);
    });

    it(`the key changes in the three tables of a two-level subclass [test_naturalpks.py::JoinedInheritanceTest::${passive ? 'test_pk_threelevel_passive' : 'test_pk_threelevel_nonpassive'}]`, async () => {
      const sess = c.session();
      await begin(sess);
      const o1 = make(Owner, { name: 'dogbert', owner_name: 'dog' });
      sess.add(o1);
      await commit(sess);
      await begin(sess);
      o1.name = 'pointy haired';
      o1.owner_name = 'pointy';
      await commit(sess);
      expect(await c.readBack(`SELECT name, paperwork FROM ${c.tableOf(Manager)}`)).toEqual([
        { name: 'pointy haired', paperwork: null },
      ]);
      expect(await c.readBack(`SELECT name, owner_name FROM ${c.tableOf(Owner)}`)).toEqual([
        { name: 'pointy haired', owner_name: 'pointy' },
      ]);
      expect(o1.name).toBe('pointy haired');

      await begin(sess);
      o1.name = 'catbert';
      await commit(sess);
      expect(o1.name).toBe('catbert');
      expect(await c.readBack(`SELECT name, paperwork FROM ${c.tableOf(Manager)}`)).toEqual([
        { name: 'catbert', paperwork: null },
      ]);
      expect(await c.readBack(`SELECT name, owner_name FROM ${c.tableOf(Owner)}`)).toEqual([
        { name: 'catbert', owner_name: 'pointy' },
      ]);
    });

    it(`a foreign key to a two-level subclass row follows its key [test_naturalpks.py::JoinedInheritanceTest::${passive ? 'test_fk_threelevel_passive' : 'test_fk_threelevel_nonpassive'}]`, async () => {
      const sess = c.session();
      await begin(sess);
      const m1 = make(Owner, { name: 'dogbert', paperwork: 'lots', owner_name: 'dog' });
      const e1 = make(Engineer, { name: 'dilbert', primary_language: 'java', boss: m1 });
      const e2 = make(Engineer, { name: 'wally', primary_language: 'c++', boss: m1 });
      sess.addAll([e1, e2, m1]);
      await commit(sess);
      await Promise.all([sess.refresh(e1), sess.refresh(e2)]);
      expect([e1.boss_name, e2.boss_name]).toEqual(['dogbert', 'dogbert']);
      sess.expireAll();

      await begin(sess);
      m1.name = 'pointy haired';
      e1.primary_language = 'scala';
      e2.primary_language = 'cobol';
      await commit(sess);
      await Promise.all([sess.refresh(e1), sess.refresh(e2)]);
      expect([e1.boss_name, e2.boss_name]).toEqual(['pointy haired', 'pointy haired']);
      expect(await c.readBack(`SELECT name, paperwork FROM ${c.tableOf(Manager)}`)).toEqual([
        { name: 'pointy haired', paperwork: 'lots' },
      ]);
      expect(await c.readBack(`SELECT name, owner_name FROM ${c.tableOf(Owner)}`)).toEqual([
        { name: 'pointy haired', owner_name: 'dog' },
      ]);
      const e = attrs(Engineer);
      expect((await sess.scalars(select(Engineer).orderBy(e.name))).map((x) => x.boss_name)).toEqual([
        'pointy haired',
        'pointy haired',
      ]);
    });
  });
}
