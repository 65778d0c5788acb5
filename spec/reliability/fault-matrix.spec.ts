import { Column, Table } from '../../lib/decorators';
import { AthanorError, CommitOutcomeUnknownError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { createEngine, type Engine } from '../../lib/drivers';
import { text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { startFaultProxy, type FaultAction, type FaultProxy } from '../support/fault-proxy';

/**
 * One unit of work — BEGIN, two loads, an INSERT page, an UPDATE, a DELETE, a SAVEPOINT with an
 * INSERT and its RELEASE, COMMIT — cut at each of its statements, before the statement reaches the
 * server and after. Each time: a typed error reaches the caller; a separate connection sees the
 * unit of work entirely or not at all (entirely only with CommitOutcomeUnknownError); after
 * rollback the same objects commit once traffic passes; no connection is left behind.
 */
const summary: string[] = [];

describeEachDialect(
  'a unit of work cut at every statement',
  (d) => {
    const registry = new Registry();
    @Table(d.uniqueName('rel_fault_accounts'), { registry })
    class Account {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(40) }) name!: string;
      @Column({ type: types.integer() }) balance!: number;
    }
    const tableName = (): string => registry.metadata.tables.values().next().value!.name as string;

    let proxy: FaultProxy;
    let engine: Engine;
    const sessionIds = new Set<string | number>();
    const direct = d.newEngine({ pool: { max: 1 } });
    const pg = d.target === 'postgresql';

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(direct);
      const target = new URL(d.url);
      proxy = await startFaultProxy(pg ? 'postgresql' : 'mysql', Number(target.port || (pg ? 5432 : 3306)));
      const url = d.url.replace(/@[^/:]+(:\d+)?\//, `@127.0.0.1:${proxy.port}/`);
      engine = createEngine(url, { pool: { max: 2, acquireTimeoutMillis: 10_000 } });
      engine.on('connect', (e) => {
        if (e.sessionId !== undefined) sessionIds.add(e.sessionId);
      });
    });
    afterAll(async () => {
      await engine?.dispose({ timeoutMillis: 2000 });
      await proxy?.close();
      await registry.metadata.dropAll(direct);
    });

    let round = 0;
    /** Two committed rows for the unit of work to load, change and delete. */
    async function seed(): Promise<number> {
      const base = ++round * 100;
      const t = tableName();
      await direct.execute(
        text(`INSERT INTO ${t} (id, name, balance) VALUES (:a, 'a', 10), (:b, 'b', 20)`, {
          a: base + 1,
          b: base + 2,
        }),
      );
      return base;
    }

    const fresh = (base: number): Account[] =>
      [3, 4, 5, 6].map((i) => Object.assign(new Account(), { id: base + i, name: `n${i}`, balance: i }));

    /** The unit of work; `added` are the new objects (the last one goes in through a savepoint). */
    async function unitOfWork(s: Session, base: number, added: Account[]): Promise<void> {
      const a = (await s.get(Account, base + 1))!;
      const b = (await s.get(Account, base + 2))!;
      a.balance = 15;
      s.delete(b);
      s.addAll(added.slice(0, 3));
      await s.flush();
      await s.beginNested(async () => {
        s.add(added[3]!);
      });
      await s.commit();
    }

    /** What a separate connection sees: 'before', 'after', or 'HALF' (anything else). */
    async function observed(base: number): Promise<'before' | 'after' | 'HALF'> {
      const rows = (
        await direct.execute(
          text(`SELECT id, balance FROM ${tableName()} WHERE id BETWEEN :lo AND :hi ORDER BY id`, {
            lo: base + 1,
            hi: base + 99,
          }),
        )
      ).all() as { id: number; balance: number }[];
      const got = rows.map((r) => `${Number(r.id) - base}:${Number(r.balance)}`).join(',');
      if (got === '1:10,2:20') return 'before';
      if (got === '1:15,3:3,4:4,5:5,6:6') return 'after';
      return 'HALF';
    }

    async function noLeaks(): Promise<void> {
      expect(engine.poolStatus.used).toBe(0);
      expect(proxy.openConnections).toBeLessThanOrEqual(2);
      await settled();
    }

    /** Waits until no backend of the engine is inside a transaction or running a statement. */
    async function settled(): Promise<void> {
      const ids = [...sessionIds].map(Number).join(', ') || '0';
      const sql = pg
        ? `SELECT count(*) AS n FROM pg_stat_activity WHERE pid IN (${ids}) AND state <> 'idle'`
        : `SELECT count(*) AS n FROM information_schema.innodb_trx WHERE trx_mysql_thread_id IN (${ids})`;
      // A cut backend may take a moment to notice its client is gone.
      for (let i = 0; ; i++) {
        const open = Number((await direct.execute(text(sql))).scalar());
        if (open === 0) break;
        if (i === 50) expect(open).toBe(0);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    it('is all or nothing at every cut point, and recovers', async () => {
      await engine.execute(text('SELECT 1')); // open a connection: only the unit of work is counted
      // Count the statements of one clean run.
      const base0 = await seed();
      proxy.arm({ at: Number.MAX_SAFE_INTEGER, action: 'cut-before' });
      const s0 = new Session(engine);
      await unitOfWork(s0, base0, fresh(base0));
      await s0.close();
      const statements = proxy.statements;
      expect(await observed(base0)).toBe('after');
      expect(statements).toBeGreaterThanOrEqual(9);

      const halfWritten: string[] = [];
      let cuts = 0;
      for (const action of ['cut-before', 'cut-after'] as FaultAction[]) {
        for (let k = 1; k <= statements; k++) {
          const base = await seed();
          const added = fresh(base);
          const s = new Session(engine);
          proxy.arm({ at: k, action });
          const error = await unitOfWork(s, base, added).then(
            () => undefined,
            (e: unknown) => e,
          );
          proxy.disarm();
          cuts++;
          expect({ k, action, fired: proxy.fired || error !== undefined }).toEqual({
            k,
            action,
            fired: true,
          });
          expect({ k, action, typed: error instanceof AthanorError }).toEqual({ k, action, typed: true });
          // A COMMIT cut after it was sent may still be running: wait for the server to finish it.
          await settled();
          const seen = await observed(base);
          if (seen === 'HALF' || (seen === 'after' && !(error instanceof CommitOutcomeUnknownError))) {
            halfWritten.push(`${action}@${k}: ${seen} after ${(error as Error).name}`);
          }
          // Recovery: roll back, then the same objects commit (unless COMMIT did happen).
          await s.rollback();
          if (seen === 'before') {
            const a = (await s.get(Account, base + 1))!;
            const b = await s.get(Account, base + 2);
            if (b === null)
              throw new Error(
                `${action}@${k}: get() after rollback lost a row (${(error as Error).name}: ${(error as Error).message.split('\n')[0]})`,
              );
            a.balance = 15;
            s.delete(b);
            s.addAll(added);
            await s.commit();
            expect(await observed(base)).toBe('after');
          }
          await s.close();
          await noLeaks();
        }
      }
      summary.push(
        `${d.target.padEnd(10)} | ${String(statements).padStart(10)} | ${String(cuts).padStart(4)} | ${halfWritten.length}`,
      );
      expect(halfWritten).toEqual([]);
    }, 120_000);
  },
  { only: ['postgresql', 'mysql'] },
);

afterAll(() => {
  if (summary.length === 0) return;
  // The fault matrix: units of work × cut points × rows found half-written (must be 0).
  console.log(
    [
      'database   | statements | cuts | half-written',
      '-----------+------------+------+-------------',
      ...summary,
    ].join('\n'),
  );
});
