/**
 * Row switches: a flush that deletes an object and adds a new one with the same primary key
 * UPDATEs the row. From SQLAlchemy's test/orm/test_unitofworkv2.py (RowswitchAccountingTest,
 * RowswitchM2OTest) and test/orm/test_unitofwork.py (RowSwitchTest, InheritingRowSwitchTest).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, instanceState } from '../../lib/mapper';
import { select, types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { ident, make } from './uow-helpers';

conformanceSuite('test_unitofworkv2.py RowswitchAccountingTest', (c) => {
  const { Parent, Child } = c.entities((registry, name) => {
    @Table(name('parent'), { registry })
    class Parent {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true }) data!: number | null;
      @Relationship(() => Child, { uselist: false, cascade: 'all, delete-orphan', backPopulates: 'parent' })
      child!: Child | null;
    }
    @Table(name('child'), { registry })
    class Child {
      @Column({ primaryKey: true, autoincrement: false, foreignKey: () => Parent }) id!: number;
      @Column({ type: types.integer(), nullable: true }) data!: number | null;
      @Relationship(() => Parent, { backPopulates: 'child' }) parent!: Parent | null;
    }
    return { Parent, Child };
  });
  afterEach(() => c.clear(Child, Parent));

  it('a merged parent whose new child replaces the orphaned one switches the child row [test_unitofworkv2.py::RowswitchAccountingTest::test_switch_on_update]', async () => {
    const s = c.session();
    s.add(make(Parent, { id: 1, child: new Child() }));
    await s.commit();
    await s.close();
    const s2 = c.session();
    // SQLAlchemy's merge loads the old child to record it in the history; here it is loaded first.
    await s2.load((await s2.get(Parent, 1))!, 'child');
    const p3 = await s2.merge(make(Parent, { id: 1, child: new Child() }));
    c.sql.start();
    await s2.flush();
    // the orphaned child's row is taken over by the new child: one UPDATE at most, no DELETE/INSERT
    expect(
      flushShape(c.sql.stop()).filter((x) => !x.startsWith('SELECT') && !x.startsWith('UPDATE')),
    ).toEqual([]);
    expect(s2.contains(p3.child!)).toBe(true);
    expect(p3.child!.id).toBe(1);
    const p5 = await s2.merge(make(Parent, { id: 1, child: new Child() }));
    await s2.flush();
    expect(s2.contains(p5.child!)).toBe(true);
    await s2.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Child)}`)).toEqual([{ id: 1 }]);
  });

  it('a deleted row whose key changed is deleted by its old key [test_unitofworkv2.py::RowswitchAccountingTest::test_switch_on_delete]', async () => {
    const s = c.session();
    const p1 = make(Parent, { id: 1, data: 2, child: null });
    s.add(p1);
    await s.flush();
    p1.id = 5;
    s.delete(p1);
    expect(p1.id).toBe(5);
    await s.flush();
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Parent)}`)).toEqual([]);
  });
});

conformanceSuite('test_unitofworkv2.py RowswitchM2OTest', (c) => {
  const { A, B, C } = c.entities((registry, name) => {
    @Table(name('a'), { registry })
    class A {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Relationship(() => B, { cascade: 'all, delete-orphan' }) bs!: B[];
    }
    @Table(name('b'), { registry })
    class B {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => A }) aid!: number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => C }) cid!: number | null;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
      @Relationship(() => C) c!: C | null;
    }
    @Table(name('c'), { registry })
    class C {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
    }
    return { A, B, C };
  });
  afterEach(() => c.clear(B, A, C));
  const bRow = async () => c.readBack(`SELECT id, aid, cid, data FROM ${c.tableOf(B)}`);

  it('a new row with the many-to-one set to null replaces the old one\u2019s reference [test_unitofworkv2.py::RowswitchM2OTest::test_set_none_replaces_m2o]', async () => {
    const s = c.session();
    s.add(make(A, { id: 1, bs: [make(B, { id: 1, c: make(C, { id: 1 }) })] }));
    await s.commit();
    const [a1] = await s.scalars(select(A));
    await s.load(a1!, 'bs');
    a1!.bs = [make(B, { id: 1, c: null })];
    await s.commit();
    await s.refresh(a1!);
    await s.load(a1!, 'bs');
    await s.load(a1!.bs[0]!, 'c');
    expect(a1!.bs[0]!.c).toBeNull();
    expect(await bRow()).toEqual([{ id: 1, aid: 1, cid: null, data: null }]);
  });

  it('a null many-to-one read then set on the new row replaces the reference [test_unitofworkv2.py::RowswitchM2OTest::test_set_none_w_get_replaces_m2o]', async () => {
    const s = c.session();
    s.add(make(A, { id: 1, bs: [make(B, { id: 1, c: make(C, { id: 1 }) })] }));
    await s.commit();
    const [a1] = await s.scalars(select(A));
    await s.load(a1!, 'bs');
    const b2 = make(B, { id: 1 });
    expect(b2.c).toBeNull();
    b2.c = null;
    a1!.bs = [b2];
    await s.commit();
    expect(await bRow()).toEqual([{ id: 1, aid: 1, cid: null, data: null }]);
  });

  it('a new row with a column set to null replaces the old value [test_unitofworkv2.py::RowswitchM2OTest::test_set_none_replaces_scalar]', async () => {
    const s = c.session();
    s.add(make(A, { id: 1, bs: [make(B, { id: 1, data: 'somedata' })] }));
    await s.commit();
    const [a1] = await s.scalars(select(A));
    await s.load(a1!, 'bs');
    a1!.bs = [make(B, { id: 1, data: null })];
    await s.commit();
    await s.refresh(a1!);
    await s.load(a1!, 'bs');
    expect(a1!.bs[0]!.data).toBeNull();
    expect(await bRow()).toEqual([{ id: 1, aid: 1, cid: null, data: null }]);
  });

  it('a null column read then set on the new row replaces the old value [test_unitofworkv2.py::RowswitchM2OTest::test_set_none_w_get_replaces_scalar]', async () => {
    const s = c.session();
    s.add(make(A, { id: 1, bs: [make(B, { id: 1, data: 'somedata' })] }));
    await s.commit();
    const [a1] = await s.scalars(select(A));
    await s.load(a1!, 'bs');
    const b2 = make(B, { id: 1 });
    expect(b2.data).toBeUndefined(); // an unset column of a new object (SQLAlchemy: None)
    b2.data = null;
    a1!.bs = [b2];
    await s.commit();
    expect(await bRow()).toEqual([{ id: 1, aid: 1, cid: null, data: null }]);
  });
});

conformanceSuite('test_unitofwork.py RowSwitchTest', (c) => {
  // Each SQLAlchemy test maps the tables its own way: one set of entities per test.
  const o2m = c.entities((registry, name) => {
    @Table(name('t5'), { registry })
    class T5 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) data!: string;
      @Relationship(() => T6, { cascade: 'all, delete-orphan' }) t6s!: T6[];
    }
    @Table(name('t6'), { registry })
    class T6 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) data!: string;
      @Column({ type: types.integer(), foreignKey: () => T5 }) t5id!: number;
    }
    return { T5, T6 };
  });
  const m2m = c.entities((registry, name) => {
    const t5t7 = name('t5t7');
    @Table(name('t5'), { registry })
    class T5 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) data!: string;
      @Relationship(() => T7, { secondary: t5t7, cascade: 'all' }) t7s!: T7[];
    }
    @Table(name('t7'), { registry })
    class T7 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) data!: string;
    }
    return { T5, T7 };
  });
  const m2o = c.entities((registry, name) => {
    @Table(name('t5'), { registry })
    class T5 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) data!: string;
    }
    @Table(name('t6'), { registry })
    class T6 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) data!: string;
      @Column({ type: types.integer(), foreignKey: () => T5 }) t5id!: number;
      @Relationship(() => T5) t5!: T5 | null;
    }
    return { T5, T6 };
  });
  afterEach(async () => {
    await c.clear(o2m.T6, o2m.T5, m2m.T5, m2m.T7, m2o.T6, m2o.T5);
  });
  const rows = async (cls: abstract new (...args: never[]) => object, cols: string) =>
    c.readBack(`SELECT ${cols} FROM ${c.tableOf(cls)} ORDER BY id`);

  it('a new parent with the deleted one\u2019s key takes over the row; the old children go, the new ones come [test_unitofwork.py::RowSwitchTest::test_onetomany]', async () => {
    const { T5, T6 } = o2m;
    const s = c.session();
    const o5 = make(T5, { data: 'some t5', id: 1 });
    o5.t6s.push(make(T6, { data: 'some t6', id: 1 }), make(T6, { data: 'some other t6', id: 2 }));
    s.add(o5);
    await s.flush();
    const o6 = make(T5, {
      data: 'some other t5',
      id: o5.id,
      t6s: [make(T6, { data: 'third t6', id: 3 }), make(T6, { data: 'fourth t6', id: 4 })],
    });
    s.delete(o5);
    s.add(o6);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'UPDATE t5 SET data ×1',
      'INSERT t6 (data, id, t5id) ×2',
      'DELETE t6 ×2',
    ]);
    expect(instanceState(o6).status).toBe('persistent');
    expect(instanceState(o5).status).toBe('deleted');
    await s.commit();
    expect(await rows(T5, 'id, data')).toEqual([{ id: 1, data: 'some other t5' }]);
    expect(await rows(T6, `id, data, ${ident(c, 't5id')} AS t5id`)).toEqual([
      { id: 3, data: 'third t6', t5id: 1 },
      { id: 4, data: 'fourth t6', t5id: 1 },
    ]);
  });

  it('the association rows of the deleted parent go, the new parent\u2019s come [test_unitofwork.py::RowSwitchTest::test_manytomany]', async () => {
    const { T5, T7 } = m2m;
    const s = c.session();
    const o5 = make(T5, { data: 'some t5', id: 1 });
    o5.t7s.push(make(T7, { data: 'some t7', id: 1 }), make(T7, { data: 'some other t7', id: 2 }));
    s.add(o5);
    await s.flush();
    const o6 = make(T5, {
      data: 'some other t5',
      id: 1,
      t7s: [make(T7, { data: 'third t7', id: 3 }), make(T7, { data: 'fourth t7', id: 4 })],
    });
    s.delete(o5);
    // SQLAlchemy cascades the delete at delete() time: the members are marked deleted at once
    expect(s.deleted).toEqual(expect.arrayContaining([o5, o5.t7s[0], o5.t7s[1]]));
    s.add(o6);
    await s.flush();
    await s.commit();
    expect(await rows(T5, 'id, data')).toEqual([{ id: 1, data: 'some other t5' }]);
    expect(await rows(T7, 'id, data')).toEqual([
      { id: 3, data: 'third t7' },
      { id: 4, data: 'fourth t7' },
    ]);
  });

  it('a new child with the deleted one\u2019s key, pointing at a new parent, takes over the row [test_unitofwork.py::RowSwitchTest::test_manytoone]', async () => {
    const { T5, T6 } = m2o;
    const s = c.session();
    const o5 = make(T6, { data: 'some t6', id: 1 });
    o5.t5 = make(T5, { data: 'some t5', id: 1 });
    s.add(o5);
    await s.flush();
    const o6 = make(T6, { data: 'some other t6', id: 1, t5: make(T5, { data: 'some other t5', id: 2 }) });
    s.delete(o5);
    s.delete(o5.t5!);
    s.add(o6);
    await s.flush();
    await s.commit();
    expect(await rows(T5, 'id, data')).toEqual([{ id: 2, data: 'some other t5' }]);
    expect(await rows(T6, `id, data, ${ident(c, 't5id')} AS t5id`)).toEqual([
      { id: 1, data: 'some other t6', t5id: 2 },
    ]);
  });
});

conformanceSuite('test_unitofwork.py InheritingRowSwitchTest', (c) => {
  const { P, C } = c.entities((registry, name) => {
    @Table(name('parent'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'p' })
    class P {
      @Column({ primaryKey: true, autoincrement: false }) pid!: number;
      @Column({ type: types.string(30), nullable: true }) pdata!: string | null;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
    }
    @Table(name('child'), { registry, polymorphicIdentity: 'c' })
    class C extends P {
      @Column({ type: types.string(30), nullable: true }) cdata!: string | null;
    }
    return { P, C };
  });
  afterEach(() => c.clear(C, P));

  // SQLAlchemy's child table has its own key (cid) and an UPDATE of child.pid follows; here the
  // child table's key is the parent's, so a new object with no child-table value updates only
  // the parent row.
  it('a row switch of a subclass updates only the tables the new object has values for [test_unitofwork.py::InheritingRowSwitchTest::test_row_switch_no_child_table]', async () => {
    const s = c.session();
    const c1 = make(C, { pid: 1, pdata: 'c1', cdata: 'c1' });
    s.add(c1);
    await s.flush();
    const c2 = make(C, { pid: 1, pdata: 'c2' });
    s.add(c2);
    s.delete(c1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE parent SET pdata, type ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT pid, pdata FROM ${c.tableOf(P)}`)).toEqual([{ pid: 1, pdata: 'c2' }]);
    expect(await c.readBack(`SELECT pid, cdata FROM ${c.tableOf(C)}`)).toEqual([{ pid: 1, cdata: 'c1' }]);
    expect(await s.scalars(select(C).where(attrs(C).pid.eq(1)))).toEqual([c2]);
  });
});
