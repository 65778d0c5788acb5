/**
 * Post-updates within one table and across several, from SQLAlchemy's test/orm/test_cycles.py
 * (SelfReferentialPostUpdateTest, SelfReferentialPostUpdateTest2, SelfReferentialPostUpdateTest3,
 * PostUpdateBatchingTest): a post-update is sent only when its key changed, a deleted row's
 * post-updated key is cleared before the DELETE, and the keys of one row go in one UPDATE.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import type { Session } from '../../lib/session';
import { types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { clearLinked, exec, ident, make } from './uow-helpers';

conformanceSuite('test_cycles.py SelfReferentialPostUpdateTest', (c) => {
  const { Node } = c.entities((registry, name) => {
    @Table(name('node'), { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) path!: string;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) parentId!: number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) prevSiblingId!:
        number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) nextSiblingId!:
        number | null;
      @Relationship(() => Node, { foreignKey: 'parentId', cascade: 'all', backPopulates: 'parent' })
      children!: Node[];
      @Relationship(() => Node, { foreignKey: 'parentId', remoteSide: 'id', backPopulates: 'children' })
      parent!: Node | null;
      @Relationship(() => Node, { foreignKey: 'prevSiblingId', remoteSide: 'id', uselist: false })
      prevSibling!: Node | null;
      @Relationship(() => Node, {
        foreignKey: 'nextSiblingId',
        remoteSide: 'id',
        uselist: false,
        postUpdate: true,
      })
      nextSibling!: Node | null;
    }
    return { Node };
  });
  type N = InstanceType<typeof Node>;

  afterEach(() => clearLinked(c, Node, ['parentId', 'prevSiblingId', 'nextSiblingId']));

  const node = (path: string): N => make(Node, { path });

  it('post-updates only the keys that changed, and clears a deleted row\u2019s before deleting it [test_cycles.py::SelfReferentialPostUpdateTest::test_one]', async () => {
    const session = c.session({ autoflush: false });
    const appendChild = (parent: N, child: N): void => {
      if (parent.children.length) {
        parent.children[parent.children.length - 1]!.nextSibling = child;
        child.prevSibling = parent.children[parent.children.length - 1]!;
      }
      parent.children.push(child);
    };
    const removeChild = (session: Session, child: N): void => {
      child.parent = null;
      const next = child.nextSibling!;
      next.prevSibling = child.prevSibling;
      child.prevSibling!.nextSibling = next;
      session.delete(child);
    };
    const root = node('root');
    const [about, cats, stories, bruce] = ['about', 'cats', 'stories', 'bruce'].map(node) as [N, N, N, N];
    appendChild(root, about);
    expect(about.prevSibling ?? null).toBeNull();
    appendChild(root, cats);
    expect(cats.prevSibling).toBe(about);
    expect(cats.nextSibling ?? null).toBeNull();
    expect(about.nextSibling).toBe(cats);
    appendChild(root, stories);
    appendChild(root, bruce);
    session.add(root);
    await session.flush();

    removeChild(session, cats);
    await session.load(cats, 'children'); // SQLAlchemy's test loads it before the flush, too
    c.sql.start();
    await session.flush();
    const removal = flushShape(c.sql.stop());
    // SQLAlchemy: three single-row UPDATEs in any order, then the DELETE.
    expect(removal.slice(0, -1).sort()).toEqual([
      'UPDATE node SET nextSiblingId ×1',
      'UPDATE node SET nextSiblingId ×1',
      'UPDATE node SET prevSiblingId ×1',
    ]);
    expect(removal.at(-1)).toBe('DELETE node ×1');

    session.delete(root);
    c.sql.start();
    await session.flush();
    const deletion = flushShape(c.sql.stop());
    // SQLAlchemy's delete() loads the children's own collections for the cascade before the
    // flush; Athanor's delete() is synchronous, so the flush reads them, in one SELECT.
    expect(deletion[0]).toBe('SELECT node');
    expect(deletion[1]).toBe('UPDATE node SET nextSiblingId ×2');
    // about, stories and bruce (each sibling's row refers to the one before) then root
    expect(deletion.slice(2)).toEqual([
      'DELETE node ×1',
      'DELETE node ×1',
      'DELETE node ×1',
      'DELETE node ×1',
    ]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Node)}`)).toEqual([]);

    const about2 = node('about');
    const cats2 = node('cats');
    about2.nextSibling = cats2;
    cats2.prevSibling = about2;
    session.add(about2);
    await session.flush();
    session.delete(about2);
    cats2.prevSibling = null;
    await session.flush();
    await session.commit();
    expect(
      await c.readBack(
        `SELECT path, ${ident(c, 'prevSiblingId')} AS prev, ${ident(c, 'nextSiblingId')} AS next FROM ${c.tableOf(Node)}`,
      ),
    ).toEqual([{ path: 'cats', prev: null, next: null }]);
  });
});

conformanceSuite('test_cycles.py SelfReferentialPostUpdateTest2', (c) => {
  const { A } = c.entities((registry, name) => {
    @Table(name('a_table'), { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(128), nullable: true }) fui!: string | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => A }) b!: number | null;
      @Relationship(() => A, { remoteSide: 'id', postUpdate: true }) foo!: A | null;
    }
    return { A };
  });

  afterEach(() => clearLinked(c, A, ['b']));

  it('a post-updated reference to a row flushed earlier is written [test_cycles.py::SelfReferentialPostUpdateTest2::test_one]', async () => {
    const session = c.session();
    const f1 = make(A, { fui: 'f1' });
    session.add(f1);
    await session.flush();
    const f2 = make(A, { fui: 'f2', foo: f1 });
    session.add(f2);
    c.sql.start();
    await session.flush();
    expect(flushShape(c.sql.stop())).toEqual(['INSERT a_table (b, fui) ×1', 'UPDATE a_table SET b ×1']);
    session.expungeAll();
    const f1b = await session.get(A, f1.id);
    const f2b = await session.get(A, f2.id);
    await session.load(f2b!, 'foo');
    expect(f2b!.foo).toBe(f1b);
  });
});

conformanceSuite('test_cycles.py SelfReferentialPostUpdateTest3', (c) => {
  const { Parent, Child } = c.entities((registry, name) => {
    @Table(name('parent'), { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Child }) childId!: number | null;
      @Relationship(() => Child, { foreignKey: 'parentId' }) children!: Child[];
      @Relationship(() => Child, { foreignKey: 'childId', postUpdate: true }) child!: Child | null;
    }
    @Table(name('child'), { registry })
    class Child {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Child }) childId!: number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Parent }) parentId!: number | null;
      @Relationship(() => Child, { foreignKey: 'childId', remoteSide: 'id' }) parent!: Child | null;
    }
    return { Parent, Child };
  });

  afterEach(async () => {
    await exec(c, `UPDATE ${c.tableOf(Parent)} SET ${ident(c, 'childId')} = NULL`);
    await clearLinked(c, Child, ['childId', 'parentId']);
    await c.clear(Parent);
  });

  it('a row deleted while another parent\u2019s post-update refers to a new row [test_cycles.py::SelfReferentialPostUpdateTest3::test_one]', async () => {
    const session = c.session();
    const p1 = make(Parent, { name: 'p1' });
    const c1 = make(Child, { name: 'c1' });
    const c2 = make(Child, { name: 'c2' });
    p1.children = [c1, c2];
    c2.parent = c1;
    p1.child = c2;
    session.addAll([p1, c1, c2]);
    await session.flush();

    const p2 = make(Parent, { name: 'p2' });
    const c3 = make(Child, { name: 'c3' });
    p2.children = [c3];
    p2.child = c3;
    session.add(p2);
    session.delete(c2);
    p1.children.splice(p1.children.indexOf(c2), 1);
    p1.child = null;
    await session.flush();
    p2.child = null;
    await session.flush();
    await session.commit();
    expect(
      await c.readBack(
        `SELECT name, ${ident(c, 'childId')} AS child FROM ${c.tableOf(Parent)} ORDER BY name`,
      ),
    ).toEqual([
      { name: 'p1', child: null },
      { name: 'p2', child: null },
    ]);
    expect(
      await c.readBack(
        `SELECT name, ${ident(c, 'parentId')} AS parent FROM ${c.tableOf(Child)} ORDER BY name`,
      ),
    ).toEqual([
      { name: 'c1', parent: p1.id },
      { name: 'c3', parent: p2.id },
    ]);
  });
});

conformanceSuite('test_cycles.py PostUpdateBatchingTest', (c) => {
  const { Parent, Child1, Child2, Child3 } = c.entities((registry, name) => {
    @Table(name('parent'), { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Child1 }) c1Id!: number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Child2 }) c2Id!: number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Child3 }) c3Id!: number | null;
      @Relationship(() => Child1, { foreignKey: 'parentId' }) c1s!: Child1[];
      @Relationship(() => Child2, { foreignKey: 'parentId' }) c2s!: Child2[];
      @Relationship(() => Child3, { foreignKey: 'parentId' }) c3s!: Child3[];
      @Relationship(() => Child1, { foreignKey: 'c1Id', postUpdate: true }) c1!: Child1 | null;
      @Relationship(() => Child2, { foreignKey: 'c2Id', postUpdate: true }) c2!: Child2 | null;
      @Relationship(() => Child3, { foreignKey: 'c3Id', postUpdate: true }) c3!: Child3 | null;
    }
    @Table(name('child1'), { registry })
    class Child1 {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.integer(), foreignKey: () => Parent }) parentId!: number;
    }
    @Table(name('child2'), { registry })
    class Child2 {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.integer(), foreignKey: () => Parent }) parentId!: number;
    }
    @Table(name('child3'), { registry })
    class Child3 {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.integer(), foreignKey: () => Parent }) parentId!: number;
    }
    return { Parent, Child1, Child2, Child3 };
  });

  afterEach(async () => {
    await exec(
      c,
      `UPDATE ${c.tableOf(Parent)} SET ${['c1Id', 'c2Id', 'c3Id'].map((k) => `${ident(c, k)} = NULL`).join(', ')}`,
    );
    await c.clear(Child1, Child2, Child3, Parent);
  });

  it('the post-updated keys of one row go in one UPDATE [test_cycles.py::PostUpdateBatchingTest::test_one]', async () => {
    const sess = c.session();
    const p1 = make(Parent, { name: 'p1' });
    const [c11, c12, c13] = ['c1', 'c2', 'c3'].map((n) => make(Child1, { name: n })) as [
      InstanceType<typeof Child1>,
      InstanceType<typeof Child1>,
      InstanceType<typeof Child1>,
    ];
    const [c21, c22, c23] = ['c1', 'c2', 'c3'].map((n) => make(Child2, { name: n })) as [
      InstanceType<typeof Child2>,
      InstanceType<typeof Child2>,
      InstanceType<typeof Child2>,
    ];
    const [c31, c32, c33] = ['c1', 'c2', 'c3'].map((n) => make(Child3, { name: n })) as [
      InstanceType<typeof Child3>,
      InstanceType<typeof Child3>,
      InstanceType<typeof Child3>,
    ];
    p1.c1s = [c11, c12, c13];
    p1.c2s = [c21, c22, c23];
    p1.c3s = [c31, c32, c33];
    sess.add(p1);
    await sess.flush();

    p1.c1 = c12;
    p1.c2 = c23;
    p1.c3 = c31;
    c.sql.start();
    await sess.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE parent SET c1Id, c2Id, c3Id ×1']);

    p1.c1 = p1.c2 = p1.c3 = null;
    c.sql.start();
    await sess.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE parent SET c1Id, c2Id, c3Id ×1']);
    await sess.commit();
    expect(
      await c.readBack(
        `SELECT ${['c1Id', 'c2Id', 'c3Id'].map((k) => ident(c, k)).join(', ')} FROM ${c.tableOf(Parent)}`,
      ),
    ).toEqual([{ c1Id: null, c2Id: null, c3Id: null }]);
    void [c13, c21, c22, c32, c33];
  });
});
