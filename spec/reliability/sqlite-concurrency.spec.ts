import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, Table } from '../../lib/decorators';
import { createEngine, type Engine } from '../../lib/drivers';
import { ArgumentError, DatabaseBusyError, PoolTimeoutError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { column, MetaData, select, table, text, types, update } from '../../lib/sql';
import { activeTargets, uniqueName } from '../support/dialects';

/**
 * SQLite under concurrent sessions, the way a web app makes them: a database file in WAL mode,
 * several pooled connections, write transactions that take the write lock at BEGIN
 * (`transaction_mode=immediate`) and wait for it up to busy_timeout; lock conflicts are
 * DatabaseBusyError; an in-memory database (one connection) fails fast instead of waiting 30 s.
 */
const sqliteEach = activeTargets().includes('sqlite') ? describe.each : describe.skip.each;

sqliteEach([
  ['sqlite3', 'sqlite'],
  ['better-sqlite3', 'sqlite+better-sqlite3'],
])('SQLite under concurrent sessions through %s', (_driver, scheme) => {
  const file = join(tmpdir(), `${uniqueName('rel_sqlite_conc')}.db`);
  const metadata = new MetaData();
  const counters = table(
    'counters',
    { id: column(types.integer(), { primaryKey: true }), n: column(types.integer()) },
    { metadata },
  );
  const registry = new Registry();
  @Table('visits', { registry })
  class Visit {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(20) }) who!: string;
  }
  const engines: Engine[] = [];
  const engine = (query: string, max = 5): Engine => {
    const e = createEngine(`${scheme}:///${file}${query}`, { pool: { max } });
    engines.push(e);
    return e;
  };
  const setup = () => engine('', 1);

  beforeAll(async () => {
    registry.configure();
    await metadata.createAll(setup());
    await registry.metadata.createAll(setup());
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  });
  const reset = async (id: number): Promise<void> => {
    await setup().execute(text('DELETE FROM counters WHERE id = :id', { id }));
    await setup().execute(text('INSERT INTO counters (id, n) VALUES (:id, 0)', { id }));
  };
  const counter = async (id: number): Promise<number> =>
    Number((await setup().execute(select(counters.c.n).where(counters.c.id.eq(id)))).scalar());
  const bump = (id: number, n: number) => update(counters).where(counters.c.id.eq(id)).values({ n });

  it('journal_mode=wal switches the file to WAL', async () => {
    const e = engine('?journal_mode=wal');
    expect(String((await e.execute(text('PRAGMA journal_mode'))).scalar())).toBe('wal');
  });

  it('a deferred transaction that read before another committed cannot write: DatabaseBusyError', async () => {
    await reset(1);
    const e = engine('?journal_mode=wal&transaction_mode=deferred');
    const [a, b] = [await e.connect(), await e.connect()];
    try {
      const ta = await a.begin();
      const tb = await b.begin();
      await a.execute(select(counters.c.n).where(counters.c.id.eq(1)));
      await b.execute(select(counters.c.n).where(counters.c.id.eq(1)));
      await a.execute(bump(1, 1));
      await ta.commit();
      const error = await b.execute(bump(1, 1)).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).sql).toMatch(/^UPDATE/);
      await tb.rollback();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('transaction_mode=immediate: the second writer waits at BEGIN, then reads the first one’s write', async () => {
    await reset(2);
    const e = engine('?journal_mode=wal&transaction_mode=immediate&busy_timeout=5000');
    const [a, b] = [await e.connect(), await e.connect()];
    const sent: string[] = [];
    e.on('beforeExecute', ({ sql }) => sent.push(sql));
    try {
      const ta = await a.begin();
      const tbPending = b.begin(); // waits for a's write lock
      const n = Number((await a.execute(select(counters.c.n).where(counters.c.id.eq(2)))).scalar());
      await a.execute(bump(2, n + 1));
      await ta.commit();
      const tb = await tbPending;
      const m = Number((await b.execute(select(counters.c.n).where(counters.c.id.eq(2)))).scalar());
      await b.execute(bump(2, m + 1));
      await tb.commit();
      expect(sent.filter((s) => s.startsWith('BEGIN'))).toEqual(['BEGIN IMMEDIATE', 'BEGIN IMMEDIATE']);
      expect(await counter(2)).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('20 concurrent read-then-write transactions on a pool of 5 all succeed and end exact', async () => {
    await reset(3);
    const e = engine('?journal_mode=wal&transaction_mode=immediate&busy_timeout=10000');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        e.transaction(async (conn) => {
          const n = Number((await conn.execute(select(counters.c.n).where(counters.c.id.eq(3)))).scalar());
          await conn.execute(bump(3, n + 1));
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await counter(3)).toBe(20);
    expect(e.poolStatus.used).toBe(0);
  });

  it('a pool of several connections on a file defaults to WAL and BEGIN IMMEDIATE: 20 concurrent ORM sessions all commit', async () => {
    const e = engine('');
    const sent: string[] = [];
    e.on('beforeExecute', ({ sql }) => sent.push(sql));
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const s = new Session(e);
        s.add(Object.assign(new Visit(), { id: 1001 + i, who: `d${i}` }));
        await s.commit();
      }),
    );
    expect(String((await e.execute(text('PRAGMA journal_mode'))).scalar())).toBe('wal');
    expect(sent.filter((sql) => sql.startsWith('BEGIN'))).toEqual(Array(20).fill('BEGIN IMMEDIATE'));
    const count = await setup().execute(text('SELECT count(*) AS n FROM visits WHERE id > 1000'));
    expect(Number(count.scalar())).toBe(20);
    await setup().execute(text('DELETE FROM visits WHERE id > 1000'));
  });

  it('the URL keeps its say: transaction_mode=deferred on a pool of several connections begins deferred', async () => {
    const e = engine('?transaction_mode=deferred');
    const sent: string[] = [];
    e.on('beforeExecute', ({ sql }) => sent.push(sql));
    await e.transaction(async (conn) => conn.execute(text('SELECT 1')));
    expect(sent.filter((sql) => sql.startsWith('BEGIN'))).toEqual(['BEGIN DEFERRED']);
  });

  it('20 concurrent ORM sessions writing on a pool of 5 all commit', async () => {
    const e = engine('?journal_mode=wal&transaction_mode=immediate&busy_timeout=10000');
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const s = new Session(e);
        s.add(Object.assign(new Visit(), { id: i + 1, who: `v${i}` }));
        await s.commit();
        await s.close();
      }),
    );
    expect(Number((await setup().execute(text('SELECT count(*) FROM visits'))).scalar())).toBe(20);
  });

  it('a writer that waits longer than busy_timeout for BEGIN IMMEDIATE gets DatabaseBusyError', async () => {
    const e = engine('?journal_mode=wal&transaction_mode=immediate&busy_timeout=300');
    const [a, b] = [await e.connect(), await e.connect()];
    try {
      const ta = await a.begin();
      const started = Date.now();
      const error = await b.begin().catch((err: unknown) => err);
      const waited = Date.now() - started;
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).sql).toBe('BEGIN IMMEDIATE');
      expect(waited).toBeGreaterThanOrEqual(250);
      await ta.rollback();
      // b is usable once the lock is free.
      const tb = await b.begin();
      await b.execute(bump(1, 7));
      await tb.commit();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a write outside a transaction waits out busy_timeout, then DatabaseBusyError', async () => {
    await reset(4);
    const e = engine('?journal_mode=wal&busy_timeout=300');
    const [a, b] = [await e.connect(), await e.connect()];
    try {
      const ta = await a.begin();
      await a.execute(bump(4, 1)); // a holds the write lock
      const error = await b.execute(bump(4, 2)).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      await ta.commit();
      expect(await counter(4)).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.each([
    ['?journal_mode=fast', /journal_mode/],
    ['?transaction_mode=later', /transaction_mode/],
    ['?busy_timeout=soon', /busy_timeout/],
  ])('refuses %s with an ArgumentError naming the option', async (query, name) => {
    const error = await engine(query)
      .execute(text('SELECT 1'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toMatch(name);
  });
});

sqliteEach([
  ['sqlite3', 'sqlite'],
  ['better-sqlite3', 'sqlite+better-sqlite3'],
])('SQLite in memory through %s: one connection', (_driver, scheme) => {
  let engine: Engine;
  const registry = new Registry();
  @Table('notes', { registry })
  class Note {
    @Column({ primaryKey: true }) id!: number;
  }
  beforeAll(async () => {
    engine = createEngine(`${scheme}://`);
    registry.configure();
    await registry.metadata.createAll(engine);
  });
  afterAll(() => engine.dispose());

  it('a second session waiting for the connection the first one holds fails fast, saying why', async () => {
    const a = new Session(engine);
    a.add(Object.assign(new Note(), { id: 1 }));
    await a.flush(); // a holds the only connection in its transaction
    const started = Date.now();
    const b = new Session(engine);
    const error = await b.get(Note, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolTimeoutError);
    expect((error as Error).message).toMatch(/one connection only.*Close \(commit or roll back\) the first/s);
    expect(Date.now() - started).toBeLessThan(5000);
    await a.commit();
    await a.close();
    expect(await b.get(Note, 1)).not.toBeNull();
    await b.close();
    expect(engine.poolStatus.used).toBe(0);
  });

  it('sessions that each finish their work still take turns on the one connection', async () => {
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const s = new Session(engine);
        s.add(Object.assign(new Note(), { id: 100 + i }));
        await s.commit();
        await s.close();
      }),
    );
    expect(Number((await engine.execute(text('SELECT count(*) FROM notes WHERE id >= 100'))).scalar())).toBe(
      30,
    );
  });
});
