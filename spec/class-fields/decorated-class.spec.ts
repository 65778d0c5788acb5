import { Column, Index, Relationship, Table, type Rel } from '../../lib/decorators';
import { ConfigurationError } from '../../lib/errors';
import { inspect, Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { fieldsMode } from './entities';

describe(`the class @Table returns (${fieldsMode})`, () => {
  const registry = new Registry();

  @Index(['name'], { name: 'ix_gadgets_name' })
  @Table('gadgets', { registry })
  class Gadget {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name = 'unnamed';
    static made = 0;

    constructor(name?: string, _size?: number) {
      Gadget.made++;
      if (name !== undefined) this.name = name;
    }

    describe(): string {
      return `gadget ${this.name}`;
    }
  }

  it('keeps the name, arity, statics, methods and instanceof of the declared class', () => {
    const g = new Gadget('lamp');
    expect(Gadget.name).toBe('Gadget');
    expect(Gadget.length).toBe(2);
    expect(g).toBeInstanceOf(Gadget);
    expect(g.constructor).toBe(Gadget);
    expect(Object.getPrototypeOf(g)).toBe(Gadget.prototype);
    expect(g.describe()).toBe('gadget lamp');
    expect(Gadget.made).toBeGreaterThan(0);
    expect(inspect(Gadget).class_).toBe(Gadget);
  });

  it('passes constructor arguments through and adopts what the constructor set', () => {
    expect(new Gadget().name).toBe('unnamed');
    const g = new Gadget('desk');
    expect(g.name).toBe('desk');
    expect(Object.keys(g)).toEqual([]);
  });

  it('keeps metadata recorded on the declared class reachable (reflect-metadata walks the prototype chain)', () => {
    const reflect = Reflect as unknown as { getMetadata(key: string, target: object): unknown };
    expect(reflect.getMetadata('design:paramtypes', Gadget)).toEqual([String, Number]);
  });

  it('lets class decorators written above @Table add to the same mapping', () => {
    expect([...inspect(Gadget).table.indexes].map((i) => i.name)).toEqual(['ix_gadgets_name']);
  });

  it('never calls a target thunk while classes are being declared (ES module cycles)', () => {
    const calls: string[] = [];
    const reg = new Registry();
    @Table('lazy_parents', { registry: reg })
    class LazyParent {
      @Column({ primaryKey: true }) id!: number;
    }
    @Table('lazy_children', { registry: reg })
    class LazyChild {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => (calls.push('foreignKey'), LazyParent) }) parentId!: number;
      @Relationship(() => (calls.push('relationship'), LazyParent)) parent!: Rel<LazyParent>;
    }
    expect(calls).toEqual([]);
    expect(inspect(LazyChild).relationship('parent')!.target).toBe(inspect(LazyParent));
    expect(calls.sort()).toEqual(['foreignKey', 'relationship']);
  });

  it('refuses a second @Table on the same class', () => {
    expect(() => {
      @Table('twice_a', { registry: new Registry() })
      @Table('twice_b', { registry: new Registry() })
      class Twice {
        @Column({ primaryKey: true }) id!: number;
      }
      return Twice;
    }).toThrow(ConfigurationError);
  });
});
