/**
 * A primary key the mapper declares on columns the table does not make its primary key, from
 * SQLAlchemy's test/orm/test_unitofworkv2.py (ORMOnlyPrimaryKeyTest): the table is created without
 * one, the object is flushed, its key read back where the database makes it, and a query finds the
 * same object through the identity map.
 *
 * SQLAlchemy's `__mapper_args__ = {"primary_key": [id]}` is `@Table(name, { primaryKey: ['id'] })`.
 * Beyond the SQLAlchemy tests: the UPDATE and DELETE of such a row name it by the mapper's key, a
 * table whose own primary key is another column, and the errors of a wrong declaration.
 *
 * Adaptations: test_a's identity column runs where the database has identity or AUTO_INCREMENT
 * columns outside the primary key — PostgreSQL, and MariaDB, which needs the column to be a key
 * (a unique index); SQLite has neither. test_b's sequence runs where the database has sequences and
 * INSERT … RETURNING (PostgreSQL, MariaDB ≥ 10.5).
 * PostgreSQL cannot type an untyped parameter in test_c's `SELECT 1` subquery, so the literal is cast.
 */
import { Column, Table } from '../../lib/decorators';
import { attrs, Registry } from '../../lib/mapper';
import { MapperPrimaryKeyError } from '../../lib/errors';
import { cast, literal, select, Sequence, sqlDefault, types } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite('test_unitofworkv2.py ORMOnlyPrimaryKeyTest', (c) => {
  const { C, D, Coded } = c.entities((registry, name) => {
    @Table(name('a_c'), { registry, primaryKey: ['id'] })
    class C {
      @Column({ type: types.integer() }) id!: number;
      @Column({ name: 'included_col', type: types.integer(), nullable: true }) includedCol!: unknown;
    }
    @Table(name('a_d'), { registry, primaryKey: ['id'] })
    class D {
      @Column({ type: types.integer() }) id!: number;
      @Column({
        name: 'updated_at',
        type: types.dateTime(),
        nullable: true,
        serverDefault: sqlDefault('CURRENT_TIMESTAMP'),
      })
      updatedAt!: Date | null;
    }
    /** The table's primary key is `row_id`; the ORM identifies rows by `code`. */
    @Table(name('coded'), { registry, primaryKey: ['code'] })
    class Coded {
      @Column({ name: 'row_id', primaryKey: true }) rowId!: number;
      @Column({ type: types.string(20) }) code!: string;
      @Column({ type: types.string(20), nullable: true }) label!: string | null;
    }
    return { C, D, Coded };
  });
  afterEach(() => c.clear(C, D, Coded));

  it('a table without a primary key is created without one', async () => {
    const table = attrs(C).id.table;
    expect(table.primaryKey).toEqual([]);
    expect(attrs(Coded).rowId.table.primaryKey.map((col) => col.name)).toEqual(['row_id']);
    // The database agrees: inserting the same id twice succeeds (nothing makes it unique).
    const s = c.session();
    s.add(Object.assign(new C(), { id: 5 }));
    await s.commit();
    const s2 = c.session();
    s2.add(Object.assign(new C(), { id: 6 }));
    await s2.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(C)} ORDER BY id`)).toEqual([{ id: 5 }, { id: 6 }]);
  });

  it('an object whose column is given an SQL expression is flushed and found again by its mapper key [test_unitofworkv2.py::ORMOnlyPrimaryKeyTest::test_c]', async () => {
    const s = c.session({ expireOnCommit: false });
    const a1 = Object.assign(new C(), {
      id: 1,
      includedCol: select(cast(literal(1), types.integer())).scalarSubquery(),
    });
    s.add(a1);
    await s.flush();
    expect(a1.id).toBe(1);
    await s.commit();
    const aa = (await s.scalars(select(C)))[0];
    expect(aa).toBe(a1);
    expect(await c.readBack(`SELECT id, included_col AS v FROM ${c.tableOf(C)}`)).toEqual([{ id: 1, v: 1 }]);
  });

  it('a server default is read back into an object identified by its mapper key [test_unitofworkv2.py::ORMOnlyPrimaryKeyTest::test_d]', async () => {
    const s = c.session({ expireOnCommit: false });
    const a1 = Object.assign(new D(), { id: 1 });
    s.add(a1);
    await s.flush();
    expect(a1.id).toBe(1);
    expect(a1.updatedAt).toBeInstanceOf(Date);
    await s.commit();
    expect((await s.scalars(select(D)))[0]).toBe(a1);
    expect(await s.get(D, 1)).toBe(a1);
    const [row] = await c.readBack(`SELECT id FROM ${c.tableOf(D)} WHERE updated_at IS NOT NULL`);
    expect(row).toEqual({ id: 1 });
  });

  it('UPDATE and DELETE find the row by the mapper key', async () => {
    const s = c.session();
    s.addAll([
      Object.assign(new C(), { id: 1, includedCol: 10 }),
      Object.assign(new C(), { id: 2, includedCol: 20 }),
    ]);
    await s.commit();

    const s2 = c.session();
    const a1 = (await s2.get(C, 1))!;
    expect(a1.includedCol).toBe(10);
    a1.includedCol = 11;
    c.sql.start();
    await s2.flush();
    const [update] = c.sql.dml();
    c.sql.stop();
    expect(update).toMatch(/^UPDATE \S+ SET \S*included_col\S* = \S+ WHERE \S*id\S* = \S+$/);
    await s2.commit();
    expect(await c.readBack(`SELECT id, included_col AS v FROM ${c.tableOf(C)} ORDER BY id`)).toEqual([
      { id: 1, v: 11 },
      { id: 2, v: 20 },
    ]);

    const a2 = (await s2.get(C, 2))!;
    await s2.delete(a2);
    c.sql.start();
    await s2.commit();
    const [del] = c.sql.dml();
    c.sql.stop();
    expect(del).toMatch(/^DELETE FROM \S+ WHERE \S*id\S* IN \(\S+\)$/);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(C)}`)).toEqual([{ id: 1 }]);
  });

  it("a table whose primary key is another column: the table's key is generated, the identity is the mapper's", async () => {
    const s = c.session({ expireOnCommit: false });
    const x = Object.assign(new Coded(), { code: 'x', label: 'one' });
    const y = Object.assign(new Coded(), { code: 'y', label: 'two' });
    s.addAll([x, y]);
    await s.flush();
    expect(typeof x.rowId).toBe('number');
    expect(y.rowId).not.toBe(x.rowId);
    expect(await s.get(Coded, 'x')).toBe(x);
    y.label = 'deux';
    c.sql.start();
    await s.commit();
    const [update] = c.sql.dml();
    c.sql.stop();
    expect(update).toMatch(/ WHERE \S*code\S* = \S+$/);

    const s2 = c.session();
    const loaded = await s2.get(Coded, 'y');
    expect(loaded?.label).toBe('deux');
    expect(loaded?.rowId).toBe(y.rowId);
    expect(await c.readBack(`SELECT code, label FROM ${c.tableOf(Coded)} ORDER BY code`)).toEqual([
      { code: 'x', label: 'one' },
      { code: 'y', label: 'deux' },
    ]);
  });
});

