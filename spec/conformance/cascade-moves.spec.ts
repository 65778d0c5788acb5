/**
 * A child moved to a new parent in the same flush as its old parent's delete: the move wins,
 * whatever cascades the old parent has. Ported from SQLAlchemy's test/orm/test_cascade.py
 * (O2MConflictTest); each SQLAlchemy test runs the move with and without deleting the old parent.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, type RelationshipOptions } from '../../lib/mapper';
import { select, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite, type ConformanceContext } from './support';

type Side = { uselist: boolean; options?: RelationshipOptions };

/**
 * parent / child (child.parent_id NOT NULL). `parentChild`: Parent.child's options; `childParent`:
 * Child.parent's, when the mapping has that side.
 */
function fixture(
  c: ConformanceContext,
  parentChild: Side | undefined,
  childParent: RelationshipOptions | undefined,
) {
  return c.entities((registry, name) => {
    const none: PropertyDecorator = () => undefined;
    @Table(name('parent'), { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @(parentChild === undefined
        ? none
        : Relationship(() => Child, {
            uselist: parentChild.uselist,
            ...parentChild.options,
            ...(childParent !== undefined ? { backPopulates: 'parent' } : {}),
          }))
      child!: Child | Child[] | null;
    }
    @Table(name('child'), { registry })
    class Child {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Parent, nullable: false, name: 'parent_id' })
      parentId!: number;
      @(childParent === undefined
        ? none
        : Relationship(() => Parent, {
            ...childParent,
            ...(parentChild !== undefined ? { backPopulates: 'child' } : {}),
          }))
      parent!: Parent | null;
    }
    return { Parent, Child };
  });
}

conformanceSuite('test_cascade.py O2MConflictTest', (c) => {
  const variants: [string, Side | undefined, RelationshipOptions | undefined][] = [
    ['test_o2o_delete_old', { uselist: false }, undefined],
    ['test_o2m_delete_old', { uselist: true }, undefined],
    ['test_o2o_backref_delete_old', { uselist: false }, {}],
    ['test_o2o_delcascade_delete_old', { uselist: false, options: { cascade: 'all, delete' } }, undefined],
    [
      'test_o2o_delorphan_delete_old',
      { uselist: false, options: { cascade: 'all, delete, delete-orphan' } },
      undefined,
    ],
    [
      'test_o2o_delorphan_backref_delete_old',
      { uselist: false, options: { cascade: 'all, delete, delete-orphan' } },
      {},
    ],
    [
      'test_o2o_backref_delorphan_delete_old',
      { uselist: false },
      { singleParent: true, cascade: 'all, delete, delete-orphan' },
    ],
    [
      'test_o2m_backref_delorphan_delete_old',
      { uselist: true },
      { singleParent: true, cascade: 'all, delete, delete-orphan' },
    ],
  ];
  const mapped = variants.map(([test, parentChild, childParent]) => ({
    test,
    ...fixture(c, parentChild, childParent),
  }));

  for (const { test, Parent, Child } of mapped) {
    for (const deleteOld of [true, false]) {
      it(`the child moved to p2 is kept${deleteOld ? ' when p1 is deleted in the same flush' : ''} [test_cascade.py::O2MConflictTest::${test}]`, async () => {
        const s = c.session({ autoflush: false });
        const [p1, p2, c1] = [make(Parent), make(Parent), make(Child)];
        const uselist = Array.isArray(p1.child);
        if (uselist) (p1.child as InstanceType<typeof Child>[]).push(c1);
        else p1.child = c1;
        s.addAll([p1, c1]);
        await s.flush();
        if (deleteOld) s.delete(p1);
        if (uselist) (p2.child as InstanceType<typeof Child>[]).push(c1);
        else p2.child = c1;
        s.add(p2);
        await s.flush();
        const ch = attrs(Child);
        expect(await s.scalars(select(Child).where(ch.parentId.eq(p2.id)))).toEqual([c1]);
        await s.commit();
        expect(
          await c.readBack(`SELECT id FROM ${c.tableOf(Child)} WHERE id = ${c1.id} AND parent_id = ${p2.id}`),
        ).toHaveLength(1);
        await c.clear(Child, Parent);
      });
    }
  }
});
