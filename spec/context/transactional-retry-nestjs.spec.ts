/**
 * `@Transactional({ retry })` in a Nest service: the decorated method runs again, as a whole and
 * in a fresh session, after a deadlock (rows locked in opposite order, PostgreSQL and MariaDB) or
 * a serialization failure (write skew under PostgreSQL SERIALIZABLE). Each race is placed with
 * promises; the rows are read back on another connection and the runs of the method counted.
 */
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Column, Table } from '../../lib/decorators';
import { AthanorModule, sessionContext, Transactional } from '../../lib/entries/nestjs';
import { DeadlockError, SerializationError } from '../../lib/errors';
import { attrs, Registry } from '../../lib/mapper';
import type { RetryEvent } from '../../lib/session';
import { select, text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describeEachDialect(
  '@Transactional({ retry }) in a Nest service',
  (d) => {
    const registry = new Registry();
    const engineName = 'retrying';
    const tableName = d.uniqueName('nr_accounts');
    const onCallColumn = d.target === 'mysql' ? '`onCall`' : '"onCall"';

    @Table(tableName, { registry })
    class Account {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer() }) balance!: number;
      @Column({ type: types.boolean() }) onCall!: boolean;
    }

    const retries: RetryEvent[] = [];
    /** Which method ran, once per run. */
    const runs: string[] = [];

    @Injectable()
    class Accounts {
      private get session() {
        return sessionContext(engineName).session;
      }

      private async lock(id: number): Promise<Account> {
        const [row] = await this.session.scalars(
          select(Account).where(attrs(Account).id.eq(id)).forUpdate(),
          {
            populateExisting: true,
          },
        );
        return row!;
      }

      /** Locks `from`, waits until the other transfer locked its first row, then locks `to`. */
      @Transactional({ engine: engineName, retry: { baseDelayMs: 20, onRetry: (e) => void retries.push(e) } })
      async transfer(
        from: number,
        to: number,
        amount: number,
        mine: Deferred,
        theirs: Deferred,
      ): Promise<void> {
        runs.push(`transfer ${from}→${to}`);
        const source = await this.lock(from);
        mine.resolve();
        await theirs.promise;
        const target = await this.lock(to);
        source.balance -= amount;
        target.balance += amount;
      }

      /** Takes `id` off call when another account stays on call (the classic write skew). */
      @Transactional({
        engine: engineName,
        isolationLevel: 'SERIALIZABLE',
        retry: { attempts: 3, onRetry: (e) => void retries.push(e) },
      })
      async goOffCall(
        id: number,
        mine: Deferred,
        theirs: Deferred,
        before: () => Promise<unknown>,
      ): Promise<boolean> {
        runs.push(`goOffCall ${id}`);
        const onCall = await this.session.scalars(select(Account).where(attrs(Account).onCall.eq(true)));
        mine.resolve();
        await theirs.promise;
        await before();
        if (onCall.length < 2) return false;
        onCall.find((a) => a.id === id)!.onCall = false;
        return true;
      }
    }

    let moduleRef: TestingModule;
    let accounts: Accounts;
    const reader = d.newEngine({ pool: { max: 1 } });

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
      @Module({
        imports: [AthanorModule.forRoot({ name: engineName, engine: d.engine, scopeHandlers: false })],
        providers: [Accounts],
      })
      class AppModule {}
      moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      await moduleRef.init();
      accounts = moduleRef.get(Accounts);
    });
    afterAll(async () => {
      await moduleRef?.close();
      await registry.metadata.dropAll(d.engine);
    });
    beforeEach(async () => {
      retries.length = 0;
      runs.length = 0;
      await d.engine.execute(text(`DELETE FROM ${tableName}`));
      for (const id of [1, 2]) {
        await d.engine.execute(
          text(`INSERT INTO ${tableName} (id, balance, ${onCallColumn}) VALUES (:id, 100, :t)`, {
            id,
            t: true,
          }),
        );
      }
    });

    async function rows(): Promise<{ balance: number; onCall: boolean }[]> {
      const found = (
        await reader.execute(text(`SELECT balance, ${onCallColumn} AS on_call FROM ${tableName} ORDER BY id`))
      ).all() as { balance: unknown; on_call: unknown }[];
      return found.map((r) => ({ balance: Number(r.balance), onCall: Boolean(Number(r.on_call)) }));
    }

    if (d.target === 'postgresql' || d.target === 'mysql') {
      it('a deadlock fails one transfer with DeadlockError; the method runs again and both transfers are in the balances', async () => {
        const a = deferred();
        const b = deferred();
        await Promise.all([accounts.transfer(1, 2, 10, a, b), accounts.transfer(2, 1, 5, b, a)]);
        // The database picks the deadlock's victim: one of the two ran twice.
        expect(runs).toHaveLength(3);
        expect(new Set(runs)).toEqual(new Set(['transfer 1→2', 'transfer 2→1']));
        expect(retries).toHaveLength(1);
        expect(retries[0]!.attempt).toBe(1);
        expect(retries[0]!.error).toBeInstanceOf(DeadlockError);
        expect((await rows()).map((r) => r.balance)).toEqual([95, 105]);
      });
    }

    if (d.target === 'postgresql') {
      it('write skew under SERIALIZABLE: the method that commits second runs again and sees the first', async () => {
        const a = deferred();
        const b = deferred();
        const first = accounts.goOffCall(1, a, b, async () => undefined);
        // The second writes only after the first committed: it is the one that cannot be serialized.
        const second = accounts.goOffCall(2, b, a, () => first);
        expect(await Promise.all([first, second])).toEqual([true, false]);
        // Which call reaches the method body first depends on which connection is ready first;
        // what matters is that the second call ran twice and the first once.
        expect([...runs].sort()).toEqual(['goOffCall 1', 'goOffCall 2', 'goOffCall 2']);
        expect(retries).toHaveLength(1);
        expect(retries[0]!.error).toBeInstanceOf(SerializationError);
        expect((await rows()).map((r) => r.onCall)).toEqual([false, true]);
      });
    }
  },
  { only: ['postgresql', 'mysql'] },
);
