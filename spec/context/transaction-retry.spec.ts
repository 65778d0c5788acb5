/**
 * Running a whole transaction again after it lost to a concurrent one: write skew under
 * PostgreSQL SERIALIZABLE, deadlocks from rows locked in opposite order (MariaDB, PostgreSQL),
 * SQLite BUSY while another connection holds the write lock. Each race is placed with promises, so
 * which transaction fails is known; each ends in the right rows, read back on another connection,
 * with the attempts counted. A connection cut while COMMIT is in flight is never run again.
 */
import { Column, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { sessionFactory, type RetryEvent, type Session } from '../../lib/session';
import { SessionContext } from '../../lib/context';
import { createEngine, type Engine, type Transaction } from '../../lib/drivers';
import { select, text, types } from '../../lib/sql';
import { attrs } from '../../lib';
import {
  ArgumentError,
  CommitOutcomeUnknownError,
  DeadlockError,
  LockTimeoutError,
  SerializationError,
} from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';
import { startFaultProxy } from '../support/fault-proxy';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describeEachDialect(
  'transactions run again after a conflict',
  (d) => {
    const registry = new Registry();

    @Table(d.uniqueName('rt_accounts'), { registry })
    class Account {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer() }) balance!: number;
    }

    @Table(d.uniqueName('rt_doctors'), { registry })
    class Doctor {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.boolean() }) onCall!: boolean;
    }

    const pg = d.target === 'postgresql';
    const mysql = d.target === 'mysql';
    const sqlite = d.target === 'sqlite';
    const itWhere = (applies: boolean, title: string, fn: () => Promise<void>): void => {
      if (applies) it(title, fn);
    };
    const table = (cls: typeof Account | typeof Doctor): string =>
      registry.mapperFor(cls as new () => object).table.name;
    /** A connection of its own, to read what was committed. */
    const reader = d.newEngine({ pool: { max: 1 } });

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
    });
    afterAll(() => registry.metadata.dropAll(d.engine));
    beforeEach(async () => {
      await d.engine.execute(text(`DELETE FROM ${table(Account)}`));
      await d.engine.execute(text(`DELETE FROM ${table(Doctor)}`));
      await d.engine.execute(text(`INSERT INTO ${table(Account)} (id, balance) VALUES (1, 100), (2, 100)`));
      await d.engine.execute(
        text(`INSERT INTO ${table(Doctor)} (id, ${q('onCall')}) VALUES (1, :t), (2, :t)`, { t: true }),
      );
    });

    function q(name: string): string {
      return mysql ? `\`${name}\`` : `"${name}"`;
    }

    async function balances(): Promise<number[]> {
      const rows = (await reader.execute(text(`SELECT balance FROM ${table(Account)} ORDER BY id`))).all();
      return rows.map((r) => Number((r as { balance: unknown }).balance));
    }

    async function onCall(): Promise<boolean[]> {
      const rows = (
        await reader.execute(text(`SELECT ${q('onCall')} AS on_call FROM ${table(Doctor)} ORDER BY id`))
      ).all();
      return rows.map((r) => Boolean(Number((r as { on_call: unknown }).on_call)));
    }

    const lockOne = async (s: Session, id: number): Promise<Account> => {
      const [row] = await s.scalars(select(Account).where(attrs(Account).id.eq(id)).forUpdate(), {
        populateExisting: true,
      });
      return row!;
    };

    itWhere(
      pg,
      'write skew under SERIALIZABLE: the transaction that commits second fails with SerializationError, runs again, and sees the first one (sessionFactory.begin)',
      async () => {
        const factory = sessionFactory(d.newEngine({ isolationLevel: 'SERIALIZABLE' }));
        const readA = deferred();
        const readB = deferred();
        const attempts: Record<'a' | 'b', number[]> = { a: [], b: [] };
        const retries: RetryEvent[] = [];
        /** Takes a doctor off call when another one stays on call. */
        const goOffCall = (
          who: 'a' | 'b',
          id: number,
          mine: Deferred<void>,
          theirs: Deferred<void>,
          before: () => Promise<unknown>,
        ): Promise<boolean> =>
          factory.begin(
            async (s, { attempt }) => {
              attempts[who].push(attempt);
              const doctors = await s.scalars(select(Doctor).where(attrs(Doctor).onCall.eq(true)));
              if (attempt === 1) {
                mine.resolve();
                await theirs.promise;
                await before();
              }
              if (doctors.length < 2) return false;
              doctors.find((doc) => doc.id === id)!.onCall = false;
              await s.flush();
              return true;
            },
            { retry: { onRetry: (e) => retries.push(e) } },
          );
        const a = goOffCall('a', 1, readA, readB, async () => undefined);
        // b writes only after a committed: b is the one that cannot be serialized.
        const b = goOffCall('b', 2, readB, readA, () => a);
        expect(await Promise.all([a, b])).toEqual([true, false]);
        expect(attempts).toEqual({ a: [1], b: [1, 2] });
        expect(retries).toHaveLength(1);
        expect(retries[0]!.attempt).toBe(1);
        expect(retries[0]!.error).toBeInstanceOf(SerializationError);
        expect(await onCall()).toEqual([false, true]);
      },
    );

    itWhere(
      pg,
      'write skew under SERIALIZABLE through context.transactional({ retry }): afterCommit hooks run once, for the attempt that committed',
      async () => {
        const context = new SessionContext(d.newEngine());
        const readA = deferred();
        const readB = deferred();
        const attempts: number[] = [];
        const hooks: string[] = [];
        const options = { isolationLevel: 'SERIALIZABLE', retry: { attempts: 3 } } as const;
        const goOffCall = (
          id: number,
          mine: Deferred<void>,
          theirs: Deferred<void>,
          before: () => Promise<unknown>,
          log?: number[],
        ): Promise<boolean> =>
          context.transactional(async ({ attempt }) => {
            log?.push(attempt);
            const s = context.session;
            context.afterCommit(() => void hooks.push(`${id} committed on attempt ${attempt}`));
            context.afterRollback(() => void hooks.push(`${id} rolled back on attempt ${attempt}`));
            const doctors = await s.scalars(select(Doctor).where(attrs(Doctor).onCall.eq(true)));
            if (attempt === 1) {
              mine.resolve();
              await theirs.promise;
              await before();
            }
            if (doctors.length < 2) return false;
            doctors.find((doc) => doc.id === id)!.onCall = false;
            return true;
          }, options);
        const a = goOffCall(1, readA, readB, async () => undefined);
        const b = goOffCall(2, readB, readA, () => a, attempts);
        expect(await Promise.all([a, b])).toEqual([true, false]);
        expect(attempts).toEqual([1, 2]);
        expect(hooks).toEqual([
          '1 committed on attempt 1',
          '2 rolled back on attempt 1',
          '2 committed on attempt 2',
        ]);
        expect(await onCall()).toEqual([false, true]);
        await context.shutdown();
      },
    );

    itWhere(
      pg || mysql,
      'a deadlock (rows locked in opposite order) fails one transaction with DeadlockError; it runs again and both transfers are in the balances',
      async () => {
        const factory = sessionFactory(d.newEngine());
        const lockedA = deferred();
        const lockedB = deferred();
        const attempts: number[] = [];
        const retries: RetryEvent[] = [];
        const transfer = (
          from: number,
          to: number,
          amount: number,
          mine: Deferred<void>,
          theirs: Deferred<void>,
        ): Promise<void> =>
          factory.begin(
            async (s, { attempt }) => {
              attempts.push(attempt);
              const source = await lockOne(s, from);
              if (attempt === 1) {
                mine.resolve();
                await theirs.promise;
              }
              const target = await lockOne(s, to);
              source.balance -= amount;
              target.balance += amount;
            },
            { retry: { baseDelayMs: 20, onRetry: (e) => retries.push(e) } },
          );
        await Promise.all([transfer(1, 2, 10, lockedA, lockedB), transfer(2, 1, 5, lockedB, lockedA)]);
        expect(attempts.sort()).toEqual([1, 1, 2]);
        expect(retries).toHaveLength(1);
        expect(retries[0]!.error).toBeInstanceOf(DeadlockError);
        expect(await balances()).toEqual([95, 105]);
      },
    );

    /** Another connection holding SQLite's write lock until `release()`. */
    async function holdWriteLock(id = 3): Promise<{ release(): Promise<void> }> {
      const holder = d.newEngine();
      const conn = await holder.connect();
      const tx: Transaction = await conn.begin();
      await conn.execute(text(`INSERT INTO ${table(Account)} (id, balance) VALUES (:id, 0)`, { id }));
      return {
        release: async () => {
          await tx.commit();
          await conn.close();
        },
      };
    }

    itWhere(
      sqlite,
      'SQLITE_BUSY while another connection holds the write lock: the transaction runs again once it is released',
      async () => {
        const factory = sessionFactory(d.newEngine({ connectArgs: { busyTimeout: 20 } }));
        const lock = await holdWriteLock();
        let released: Promise<void> | undefined;
        const attempts: number[] = [];
        const retries: RetryEvent[] = [];
        await factory.begin(
          async (s, { attempt }) => {
            attempts.push(attempt);
            if (attempt > 1) await released;
            const account = (await s.get(Account, 1))!;
            account.balance += 1;
            await s.flush();
          },
          {
            retry: {
              onRetry: (e) => {
                retries.push(e);
                released ??= lock.release();
              },
            },
          },
        );
        expect(attempts).toEqual([1, 2]);
        expect(retries[0]!.error).toBeInstanceOf(LockTimeoutError);
        expect(await balances()).toEqual([101, 100, 0]);
      },
    );

    itWhere(
      sqlite,
      'without retry, SQLITE_BUSY reaches the caller after one attempt and nothing is written',
      async () => {
        const factory = sessionFactory(d.newEngine({ connectArgs: { busyTimeout: 20 } }));
        const lock = await holdWriteLock();
        let runs = 0;
        const failed = await factory
          .begin(async (s) => {
            runs++;
            (await s.get(Account, 1))!.balance += 1;
            await s.flush();
          })
          .catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(LockTimeoutError);
        expect(runs).toBe(1);
        await lock.release();
        expect(await balances()).toEqual([100, 100, 0]);
      },
    );

    itWhere(sqlite, 'spent attempts: the last error is raised as it was, after `attempts` runs', async () => {
      const factory = sessionFactory(d.newEngine({ connectArgs: { busyTimeout: 5 } }));
      const lock = await holdWriteLock();
      const attempts: number[] = [];
      const failed = await factory
        .begin(
          async (s, { attempt }) => {
            attempts.push(attempt);
            (await s.get(Account, 1))!.balance += 1;
            await s.flush();
          },
          { retry: { attempts: 3, baseDelayMs: 1 } },
        )
        .catch((e: unknown) => e);
      await lock.release();
      expect(failed).toBeInstanceOf(LockTimeoutError);
      expect(attempts).toEqual([1, 2, 3]);
      expect(await balances()).toEqual([100, 100, 0]);
    });

    itWhere(
      sqlite,
      'nested calls: only the call that began the transaction retries; a joined call and a SAVEPOINT let the conflict reach it',
      async () => {
        const context = new SessionContext(d.newEngine({ connectArgs: { busyTimeout: 20 } }));
        const lock = await holdWriteLock();
        let released: Promise<void> | undefined;
        const outer: number[] = [];
        const inner: number[] = [];
        const innerRetries: RetryEvent[] = [];
        const write = async (): Promise<void> => {
          const account = (await context.session.get(Account, 1))!;
          account.balance += 1;
          await context.session.flush();
        };
        await context.transactional(
          async ({ attempt }) => {
            outer.push(attempt);
            if (attempt > 1) await released;
            await context.transactional(
              async (joined) => {
                inner.push(joined.attempt);
                await context.transactional(write, { propagation: 'nested', retry: true });
              },
              { retry: { onRetry: (e) => innerRetries.push(e) } },
            );
          },
          { retry: { onRetry: () => void (released ??= lock.release()) } },
        );
        expect(outer).toEqual([1, 2]);
        expect(inner).toEqual([1, 2]);
        expect(innerRetries).toEqual([]);
        expect(await balances()).toEqual([101, 100, 0]);

        // An outermost call without retry: the joined call's retry does not apply.
        const second = await holdWriteLock(4);
        let runs = 0;
        const failed = await context
          .transactional(() =>
            context.transactional(
              async () => {
                runs++;
                await write();
              },
              { retry: { onRetry: (e) => innerRetries.push(e) } },
            ),
          )
          .catch((e: unknown) => e);
        await second.release();
        expect(failed).toBeInstanceOf(LockTimeoutError);
        expect(runs).toBe(1);
        expect(innerRetries).toEqual([]);
        expect(await balances()).toEqual([101, 100, 0, 0]);
        await context.shutdown();
      },
    );
  },
  { sqliteFile: true },
);

