/**
 * How `cascade:` options are read and checked, view-only relationships' cascades, and cascades
 * through subclasses. Ported from SQLAlchemy's test/orm/test_cascade.py (CascadeArgTest,
 * ViewonlyCascadeUpdate, SubclassCascadeTest).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { ConfigurationError } from '../../lib/errors';
import { inspect, Registry, type RelationshipOptions } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { countRows, make } from './cascade-helpers';
import { conformanceSuite } from './support';

let seq = 0;
/** users / addresses in a fresh registry, with `User.addresses` mapped as given. */
function usersAddresses(options: RelationshipOptions) {
  const registry = new Registry();
  const n = seq++;
  @Table(`cascade_opt_users_${n}`, { registry })
  class User {
    @Column({ primaryKey: true }) id!: number;
    @Relationship(() => Address, options) addresses!: Address[];
  }
  @Table(`cascade_opt_addresses_${n}`, { registry })
  class Address {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
  }
  return { registry, User, Address };
}

/** The warnings `process.emitWarning` is given while `fn` runs. */
function processWarnings(fn: () => void): string[] {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    fn();
    return spy.mock.calls
      .filter((call) => (call[1] as unknown) === 'AthanorWarning')
      .map((call) => String(call[0]));
  } finally {
    spy.mockRestore();
  }
}

describe('test_cascade.py CascadeArgTest', () => {
  it("passiveDeletes: 'all' cannot go with a delete cascade [test_cascade.py::CascadeArgTest::test_delete_with_passive_deletes_all]", () => {
    const { registry } = usersAddresses({ passiveDeletes: 'all', cascade: 'all, delete-orphan' });
    expect(() => registry.configure()).toThrow(ConfigurationError);
    expect(() => registry.configure()).toThrow(
      "User.addresses: passiveDeletes: 'all' cannot be combined with the 'delete' or 'delete-orphan' cascade",
    );
  });

  it('delete-orphan without delete warns [test_cascade.py::CascadeArgTest::test_delete_orphan_without_delete]', () => {
    const { registry } = usersAddresses({ cascade: 'save-update, delete-orphan' });
    expect(processWarnings(() => registry.configure())).toEqual([
      "User.addresses: the 'delete-orphan' cascade option requires 'delete'; add 'delete' (or use 'all, delete-orphan')",
    ]);
  });

  it('unknown cascade names are refused, all of them named [test_cascade.py::CascadeArgTest::test_bad_cascade]', () => {
    const { registry } = usersAddresses({ cascade: 'fake, all, delete-orphan, fake2' });
    expect(() => registry.configure()).toThrow(
      /^User\.addresses: invalid cascade option\(s\): 'fake', 'fake2'; use any of /,
    );
  });

  it("the default cascade is save-update and merge; 'all, delete, delete-orphan' is every cascade [test_cascade.py::CascadeArgTest::test_cascade_assignable]", () => {
    const plain = usersAddresses({});
    plain.registry.configure();
    expect([...inspect(plain.User).relationship('addresses')!.cascade].sort()).toEqual([
      'merge',
      'save-update',
    ]);
    expect(inspect(plain.Address).deleteOrphanParents).toEqual([]);
    const full = usersAddresses({ cascade: 'all, delete, delete-orphan' });
    full.registry.configure();
    const rel = inspect(full.User).relationship('addresses')!;
    expect([...rel.cascade].sort()).toEqual([
      'delete',
      'delete-orphan',
      'expunge',
      'merge',
      'refresh-expire',
      'save-update',
    ]);
    expect(inspect(full.Address).deleteOrphanParents).toEqual([rel]);
  });
});

