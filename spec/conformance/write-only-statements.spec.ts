/**
 * The statement a write-only collection's `select()` builds, where the relationship goes through a
 * secondary table or refers to its own class. Ported from SQLAlchemy's test/orm/test_dynamic.py
 * (WriteOnlyTest, DynamicTest and the shared _UOWTests).
 *
 * Adaptations: `.all()` of a dynamic collection is `session.scalars(… .select())`; SQLAlchemy
 * compiles with its default dialect, these compile for PostgreSQL and also run the statement.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import type { WriteOnlyCollection } from '../../lib';
import { attrs, inspect } from '../../lib/mapper';
import { makeTransientToDetached } from '../../lib/session';
import { compile, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_dynamic.py WriteOnlyTest (statements)', (c) => {
  const { Order, Item, ItemKeyword, orderItems } = c.entities((registry, name) => {
    const orderItemsName = name('order_items');
    @Table(name('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: true }) description!: string | null;
      @Relationship(() => Item, { secondary: orderItemsName, lazy: 'writeOnly' })
      items!: WriteOnlyCollection<Item>;
    }
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) description!: string;
      @Relationship(() => ItemKeyword) itemKeywords!: ItemKeyword[];
    }
    @Table(name('item_keywords'), { registry })
    class ItemKeyword {
      @Column({ type: types.integer(), primaryKey: true, foreignKey: () => Item, name: 'item_id' })
      itemId!: number;
      @Column({ type: types.integer(), primaryKey: true, name: 'keyword_id' }) keywordId!: number;
    }
    return { Order, Item, ItemKeyword, orderItems: orderItemsName };
  });

  it('joining the selected class to another keeps the association table in FROM [test_dynamic.py::WriteOnlyTest::test_secondary_doesnt_interfere_w_join_to_fromlist]', async () => {
    const s = c.session();
    const order = make(Order, { id: 1, description: 'order 1' });
    const [i1, i2, i3] = [1, 2, 3].map((id) =>
      make(Item, { id, description: `item ${id}`, itemKeywords: [] }),
    );
    order.items.addAll([i1!, i2!]);
    i1!.itemKeywords.push(make(ItemKeyword, { keywordId: 10 }));
    i3!.itemKeywords.push(make(ItemKeyword, { keywordId: 10 }));
    s.addAll([order, i3!]);
    await s.commit();

    const items = inspect(Item).table.name;
    const keywords = inspect(ItemKeyword).table.name;
    const orders = inspect(Order).table.name;
    const stmt = order.items.select().join(attrs(Item).itemKeywords);
    expect(compile(stmt, 'postgresql').sql).toBe(
      `SELECT "${items}"."id", "${items}"."description" FROM "${items}" ` +
        `JOIN "${keywords}" ON "${items}"."id" = "${keywords}"."item_id", "${orderItems}" ` +
        `WHERE "${orderItems}"."${orders}_id" = $1 AND "${orderItems}"."${items}_id" = "${items}"."id"`,
    );
    // Item 1 is the order's only item with a keyword; item 3 has one but is in no order.
    expect((await s.scalars(stmt)).map((i) => i.id)).toEqual([1]);
  });
});

conformanceSuite('test_dynamic.py WriteOnlyTest (secondary of a mapped table)', (c) => {
  const { GrandParent, Parent, Child, SubChild } = c.entities((registry, name) => {
    const parentTable = name('parent');
    @Table(name('grandparent'), { registry })
    class GrandParent {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Child, { secondary: parentTable, viewonly: true, lazy: 'writeOnly' })
      grandChildren!: WriteOnlyCollection<Child>;
    }
    @Table(parentTable, { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => GrandParent, name: 'grand_parent_id' })
      grandParentId!: number;
    }
    @Table(name('child'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'unknown' })
    class Child {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20), nullable: true }) type!: string | null;
      @Column({ type: types.integer(), foreignKey: () => Parent, name: 'parent_id' }) parentId!: number;
    }
    @Table(name('subchild'), { registry, polymorphicIdentity: 'sub' })
    class SubChild extends Child {
      @Column({ type: types.string(20), nullable: true }) extra!: string | null;
    }
    return { GrandParent, Parent, Child, SubChild };
  });

  it("a detached grandparent's grandchildren are selected through the parent table [test_dynamic.py::WriteOnlyTest::test_secondary_as_join_complex_entity]", async () => {
    const seed = c.session();
    seed.add(make(GrandParent, { id: 1 }));
    seed.add(make(GrandParent, { id: 2 }));
    await seed.flush();
    seed.addAll([make(Parent, { id: 1, grandParentId: 1 }), make(Parent, { id: 2, grandParentId: 2 })]);
    await seed.flush();
    seed.addAll([
      make(Child, { id: 1, parentId: 1 }),
      make(SubChild, { id: 2, parentId: 1, extra: 'x' }),
      make(Child, { id: 3, parentId: 2 }),
    ]);
    await seed.commit();

    const gp = make(GrandParent, { id: 1 });
    makeTransientToDetached(gp);
    const stmt = gp.grandChildren.select().where(attrs(Child).id.eq(1));
    const child = inspect(Child).table.name;
    const sub = inspect(SubChild).tables.at(-1)!.name;
    const parent = inspect(Parent).table.name;
    // The polymorphic target's subclass table is LEFT OUTER JOINed; the secondary follows it.
    expect(compile(stmt, 'postgresql').sql).toBe(
      `SELECT "${child}"."id", "${child}"."type", "${child}"."parent_id" AS "parentId", "${sub}"."extra" ` +
        `FROM "${child}" LEFT OUTER JOIN "${sub}" ON "${sub}"."id" = "${child}"."id", "${parent}" ` +
        `WHERE "${parent}"."grand_parent_id" = $1 AND "${parent}"."id" = "${child}"."parent_id" AND "${child}"."id" = $2`,
    );
    expect(compile(stmt, 'postgresql').params).toEqual([1, 1]);

    const s = c.session();
    expect((await s.scalars(stmt)).map((x) => x.id)).toEqual([1]);
    const all = await s.scalars(gp.grandChildren.select().orderBy(attrs(Child).id));
    expect(all.map((x) => [x.id, x.constructor.name])).toEqual([
      [1, 'Child'],
      [2, 'SubChild'],
    ]);
  });
});

conformanceSuite('test_dynamic.py _UOWTests (self-referential)', (c) => {
  const { Node } = c.entities((registry, name) => {
    @Table(name('nodes'), { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Node, nullable: true, name: 'parent_id' })
      parentId!: number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Relationship(() => Node, { lazy: 'writeOnly', orderBy: 'id' }) children!: WriteOnlyCollection<Node>;
    }
    return { Node };
  });

  it("a node's children are written and read back in order [test_dynamic.py::_UOWTests::test_self_referential]", async () => {
    const s = c.session();
    const [n2, n3] = [make(Node, { data: 'n2' }), make(Node, { data: 'n3' })];
    const n1 = make(Node, { data: 'n1' });
    n1.children.addAll([n2, n3]);
    s.add(n1);
    await s.commit();
    expect(await s.scalars(n1.children.select())).toEqual([n2, n3]);
    const nodes = c.tableOf(Node);
    expect(await c.readBack(`SELECT data, parent_id FROM ${nodes} ORDER BY id`)).toEqual([
      { data: 'n1', parent_id: null },
      { data: 'n2', parent_id: n1.id },
      { data: 'n3', parent_id: n1.id },
    ]);
  });
});