describeEachDialect(
  'a connection cut while COMMIT is in flight',
  (d) => {
    const registry = new Registry();
    @Table(d.uniqueName('rt_cut'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) body!: string;
    }
    const pg = d.target === 'postgresql';
    let proxied: Engine;
    let close: () => Promise<void>;
    let arm: () => void;

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
      const target = new URL(d.url);
      const proxy = await startFaultProxy(
        pg ? 'postgresql' : 'mysql',
        Number(target.port || (pg ? 5432 : 3306)),
      );
      proxied = createEngine(d.url.replace(/@[^/:]+(:\d+)?\//, `@127.0.0.1:${proxy.port}/`));
      arm = () => proxy.arm({ at: 1, action: 'cut-after' });
      close = async () => {
        await proxied.dispose({ timeoutMillis: 2000 });
        await proxy.close();
      };
    });
    afterAll(async () => {
      await close();
      await registry.metadata.dropAll(d.engine);
    });

    it('raises CommitOutcomeUnknownError and does not run the transaction again, though retry is on', async () => {
      const factory = sessionFactory(proxied);
      const retries: RetryEvent[] = [];
      let runs = 0;
      const failed = await factory
        .begin(
          async (s) => {
            runs++;
            s.add(Object.assign(new Note(), { id: runs, body: 'once' }));
            await s.flush();
            arm(); // the next statement, COMMIT, reaches the server; its answer never comes back
          },
          { retry: { retryOn: () => true, onRetry: (e) => retries.push(e) } },
        )
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(CommitOutcomeUnknownError);
      expect(runs).toBe(1);
      expect(retries).toEqual([]);
      // The server received the COMMIT (it may finish it a moment after the client saw the cut):
      // running the callback again would have written the note twice.
      const ids = async (): Promise<number[]> =>
        (await d.engine.execute(text(`SELECT id FROM ${registry.mapperFor(Note).table.name}`)))
          .all()
          .map((r) => Number((r as { id: unknown }).id));
      for (let i = 0; i < 40 && (await ids()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await ids()).toEqual([1]);
    });
  },
  { only: ['postgresql', 'mysql'] },
);

describe('retry options', () => {
  const factory = sessionFactory(createEngine('sqlite://'));
  afterAll(() => factory.engine.dispose());

  it.each([
    [{ attempts: 0 }, /retry.attempts must be an integer of at least 1, not 0/],
    [{ attempts: 2.5 }, /retry.attempts/],
    [{ baseDelayMs: -1 }, /retry.baseDelayMs must be a number of milliseconds/],
    [{ maxDelayMs: Number.NaN }, /retry.maxDelayMs/],
    [{ jitter: 'some' as 'full' }, /retry.jitter must be 'full' or 'none'/],
  ])('%j is refused with ArgumentError naming the option', async (retry, message) => {
    let runs = 0;
    const failed = await factory
      .begin(
        async () => {
          runs++;
        },
        { retry },
      )
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ArgumentError);
    expect((failed as Error).message).toMatch(/^sessionFactory\.begin\(\): /);
    expect((failed as Error).message).toMatch(message);
    expect(runs).toBe(0);
  });

  it('waits a growing backoff, capped by maxDelayMs (jitter none), and retries only the errors named', async () => {
    const retries: RetryEvent[] = [];
    const thrown: Error[] = [];
    const failed = await factory
      .begin(
        async (_s, { attempt, attempts }) => {
          expect(attempts).toBe(5);
          const e =
            attempt < 5
              ? new DeadlockError('lost', undefined)
              : new SerializationError('not named', undefined);
          thrown.push(e);
          throw e;
        },
        {
          retry: {
            attempts: 5,
            baseDelayMs: 1,
            maxDelayMs: 4,
            jitter: 'none',
            retryOn: [DeadlockError],
            onRetry: (e) => retries.push(e),
          },
        },
      )
      .catch((e: unknown) => e);
    expect(retries.map((r) => [r.attempt, r.delayMs])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 4],
    ]);
    expect(failed).toBe(thrown[4]);
  });
});