describe('test_cascade.py ViewonlyCascadeUpdate', () => {
  const cases: [string, string[]][] = [
    ['delete', []],
    ['all, delete-orphan', ['expunge', 'merge', 'refresh-expire']],
    ['save-update, expunge', ['expunge']],
  ];
  for (const [setting, expected] of cases) {
    it(`a view-only relationship keeps only the cascades that do not write ('${setting}') [test_cascade.py::ViewonlyCascadeUpdate::test_write_cascades]`, () => {
      const { registry, User } = usersAddresses({ cascade: setting, viewonly: true });
      registry.configure();
      expect([...inspect(User).relationship('addresses')!.cascade].sort()).toEqual(expected);
    });
  }

  it("a view-only relationship's default cascade is merge only [test_cascade.py::ViewonlyCascadeUpdate::test_default_cascade]", () => {
    const { registry, User } = usersAddresses({ viewonly: true });
    registry.configure();
    expect([...inspect(User).relationship('addresses')!.cascade]).toEqual(['merge']);
  });
});

conformanceSuite('test_cascade.py ViewonlyCascadeUpdate', (c) => {
  const fixture = (cascade?: string) =>
    c.entities((registry, name) => {
      @Table(name('users'), { registry })
      class User {
        @Column({ primaryKey: true, autoincrement: false }) id!: number;
        @Column({ type: types.string(30), nullable: true }) name!: string | null;
        @Relationship(() => Order, { viewonly: true, ...(cascade === undefined ? {} : { cascade }) })
        orders!: Order[];
      }
      @Table(name('orders'), { registry })
      class Order {
        @Column({ primaryKey: true, autoincrement: false }) id!: number;
        @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
        @Column({ type: types.string(30), nullable: true }) description!: string | null;
      }
      return { User, Order };
    });
  const expunging = fixture('expunge');
  const plain = fixture();
  afterEach(async () => {
    for (const f of [expunging, plain]) await c.clear(f.Order, f.User);
  });

  it('expunging the parent expunges what its view-only collection holds [test_cascade.py::ViewonlyCascadeUpdate::test_expunge_cascade]', async () => {
    const { User, Order } = expunging;
    const s = c.session();
    s.add(make(User, { id: 1, name: 'jack' }));
    s.addAll([
      make(Order, { id: 1, userId: 1, description: 'someorder' }),
      make(Order, { id: 2, userId: 1, description: 'someotherorder' }),
    ]);
    await s.commit();
    const u1 = (await s.get(User, 1))!;
    const orders = await s.load(u1, 'orders');
    expect(orders).toHaveLength(2);
    expect([s.contains(orders[0]!), s.contains(orders[1]!)]).toEqual([true, true]);
    s.expunge(u1);
    expect([s.contains(orders[0]!), s.contains(orders[1]!)]).toEqual([false, false]);
  });

  it('appending to a view-only collection cascades nothing [test_cascade.py::ViewonlyCascadeUpdate::test_default_none_cascade]', () => {
    const { User, Order } = plain;
    const s = c.session();
    const u1 = make(User, { id: 1, name: 'jack' });
    s.add(u1);
    const [o1, o2] = [
      make(Order, { id: 1, userId: 1, description: 'someorder' }),
      make(Order, { id: 2, userId: 1, description: 'someotherorder' }),
    ];
    u1.orders.push(o1);
    u1.orders.push(o2);
    expect([s.contains(o1), s.contains(o2)]).toEqual([false, false]);
  });

  for (const status of ['persistent', 'pending'] as const) {
    it(`merge copies a loaded view-only collection (${status}) [test_cascade.py::ViewonlyCascadeUpdate::test_default_merge_cascade]`, async () => {
      const { User, Order } = plain;
      // SQLAlchemy's merge() runs without autoflush.
      const s = c.session({ autoflush: false });
      let u1 = make(User, { id: 1, name: 'jack' });
      const [o1, o2] = [
        make(Order, { id: 1, userId: 1, description: 'someorder' }),
        make(Order, { id: 2, userId: 1, description: 'someotherorder' }),
      ];
      if (status === 'pending') {
        u1.orders.push(o1);
        u1.orders.push(o2);
      } else {
        s.add(u1);
        await s.flush();
        s.addAll([o1, o2]);
        await s.flush();
        await s.load(u1, 'orders');
      }
      u1 = await s.merge(u1);
      expect(u1.orders.length).toBeGreaterThan(0);
    });
  }
});

