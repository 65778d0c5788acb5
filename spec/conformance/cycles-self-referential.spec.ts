/**
 * Self-referential and inheritance cycles, from SQLAlchemy's test/orm/test_cycles.py
 * (SelfReferentialTest, SelfReferentialNoPKTest, InheritTestOne, InheritTestTwo). Where SQLAlchemy
 * loads a relationship on attribute access, the port awaits `session.load()`.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, instanceState } from '../../lib/mapper';
import { select, types } from '../../lib/sql';
import { conformanceSuite } from './support';
import { clearLinked, ident, make } from './uow-helpers';

conformanceSuite('test_cycles.py SelfReferentialTest', (c) => {
  // c1s cascades everything, with `parent` as its mirror; c2s cascades to t2 rows with delete-orphan.
  const { C1, C2 } = c.entities((registry, name) => {
    @Table(name('t1'), { registry })
    class C1 {
      @Column({ primaryKey: true }) c1!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => C1 }) parentC1!: number | null;
      @Column({ type: types.string(20), nullable: true }) data!: string | null;
      @Relationship(() => C1, { cascade: 'all', backPopulates: 'parent' }) c1s!: C1[];
      @Relationship(() => C1, { remoteSide: 'c1', backPopulates: 'c1s' }) parent!: C1 | null;
      @Relationship(() => C2, { cascade: 'all, delete-orphan' }) c2s!: C2[];
    }
    @Table(name('t2'), { registry })
    class C2 {
      @Column({ primaryKey: true }) c1!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => C1 }) c1id!: number | null;
      @Column({ type: types.string(20), nullable: true }) data!: string | null;
    }
    return { C1, C2 };
  });
  // the same table shape, with only a plain one-to-many (no cascade)
  const plain = c.entities((registry, name) => {
    @Table(name('t1'), { registry })
    class C1 {
      @Column({ primaryKey: true }) c1!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => C1 }) parentC1!: number | null;
      @Column({ type: types.string(20), nullable: true }) data!: string | null;
      @Relationship(() => C1) children!: C1[];
      @Relationship(() => C1, { remoteSide: 'c1' }) parent!: C1 | null;
    }
    return { C1 };
  });
  afterEach(async () => {
    await c.clear(C2);
    await clearLinked(c, C1, ['parentC1']);
    await clearLinked(c, plain.C1, ['parentC1']);
  });
  const rows = async (cls: typeof C1 | typeof plain.C1) => c.readBack(`SELECT c1 FROM ${c.tableOf(cls)}`);

  it('deletes a head and its cascaded child [test_cycles.py::SelfReferentialTest::test_single]', async () => {
    const s = c.session();
    const a = make(C1, { data: 'head c1' });
    a.c1s.push(make(C1, { data: 'another c1' }));
    s.add(a);
    await s.flush();
    expect(a.c1s[0]!.parentC1).toBe(a.c1);
    s.delete(a);
    await s.flush();
    await s.commit();
    expect(await rows(C1)).toEqual([]);
  });

  it('links a new row to a loaded parent through a many-to-one only [test_cycles.py::SelfReferentialTest::test_many_to_one_only]', async () => {
    const s = c.session();
    const c1 = new plain.C1();
    s.add(c1);
    await s.flush();
    s.expungeAll();
    const loaded = (await s.get(plain.C1, c1.c1))!;
    const c2 = new plain.C1();
    c2.parent = loaded;
    s.add(c2);
    await s.flush();
    expect(c2.parentC1).toBe(loaded.c1);
  });

  it('inserts and deletes a tree of two mappers [test_cycles.py::SelfReferentialTest::test_cycle]', async () => {
    const s = c.session();
    const a = make(C1, { data: 'head c1' });
    a.c1s.push(make(C1, { data: 'child1' }), make(C1, { data: 'child2' }));
    a.c1s[0]!.c1s.push(make(C1, { data: 'subchild1' }), make(C1, { data: 'subchild2' }));
    a.c1s[1]!.c2s.push(make(C2, { data: 'child2 data1' }), make(C2, { data: 'child2 data2' }));
    s.add(a);
    await s.flush();
    const child2 = a.c1s[1]!.c1;
    await s.commit();
    expect(
      await c.readBack(`SELECT data, ${ident(c, 'c1id')} AS pid FROM ${c.tableOf(C2)} ORDER BY data`),
    ).toEqual([
      { data: 'child2 data1', pid: child2 },
      { data: 'child2 data2', pid: child2 },
    ]);
    // the commit expired everything: the delete cascade loads what it needs
    s.delete(a);
    await s.flush();
    await s.commit();
    expect(await rows(C1)).toEqual([]);
    expect(await c.readBack(`SELECT c1 FROM ${c.tableOf(C2)}`)).toEqual([]);
  });
  it('deleting a parent without cascade sets the children\u2019s key to NULL [test_cycles.py::SelfReferentialTest::test_setnull_ondelete]', async () => {
    const { C1: P } = plain;
    const s = c.session();
    const c1 = new P();
    const c2 = new P();
    c1.children.push(c2);
    s.add(c1);
    await s.flush();
    expect(c2.parentC1).toBe(c1.c1);
    s.delete(c1);
    await s.flush();
    expect(c2.parentC1).toBeNull();
    s.expireAll();
    await s.refresh(c2);
    expect(c2.parentC1).toBeNull();
  });
});

conformanceSuite('test_cycles.py SelfReferentialNoPKTest', (c) => {
  let counter = 0;
  const { TT } = c.entities((registry, name) => {
    const item = name('item');
    @Table(item, { registry })
    class TT {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(32), unique: true }) uuid: string = `tt-${++counter}`;
      @Column({ type: types.string(32), nullable: true, foreignKey: `${item}.uuid` }) parentUuid!:
        string | null;
      @Relationship(() => TT, { foreignKey: 'parentUuid', backPopulates: 'parent' }) children!: TT[];
      @Relationship(() => TT, { foreignKey: 'parentUuid', remoteSide: 'uuid', backPopulates: 'children' })
      parent!: TT | null;
    }
    return { TT };
  });
  const t = attrs(TT);
  afterEach(() => clearLinked(c, TT, ['parentUuid']));

  it('syncs a key that is not the primary key [test_cycles.py::SelfReferentialNoPKTest::test_basic]', async () => {
    const s = c.session();
    const t1 = new TT();
    t1.children.push(new TT(), new TT());
    s.add(t1);
    await s.flush();
    s.expungeAll();
    const [loaded] = await s.scalars(select(TT).where(t.id.eq(t1.id)));
    await s.load(loaded!, 'children'); // SQLAlchemy: lazy load on access
    expect(loaded!.children[0]!.parentUuid).toBe(t1.uuid);
    expect(instanceState(loaded!.children[0]!).status).toBe('persistent');
  });

  it('loads the parent through the non-primary key [test_cycles.py::SelfReferentialNoPKTest::test_lazy_clause]', async () => {
    const s = c.session();
    const t1 = new TT();
    const t2 = new TT();
    t1.children.push(t2);
    s.add(t1);
    await s.flush();
    s.expungeAll();
    const [loaded] = await s.scalars(select(TT).where(t.id.eq(t2.id)));
    expect(loaded!.uuid).toBe(t2.uuid);
    await s.load(loaded!, 'parent');
    expect(loaded!.parent!.uuid).toBe(t1.uuid);
  });
});

conformanceSuite('test_cycles.py InheritTestOne', (c) => {
  const { Parent, Child1, Child2 } = c.entities((registry, name) => {
    @Table(name('parent'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'parent' })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50), nullable: true }) parentData!: string | null;
      @Column({ type: types.string(10), nullable: true }) type!: string | null;
    }
    @Table(name('child1'), { registry, polymorphicIdentity: 'child1' })
    class Child1 extends Parent {
      @Column({ type: types.string(50), nullable: true }) child1Data!: string | null;
    }
    @Table(name('child2'), { registry, polymorphicIdentity: 'child2' })
    class Child2 extends Parent {
      @Column({ type: types.integer(), foreignKey: () => Child1 }) child1Id!: number;
      @Column({ type: types.string(50), nullable: true }) child2Data!: string | null;
      @Relationship(() => Child1, { foreignKey: 'child1Id' }) child1!: Child1 | null;
    }
    return { Parent, Child1, Child2 };
  });
  afterEach(async () => {
    await c.clear(Child2, Child1, Parent);
  });

  it('a subclass row refers to another subclass\u2019s row through a NOT NULL key [test_cycles.py::InheritTestOne::test_many_to_one_only]', async () => {
    const s = c.session();
    s.add(make(Child1, { child1Data: 'qwerty' }));
    await s.flush();
    s.expungeAll();
    const [c1] = await s.scalars(select(Child1).where(attrs(Child1).child1Data.eq('qwerty')));
    const c2 = make(Child2, { child2Data: 'asdfgh' });
    c2.child1 = c1!;
    s.add(c2);
    await s.flush();
    expect(c2.child1Id).toBe(c1!.id);
  });
});
