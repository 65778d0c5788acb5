/**
 * `refresh(obj, keys)`: only the named attributes are read — ported from SQLAlchemy's
 * test/orm/test_expire.py (ExpireTest::test_load_only_relationships,
 * ExpireTest::test_no_pending_pks_on_refresh).
 *
 * The named columns are read with one SELECT of those columns by key (the row is read even when
 * only relationships are named, so a deleted row raises), the named relationships are loaded,
 * and every other attribute keeps its value and its unflushed change. A primary key change that is
 * not flushed (autoflush off) is refused: the row could be found by neither key. A whole-object
 * `refresh()` finds the row by the key it has in the database and puts that key back.
 */
import { InvalidRequestError } from '../../lib/errors';
import { instanceState } from '../../lib/mapper';
import { expireModel } from './expire-fixtures';
import { conformanceSuite } from './support';

type ExpireFirst = 'all' | 'none' | 'not_pk' | 'not_pk_plus_pending';
type IncludeColumn = 'name_and_addresses' | 'addresses' | 'no_attrs';

conformanceSuite('test_expire.py ExpireTest refresh(obj, keys)', (c) => {
  const { User } = expireModel(c);

  for (const expireFirst of ['all', 'none', 'not_pk', 'not_pk_plus_pending'] as ExpireFirst[]) {
    for (const include of ['name_and_addresses', 'addresses', 'no_attrs'] as IncludeColumn[]) {
      for (const autoflush of [true, false]) {
        it(`expire first: ${expireFirst}, refresh of ${include}, autoflush ${autoflush} [test_expire.py::ExpireTest::test_load_only_relationships]`, async () => {
          // A key change is tried on the user without addresses (no row would refer to the old key).
          const pending = expireFirst === 'not_pk_plus_pending';
          const [targetId, targetName] = pending ? [10, 'chuck'] : [8, 'ed'];
          const s = c.session({ autoflush });
          const u = (await s.get(User, targetId))!;
          let nameExpired = expireFirst !== 'none';
          if (pending) {
            u.id = 25;
            s.expire(u, ['name', 'addresses']);
          } else if (expireFirst === 'not_pk') s.expire(u, ['name', 'addresses']);
          else if (expireFirst === 'all') s.expire(u);
          const st = instanceState(u);
          if (expireFirst !== 'none')
            expect([st.isLoaded('name'), st.isLoaded('addresses')]).toEqual([false, false]);

          if (pending && !autoflush && include !== 'no_attrs') {
            const keys = include === 'name_and_addresses' ? ['name', 'addresses'] : ['addresses'];
            await expect(s.refresh(u, keys)).rejects.toThrow(InvalidRequestError);
            await expect(s.refresh(u, keys)).rejects.toThrow(/flush the pending primary key change of 'id'/);
            return;
          }
          let idRefreshed = false;
          c.sql.start();
          if (include === 'no_attrs') {
            await s.refresh(u);
            nameExpired = false;
            idRefreshed = true;
          } else if (include === 'name_and_addresses') {
            await s.refresh(u, ['name', 'addresses']);
            nameExpired = false;
          } else await s.refresh(u, ['addresses']);
          const sent = c.sql.stop().map((x) => x.sql);
          // The row (its named columns only), then the collection; a whole-object refresh reloads
          // only relationships that were loaded (none here: Athanor never loads lazily).
          const expectAddresses = include !== 'no_attrs';
          let expected = expectAddresses ? 2 : 1;
          if (autoflush && pending && !idRefreshed) expected += 1;
          expect(sent.filter((sql) => /^\s*(SELECT|UPDATE)/i.test(sql))).toHaveLength(expected);
          expect(st.isLoaded('id')).toBe(true);
          expect(st.isLoaded('name')).toBe(!nameExpired);
          expect(st.isLoaded('addresses')).toBe(expectAddresses);
          if (include !== 'addresses') expect(u.name).toBe(targetName);
          expect(u.id).toBe(pending && !idRefreshed ? 25 : targetId);
          if (expectAddresses) expect(u.addresses).toHaveLength(pending ? 0 : 3);
        });
      }
    }
  }

  for (const expireFirst of [true, false]) {
    for (const autoflush of [true, false]) {
      for (const clearName of [true, false]) {
        it(`a pending key change before refresh(u, ['name']): expire first ${expireFirst}, autoflush ${autoflush}, name changed ${clearName} [test_expire.py::ExpireTest::test_no_pending_pks_on_refresh]`, async () => {
          const s = c.session({ autoflush });
          const u = (await s.get(User, 10))!;
          u.id = 25;
          if (clearName) u.name = 'newname';
          if (expireFirst) s.expire(u, ['name']);
          const st = instanceState(u);
          if (clearName && !expireFirst) expect([st.committed['name'], u.name]).toEqual(['chuck', 'newname']);
          if (!autoflush) {
            await expect(s.refresh(u, ['name'])).rejects.toThrow(
              /flush the pending primary key change of 'id'/,
            );
            // The key change is still pending; the name was expired by the refresh.
            expect([st.committed['id'], u.id]).toEqual([10, 25]);
            expect(st.isLoaded('name')).toBe(false);
            expect(st.hasCommitted('name')).toBe(false);
            return;
          }
          await s.refresh(u, ['name']);
          // Autoflushed: the new key is in the database; the unflushed name was replaced.
          expect(u.id).toBe(25);
          expect(st.hasCommitted('id')).toBe(false);
          expect(u.name).toBe('chuck');
          expect(st.hasCommitted('name')).toBe(false);
          await s.commit();
          expect(await c.readBack(`SELECT id, name FROM ${c.tableOf(User)} WHERE id IN (10, 25)`)).toEqual([
            { id: 25, name: 'chuck' },
          ]);
        });
      }
    }
  }

  it('refresh(obj, keys) keeps the unflushed changes of the attributes it does not name', async () => {
    const s = c.session({ autoflush: false });
    const u = (await s.get(User, 7))!;
    u.name = 'changed';
    await s.refresh(u, ['addresses']);
    expect(u.name).toBe('changed');
    expect(s.dirty).toEqual([u]);
    await s.refresh(u, ['name']);
    expect(s.dirty).toEqual([]);
  });
});