conformanceSuite('test_cascade.py SubclassCascadeTest', (c) => {
  const { Company, Employee, Engineer, Language, JavaLanguage, MavenBuild } = c.entities((registry, name) => {
    @Table(name('company'), { registry })
    class Company {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50), nullable: true }) name!: string | null;
      @Relationship(() => Employee, { cascade: 'all, delete-orphan' }) employees!: Employee[];
    }
    @Table(name('employee'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'employee' })
    class Employee {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50), nullable: true }) name!: string | null;
      @Column({ type: types.string(50), nullable: true }) type!: string | null;
      @Column({ type: types.integer(), foreignKey: () => Company, nullable: true }) companyId!: number | null;
    }
    @Table(name('engineer'), { registry, polymorphicIdentity: 'engineer' })
    class Engineer extends Employee {
      @Column({ type: types.string(30), nullable: true }) engineerName!: string | null;
      @Relationship(() => Language, { cascade: 'all, delete-orphan' }) languages!: Language[];
    }
    @Table(name('manager'), { registry, polymorphicIdentity: 'manager' })
    class Manager extends Employee {
      @Column({ type: types.string(30), nullable: true }) managerName!: string | null;
    }
    @Table(name('language'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'language' })
    class Language {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Engineer, nullable: false }) engineerId!: number;
      @Column({ type: types.string(50), nullable: true }) name!: string | null;
      @Column({ type: types.string(50), nullable: true }) type!: string | null;
    }
    @Table(name('java_language'), { registry, polymorphicIdentity: 'java_language' })
    class JavaLanguage extends Language {
      @Relationship(() => MavenBuild, { cascade: 'all, delete-orphan' }) mavenBuilds!: MavenBuild[];
    }
    @Table(name('maven_build'), { registry })
    class MavenBuild {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => JavaLanguage, nullable: false })
      javaLanguageId!: number;
    }
    void Manager;
    return { Company, Employee, Engineer, Language, JavaLanguage, MavenBuild };
  });
  afterEach(() => c.clear(MavenBuild, JavaLanguage, Language, Engineer, Employee, Company));
  const build = () => {
    const mavenBuild = make(MavenBuild);
    const lang = make(JavaLanguage, { name: 'java', mavenBuilds: [mavenBuild] });
    const eng = make(Engineer, { languages: [lang] });
    const obj = make(Company, { employees: [eng] });
    return { obj, eng, lang, mavenBuild };
  };

  it("the save-update cascade follows subclasses' own relationships [test_cascade.py::SubclassCascadeTest::test_cascade_iterator_polymorphic]", () => {
    // SQLAlchemy walks mapper.cascade_iterator('save-update'); here add() shows what it reaches.
    const { obj, eng, lang, mavenBuild } = build();
    const s = c.session();
    s.add(obj);
    expect(new Set(s.new)).toEqual(new Set([obj, eng, lang, mavenBuild]));
    const { eng: eng2, lang: lang2, mavenBuild: mb2 } = build();
    const s2 = c.session();
    s2.add(eng2);
    expect(new Set(s2.new)).toEqual(new Set([eng2, lang2, mb2]));
  });

  it('emptying the employees deletes them and what their subclasses cascade to [test_cascade.py::SubclassCascadeTest::test_delete_orphan_round_trip]', async () => {
    const { obj } = build();
    const s = c.session();
    s.add(obj);
    await s.commit();
    await s.load(obj, 'employees'); // SQLAlchemy loads the expired collection on assignment
    obj.employees = [];
    await s.commit();
    expect(await countRows(s, Language)).toBe(0);
    expect(await countRows(s, MavenBuild)).toBe(0);
  });
});
