/**
 * Natural primary keys that change, on one entity: ported from SQLAlchemy's
 * test/orm/test_naturalpks.py (NaturalPKTest's entity scenarios, ReversePKsTest,
 * TransientExceptionTesst). The UPDATE finds the row by the key it had, the identity map follows
 * the new key, and a rollback puts the object and the identity map back together.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { ObjectDeletedError } from '../../lib/errors';
import { inspect, instanceState } from '../../lib/mapper';
import { makeTransient } from '../../lib/session';
import { attrs, select, types, update } from '../../lib/index';
import { conformanceSuite } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

conformanceSuite('test_naturalpks.py NaturalPKTest (entity)', (c) => {
  const { User } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ type: types.string(50), primaryKey: true }) username!: string;
      @Column({ type: types.string(100), nullable: true }) fullname!: string | null;
    }
    return { User };
  });
  afterEach(() => c.clear(User));
  const rows = (): Promise<Record<string, unknown>[]> =>
    c.readBack(`SELECT username, fullname FROM ${c.tableOf(User)} ORDER BY username`);

  it('changes a string primary key: UPDATE … WHERE old key, identity map re-keyed (regression)', async () => {
    const s = c.session({ expireOnCommit: false });
    const u = make(User, { username: 'a', fullname: 'x' });
    s.add(u);
    await s.commit();
    u.username = 'c';
    c.sql.start();
    await s.commit();
    const upd = c.sql.all.filter((q) => /^UPDATE/.test(q.sql));
    expect(upd).toHaveLength(1);
    expect(upd[0]!.params).toEqual(['c', 'a']);
    expect(await rows()).toEqual([{ username: 'c', fullname: 'x' }]);
    c.sql.start();
    expect(await s.get(User, 'c')).toBe(u);
    expect(c.sql.count('SELECT')).toBe(0);
    expect(await s.get(User, 'a')).toBeNull();
  });

  it('a primary key set after it was expired finds its row by the value it had (regression)', async () => {
    for (const keys of [['username'], undefined]) {
      const s = c.session({ expireOnCommit: false });
      const u = make(User, { username: 'a', fullname: 'x' });
      s.add(u);
      await s.commit();
      s.expire(u, keys);
      u.username = 'c';
      c.sql.start();
      await s.commit();
      const upd = c.sql.all.filter((q) => /^UPDATE/.test(q.sql));
      expect(upd.map((q) => q.params)).toEqual([['c', 'a']]);
      expect(await rows()).toEqual([{ username: 'c', fullname: 'x' }]);
      expect(await s.get(User, 'c')).toBe(u);
      await s.close();
      await c.clear(User);
    }
  });

  it('after a rollback the object and the identity map agree on the old key (regression)', async () => {
    const s = c.session();
    const u = make(User, { username: 'a', fullname: 'x' });
    s.add(u);
    await s.commit();
    u.username = 'c';
    await s.flush();
    expect(await s.get(User, 'c')).toBe(u);
    await s.rollback();
    expect(u.username).toBe('a');
    expect(instanceState(u).key).toBe(inspect(User).identityKeyFor(['a']));
    expect(await s.get(User, 'a')).toBe(u);
    expect(u.fullname).toBe('x');
    expect(await s.get(User, 'c')).toBeNull();
    expect(await rows()).toEqual([{ username: 'a', fullname: 'x' }]);
  });

  it('a key changed and then rolled back within a savepoint comes back too', async () => {
    const s = c.session({ expireOnCommit: false });
    const u = make(User, { username: 'a', fullname: 'x' });
    s.add(u);
    await s.commit();
    await s
      .beginNested(async () => {
        u.username = 'b';
        await s.flush();
        throw new Error('undo');
      })
      .catch(() => undefined);
    expect(u.username).toBe('a');
    expect(await s.get(User, 'a')).toBe(u);
    await s.commit();
    expect(await rows()).toEqual([{ username: 'a', fullname: 'x' }]);
  });

  it('follows a primary key change in the identity map [test_naturalpks.py::NaturalPKTest::test_entity]', async () => {
    const sess = c.session();
    const u1 = make(User, { username: 'jack', fullname: 'jack' });
    sess.add(u1);
    await sess.flush();
    expect(await sess.get(User, 'jack')).toBe(u1);

    u1.username = 'ed';
    await sess.flush();
    c.sql.start();
    expect(await sess.get(User, 'ed')).toBe(u1);
    expect(c.sql.all).toHaveLength(0);
    expect(await sess.get(User, 'jack')).toBeNull();

    sess.expungeAll();
    const again = (await sess.get(User, 'ed'))!;
    expect({ username: again.username, fullname: again.fullname }).toEqual({
      username: 'ed',
      fullname: 'jack',
    });
    await sess.commit();
    expect(await rows()).toEqual([{ username: 'ed', fullname: 'jack' }]);
  });

  it('a key changed behind the session cannot be refreshed [test_naturalpks.py::NaturalPKTest::test_load_after_expire]', async () => {
    const sess = c.session();
    const u1 = make(User, { username: 'jack', fullname: 'jack' });
    sess.add(u1);
    await sess.flush();
    expect(await sess.get(User, 'jack')).toBe(u1);

    const u = attrs(User);
    await sess.execute(
      update(inspect(User).table)
        .set({ username: 'ed' } as never)
        .where(u.username.eq('jack')),
    );
    // expire/refresh works by primary key; the key is gone, so there is no way to find the row.
    sess.expire(u1);
    // Adapted: an expired attribute is reloaded with refresh(), which raises where SQLAlchemy's
    // attribute read raises.
    await expect(sess.refresh(u1)).rejects.toThrow(ObjectDeletedError);

    sess.expungeAll();
    expect(await sess.get(User, 'jack')).toBeNull();
    expect((await sess.get(User, 'ed'))!.fullname).toBe('jack');
  });

  it('a key set after expire() is flushed by the old key [test_naturalpks.py::NaturalPKTest::test_flush_new_pk_after_expire]', async () => {
    const sess = c.session();
    const u1 = make(User, { username: 'jack', fullname: 'jack' });
    sess.add(u1);
    await sess.flush();
    expect(await sess.get(User, 'jack')).toBe(u1);

    sess.expire(u1);
    u1.username = 'ed';
    await sess.flush();
    sess.expungeAll();
    expect((await sess.get(User, 'ed'))!.fullname).toBe('jack');
  });

  it('an UPDATE that sets the key to an SQL expression reads the new key back [test_naturalpks.py::NaturalPKTest::test_update_to_sql_expr]', async () => {
    const sess = c.session();
    const u1 = make(User, { username: 'jack', fullname: 'jack' });
    sess.add(u1);
    await sess.flush();
    const u = attrs(User);
    (u1 as { username: unknown }).username = u.username.concat(' jones');
    await sess.flush();
    expect(u1.username).toBe('jack jones');
    expect(await sess.get(User, 'jack jones')).toBe(u1);
    await sess.commit();
    expect(await rows()).toEqual([{ username: 'jack jones', fullname: 'jack' }]);
  });

  it('an SQL expression that leaves the key as it was [test_naturalpks.py::NaturalPKTest::test_update_to_self_sql_expr]', async () => {
    const sess = c.session();
    const u1 = make(User, { username: 'jack', fullname: 'jack' });
    sess.add(u1);
    await sess.flush();
    const u = attrs(User);
    (u1 as { username: unknown }).username = u.username.concat('');
    await sess.flush();
    expect(u1.username).toBe('jack');
  });
});

conformanceSuite('test_naturalpks.py ReversePKsTest', (c) => {
  const PUBLISHED = 1,
    EDITABLE = 2,
    ARCHIVED = 3;
  const { User } = c.entities((registry, name) => {
    @Table(name('user'), { registry })
    class User {
      @Column({ type: types.integer(), primaryKey: true, autoincrement: false }) code!: number;
      @Column({ type: types.integer(), primaryKey: true, autoincrement: false }) status!: number;
      @Column({ type: types.string(50) }) username!: string;
    }
    return { User };
  });
  afterEach(() => c.clear(User));

  it('swaps the primary keys of two rows in one flush [test_naturalpks.py::ReversePKsTest::test_reverse]', async () => {
    const session = c.session();
    const aPublished = make(User, { code: 1, status: PUBLISHED, username: 'a' });
    session.add(aPublished);
    await session.commit();
    const aEditable = make(User, { code: 1, status: EDITABLE, username: 'a' });
    session.add(aEditable);
    await session.commit();

    aPublished.status = ARCHIVED;
    aEditable.status = PUBLISHED;
    await session.commit();
    expect(await session.get(User, [1, PUBLISHED])).toBe(aEditable);
    expect(await session.get(User, [1, ARCHIVED])).toBe(aPublished);

    aPublished.status = PUBLISHED;
    aEditable.status = EDITABLE;
    await session.commit();
    expect(await session.get(User, [1, PUBLISHED])).toBe(aPublished);
    expect(await session.get(User, [1, EDITABLE])).toBe(aEditable);
    expect(await c.readBack(`SELECT code, status FROM ${c.tableOf(User)} ORDER BY status`)).toEqual([
      { code: 1, status: PUBLISHED },
      { code: 1, status: EDITABLE },
    ]);
  });

  it('a swap released by a savepoint is undone by the enclosing rollback [test_naturalpks.py::ReversePKsTest::test_reverse_savepoint]', async () => {
    const session = c.session();
    const aPublished = make(User, { code: 1, status: PUBLISHED, username: 'a' });
    session.add(aPublished);
    await session.commit();
    const aEditable = make(User, { code: 1, status: EDITABLE, username: 'a' });
    session.add(aEditable);
    await session.commit();

    await session.beginNested(async () => {
      aPublished.status = ARCHIVED;
      aEditable.status = PUBLISHED;
    });
    await session.rollback();
    expect(aPublished.status).toBe(PUBLISHED);
    expect(aEditable.status).toBe(EDITABLE);
    expect(await session.get(User, [1, PUBLISHED])).toBe(aPublished);
    expect(await session.get(User, [1, EDITABLE])).toBe(aEditable);
  });
});

conformanceSuite('test_naturalpks.py TransientExceptionTesst', (c) => {
  const { User, Address } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) user_id!: number | null;
      @Column({ type: types.string(50) }) email_address!: string;
      @Relationship(() => User) user!: User | null;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(Address, User));

  it('an object made transient and given no key is a new row, not a key switch [test_naturalpks.py::TransientExceptionTesst::test_transient_exception]', async () => {
    const sess = c.session();
    const u1 = make(User, { id: 5, name: 'u1' });
    const ad1 = make(Address, { email_address: 'e1', user: u1 });
    sess.addAll([u1, ad1]);
    await sess.flush();

    makeTransient(u1);
    (u1 as { id: number | undefined }).id = undefined;
    u1.name = 'u2';
    sess.add(u1);
    await sess.flush();

    expect(ad1.user_id).toBe(5);
    sess.expireAll();
    await sess.refresh(ad1);
    expect(ad1.user_id).toBe(5);
    expect(u1.id).not.toBe(5);
    expect(u1.id).toEqual(expect.any(Number));
    expect((await sess.scalars(select(User))).length).toBe(2);
    await sess.commit();
    expect(await c.readBack(`SELECT user_id FROM ${c.tableOf(Address)}`)).toEqual([{ user_id: 5 }]);
  });
});
