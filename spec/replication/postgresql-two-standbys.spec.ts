import { randomBytes } from 'node:crypto';
import { Column, Table } from '../../lib/decorators';
import { createEngine, createReplicaSet, type Engine, type ReplicaSet } from '../../lib/drivers';
import { attrs, Registry } from '../../lib/mapper';
import { replicaRouting, scopedPositions, sessionFactory } from '../../lib/session';
import { select, text, types } from '../../lib/sql';
import { startPostgresqlStandby, type ReplicaTopology } from '../support/replica-topology';

/**
 * Two hot standbys of the local PostgreSQL server in one replica set: reads rotate over both, a
 * standby lagging beyond the limit leaves the rotation and comes back, and a read that must see a
 * commit goes to the standby that has replayed it, not to the one that has not (nor the primary).
 */
const listed = (process.env.ATHANOR_TEST_DIALECTS ?? 'postgresql').split(',').includes('postgresql');
(listed ? describe : describe.skip)('read replicas over two PostgreSQL hot standbys', () => {
  const registry = new Registry();
  const table = `rr2_users_${randomBytes(3).toString('hex')}`;

  @Table(table, { registry })
  class User {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.integer() }) counter!: number;
  }

  type Where = 'primary' | 'one' | 'two';
  const topologies: ReplicaTopology[] = [];
  let primary: Engine;
  let one: Engine;
  let two: Engine;
  const sets: ReplicaSet[] = [];
  /** Statements on the test table, by engine, in order (position and health queries do not name it). */
  const log: Where[] = [];

  /** Where the reads of the test table ran while `fn` ran. */
  async function where(fn: () => Promise<void>): Promise<Where[]> {
    const from = log.length;
    await fn();
    return log.slice(from);
  }

  /** Waits until `engine` has replayed the primary's position `position`. */
  async function replayed(set: ReplicaSet, engine: Engine, position: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const p = (await engine.execute(text('SELECT pg_last_wal_replay_lsn()::text AS p'))).scalar();
      if (typeof p === 'string' && set.covers(p, position)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the standby did not replay the position within 15 s');
  }

  /** Waits until the health check sees standby `index` as `healthy`. */
  async function until(set: ReplicaSet, index: number, healthy: boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (set.status[index]!.healthy !== healthy && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(set.status[index]!.healthy).toBe(healthy);
  }

  beforeAll(async () => {
    const url = process.env.ATHANOR_POSTGRESQL_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
    primary = createEngine(url, { pool: { max: 4 } });
    registry.configure();
    await registry.metadata.createAll(primary);
    await primary.execute(text(`INSERT INTO ${table} (id, counter) VALUES (1, 0)`));
    // One after the other: both may add the replication rule to the server's pg_hba.conf.
    topologies.push(await startPostgresqlStandby(url));
    topologies.push(await startPostgresqlStandby(url));
    one = createEngine(topologies[0]!.replicaUrl, { pool: { max: 4 } });
    two = createEngine(topologies[1]!.replicaUrl, { pool: { max: 4 } });
    const record = (engine: Engine, name: Where): void =>
      void engine.on('beforeExecute', (e) => {
        if (e.sql.includes(table)) log.push(name);
      });
    record(primary, 'primary');
    record(one, 'one');
    record(two, 'two');
  }, 180_000);

  afterAll(async () => {
    for (const s of sets) s.close();
    await one?.dispose();
    await two?.dispose();
    await Promise.all(topologies.map((t) => t.stop()));
    await registry.metadata.dropAll(primary).catch(() => undefined);
    await primary?.dispose();
  }, 60_000);

  function replicaSet(maxLagMillis: number): ReplicaSet {
    const set = createReplicaSet(primary, [one, two], { checkIntervalMillis: 100, maxLagMillis });
    sets.push(set);
    return set;
  }

  it('rotates reads over both standbys', async () => {
    const set = replicaSet(60_000);
    const position = await set.primaryPosition();
    await replayed(set, one, position);
    await replayed(set, two, position);
    const factory = sessionFactory(primary, {
      router: replicaRouting(set, { positions: scopedPositions() }),
    });
    const ran = await where(async () => {
      for (let i = 0; i < 6; i++) {
        const s = factory();
        await s.execute(select(User).where(attrs(User).id.eq(1)));
        await s.close();
      }
    });
    expect(ran).toHaveLength(6);
    // In turn: each standby answers every other read.
    const first = ran[0] === 'one' ? 'one' : 'two';
    const second = first === 'one' ? 'two' : 'one';
    expect(ran).toEqual([first, second, first, second, first, second]);
  });

  it('takes the lagging standby out of the rotation, the other keeps serving, and puts it back once it caught up', async () => {
    const set = replicaSet(1000);
    const positions = scopedPositions();
    const factory = sessionFactory(primary, { router: replicaRouting(set, { positions }) });
    await topologies[1]!.setDelay(4000);
    try {
      await factory.begin(async (s) => {
        (await s.getOrThrow(User, 1)).counter += 1;
      });
      await until(set, 1, false);
      expect(set.status[1]!.reason).toMatch(/lagging/);
      expect(set.status[0]!.healthy).toBe(true);
      // Fresh reads (no position of their own): all on the standby that keeps up.
      const ran = await where(async () => {
        for (let i = 0; i < 4; i++) {
          await positions.run(undefined, async () => {
            const s = factory();
            await s.execute(select(User).where(attrs(User).id.eq(1)));
            await s.close();
          });
        }
      });
      expect(ran).toEqual(['one', 'one', 'one', 'one']);
    } finally {
      await topologies[1]!.setDelay(0);
    }
    await until(set, 1, true);
    const back = await where(async () => {
      for (let i = 0; i < 4; i++) {
        await positions.run(undefined, async () => {
          const s = factory();
          await s.execute(select(User).where(attrs(User).id.eq(1)));
          await s.close();
        });
      }
    });
    expect([...back].sort()).toEqual(['one', 'one', 'two', 'two']);
  }, 60_000);

  it('reads its own write on the standby that has replayed it, never on the one 3 s behind nor on the primary', async () => {
    // A lag limit the delayed standby stays within: it is in the rotation, only behind.
    const set = replicaSet(60_000);
    const positions = scopedPositions();
    const factory = sessionFactory(primary, { router: replicaRouting(set, { positions }) });
    await topologies[1]!.setDelay(3000);
    try {
      await positions.run(undefined, async () => {
        let value = 0;
        await factory.begin(async (s) => {
          const u = await s.getOrThrow(User, 1);
          u.counter += 100;
          value = u.counter;
        });
        const written = positions.get()!;
        expect(written).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        await replayed(set, one, written);
        const seen: number[] = [];
        const ran = await where(async () => {
          for (let i = 0; i < 4; i++) {
            const s = factory();
            seen.push((await s.getOrThrow(User, 1)).counter);
            await s.close();
          }
        });
        expect(seen).toEqual([value, value, value, value]);
        expect(ran).toEqual(['one', 'one', 'one', 'one']);
        expect(set.status[1]!.healthy).toBe(true);
        // The delayed standby has not replayed it: the read that must see it could not go there.
        const onTwo = (await two.execute(text(`SELECT counter FROM ${table} WHERE id = 1`))).scalar();
        expect(onTwo).not.toBe(value);
      });
    } finally {
      await topologies[1]!.setDelay(0);
    }
  }, 60_000);
});
