/**
 * Key changes that cascade onto other keys: ported from SQLAlchemy's test/orm/test_naturalpks.py
 * NonPKCascadeTest (a foreign key to a unique, non-primary-key column) and CascadeToFKPKTest (a
 * foreign key that is part of the referring row's primary key).
 *
 * Passive runs declare ON UPDATE CASCADE, as SQLAlchemy's suite does where the database has it.
 * Non-passive runs that SQLAlchemy runs only without such a cascade (its `non_updating_cascade`
 * requirement) declare plain foreign keys and defer them (deferred-keys.ts), so the ORM's own
 * UPDATEs are what keeps the rows consistent, proved by reading them back.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, select, types } from '../../lib/index';
import { deferForeignKeys, makeKeysDeferrable, restoreForeignKeys } from './deferred-keys';
import { conformanceSuite } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);
const passiveName = (passive: boolean): string => (passive ? 'passive' : 'nonpassive');

for (const passive of [true, false]) {
  conformanceSuite(`test_naturalpks.py NonPKCascadeTest (${passiveName(passive)})`, (c) => {
    const { User, Address } = c.entities((registry, name) => {
      const users = name('users');
      @Table(users, { registry })
      class User {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.string(50), unique: true }) username!: string;
        @Column({ type: types.string(100), nullable: true }) fullname!: string | null;
        @Relationship(() => Address, { passiveUpdates: passive }) addresses!: Address[];
      }
      @Table(name('addresses'), { registry })
      class Address {
        @Column({ primaryKey: true }) id!: number;
        @Column({ type: types.string(50), nullable: true }) email!: string | null;
        @Column({
          type: types.string(50),
          nullable: true,
          foreignKey: `${users}.username`,
          onUpdate: 'CASCADE',
        })
        username!: string | null;
      }
      return { User, Address };
    });
    afterEach(() => c.clear(Address, User));
    const usernames = async (): Promise<unknown[]> =>
      (await c.readBack(`SELECT username FROM ${c.tableOf(Address)} ORDER BY id`)).map((r) => r['username']);

    it(`a unique key referred to by a foreign key changes [test_naturalpks.py::NonPKCascadeTest::${passive ? 'test_onetomany_passive' : 'test_onetomany_nonpassive'}]`, async () => {
      const sess = c.session();
      const u1 = make(User, { username: 'jack', fullname: 'jack' });
      u1.addresses.push(make(Address, { email: 'jack1' }), make(Address, { email: 'jack2' }));
      sess.add(u1);
      await sess.flush();
      const a1 = u1.addresses[0]!;
      const a = attrs(Address);
      expect((await sess.execute(select(a.username).orderBy(a.id))).all()).toEqual([['jack'], ['jack']]);
      expect(await sess.get(Address, a1.id)).toBe(u1.addresses[0]);

      u1.username = 'ed';
      await sess.flush();
      expect(u1.addresses[0]!.username).toBe('ed');
      expect((await sess.execute(select(a.username).orderBy(a.id))).all()).toEqual([['ed'], ['ed']]);

      sess.expungeAll();
      expect((await sess.scalars(select(Address))).map((x) => x.username)).toEqual(['ed', 'ed']);

      const u2 = (await sess.get(User, u1.id))!;
      u2.username = 'jack';
      c.sql.start();
      await sess.flush();
      // non-passive: load the addresses, UPDATE the user, UPDATE the two addresses (one
      // statement); passive: UPDATE the user.
      expect(c.sql.dml()).toHaveLength(passive ? 1 : 3);
      sess.expungeAll();
      const u3 = (await sess.get(User, u1.id))!;
      await sess.load(u3, 'addresses');
      expect(u3.addresses.map((x) => x.username)).toEqual(['jack', 'jack']);
      sess.expungeAll();

      const u4 = (await sess.get(User, u1.id))!;
      await sess.load(u4, 'addresses'); // adapted: SQLAlchemy loads the collection it replaces
      u4.addresses = [];
      u4.username = 'fred';
      await sess.flush();
      sess.expungeAll();
      expect((await sess.get(Address, a1.id))!.username).toBeNull();
      expect((await sess.execute(select(a.username).orderBy(a.id))).all()).toEqual([[null], [null]]);
      expect((await sess.get(User, u1.id))!.fullname).toBe('jack');
      await sess.commit();
      expect(await usernames()).toEqual([null, null]);
    });
  });
}

for (const passive of [true, false]) {
  conformanceSuite(`test_naturalpks.py CascadeToFKPKTest (${passiveName(passive)})`, (c) => {
    let tables: string[] = [];
    const m = c.entities((registry, name) => {
      const onUpdate = passive ? { onUpdate: 'CASCADE' as const } : {};
      tables = [name('users'), name('addresses'), name('users_m2o'), name('addresses_m2o')];
      @Table(tables[0]!, { registry })
      class User {
        @Column({ type: types.string(50), primaryKey: true }) username!: string;
        @Relationship(() => Address, { passiveUpdates: passive }) addresses!: Address[];
      }
      @Table(tables[1]!, { registry })
      class Address {
        @Column({ type: types.string(50), primaryKey: true, foreignKey: () => User, ...onUpdate })
        username!: string;
        @Column({ type: types.string(50), primaryKey: true }) email!: string;
        @Column({ type: types.string(50), nullable: true }) etc!: string | null;
      }
      // The many-to-one mapping of the same tables (SQLAlchemy maps the classes again per test).
      @Table(tables[2]!, { registry })
      class MUser {
        @Column({ type: types.string(50), primaryKey: true }) username!: string;
      }
      @Table(tables[3]!, { registry })
      class MAddress {
        @Column({ type: types.string(50), primaryKey: true, foreignKey: () => MUser, ...onUpdate })
        username!: string;
        @Column({ type: types.string(50), primaryKey: true }) email!: string;
        @Column({ type: types.string(50), nullable: true }) etc!: string | null;
        @Relationship(() => MUser, { passiveUpdates: passive }) user!: MUser | null;
      }
      return { User, Address, MUser, MAddress };
    });
    beforeAll(() => makeKeysDeferrable(c, [tables[1]!, tables[3]!]));
    afterEach(() => c.clear(m.Address, m.User, m.MAddress, m.MUser));
    const { User, Address, MUser, MAddress } = m;
    /** Non-passive runs move keys without a cascade: foreign keys are checked at COMMIT. */
    const begin = async (s: ReturnType<typeof c.session>): Promise<void> => {
      if (!passive) await deferForeignKeys(c, s);
    };
    const commit = async (s: ReturnType<typeof c.session>): Promise<void> => {
      if (!passive) {
        await s.flush();
        await restoreForeignKeys(c, s);
      }
      await s.commit();
    };

    it(`a parent key change reaches a child key that is part of its primary key [test_naturalpks.py::CascadeToFKPKTest::${passive ? 'test_onetomany_passive' : 'test_onetomany_nonpassive'}]`, async () => {
      const sess = c.session();
      await begin(sess);
      const a1 = make(Address, { username: 'ed', email: 'ed@host1' });
      const a2 = make(Address, { username: 'ed', email: 'ed@host2' });
      const u1 = make(User, { username: 'ed' });
      u1.addresses.push(a1, a2);
      sess.add(u1);
      await sess.flush();
      expect([a1.username, a2.username]).toEqual(['ed', 'ed']);

      u1.username = 'jack';
      a2.email = 'ed@host3';
      await sess.flush();
      expect([a1.username, a2.username]).toEqual(['jack', 'jack']);
      await commit(sess);
      expect(await c.readBack(`SELECT username, email FROM ${c.tableOf(Address)} ORDER BY email`)).toEqual([
        { username: 'jack', email: 'ed@host1' },
        { username: 'jack', email: 'ed@host3' },
      ]);
    });

    it(`a child moves to another parent by changing its own key [test_naturalpks.py::CascadeToFKPKTest::${passive ? 'test_o2m_change_passive' : 'test_o2m_change_nonpassive'}]`, async () => {
      const sess = c.session();
      const a1 = make(Address, { username: 'ed', email: 'ed@host1' });
      const u1 = make(User, { username: 'ed' });
      u1.addresses.push(a1);
      const u2 = make(User, { username: 'jack' });
      sess.addAll([a1, u1, u2]);
      await sess.flush();
      a1.username = 'jack';
      c.sql.start();
      await sess.flush();
      const upd = c.sql.all.filter((q) => /^UPDATE/.test(q.sql));
      expect(upd).toHaveLength(1);
      expect(upd[0]!.params).toEqual(['jack', 'ed', 'ed@host1']);
      await sess.commit();
      expect(await c.readBack(`SELECT username, email FROM ${c.tableOf(Address)}`)).toEqual([
        { username: 'jack', email: 'ed@host1' },
      ]);
    });

    it(`a child moved to another collection changes its key [test_naturalpks.py::CascadeToFKPKTest::${passive ? 'test_o2m_move_passive' : 'test_o2m_move_nonpassive'}]`, async () => {
      const sess = c.session({ autoflush: false });
      const a1 = make(Address, { username: 'ed', email: 'ed@host1' });
      const u1 = make(User, { username: 'ed' });
      u1.addresses.push(a1);
      const u2 = make(User, { username: 'jack' });
      sess.addAll([a1, u1, u2]);
      await sess.flush();
      await sess.load(u2, 'addresses'); // adapted: SQLAlchemy lazy-loads the collection on append
      u1.addresses.splice(u1.addresses.indexOf(a1), 1);
      u2.addresses.push(a1);
      await sess.flush();
      expect(a1.username).toBe('jack');
      await sess.commit();
      expect(await c.readBack(`SELECT username, email FROM ${c.tableOf(Address)}`)).toEqual([
        { username: 'jack', email: 'ed@host1' },
      ]);
    });

    it(`a many-to-one parent's key change reaches the child's key [test_naturalpks.py::CascadeToFKPKTest::${passive ? 'test_change_m2o_passive' : 'test_change_m2o_nonpassive'}]`, async () => {
      const sess = c.session();
      await begin(sess);
      const u1 = make(MUser, { username: 'jack' });
      const a1 = make(MAddress, { email: 'foo@bar' });
      a1.user = u1;
      sess.addAll([u1, a1]);
      await sess.flush();

      u1.username = 'edmodified';
      await sess.flush();
      expect(a1.username).toBe('edmodified');
      sess.expireAll();
      await sess.refresh(a1); // adapted: the expired attribute is reloaded explicitly
      expect(a1.username).toBe('edmodified');
      await commit(sess);
      expect(await c.readBack(`SELECT username, email FROM ${c.tableOf(MAddress)}`)).toEqual([
        { username: 'edmodified', email: 'foo@bar' },
      ]);
    });

    if (passive) {
      it('a row switch UPDATEs only the changed column, never the key cascade [test_naturalpks.py::CascadeToFKPKTest::test_rowswitch_doesntfire]', async () => {
        const sess = c.session();
        const u1 = make(MUser, { username: 'ed' });
        const a1 = make(MAddress, { email: 'ed@host1' });
        a1.user = u1;
        sess.addAll([u1, a1]);
        await sess.flush();

        await sess.delete(u1);
        await sess.delete(a1);
        const u2 = make(MUser, { username: 'ed' });
        const a2 = make(MAddress, { email: 'ed@host1', etc: 'foo' });
        a2.user = u2;
        sess.addAll([u2, a2]);
        c.sql.start();
        await sess.flush();
        const statements = c.sql.stop().filter((st) => !/^\s*(SELECT|BEGIN|SAVEPOINT|RELEASE)/i.test(st.sql));
        expect(statements.map((st) => st.sql)).toEqual([
          expect.stringMatching(
            /^UPDATE \S+ SET \S*etc\S* = \S+ WHERE \S+username\S* = \S+ AND \S+email\S* = \S+$/,
          ),
        ]);
        expect(statements[0]!.params).toEqual(['foo', 'ed', 'ed@host1']);
        await sess.commit();
        expect(await c.readBack(`SELECT username, email, etc FROM ${c.tableOf(MAddress)}`)).toEqual([
          { username: 'ed', email: 'ed@host1', etc: 'foo' },
        ]);
      });
    }

    it(`a child pointed at another parent changes its key [test_naturalpks.py::CascadeToFKPKTest::${passive ? 'test_move_m2o_passive' : 'test_move_m2o_nonpassive'}]`, async () => {
      const sess = c.session();
      const u1 = make(MUser, { username: 'jack' });
      const u2 = make(MUser, { username: 'ed' });
      const a1 = make(MAddress, { email: 'foo@bar' });
      a1.user = u1;
      sess.addAll([u1, u2, a1]);
      await sess.flush();
      a1.user = u2;
      await sess.flush();
      expect(a1.username).toBe('ed');
      await sess.commit();
      expect(await c.readBack(`SELECT username, email FROM ${c.tableOf(MAddress)}`)).toEqual([
        { username: 'ed', email: 'foo@bar' },
      ]);
    });
  });
}
