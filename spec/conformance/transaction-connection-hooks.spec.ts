/**
 * A session meeting a connection that an `engineConnect` listener already put in a transaction,
 * a SAVEPOINT released behind the session's back, and `closeAllSessions()` — ported from
 * SQLAlchemy's test/orm/test_transaction.py and test/orm/test_session.py.
 *
 * Adaptations: SQLAlchemy's engine `commit`/`rollback` events are the COMMIT/ROLLBACK statements
 * seen by `beforeExecute`; its pool `checkin` event is the engine's `checkin`. Its reach into
 * `trans._connections` for the driver-level savepoint is `(await s.connection()).getNestedTransaction()`.
 */
import type { Connection } from '../../lib/drivers';
import { closeAllSessions, Session, type JoinTransactionMode } from '../../lib/session';
import { make } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

const MODES: readonly (JoinTransactionMode | undefined)[] = [
  undefined,
  'conservativeSavepoint',
  'createSavepoint',
  'rollbackOnly',
  'controlFully',
];

conformanceSuite('test_transaction.py a connection begun by an engineConnect listener', (c) => {
  const { User } = userAddressModel(c);
  afterEach(() => c.clear(User));

  for (const mode of MODES) {
    for (const operation of ['commit', 'close', 'rollback'] as const) {
      it(`joinTransactionMode ${mode ?? '(default)'}, ${operation} [test_transaction.py::SessionTransactionTest::test_join_transaction_mode_with_event]`, async () => {
        const eng = c.newEngine();
        let engConn: Connection | undefined;
        const events: string[] = [];
        eng.on('beforeExecute', ({ sql }) => {
          if (/^(COMMIT|ROLLBACK)\b/.test(sql)) events.push(sql.split(' ')[0]!.toLowerCase());
        });
        eng.on('checkin', () => events.push('checkin'));
        eng.on('engineConnect', async (conn) => {
          engConn = conn;
          await conn.begin();
        });
        const s = new Session(eng, mode === undefined ? {} : { joinTransactionMode: mode });
        try {
          await s.connection();
          expect(engConn!.inTransaction).toBe(true);
          if (operation === 'commit') await s.commit();
          else if (operation === 'rollback') await s.rollback();
          else await s.close();
          expect(engConn!.inTransaction).toBe(false);
          expect(events).toEqual([operation === 'commit' ? 'commit' : 'rollback', 'checkin']);
        } finally {
          await s.close();
          await eng.dispose();
        }
      });
    }
  }

  it('the session commits the transaction the listener began, with its writes', async () => {
    const eng = c.newEngine();
    eng.on('engineConnect', (conn) => conn.begin().then(() => undefined));
    const s = new Session(eng);
    try {
      s.add(make(User, { name: 'ed' }));
      await s.commit();
      expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'ed' }]);
    } finally {
      await s.close();
      await eng.dispose();
    }
  });

  it('a listener that throws returns the connection and fails connect()', async () => {
    const eng = c.newEngine();
    const off = eng.on('engineConnect', () => {
      throw new Error('refused by listener');
    });
    try {
      await expect(eng.connect()).rejects.toThrow('refused by listener');
      expect(eng.poolStatus.used).toBe(0);
      off();
      const conn = await eng.connect();
      expect(conn.inTransaction).toBe(false);
      await conn.close();
    } finally {
      await eng.dispose();
    }
  });
});

conformanceSuite('test_transaction.py a savepoint lost behind the session', (c) => {
  const { User } = userAddressModel(c);
  afterEach(() => c.clear(User));

  it('rollback still runs when the driver savepoint was released [test_transaction.py::SavepointTest::test_savepoint_lost_still_runs]', async () => {
    const s = c.session();
    const warnings: string[] = [];
    s.on('warning', (w) => {
      warnings.push(w.message);
    });
    const trans = await s.beginNested();
    const conn = await s.connection();
    const u1 = make(User, { name: 'ed' });
    s.add(u1);
    // kill off the savepoint
    await conn.getNestedTransaction()!.commit();
    expect(s.getNestedTransaction()).toBe(trans);
    await s.rollback();
    expect(warnings).toContain('nested transaction already deassociated from connection');
    expect(s.new).not.toContain(u1);
    expect(trans.phase).toBe('closed');
    expect(s.getTransaction()).not.toBe(trans);
    await s.connection();
    expect(s.getTransaction()!.phase).toBe('active');
    expect(s.getTransaction()!.nested).toBe(false);
    expect(s.getTransaction()!.parent).toBeUndefined();
  });
});

conformanceSuite('test_session.py closeAllSessions()', (c) => {
  const { User } = userAddressModel(c);

  it('closes every open session [test_session.py::SessionUtilTest::test_close_all_sessions]', async () => {
    const s1 = c.session();
    const u1 = make(User, { name: 'u1' });
    s1.add(u1);
    const s2 = c.session();
    const u2 = make(User, { name: 'u2' });
    s2.add(u2);
    expect(s1.contains(u1)).toBe(true);
    expect(s2.contains(u2)).toBe(true);
    await closeAllSessions();
    expect(s1.contains(u1)).toBe(false);
    expect(s2.contains(u2)).toBe(false);
  });
});
