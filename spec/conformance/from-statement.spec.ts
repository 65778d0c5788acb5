/**
 * An ORM select whose rows come from another statement, `select(Entity).fromStatement(stmt)` —
 * ported from SQLAlchemy's test/orm/test_expire.py (LifecycleTest), whose
 * `query(Data).from_statement(select(Data.id))` leaves the columns the statement does not return
 * unloaded.
 *
 * Athanor never loads on attribute access: where SQLAlchemy reads the missing attribute (one
 * SELECT), the port asserts the `UnloadedAttributeError` and loads it with
 * `session.refresh(obj, ['data'])` (one SELECT).
 */
import { Column, Table } from '../../lib/decorators';
import { ArgumentError, InvalidRequestError, UnloadedAttributeError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { FromStatement, insert, select, text, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_expire.py LifecycleTest (from a statement)', (c) => {
  const { Data } = c.entities((registry, name) => {
    @Table(name('data'), { registry })
    class Data {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
    }
    return { Data };
  });
  const d = attrs(Data);
  const table = () => inspect(Data).table.name;
  const selects = () => c.sql.stop().filter((s) => /^\s*SELECT/i.test(s.sql));
  afterEach(() => c.clear(Data));

  it('columns the statement does not return are left unloaded, and one SELECT loads them [test_expire.py::LifecycleTest::test_cols_missing_in_load]', async () => {
    const seed = c.session();
    seed.add(make(Data, { id: 1, data: 'd1' }));
    await seed.commit();

    const s = c.session();
    c.sql.start();
    const [d1] = await s.scalars(select(Data).fromStatement(select(d.id)));
    const sent = selects();
    // Only the given statement runs: the entity's own SELECT is not.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sql).not.toMatch(/\bdata"?`?\s*(,|FROM)/);
    expect(d1!.id).toBe(1);
    expect(instanceState(d1!).isLoaded('data')).toBe(false);
    expect(() => d1!.data).toThrow(UnloadedAttributeError);

    c.sql.start();
    await s.refresh(d1!, ['data']);
    expect(d1!.data).toBe('d1');
    expect(selects()).toHaveLength(1);
    // The object is the session's: get() finds it without a query.
    c.sql.start();
    expect(await s.get(Data, 1)).toBe(d1);
    expect(selects()).toHaveLength(0);
  });

  it('text() rows load the entity by column name; columns no attribute maps are left out', async () => {
    await c.engine.execute(insert(inspect(Data).table).values({ id: 2, data: 'd2' } as never));
    const s = c.session();
    const typed = text(`SELECT id, data FROM ${c.tableOf(Data)} WHERE id = :id`, { id: 2 }).columns({
      id: types.integer(),
      data: types.string(30),
    });
    const [full] = await s.scalars(select(Data).fromStatement(typed));
    expect([full!.id, full!.data]).toEqual([2, 'd2']);
    await s.close();

    const s2 = c.session();
    const [partial] = await s2.scalars(
      select(Data).fromStatement(text(`SELECT id, 'x' AS extra FROM ${c.tableOf(Data)}`)),
    );
    expect(partial!.id).toBe(2);
    expect(instanceState(partial!).isLoaded('data')).toBe(false);
    expect(Object.keys(instanceState(partial!).dict)).not.toContain('extra');
  });

  it('an entity and a column item; an object the session holds is returned as it is', async () => {
    await c.engine.execute(insert(inspect(Data).table).values({ id: 3, data: 'd3' } as never));
    const s = c.session();
    const held = (await s.get(Data, 3))!;
    held.data = 'changed in memory';
    const rows = (await s.execute(select(Data, d.data).fromStatement(select(d.data, d.id)))).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe(held);
    // Autoflush wrote the change before the statement ran: the column item reads it back.
    expect(rows[0]![1]).toBe('changed in memory');
    expect(held.data).toBe('changed in memory');
  });

  it('a statement without the primary key is refused naming the entity; run as Core it is the statement itself', async () => {
    await c.engine.execute(insert(inspect(Data).table).values({ id: 4, data: 'd4' } as never));
    const s = c.session();
    await expect(s.scalars(select(Data).fromStatement(select(d.data)))).rejects.toThrow(
      new InvalidRequestError(`${Data.name}: the select does not load primary key id`),
    );
    await s.close();
    const fs = select(Data).fromStatement(select(d.data));
    expect(fs).toBeInstanceOf(FromStatement);
    expect((await c.engine.execute(fs)).all()).toEqual([{ data: 'd4' }]);
    expect(() => select(Data).fromStatement(insert(inspect(Data).table) as never)).toThrow(ArgumentError);
    expect(table()).toBeTruthy();
  });
});
