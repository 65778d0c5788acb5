/**
 * Writing a deferred column — ported from SQLAlchemy's test/orm/test_unitofwork.py
 * (SaveTest::test_deferred): a deferred attribute that was never loaded can be set (to a value or
 * to null) without loading it, and the flush writes it.
 */
import { attrs, instanceState } from '../../lib/mapper';
import { select } from '../../lib/sql';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_unitofwork.py SaveTest (deferred columns)', (c) => {
  const { Order } = expireModel(c, { rows: false, deferred: { orderDescription: true } });
  const o = attrs(Order);
  const rows = () =>
    c
      .readBack(`SELECT * FROM ${c.tableOf(Order)}`)
      .then((r) =>
        r.map((x) => [
          Number(x['id']),
          x['user_id'] ?? null,
          x['address_id'] ?? null,
          x['description'] ?? null,
          x['isopen'] ?? null,
        ]),
      );

  it('an unloaded deferred attribute is set and flushed without loading it [test_unitofwork.py::SaveTest::test_deferred]', async () => {
    const s = c.session();
    const o1 = make(Order, { id: 42 });
    s.add(o1);
    await s.commit();

    o1.description = 'foo';
    await s.commit();
    expect(await rows()).toEqual([[42, null, null, 'foo', null]]);
    s.expungeAll();

    const [o2] = await s.scalars(select(Order).where(o.description.eq('foo')));
    expect(instanceState(o2!).isDeferred('description')).toBe(true);
    c.sql.start();
    o2!.description = 'hoho';
    expect(c.sql.stop()).toEqual([]);
    await s.flush();
    await s.commit();
    expect(await rows()).toEqual([[42, null, null, 'hoho', null]]);
    s.expungeAll();

    const [o3] = await s.scalars(select(Order).where(o.description.eq('hoho')));
    expect(instanceState(o3!).isLoaded('description')).toBe(false);
    o3!.description = null;
    await s.flush();
    await s.commit();
    expect(await rows()).toEqual([[42, null, null, null, null]]);
  });
});
