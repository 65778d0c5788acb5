/**
 * The per-statement path of a session: a read-only session borrows a pooled connection and
 * gives it back at close without any statement of its own; sessions that wrote still roll back.
 * Its bookkeeping is made on demand: a read-only session allocates none of the unit of work's
 * collections, the engine's checkout is a promise (never a synchronous throw), and a stream started
 * behind statements still in flight waits for them.
 */
import { Column, Table } from '../../lib/decorators';
import { createEngine } from '../../lib/drivers';
import { ArgumentError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { sessionFactory, type Session } from '../../lib/session';
import { select, text, types } from '../../lib/sql';

const registry = new Registry();

@Table('fast_path_notes', { registry })
class Note {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(40) }) body!: string;
}

async function setUp() {
  registry.configure();
  const engine = createEngine('sqlite://');
  await registry.metadata.createAll(engine);
  const Session = sessionFactory(engine);
  await Session.begin(async (s) =>
    s.addAll([1, 2].map((id) => Object.assign(new Note(), { id, body: `n${id}` }))),
  );
  const sql: string[] = [];
  const pool: string[] = [];
  engine.on('beforeExecute', (e) => sql.push(e.sql.split(' ')[0]!));
  engine.on('checkout', (e) => pool.push(`out ${e.connectionId}`));
  engine.on('checkin', (e) => pool.push(`in ${e.connectionId}`));
  return { engine, Session, sql, pool };
}

describe('session per-statement path', () => {
  it('a read-only session sends only its SELECTs and returns the same pooled connection each time', async () => {
    const { engine, Session, sql, pool } = await setUp();
    for (const id of [1, 2, 1]) {
      const s = Session();
      expect((await s.get(Note, id))!.body).toBe(`n${id}`);
      expect(await s.get(Note, id)).toBe(await s.get(Note, id)); // identity map: no more SELECTs
      await s.close();
      expect(engine.poolStatus.used).toBe(0);
    }
    expect(sql).toEqual(['SELECT', 'SELECT', 'SELECT']);
    const id = pool[0]!.split(' ')[1];
    expect(pool).toEqual([`out ${id}`, `in ${id}`, `out ${id}`, `in ${id}`, `out ${id}`, `in ${id}`]);
    await engine.dispose();
  });

  it('a session that flushed rolls back at close; one that committed sends COMMIT once', async () => {
    const { engine, Session, sql } = await setUp();
    const s = Session();
    s.add(Object.assign(new Note(), { id: 3, body: 'draft' }));
    await s.flush();
    await s.close();
    expect(sql).toEqual(['BEGIN', 'INSERT', 'ROLLBACK']);
    expect(engine.poolStatus.used).toBe(0);
    sql.length = 0;
    let committed = 0;
    await Session.begin(async (t) => {
      t.on('afterCommit', () => void committed++);
      (await t.get(Note, 1))!.body = 'edited';
    });
    expect(sql).toEqual(['BEGIN', 'SELECT', 'UPDATE', 'COMMIT']);
    expect(committed).toBe(1);
    const check = Session();
    expect((await check.get(Note, 1))!.body).toBe('edited');
    expect(await check.get(Note, 3)).toBeNull();
    await check.close();
    await engine.dispose();
  });
});

/** The unit of work's collections that exist so far. */
function allocated(session: Session): string[] {
  const uow = (session as unknown as { uow: Record<string, unknown> }).uow;
  return ['pendingSet', 'dirtySet', 'deletedSet', 'reloads'].filter((k) => uow[k] !== undefined);
}

describe('lazy session bookkeeping', () => {
  it('a read-only session allocates no unit-of-work collection; writes still track and settle', async () => {
    const { engine, Session } = await setUp();
    const s = Session();
    const note = (await s.get(Note, 1))!;
    expect(note.body).toBe('n1');
    // The transaction of a session that only read records nothing: no sets of touched objects.
    expect(s.getTransaction()!.touchedSoFar).toBeUndefined();
    await s.close();
    expect(allocated(s)).toEqual([]);
    const fields = s as unknown as Record<string, unknown>;
    expect([fields.events, fields.loadQueue]).toEqual([undefined, undefined]);
    expect(s.contains(note)).toBe(false);

    const w = Session();
    const flushes: string[] = [];
    w.on('afterFlush', () => void flushes.push('flushed'));
    const added = Object.assign(new Note(), { id: 3, body: 'n3' });
    w.add(added);
    expect(w.new).toEqual([added]);
    await w.flush();
    expect(flushes).toEqual(['flushed']);
    expect([...w.getTransaction()!.touchedSoFar!.inserted].map((st) => st.obj)).toEqual([added]);
    expect(allocated(w)).toContain('pendingSet');
    expect(w.contains(added)).toBe(true);
    await w.close(); // rolled back: the inserted object is transient again
    expect(w.contains(added)).toBe(false);
    const r = Session();
    expect(await r.get(Note, 3)).toBeNull();
    await r.close();
    await engine.dispose();
  });

  it('connect() on a disposed engine rejects instead of throwing synchronously', async () => {
    const { engine } = await setUp();
    await engine.dispose();
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = engine.connect())).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(ArgumentError);
  });

  it('a stream started behind statements in flight (one failing) runs after them', async () => {
    const { engine } = await setUp();
    const conn = await engine.connect();
    const order: string[] = [];
    engine.on('beforeExecute', ({ sql }) => order.push(sql.split(' ')[0]!));
    try {
      const failing = conn.execute(text('SELECT * FROM no_such_table')).catch(() => 'failed');
      const counting = conn.execute(text('SELECT count(*) AS n FROM fast_path_notes'));
      const rows: unknown[] = [];
      for await (const row of conn.stream(select(registry.metadata.tables.get('fast_path_notes')!.c.id))) {
        rows.push(row);
      }
      expect(await failing).toBe('failed');
      expect((await counting).all()).toEqual([{ n: 2 }]);
      expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
      expect(order).toEqual(['SELECT', 'SELECT', 'SELECT']);
      expect(conn.closeIdle()).toBe(true);
      expect(engine.poolStatus.used).toBe(0);
    } finally {
      await conn.close();
      await engine.dispose();
    }
  });
});
