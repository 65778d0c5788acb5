/**
 * An INSERT that produces no row, from SQLAlchemy's test/orm/test_unitofwork.py
 * (NoRowInsertedTest). SQLAlchemy rewrites the statement in a cursor event to provoke it; here a
 * BEFORE INSERT trigger skips the rows (PostgreSQL: the trigger returns NULL; SQLite:
 * RAISE(IGNORE)), so the INSERT … RETURNING returns fewer rows than it was given. Like
 * SQLAlchemy's, the test runs on PostgreSQL and SQLite (MariaDB triggers cannot skip a row).
 */
import { Column, Table } from '../../lib/decorators';
import { FlushError } from '../../lib/errors';
import { instanceState } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { conformanceSuite } from './support';
import { exec, make } from './uow-helpers';

conformanceSuite(
  'test_unitofwork.py NoRowInsertedTest',
  (c) => {
    let tableName = '';
    const { MyClass } = c.entities((registry, name) => {
      tableName = name('my_table');
      @Table(tableName, { registry })
      class MyClass {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.string(50), nullable: true }) data!: string | null;
      }
      return { MyClass };
    });

    /** Skips every row whose data is not `keep`. */
    beforeAll(async () => {
      const t = c.tableOf(MyClass);
      if (c.dialect === 'postgresql') {
        await exec(
          c,
          `CREATE FUNCTION ${tableName}_skip() RETURNS trigger AS $$ BEGIN IF NEW.data = 'keep' THEN RETURN NEW; END IF; RETURN NULL; END $$ LANGUAGE plpgsql`,
        );
        await exec(
          c,
          `CREATE TRIGGER ${tableName}_skip BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION ${tableName}_skip()`,
        );
      } else {
        await exec(
          c,
          `CREATE TRIGGER ${tableName}_skip BEFORE INSERT ON ${t} FOR EACH ROW WHEN NEW.data IS NOT 'keep' BEGIN SELECT RAISE(IGNORE); END`,
        );
      }
    });
    afterAll(async () => {
      if (c.dialect === 'postgresql') await exec(c, `DROP FUNCTION ${tableName}_skip() CASCADE`);
    });
    afterEach(() => c.clear(MyClass));

    it('a single-row INSERT that returns no key fails the flush; the object stays transient [test_unitofwork.py::NoRowInsertedTest::test_insert_single_no_pk_correct_exception]', async () => {
      const s = c.session();
      const m1 = make(MyClass, { data: 'data' });
      s.add(m1);
      await expect(s.flush()).rejects.toThrow(
        /Single-row INSERT statement for MyClass did not produce a new primary key/,
      );
      expect(instanceState(m1).status).toBe('transient');
      await s.rollback();
      expect(instanceState(m1).status).toBe('transient');
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(MyClass)}`)).toEqual([]);
    });

    it('a multi-row INSERT that returns fewer keys fails the flush; no object becomes persistent [test_unitofwork.py::NoRowInsertedTest::test_insert_multi_no_pk_correct_exception]', async () => {
      const s = c.session();
      // The row kept is the last: matched by position, its key would go to the first object.
      const objs = [
        make(MyClass, { data: 'd1' }),
        make(MyClass, { data: 'd2' }),
        make(MyClass, { data: 'keep' }),
      ];
      s.addAll(objs);
      await expect(s.flush()).rejects.toThrow(FlushError);
      await s.rollback();
      s.addAll(objs);
      await expect(s.flush()).rejects.toThrow(
        /Multi-row INSERT statement for MyClass did not produce a new primary key/,
      );
      for (const m of objs) expect([instanceState(m).status, m.id]).toEqual(['transient', undefined]);
      await s.rollback();
      for (const m of objs) expect(instanceState(m).status).toBe('transient');
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(MyClass)}`)).toEqual([]);
    });
  },
  { only: ['sqlite', 'postgresql'] },
);
