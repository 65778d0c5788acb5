/**
 * `merge()` of a collection keyed by an attribute of its members (SQLAlchemy's
 * `attribute_keyed_dict`) — ported from SQLAlchemy's test/orm/test_merge.py (MergeTest).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';
import { ident } from './uow-helpers';

conformanceSuite('test_merge.py MergeTest keyed collection', (c) => {
  const { User, Address } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
      @Relationship(() => Address, { backPopulates: 'user', keyedBy: 'emailAddress' })
      addresses!: Record<string, Address>;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: false }) emailAddress!: string;
      @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
    }
    return { User, Address };
  });

  it('a transient parent whose keyed collection holds a transient child merges and flushes, the original keeping its keys [test_merge.py::MergeTest::test_merge_irregular_collection]', async () => {
    const u1 = make(User, { id: 7, name: 'fred' });
    u1.addresses['foo@bar.com'] = make(Address, { emailAddress: 'foo@bar.com' });
    const s = c.session();
    const merged = await s.merge(u1);
    await s.flush();
    expect(Object.keys(u1.addresses)).toEqual(['foo@bar.com']);
    expect(instanceState(u1).status).toBe('transient');
    // The merged copy is keyed the same way, by its own (copied) members.
    expect(Object.keys(merged.addresses)).toEqual(['foo@bar.com']);
    expect(merged.addresses['foo@bar.com']).not.toBe(u1.addresses['foo@bar.com']);
    expect(merged.addresses['foo@bar.com']!.user).toBe(merged);
    await s.commit();
    expect(
      await c.readBack(
        `SELECT ${ident(c, 'userId')} AS uid, ${ident(c, 'emailAddress')} AS email FROM ${c.tableOf(Address)}`,
      ),
    ).toEqual([{ uid: 7, email: 'foo@bar.com' }]);
    await c.clear(Address, User);
  });
});
