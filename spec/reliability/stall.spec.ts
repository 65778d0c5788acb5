import { Column, Table } from '../../lib/decorators';
import {
  ArgumentError,
  CommitOutcomeUnknownError,
  PendingRollbackError,
  QueryTimeoutError,
} from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { createEngine, type Engine } from '../../lib/drivers';
import { text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

const LIMIT = 400;

/**
 * A server that stops answering (the fault proxy holds every byte from the k-th statement on):
 * with `queryTimeoutMillis` the statement fails with QueryTimeoutError within the limit, the
 * stalled connection is closed rather than pooled, the session waits for `rollback()`, and the
 * engine serves the next request on a fresh connection.
 */
describeEachDialect(
  'a stalled connection',
  (d) => {
    const registry = new Registry();
    @Table(d.uniqueName('rel_stall_notes'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(40) }) body!: string;
    }
    const direct = d.newEngine({ pool: { max: 1 } });
    let proxy: FaultProxy;
    let engine: Engine;
    const pg = d.target === 'postgresql';

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(direct);
      const target = new URL(d.url);
      proxy = await startFaultProxy(pg ? 'postgresql' : 'mysql', Number(target.port || (pg ? 5432 : 3306)));
      const url = d.url.replace(/@[^/:]+(:\d+)?\//, `@127.0.0.1:${proxy.port}/`);
      engine = createEngine(url, { pool: { max: 2, acquireTimeoutMillis: 5000 }, queryTimeoutMillis: LIMIT });
    });
    afterAll(async () => {
      await engine?.dispose({ timeoutMillis: 2000 });
      await proxy?.close();
      await registry.metadata.dropAll(direct);
    });
    afterEach(() => proxy.disarm());

    const note = (id: number): Note => Object.assign(new Note(), { id, body: `n${id}` });
    const stored = async (id: number): Promise<number> =>
      Number(
        (
          await direct.execute(
            text(
              `SELECT count(*) FROM ${registry.metadata.tables.values().next().value!.name} WHERE id = :id`,
              {
                id,
              },
            ),
          )
        ).scalar(),
      );

    async function timed<T>(work: Promise<T>): Promise<{ error: unknown; millis: number }> {
      const started = Date.now();
      const error = await work.then(
        () => undefined,
        (e: unknown) => e,
      );
      return { error, millis: Date.now() - started };
    }

    it('fails a Core statement within the limit, closes the connection and recovers', async () => {
      const conn = await engine.connect();
      const opened = proxy.openConnections;
      proxy.arm({ at: 1, action: 'stall' });
      const { error, millis } = await timed(conn.execute(text('SELECT 1')));
      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect((error as QueryTimeoutError).timeoutMillis).toBe(LIMIT);
      expect((error as QueryTimeoutError).message).toMatch(/queryTimeoutMillis.*\n\[SQL: SELECT 1/);
      expect(millis).toBeGreaterThanOrEqual(LIMIT - 20);
      expect(millis).toBeLessThan(LIMIT + 2000);
      await conn.close();
      expect(engine.poolStatus.used).toBe(0);
      // The stalled socket was destroyed, not kept in the pool.
      for (let i = 0; i < 50 && proxy.openConnections >= opened; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(proxy.openConnections).toBeLessThan(opened);
      proxy.disarm();
      expect(Number((await engine.execute(text('SELECT 2'))).scalar())).toBe(2);
    });

    it('fails a flush within the limit; the session needs rollback(), then commits the same objects', async () => {
      const s = new Session(engine);
      s.add(note(1));
      proxy.arm({ at: 1, action: 'stall' }); // the flush's first statement stalls
      const { error, millis } = await timed(s.commit());
      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect((error as QueryTimeoutError).sql).toMatch(/^(BEGIN|START TRANSACTION|INSERT|SELECT)/);
      expect(millis).toBeLessThan(LIMIT + 2000);
      expect(await stored(1)).toBe(0);
      await expect(s.commit()).rejects.toBeInstanceOf(PendingRollbackError);
      await expect(s.get(Note, 1)).rejects.toBeInstanceOf(PendingRollbackError);
      proxy.disarm();
      await s.rollback();
      expect(engine.poolStatus.used).toBe(0);
      s.add(note(1));
      await s.commit();
      await s.close();
      expect(await stored(1)).toBe(1);
    });

    it('a COMMIT without an answer is reported as of unknown outcome, and the engine recovers', async () => {
      const s = new Session(engine);
      s.add(note(2));
      await s.flush();
      proxy.arm({ at: 1, action: 'stall' }); // the COMMIT never reaches the server
      const { error, millis } = await timed(s.commit());
      expect(error).toBeInstanceOf(CommitOutcomeUnknownError);
      expect((error as Error).cause).toBeInstanceOf(QueryTimeoutError);
      expect(millis).toBeLessThan(LIMIT + 2000);
      proxy.disarm();
      await s.rollback();
      await s.close();
      // The server saw its client go: the transaction was rolled back, nothing half-written.
      for (let i = 0; i < 50 && (await stored(2)) !== 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await stored(2)).toBe(0);
      // Every later session works: no timed-out connection was handed out again.
      for (let i = 0; i < 4; i++) {
        const later = new Session(engine);
        expect(await later.get(Note, 1)).not.toBeNull();
        await later.close();
      }
      expect(engine.poolStatus.used).toBe(0);
    });
  },
  { only: ['postgresql', 'mysql'] },
);

describe('queryTimeoutMillis', () => {
  it.each([0, -1, Number.NaN, Infinity, '100'])('refuses %p with an ArgumentError naming it', (value) => {
    expect(() => createEngine('sqlite://', { queryTimeoutMillis: value as number })).toThrow(
      expect.objectContaining({
        constructor: ArgumentError,
        message: expect.stringMatching(/queryTimeoutMillis/),
      }),
    );
  });
});
