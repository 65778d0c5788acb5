/**
 * Deferred columns and expiry — ported from SQLAlchemy's test/orm/test_expire.py (ExpireTest,
 * LifecycleTest).
 *
 * SQLAlchemy loads a deferred column on first access; Athanor never loads on access: reading an
 * unloaded deferred attribute raises `UnloadedAttributeError` and `session.refresh(obj, [key])`
 * loads it (one SELECT of that column by key). Where SQLAlchemy unexpires an object by reading one
 * of its expired attributes, the port calls `get()`, which reads the row the entity SELECT reads:
 * without the deferred columns, as SQLAlchemy's unexpire.
 */
import { ObjectDeletedError, UnloadedAttributeError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { Column, Table } from '../../lib/decorators';
import { defer, makeTransientToDetached, undefer } from '../../lib/session';
import { deleteFrom, insert, select, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

const selects = (sent: readonly { sql: string }[]): string[] =>
  sent.map((s) => s.sql).filter((sql) => /^\s*SELECT/i.test(sql));

conformanceSuite('test_expire.py ExpireTest (deferred columns)', (c) => {
  const { User, Order } = expireModel(c, { deferred: { userName: true, orderDescription: true } });
  const o = attrs(Order);

  it('an expired object lists its deferred column as expired; loading the row clears expiry and leaves it unloaded [test_expire.py::ExpireTest::test_deferred]', async () => {
    const s = c.session();
    c.sql.start();
    const o1 = (await s.scalars(select(Order).orderBy(o.id).limit(1)))[0]!;
    const [sql] = selects(c.sql.stop());
    expect(sql).toMatch(/isopen/);
    expect(sql).not.toMatch(/description/);
    const st = instanceState(o1);
    expect(st.isLoaded('description')).toBe(false);
    expect(st.isDeferred('description')).toBe(true);

    s.expire(o1);
    // Athanor keeps the primary key of an expired object readable (its identity).
    for (const key of ['isopen', 'addressId', 'userId', 'description'])
      expect([key, st.isExpired(key)]).toEqual([key, true]);
    expect(st.isExpired('id')).toBe(false);

    // SQLAlchemy's unexpire by reading isopen.
    expect(() => o1.isopen).toThrow(UnloadedAttributeError);
    expect(await s.get(Order, 1)).toBe(o1);
    expect(o1.isopen).not.toBeNull();
    expect(st.expiredAll).toBe(false);
    expect(st.expired.size).toBe(0);
    // The deferred column was not read with the row.
    expect(st.isLoaded('description')).toBe(false);
    expect(() => o1.description).toThrow(UnloadedAttributeError);
    expect(() => o1.description).toThrow(/Order\.description is deferred and not loaded/);

    c.sql.start();
    await s.refresh(o1, ['description']);
    const [load] = selects(c.sql.stop());
    expect(load).toMatch(/description/);
    expect(load).not.toMatch(/isopen/);
    expect(o1.description).toBe('order 1');
  });

  it('loading a deferred column of an object whose row is gone raises ObjectDeletedError [test_expire.py::ExpireTest::test_deferred_notfound]', async () => {
    const s = c.session();
    const u = (await s.get(User, 10))!;
    expect(instanceState(u).isLoaded('name')).toBe(false);
    await s.execute(deleteFrom(attrs(User).id.table).where(attrs(User).id.eq(10)));
    await expect(s.refresh(u, ['name'])).rejects.toThrow(ObjectDeletedError);
    await expect(s.refresh(u, ['name'])).rejects.toThrow(
      /has been deleted, or its row is otherwise not present/,
    );
  });

  it('an expired attribute and an expired deferred one take two loads, in either order [test_expire.py::ExpireTest::test_partial_expire_deferred]', async () => {
    const s = c.session({ autoflush: false });
    const ord = (await s.get(Order, 3))!;
    const st = instanceState(ord);
    await s.refresh(ord, ['description']);
    s.expire(ord, ['description', 'isopen']);
    expect([st.isLoaded('isopen'), st.isLoaded('description')]).toEqual([false, false]);

    // Loading the row for isopen does not read the deferred column.
    c.sql.start();
    await s.get(Order, 3);
    expect(ord.isopen).toBe(1);
    expect(() => ord.description).toThrow(UnloadedAttributeError);
    await s.refresh(ord, ['description']);
    expect(ord.description).toBe('order 3');
    expect(selects(c.sql.stop())).toHaveLength(2);

    s.expire(ord, ['description', 'isopen']);
    // Loading the deferred column does not load the rest of the row.
    c.sql.start();
    await s.refresh(ord, ['description']);
    expect(ord.description).toBe('order 3');
    expect(() => ord.isopen).toThrow(UnloadedAttributeError);
    await s.get(Order, 3);
    expect(ord.isopen).toBe(1);
    expect(selects(c.sql.stop())).toHaveLength(2);
  });

  it('an object made detached from a transient one and added loads its row without the deferred column [test_expire.py::ExpireTest::test_deferred_expire_w_transient_to_detached]', async () => {
    const s = c.session();
    const item = make(Order, { id: 1 });
    makeTransientToDetached(item);
    s.add(item);
    expect(() => item.isopen).toThrow(UnloadedAttributeError);
    await s.get(Order, 1);
    expect(item.isopen).toBe(0);
    expect(instanceState(item).isLoaded('description')).toBe(false);
    expect(() => item.description).toThrow(UnloadedAttributeError);
  });

  it('expiring the whole object and loading it back leaves the deferred column unloaded [test_expire.py::ExpireTest::test_deferred_expire_normally]', async () => {
    const s = c.session();
    const item = (await s.scalars(select(Order).orderBy(o.id).limit(1)))[0]!;
    s.expire(item);
    await s.get(Order, item.id);
    expect(item.isopen).toBe(0);
    expect(instanceState(item).isLoaded('description')).toBe(false);
  });

  it('expiring the deferred column by name and loading the row leaves it unloaded [test_expire.py::ExpireTest::test_deferred_expire_explicit_attrs]', async () => {
    const s = c.session();
    const item = (await s.scalars(select(Order).orderBy(o.id).limit(1)))[0]!;
    await s.refresh(item, ['description']);
    expect(item.description).toBe('order 1');
    s.expire(item, ['isopen', 'description']);
    await s.get(Order, item.id);
    expect(item.isopen).toBe(0);
    expect(instanceState(item).isLoaded('description')).toBe(false);
    expect(instanceState(item).isDeferred('description')).toBe(true);
  });

  it('undefer() reads a deferred column with the row; expiring it makes it deferred again [test_expire.py::ExpireTest::test_deferred]', async () => {
    const s = c.session();
    c.sql.start();
    const [item] = await s.scalars(select(Order).where(o.id.eq(2)).options(undefer(o.description)));
    const [sql] = selects(c.sql.stop());
    expect(sql).toMatch(/description/);
    expect(item!.description).toBe('order 2');
    s.expire(item!, ['description']);
    await s.get(Order, 2);
    expect(instanceState(item!).isDeferred('description')).toBe(true);
  });
});

conformanceSuite('test_expire.py ExpireTest (defer() option)', (c) => {
  const { Order } = expireModel(c);
  const o = attrs(Order);

  it('defer() leaves a column out of one query; once loaded, expiring it with another makes the row load both [test_expire.py::ExpireTest::test_partial_expire_deferred]', async () => {
    const s = c.session({ autoflush: false });
    c.sql.start();
    const [ord] = await s.scalars(select(Order).where(o.id.eq(3)).options(defer(o.description)));
    const [sql] = selects(c.sql.stop());
    expect(sql).not.toMatch(/description/);
    expect(sql).toMatch(/isopen/);
    const st = instanceState(ord!);
    expect(st.isLoaded('description')).toBe(false);
    expect(() => ord!.description).toThrow(UnloadedAttributeError);

    c.sql.start();
    await s.refresh(ord!, ['description']);
    expect(ord!.description).toBe('order 3');
    expect(selects(c.sql.stop())).toHaveLength(1);
    expect([st.isLoaded('description'), st.isLoaded('isopen')]).toEqual([true, true]);

    // The column is not deferred by its mapping: loading the row fills both.
    s.expire(ord!, ['description', 'isopen']);
    c.sql.start();
    await s.get(Order, 3);
    expect([ord!.isopen, ord!.description]).toEqual([1, 'order 3']);
    expect(selects(c.sql.stop())).toHaveLength(1);
  });

  it('defer() of a column no selected entity has is refused', async () => {
    const s = c.session();
    const other = attrs(Order).id;
    await expect(s.scalars(select(o.id).options(defer(other)))).rejects.toThrow(
      /names no column of an entity the statement selects/,
    );
  });
});

conformanceSuite('test_expire.py LifecycleTest (deferred columns)', (c) => {
  const { Data } = c.entities((registry, name) => {
    @Table(name('data_defer'), { registry })
    class Data {
      @Column({ primaryKey: true, autoincrement: true }) id!: number;
      @Column({ type: types.string(30), nullable: true, deferred: true }) data!: string | null;
    }
    return { Data };
  });
  const d = attrs(Data);
  beforeEach(() => c.engine.execute(insert(d.id.table).values({ id: 1, data: 'd1' } as never)));
  afterEach(() => c.clear(Data));

  it('a populating load without the deferred column drops its loaded value and a change made on a detached copy [test_expire.py::LifecycleTest::test_deferred_cols_missing_in_load_state_reset]', async () => {
    const s1 = c.session();
    const [d1] = await s1.scalars(select(Data).options(undefer(d.data)));
    expect(d1!.data).toBe('d1');
    await s1.close();
    d1!.data = 'd2';

    const s2 = c.session();
    const [fresh] = await s2.scalars(select(Data), { populateExisting: true });
    expect(fresh).not.toBe(d1);
    expect(instanceState(fresh!).isDeferred('data')).toBe(true);
    c.sql.start();
    await s2.refresh(fresh!, ['data']);
    expect(fresh!.data).toBe('d1');
    expect(selects(c.sql.stop())).toHaveLength(1);

    // In one session: the loaded (unchanged) value is dropped by a populating load that does
    // not read the column.
    const [again] = await s2.scalars(select(Data), { populateExisting: true });
    expect(again).toBe(fresh);
    expect(instanceState(fresh!).isDeferred('data')).toBe(true);
    expect(() => fresh!.data).toThrow(UnloadedAttributeError);
  });
});
