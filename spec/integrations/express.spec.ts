/**
 * athanor/express: a session and transaction per request, committed before the response is sent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent, type Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { commitRequest, SessionContext, sessionMiddleware } from '../../lib/entries/express';
import { func, column, insert, select, table, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('athanor/express', (d) => {
  const { notes } = d.defineTables((metadata, name) => ({
    notes: table(
      name('express_notes'),
      {
        id: column(types.integer(), { primaryKey: true, autoincrement: true }),
        body: column(types.string(40), { nullable: false }),
      },
      { metadata },
    ),
  }));
  let context: SessionContext;
  let server: Server;
  let failCommit = false;
  const tags = new AsyncLocalStorage<string>();
  /** Statements by connection, each with the tag of the request that sent it. */
  const sent: { connectionId: number; sql: string; tag: string | undefined }[] = [];
  let recording = false;
  const afterCommits: string[] = [];

  beforeAll(() => {
    context = new SessionContext(d.engine, { strict: true });
    d.engine.on('beforeExecute', ({ connectionId, sql }) => {
      if (failCommit && sql === 'COMMIT') throw new Error('commit refused by the test');
      if (recording) sent.push({ connectionId, sql, tag: tags.getStore() });
    });
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => tags.run(String(req.headers['x-tag'] ?? ''), next));
    app.use(sessionMiddleware(context));
    app.post('/notes', async (req, res) => {
      const body = String((req.body as { body: string }).body);
      await context.session.execute(insert(notes).values({ body }));
      context.afterCommit(() => void afterCommits.push(body));
      res.status(Number(req.query['status'] ?? 201)).json({ body });
    });
    app.post('/notes/throw', async (req) => {
      await context.session.execute(
        insert(notes).values({ body: String((req.body as { body: string }).body) }),
      );
      throw new Error('handler failed');
    });
    app.post('/notes/explicit', async (req, res) => {
      await context.session.execute(
        insert(notes).values({ body: String((req.body as { body: string }).body) }),
      );
      try {
        await commitRequest(context);
      } catch {
        res.status(409).json({ error: 'not saved' });
        return;
      }
      res.status(201).json({ saved: true });
    });
    app.post('/isolated', async (req, res) => {
      const body = String(req.headers['x-tag']);
      await context.session.execute(insert(notes).values({ body }));
      const mine = (
        await context.session.execute(select(notes.c.body).where(notes.c.body.eq(body)))
      ).scalars();
      res.json({ mine });
    });
    app.use((err: Error, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      res.status(500).json({ error: err.message });
    });
    // A thousand connections arrive at once: a listen backlog above Node's default 511 keeps the
    // kernel from resetting the ones that do not fit on a busy machine.
    server = app.listen({ port: 0, backlog: 4096 });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await context.shutdown({ graceMillis: 0 });
  });

  const bodies = async (): Promise<string[]> =>
    (await d.engine.execute(select(notes.c.body).orderBy(notes.c.id)))
      .scalars()
      .filter((b) => !b.startsWith('t'));

  it('commits before the response is sent, then runs afterCommit hooks', async () => {
    const res = await request(server).post('/notes').send({ body: 'kept' });
    expect(res.status).toBe(201);
    expect(await bodies()).toContain('kept');
    expect(afterCommits).toContain('kept');
    expect(context.openScopes).toBe(0);
  });

  it('rolls back when the response status is 400 or more', async () => {
    const res = await request(server).post('/notes?status=422').send({ body: 'refused' });
    expect(res.status).toBe(422);
    expect(await bodies()).not.toContain('refused');
    expect(afterCommits).not.toContain('refused');
  });

  it('rolls back when the handler throws', async () => {
    const res = await request(server).post('/notes/throw').send({ body: 'thrown' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'handler failed' });
    expect(await bodies()).not.toContain('thrown');
  });

  it('a failed COMMIT becomes an error response, never the 201 the handler wrote', async () => {
    failCommit = true;
    try {
      const res = await request(server).post('/notes').send({ body: 'lost' });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: 'commit refused by the test' });
    } finally {
      failCommit = false;
    }
    expect(await bodies()).not.toContain('lost');
    expect(afterCommits).not.toContain('lost');
    expect(d.engine.poolStatus.used).toBe(0);
  });

  it('commitRequest() lets a handler answer a failed COMMIT itself', async () => {
    expect((await request(server).post('/notes/explicit').send({ body: 'early' })).status).toBe(201);
    expect(await bodies()).toContain('early');
    failCommit = true;
    try {
      const res = await request(server).post('/notes/explicit').send({ body: 'never' });
      expect(res.status).toBe(409);
    } finally {
      failCommit = false;
    }
    expect(await bodies()).not.toContain('never');
  });

  it('1,000 concurrent requests: every statement of a request runs in its own transaction', async () => {
    sent.length = 0;
    recording = true;
    const count = 1000;
    // All 1,000 are sent at once; 250 sockets at a time (25 times the pool) keep a loaded CI
    // machine from resetting connections, while requests still wait on each other's transactions.
    const sockets = new Agent({ keepAlive: true, maxSockets: 250 });
    let results: request.Response[];
    try {
      results = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          request(server).post('/isolated').agent(sockets).set('x-tag', `t${i}`).send({}),
        ),
      );
    } finally {
      recording = false;
      sockets.destroy();
    }
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    results.forEach((r, i) => expect(r.body).toEqual({ mine: [`t${i}`] }));
    // Between a BEGIN and its COMMIT, a connection runs the statements of one request only.
    const holder = new Map<number, string | undefined>();
    const strays: string[] = [];
    for (const s of sent) {
      if (s.sql.startsWith('BEGIN') || s.sql.startsWith('START TRANSACTION'))
        holder.set(s.connectionId, s.tag);
      else if (holder.get(s.connectionId) !== s.tag) strays.push(`${s.tag} on ${s.connectionId}: ${s.sql}`);
      if (s.sql === 'COMMIT') holder.delete(s.connectionId);
    }
    expect(strays).toEqual([]);
    expect(sent.filter((s) => s.sql === 'COMMIT')).toHaveLength(count);
    const stored = await d.engine.execute(select(func.count(notes.c.id)));
    expect(Number(stored.scalar())).toBeGreaterThanOrEqual(count);
    expect(context.openScopes).toBe(0);
  }, 60_000);
});
