import { createEngine, type Connection } from '../../lib/drivers';
import { ArgumentError, DatabaseError } from '../../lib/errors';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/**
 * The pg adapter keeps each connection's most recently used parameterized statements prepared on
 * the server, `statement_cache_size` of them, and deallocates the least recently used one to make
 * room: however many distinct statements a connection runs, the server holds a bounded number.
 */
describeEachDialect(
  'prepared statements per connection, least recently used deallocated',
  (d) => {
    const shape = (k: number) => text(`SELECT CAST(:v AS integer) + ${k} AS n`, { v: k });
    const sqlOf = (k: number) => `SELECT CAST($1 AS integer) + ${k} AS n`;
    const run = async (conn: Connection, k: number): Promise<void> => {
      expect(Number((await conn.execute(shape(k))).scalar())).toBe(2 * k);
    };
    const preparedCount = async (conn: Connection): Promise<number> =>
      Number((await conn.execute(text('SELECT count(*) FROM pg_prepared_statements'))).scalar());
    const preparedTexts = async (conn: Connection): Promise<string[]> =>
      (await conn.execute(text('SELECT statement FROM pg_prepared_statements')))
        .all()
        .map((r) => String(r.statement));
    /** Bytes the backend holds for cached plans (its prepared and unnamed statements). */
    const planBytes = async (conn: Connection): Promise<number> =>
      Number(
        (
          await conn.execute(
            text(
              "SELECT coalesce(sum(total_bytes), 0) FROM pg_backend_memory_contexts WHERE name LIKE 'CachedPlan%'",
            ),
          )
        ).scalar(),
      );

    it('10,000 distinct statements on one connection keep pg_prepared_statements and plan memory bounded', async () => {
      const engine = d.newEngine({ pool: { max: 1 }, connectArgs: { statementCacheSize: 50 } });
      const conn = await engine.connect();
      try {
        const counts: number[] = [];
        const bytes: number[] = [];
        for (let k = 1; k <= 10_000; k++) {
          await run(conn, k);
          if (k % 1000 === 0) {
            counts.push(await preparedCount(conn));
            bytes.push(await planBytes(conn));
          }
        }
        expect(counts).toEqual(Array.from({ length: 10 }, () => 50));
        // Plan memory once the cache is full (after 1,000) is what it is after 10,000, within noise.
        expect(Math.max(...bytes)).toBeLessThanOrEqual(bytes[0]! * 1.25);
        // The 50 kept are the last 50 run.
        expect((await preparedTexts(conn)).sort()).toEqual(
          Array.from({ length: 50 }, (_, i) => sqlOf(9_951 + i)).sort(),
        );
      } finally {
        await conn.close();
      }
    }, 120_000);

    it('a statement re-run often stays prepared while older, unused ones are deallocated', async () => {
      const engine = d.newEngine({ pool: { max: 1 }, connectArgs: { statementCacheSize: 20 } });
      const conn = await engine.connect();
      try {
        await run(conn, 0); // the hot statement, prepared first
        for (let k = 1; k <= 500; k++) {
          await run(conn, k);
          if (k % 10 === 0) await run(conn, 0);
        }
        const texts = await preparedTexts(conn);
        expect(texts).toHaveLength(20);
        expect(texts).toContain(sqlOf(0));
        expect(texts).toContain(sqlOf(500));
        expect(texts).not.toContain(sqlOf(1));
      } finally {
        await conn.close();
      }
    });

    it('statement_cache_size=0 prepares nothing on the server', async () => {
      const url = d.url + (d.url.includes('?') ? '&' : '?') + 'statement_cache_size=0';
      const zero = createEngine(url, { pool: { max: 1 } });
      const conn = await zero.connect();
      try {
        for (let k = 1; k <= 50; k++) await run(conn, k % 10);
        expect(await preparedCount(conn)).toBe(0);
      } finally {
        await conn.close();
        await zero.dispose();
      }
    });

    it('a statement evicted inside a failed transaction is deallocated after the rollback', async () => {
      const engine = d.newEngine({ pool: { max: 1 }, connectArgs: { statementCacheSize: 2 } });
      const conn = await engine.connect();
      try {
        await run(conn, 1);
        await run(conn, 2);
        const tx = await conn.begin();
        await expect(conn.execute(text('SELECT CAST(:v AS integer)', { v: 'x' }))).rejects.toBeInstanceOf(
          DatabaseError,
        );
        // Evicts shape 1; its DEALLOCATE cannot run in the aborted transaction, nor can shape 3.
        await expect(run(conn, 3)).rejects.toBeInstanceOf(DatabaseError);
        await tx.rollback();
        await run(conn, 4);
        await run(conn, 5);
        expect((await preparedTexts(conn)).sort()).toEqual([sqlOf(4), sqlOf(5)]);
      } finally {
        await conn.close();
      }
    });

    it.each([['-1'], ['many'], ['1.5']])(
      'refuses statement_cache_size=%s, naming the option',
      async (value) => {
        const engine = d.newEngine({ pool: { max: 1 }, connectArgs: { statementCacheSize: value } });
        const error = await engine.execute(text('SELECT 1')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ArgumentError);
        expect((error as Error).message).toMatch(/statement_cache_size/);
      },
    );
  },
  { only: ['postgresql'] },
);