conformanceSuite(
  'test_unitofworkv2.py ORMOnlyPrimaryKeyTest (identity column)',
  (c) => {
    const { A } = c.entities((registry, name) => {
      @Table(name('a_a'), { registry, primaryKey: ['id'] })
      class A {
        // MariaDB accepts AUTO_INCREMENT only on a key: the unique index is that key.
        @Column({ type: types.integer(), autoincrement: true, unique: true }) id!: number;
        @Column({ name: 'included_col', type: types.integer(), nullable: true }) includedCol!: number | null;
      }
      return { A };
    });
    afterEach(() => c.clear(A));

    it('an identity column outside the table key is the mapper key, read back by the INSERT [test_unitofworkv2.py::ORMOnlyPrimaryKeyTest::test_a]', async () => {
      const s = c.session({ expireOnCommit: false });
      const a1 = new A();
      s.add(a1);
      c.sql.start();
      await s.flush();
      const [insert] = c.sql.dml();
      c.sql.stop();
      expect(insert).toMatch(/ RETURNING /);
      expect(a1.id).toBe(1);
      await s.commit();
      expect((await s.scalars(select(A)))[0]).toBe(a1);
      expect(attrs(A).id.table.primaryKey).toEqual([]);
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(A)}`)).toEqual([{ id: 1 }]);
    });
  },
  { only: ['postgresql', 'mysql'] },
);

conformanceSuite(
  'test_unitofworkv2.py ORMOnlyPrimaryKeyTest (sequence)',
  (c) => {
    const seq = new Sequence(c.uniqueName('x_seq'));
    const { A } = c.entities((registry, name) => {
      @Table(name('a_b'), { registry, primaryKey: ['id'] })
      class A {
        @Column({ type: types.integer(), serverDefault: seq.nextValue() }) id!: number;
        @Column({ name: 'included_col', type: types.integer(), nullable: true }) includedCol!: number | null;
      }
      return { A };
    });
    afterEach(() => c.clear(A));

    it("a sequence's next value as the server default of the mapper key, read back by the INSERT [test_unitofworkv2.py::ORMOnlyPrimaryKeyTest::test_b]", async () => {
      const s = c.session({ expireOnCommit: false });
      const a1 = new A();
      s.add(a1);
      c.sql.start();
      await s.flush();
      const dml = c.sql.dml();
      c.sql.stop();
      expect(dml).toHaveLength(1);
      expect(dml[0]).toMatch(/^INSERT .* RETURNING /);
      expect(a1.id).toBe(1);
      await s.commit();
      expect((await s.scalars(select(A)))[0]).toBe(a1);
      expect(attrs(A).id.table.primaryKey).toEqual([]);
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(A)}`)).toEqual([{ id: 1 }]);
    });
  },
  { only: ['postgresql', 'mysql'] },
);

