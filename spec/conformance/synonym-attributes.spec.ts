/**
 * `@Synonym`: another name for a column attribute — ported from SQLAlchemy's tests of
 * `synonym()`: test_expire.py (ExpireTest::test_expire_synonym), test_merge.py
 * (MergeTest::test_synonym), test_session.py (IsModifiedTest::test_is_modified_syn) and
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest::test_evaluate_*synonym*).
 *
 * SQLAlchemy reads an expired attribute by loading it; Athanor raises there and the port loads
 * the row with `get()`. ORM bulk `values()` are keyed by attribute name, so SQLAlchemy's string
 * key and attribute key are both the synonym's name here.
 */
import { UnloadedAttributeError } from '../../lib/errors';
import { Column, Synonym, Table } from '../../lib/decorators';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { executeBulk, ormUpdate } from '../../lib/session';
import { insert, select, types, update } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('synonym attributes', (c) => {
  const { User, Foo } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) name!: string | null;
      @Synonym('name') uname!: string | null;
      @Synonym('id') uid!: number;
      private value_: unknown;
      /** A plain accessor beside the mapped attributes: never mapped, never merged. */
      get value(): unknown {
        return this.value_;
      }
      set value(v: unknown) {
        this.value_ = v;
      }
    }
    @Table(name('foo'), { registry })
    class Foo {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(32), nullable: true }) name!: string | null;
      @Column({ type: types.integer(), name: 'age_int', nullable: true }) age!: number | null;
      @Synonym('name') uname!: string | null;
      @Synonym('uname') ufoo!: string | null;
    }
    return { User, Foo };
  });
  const u = attrs(User);
  beforeEach(async () => {
    await c.engine.execute(
      insert(inspect(User).table).values([
        { id: 7, name: 'jack' },
        { id: 8, name: 'ed' },
      ] as never),
    );
    await c.engine.execute(
      insert(inspect(Foo).table).values([
        { id: 1, name: 'john', age: 25 },
        { id: 2, name: 'jack', age: 47 },
        { id: 3, name: 'jill', age: 29 },
        { id: 4, name: 'jane', age: 37 },
      ] as never),
    );
  });
  afterEach(() => c.clear(User, Foo));

  it('a synonym reads the column attribute, which expiry unloads and a load of the row fills [test_expire.py::ExpireTest::test_expire_synonym]', async () => {
    const s = c.session();
    const user = (await s.get(User, 7))!;
    expect(instanceState(user).isLoaded('name')).toBe(true);
    expect(user.uname).toBe(user.name);
    expect(user.uname).toBe('jack');

    s.expire(user);
    expect(instanceState(user).isLoaded('name')).toBe(false);
    expect(() => user.uname).toThrow(UnloadedAttributeError);
    expect(() => user.uname).toThrow(/User\.name is expired/);
    await s.execute(update(u.id.table).set({ name: 'jack2' }).where(u.id.eq(7)));
    await s.get(User, 7);
    expect(user.name).toBe('jack2');
    expect(user.uname).toBe('jack2');
    expect(instanceState(user).isLoaded('name')).toBe(true);

    // Unlike SQLAlchemy, expiring the synonym by name expires its column.
    s.expire(user, ['uname']);
    expect(instanceState(user).isLoaded('name')).toBe(false);
    await s.execute(update(u.id.table).set({ name: 'jack3' }).where(u.id.eq(7)));
    await s.refresh(user, ['uname']);
    expect(user.uname).toBe('jack3');
  });

  it('a synonym is a query attribute: its column', async () => {
    const s = c.session();
    expect(u.uname).toBe(u.name);
    const found = await s.scalars(select(User).where(u.uname.eq('ed')));
    expect(found.map((x) => x.id)).toEqual([8]);
  });

  it('setting the synonym makes a new object modified; committed, it is not [test_session.py::IsModifiedTest::test_is_modified_syn]', async () => {
    const s = c.session();
    const user = make(User, { id: 20, uname: 'fred' });
    expect(user.name).toBe('fred');
    expect(s.isModified(user)).toBe(true);
    s.add(user);
    await s.commit();
    expect(s.isModified(user)).toBe(false);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)} WHERE id = 20`)).toEqual([{ name: 'fred' }]);
  });

  it('merging an object with a synonym of its key and a plain accessor copies the mapped values [test_merge.py::MergeTest::test_synonym]', async () => {
    const s = c.session();
    const user = make(User, { id: 30 });
    user.name = 'ed';
    user.value = 'not mapped';
    s.add(user);
    await s.flush();
    s.expunge(user);
    const merged = await s.merge(user);
    expect(merged).not.toBe(user);
    expect(instanceState(merged).status).toBe('persistent');
    expect([merged.uid, merged.uname]).toEqual([30, 'ed']);
    expect(merged.value).toBeUndefined();
  });

  for (const [title, key] of [
    ['test_evaluate_synonym_string', 'uname'],
    ['test_evaluate_synonym_attr', 'uname'],
    ['test_evaluate_double_synonym_attr', 'ufoo'],
  ] as const) {
    it(`a bulk UPDATE setting synonym ${key} updates the objects in the session by evaluation [test_orm_upd_del_basic.py::UpdateDeleteTest::${title}]`, async () => {
      const s = c.session();
      const jill = (await s.get(Foo, 3))!;
      c.sql.start();
      await executeBulk(s, ormUpdate(Foo).values({ [key]: 'moonbeam' }), { synchronizeSession: 'evaluate' });
      const sent = c.sql.dml();
      // One UPDATE of the column; nothing read back (evaluated in memory).
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^UPDATE .* SET .?name.? = /);
      expect(jill[key]).toBe('moonbeam');
      expect(jill.name).toBe('moonbeam');
      expect(instanceState(jill).isLoaded('name')).toBe(true);
      await s.commit();
      const names = await c.readBack(`SELECT DISTINCT name FROM ${c.tableOf(Foo)}`);
      expect(names.map((r) => r['name'])).toEqual(['moonbeam']);
    });
  }
});
