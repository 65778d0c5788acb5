import { column, func, insert, select, table, text, types } from '../../lib/sql';
import { OperationalError, PoolTimeoutError } from '../../lib/errors';
import type { Engine } from '../../lib/drivers';
import { describeEachDialect } from '../support/dialects';

/** Faults against real servers: PostgreSQL and MySQL/MariaDB (the servers every machine here has). */
describeEachDialect(
  'faults and pool behaviour',
  (d) => {
    const { rows } = d.defineTables((metadata, name) => ({
      rows: table(
        name('fault_rows'),
        {
          id: column(types.integer(), { primaryKey: true }),
          tag: column(types.string(20), { nullable: false }),
        },
        { metadata },
      ),
    }));

    const admin = d.newEngine({ pool: { max: 1 } });
    const pg = (): boolean => d.dialect === 'postgresql';

    async function kill(sessionId: string | number | undefined): Promise<void> {
      expect(sessionId).toBeDefined();
      const sql = pg() ? 'SELECT pg_terminate_backend(:id)' : `KILL ${Number(sessionId)}`;
      await admin.execute(text(sql, pg() ? { id: sessionId } : {}));
    }

    async function liveSessions(ids: readonly (string | number | undefined)[]): Promise<number> {
      const list = ids.map((id) => Number(id)).join(', ');
      const sql = pg()
        ? `SELECT count(*) AS n FROM pg_stat_activity WHERE pid IN (${list})`
        : `SELECT count(*) AS n FROM information_schema.processlist WHERE id IN (${list})`;
      return Number((await admin.execute(text(sql))).scalar());
    }

    const count = async (engine: Engine, tag: string): Promise<number> =>
      Number((await engine.execute(select(func.count()).from(rows).where(rows.c.tag.eq(tag)))).scalar());

    it('a connection killed mid-transaction raises OperationalError, applies nothing, and the pool recovers', async () => {
      const engine = d.newEngine({ pool: { max: 2 } });
      const errors: boolean[] = [];
      engine.on('handleError', (e) => errors.push(e.disconnect));
      const conn = await engine.connect();
      const victim = conn.sessionId;
      await conn.begin();
      await conn.execute(insert(rows).values({ tag: 'killed' }));
      await kill(victim);
      const err = await conn.execute(insert(rows).values({ tag: 'killed' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OperationalError);
      expect(errors).toEqual([true]);
      await conn.close(); // rollback is skipped on the dead connection; it is not returned to service
      expect(await count(engine, 'killed')).toBe(0);
      const next = await engine.connect();
      try {
        expect(next.sessionId).not.toBe(victim);
        expect((await next.execute(select(text('1').asExpression(types.integer()).as('one')))).scalar()).toBe(
          1,
        );
      } finally {
        await next.close();
      }
    });

    it('prePing replaces a connection the server closed while it was idle', async () => {
      const engine = d.newEngine({ pool: { max: 1, prePing: true } });
      const first = await engine.connect();
      const victim = first.sessionId;
      await first.close();
      await kill(victim);
      const conn = await engine.connect();
      try {
        expect(conn.sessionId).not.toBe(victim);
        await conn.execute(select(text('1').asExpression(types.integer()).as('one')));
      } finally {
        await conn.close();
      }
    });

    it('recycleMillis retires old connections at checkout', async () => {
      const engine = d.newEngine({ pool: { max: 1, recycleMillis: 1 } });
      const first = await engine.connect();
      const old = first.sessionId;
      await first.close();
      await new Promise((r) => setTimeout(r, 10));
      const conn = await engine.connect();
      expect(conn.sessionId).not.toBe(old);
      await conn.close();
    });

    it('50 concurrent transactions complete on a pool of 5', async () => {
      const engine = d.newEngine({ pool: { max: 5, acquireTimeoutMillis: 20000 } });
      let out = 0;
      let peakOut = 0;
      let peakWaiting = 0;
      let opened = 0;
      engine.on('connect', () => opened++);
      engine.on('checkout', () => {
        peakOut = Math.max(peakOut, ++out);
        peakWaiting = Math.max(peakWaiting, engine.poolStatus.pendingAcquires);
      });
      engine.on('checkin', () => out--);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          engine.transaction(async (conn) => {
            await conn.execute(insert(rows).values({ tag: 'concurrent' }));
            await conn.execute(select(func.count()).from(rows).where(rows.c.tag.eq('concurrent')));
            return i;
          }),
        ),
      );
      expect(results).toHaveLength(50);
      expect(await count(engine, 'concurrent')).toBe(50);
      expect(peakOut).toBeLessThanOrEqual(5);
      expect(opened).toBeLessThanOrEqual(5);
      expect(out).toBe(0);
      expect(engine.poolStatus.used).toBe(0);
    });

    it('an exhausted pool raises PoolTimeoutError after acquireTimeoutMillis', async () => {
      const engine = d.newEngine({ pool: { max: 2, acquireTimeoutMillis: 300 } });
      const held = [await engine.connect(), await engine.connect()];
      const started = Date.now();
      const err = await engine.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PoolTimeoutError);
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as Error).message).toMatch(/pool of 2 connection\(s\) exhausted.*300 ms/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      await held[0]!.close();
      const again = await engine.connect();
      await again.close();
      await held[1]!.close();
    });

    it('engine.dispose() ends every connection on the server', async () => {
      const engine = d.newEngine({ pool: { max: 3 } });
      const conns = await Promise.all([engine.connect(), engine.connect(), engine.connect()]);
      const ids = conns.map((c) => c.sessionId);
      expect(new Set(ids).size).toBe(3);
      await Promise.all(conns.map((c) => c.close()));
      expect(await liveSessions(ids)).toBe(3);
      await engine.dispose();
      // The server notices a closed socket asynchronously; poll briefly.
      let live = 3;
      for (let i = 0; i < 50 && live > 0; i++) {
        live = await liveSessions(ids);
        if (live > 0) await new Promise((r) => setTimeout(r, 20));
      }
      expect(live).toBe(0);
      await expect(engine.connect()).rejects.toThrow(/disposed/);
    });
  },
  { only: ['postgresql', 'mysql', 'mysql8'] },
);
