/**
 * Joined inheritance whose subclass table has a primary key of its own and joins its parent's
 * table through other columns (`inheritCondition`, SQLAlchemy's `inherit_condition`): ported from
 * test_naturalpks.py JoinedInheritancePKOnFKTest and test_unitofwork.py SaveTest::test_inherits.
 * The object is identified by the base table's key; the joining column is an attribute of its
 * own that the flush sets from the parent's column, and keeps equal when a natural key changes
 * (the database's ON UPDATE CASCADE with passive updates, the flush's UPDATE without).
 */
import { Column, Table } from '../../lib/decorators';
import { select, types } from '../../lib/index';
import { deferForeignKeys, makeKeysDeferrable, restoreForeignKeys } from './deferred-keys';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { make } from './uow-helpers';

for (const passive of [true, false]) {
  const variant = passive ? 'passive' : 'nonpassive';
  conformanceSuite(`test_naturalpks.py JoinedInheritancePKOnFKTest (${variant})`, (c) => {
    let tables: string[] = [];
    const { Person, Engineer } = c.entities((registry, name) => {
      tables = [name('person'), name('engineer')];
      @Table(tables[0]!, {
        registry,
        polymorphicOn: 'type',
        polymorphicIdentity: 'person',
        passiveUpdates: passive,
      })
      class Person {
        @Column({ type: types.string(50), primaryKey: true }) name!: string;
        @Column({ type: types.string(50) }) type!: string;
      }
      @Table(tables[1]!, {
        registry,
        polymorphicIdentity: 'engineer',
        inheritCondition: (sub, parent) => sub.c.personName.eq(parent.c.name),
      })
      class Engineer extends Person {
        @Column({ primaryKey: true }) id!: number;
        @Column({
          type: types.string(50),
          name: 'person_name',
          nullable: true,
          foreignKey: () => Person,
          ...(passive ? { onUpdate: 'CASCADE' as const } : {}),
        })
        personName!: string | null;
        @Column({ type: types.string(50), name: 'primary_language', nullable: true })
        primaryLanguage!: string | null;
      }
      return { Person, Engineer };
    });
    beforeAll(() => makeKeysDeferrable(c, tables));
    afterEach(() => c.clear(Engineer, Person));

    it(`the subclass table's joining column follows the base's natural key [test_naturalpks.py::JoinedInheritancePKOnFKTest::${passive ? 'test_pk_passive' : 'test_pk_nonpassive'}]`, async () => {
      const sess = c.session();
      if (!passive) await deferForeignKeys(c, sess);
      const e1 = make(Engineer, { name: 'dilbert', primaryLanguage: 'java' });
      sess.add(e1);
      c.sql.start();
      await sess.flush();
      expect(flushShape(c.sql.stop())).toEqual([
        'INSERT person (name, type) ×1',
        'INSERT engineer (person_name, primary_language) ×1',
      ]);
      expect([e1.personName, typeof e1.id]).toEqual(['dilbert', 'number']);
      if (!passive) await restoreForeignKeys(c, sess);
      await sess.commit();
      // Identified by the base table's key, not the subclass table's.
      expect(await sess.get(Engineer, 'dilbert')).toBe(e1);

      if (!passive) await deferForeignKeys(c, sess);
      e1.name = 'wally';
      e1.primaryLanguage = 'c++';
      c.sql.start();
      await sess.flush();
      expect(flushShape(c.sql.stop())).toEqual(
        passive
          ? ['UPDATE person SET name ×1', 'UPDATE engineer SET primary_language ×1']
          : ['UPDATE person SET name ×1', 'UPDATE engineer SET person_name, primary_language ×1'],
      );
      expect(e1.personName).toBe('wally');
      sess.expireAll();
      await sess.refresh(e1); // adapted: an expired attribute is loaded by an awaited refresh
      expect([e1.primaryLanguage, e1.personName]).toEqual(['c++', 'wally']);
      if (!passive) await restoreForeignKeys(c, sess);
      await sess.commit();
      expect(await c.readBack(`SELECT person_name, primary_language FROM ${c.tableOf(Engineer)}`)).toEqual([
        { person_name: 'wally', primary_language: 'c++' },
      ]);
      expect(await c.readBack(`SELECT name, type FROM ${c.tableOf(Person)}`)).toEqual([
        { name: 'wally', type: 'engineer' },
      ]);
      // A polymorphic load joins the subclass table by the condition.
      const other = c.session();
      const [loaded] = await other.scalars(select(Person));
      expect(loaded).toBeInstanceOf(Engineer);
      expect(loaded).toMatchObject({ name: 'wally', id: e1.id, personName: 'wally', primaryLanguage: 'c++' });
    });
  });
}

conformanceSuite('test_unitofwork.py SaveTest (inherits)', (c) => {
  const { User, AddressUser } = c.entities((registry, name) => {
    // adapted: Athanor's hierarchies need a discriminator (SQLAlchemy's test has none).
    @Table(name('users'), { registry, polymorphicOn: 'kind', polymorphicIdentity: 'user' })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(40) }) name!: string;
      @Column({ type: types.string(20) }) kind!: string;
    }
    @Table(name('addresses'), {
      registry,
      polymorphicIdentity: 'address_user',
      inheritCondition: (sub, parent) => sub.c.userId.eq(parent.c.id),
    })
    class AddressUser extends User {
      // The table's own key column is named like the base's key attribute: it gets another key.
      @Column({ name: 'id', primaryKey: true }) addressId!: number;
      @Column({ name: 'user_id', foreignKey: () => User }) userId!: number;
      @Column({ type: types.string(100), name: 'email_address' }) emailAddress!: string;
    }
    return { User, AddressUser };
  });
  afterEach(() => c.clear(AddressUser, User));

  it('a subclass table with its own key joined through a foreign key to the base [test_unitofwork.py::SaveTest::test_inherits]', async () => {
    const au = make(AddressUser, { name: 'u', emailAddress: 'u@e' });
    const session = c.session({ expireOnCommit: false });
    session.add(au);
    c.sql.start();
    await session.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT users (kind, name) ×1',
      'INSERT addresses (email_address, user_id) ×1',
    ]);
    expect(au.userId).toBe(au.id);
    await session.commit();
    session.expungeAll();

    const rt = (await session.scalars(select(AddressUser))).at(0)!;
    expect(rt).not.toBe(au);
    expect(rt.userId).toBe(au.userId);
    expect(rt).toMatchObject({ id: au.id, addressId: au.addressId, name: 'u', emailAddress: 'u@e' });
    expect(await c.readBack(`SELECT id, user_id, email_address FROM ${c.tableOf(AddressUser)}`)).toEqual([
      { id: au.addressId, user_id: au.id, email_address: 'u@e' },
    ]);
    // The base table's key identifies it.
    expect(await session.get(AddressUser, au.id)).toBe(rt);
    // Beyond SQLAlchemy's test: a DELETE finds the subclass row by its own key.
    session.delete(rt);
    await session.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(AddressUser)}`)).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });
});