describe('@Table primaryKey declarations', () => {
  function configureError(build: (registry: Registry) => void): MapperPrimaryKeyError {
    const registry = new Registry();
    build(registry);
    try {
      registry.configure();
    } catch (e) {
      expect(e).toBeInstanceOf(MapperPrimaryKeyError);
      return e as MapperPrimaryKeyError;
    }
    throw new Error('configure() did not throw');
  }

  it('naming an attribute that is not a column raises, naming the entity and the attribute', () => {
    const e = configureError((registry) => {
      @Table('pk_unknown', { registry, primaryKey: ['id', 'nope'] })
      class Thing {
        @Column({ type: types.integer() }) id!: number;
      }
      void Thing;
    });
    expect(e.entity).toBe('Thing');
    expect(e.attribute).toBe('nope');
    expect(e.message).toBe("Thing: primaryKey names 'nope', which is not a column attribute of Thing");
  });

  it('an empty list raises', () => {
    const e = configureError((registry) => {
      @Table('pk_empty', { registry, primaryKey: [] })
      class Empty {
        @Column({ type: types.integer() }) id!: number;
      }
      void Empty;
    });
    expect(e.entity).toBe('Empty');
    expect(e.message).toMatch(/names no attribute/);
  });

  it('declaring it on a subclass raises', () => {
    const e = configureError((registry) => {
      @Table('pk_base', { registry, polymorphicOn: 'kind' })
      class Base {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.string(10) }) kind!: string;
      }
      @Table({ registry, polymorphicIdentity: 'sub', primaryKey: ['kind'] })
      class Sub extends Base {}
      void Sub;
    });
    expect(e.entity).toBe('Sub');
    expect(e.message).toMatch(/belongs on the base class Base/);
  });

  it('a single-table subclass shares its base class mapper key', () => {
    const registry = new Registry();
    @Table('pk_shared', {
      registry,
      primaryKey: ['code'],
      polymorphicOn: 'kind',
      polymorphicIdentity: 'base',
    })
    class Base {
      @Column({ type: types.string(10) }) code!: string;
      @Column({ type: types.string(10) }) kind!: string;
    }
    @Table({ registry, polymorphicIdentity: 'sub' })
    class Sub extends Base {}
    void Sub;
    registry.configure();
    const m = registry.mappers.find((x) => x.name === 'Sub')!;
    expect(m.primaryKeyProps.map((p) => p.key)).toEqual(['code']);
    expect(m.table.primaryKey).toEqual([]);
  });
});
