/**
 * Expired attributes of a joined-inheritance hierarchy, loaded back by a query of the base class —
 * ported from SQLAlchemy's test/orm/test_expire.py (PolymorphicExpireTest). Athanor never loads on
 * attribute access, so a query of the base class joins the subclass tables and fills their
 * expired columns in the same SELECT, where SQLAlchemy loads them on access.
 */
import { Column, Table } from '../../lib/decorators';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { insert, select, types } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite('test_expire.py PolymorphicExpireTest', (c) => {
  const { Person, Engineer } = c.entities((registry, name) => {
    @Table(name('people'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'person' })
    class Person {
      @Column({ primaryKey: true, name: 'person_id' }) personId!: number;
      @Column({ type: types.string(50), nullable: true }) name!: string | null;
      @Column({ type: types.string(30), nullable: true }) type!: string | null;
    }
    @Table(name('engineers'), { registry, polymorphicIdentity: 'engineer' })
    class Engineer extends Person {
      @Column({ type: types.string(30), nullable: true }) status!: string | null;
    }
    return { Person, Engineer };
  });
  beforeEach(async () => {
    await c.engine.execute(
      insert(inspect(Person).table).values([
        { personId: 1, name: 'person1', type: 'person' },
        { personId: 2, name: 'engineer1', type: 'engineer' },
        { personId: 3, name: 'engineer2', type: 'engineer' },
      ] as never),
    );
    await c.engine.execute(
      insert(inspect(Engineer).table).values([
        { personId: 2, status: 'new engineer' },
        { personId: 3, status: 'old engineer' },
      ] as never),
    );
  });
  afterEach(() => c.clear(Engineer, Person));

  it('a query of the base class fills the expired base columns and keeps a pending change [test_expire.py::PolymorphicExpireTest::test_poly_deferred]', async () => {
    const sess = c.session({ autoflush: false });
    const p = attrs(Person);
    const [p1, e1, e2] = (await sess.scalars(select(Person).orderBy(p.personId))) as [
      InstanceType<typeof Person>,
      InstanceType<typeof Engineer>,
      InstanceType<typeof Engineer>,
    ];
    expect([e1, e2].every((e) => e instanceof Engineer)).toBe(true);

    sess.expire(p1);
    sess.expire(e1, ['status']);
    sess.expire(e2);
    for (const x of [p1, e2]) expect(instanceState(x).isExpired('name')).toBe(true);
    expect(instanceState(e1).isExpired('name')).toBe(false);
    expect(instanceState(e2).isExpired('status')).toBe(true);
    expect(instanceState(e1).isExpired('status')).toBe(true);

    e1.name = 'new engineer name';
    c.sql.start();
    await sess.scalars(select(Person));
    const selects = c.sql.stop().filter((s) => /^\s*SELECT/i.test(s.sql));
    expect(selects).toHaveLength(1);
    for (const x of [p1, e1, e2]) expect(instanceState(x).isExpired('name')).toBe(false);

    // The pending change survives the load; the value it replaces is the one the row holds.
    expect(e1.name).toBe('new engineer name');
    expect(e2.name).toBe('engineer2');
    expect(instanceState(e1).committed['name']).toBe('engineer1');

    // Adapted: SQLAlchemy's query of the base class reads the base table only and leaves `status`
    // expired (two more SELECTs on access). Athanor cannot load on access, so a query of a joined
    // hierarchy joins the subclass tables (LEFT OUTER JOIN): the one SELECT fills `status` too.
    expect(selects[0]!.sql).toMatch(/LEFT OUTER JOIN/);
    for (const x of [e1, e2]) expect(instanceState(x).isExpired('status')).toBe(false);
    expect([e1.status, e2.status]).toEqual(['new engineer', 'old engineer']);
    expect(e1.name).toBe('new engineer name');
  });
});
