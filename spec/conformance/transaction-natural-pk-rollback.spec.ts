/**
 * Rollback with natural primary keys: a key freed by a delete and taken by another object (by
 * INSERT, by UPDATE, or by a row inserted behind the session's back) goes back to its first owner
 * when the transaction or savepoint rolls back — ported from SQLAlchemy's
 * test/orm/test_transaction.py (NaturalPKRollbackTest).
 *
 * Adaptation: SQLAlchemy's `identity_map[identity_key(User, ('u1',))]` is
 * `s.identityMap.get(inspect(User).identityKeyFor(['u1']))`.
 */
import { Column, Table } from '../../lib/decorators';
import { IntegrityError } from '../../lib/errors';
import { inspect, instanceState } from '../../lib/mapper';
import { insert, select, types } from '../../lib/sql';
import { make, warningsOf } from './cascade-helpers';
import { conformanceSuite } from './support';

conformanceSuite('test_transaction.py NaturalPKRollbackTest', (c) => {
  const { User } = c.entities((registry, name) => {
    @Table(name('nat_users'), { registry })
    class User {
      @Column({ type: types.string(50), primaryKey: true }) name!: string;
    }
    return { User };
  });
  afterEach(() => c.clear(User));
  const user = (name: string) => make(User, { name });
  const held = (s: ReturnType<typeof c.session>, name: string) =>
    s.identityMap.get(inspect(User).identityKeyFor([name]))?.obj;
  const names = async () =>
    (await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY name`)).map((r) => r.name);

  it('a failed flush after a row switch takes out the new object and keeps the delete undone [test_transaction.py::NaturalPKRollbackTest::test_rollback_recover]', async () => {
    const s = c.session();
    const [u1, u2, u3] = [user('u1'), user('u2'), user('u3')];
    s.addAll([u1, u2, u3]);
    await s.commit();
    s.delete(u2);
    const u4 = user('u2');
    s.add(u4);
    await s.flush();
    const u5 = user('u3');
    s.add(u5);
    const warnings = warningsOf(s);
    await expect(s.flush()).rejects.toThrow(IntegrityError);
    expect(warnings).toEqual([
      expect.stringMatching(/^New instance of User with identity key .* conflicts with persistent instance/),
    ]);
    expect(s.contains(u5)).toBe(false);
    expect(s.deleted).not.toContain(u2);
    await s.rollback();
    expect(await names()).toEqual(['u1', 'u2', 'u3']);
  });

  it('an object loaded again after its insert, rolled back, frees the key for a new object [test_transaction.py::NaturalPKRollbackTest::test_reloaded_deleted_checked_for_expiry]', async () => {
    const s = c.session();
    s.add(user('u1'));
    await s.flush();
    await s.scalar(select(User));
    await s.rollback();
    const u2 = user('u1');
    s.add(u2);
    await s.commit();
    expect(instanceState(u2).status).toBe('persistent');
    expect(await names()).toEqual(['u1']);
  });

  it('rollback gives a key taken by an UPDATE back to the deleted object that held it [test_transaction.py::NaturalPKRollbackTest::test_key_replaced_by_update]', async () => {
    const s = c.session();
    const [u1, u2] = [user('u1'), user('u2')];
    s.addAll([u1, u2]);
    await s.commit();
    s.delete(u1);
    await s.flush();
    u2.name = 'u1';
    await s.flush();
    expect(s.contains(u1)).toBe(false);
    await s.rollback();
    expect(s.contains(u1)).toBe(true);
    expect(s.contains(u2)).toBe(true);
    expect(held(s, 'u1')).toBe(u1);
    expect(held(s, 'u2')).toBe(u2);
    expect(u2.name).toBe('u2');
    expect(await names()).toEqual(['u1', 'u2']);
  });

  it('rollback after a released savepoint takes out an object inserted and renamed in it [test_transaction.py::NaturalPKRollbackTest::test_key_replaced_by_update_nested]', async () => {
    const s = c.session();
    const u1 = user('u1');
    s.add(u1);
    await s.commit();
    let u2!: InstanceType<typeof User>;
    await s.beginNested(async () => {
      u2 = user('u2');
      s.add(u2);
      await s.flush();
      u2.name = 'u3';
    });
    await s.rollback();
    expect(s.contains(u1)).toBe(true);
    expect(s.contains(u2)).toBe(false);
    u1.name = 'u5';
    await s.commit();
    expect(await names()).toEqual(['u5']);
  });

  it('rollback gives each key back after one object took two freed keys in turn [test_transaction.py::NaturalPKRollbackTest::test_multiple_key_replaced_by_update]', async () => {
    const s = c.session();
    const [u1, u2, u3] = [user('u1'), user('u2'), user('u3')];
    s.addAll([u1, u2, u3]);
    await s.commit();
    s.delete(u1);
    s.delete(u2);
    await s.flush();
    u3.name = 'u1';
    await s.flush();
    u3.name = 'u2';
    await s.flush();
    await s.rollback();
    expect([s.contains(u1), s.contains(u2), s.contains(u3)]).toEqual([true, true, true]);
    expect(held(s, 'u1')).toBe(u1);
    expect(held(s, 'u2')).toBe(u2);
    expect(held(s, 'u3')).toBe(u3);
    expect(await names()).toEqual(['u1', 'u2', 'u3']);
  });

  it('rollback gives a key taken by a row inserted behind the session back to the deleted object [test_transaction.py::NaturalPKRollbackTest::test_key_replaced_by_oob_insert]', async () => {
    const s = c.session();
    const u1 = user('u1');
    s.add(u1);
    await s.commit();
    s.delete(u1);
    await s.flush();
    await s.execute(insert(inspect(User).table).values({ name: 'u1' } as never));
    const u2 = await s.get(User, 'u1');
    expect(u2).not.toBeNull();
    expect(u2).not.toBe(u1);
    expect(s.contains(u1)).toBe(false);
    await s.rollback();
    expect(s.contains(u1)).toBe(true);
    expect(s.contains(u2!)).toBe(false);
    expect(held(s, 'u1')).toBe(u1);
  });
});
