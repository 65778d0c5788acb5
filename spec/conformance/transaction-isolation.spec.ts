/**
 * `session.connection({ isolationLevel })`: the transaction it begins runs at that level; once the
 * session's transaction has begun the level is ignored with a warning — ported from SQLAlchemy's
 * test/orm/test_transaction.py (SessionTransactionTest), checked on the servers instead of
 * against a mocked engine.
 *
 * Adaptations: SQLAlchemy's `execution_options={"isolation_level": …}` is the `isolationLevel`
 * option. SQLAlchemy's session begins its transaction at its first statement, so a level asked for
 * after `execute(text("select 1"))` is ignored; Athanor's session reads outside a transaction until
 * its first write, so the port begins the transaction with a flush, and a further test checks that
 * a level asked for after a read applies. SQLite transactions are serializable and take no level.
 */
import type { Connection } from '../../lib/drivers';
import { LockTimeoutError } from '../../lib/errors';
import { select, text } from '../../lib/sql';
import { make, warningsOf } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_transaction.py SessionTransactionTest isolation', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));

  const PROBE = 100;
  beforeEach(() =>
    c.engine.execute(text(`INSERT INTO ${c.tableOf(User)} (id, name) VALUES (${PROBE}, 'probe')`)),
  );

  /**
   * Whether the transaction open on `conn` is serializable, as the server behaves: PostgreSQL
   * reports its level; on MariaDB a serializable transaction's plain read share-locks the row, so
   * another connection's write of it waits (InnoDB's INNODB_TRX view can show the level of an
   * earlier transaction of the same connection, so it is not used).
   */
  async function isSerializable(conn: Connection): Promise<boolean> {
    if (c.dialect === 'postgresql') {
      const [row] = (await conn.execute(text('SHOW transaction_isolation'))).all() as {
        transaction_isolation: string;
      }[];
      return row!.transaction_isolation === 'serializable';
    }
    await conn.execute(text(`SELECT name FROM ${c.tableOf(User)} WHERE id = ${PROBE}`));
    const other = await c.newEngine().connect();
    try {
      await other.execute(text('SET SESSION innodb_lock_wait_timeout = 1'));
      const blocked = await other
        .execute(text(`UPDATE ${c.tableOf(User)} SET name = 'probe' WHERE id = ${PROBE}`))
        .then(
          () => false,
          (e: unknown) => e instanceof LockTimeoutError,
        );
      return blocked;
    } finally {
      await other.close();
    }
  }
  const servers = () => c.dialect !== 'sqlite';

  it('begins the transaction at the level asked for [test_transaction.py::SessionTransactionTest::test_execution_options_begin_transaction]', async () => {
    const s = c.session();
    const warnings = warningsOf(s);
    c.sql.start();
    const conn = await s.connection({ isolationLevel: 'SERIALIZABLE' });
    const begun = c.sql.stop().map((st) => st.sql);
    expect(warnings).toEqual([]);
    if (c.dialect === 'postgresql') expect(begun).toEqual(['BEGIN ISOLATION LEVEL SERIALIZABLE']);
    else if (servers())
      expect(begun).toEqual(['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'START TRANSACTION']);
    else expect(begun).toEqual(['BEGIN']);
    if (servers()) expect(await isSerializable(conn)).toBe(true);
    s.add(make(User, { name: 'u1' }));
    await s.commit();
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)} ORDER BY name`)).toEqual([
      { name: 'probe' },
      { name: 'u1' },
    ]);
  });

  it('ignores the level once the transaction has begun, with a warning [test_transaction.py::SessionTransactionTest::test_execution_options_ignored_mid_transaction]', async () => {
    const s = c.session();
    const warnings = warningsOf(s);
    s.add(make(User, { name: 'u1' }));
    await s.flush();
    const conn = await s.connection({ isolationLevel: 'SERIALIZABLE' });
    expect(warnings).toEqual([
      "the session's transaction has already begun; isolationLevel SERIALIZABLE ignored",
    ]);
    if (servers()) expect(await isSerializable(conn)).toBe(false);
  });

  it('applies a level asked for after reads, which ran outside a transaction', async () => {
    const s = c.session();
    const warnings = warningsOf(s);
    await s.scalars(select(User));
    const conn = await s.connection({ isolationLevel: 'SERIALIZABLE' });
    expect(warnings).toEqual([]);
    if (servers()) expect(await isSerializable(conn)).toBe(true);
  });

  it('refuses a level that does not exist, naming it', async () => {
    const s = c.session();
    await expect(s.connection({ isolationLevel: 'SNAPSHOT ISH' as never })).rejects.toThrow(
      /isolationLevel "SNAPSHOT ISH" is not one of/,
    );
  });
});
