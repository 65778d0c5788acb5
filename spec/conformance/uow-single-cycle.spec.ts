/**
 * Flushes of one self-referential mapper (a cycle of one table), from SQLAlchemy's
 * test/orm/test_unitofworkv2.py (SingleCycleTest, SingleCyclePlusAttributeTest,
 * SingleCycleM2MTest). SQLAlchemy's executemany of N rows is one multi-row statement here (`×N`).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs } from '../../lib/mapper';
import { column, select, table, types } from '../../lib/sql';
import { selectinload } from '../../lib/session/loading';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { nodeTree } from './uow-fixtures';
import { clearLinked, exec, ident, make } from './uow-helpers';

conformanceSuite('test_unitofworkv2.py SingleCycleTest', (c) => {
  // nodes.children: a self-referential one-to-many without backref.
  const o2m = nodeTree(c, { children: {} });
  // nodes.parent: a self-referential many-to-one without backref.
  const m2o = nodeTree(c, { parent: {} });
  // Both directions, kept in sync in memory.
  const both = nodeTree(c, { children: { backPopulates: 'parent' }, parent: { backPopulates: 'children' } });

  afterEach(async () => {
    for (const { Node } of [o2m, m2o, both]) await clearLinked(c, Node, ['parentId']);
  });

  const rows = async (cls: abstract new (...args: never[]) => object): Promise<Record<string, unknown>[]> =>
    c.readBack(`SELECT id, ${ident(c, 'parentId')} AS pid, data FROM ${c.tableOf(cls)} ORDER BY id`);

  it('inserts the parent, then its children in one statement [test_unitofworkv2.py::SingleCycleTest::test_one_to_many_save]', async () => {
    const { Node } = o2m;
    const s = c.session();
    const n2 = make(Node, { data: 'n2' });
    const n3 = make(Node, { data: 'n3' });
    const n1 = make(Node, { data: 'n1', children: [n2, n3] });
    s.add(n1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT nodes (data, parentId) ×1',
      'INSERT nodes (data, parentId) ×2',
    ]);
    expect([n2.parentId, n3.parentId]).toEqual([n1.id, n1.id]);
    await s.commit();
    expect(await rows(Node)).toEqual([
      { id: n1.id, pid: null, data: 'n1' },
      { id: n2.id, pid: n1.id, data: 'n2' },
      { id: n3.id, pid: n1.id, data: 'n3' },
    ]);
  });

  it('deletes the children, then the parent [test_unitofworkv2.py::SingleCycleTest::test_one_to_many_delete_all]', async () => {
    const { Node } = o2m;
    const s = c.session();
    const n2 = make(Node, { data: 'n2', children: [] });
    const n3 = make(Node, { data: 'n3', children: [] });
    const n1 = make(Node, { data: 'n1', children: [n2, n3] });
    s.add(n1);
    await s.flush();
    s.delete(n1);
    s.delete(n2);
    s.delete(n3);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE nodes ×2', 'DELETE nodes ×1']);
    await s.commit();
    expect(await rows(Node)).toEqual([]);
  });

  it('nulls the children\u2019s key before deleting the parent [test_unitofworkv2.py::SingleCycleTest::test_one_to_many_delete_parent]', async () => {
    const { Node } = o2m;
    const s = c.session();
    const n2 = make(Node, { data: 'n2', children: [] });
    const n3 = make(Node, { data: 'n3', children: [] });
    const n1 = make(Node, { data: 'n1', children: [n2, n3] });
    s.add(n1);
    await s.flush();
    s.delete(n1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE nodes SET parentId ×2', 'DELETE nodes ×1']);
    expect([n2.parentId, n3.parentId]).toEqual([null, null]);
    await s.commit();
    expect(await rows(Node)).toEqual([
      { id: n2.id, pid: null, data: 'n2' },
      { id: n3.id, pid: null, data: 'n3' },
    ]);
  });

  it('inserts the referenced node first, then the referring ones in one statement [test_unitofworkv2.py::SingleCycleTest::test_many_to_one_save]', async () => {
    const { Node } = m2o;
    const s = c.session();
    const n1 = make(Node, { data: 'n1' });
    const n2 = make(Node, { data: 'n2', parent: n1 });
    const n3 = make(Node, { data: 'n3', parent: n1 });
    s.addAll([n2, n3]);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT nodes (data, parentId) ×1',
      'INSERT nodes (data, parentId) ×2',
    ]);
    await s.commit();
    expect(await rows(Node)).toEqual([
      { id: n1.id, pid: null, data: 'n1' },
      { id: n2.id, pid: n1.id, data: 'n2' },
      { id: n3.id, pid: n1.id, data: 'n3' },
    ]);
  });

  it('deletes the referring nodes, then the referenced one [test_unitofworkv2.py::SingleCycleTest::test_many_to_one_delete_all]', async () => {
    const { Node } = m2o;
    const s = c.session();
    const n1 = make(Node, { data: 'n1' });
    const n2 = make(Node, { data: 'n2', parent: n1 });
    const n3 = make(Node, { data: 'n3', parent: n1 });
    s.addAll([n2, n3]);
    await s.flush();
    s.delete(n1);
    s.delete(n2);
    s.delete(n3);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE nodes ×2', 'DELETE nodes ×1']);
    await s.commit();
    expect(await rows(Node)).toEqual([]);
  });

  // SQLAlchemy loads the old parent lazily to record the history; Athanor writes the NULL from
  // the foreign key column alone, loading nothing.
  it('setting an unloaded many-to-one to null writes one UPDATE [test_unitofworkv2.py::SingleCycleTest::test_many_to_one_set_null_unloaded]', async () => {
    const { Node } = m2o;
    const s1 = c.session();
    const n1 = make(Node, { data: 'n1' });
    s1.addAll([n1, make(Node, { data: 'n2', parent: n1 })]);
    await s1.commit();
    const s = c.session();
    const n2 = (await s.scalars(select(Node).where(attrs(Node).data.eq('n2'))))[0]!;
    n2.parent = null;
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE nodes SET parentId ×1']);
    await s.commit();
    expect(await rows(Node)).toEqual([
      { id: n1.id, pid: null, data: 'n1' },
      { id: n2.id, pid: null, data: 'n2' },
    ]);
  });

  it('a new child with a deleted child\u2019s key takes over its row [test_unitofworkv2.py::SingleCycleTest::test_cycle_rowswitch]', async () => {
    const { Node } = o2m;
    const s = c.session();
    const n2 = make(Node, { data: 'n2', children: [] });
    const n3 = make(Node, { data: 'n3', children: [] });
    const n1 = make(Node, { data: 'n1', children: [n2] });
    s.add(n1);
    await s.flush();
    s.delete(n2);
    n3.id = n2.id;
    n1.children.push(n3);
    c.sql.start();
    await s.flush();
    // SQLAlchemy asserts no SQL here, only that the flush succeeds: the row is UPDATEd, never
    // DELETEd and INSERTed again.
    expect(flushShape(c.sql.stop()).filter((l) => !l.startsWith('UPDATE nodes'))).toEqual([]);
    await s.commit();
    expect(await rows(Node)).toEqual([
      { id: n1.id, pid: null, data: 'n1' },
      { id: n3.id, pid: n1.id, data: 'n3' },
    ]);
  });

  it('deletes a child and adds another, then deletes the rest [test_unitofworkv2.py::SingleCycleTest::test_bidirectional_mutations_one]', async () => {
    const { Node } = both;
    const s = c.session();
    const n2 = make(Node, { data: 'n2', children: [] });
    const n3 = make(Node, { data: 'n3', children: [] });
    const n1 = make(Node, { data: 'n1', children: [n2] });
    s.add(n1);
    await s.flush();
    s.delete(n2);
    n1.children.push(n3);
    await s.flush();
    expect(n3.parent).toBe(n1);
    expect(await rows(Node)).toEqual([]); // nothing committed yet
    s.delete(n1);
    s.delete(n3);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE nodes ×1', 'DELETE nodes ×1']);
    await s.commit();
    expect(await rows(Node)).toEqual([]);
  });

  it('inserts a tree level by level, each level in one statement [test_unitofworkv2.py::SingleCycleTest::test_bidirectional_multilevel_save]', async () => {
    const { Node } = both;
    const s = c.session();
    const n1 = make(Node, { data: 'n1' });
    const n12 = make(Node, { data: 'n12' });
    n1.children.push(make(Node, { data: 'n11' }), n12, make(Node, { data: 'n13' }));
    for (const data of ['n121', 'n122', 'n123']) n1.children[1]!.children.push(make(Node, { data }));
    s.add(n1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT nodes (data, parentId) ×1',
      'INSERT nodes (data, parentId) ×3',
      'INSERT nodes (data, parentId) ×3',
    ]);
    await s.commit();
    const byData = Object.fromEntries((await rows(Node)).map((r) => [r.data, r.pid]));
    expect(byData).toEqual({
      n1: null,
      n11: n1.id,
      n12: n1.id,
      n13: n1.id,
      n121: n12.id,
      n122: n12.id,
      n123: n12.id,
    });
  });

  // SQLAlchemy SELECTs each expired row to read its many-to-one; Athanor orders the DELETEs of
  // one table by the foreign keys it knows and needs no SELECT for the expired rows here.
  it('deletes expired nodes children first [test_unitofworkv2.py::SingleCycleTest::test_delete_unloaded_m2o]', async () => {
    const { Node } = m2o;
    const s = c.session();
    const parent = new Node();
    const c1 = make(Node, { parent });
    const c2 = make(Node, { parent });
    s.addAll([c1, c2]);
    s.add(parent);
    await s.flush();
    s.expire(parent);
    s.expire(c1);
    s.expire(c2);
    s.delete(c1);
    s.delete(c2);
    s.delete(parent);
    c.sql.start();
    await s.flush();
    const shape = flushShape(c.sql.stop());
    expect(shape.filter((l) => l.startsWith('DELETE'))).toEqual(['DELETE nodes ×2', 'DELETE nodes ×1']);
    await s.commit();
    expect(await rows(Node)).toEqual([]);
  });
});

conformanceSuite('test_unitofworkv2.py SingleCyclePlusAttributeTest', (c) => {
  const { Node, FooBar } = c.entities((registry, name) => {
    @Table(name('nodes'), { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) parentId!: number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Relationship(() => Node) children!: Node[];
      @Relationship(() => FooBar) foobars!: FooBar[];
    }
    @Table(name('foobars'), { registry })
    class FooBar {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) parentId!: number | null;
    }
    return { Node, FooBar };
  });

  afterEach(async () => {
    await c.clear(FooBar);
    await clearLinked(c, Node, ['parentId']);
  });

  // SQLAlchemy counts its internal flush actions; the observable part is that the second
  // relationship adds only its own rows, after the node they refer to.
  it('a second one-to-many of a self-referential mapper adds only its rows [test_unitofworkv2.py::SingleCyclePlusAttributeTest::test_flush_size]', async () => {
    const s = c.session();
    const n1 = make(Node, { data: 'n1' });
    const n2 = make(Node, { data: 'n2' });
    n1.children.push(n2);
    s.add(n1);
    n1.foobars.push(new FooBar());
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT nodes (data, parentId) ×1',
      'INSERT nodes (data, parentId) ×1',
      'INSERT foobars (parentId) ×1',
    ]);
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'parentId')} AS pid FROM ${c.tableOf(FooBar)}`)).toEqual([
      { pid: n1.id },
    ]);
  });
});

conformanceSuite('test_unitofworkv2.py SingleCycleM2MTest', (c) => {
  const { Node, links } = c.entities((registry, name) => {
    const nodes = name('nodes');
    const links = table(
      name('node_to_nodes'),
      {
        leftNodeId: column(types.integer(), { primaryKey: true, foreignKey: `${nodes}.id` }),
        rightNodeId: column(types.integer(), { primaryKey: true, foreignKey: `${nodes}.id` }),
      },
      { metadata: registry.metadata },
    );
    @Table(nodes, { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) favoriteNodeId!:
        number | null;
      @Relationship(() => Node, { secondary: links, foreignKey: 'leftNodeId', backPopulates: 'parents' })
      children!: Node[];
      @Relationship(() => Node, { secondary: links, foreignKey: 'rightNodeId', backPopulates: 'children' })
      parents!: Node[];
      @Relationship(() => Node, { remoteSide: 'id', foreignKey: 'favoriteNodeId' }) favorite!: Node | null;
    }
    return { Node, links };
  });

  afterEach(async () => {
    await exec(c, `DELETE FROM ${ident(c, links.name)}`);
    await clearLinked(c, Node, ['favoriteNodeId']);
  });

  type N = InstanceType<typeof Node>;
  const pairs = async (): Promise<[unknown, unknown][]> =>
    (
      await c.readBack(
        `SELECT ${ident(c, 'leftNodeId')} AS l, ${ident(c, 'rightNodeId')} AS r FROM ${ident(c, links.name)} ORDER BY 1, 2`,
      )
    ).map((row) => [row.l, row.r]);

  // SQLAlchemy loads n1.parents during the flush (it is not passive); Athanor has it loaded in
  // memory since the backref kept both sides in step, so the first delete sends no SELECT.
  it('writes and deletes the association rows of a self-referential many-to-many [test_unitofworkv2.py::SingleCycleM2MTest::test_many_to_many_one]', async () => {
    const s = c.session({ autoflush: false });
    const [n1, n2, n3, n4, n5] = ['n1', 'n2', 'n3', 'n4', 'n5'].map((data) => make(Node, { data })) as [
      N,
      N,
      N,
      N,
      N,
    ];
    n4.favorite = n3;
    n1.favorite = n5;
    n5.favorite = n2;
    n1.children = [n2, n3, n4];
    n2.children = [n3, n5];
    n3.children = [n5, n4];
    s.addAll([n1, n2, n3, n4, n5]);
    await s.flush();
    await s.commit();
    const sorted = (list: [number, number][]): [number, number][] =>
      [...list].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(await pairs()).toEqual(
      sorted([
        [n1.id, n2.id],
        [n1.id, n3.id],
        [n1.id, n4.id],
        [n2.id, n3.id],
        [n2.id, n5.id],
        [n3.id, n5.id],
        [n3.id, n4.id],
      ]),
    );
    expect(
      (
        await c.readBack(
          `SELECT id, ${ident(c, 'favoriteNodeId')} AS f FROM ${c.tableOf(Node)} ORDER BY data`,
        )
      ).map((r) => r.f),
    ).toEqual([n5.id, null, null, n3.id, n2.id]);

    const s2 = c.session({ autoflush: false, expireOnCommit: false });
    const loaded = await s2.scalars(
      select(Node).options(selectinload(attrs(Node).children), selectinload(attrs(Node).parents)),
    );
    const byData = new Map(loaded.map((n) => [n.data, n]));
    s2.delete(byData.get('n1')!);
    c.sql.start();
    await s2.flush();
    // SQLAlchemy deletes the three (n1, child) pairs it knows; Athanor deletes every association
    // row naming the deleted node, by its key, one statement per side (no SELECT, and rows not
    // loaded into memory go too).
    expect(flushShape(c.sql.stop())).toEqual([
      'DELETE node_to_nodes ×1',
      'DELETE node_to_nodes ×1',
      'DELETE nodes ×1',
    ]);
    await s2.commit();
    expect(await pairs()).toEqual(
      sorted([
        [n2.id, n3.id],
        [n2.id, n5.id],
        [n3.id, n5.id],
        [n3.id, n4.id],
      ]),
    );

    // n4 and n5 name n3 and n2 as favorite: they are deleted first, each pair in one statement.
    for (const data of ['n2', 'n3', 'n4', 'n5']) s2.delete(byData.get(data)!);
    c.sql.start();
    await s2.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'DELETE node_to_nodes ×4',
      'DELETE node_to_nodes ×4',
      'DELETE nodes ×2',
      'DELETE nodes ×2',
    ]);
    const deletes = c.sql.all.filter((st) => st.sql.startsWith(`DELETE FROM ${c.tableOf(Node)} `));
    expect(deletes.map((st) => [...st.params].sort())).toEqual([
      [n4.id, n5.id].sort(),
      [n2.id, n3.id].sort(),
    ]);
    await s2.commit();
    expect(await pairs()).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Node)}`)).toEqual([]);
  });
});
