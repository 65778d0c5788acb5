/**
 * A single-table subclass shares its base's table, which is built when the registry is configured.
 * A subclass with columns of its own declared after that cannot add them: configure() says so by
 * name, instead of failing inside the mapper.
 */
import { Column, Table } from '../../lib/decorators';
import { ConfigurationError } from '../../lib/errors';
import { inspect, Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';

describe('a single-table subclass declared after its base was configured', () => {
  it('is refused with a ConfigurationError naming the subclass, its attribute and the base table', () => {
    const registry = new Registry();
    @Table('late_employees', { registry, polymorphicOn: 'type', polymorphicIdentity: 'employee' })
    class Employee {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) type!: string;
    }
    registry.configure();

    @Table({ registry, polymorphicIdentity: 'manager' })
    class Manager extends Employee {
      @Column({ type: types.string(20), nullable: true }) rank!: string | null;
    }
    expect(() => registry.configure()).toThrow(ConfigurationError);
    expect(() => registry.configure()).toThrow(
      `${Manager.name}.rank: Employee's table 'late_employees' was built when the registry was configured, before Manager was declared`,
    );
  });

  it('maps one without columns of its own', () => {
    const registry = new Registry();
    @Table('late_plain_employees', { registry, polymorphicOn: 'type', polymorphicIdentity: 'employee' })
    class Employee {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) type!: string;
    }
    registry.configure();
    @Table({ registry, polymorphicIdentity: 'engineer' })
    class Engineer extends Employee {}
    expect(() => registry.configure()).not.toThrow();
    expect(inspect(Engineer).table.name).toBe('late_plain_employees');
  });
});
