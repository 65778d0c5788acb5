/**
 * What an object holds after its INSERT for columns it gave no value — ported from SQLAlchemy's
 * test/orm/test_expire.py (LifecycleTest).
 *
 * A plain nullable column is NULL in the object (nothing to read). A column the database fills
 * (a server default) is read back by the flush itself: with RETURNING in the INSERT where the
 * dialect has it (PostgreSQL, SQLite, MariaDB), else by one SELECT by key — SQLAlchemy's
 * `eager_defaults`. Athanor always does so (SQLAlchemy's default expires such a column on a
 * database without RETURNING and loads it on access, which Athanor cannot do).
 */
import { Column, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite('test_expire.py LifecycleTest', (c) => {
  const { Data, DataFetched } = c.entities((registry, name) => {
    @Table(name('data'), { registry })
    class Data {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
    }
    @Table(name('data_fetched'), { registry })
    class DataFetched {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true, serverDefault: 'fetched' }) data!: string | null;
    }
    return { Data, DataFetched };
  });
  afterEach(() => c.clear(Data, DataFetched));
  const selects = () => c.sql.stop().filter((s) => /^\s*SELECT/i.test(s.sql)).length;

  it('a nullable column the INSERT did not write reads as null without a query [test_expire.py::LifecycleTest::test_attr_not_inserted]', async () => {
    const s = c.session();
    const d1 = new Data();
    s.add(d1);
    await s.flush();
    c.sql.start();
    expect(d1.data).toBeNull();
    expect(c.sql.stop()).toEqual([]);
  });

  it('after expire() the unwritten column is loaded with one statement [test_expire.py::LifecycleTest::test_attr_not_inserted_expired]', async () => {
    const s = c.session({ autoflush: false });
    const d1 = new Data();
    s.add(d1);
    await s.flush();
    s.expire(d1);
    c.sql.start();
    await s.get(Data, d1.id);
    expect(selects()).toBe(1);
    expect(d1.data).toBeNull();
  });

  it('a server default is read back by the flush: RETURNING where the dialect has it, else one SELECT by key [test_expire.py::LifecycleTest::test_attr_not_inserted_fetched]', async () => {
    const s = c.session();
    const d1 = new DataFetched();
    const d2 = Object.assign(new DataFetched(), { data: 'given' });
    s.addAll([d1, d2]);
    c.sql.start();
    await s.flush();
    const sent = c.sql.stop().map((st) => st.sql);
    const returning = c.dialect !== 'mysql';
    const inserts = sent.filter((sql) => /^\s*INSERT/i.test(sql));
    expect(inserts.every((sql) => /RETURNING/i.test(sql))).toBe(returning);
    expect(sent.filter((sql) => /^\s*SELECT/i.test(sql)).length).toBe(returning ? 0 : 1);
    expect(instanceState(d1).isExpired('data')).toBe(false);
    c.sql.start();
    expect([d1.data, d2.data]).toEqual(['fetched', 'given']);
    expect(c.sql.stop()).toEqual([]);
    await s.commit();
    expect(await c.readBack(`SELECT data FROM ${c.tableOf(DataFetched)} ORDER BY id`)).toEqual([
      { data: 'fetched' },
      { data: 'given' },
    ]);
  });
});
