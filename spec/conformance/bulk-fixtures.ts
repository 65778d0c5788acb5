/**
 * The fixture of SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py UpdateDeleteTest: users
 * (the `age` attribute on the `age_int` column) with addresses, and the four users every test
 * starts from (john 25, jack 47, jill 29, jane 37).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { inspect } from '../../lib/mapper';
import { insert, select, types } from '../../lib/sql';
import type { Session } from '../../lib/session';
import type { ConformanceContext } from './support';
import { make } from './uow-helpers';

export function usersFixture(c: ConformanceContext) {
  const entities = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(32), nullable: true }) name!: string | null;
      @Column({ type: types.integer(), name: 'age_int', nullable: true }) age!: number | null;
      @Relationship(() => Address) addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50), nullable: true }) email!: string | null;
    }
    return { User, Address };
  });
  const { User, Address } = entities;

  beforeEach(async () => {
    await c.engine.execute(
      insert(inspect(User).table).values([
        { id: 1, name: 'john', age: 25 },
        { id: 2, name: 'jack', age: 47 },
        { id: 3, name: 'jill', age: 29 },
        { id: 4, name: 'jane', age: 37 },
      ] as never),
    );
  });
  afterEach(() => c.clear(Address, User));

  /** The four users, in id order, loaded into `s`. */
  async function loadUsers(s: Session): Promise<InstanceType<typeof User>[]> {
    return s.scalars(select(User).orderBy(inspect(User).columnPropsByKey.get('id')!.column));
  }

  /** The ages in the database, read on a separate connection, in id order. */
  async function agesInDb(): Promise<(number | null)[]> {
    const rows = await c.readBack(`SELECT age_int AS age FROM ${c.tableOf(User)} ORDER BY id`);
    return rows.map((r) => r['age'] as number | null);
  }

  /** The five addresses of the multi-table tests: john two (jo1, jo2), jack, jill and jane one each. */
  async function insertAddresses(): Promise<void> {
    await c.engine.execute(
      insert(inspect(Address).table).values([
        { id: 1, userId: 1, email: 'jo1' },
        { id: 2, userId: 1, email: 'jo2' },
        { id: 3, userId: 2, email: 'ja1' },
        { id: 4, userId: 3, email: 'ji1' },
        { id: 5, userId: 4, email: 'jan1' },
      ] as never),
    );
  }

  return { User, Address, loadUsers, agesInDb, insertAddresses };
}

/**
 * The fixture of UpdateDeleteFromTest in the same SQLAlchemy file: users 1–4 and six documents
 * (ids 1–6 of users 1, 1, 2, 2, 3, 3), made before each test and removed after it.
 */
export function documentsFixture(c: ConformanceContext) {
  const entities = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(10), nullable: true }) samename!: string | null;
      @Relationship(() => Document, { backPopulates: 'user' }) documents!: Document[];
    }
    @Table(name('documents'), { registry })
    class Document {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(32), nullable: true }) title!: string | null;
      @Column({ type: types.boolean(), nullable: true }) flag!: boolean | null;
      @Column({ type: types.string(10), nullable: true }) samename!: string | null;
      @Relationship(() => User, { backPopulates: 'documents' }) user!: User | null;
    }
    return { User, Document };
  });
  const { User, Document } = entities;

  beforeEach(async () => {
    const s = c.session();
    s.addAll([1, 2, 3, 4].map((id) => make(User, { id })));
    const docs: [number, number, string][] = [
      [1, 1, 'foo'],
      [2, 1, 'bar'],
      [3, 2, 'baz'],
      [4, 2, 'hoho'],
      [5, 3, 'lala'],
      [6, 3, 'bleh'],
    ];
    s.addAll(docs.map(([id, userId, title]) => make(Document, { id, userId, title })));
    await s.commit();
    await s.close();
  });
  afterEach(() => c.clear(Document, User));
  return entities;
}

/**
 * The fixture of ExpressionUpdateDeleteTest in the same SQLAlchemy file: `data` with a `cnt`
 * attribute on the `counter` column (default 0), emptied after each test. Each suite adds its rows.
 */
export function dataFixture(c: ConformanceContext) {
  const entities = c.entities((registry, name) => {
    @Table(name('data'), { registry })
    class Data {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), name: 'counter', default: 0 }) cnt!: number;
    }
    return { Data };
  });
  afterEach(() => c.clear(entities.Data));
  return entities;
}
