import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Column, Relationship, Table } from '../../lib/decorators';
import { createEngine, createReplicaSet, type Engine, type ReplicaSet } from '../../lib/drivers';
import { InvalidRequestError } from '../../lib/errors';
import { attrs, Registry } from '../../lib/mapper';
import {
  entityBinds,
  replicaRouting,
  routeAs,
  scopedPositions,
  Session,
  ShardedSession,
  sessionFactory,
  type SessionRouter,
} from '../../lib/session';
import { select, text, types } from '../../lib/sql';
import type { ReplicaTopology } from '../support/replica-topology';
import { nestReplicaApp } from './nest-replica-app';
import express from 'express';
import request from 'supertest';
import { readYourWrites, SessionContext, sessionMiddleware } from '../../lib/entries/express';

/** Which engine ran a statement, in order. */
type Where = 'primary' | 'replica' | 'audit';

/**
 * The replica scenarios, shared by the PostgreSQL standby and the MariaDB pair: where every
 * statement runs, read-your-writes under a 2-second apply delay, lag and failure handling.
 * `start` brings the topology up (in beforeAll); the specs stop it in afterAll.
 */
export function replicaScenarios(start: () => Promise<ReplicaTopology>): void {
  const registry = new Registry();
  const suffix = randomBytes(3).toString('hex');

  @Table(`rr_users_${suffix}`, { registry })
  class User {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(40) }) name!: string;
    @Column({ type: types.integer() }) counter!: number;
    @Relationship(() => Post, { backPopulates: 'author', orderBy: 'id' }) posts!: Post[];
  }

  @Table(`rr_posts_${suffix}`, { registry })
  class Post {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(40) }) title!: string;
    @Column({ foreignKey: () => User }) authorId!: number;
    @Relationship(() => User, { backPopulates: 'posts' }) author!: User | null;
  }

  /** An entity bound to another database (mapper-level binds). */
  @Table(`rr_audit_${suffix}`, { registry })
  class AuditEntry {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(40) }) action!: string;
  }

  let topo: ReplicaTopology;
  let primary: Engine;
  let replica: Engine;
  /** Every statement of the two engines, with where it ran and on which connection. */
  const log: { where: Where; sql: string; connectionId: number }[] = [];
  const sets: ReplicaSet[] = [];
  const usersTable = `rr_users_${suffix}`;

  function replicaSet(options: Parameters<typeof createReplicaSet>[2] = {}): ReplicaSet {
    const set = createReplicaSet(primary, [replica], { checkIntervalMillis: 100, ...options });
    sets.push(set);
    return set;
  }

  /** Runs `fn` and returns the statements it ran, minus position and health queries. */
  async function recorded(
    fn: () => Promise<void>,
  ): Promise<{ where: Where; sql: string; connectionId: number }[]> {
    const from = log.length;
    await fn();
    return log
      .slice(from)
      .filter(
        (e) =>
          !/gtid|wal_lsn|replay/i.test(e.sql) &&
          !/^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)\b/i.test(e.sql),
      );
  }

  /** Waits until the replica has replayed everything the primary has now. */
  async function caughtUp(set: ReplicaSet): Promise<void> {
    const position = await set.primaryPosition();
    const conn = await replica.connect();
    try {
      for (let i = 0; i < 300; i++) {
        const r = (
          await conn.execute(
            text(
              /^postgres/.test(primary.url.dialect)
                ? 'SELECT pg_last_wal_replay_lsn()::text AS p'
                : 'SELECT @@gtid_slave_pos AS p',
            ),
          )
        ).all()[0] as { p: string };
        if (set.covers(r.p, position)) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the replica did not catch up within 15 s');
    } finally {
      await conn.close();
    }
  }

  beforeAll(async () => {
    topo = await start();
    primary = createEngine(topo.primaryUrl, { pool: { max: 8 } });
    replica = createEngine(topo.replicaUrl, { pool: { max: 8 } });
    primary.on(
      'beforeExecute',
      (e) => void log.push({ where: 'primary', sql: e.sql, connectionId: e.connectionId }),
    );
    replica.on(
      'beforeExecute',
      (e) => void log.push({ where: 'replica', sql: e.sql, connectionId: e.connectionId }),
    );
    registry.configure();
    await registry.metadata.createAll(primary);
    await primary.execute(text(`INSERT INTO ${usersTable} (id, name, counter) VALUES (1, 'sandy', 0)`));
    await primary.execute(
      text(
        `INSERT INTO rr_posts_${suffix} (id, title, ${primary.url.dialect === 'postgresql' ? '"authorId"' : 'authorId'}) VALUES (1, 'hello', 1)`,
      ),
    );
  }, 120_000);

  afterAll(async () => {
    for (const s of sets) s.close();
    await primary?.dispose();
    await replica?.dispose();
    await topo?.stop();
  }, 60_000);

  it('routes each statement by the rules: reads outside a transaction to the replica, the rest to the primary', async () => {
    const set = replicaSet({ maxLagMillis: 60_000 });
    await caughtUp(set);
    const router: SessionRouter = replicaRouting(set);
    const session = new Session(primary, { router });

    // Reads outside a transaction: an ORM select, get(), an awaited relationship load, marked text().
    const outside = await recorded(async () => {
      const users = await session.scalars(select(User).where(attrs(User).id.eq(1)));
      await session.load(users[0]!, 'posts');
      session.expungeAll();
      await session.get(User, 1);
      await session.execute(routeAs(text(`SELECT count(*) AS n FROM ${usersTable}`), 'read'));
      await session.execute(text(`SELECT count(*) AS n FROM ${usersTable}`), { route: 'replica' });
    });
    expect(outside.map((e) => e.where)).toEqual(['replica', 'replica', 'replica', 'replica', 'replica']);

    // Overrides and statements that go to the primary outside a transaction.
    const toPrimary = await recorded(async () => {
      await session.execute(text(`SELECT count(*) AS n FROM ${usersTable}`)); // unmarked text: a write
    });
    expect(toPrimary.map((e) => e.where)).toEqual(['primary']);
    await session.rollback();
    const forced = await recorded(async () => {
      await session.scalars(select(User), { route: 'primary' });
    });
    expect(forced.map((e) => e.where)).toEqual(['primary']);

    // FOR UPDATE begins the transaction on the primary; everything after it stays on that connection.
    const inTx = await recorded(async () => {
      const [u] = await session.scalars(select(User).where(attrs(User).id.eq(1)).forUpdate());
      session.expunge(u!);
      const again = await session.get(User, 1);
      await session.load(again!, 'posts');
      await session.execute(routeAs(text(`SELECT 1 AS one`), 'read'));
      again!.name = 'sandy2';
      await session.flush();
      await session.scalars(select(User));
    });
    expect(new Set(inTx.map((e) => e.where))).toEqual(new Set(['primary']));
    expect(new Set(inTx.map((e) => e.connectionId)).size).toBe(1);
    await expect(session.scalars(select(User), { route: 'replica' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await session.commit();

    // An explicit begin(): reads in it run on the primary's transaction connection.
    const factory = sessionFactory(primary, { router });
    const begun = await recorded(() =>
      factory.begin(async (s) => {
        const [u] = await s.scalars(select(User));
        await s.load(u!, 'posts');
      }),
    );
    expect(begun.map((e) => e.where)).toEqual(['primary', 'primary']);
    await session.close();
  });

  it('sends a lock inside a CTE and a writing CTE to the primary, in the transaction', async () => {
    const set = replicaSet({ maxLagMillis: 60_000 });
    await caughtUp(set);
    const session = new Session(primary, { router: replicaRouting(set) });
    const locked = select(attrs(User).id).where(attrs(User).id.eq(1)).forUpdate().cte('locked');
    const lockInCte = await recorded(async () => {
      expect((await session.execute(select(locked.c.id).with(locked))).scalars()).toEqual([1]);
      // The lock holds a transaction open: the next read stays on its connection.
      await session.get(User, 1);
    });
    expect(lockInCte.map((e) => e.where)).toEqual(['primary', 'primary']);
    expect(new Set(lockInCte.map((e) => e.connectionId)).size).toBe(1);
    await session.commit();
    if (primary.url.dialect === 'postgresql') {
      // A data-modifying WITH can only be written as text(): unmarked, it goes to the primary.
      const writingCte = await recorded(async () => {
        await session.execute(
          text(
            `WITH touched AS (UPDATE ${usersTable} SET counter = counter WHERE id = 1 RETURNING id) SELECT id FROM touched`,
          ),
        );
      });
      expect(writingCte.map((e) => e.where)).toEqual(['primary']);
      await session.commit();
    }
    // And a plain read after the commit is back on the replica.
    const after = await recorded(async () => {
      await session.execute(select(attrs(User).id));
    });
    expect(after.map((e) => e.where)).toEqual(['replica']);
    await session.close();
  });

  it('binds an entity to another database (mapper-level binds) beside replica routing', async () => {
    const set = replicaSet({ maxLagMillis: 60_000 });
    await caughtUp(set);
    const audit = createEngine('sqlite://');
    audit.on(
      'beforeExecute',
      (e) => void log.push({ where: 'audit', sql: e.sql, connectionId: e.connectionId }),
    );
    try {
      await registry.metadata.createAll(audit);
      const session = new ShardedSession({
        shards: { main: () => new Session(primary, { router: replicaRouting(set) }), audit },
        ...entityBinds('main', { audit: [AuditEntry] }),
      });
      const steps = await recorded(async () => {
        const user = await session.getOrThrow(User, 1); // replica
        await session.scalars(select(AuditEntry)); // audit
        expect(await session.get(AuditEntry, 7)).toBeNull(); // audit
        user.name = 'bound';
        session.add(Object.assign(new AuditEntry(), { id: 7, action: 'renamed' }));
        await session.commit(); // UPDATE on the primary, INSERT on the audit database
      });
      expect(steps.map((e) => `${e.where} ${e.sql.split(' ')[0]}`)).toEqual([
        'replica SELECT',
        'audit SELECT',
        'audit SELECT',
        'primary UPDATE',
        'audit INSERT',
      ]);
      expect(steps.every((e) => (e.where === 'audit') === e.sql.includes('rr_audit_'))).toBe(true);
      await session.close();
      // Read back on connections of their own.
      const name = (await primary.execute(text(`SELECT name FROM ${usersTable} WHERE id = 1`))).scalar();
      expect(name).toBe('bound');
      const action = (
        await audit.execute(text(`SELECT action FROM rr_audit_${suffix} WHERE id = 7`))
      ).scalar();
      expect(action).toBe('renamed');
    } finally {
      await audit.dispose();
    }
  });

  it('reads its own writes: 1,000 write→read cycles under a 2-second apply delay, none stale; fresh reads use the replica', async () => {
    await topo.setDelay(2000);
    try {
      const set = replicaSet({ maxLagMillis: 30_000 });
      const positions = scopedPositions();
      const factory = sessionFactory(primary, { router: replicaRouting(set, { positions }) });
      let stale = 0;
      let freshReads = 0;
      let freshOnReplica = 0;
      for (let i = 1; i <= 1000; i++) {
        // A request that writes, then reads (a second session in the same request scope).
        await positions.run(undefined, async () => {
          await factory.begin(async (s) => {
            const u = await s.getOrThrow(User, 1);
            u.counter = i;
          });
          const s = factory();
          const read = await s.get(User, 1);
          if (read?.counter !== i) stale++;
          await s.close();
        });
        // A request with no preceding write.
        await positions.run(undefined, async () => {
          const s = factory();
          const before = log.length;
          await s.execute(select(User).where(attrs(User).id.eq(1)));
          freshReads++;
          if (log.slice(before).some((e) => e.where === 'replica' && e.sql.includes(usersTable)))
            freshOnReplica++;
          await s.close();
        });
      }
      expect(stale).toBe(0);
      expect(freshOnReplica / freshReads).toBeGreaterThanOrEqual(0.95);
      console.log(
        `read-your-writes: 1000 cycles, ${stale} stale; fresh reads on the replica: ${freshOnReplica}/${freshReads}`,
      );
    } finally {
      await topo.setDelay(0);
    }
  }, 300_000);

  it('takes a lagging replica out of rotation and puts it back when it catches up', async () => {
    const set = replicaSet({ maxLagMillis: 1000 });
    const factory = sessionFactory(primary, {
      router: replicaRouting(set, { positions: scopedPositions() }),
    });
    await topo.setDelay(4000);
    try {
      await factory.begin(async (s) => {
        (await s.getOrThrow(User, 1)).name = 'lag';
      });
      const deadline = Date.now() + 10_000;
      while (set.status[0]!.healthy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(set.status[0]!.healthy).toBe(false);
      expect(set.status[0]!.reason).toMatch(/lagging/);
      const s = factory();
      const lagging = await recorded(async () => {
        await s.scalars(select(User));
      });
      expect(lagging.map((e) => e.where)).toEqual(['primary']);
      await s.close();
    } finally {
      await topo.setDelay(0);
    }
    const deadline = Date.now() + 15_000;
    while (!set.status[0]!.healthy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(set.status[0]!.healthy).toBe(true);
    const s = factory();
    const back = await recorded(async () => {
      await s.scalars(select(User));
    });
    expect(back.map((e) => e.where)).toEqual(['replica']);
    await s.close();
  }, 60_000);

  it('carries the position between Express requests in a header and a cookie', async () => {
    await topo.setDelay(2000);
    try {
      const set = replicaSet({ maxLagMillis: 30_000 });
      const positions = scopedPositions();
      const context = new SessionContext(primary, {
        session: { router: replicaRouting(set, { positions }) },
      });
      const app = express();
      app.use(readYourWrites(positions, { cookie: 'athanor_pos' }), sessionMiddleware(context));
      app.post('/name/:name', async (req, res) => {
        (await context.session.getOrThrow(User, 1)).name = String(req.params.name);
        res.json({ ok: true });
      });
      app.get('/name', async (_req, res) => {
        res.json({ name: (await context.session.getOrThrow(User, 1)).name });
      });
      const written = await request(app).post('/name/express1').expect(200);
      const token = written.headers['x-athanor-position'] as string;
      expect(token).toMatch(/./);
      expect(String(written.headers['set-cookie'])).toContain('athanor_pos=');
      // With the token (header, then cookie): the write is seen although the replica is 2 s behind.
      const before = log.length;
      expect((await request(app).get('/name').set('x-athanor-position', token)).body).toEqual({
        name: 'express1',
      });
      const cookie = String(written.headers['set-cookie']).split(';')[0]!;
      expect((await request(app).get('/name').set('cookie', cookie)).body).toEqual({ name: 'express1' });
      expect(
        log
          .slice(before)
          .filter((e) => e.sql.includes(usersTable))
          .map((e) => e.where),
      ).toEqual(['primary', 'primary']);
      // Without it: the replica answers, with what it has replayed so far.
      const fresh = log.length;
      await request(app).get('/name').expect(200);
      expect(
        log
          .slice(fresh)
          .filter((e) => e.sql.includes(usersTable))
          .map((e) => e.where),
      ).toEqual(['replica']);
    } finally {
      await topo.setDelay(0);
    }
  }, 60_000);

  it('carries the position between Nest requests: a @Transactional() write, then reads with and without the token', async () => {
    await topo.setDelay(2000);
    const set = replicaSet({ maxLagMillis: 30_000 });
    const positions = scopedPositions();
    const app = await nestReplicaApp(primary, replicaRouting(set, { positions }), positions, User);
    try {
      const written = await request(app.getHttpServer()).post('/name/nest1').expect(201);
      const token = written.headers['x-athanor-position'] as string;
      expect(token).toMatch(/./);
      expect(String(written.headers['set-cookie'])).toContain('athanor_pos=');
      const before = log.length;
      expect((await request(app.getHttpServer()).get('/name').set('x-athanor-position', token)).body).toEqual(
        { name: 'nest1' },
      );
      const cookie = String(written.headers['set-cookie']).split(';')[0]!;
      expect((await request(app.getHttpServer()).get('/name').set('cookie', cookie)).body).toEqual({
        name: 'nest1',
      });
      const fresh = log.length;
      const unseen = (await request(app.getHttpServer()).get('/name').expect(200)).body as { name: string };
      const where = (from: number, to: number): Where[] =>
        log
          .slice(from, to)
          .filter((e) => e.sql.includes(usersTable))
          .map((e) => e.where);
      expect(where(before, fresh)).toEqual(['primary', 'primary']);
      expect(where(fresh, log.length)).toEqual(['replica']);
      // The replica is 2 s behind: without the token the write is not there yet.
      expect(unseen.name).not.toBe('nest1');
    } finally {
      await app.close();
      await topo.setDelay(0);
    }
  }, 60_000);

  it('keeps answering Express requests when the replica process stops mid-run, and puts it back once it is up', async () => {
    const set = replicaSet({ maxLagMillis: 60_000 });
    await caughtUp(set);
    const positions = scopedPositions();
    const context = new SessionContext(primary, {
      strict: true,
      session: { router: replicaRouting(set, { positions }) },
    });
    const app = express();
    app.use(readYourWrites(positions), sessionMiddleware(context));
    app.get('/users', async (_req, res) => {
      res.json((await context.session.scalars(select(User))).map((u) => u.name));
    });
    app.post('/name/:name', async (req, res) => {
      (await context.session.getOrThrow(User, 1)).name = String(req.params.name);
      res.json({ ok: true });
    });
    const failures: string[] = [];
    app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      failures.push(err.message);
      res.status(500).json({ error: err.message });
    });
    const server = app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const statuses: number[] = [];
    const runStart = log.length;
    /** Reads of the users table in log[from, to), by where they ran. */
    const reads = (from: number, to: number, where: Where): number =>
      log
        .slice(from, to)
        .filter((e) => e.where === where && /^SELECT\b/i.test(e.sql) && e.sql.includes(usersTable)).length;
    /** A client that writes every fifth request and carries its position token. */
    const client = async (n: number): Promise<void> => {
      let token: string | undefined;
      for (let i = 0; i < 60; i++) {
        const headers: Record<string, string> = token === undefined ? {} : { 'x-athanor-position': token };
        const res =
          i % 5 === 0
            ? await fetch(`${base}/name/c${n}-${i}`, { method: 'POST', headers })
            : await fetch(`${base}/users`, { headers });
        await res.arrayBuffer();
        token = res.headers.get('x-athanor-position') ?? token;
        statuses.push(res.status);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    let stoppedAt = 0;
    const stopper = (async () => {
      while (statuses.length < 40) await new Promise((r) => setTimeout(r, 5));
      stoppedAt = log.length;
      await topo.stopReplica();
    })();
    try {
      await Promise.all([client(1), client(2), client(3), stopper]);
      const replicaReadsBeforeStop = reads(runStart, stoppedAt, 'replica');
      const readsOnPrimaryAfterStop = reads(stoppedAt, log.length, 'primary');
      expect(failures).toEqual([]);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(statuses).toHaveLength(180);
      expect(replicaReadsBeforeStop).toBeGreaterThan(0);
      expect(readsOnPrimaryAfterStop).toBeGreaterThan(0);
      expect(set.status[0]!.healthy).toBe(false);
      expect(set.status[0]!.reason).toMatch(/^down/);

      // Back up: the health check puts it back in the rotation and reads go to it again.
      const restartedAt = Date.now();
      await topo.startReplica();
      const deadline = Date.now() + 30_000;
      while (!set.status[0]!.healthy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(set.status[0]!.healthy).toBe(true);
      const backAfter = Date.now() - restartedAt;
      const from = log.length;
      expect((await fetch(`${base}/users`)).status).toBe(200);
      expect(
        log
          .slice(from)
          .filter((e) => e.sql.includes(usersTable))
          .map((e) => e.where),
      ).toEqual(['replica']);
      console.log(
        `replica stopped after ${replicaReadsBeforeStop} replica reads: ${statuses.length} requests, ${failures.length} errors, ${readsOnPrimaryAfterStop} reads on the primary meanwhile; back in rotation ${backAfter} ms after its server was started again`,
      );
    } finally {
      server.close();
      await context.shutdown();
    }
  }, 120_000);
}
