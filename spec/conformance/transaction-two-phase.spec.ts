/**
 * Two-phase commit, ported from SQLAlchemy's test/orm/test_transaction.py (SessionTransactionTest's
 * twophase tests, TwoPhaseTest), with the engine-level TwoPhaseTransaction under them.
 *
 * PostgreSQL's shared server has `max_prepared_transactions = 0`, so the tests that PREPARE run on a
 * private PostgreSQL started here with the setting (and stopped after); MariaDB's XA needs nothing.
 * SQLite has no two-phase commit: a typed NotSupportedError.
 *
 * Adaptations: SQLAlchemy's `bind_mapper()` of two mappers to two engines is a ShardedSession with
 * `entityBinds` and `twoPhase`; its mock of the dialect's `do_prepare_twophase` raising is a
 * `beforeExecute` listener vetoing the PREPARE statement.
 */
import { Column, Table } from '../../lib/decorators';
import { createEngine, type Engine } from '../../lib/drivers';
import { ArgumentError, InvalidRequestError, NotSupportedError } from '../../lib/errors';
import { inspect, Registry, type Mapper } from '../../lib/mapper';
import { entityBinds, Session, ShardedSession } from '../../lib/session';
import { insert, text, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';
import { activeTargets, testPlan, uniqueName, type TestTarget } from '../support/dialects';
import { startPrivatePostgresql, type PrivatePostgresql } from '../support/private-postgresql';

conformanceSuite('test_transaction.py two-phase commit without a PREPARE', (c) => {
  it('a prepared session emits no SQL [test_transaction.py::SessionTransactionTest::test_no_sql_during_prepare]', async () => {
    const s = c.session({ twoPhase: true });
    await s.prepare();
    await expect(s.execute(text('select 1'))).rejects.toThrow(
      new InvalidRequestError(
        "this session is in 'prepared' state; no further SQL can be emitted within this transaction",
      ),
    );
  });

  it('prepare() is refused without twoPhase [test_transaction.py::SessionTransactionTest::test_no_prepare_wo_twophase]', async () => {
    const s = c.session();
    await expect(s.prepare()).rejects.toThrow(
      new InvalidRequestError("'twoPhase' mode not enabled, or not root transaction; can't prepare"),
    );
  });
});

const LIVE: readonly TestTarget[] = ['sqlite', 'postgresql', 'mysql'];

for (const target of activeTargets().filter((t) => LIVE.includes(t))) {
  describe(`two-phase commit [${target}]`, () => {
    const registry = new Registry();
    @Table(uniqueName('tp_users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
    }
    @Table(uniqueName('tp_addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50), nullable: false }) emailAddress!: string;
    }
    const tableOf = (cls: abstract new () => object) => (inspect(cls as never) as Mapper).table;
    let server: PrivatePostgresql | undefined;
    let engine: Engine;
    let engine2: Engine;
    let reader: Engine;
    const sent: string[] = [];

    beforeAll(async () => {
      let url = testPlan().find((p) => p.target === target)!.url!;
      if (target === 'postgresql') {
        server = await startPrivatePostgresql({ settings: { max_prepared_transactions: '10' } });
        url = server.url;
      }
      if (target === 'sqlite') url = 'sqlite://';
      engine = createEngine(url);
      engine2 = createEngine(url);
      reader = createEngine(url);
      for (const e of [engine, engine2]) e.on('beforeExecute', ({ sql }) => sent.push(sql));
      registry.configure();
      await registry.metadata.createAll(engine);
    }, 120_000);
    afterAll(async () => {
      await registry.metadata.dropAll(engine).catch(() => undefined);
      for (const e of [engine, engine2, reader]) await e?.dispose();
      await server?.stop();
    }, 60_000);
    beforeEach(() => {
      sent.length = 0;
    });
    afterEach(async () => {
      for (const cls of [User, Address])
        await engine.execute(text(`DELETE FROM ${quoted(tableOf(cls).name)}`));
    });

    const quoted = (name: string) => (target === 'mysql' ? `\`${name}\`` : `"${name}"`);
    const count = async (cls: abstract new () => object) =>
      Number(
        (await reader.execute(text(`SELECT COUNT(*) AS n FROM ${quoted(tableOf(cls).name)}`))).all()[0]!.n,
      );
    const controls = () => sent.filter((sql) => /^(BEGIN|COMMIT|ROLLBACK|PREPARE|XA )/.test(sql));

    if (target === 'sqlite') {
      it('SQLite has no two-phase commit: NotSupportedError naming the dialect', async () => {
        const conn = await engine.connect();
        try {
          await expect(conn.beginTwoPhase()).rejects.toThrow(NotSupportedError);
          await expect(conn.beginTwoPhase()).rejects.toThrow(/not supported on sqlite/);
          expect(conn.inTransaction).toBe(false);
        } finally {
          await conn.close();
        }
        const s = new Session(engine, { twoPhase: true });
        s.add(make(User, { id: 1, name: 'ed' }));
        await expect(s.commit()).rejects.toThrow(NotSupportedError);
        await s.close();
      });
      return;
    }

    it('a session over two engines prepares each, then commits each [test_transaction.py::SessionTransactionTest::test_twophase]', async () => {
      const sess = new ShardedSession({
        shards: { main: engine, second: engine2 },
        ...entityBinds('main', { second: [Address] }),
        twoPhase: true,
        session: { autoflush: false },
      });
      sess.add(make(User, { id: 1, name: 'u1' }));
      sess.add(make(Address, { id: 1, emailAddress: 'u1@e' }));
      await sess.commit();
      await sess.close();
      const prepares = controls().filter((sql) => /PREPARE /.test(sql) && !/COMMIT|ROLLBACK/.test(sql));
      const commits = controls().filter((sql) => /^(COMMIT PREPARED|XA COMMIT)/.test(sql));
      expect(prepares).toHaveLength(2);
      expect(commits).toHaveLength(2);
      // every PREPARE before the first COMMIT
      expect(controls().lastIndexOf(prepares[1]!)).toBeLessThan(controls().indexOf(commits[0]!));
      expect(await count(User)).toBe(1);
      expect(await count(Address)).toBe(1);
    });

    it('rollback after prepare rolls the prepared transaction back [test_transaction.py::TwoPhaseTest::test_rollback_on_prepare]', async () => {
      const s = new Session(engine, { twoPhase: true });
      const u = make(User, { id: 2, name: 'ed' });
      s.add(u);
      await s.prepare();
      expect(s.getTransaction()!.phase).toBe('prepared');
      await s.rollback();
      expect(s.contains(u)).toBe(false);
      const xid = target === 'postgresql' ? /^ROLLBACK PREPARED '(.+)'$/ : /^XA ROLLBACK '(.+)'$/;
      expect(controls().at(-1)).toMatch(xid);
      const rolledBack = xid.exec(controls().at(-1)!)![1]!;
      expect(await count(User)).toBe(0);
      const conn = await reader.connect();
      try {
        // MariaDB lists every prepared XA transaction of the server, other databases' included.
        expect(await conn.recoverTwoPhase()).not.toContain(rolledBack);
      } finally {
        await conn.close();
      }
      await s.close();
    });

    it('a PREPARE that fails rolls the transaction back [test_transaction.py::TwoPhaseTest::test_rollback_on_prepare_failure]', async () => {
      const s = new Session(engine, { twoPhase: true });
      const u = make(User, { id: 3, name: 'ed' });
      s.add(u);
      const off = engine.on('beforeExecute', ({ sql }) => {
        if (/^(PREPARE TRANSACTION|XA PREPARE)/.test(sql)) throw new Error('simulated prepare failure');
      });
      try {
        await expect(s.commit()).rejects.toThrow('simulated prepare failure');
      } finally {
        off();
      }
      expect(s.contains(u)).toBe(false);
      expect(controls().at(-1)).toMatch(target === 'postgresql' ? /^ROLLBACK$/ : /^XA ROLLBACK '/);
      await s.rollback();
      await s.close();
      expect(await count(User)).toBe(0);
    });

    it('beginTwoPhase(xid): the statements of each phase', async () => {
      const conn = await engine.connect();
      try {
        const tx = await conn.beginTwoPhase('athanor_tp_1');
        expect(tx.xid).toBe('athanor_tp_1');
        await conn.execute(insert(tableOf(User)).values({ id: 4, name: 'x' }));
        await tx.prepare();
        expect(tx.isPrepared).toBe(true);
        expect(await count(User)).toBe(0);
        await tx.commit();
        expect(tx.isActive).toBe(false);
        expect(conn.inTransaction).toBe(false);
        // one phase: commit without prepare
        const one = await conn.beginTwoPhase('athanor_tp_2');
        await conn.execute(insert(tableOf(User)).values({ id: 5, name: 'y' }));
        await one.commit();
      } finally {
        await conn.close();
      }
      expect(controls()).toEqual(
        target === 'postgresql'
          ? [
              'BEGIN',
              "PREPARE TRANSACTION 'athanor_tp_1'",
              "COMMIT PREPARED 'athanor_tp_1'",
              'BEGIN',
              'COMMIT',
            ]
          : [
              "XA START 'athanor_tp_1'",
              "XA END 'athanor_tp_1'",
              "XA PREPARE 'athanor_tp_1'",
              "XA COMMIT 'athanor_tp_1'",
              "XA START 'athanor_tp_2'",
              "XA END 'athanor_tp_2'",
              "XA COMMIT 'athanor_tp_2' ONE PHASE",
            ],
      );
      expect(await count(User)).toBe(2);
    });

    /** The prepared ids, once `xid` shows among them (a lost connection's end reaches the server late). */
    const recovered = async (xid: string): Promise<string[]> => {
      const other = await reader.connect();
      try {
        let found: string[] = [];
        for (let i = 0; i < 50 && !found.includes(xid); i++) {
          if (i > 0) await new Promise((r) => setTimeout(r, 100));
          found = await other.recoverTwoPhase();
        }
        return found;
      } finally {
        await other.close();
      }
    };

    it('a transaction prepared on a connection since lost is recovered and committed from another', async () => {
      const conn = await engine.connect();
      const tx = await conn.beginTwoPhase();
      expect(tx.xid).toMatch(/^_athanor_[0-9a-f]{32}$/);
      await conn.execute(insert(tableOf(User)).values({ id: 6, name: 'kept' }));
      await tx.prepare();
      conn.invalidate(); // the socket closes; the server keeps the prepared transaction
      expect(await recovered(tx.xid)).toContain(tx.xid);
      expect(await count(User)).toBe(0);
      const other = await reader.connect();
      try {
        await other.commitPrepared(tx.xid);
        expect(await other.recoverTwoPhase()).not.toContain(tx.xid);
      } finally {
        await other.close();
      }
      expect(await count(User)).toBe(1);
    });

    it('rollbackPrepared(), close() of a prepared transaction, and ids that are refused', async () => {
      const conn = await engine.connect();
      const tx = await conn.beginTwoPhase('athanor_tp_3');
      await conn.execute(insert(tableOf(User)).values({ id: 7, name: 'gone' }));
      await tx.prepare();
      await expect(conn.commitPrepared('athanor_tp_3')).rejects.toThrow(InvalidRequestError);
      conn.invalidate();
      expect(await recovered('athanor_tp_3')).toContain('athanor_tp_3');
      const other = await reader.connect();
      try {
        await other.rollbackPrepared('athanor_tp_3');
        expect(await other.recoverTwoPhase()).not.toContain('athanor_tp_3');
        await expect(other.beginTwoPhase("x'; DROP TABLE t; --")).rejects.toThrow(ArgumentError);
        await expect(other.beginTwoPhase("x'; DROP TABLE t; --")).rejects.toThrow(/beginTwoPhase\(\): xid/);
        expect(other.inTransaction).toBe(false);
      } finally {
        await other.close();
      }
      const closing = await engine.connect();
      const tx5 = await closing.beginTwoPhase('athanor_tp_5');
      await closing.execute(insert(tableOf(User)).values({ id: 8, name: 'gone' }));
      await tx5.prepare();
      await closing.close();
      expect(controls().at(-1)).toBe(
        target === 'postgresql' ? "ROLLBACK PREPARED 'athanor_tp_5'" : "XA ROLLBACK 'athanor_tp_5'",
      );
      expect(await count(User)).toBe(0);
    });
  });
}
