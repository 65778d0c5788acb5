import { createHook } from 'node:async_hooks';
import { context, diag, DiagLogLevel, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { Column, Relationship, Table } from '../../lib/decorators';
import {
  attrs,
  Connection,
  createEngine,
  inspect,
  IntegrityError,
  Registry,
  select,
  selectinload,
  Session,
  types,
} from '../../lib';
import { compile, insert } from '../../lib/sql';
import type { Logger } from '../../lib/drivers/telemetry/logger';
import { describeEachDialect } from '../support/dialects';
import { otelHarness } from '../support/otel';
import { StorageContextManager } from '../../bench/lib/otel-context';
import * as getByKey from '../../lib/session/loading/get-by-key';

describeEachDialect(
  'Telemetry: spans, metrics, logging and SQL comments',
  (d) => {
    const registry = new Registry();

    @Table(d.uniqueName('tel_users'), { registry })
    class Member {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(80), unique: true }) email!: string;
      @Relationship(() => Note, { backPopulates: 'member', orderBy: 'id' }) notes!: Note[];
    }

    @Table(d.uniqueName('tel_notes'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(80) }) body!: string;
      @Column({ foreignKey: () => Member }) memberId!: number;
      @Relationship(() => Member, { backPopulates: 'notes' }) member!: Member | null;
    }

    const otel = otelHarness();
    const engine = d.newEngine({
      telemetry: { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider },
    });
    const m = attrs(Member);
    let seq = 0;
    const email = (tag: string): string => `${tag}-${seq++}@tel.example`;

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
    });
    afterAll(() => registry.metadata.dropAll(d.engine));
    beforeEach(() => otel.spans.reset());

    /** A member committed through the untraced engine. */
    const savedMember = async (tag: string): Promise<Member> => {
      const setup = new Session(d.engine);
      const saved = Object.assign(new Member(), { email: email(tag) });
      setup.add(saved);
      await setup.commit();
      await setup.close();
      return saved;
    };
    const usersTable = (): string => inspect(Member).table.name;
    const notesTable = (): string => inspect(Note).table.name;
    const namespace = () =>
      engine.url.database === undefined ? {} : { 'db.namespace': engine.url.database };
    const common = () => ({
      'db.system.name': d.dialect, // mysql:// resolves to mariadb on a MariaDB server
      ...namespace(),
      ...(engine.url.host === undefined ? {} : { 'server.address': engine.url.host }),
    });
    const childrenOf = (parent: ReadableSpan, spans: readonly ReadableSpan[]) =>
      spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
    /** The spans exported so far, once the engines' finished work has been handed over. */
    const finishedSpans = (...engines: { flushTelemetry(): void }[]): ReadableSpan[] => {
      for (const e of [engine, ...engines]) e.flushTelemetry();
      return otel.spans.getFinishedSpans();
    };

    it('a flush is one ORM span over one client span per round trip, named by the statement summary', async () => {
      const s = new Session(engine);
      s.add(
        Object.assign(new Member(), {
          email: email('flush'),
          notes: [Object.assign(new Note(), { body: 'a' }), Object.assign(new Note(), { body: 'b' })],
        }),
      );
      await s.commit();
      await s.close();
      const spans = finishedSpans();
      const flush = spans.find((sp) => sp.name === 'ORM flush')!;
      expect(flush).toBeDefined();
      expect(flush.attributes).toEqual({ 'db.system.name': d.dialect, ...namespace() });
      const writes = childrenOf(flush, spans);
      expect(writes.map((w) => w.name)).toEqual(
        expect.arrayContaining([`INSERT ${usersTable()}`, `INSERT ${notesTable()}`]),
      );
      const userInsert = writes.find((w) => w.name === `INSERT ${usersTable()}`)!;
      expect(userInsert.kind).toBe(2); // CLIENT
      expect(userInsert.attributes).toMatchObject({
        ...common(),
        'db.operation.name': 'INSERT',
        'db.collection.name': usersTable(),
        'db.query.summary': `INSERT ${usersTable()}`,
        'db.query.text': expect.stringMatching(/^INSERT INTO/),
      });
      expect(writes.every((w) => w.parentSpanContext?.traceId === flush.spanContext().traceId)).toBe(true);
      // Transaction control round trips have spans of their own, outside the flush.
      expect(spans.map((sp) => sp.name)).toContain('COMMIT');
    });

    it('a load is one ORM span (collection from the mapping) over its SELECTs, selectin included', async () => {
      const setup = new Session(d.engine);
      const e = email('load');
      setup.add(Object.assign(new Member(), { email: e, notes: [Object.assign(new Note(), { body: 'x' })] }));
      await setup.commit();
      await setup.close();

      const s = new Session(engine);
      const [member] = await s.scalars(select(Member).where(m.email.eq(e)).options(selectinload(m.notes)));
      expect(member!.notes.map((n) => n.body)).toEqual(['x']);
      await s.close();
      const spans = finishedSpans();
      const load = spans.find((sp) => sp.name === 'ORM load Member')!;
      expect(load.attributes).toEqual({
        'db.system.name': d.dialect,
        ...namespace(),
        'db.collection.name': usersTable(),
      });
      const reads = childrenOf(load, spans);
      expect(reads.map((r) => [r.name, r.attributes['db.operation.name']])).toEqual([
        [`SELECT ${usersTable()}`, 'SELECT'],
        [`SELECT ${notesTable()}`, 'SELECT'],
      ]);
      expect(JSON.stringify(reads.map((r) => r.attributes))).not.toContain(e); // values never appear
    });

    it('a traced get() by key takes the prepared select, under the same ORM load span over its SELECT', async () => {
      const setup = new Session(d.engine);
      const e = email('get');
      const saved = Object.assign(new Member(), { email: e });
      setup.add(saved);
      await setup.commit();
      await setup.close();

      const keyed = jest.spyOn(getByKey, 'runKeyed');
      try {
        const s = new Session(engine);
        expect((await s.get(Member, saved.id))!.email).toBe(e);
        await s.close();
        expect(keyed).toHaveBeenCalledTimes(1);
      } finally {
        keyed.mockRestore();
      }
      const spans = finishedSpans();
      const load = spans.find((sp) => sp.name === 'ORM load Member')!;
      expect(load.attributes).toEqual({
        'db.system.name': d.dialect,
        ...namespace(),
        'db.collection.name': usersTable(),
      });
      const reads = childrenOf(load, spans);
      expect(reads.map((r) => r.name)).toEqual([`SELECT ${usersTable()}`]);
      expect(reads[0]!.attributes).toMatchObject({
        ...common(),
        'db.operation.name': 'SELECT',
        'db.collection.name': usersTable(),
        'db.query.summary': `SELECT ${usersTable()}`,
        'db.query.text': expect.stringMatching(/^SELECT /),
      });
      // Opt-In in the conventions: the row count, and the port when it is the default one.
      expect(reads[0]!.attributes).not.toHaveProperty('db.response.returned_rows');
      expect(reads[0]!.attributes).not.toHaveProperty('server.port');
    });

    it('optInAttributes adds the row count of each statement and the default port', async () => {
      const saved = await savedMember('opt-in');
      const e = d.newEngine({
        telemetry: {
          tracerProvider: otel.tracerProvider,
          meterProvider: otel.meterProvider,
          optInAttributes: ['db.response.returned_rows', 'server.port'],
        },
      });
      try {
        const s = new Session(e);
        await s.get(Member, saved.id);
        await s.scalars(select(Member).where(m.id.eq(-1)));
        await s.close();
        e.flushTelemetry();
        const reads = otel.spans.getFinishedSpans().filter((sp) => sp.name === `SELECT ${usersTable()}`);
        expect(reads.map((r) => r.attributes['db.response.returned_rows'])).toEqual([1, 0]);
        const defaults: Partial<Record<string, number>> = {
          postgresql: 5432,
          mysql: 3306,
          mariadb: 3306,
          mssql: 1433,
          oracle: 1521,
        };
        const port = e.url.host === undefined ? undefined : (e.url.port ?? defaults[d.dialect]);
        expect(reads.map((r) => r.attributes['server.port'])).toEqual([port, port]);
      } finally {
        await e.dispose();
      }
    });

    it('a get() by key that fails ends its load span as failed; the next statement is not its child', async () => {
      const ghosts = new Registry();
      @Table(d.uniqueName('tel_ghosts'), { registry: ghosts })
      class Ghost {
        @Column({ primaryKey: true }) id!: number;
      }
      ghosts.configure(); // its table is never created
      const s = new Session(engine);
      try {
        await expect(s.get(Ghost, 1)).rejects.toThrow();
        await s.rollback();
        await s.scalars(select(Member).where(m.id.eq(-1)));
      } finally {
        await s.close();
      }
      const spans = finishedSpans();
      const load = spans.find((sp) => sp.name === 'ORM load Ghost')!;
      expect(load.status.code).toBe(2); // ERROR
      expect(load.events.map((e) => e.name)).toEqual(['exception']);
      const ghostSelect = `SELECT ${inspect(Ghost).table.name}`;
      expect(childrenOf(load, spans).map((sp) => sp.name)).toEqual([ghostSelect]);
      // The member query runs under its own load span, not under the failed one.
      const memberLoad = spans.find((sp) => sp.name === 'ORM load Member')!;
      expect(childrenOf(memberLoad, spans).map((sp) => sp.name)).toEqual([`SELECT ${usersTable()}`]);
    });

    it('spans and records are made after the work, while the next statement is at the server, with the times measured as it ran', async () => {
      const setup = new Session(d.engine);
      const [first, second] = [email('later-1'), email('later-2')].map((e) =>
        Object.assign(new Member(), { email: e }),
      );
      setup.addAll([first!, second!]);
      await setup.commit();
      await setup.close();
      engine.flushTelemetry();
      otel.spans.reset();

      const s = new Session(engine);
      const before = Date.now();
      expect((await s.get(Member, first!.id))!.email).toBe(first!.email);
      const after = Date.now();
      // Nothing was handed to the SDK on the operation's path.
      expect(otel.spans.getFinishedSpans()).toEqual([]);
      // The next statement's round trip is when: its answer finds the first lookup's spans made.
      let madeWhileAtServer: string[] = [];
      const answered = ({ sql }: { sql: string }): void => {
        if (sql.startsWith('SELECT')) madeWhileAtServer = otel.spans.getFinishedSpans().map((sp) => sp.name);
      };
      engine.on('afterExecute', answered);
      try {
        expect((await s.get(Member, second!.id))!.email).toBe(second!.email);
      } finally {
        engine.off('afterExecute', answered);
      }
      expect(madeWhileAtServer).toEqual([`SELECT ${usersTable()}`, 'ORM load Member']);
      // With no statement after it, the second lookup's are made within 10 ms.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(otel.spans.getFinishedSpans()).toHaveLength(4);
      await s.close();

      const spans = otel.spans.getFinishedSpans().slice(0, 2);
      const load = spans.find((sp) => sp.name === 'ORM load Member')!;
      const [read] = childrenOf(load, spans);
      expect(read!.name).toBe(`SELECT ${usersTable()}`);
      const millis = ([seconds, nanos]: readonly [number, number]) => seconds * 1000 + nanos / 1e6;
      // Epoch times converted from the monotonic clock: within a millisecond of Date.now().
      expect(millis(load.startTime)).toBeGreaterThanOrEqual(before - 2);
      expect(millis(load.endTime)).toBeLessThanOrEqual(after + 2);
      expect(millis(read!.startTime)).toBeGreaterThanOrEqual(millis(load.startTime));
      expect(millis(read!.endTime)).toBeLessThanOrEqual(millis(load.endTime));
      expect(millis(read!.endTime)).toBeGreaterThan(millis(read!.startTime));
    });

    it('deferred: false makes each span as its work starts; by default they are all made after it', async () => {
      const events: string[] = [];
      const watcher = {
        onStart: (span: { name: string }) => void events.push(`start ${span.name}`),
        onEnd: (span: ReadableSpan) => void events.push(`end ${span.name}`),
        forceFlush: async () => undefined,
        shutdown: async () => undefined,
      };
      const provider = new BasicTracerProvider({ spanProcessors: [watcher] });
      const saved = await savedMember('eager');
      const order = async (deferred: boolean | undefined): Promise<string[]> => {
        const e = d.newEngine({ telemetry: { tracerProvider: provider, metrics: false, deferred } });
        e.on('beforeExecute', ({ sql }) => void (sql.startsWith('SELECT') && events.push('sent')));
        const s = new Session(e);
        await s.get(Member, saved.id);
        events.push('answered');
        e.flushTelemetry();
        await s.close();
        await e.dispose();
        return events.splice(0);
      };
      const select_ = `SELECT ${usersTable()}`;
      expect(await order(false)).toEqual([
        'start ORM load Member',
        `start ${select_}`,
        'sent',
        `end ${select_}`,
        'end ORM load Member',
        'answered',
      ]);
      expect(await order(undefined)).toEqual([
        'sent',
        'answered',
        'start ORM load Member',
        `start ${select_}`,
        `end ${select_}`,
        'end ORM load Member',
      ]);
    });

    it("ORM spans hand themselves to their statements: Athanor enters no context, the caller's parents the ORM spans", async () => {
      const request = trace.wrapSpanContext({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: TraceFlags.SAMPLED,
      });
      const entered = jest.spyOn(context, 'with');
      const e = email('ctx');
      let seenInListener: unknown;
      const s = new Session(engine);
      s.on('beforeFlush', () => void (seenInListener = trace.getActiveSpan()));
      try {
        await context.with(trace.setSpan(ROOT_CONTEXT, request), async () => {
          s.add(Object.assign(new Member(), { email: e }));
          await s.flush();
          expect((await s.scalars(select(Member).where(m.email.eq(e))))[0]!.email).toBe(e);
          await s.rollback();
        });
        // The test's own, and the span processor's as it exports (in the caller's context, with
        // tracing suppressed): no context with an ORM span active is ever entered.
        expect(entered.mock.calls.map(([c]) => trace.getSpan(c))).toEqual(
          entered.mock.calls.map(() => request),
        );
      } finally {
        entered.mockRestore();
        await s.close();
      }
      // Listeners run in the caller's context (no ORM span made active for them).
      expect(seenInListener).toBe(request);
      const spans = finishedSpans();
      const flush = spans.find((sp) => sp.name === 'ORM flush')!;
      const load = spans.find((sp) => sp.name === 'ORM load Member')!;
      for (const orm of [flush, load]) {
        expect(orm.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
        expect(orm.spanContext().traceId).toBe(request.spanContext().traceId);
      }
      expect(childrenOf(flush, spans).map((w) => w.name)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(BEGIN|START)/), `INSERT ${usersTable()}`]),
      );
      expect(childrenOf(load, spans).map((r) => r.name)).toEqual([`SELECT ${usersTable()}`]);
    });

    it('with no context manager registered a statement span is still the child of its ORM span', async () => {
      const saved = await savedMember('nocm');
      context.disable();
      try {
        const s = new Session(engine);
        expect((await s.get(Member, saved.id))!.email).toBe(saved.email);
        await s.close();
      } finally {
        context.setGlobalContextManager(new StorageContextManager());
      }
      const spans = finishedSpans();
      const load = spans.find((sp) => sp.name === 'ORM load Member')!;
      expect(load.parentSpanContext).toBeUndefined();
      expect(childrenOf(load, spans).map((r) => r.name)).toEqual([`SELECT ${usersTable()}`]);
    });

    it('with no SDK registered an engine makes no spans, and traces from when one is registered', async () => {
      const late = d.newEngine({ telemetry: { metrics: false } });
      const read = async (): Promise<void> => {
        const s = new Session(late);
        expect(await s.scalars(select(Member).where(m.id.eq(-1)))).toEqual([]);
        await s.close();
      };
      await read();
      expect(finishedSpans(late)).toEqual([]);
      trace.setGlobalTracerProvider(otel.tracerProvider);
      try {
        await read();
      } finally {
        trace.disable();
      }
      const spans = finishedSpans(late);
      const load = spans.find((sp) => sp.name === 'ORM load Member')!;
      expect(childrenOf(load, spans).map((r) => r.name)).toEqual([`SELECT ${usersTable()}`]);
    });

    it('a failed statement carries error.type and db.response.status_code; batches their size', async () => {
      const e = email('dup');
      const conn = await engine.connect();
      try {
        const users = inspect(Member).table;
        await conn.execute(insert(users).values({ email: e }));
        const error = await conn.execute(insert(users).values({ email: e })).then(
          () => undefined,
          (x: unknown) => x,
        );
        expect(error).toBeInstanceOf(IntegrityError);
        const failed = finishedSpans().at(-1)!;
        expect(failed.attributes).toMatchObject({
          'error.type': 'IntegrityError',
          'db.response.status_code': expect.stringMatching(/^(23505|1062|19)$/),
        });
        expect(failed.status.code).toBe(2); // ERROR
        const q = compile(insert(users).values({ email: 'p' }), conn.dialect);
        await conn.executeMany(q, [[email('b1')], [email('b2')], [email('b3')]]);
        expect(finishedSpans().at(-1)!.attributes['db.operation.batch.size']).toBe(3);
      } finally {
        await conn.close();
      }
    });

    it('records db.client.operation.duration and the pool connection metrics', async () => {
      const s = new Session(engine);
      await s.scalars(select(Member).where(m.id.eq(-1)));
      await s.close();
      engine.flushTelemetry();
      const points = await otel.collect();
      const durations = points.get('db.client.operation.duration')!;
      expect(durations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            attributes: expect.objectContaining({
              ...common(),
              'db.operation.name': 'SELECT',
              'db.collection.name': usersTable(),
              'db.query.summary': `SELECT ${usersTable()}`,
            }),
          }),
        ]),
      );
      expect(
        points
          .get('db.client.connection.count')!
          .map((p) => p.attributes['db.client.connection.state'])
          .sort(),
      ).toEqual(['idle', 'used']);
      expect(points.get('db.client.connection.max')![0]!.value).toBe(engine.poolStatus.max);
      expect(points.get('db.client.connection.wait_time')!.length).toBe(1);
    });

    it('a traced engine hands a connection at hand over without a promise, its wait recorded', async () => {
      const waits = async (): Promise<number> => {
        engine.flushTelemetry();
        const points = await otel.collect();
        return (points.get('db.client.connection.wait_time')?.[0]?.value as { count: number })?.count ?? 0;
      };
      await (await engine.connect()).close();
      const before = await waits();
      const conn = engine.connectNow();
      expect(conn).toBeInstanceOf(Connection);
      await conn!.close();
      expect(await waits()).toBe(before + 1);
    });

    it('a checkout that waited for the pool reports its wait once, with its first statement', async () => {
      const own = d.newEngine({
        pool: { max: 1 },
        telemetry: { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider },
      });
      const waits = async (): Promise<{ count: number; sum: number }> => {
        own.flushTelemetry();
        engine.flushTelemetry();
        const point = (await otel.collect()).get('db.client.connection.wait_time')?.[0];
        return (point?.value as { count: number; sum: number } | undefined) ?? { count: 0, sum: 0 };
      };
      try {
        const holder = await own.connect();
        await holder.close();
        const before = await waits();
        const held = await own.connect();
        const waiting = own.connect(); // the pool's only connection is held
        await new Promise((resolve) => setTimeout(resolve, 40));
        await held.close();
        const conn = await waiting;
        await conn.execute(select(m.id).where(m.id.eq(-1)));
        await conn.execute(select(m.id).where(m.id.eq(-2)));
        await conn.close();
        const after = await waits();
        // Two checkouts, one record each: the one that waited about 40 ms, the other none.
        expect(after.count - before.count).toBe(2);
        expect(after.sum - before.sum).toBeGreaterThanOrEqual(0.03);
      } finally {
        await own.dispose();
      }
    });

    it('logs slow statements with the time split, and filters by level', async () => {
      const records: [string, string, Record<string, unknown>][] = [];
      const logger: Logger = {
        debug: (msg, f) => void records.push(['debug', msg, { ...f }]),
        info: (msg, f) => void records.push(['info', msg, { ...f }]),
        warn: (msg, f) => void records.push(['warn', msg, { ...f }]),
        error: (msg, f) => void records.push(['error', msg, { ...f }]),
      };
      const slow = d.newEngine({ logging: { logger, level: 'warn', slowStatementMillis: 0 } });
      const s = new Session(slow);
      await s.scalars(select(Member).where(m.id.eq(-1)));
      await s.close();
      const select_ = records.find(([, , f]) => String(f.sql).startsWith('SELECT'))!;
      expect(select_[0]).toBe('warn');
      expect(select_[1]).toBe('slow statement');
      expect(select_[2]).toMatchObject({
        durationMillis: expect.any(Number),
        poolWaitMillis: expect.any(Number),
        executionMillis: expect.any(Number),
        rowProcessingMillis: expect.any(Number),
        rowCount: 0,
      });
      const f = select_[2] as Record<string, number>;
      expect(f.durationMillis!).toBeGreaterThanOrEqual(f.executionMillis!);
      expect(records.some(([level]) => level === 'debug')).toBe(false);

      records.length = 0;
      const quiet = d.newEngine({ logging: { logger, level: 'debug' } });
      const q = new Session(quiet);
      await q.scalars(select(Member).where(m.id.eq(-1)));
      await q.close();
      expect(records.find(([, , f2]) => String(f2.sql).startsWith('SELECT'))!.slice(0, 2)).toEqual([
        'debug',
        'statement',
      ]);
    });

    it('sqlcommenter tags are URL-encoded so nothing in them can end the comment', async () => {
      const commented = d.newEngine({
        telemetry: {
          tracerProvider: otel.tracerProvider,
          metrics: false,
          sqlCommenter: { tags: () => ({ route: "/x*/'; DROP TABLE t; --" }) },
        },
      });
      const sent: string[] = [];
      commented.on('beforeExecute', ({ sql }) => void sent.push(sql));
      const s = new Session(commented);
      expect(await s.scalars(select(Member).where(m.id.eq(-1)))).toEqual([]);
      await s.close();
      const sql = sent.find((x) => x.startsWith('SELECT'))!;
      const comment = sql.slice(sql.indexOf('/*'));
      expect(comment).toMatch(
        /^\/\*db_driver='athanor',route='%2Fx\*%2F%27%3B%20DROP%20TABLE%20t%3B%20--',traceparent='00-[0-9a-f]{32}-[0-9a-f]{16}-01'\*\/$/,
      );
      expect(comment.indexOf('*/')).toBe(comment.length - 2);
      // The traceparent names the statement's own span: made before the statement was sent.
      const spanId = /traceparent='00-[0-9a-f]{32}-([0-9a-f]{16})-01'/.exec(comment)![1];
      const read = finishedSpans(commented).find((sp) => sp.name === `SELECT ${usersTable()}`)!;
      expect(read.spanContext().spanId).toBe(spanId);
    });

    it('an engine without logging or telemetry has no instrumentation', () => {
      expect(d.engine.instrumentation).toBeUndefined();
    });
  },
  { sqliteFile: true },
);

