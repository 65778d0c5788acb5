/**
 * SQLAlchemy's dynamic-loader unit-of-work scenarios whose point is a collection the session
 * never loaded. Athanor's write-only collection refuses a parent delete that would need its
 * members (test_passive_deletes_required), so these run on an ordinary collection left
 * unloaded, which is what the dynamic loader is underneath. Ported from SQLAlchemy's
 * test/orm/test_dynamic.py (DynamicUOWTest).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_dynamic.py DynamicUOWTest', (c) => {
  const fixture = (cascade: string) =>
    c.entities((registry, name) => {
      @Table(name('users'), { registry })
      class User {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.string(30), nullable: true }) name!: string | null;
        @Relationship(() => Address, { orderBy: 'id', backPopulates: 'user', cascade }) addresses!: Address[];
      }
      @Table(name('addresses'), { registry })
      class Address {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.integer(), foreignKey: () => User, nullable: true, name: 'user_id' })
        userId!: number | null;
        @Column({ type: types.string(50), name: 'email_address' }) emailAddress!: string;
        @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
      }
      return { User, Address };
    });
  const fixtures = { true: fixture('all, delete'), false: fixture('save-update') };

  for (const configured of [true, false]) {
    it(`deleting a user whose collection was never loaded ${configured ? 'deletes' : 'unlinks'} its addresses (delete cascade ${configured ? '' : 'not '}configured) [test_dynamic.py::DynamicUOWTest::test_delete_cascade]`, async () => {
      const { User, Address } = fixtures[String(configured) as 'true' | 'false'];
      const s = c.session();
      const u = make(User, {
        name: 'ed',
        addresses: [...'abcdef'].map((l) => make(Address, { emailAddress: l })),
      });
      s.add(u);
      await s.commit();
      const addresses = c.tableOf(Address);
      const byNull = `SELECT user_id IS NULL AS no_user, COUNT(*) AS n FROM ${addresses} GROUP BY user_id IS NULL`;
      const counts = async () =>
        (await c.readBack(byNull)).map((r) => [Boolean(Number(r.no_user)), Number(r.n)]);
      expect(await counts()).toEqual([[false, 6]]);

      const s2 = c.session();
      const again = (await s2.get(User, u.id))!;
      s2.delete(again); // its addresses are not loaded
      await s2.commit();
      if (configured) expect(await c.readBack(`SELECT id FROM ${addresses}`)).toEqual([]);
      else expect(await counts()).toEqual([[true, 6]]);
      await c.clear(Address, User);
    });
  }
});
