/**
 * `session.invalidate()`: the session's connection is closed for good instead of being rolled back
 * and pooled, what was flushed and not committed is gone, and the session goes on with a new
 * connection — ported from SQLAlchemy's test/orm/test_transaction.py (SessionTransactionTest),
 * with the server side checked: the server session of the invalidated connection has ended.
 *
 * Adaptations: SQLAlchemy checks its DBAPI connection's `is_valid`; Athanor's connection is closed
 * and its server session (PostgreSQL backend, MariaDB thread) ends, which the port checks on a
 * second connection. SQLite has no server session: the pool discards the file handle.
 */
import { InvalidRequestError } from '../../lib/errors';
import { select, text } from '../../lib/sql';
import { make } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_transaction.py SessionTransactionTest invalidate', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));

  /** Whether the server still has a session with this id (polled: a socket close is seen a little later). */
  async function serverSessionAlive(id: string | number | undefined): Promise<boolean> {
    const sql =
      c.dialect === 'postgresql'
        ? `SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ${Number(id)}`
        : `SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ${Number(id)}`;
    for (let i = 0; i < 50; i++) {
      const [row] = await c.readBack(sql);
      if (Number(row!.n) === 0) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }

  it('closes the connection for good and loses what was flushed [test_transaction.py::SessionTransactionTest::test_invalidate]', async () => {
    const s = c.session();
    const u = make(User, { name: 'u1' });
    s.add(u);
    await s.flush();
    const c1 = await s.connection();
    const serverSession = c1.sessionId;
    expect(c1.isClosed).toBe(false);

    await s.invalidate();

    expect(c1.isClosed).toBe(true);
    await expect(c1.execute(text('SELECT 1'))).rejects.toThrow(InvalidRequestError);
    if (c.dialect !== 'sqlite') expect(await serverSessionAlive(serverSession)).toBe(false);
    expect(s.contains(u)).toBe(false);
    expect(await s.scalars(select(User))).toEqual([]);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([]);

    const c2 = await s.connection();
    expect(c2).not.toBe(c1);
    expect(c2.isClosed).toBe(false);
    expect((await c2.execute(text('SELECT 1 AS one'))).all()).toEqual([{ one: 1 }]);
    s.add(make(User, { name: 'u2' }));
    await s.commit();
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'u2' }]);
  });
});
