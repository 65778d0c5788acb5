/**
 * On a driver that runs statements in the calling thread (better-sqlite3), `session.get()` by key
 * answers through the synchronous path (`StatementRunner.executeNow`): no promise per layer, the
 * same events, and errors still arrive as rejections, never as synchronous throws.
 */
import { createHook } from 'node:async_hooks';
import { Column, Table } from '../../lib/decorators';
import { createEngine, type Engine } from '../../lib/drivers';
import { ProgrammingError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { sessionFactory, type SessionFactory } from '../../lib/session';
import { text, types } from '../../lib/sql';

/** The promises `fn` creates before it returns (its synchronous part only). */
function promisesMadeBy<T>(fn: () => T): { value: T; promises: number } {
  let promises = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') promises++;
    },
  });
  hook.enable();
  try {
    return { value: fn(), promises };
  } finally {
    hook.disable();
  }
}

const registry = new Registry();
@Table('sync_get_notes', { registry })
class Note {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(40) }) body!: string;
}

describe.each(['sqlite+better-sqlite3://', 'sqlite://'])('get() by key on %s', (url) => {
  const synchronous = url.startsWith('sqlite+better-sqlite3');
  let engine: Engine;
  let Session: SessionFactory;

  beforeAll(async () => {
    registry.configure();
    engine = createEngine(url);
    Session = sessionFactory(engine);
    await registry.metadata.createAll(engine);
    await engine.execute(text(`INSERT INTO sync_get_notes (id, body) VALUES (1, 'one'), (2, 'two')`));
  });
  afterAll(() => engine.dispose());

  it('a synchronous driver answers with one promise for get() and none of its own for close()', async () => {
    const s = Session();
    await s.get(Note, 2); // the keyed select is prepared, the connection parked afterwards
    await s.close();
    const t = Session();
    const get = promisesMadeBy(() => t.get(Note, 1));
    if (synchronous) expect(get.promises).toBe(1);
    else expect(get.promises).toBeGreaterThan(1);
    expect((await get.value)!.body).toBe('one');
    const close = promisesMadeBy(() => t.close());
    if (synchronous) expect(close.promises).toBe(0);
    await close.value;
    expect(engine.poolStatus.used).toBe(0);
  });

  it('fires beforeExecute and afterExecute around the statement, in order', async () => {
    const seen: string[] = [];
    const offBefore = engine.on('beforeExecute', (e) => void seen.push(`before ${e.sql.split(' ')[0]}`));
    const offAfter = engine.on('afterExecute', (e) => void seen.push(`after ${e.rowCount}`));
    const s = Session();
    try {
      expect((await s.get(Note, 2))!.body).toBe('two');
      expect(await s.get(Note, 3)).toBeNull();
    } finally {
      await s.close();
      offBefore();
      offAfter();
    }
    expect(seen).toEqual(['before SELECT', 'after 1', 'before SELECT', 'after 0']);
  });

  it('flushes a pending object before the read, and finds it', async () => {
    const seen: string[] = [];
    const off = engine.on('beforeExecute', (e) => void seen.push(e.sql.split(' ')[0]!));
    const s = Session();
    try {
      s.add(Object.assign(new Note(), { id: 5, body: 'five' }));
      const found = await s.get(Note, 5);
      expect(found!.body).toBe('five');
      await s.rollback();
    } finally {
      await s.close();
      off();
    }
    expect(seen).toEqual(['BEGIN', 'INSERT', 'SELECT', 'ROLLBACK']);
    const again = Session();
    expect(await again.get(Note, 5)).toBeNull();
    await again.close();
  });

  it('a failing statement rejects with the typed error (no synchronous throw) and frees the connection', async () => {
    const gone = new Registry();
    @Table('sync_get_gone', { registry: gone })
    class Gone {
      @Column({ primaryKey: true }) id!: number;
    }
    gone.configure();
    await gone.metadata.createAll(engine);
    const s = Session();
    await s.get(Gone, 1); // prepared and cached while the table exists
    await s.close();
    await gone.metadata.dropAll(engine);
    const t = Session();
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = t.get(Gone, 1))).not.toThrow();
    await expect(pending).rejects.toThrow(ProgrammingError);
    await t.close();
    expect(engine.poolStatus.used).toBe(0);
    const u = Session();
    expect((await u.get(Note, 1))!.body).toBe('one');
    await u.close();
  });
});
