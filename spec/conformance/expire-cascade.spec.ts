/**
 * The `refresh-expire` cascade: expiring or refreshing a parent expires the objects its loaded
 * relationships hold, and a pending member reached through a delete-orphan relationship leaves
 * the session — ported from SQLAlchemy's test/orm/test_expire.py (ExpireTest).
 */
import { UnloadedAttributeError } from '../../lib/errors';
import { instanceState } from '../../lib/mapper';
import { make } from './cascade-helpers';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_expire.py ExpireTest refresh-expire cascade', (c) => {
  const { User } = expireModel(c, { cascade: 'all, refresh-expire', orderBy: 'id' });

  it('expire() of the parent expires the members of its loaded collection [test_expire.py::ExpireTest::test_expire_cascade]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    const [a] = await s.load(u, 'addresses');
    expect(a!.emailAddress).toBe('ed@wood.com');
    a!.emailAddress = 'someotheraddress';
    s.expire(u);
    expect(() => a!.emailAddress).toThrow(UnloadedAttributeError);
    expect(s.isModified(a!)).toBe(false);
    await s.get(User, 8);
    expect(u.addresses[0]).toBe(a);
    expect(a!.emailAddress).toBe('ed@wood.com');
  });

  it('refresh() of the parent reloads the members of its loaded collection [test_expire.py::ExpireTest::test_refresh_cascade]', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 8))!;
    const [a] = await s.load(u, 'addresses');
    a!.emailAddress = 'someotheraddress';
    await s.refresh(u);
    expect(u.addresses[0]).toBe(a);
    expect(a!.emailAddress).toBe('ed@wood.com');
  });
});

const TO_PENDING = [
  {
    cascade: 'save-update, refresh-expire, delete, delete-orphan',
    orphan: true,
    expire: 'test_expire_cascade_pending_orphan',
    refresh: 'test_refresh_cascade_pending_orphan',
  },
  {
    cascade: 'save-update, refresh-expire',
    orphan: false,
    expire: 'test_expire_cascade_pending',
    refresh: 'test_refresh_cascade_pending',
  },
] as const;

for (const { cascade, orphan, ...names } of TO_PENDING) {
  conformanceSuite(`test_expire.py ExpireTest cascade to pending (${cascade})`, (c) => {
    const { User, Address } = expireModel(c, { cascade });

    for (const how of ['expire', 'refresh'] as const) {
      it(`a pending member ${orphan ? 'leaves the session' : 'stays in the session'} and is no longer in the reloaded collection after ${how}() [test_expire.py::ExpireTest::${names[how]}]`, async () => {
        const s = c.session({ autoflush: false });
        const u = (await s.get(User, 8))!;
        await s.load(u, 'addresses');
        const a = make(Address, { id: 12, emailAddress: 'foobar' });
        u.addresses.push(a);
        expect(s.contains(a)).toBe(true);
        if (how === 'expire') {
          s.expire(u);
          await s.load(u, 'addresses');
        } else await s.refresh(u);
        expect(s.contains(a)).toBe(!orphan);
        expect(instanceState(a).status).toBe(orphan ? 'transient' : 'pending');
        expect(u.addresses).not.toContain(a);
        await s.flush();
        await s.commit();
        const rows = await c.readBack(`SELECT id FROM ${c.tableOf(Address)} WHERE id = 12`);
        expect(rows.length).toBe(orphan ? 0 : 1);
      });
    }
  });
}
