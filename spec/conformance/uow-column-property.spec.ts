/**
 * Expression attributes and the flush — ported from SQLAlchemy's test/orm/test_unitofwork.py
 * (ColumnPropertyTest): `aplusb` is `a || ' ' || b`, computed by the entity SELECT, never written;
 * a flush that writes the row expires it (unless `expireOnFlush: false`), an assigned value is
 * kept, and a deferred one is loaded on its own.
 *
 * SQLAlchemy loads an expired or deferred attribute when it is read; Athanor never loads on
 * access: reading raises `UnloadedAttributeError` and `session.refresh(obj, ['aplusb'])` loads it
 * (one SELECT of the expression by key). SQLAlchemy's unexpire by reading `d1.b` is `get()`,
 * which reads the row the entity SELECT reads.
 */
import { Column, ExpressionProperty, Table } from '../../lib/decorators';
import { UnloadedAttributeError } from '../../lib/errors';
import { attrs, instanceState, type Attrs } from '../../lib/mapper';
import type { ExpressionPropertyOptions } from '../../lib/mapper/declaration';
import { literalColumn, select, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite, type ConformanceContext } from './support';

function dataModel(c: ConformanceContext, options: ExpressionPropertyOptions) {
  return c.entities((registry, name) => {
    @Table(name('data'), { registry })
    class Data {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50), nullable: true }) a!: string | null;
      @Column({ type: types.string(50), nullable: true }) b!: string | null;
      @ExpressionProperty((d: Attrs<Data>) => d.a.concat(literalColumn<string>("' '")).concat(d.b), options)
      aplusb!: string | null;
    }
    return { Data };
  });
}

const selects = (sql: readonly string[]): string[] => sql.filter((s) => /^\s*SELECT/i.test(s));

/**
 * SQLAlchemy's `ColumnPropertyTest._test`: `expectExpiry` — the flush expires `aplusb`;
 * `deferred` — it is deferred and a fresh load leaves it out.
 */
function portedTest(
  c: ConformanceContext,
  Data: ReturnType<typeof dataModel>['Data'],
  expectExpiry: boolean,
  deferred: boolean,
): () => Promise<void> {
  return async () => {
    const s = c.session();
    const d1 = make(Data, { a: 'hello', b: 'there' });
    s.add(d1);
    c.sql.start();
    await s.flush();
    // The INSERT writes the columns only.
    const [ins] = c.sql.dml();
    expect(ins).toMatch(/^INSERT/);
    expect(ins).not.toMatch(/aplusb/);
    // Never read yet: the INSERT expires it (or, deferred, it is deferred).
    expect(instanceState(d1).isDeferred('aplusb')).toBe(deferred);
    expect(() => d1.aplusb).toThrow(UnloadedAttributeError);
    await s.refresh(d1, ['aplusb']);
    const [load] = selects(c.sql.stop().map((x) => x.sql));
    expect(load).toMatch(/aplusb/);
    expect(d1.aplusb).toBe('hello there');

    d1.b = 'bye';
    await s.flush();
    if (expectExpiry) {
      expect(() => d1.aplusb).toThrow(UnloadedAttributeError);
      await s.refresh(d1, ['aplusb']);
      expect(d1.aplusb).toBe('hello bye');
    } else {
      expect(d1.aplusb).toBe('hello there');
    }

    d1.b = 'foobar';
    d1.aplusb = 'im setting this explicitly';
    c.sql.start();
    await s.flush();
    const [upd] = c.sql.dml();
    expect(upd).toMatch(/^UPDATE/);
    expect(upd).not.toMatch(/aplusb/);
    c.sql.stop();
    expect(d1.aplusb).toBe('im setting this explicitly');
    await s.commit();
    expect(await c.readBack(`SELECT a, b FROM ${c.tableOf(Data)}`)).toEqual([{ a: 'hello', b: 'foobar' }]);
    await s.close();

    // A fresh load: the deferred attribute is never read when the row is loaded back.
    const s2 = c.session();
    const [d2] = await s2.scalars(select(Data).limit(1));
    d2!.b = 'so long';
    await s2.flush();
    s2.expireAll();
    expect(await s2.get(Data, d2!.id)).toBe(d2);
    expect(d2!.b).toBe('so long');
    expect(instanceState(d2!).isLoaded('aplusb')).toBe(!deferred);
    if (deferred) {
      expect(() => d2!.aplusb).toThrow(/Data\.aplusb is deferred and not loaded/);
      await s2.refresh(d2!, ['aplusb']);
    }
    expect(d2!.aplusb).toBe('hello so long');
  };
}

