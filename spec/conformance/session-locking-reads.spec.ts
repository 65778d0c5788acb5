/**
 * `get()` and `refresh()` with `withForUpdate`: a locking read always reads the row (even for an
 * object in the identity map), with the lock asked for; `false` or no option reads as usual, and
 * an empty lock-options object is refused — ported from SQLAlchemy's test/orm/test_session.py
 * (SessionUtilTest, SessionInterface), with the lock checked on the servers from a second
 * connection.
 *
 * Adaptations: SQLAlchemy's `with_for_update={"read": True}` is `{ share: true }` (FOR SHARE);
 * SQLAlchemy checks the argument its loader receives through a mock, the port checks the SQL sent.
 * SQLite has no row locks: the read is sent without a FOR clause there.
 */
import type { Connection } from '../../lib/drivers';
import { ArgumentError, LockTimeoutError } from '../../lib/errors';
import { insert, text, update } from '../../lib/sql';
import { inspect, type Mapper } from '../../lib/mapper';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_session.py locking reads', (c) => {
  const { User } = userAddressModel(c);
  const users = () => (inspect(User as never) as Mapper).table;
  const selects = () => c.sql.stop().filter((s) => /^\s*SELECT/i.test(s.sql));
  const servers = () => c.dialect !== 'sqlite';

  beforeEach(() => c.engine.execute(insert(users()).values([{ id: 7, name: '7' }])));
  afterEach(() => c.clear(User));

  for (const variation of ['true', 'false', 'undefined', 'omitted'] as const) {
    it(`get() with withForUpdate ${variation} [test_session.py::SessionUtilTest::test_get_with_for_update_use]`, async () => {
      const s = c.session();
      const u = await s.get(User, 7);
      c.sql.start();
      const again =
        variation === 'true'
          ? await s.get(User, 7, { withForUpdate: true })
          : variation === 'false'
            ? await s.get(User, 7, { withForUpdate: false })
            : variation === 'undefined'
              ? await s.get(User, 7, { withForUpdate: undefined })
              : await s.get(User, 7);
      const sent = selects();
      expect(again).toBe(u);
      if (variation === 'true') {
        expect(sent).toHaveLength(1);
        expect(sent[0]!.sql).toMatch(servers() ? / FOR UPDATE$/ : /WHERE [^]*= \?$/);
      } else {
        expect(sent).toEqual([]);
      }
    });
  }

  it('refresh() takes true, false or lock options, and refuses {} [test_session.py::SessionInterface::test_refresh_arg_signature]', async () => {
    const s = c.session();
    const u = (await s.get(User, 7))!;
    await expect(s.refresh(u, undefined, { withForUpdate: {} })).rejects.toThrow(ArgumentError);
    await expect(s.refresh(u, undefined, { withForUpdate: {} })).rejects.toThrow(
      /refresh\(User\): withForUpdate should be true or an object with lock options/,
    );
    c.sql.start();
    await s.refresh(u, undefined, { withForUpdate: { share: true } });
    await s.refresh(u, undefined, { withForUpdate: true });
    await s.refresh(u, undefined, { withForUpdate: false });
    await s.refresh(u);
    const tails = selects().map(
      (st) => / FOR (SHARE|UPDATE)$| LOCK IN SHARE MODE$/.exec(st.sql)?.[0].trim() ?? 'none',
    );
    const share =
      c.dialect === 'mysql' || c.dialect === 'mariadb' ? /^(FOR SHARE|LOCK IN SHARE MODE)$/ : /^FOR SHARE$/;
    if (servers()) {
      expect(tails).toHaveLength(4);
      expect(tails[0]).toMatch(share);
      expect(tails.slice(1)).toEqual(['FOR UPDATE', 'none', 'none']);
    } else {
      expect(tails).toEqual(['none', 'none', 'none', 'none']);
    }
  });

  it('refuses options it does not know, naming them', async () => {
    const s = c.session();
    await expect(s.get(User, 7, { withForUpdate: { nowait: true } as never })).rejects.toThrow(
      /get\(User\): unknown withForUpdate option 'nowait'; expected share, noWait, skipLocked/,
    );
  });

  (c.target === 'sqlite' ? it.skip : it)(
    'the row stays locked by the session until it commits: another writer waits, then times out',
    async () => {
      const s = c.session();
      const u = (await s.get(User, 7, { withForUpdate: true }))!;
      await s.refresh(u, ['name'], { withForUpdate: true });
      const other: Connection = await c.newEngine().connect();
      try {
        const tx = await other.begin();
        await other.execute(
          text(
            c.dialect === 'postgresql'
              ? "SET LOCAL lock_timeout = '100ms'"
              : 'SET SESSION innodb_lock_wait_timeout = 1',
          ),
        );
        const blocked = await other
          .execute(update(users()).set({ name: 'x' }).where(users().c.id!.eq(7)))
          .catch((e: unknown) => e);
        expect(blocked).toBeInstanceOf(LockTimeoutError);
        await tx.rollback();
        u.name = 'locked';
        await s.commit();
        expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'locked' }]);
      } finally {
        await other.close();
      }
    },
  );
});
