/**
 * A column whose values are objects of the application's own class, stored as text by a decorated
 * type — ported from SQLAlchemy's test/orm/test_unitofworkv2.py (TypeWoBoolTest). SQLAlchemy's
 * widget class answers `==` with an object that cannot be read as a boolean, to prove the flush
 * never asks it; a JavaScript class has no `==` of its own, so what carries over is the rest of
 * each scenario: setting the attribute to null or to another widget writes it, and changing
 * another attribute leaves the widget column out of the UPDATE.
 */
import { Column, Table } from '../../lib/decorators';
import { attrs, type ColumnValue } from '../../lib/mapper';
import { select, types } from '../../lib/sql';
import { conformanceSuite } from './support';

class Widget {
  constructor(readonly text: string) {}
}

const widgetType = () =>
  types.decorated<Widget, string>(types.string(50), {
    toDriver: (w) => w.text,
    fromDriver: (s) => new Widget(s),
  });

conformanceSuite('test_unitofworkv2.py TypeWoBoolTest', (c) => {
  const { Thing } = c.entities((registry, name) => {
    @Table(name('test'), { registry })
    class Thing {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: widgetType(), nullable: true }) value?: ColumnValue<Widget> | null;
      @Column({ type: types.string(50), nullable: true }) unrelated?: string | null;
    }
    return { Thing };
  });
  afterEach(() => c.clear(Thing));

  async function addFoo(unrelated?: string): Promise<void> {
    const s = c.session();
    const t = new Thing();
    t.value = new Widget('foo');
    if (unrelated !== undefined) t.unrelated = unrelated;
    s.add(t);
    await s.commit();
  }

  async function firstThing() {
    const s = c.session();
    const [t1] = await s.scalars(select(Thing).limit(1));
    return { s, t1: t1! };
  }

  it('a widget set to null is written as NULL [test_unitofworkv2.py::TypeWoBoolTest::test_update_against_none]', async () => {
    await addFoo();
    const { s, t1 } = await firstThing();
    expect(t1.value).toBeInstanceOf(Widget);
    t1.value = null;
    await s.commit();
    expect(await s.scalar(select(attrs(Thing).value))).toBeNull();
    expect(await c.readBack(`SELECT value FROM ${c.tableOf(Thing)}`)).toEqual([{ value: null }]);
  });

  it('another widget is written as its text [test_unitofworkv2.py::TypeWoBoolTest::test_update_against_something_else]', async () => {
    await addFoo();
    const { s, t1 } = await firstThing();
    t1.value = new Widget('bar');
    await s.commit();
    const read = await c.session().scalar(select(attrs(Thing).value));
    expect(read).toBeInstanceOf(Widget);
    expect(read!.text).toBe('bar');
    expect(await c.readBack(`SELECT value FROM ${c.tableOf(Thing)}`)).toEqual([{ value: 'bar' }]);
  });

  it('changing another attribute leaves the widget out of the UPDATE [test_unitofworkv2.py::TypeWoBoolTest::test_no_update_no_change]', async () => {
    await addFoo('unrelated');
    const { s, t1 } = await firstThing();
    t1.unrelated = 'something else';
    c.sql.start();
    await s.commit();
    const sent = c.sql.stop().filter((st) => /^UPDATE/i.test(st.sql));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sql).toMatch(/SET ["`[]?unrelated["`\]]? = \S+ WHERE/);
    expect(sent[0]!.sql).not.toMatch(/["`[]?value["`\]]? =/);
    expect(sent[0]!.params).toEqual(['something else', t1.id]);
    expect((await c.session().scalar(select(attrs(Thing).value)))!.text).toBe('foo');
  });
});
