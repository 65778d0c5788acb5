/**
 * The SET clause of an ORM bulk UPDATE, from SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py
 * (UpdateDeleteTest). `values()` takes an object keyed by attribute name, and a JavaScript object
 * keeps its keys in insertion order: the SET clause follows it, which is what SQLAlchemy's
 * ordered_values() / preserve_parameter_order provide. A list of parameter sets is refused.
 */
import { ArgumentError } from '../../lib/errors';
import { attrs } from '../../lib/mapper';
import { executeBulk, ormUpdate } from '../../lib/session';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest (SET clause)', (c) => {
  const { User } = usersFixture(c);
  const u = attrs(User);

  /** The column names of the SET clause of the one UPDATE sent while `run` runs. */
  async function setColumns(run: () => Promise<unknown>): Promise<string[]> {
    c.sql.start();
    await run();
    const updates = c.sql.stop().filter((s) => /^\s*UPDATE/i.test(s.sql));
    expect(updates).toHaveLength(1);
    const set = /\bSET (.*?) WHERE\b/.exec(updates[0]!.sql)![1]!;
    return [...set.matchAll(/(?:^|, )(?:\S+\.)?[`"]?(\w+)[`"]? = /g)].map((m) => m[1]!);
  }

  it('an UPDATE of several attributes sets each of them [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_unordered_dict]', async () => {
    const s = c.session();
    const cols = await setColumns(() =>
      executeBulk(s, ormUpdate(User).where(u.id.eq(3)).values({ name: 'foob', age: 123 })),
    );
    expect([...cols].sort()).toEqual(['age_int', 'name']);
    await s.commit();
    expect(await c.readBack(`SELECT name, age_int FROM ${c.tableOf(User)} WHERE id = 3`)).toEqual([
      { name: 'foob', age_int: 123 },
    ]);
  });

  it('the SET clause follows the order of the values given [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_preserve_parameter_order]', async () => {
    const s = c.session();
    expect(
      await setColumns(() =>
        executeBulk(s, ormUpdate(User).where(u.id.eq(15)).values({ age: 123, name: 'foob' })),
      ),
    ).toEqual(['age_int', 'name']);
    expect(
      await setColumns(() =>
        executeBulk(s, ormUpdate(User).where(u.id.eq(15)).values({ name: 'foob', age: 123 })),
      ),
    ).toEqual(['name', 'age_int']);
    // Values given in two calls keep the order of the calls.
    expect(
      await setColumns(() =>
        executeBulk(s, ormUpdate(User).where(u.id.eq(15)).values({ name: 'foob' }).values({ age: 1 })),
      ),
    ).toEqual(['name', 'age_int']);
  });

  it('refuses several parameter sets, naming the entity [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_multi_values_error]', async () => {
    const s = c.session();
    const several = [{ id: 123 }, { name: 'foob' }] as unknown as { name: string };
    expect(() => ormUpdate(User).where(u.id.eq(15)).values(several)).toThrow(ArgumentError);
    expect(() => ormUpdate(User).where(u.id.eq(15)).values(several)).toThrow(
      /^ormUpdate\(User\)\.values\(\) takes one object of values by attribute name; an UPDATE does not take several parameter sets$/,
    );
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)} ORDER BY id`)).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
      { id: 4 },
    ]);
  });
});
