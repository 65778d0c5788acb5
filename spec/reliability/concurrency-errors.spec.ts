import { createEngine, type Connection, type Engine } from '../../lib';
import {
  DeadlockError,
  LockTimeoutError,
  DatabaseBusyError,
  SerializationError,
  StatementTimeoutError,
  TransactionConflictError,
} from '../../lib/errors';
import { column, insert, select, table, text, types, update } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/**
 * Deadlocks, serialization failures, lock waits and statement timeouts raised by the real servers
 * reach the application as their own error classes, carrying the statement, so a retry helper can
 * tell "run the unit of work again" from "something is broken".
 */
describeEachDialect(
  'concurrency failures are typed errors naming the statement',
  (d) => {
    const { rows } = d.defineTables((metadata, name) => ({
      rows: table(
        name('rel_conflicts'),
        {
          id: column(types.integer(), { primaryKey: true }),
          n: column(types.integer(), { nullable: false }),
        },
        { metadata },
      ),
    }));
    const pg = (): boolean => d.target === 'postgresql';
    /** Servers with row locks (SQLite has one writer at a time and no statement time limit). */
    const servers = d.target === 'sqlite' ? it.skip : it;
    const held: Connection[] = [];
    const connect = async (engine: Engine = d.engine): Promise<Connection> => {
      const c = await engine.connect();
      held.push(c);
      return c;
    };
    afterEach(async () => {
      for (const c of held.splice(0)) await c.close().catch(() => undefined);
    });
    beforeAll(async () => {
      await d.engine.execute(insert(rows).values([1, 2].map((id) => ({ id, n: 0 }))));
    });

    const bump = (id: number) =>
      update(rows)
        .set({ n: rows.c.n.add(1) })
        .where(rows.c.id.eq(id));

    servers('a deadlock between two transactions is a DeadlockError for its victim', async () => {
      const [a, b] = [await connect(), await connect()];
      const [ta, tb] = [await a.begin(), await b.begin()];
      await a.execute(bump(1));
      await b.execute(bump(2));
      const results = await Promise.allSettled([a.execute(bump(2)), b.execute(bump(1))]);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failed).toHaveLength(1);
      const err = failed[0]!.reason as DeadlockError;
      expect(err).toBeInstanceOf(DeadlockError);
      expect(err).toBeInstanceOf(TransactionConflictError);
      expect(err.sql).toMatch(/^UPDATE/);
      await Promise.all([ta.rollback().catch(() => undefined), tb.rollback().catch(() => undefined)]);
    });

    servers('waiting too long for a row lock is a LockTimeoutError', async () => {
      const [a, b] = [await connect(), await connect()];
      const ta = await a.begin();
      await a.execute(bump(1));
      const tb = await b.begin();
      await b.execute(
        text(pg() ? "SET LOCAL lock_timeout = '100ms'" : 'SET SESSION innodb_lock_wait_timeout = 1'),
      );
      const err = await b.execute(bump(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect((err as LockTimeoutError).sql).toMatch(/^UPDATE/);
      await tb.rollback().catch(() => undefined);
      await ta.rollback();
    });

    (d.target === 'sqlite' ? it : it.skip)(
      'SQLite: a write blocked past busy_timeout is a DatabaseBusyError (a LockTimeoutError)',
      async () => {
        const engine = createEngine(`${d.url}?busy_timeout=50`, { pool: { max: 2 } });
        try {
          const [a, b] = [await engine.connect(), await engine.connect()];
          await a.execute(text('BEGIN IMMEDIATE'));
          await a.execute(bump(1));
          const err = await b.execute(bump(2)).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(DatabaseBusyError);
          expect(err).toBeInstanceOf(LockTimeoutError);
          expect((err as LockTimeoutError).sql).toMatch(/^UPDATE/);
          await a.execute(text('ROLLBACK'));
          await Promise.all([a.close(), b.close()]);
        } finally {
          await engine.dispose();
        }
      },
    );

    servers('a statement past its time limit is a StatementTimeoutError', async () => {
      const c = await connect();
      if (pg()) {
        await c.execute(text("SET statement_timeout = '100ms'"));
        const err = await c.execute(text('SELECT pg_sleep(2)')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StatementTimeoutError);
        expect((err as StatementTimeoutError).sql).toBe('SELECT pg_sleep(2)');
        await c.execute(text('SET statement_timeout = 0'));
      } else {
        await c.execute(text('SET SESSION max_statement_time = 0.1'));
        const slow =
          'SELECT COUNT(*) FROM information_schema.collations a, information_schema.collations b, ' +
          'information_schema.collations c';
        const err = await c.execute(text(slow)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StatementTimeoutError);
        expect((err as StatementTimeoutError).sql).toBe(slow);
        await c.execute(text('SET SESSION max_statement_time = 0'));
      }
      // The connection stays usable.
      expect((await c.execute(select(rows.c.n).where(rows.c.id.eq(2)))).scalar()).toBeDefined();
    });

    (pg() ? it : it.skip)('PostgreSQL: a serialization failure is a SerializationError', async () => {
      const [a, b] = [await connect(), await connect()];
      const ta = await a.begin({ isolationLevel: 'SERIALIZABLE' });
      const tb = await b.begin({ isolationLevel: 'SERIALIZABLE' });
      await a.execute(select(rows.c.n).where(rows.c.id.eq(1)));
      await b.execute(select(rows.c.n).where(rows.c.id.eq(1)));
      await a.execute(bump(1));
      await ta.commit();
      const err = await b.execute(bump(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SerializationError);
      expect(err).toBeInstanceOf(TransactionConflictError);
      await tb.rollback();
    });
  },
  { sqliteFile: true },
);
