/**
 * Attributes set to SQL expressions, from SQLAlchemy's test/orm/test_unitofwork.py
 * (ClauseAttributesTest). The statement writes the expression; SQLAlchemy expires the attribute
 * and loads the value on the next access (one SELECT), Athanor cannot load on access and reads the
 * value back within the flush (RETURNING where the dialect has it, else one SELECT), so the object
 * holds the number, not the expression, as soon as the flush ends. SQLAlchemy types `literal(5)` as
 * an integer from the Python value and its PostgreSQL drivers send it typed; Athanor sends bind
 * parameters untyped, so the literals are cast (PostgreSQL cannot infer `$1 + $2`).
 */
import { Column, Table } from '../../lib/decorators';
import { attrs } from '../../lib/mapper';
import { cast, falseValue, literal, select, types } from '../../lib/sql';
import { conformanceSuite } from './support';
import { make } from './uow-helpers';

conformanceSuite('test_unitofwork.py ClauseAttributesTest', (c) => {
  const { User, HasBoolean, PkDefault } = c.entities((registry, name) => {
    @Table(name('users_t'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Column({ type: types.integer(), nullable: true, default: 1 }) counter!: number | null;
    }
    @Table(name('boolean_t'), { registry })
    class HasBoolean {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.boolean(), nullable: true }) value!: boolean | null;
    }
    @Table(name('pk_t'), { registry })
    class PkDefault {
      @Column({ primaryKey: true, autoincrement: true, name: 'p_id' }) id!: number;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
    }
    return { User, HasBoolean, PkDefault };
  });
  afterEach(() => c.clear(User, HasBoolean, PkDefault));

  it('counter = counter + 1 is written by the UPDATE and the new value read back [test_unitofwork.py::ClauseAttributesTest::test_update]', async () => {
    const u = make(User, { name: 'test' });
    const s = c.session();
    s.add(u);
    await s.flush();
    expect(u.counter).toBe(1);
    (u as { counter: unknown }).counter = attrs(User).counter.add(1);
    await s.flush();
    c.sql.start();
    expect(u.counter).toBe(2);
    expect(c.sql.stop()).toEqual([]);
    await s.commit();
    expect(await c.readBack(`SELECT counter FROM ${c.tableOf(User)}`)).toEqual([{ counter: 2 }]);
  });

  it('an expression and a plain value in one UPDATE [test_unitofwork.py::ClauseAttributesTest::test_multi_update]', async () => {
    const u = make(User, { name: 'test' });
    const s = c.session();
    s.add(u);
    await s.flush();
    expect(u.counter).toBe(1);
    u.name = 'test2';
    (u as { counter: unknown }).counter = attrs(User).counter.add(1);
    await s.flush();
    expect([u.name, u.counter]).toEqual(['test2', 2]);
    s.expungeAll();
    const loaded = await s.getOrThrow(User, u.id);
    expect([loaded.name, loaded.counter]).toEqual(['test2', 2]);
  });

  it('a scalar subquery as an INSERT value [test_unitofwork.py::ClauseAttributesTest::test_insert]', async () => {
    const u = make(User, { name: 'test' });
    (u as { counter: unknown }).counter = select(cast(literal(5), types.integer())).scalarSubquery();
    const s = c.session();
    s.add(u);
    await s.flush();
    expect(u.counter).toBe(5);
    await s.commit();
    expect(await c.readBack(`SELECT counter FROM ${c.tableOf(User)}`)).toEqual([{ counter: 5 }]);
  });

  it('a primary key given as an expression is the value the database computed [test_unitofwork.py::ClauseAttributesTest::test_insert_pk_expression]', async () => {
    const pk = make(PkDefault, { data: 'some data' });
    (pk as { id: unknown }).id = cast(literal(5), types.integer()).add(10);
    const s = c.session();
    s.add(pk);
    await s.flush();
    expect(pk.id).toBe(15);
    await s.commit();
    await s.refresh(pk);
    expect(pk.id).toBe(15);
    expect(await c.readBack(`SELECT p_id, data FROM ${c.tableOf(PkDefault)}`)).toEqual([
      { p_id: 15, data: 'some data' },
    ]);
  });

  it('a boolean column set to the SQL constant false [test_unitofwork.py::ClauseAttributesTest::test_update_special_comparator]', async () => {
    const s = c.session();
    const hb = make(HasBoolean, { value: null });
    s.add(hb);
    await s.flush();
    (hb as { value: unknown }).value = falseValue();
    await s.flush();
    expect(hb.value).toBe(false);
    await s.commit();
    const [row] = await c.readBack(`SELECT value FROM ${c.tableOf(HasBoolean)}`);
    expect(Boolean(row!['value'])).toBe(false);
    expect(row!['value']).not.toBeNull();
  });
});
