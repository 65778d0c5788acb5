import { Column, Table } from '../../lib/decorators';
import { StaleDataError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/**
 * Concurrent units of work on a small pool end exact: a counter with a version column (each unit
 * retrying on StaleDataError) and one read `FOR UPDATE` both count every increment, and the pool
 * never holds more connections than its maximum. `ATHANOR_LOAD_UNITS` sets the number of units.
 */
const UNITS = Number(process.env['ATHANOR_LOAD_UNITS'] ?? 1000);

describeEachDialect(
  'load: concurrent units of work end exact',
  (d) => {
    const registry = new Registry();
    const versionedName = d.uniqueName('rel_load_versioned');
    const lockedName = d.uniqueName('rel_load_locked');
    @Table(versionedName, { registry })
    class Versioned {
      @Column({ primaryKey: true }) id!: number;
      @Column() n!: number;
      @Column({ version: true }) version!: number;
    }
    @Table(lockedName, { registry })
    class Locked {
      @Column({ primaryKey: true }) id!: number;
      @Column() n!: number;
    }
    const engine = () => d.newEngine({ pool: { max: 10, acquireTimeoutMillis: 120_000 } });
    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
      const s = new Session(d.engine);
      s.add(Object.assign(new Versioned(), { id: 1, n: 0 }));
      s.add(Object.assign(new Locked(), { id: 1, n: 0 }));
      await s.commit();
      await s.close();
    });
    afterAll(() => registry.metadata.dropAll(d.engine));

    const readBack = async (name: string): Promise<number> =>
      Number((await d.newEngine().execute(text(`SELECT n FROM ${name} WHERE id = 1`))).scalar());

    it(`${UNITS} units on a pool of 10 incrementing a versioned counter, retrying on StaleDataError`, async () => {
      const e = engine();
      let retries = 0;
      await Promise.all(
        Array.from({ length: UNITS }, async () => {
          for (let attempt = 0; ; attempt++) {
            const s = new Session(e);
            try {
              const c = (await s.get(Versioned, 1))!;
              c.n += 1;
              await s.commit();
              return;
            } catch (err) {
              if (!(err instanceof StaleDataError)) throw err;
              retries++;
              await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
            } finally {
              await s.close();
            }
          }
        }),
      );
      expect(await readBack(versionedName)).toBe(UNITS);
      expect(retries).toBeGreaterThan(0);
      expect(e.poolStatus.used).toBe(0);
    }, 300_000);

    it(`${UNITS} units on a pool of 10 incrementing a counter read FOR UPDATE`, async () => {
      const e = engine();
      await Promise.all(
        Array.from({ length: UNITS }, async () => {
          const s = new Session(e);
          try {
            const c = (await s.get(Locked, 1, { withForUpdate: true }))!;
            c.n += 1;
            await s.commit();
          } finally {
            await s.close();
          }
        }),
      );
      expect(await readBack(lockedName)).toBe(UNITS);
      expect(e.poolStatus.used).toBe(0);
    }, 300_000);

    it('50 concurrent transactions on a pool of 5 never hold more than 5 connections', async () => {
      const e = d.newEngine({ pool: { max: 5, acquireTimeoutMillis: 60_000 } });
      let held = 0;
      let most = 0;
      e.on('checkout', () => {
        held++;
        most = Math.max(most, held);
      });
      e.on('checkin', () => held--);
      await Promise.all(
        Array.from({ length: 50 }, () =>
          e.transaction(async (conn) => {
            await conn.execute(text(`SELECT n FROM ${lockedName} WHERE id = 1`));
            await new Promise((r) => setTimeout(r, 5));
          }),
        ),
      );
      expect(most).toBe(5);
      expect(e.poolStatus.used).toBe(0);
    });
  },
  { only: ['postgresql', 'mysql'] },
);
