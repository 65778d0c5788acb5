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

  return { User, Address, loadUsers, agesInDb };
}