describe('Telemetry on a synchronous driver (better-sqlite3)', () => {
  const registry = new Registry();

  @Table('tel_sync_items', { registry })
  class Item {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(40) }) name!: string;
  }

  const otel = otelHarness();
  // A batch processor, as applications have: a simple one makes promises of its own per span.
  const exported = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exported)] });
  const engine = createEngine('sqlite+better-sqlite3://', {
    telemetry: { tracerProvider, meterProvider: otel.meterProvider },
  });

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(engine);
    await engine.execute(insert(inspect(Item).table).values({ id: 1, name: 'one' }));
  });
  afterAll(async () => {
    await engine.dispose();
    await tracerProvider.shutdown();
  });

  it('a traced get() by key answers with one promise, under its ORM load span over its SELECT', async () => {
    const warm = new Session(engine);
    await warm.get(Item, 1); // the keyed select is prepared, the connection parked afterwards
    await warm.close();
    engine.flushTelemetry();
    await tracerProvider.forceFlush();
    exported.reset();
    let promises = 0;
    const hook = createHook({
      init(_id, type) {
        if (type === 'PROMISE') promises++;
      },
    });
    const s = new Session(engine);
    hook.enable();
    let got: Promise<Item | null>;
    try {
      got = s.get(Item, 1);
    } finally {
      hook.disable();
    }
    expect(promises).toBe(1);
    expect((await got)!.name).toBe('one');
    await s.close();
    engine.flushTelemetry();
    await tracerProvider.forceFlush();
    const spans = exported.getFinishedSpans();
    const load = spans.find((sp) => sp.name === 'ORM load Item')!;
    const reads = spans.filter((sp) => sp.parentSpanContext?.spanId === load.spanContext().spanId);
    expect(reads.map((r) => r.name)).toEqual(['SELECT tel_sync_items']);
    expect((await otel.collect()).get('db.client.operation.duration')!.length).toBeGreaterThan(0);
  });

  it('a loop that never yields to the event loop still hands its telemetry over, in bounded batches', async () => {
    const kept = new InMemorySpanExporter();
    const simple = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(kept)] });
    const e = createEngine('sqlite+better-sqlite3://', {
      telemetry: { tracerProvider: simple, metrics: false },
    });
    try {
      await registry.metadata.createAll(e);
      const items = inspect(Item).table;
      await e.execute(
        insert(items).values(Array.from({ length: 400 }, (_, i) => ({ id: i + 1, name: `n${i}` }))),
      );
      e.flushTelemetry();
      kept.reset();
      const s = new Session(e);
      // Each get() answers without a turn of the event loop: only microtasks run in between.
      for (let id = 1; id <= 400; id++) expect((await s.get(Item, id))!.id).toBe(id);
      const handedOver = kept.getFinishedSpans().length;
      expect(handedOver).toBeGreaterThan(0); // a load span and its SELECT per get: 800 spans
      expect(handedOver).toBeLessThan(800);
      e.flushTelemetry();
      expect(kept.getFinishedSpans().length).toBe(800);
      await s.close();
    } finally {
      await e.dispose();
    }
  });

  it('an SDK that throws while spans are made fails no operation: the error goes to the diagnostic logger', async () => {
    const failing = new BasicTracerProvider({
      spanProcessors: [
        {
          onStart: () => undefined,
          onEnd: () => {
            throw new Error('exporter is broken');
          },
          forceFlush: async () => undefined,
          shutdown: async () => undefined,
        },
      ],
    });
    const errors: unknown[][] = [];
    diag.setLogger(
      {
        error: (...args: unknown[]) => void errors.push(args),
        warn: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      DiagLogLevel.ERROR,
    );
    const e = createEngine('sqlite+better-sqlite3://', {
      telemetry: { tracerProvider: failing, metrics: false },
    });
    try {
      await registry.metadata.createAll(e);
      await e.execute(insert(inspect(Item).table).values({ id: 1, name: 'one' }));
      const s = new Session(e);
      expect((await s.get(Item, 1))!.name).toBe('one');
      await s.close();
      expect(() => e.flushTelemetry()).not.toThrow();
      expect(errors.map(([message]) => message)).toContain(
        'athanor: the OpenTelemetry SDK failed on a span or metric record',
      );
      expect(errors.map(([, error]) => (error as Error).message)).toContain('exporter is broken');
    } finally {
      diag.disable();
      await e.dispose();
    }
  });
});