conformanceSuite('test_unitofwork.py ColumnPropertyTest (default)', (c) => {
  const { Data } = dataModel(c, {});
  afterEach(() => c.clear(Data));

  it(
    'a flush expires the expression attribute; an assigned value is kept and never written [test_unitofwork.py::ColumnPropertyTest::test_refreshes]',
    portedTest(c, Data, true, false),
  );
});

conformanceSuite('test_unitofwork.py ColumnPropertyTest (expireOnFlush: false)', (c) => {
  const { Data } = dataModel(c, { expireOnFlush: false });
  afterEach(() => c.clear(Data));

  it(
    'with expireOnFlush false a loaded value survives the flush; one never loaded is still read [test_unitofwork.py::ColumnPropertyTest::test_no_refresh_ro_column_property_no_expire_on_flush]',
    portedTest(c, Data, false, false),
  );
});

conformanceSuite('test_unitofwork.py ColumnPropertyTest (expireOnFlush: true)', (c) => {
  const { Data } = dataModel(c, { expireOnFlush: true });
  afterEach(() => c.clear(Data));

  it(
    'with expireOnFlush true the flush expires it [test_unitofwork.py::ColumnPropertyTest::test_no_refresh_ro_column_property_expire_on_flush]',
    portedTest(c, Data, true, false),
  );
});

conformanceSuite('test_unitofwork.py ColumnPropertyTest (deferred, expireOnFlush: false)', (c) => {
  const { Data } = dataModel(c, { deferred: true, expireOnFlush: false });
  afterEach(() => c.clear(Data));

  it(
    'a deferred expression without expiry: loaded once, kept through flushes, left out of a fresh load [test_unitofwork.py::ColumnPropertyTest::test_no_refresh_ro_deferred_no_expire_on_flush]',
    portedTest(c, Data, false, true),
  );
});

conformanceSuite('test_unitofwork.py ColumnPropertyTest (deferred, expireOnFlush: true)', (c) => {
  const { Data } = dataModel(c, { deferred: true, expireOnFlush: true });
  afterEach(() => c.clear(Data));

  it(
    'a deferred expression that was loaded is expired by the flush; never loaded, it stays deferred [test_unitofwork.py::ColumnPropertyTest::test_no_refresh_ro_deferred_expire_on_flush]',
    portedTest(c, Data, true, true),
  );
});

conformanceSuite('test_unitofwork.py ColumnPropertyTest (inheritance)', (c) => {
  const { Data, SubData } = c.entities((registry, name) => {
    @Table(name('data'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'data' })
    class Data {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20), nullable: true }) type!: string | null;
      @Column({ type: types.string(50), nullable: true }) a!: string | null;
      @Column({ type: types.string(50), nullable: true }) b!: string | null;
      @ExpressionProperty((d: Attrs<Data>) => d.a.concat(literalColumn<string>("' '")).concat(d.b))
      aplusb!: string | null;
    }
    @Table(name('subdata'), { registry, polymorphicIdentity: 'sub' })
    class SubData extends Data {
      @Column({ type: types.string(50), nullable: true }) c!: string | null;
    }
    return { Data, SubData };
  });
  afterEach(() => c.clear(SubData, Data));

  it('a joined-inheritance subclass computes the inherited expression over the base table [test_unitofwork.py::ColumnPropertyTest::test_with_inheritance]', async () => {
    const s = c.session();
    const sd1 = make(SubData, { a: 'hello', b: 'there', c: 'hi' });
    s.add(sd1);
    await s.flush();
    expect(() => sd1.aplusb).toThrow(UnloadedAttributeError);
    await s.refresh(sd1, ['aplusb']);
    expect(sd1.aplusb).toBe('hello there');
    // Loaded through the base class, polymorphically: the subclass object has it too.
    await s.commit();
    s.expungeAll();
    const [loaded] = await s.scalars(select(Data).where(attrs(Data).aplusb.eq('hello there')));
    expect(loaded).toBeInstanceOf(SubData);
    expect(loaded!.aplusb).toBe('hello there');
    expect((loaded as InstanceType<typeof SubData>).c).toBe('hi');
  });
});
