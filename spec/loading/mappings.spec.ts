import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, Registry } from '../../lib/mapper';
import {
  joinedload,
  lazyload,
  raiseload,
  select,
  selectinload,
  Session,
  subqueryload,
  types,
  LazyLoadError,
} from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { statementCounter } from '../session/fixtures';

describeEachDialect('loading across mappings', (d) => {
  const registry = new Registry();
  const n = (base: string): string => d.uniqueName(base);

  @Table(n('authors'), { registry })
  class Author {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Relationship(() => Book, { backPopulates: 'author', lazy: 'selectin', orderBy: 'id' }) books!: Book[];
    @Relationship(() => Profile, { backPopulates: 'author', uselist: false, lazy: 'joined' })
    profile!: Profile | null;
  }

  @Table(n('profiles'), { registry })
  class Profile {
    @Column({ primaryKey: true }) id!: number;
    @Column({ foreignKey: () => Author, unique: true }) authorId!: number;
    @Column({ type: types.string(50) }) bio!: string;
    @Relationship(() => Author, { backPopulates: 'profile' }) author!: Author | null;
  }

  @Table(n('books'), { registry })
  class Book {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) title!: string;
    @Column({ foreignKey: () => Author }) authorId!: number;
    @Relationship(() => Author, { backPopulates: 'books', lazy: 'joined' }) author!: Author | null;
  }

  @Table(n('shelves'), { registry })
  class Shelf {
    @Column({ primaryKey: true, type: types.string(10) }) code!: string;
    @Column({ primaryKey: true }) num!: number;
    @Relationship(() => Slot, { backPopulates: 'shelf', orderBy: 'id' }) slots!: Slot[];
  }

  @Table(n('slots'), {
    registry,
    foreignKeys: [{ columns: ['shelfCode', 'shelfNum'], references: () => Shelf }],
  })
  class Slot {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(10) }) shelfCode!: string;
    @Column() shelfNum!: number;
    @Relationship(() => Shelf, { backPopulates: 'slots' }) shelf!: Shelf | null;
  }

  @Table(n('companies'), { registry })
  class Company {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Relationship(() => Employee, { backPopulates: 'company', orderBy: 'id' }) employees!: Employee[];
  }

  @Table(n('employees'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'employee' })
  class Employee {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Column({ type: types.string(20) }) type!: string;
    @Column({ foreignKey: () => Company }) companyId!: number;
    @Relationship(() => Company, { backPopulates: 'employees' }) company!: Company | null;
  }
  @Table({ registry, polymorphicIdentity: 'manager' })
  class Manager extends Employee {
    @Column({ type: types.integer(), nullable: true }) budget!: number | null;
  }
  @Table(n('engineers'), { registry, polymorphicIdentity: 'engineer' })
  class Engineer extends Employee {
    @Column({ type: types.string(30), nullable: true }) language!: string | null;
  }

  const counter = statementCounter(d);
  const open: Session[] = [];
  const newSession = (): Session => {
    const s = new Session(d.engine);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    counter.stop();
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
    const s = new Session(d.engine);
    for (let i = 1; i <= 4; i++) {
      const a = Object.assign(new Author(), { id: i, name: `author ${i}` });
      a.books = [1, 2, 3]
        .slice(0, i - 1)
        .map((k) => Object.assign(new Book(), { id: i * 10 + k, title: `b${i}${k}` }));
      if (i % 2 === 1) a.profile = Object.assign(new Profile(), { id: i, bio: `bio ${i}` });
      s.add(a);
    }
    const shelves = ['a', 'b'].map((code) => Object.assign(new Shelf(), { code, num: 1 }));
    shelves.push(Object.assign(new Shelf(), { code: 'a', num: 2 }));
    shelves[0]!.slots = [1, 2].map((id) => Object.assign(new Slot(), { id }));
    shelves[2]!.slots = [3].map((id) => Object.assign(new Slot(), { id }));
    s.addAll(shelves);
    const acme = Object.assign(new Company(), { id: 1, name: 'acme' });
    s.add(acme);
    s.add(Object.assign(new Company(), { id: 2, name: 'empty' }));
    await s.commit();
    // One subclass per flush: a flush of siblings of one hierarchy together reports a false
    // dependency cycle (Manager -> Engineer), a unit-of-work issue outside this suite.
    for (const e of [
      Object.assign(new Employee(), { id: 1, name: 'emma', companyId: 1 }),
      Object.assign(new Manager(), { id: 2, name: 'max', budget: 100, companyId: 1 }),
      Object.assign(new Engineer(), { id: 3, name: 'eve', language: 'ts', companyId: 1 }),
    ]) {
      s.add(e);
      await s.commit();
    }
    await s.close();
  });
  afterAll(() => registry.metadata.dropAll(d.engine));

  const au = attrs(Author);
  const bk = attrs(Book);

  it("the mapping's lazy: defaults apply: selectin collection, joined one-to-one, back references filled", async () => {
    const s = newSession();
    counter.start();
    const authors = await s.scalars(select(Author).orderBy(au.id));
    expect(counter.stop()).toHaveLength(2); // authors LEFT JOIN profiles, then books IN (…)
    expect(authors.map((a) => a.books.map((b) => b.id))).toEqual([[], [21], [31, 32], [41, 42, 43]]);
    expect(authors.map((a) => a.profile?.bio ?? null)).toEqual(['bio 1', null, 'bio 3', null]);
    expect(authors[3]!.books[0]!.author).toBe(authors[3]);
  });

  it('options override the defaults: raiseload and lazyload', async () => {
    const s = newSession();
    counter.start();
    const [a] = await s.scalars(
      select(Author).where(au.id.eq(4)).options(raiseload(au.books), lazyload(au.profile)),
    );
    expect(counter.stop()).toHaveLength(1);
    expect(() => a!.books).toThrow(LazyLoadError);
    expect(() => a!.profile).toThrow(LazyLoadError);
  });

  it("a default 'joined' many-to-one loads with its parent", async () => {
    const s = newSession();
    counter.start();
    const books = await s.scalars(select(Book).orderBy(bk.id));
    // books LEFT JOIN authors LEFT JOIN profiles (Author.profile's joined default). Author.books
    // (selectin default) would walk back along Book.author: an eager default never loops back.
    expect(counter.stop()).toHaveLength(1);
    expect(() => books[0]!.author!.books).toThrow(LazyLoadError);
    expect(books.map((b) => b.author!.name)).toEqual(books.map((b) => `author ${Math.floor(b.id / 10)}`));
    expect(books[0]!.author!.profile).toBeNull();
    expect(books[1]!.author!.profile!.bio).toBe('bio 3');
  });

  it.each(['selectin', 'joined', 'subquery'] as const)('composite keys with %s loading', async (how) => {
    const s = newSession();
    const sh = attrs(Shelf);
    const opt = {
      selectin: () => selectinload(sh.slots),
      joined: () => joinedload(sh.slots),
      subquery: () => subqueryload(sh.slots),
    }[how]();
    const shelves = await s.scalars(select(Shelf).orderBy(sh.code, sh.num).options(opt));
    expect(shelves.map((x) => `${x.code}${x.num}:${x.slots.map((y) => y.id).join(',')}`)).toEqual([
      'a1:1,2',
      'a2:3',
      'b1:',
    ]);
    const slots = await s.scalars(
      select(Slot)
        .orderBy(attrs(Slot).id)
        .options(selectinload(attrs(Slot).shelf)),
    );
    expect(slots.map((x) => x.shelf)).toEqual([shelves[0], shelves[0], shelves[1]]);
  });

  it.each(['selectin', 'joined', 'subquery'] as const)(
    'inheritance: a collection of polymorphic employees with %s loading',
    async (how) => {
      const s = newSession();
      const c = attrs(Company);
      const opt = {
        selectin: () => selectinload(c.employees),
        joined: () => joinedload(c.employees),
        subquery: () => subqueryload(c.employees),
      }[how]();
      const companies = await s.scalars(select(Company).orderBy(c.id).options(opt));
      const [acme, empty] = companies;
      expect(empty!.employees).toEqual([]);
      expect(acme!.employees.map((e) => e.constructor.name)).toEqual(['Employee', 'Manager', 'Engineer']);
      expect((acme!.employees[1] as Manager).budget).toBe(100);
      expect((acme!.employees[2] as Engineer).language).toBe('ts');
      expect(acme!.employees[2]!.company).toBe(acme);
    },
  );

  it('inheritance: an inherited relationship loaded from a subclass query', async () => {
    const s = newSession();
    counter.start();
    const engineers = await s.scalars(select(Engineer).options(joinedload(attrs(Engineer).company)));
    expect(counter.stop()).toHaveLength(1);
    expect(engineers.map((e) => [e.name, e.language, e.company!.name])).toEqual([['eve', 'ts', 'acme']]);
    const managers = await s.scalars(select(Manager).options(selectinload(attrs(Employee).company)));
    expect(managers.map((m) => m.company!.name)).toEqual(['acme']);
  });
});
