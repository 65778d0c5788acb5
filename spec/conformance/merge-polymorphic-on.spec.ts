/**
 * `merge()` of an object of a hierarchy whose discriminator is an SQL expression — ported from
 * SQLAlchemy's test/orm/test_merge.py (PolymorphicOnTest). `polymorphicOn` is a CASE over the
 * `type` column: E → employee, M → manager, G and R → engineer. The flush writes `type` as the
 * application set it (SQLAlchemy sets no discriminator it cannot map to a column).
 */
import { Column, Table } from '../../lib/decorators';
import { attrs, type Attrs } from '../../lib/mapper';
import { caseWhen, select, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_merge.py PolymorphicOnTest', (c) => {
  const { Employee, Manager } = c.entities((registry, name) => {
    @Table(name('employees'), {
      registry,
      polymorphicOn: (e: Attrs<Employee>) =>
        caseWhen(e.type)
          .when('E', 'employee')
          .when('M', 'manager')
          .when('G', 'engineer')
          .when('R', 'engineer'),
      polymorphicIdentity: 'employee',
    })
    class Employee {
      @Column({ primaryKey: true, name: 'employee_id' }) employeeId!: number;
      @Column({ type: types.string(1) }) type!: string;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
    }
    @Table({ registry, polymorphicIdentity: 'manager' })
    class Manager extends Employee {}
    @Table({ registry, polymorphicIdentity: 'engineer' })
    class Engineer extends Employee {}
    return { Employee, Manager, Engineer };
  });
  afterEach(() => c.clear(Employee));

  it('merges a polymorphic object when polymorphicOn is not a column [test_merge.py::PolymorphicOnTest::test_merge_polymorphic_on]', async () => {
    const s = c.session();
    s.add(make(Manager, { employeeId: 55, type: 'M', data: 'original data' }));
    await s.commit();
    s.expungeAll();

    const m = make(Manager, { employeeId: 55, data: 'updated data' });
    c.sql.start();
    const merged = await s.merge(m);
    expect(merged).not.toBe(m);
    expect(merged).toBeInstanceOf(Manager);
    // SQLAlchemy's eq_(m, merged): the attributes m holds are equal.
    expect([merged.employeeId, merged.data]).toEqual([m.employeeId, m.data]);
    // The merge read the row, discriminator computed, and the type stays as stored.
    expect(merged.type).toBe('M');
    await s.commit();
    const dml = c.sql.dml();
    c.sql.stop();
    expect(dml.filter((sql) => /^SELECT/i.test(sql))[0]).toMatch(/CASE/i);
    expect(dml.filter((sql) => /^(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([
      expect.stringMatching(/^UPDATE .* SET .data. = /),
    ]);
    expect(await c.readBack(`SELECT employee_id, type, data FROM ${c.tableOf(Employee)}`)).toEqual([
      { employee_id: 55, type: 'M', data: 'updated data' },
    ]);
    const s2 = c.session();
    expect(await s2.scalars(select(Employee).where(attrs(Employee).data.eq('updated data')))).toEqual([
      expect.any(Manager),
    ]);
  });
});
