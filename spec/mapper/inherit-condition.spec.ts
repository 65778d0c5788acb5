import { Column, Table } from '../../lib/decorators';
import { aliased, inspect, Registry, type TableDeclaration } from '../../lib/mapper';
import { compile, select, types } from '../../lib/sql';
import { configurationErrorOf } from '../support/configuration-error';

const registry = new Registry();

@Table('person', { registry, polymorphicOn: 'type', polymorphicIdentity: 'person' })
class Person {
  @Column({ type: types.string(50), primaryKey: true }) name!: string;
  @Column({ type: types.string(20) }) type!: string;
}
@Table('engineer', {
  registry,
  polymorphicIdentity: 'engineer',
  inheritCondition: (sub, parent) => sub.c.personName.eq(parent.c.name),
})
class Engineer extends Person {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(50), name: 'person_name', foreignKey: () => Person }) personName!: string;
}
@Table('chief', { registry, polymorphicIdentity: 'chief' })
class Chief extends Engineer {
  @Column({ type: types.string(20), nullable: true }) title!: string | null;
}

describe('joined inheritance through an inheritCondition', () => {
  it('the subclass table keeps its own key; the object is identified by the base table key', () => {
    const eng = inspect(Engineer);
    expect(eng.table.columns.map((c) => c.name)).toEqual(['id', 'person_name']);
    expect(eng.table.primaryKey.map(String)).toEqual(['engineer.id']);
    expect(eng.primaryKeyProps.map((p) => p.key)).toEqual(['name']);
    expect(eng.columnProp('name')!.columns.map(String)).toEqual(['person.name']);
    expect(eng.inheritPairs.map((p) => `${p.sub.toString()} = ${p.parent.toString()}`)).toEqual([
      'engineer.person_name = person.name',
    ]);
    // A subclass of it joins by the default: its key columns refer to the base's.
    expect(inspect(Chief).table.columns.map((c) => c.name)).toEqual(['name', 'title']);
    expect(inspect(Chief).columnProp('name')!.columns.map(String)).toEqual(['person.name', 'chief.name']);
  });

  it('loads through the condition, also for an alias and from the base class', () => {
    expect(compile(select(Engineer), 'postgresql').sql).toBe(
      'SELECT "person"."name", "person"."type", "engineer"."id", "engineer"."person_name" AS "personName", "chief"."title" ' +
        'FROM "person" JOIN "engineer" ON "engineer"."person_name" = "person"."name" ' +
        'LEFT OUTER JOIN "chief" ON "chief"."name" = "person"."name"',
    );
    expect(compile(select(aliased(Engineer, 'e')), 'sqlite').sql).toContain(
      'JOIN "engineer" AS "e_2" ON "e_2"."person_name" = "e_1"."name"',
    );
    expect(compile(select(Person), 'mysql').sql).toContain(
      'LEFT OUTER JOIN `engineer` ON `engineer`.`person_name` = `person`.`name`',
    );
  });

  it("refuses a condition that is not equalities of the two tables' columns", () => {
    const define =
      (condition: TableDeclaration['inheritCondition']) =>
      (reg: Registry): void => {
        @Table('p1', { registry: reg, polymorphicOn: 'type', polymorphicIdentity: 'p' })
        class P {
          @Column({ primaryKey: true }) id!: number;
          @Column({ type: types.string(20) }) type!: string;
        }
        @Table('s1', { registry: reg, polymorphicIdentity: 's', inheritCondition: condition })
        class S extends P {
          @Column({ primaryKey: true }) ownId!: number;
          @Column({ foreignKey: () => P }) pId!: number;
        }
        void S;
      };
    expect(configurationErrorOf(define((sub, parent) => sub.c.pId.gt(parent.c.id)))).toMatch(
      /^S: inheritCondition has a term that is not an equality of two columns; return equalities of a column of table 's1'/,
    );
    expect(configurationErrorOf(define((sub) => sub.c.pId.eq(3)))).toMatch(
      /^S: inheritCondition compares something other than a column of the subclass table with a column of the parent/,
    );
    expect(configurationErrorOf(define((sub, parent) => sub.c.nope.eq(parent.c.id)))).toMatch(
      /^S: inheritCondition failed: .* \(a property key that is not a column\?\)/,
    );
  });

  it('refuses a condition on a class that is not a joined subclass', () => {
    expect(
      configurationErrorOf((reg) => {
        @Table('p2', { registry: reg, inheritCondition: (sub, parent) => sub.c.id.eq(parent.c.id) })
        class P {
          @Column({ primaryKey: true }) id!: number;
        }
        void P;
      }),
    ).toBe(
      'P: inheritCondition is for a joined-inheritance subclass (a subclass of a mapped class with a table of its own)',
    );
  });

  it("asks for another property key when the subclass table's column repeats the base key's", () => {
    expect(
      configurationErrorOf((reg) => {
        @Table('p3', { registry: reg, polymorphicOn: 'type', polymorphicIdentity: 'p' })
        class P {
          @Column({ primaryKey: true }) id!: number;
          @Column({ type: types.string(20) }) type!: string;
        }
        @Table('s3', {
          registry: reg,
          polymorphicIdentity: 's',
          inheritCondition: (sub, parent) => sub.c.pId.eq(parent.c.id),
        })
        class S extends P {
          @Column({ primaryKey: true }) declare id: number;
          @Column({ foreignKey: () => P }) pId!: number;
        }
        void S;
      }),
    ).toBe(
      "S.id: P.id is the key that identifies S; give the column of table 's3' another property key, e.g. @Column({ name: 'id' }) ownId",
    );
  });
});

describe('a joined subclass repeating an inherited attribute', () => {
  it('maps it to the column of each table', () => {
    const reg = new Registry();
    @Table('p4', { registry: reg, polymorphicOn: 'type', polymorphicIdentity: 'p' })
    class P {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) type!: string;
      @Column({ version: true }) version!: number;
    }
    @Table('s4', { registry: reg, polymorphicIdentity: 's' })
    class S extends P {
      @Column() declare version: number;
    }
    reg.configure();
    expect(inspect(S).columnProp('version')!.columns.map(String)).toEqual(['p4.version', 's4.version']);
    expect(inspect(S).versionProp).toBe(inspect(S).columnProp('version'));
    expect(inspect(P).columnProp('version')!.columns.map(String)).toEqual(['p4.version']);
  });

  it('refuses primaryKey or version on the repeated attribute', () => {
    expect(
      configurationErrorOf((reg) => {
        @Table('p5', { registry: reg, polymorphicOn: 'type', polymorphicIdentity: 'p' })
        class P {
          @Column({ primaryKey: true }) id!: number;
          @Column({ type: types.string(20) }) type!: string;
          @Column({ version: true }) version!: number;
        }
        @Table('s5', { registry: reg, polymorphicIdentity: 's' })
        class S extends P {
          @Column({ version: true }) declare version: number;
        }
        void S;
      }),
    ).toBe(
      "S.version: repeats P.version in table 's5', so it takes its primary key and version options from P; leave primaryKey and version out",
    );
  });
});
