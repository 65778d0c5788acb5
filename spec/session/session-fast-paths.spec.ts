/**
 * The per-statement path of a session: a read-only session borrows a pooled connection and
 * gives it back at close without any statement of its own; sessions that wrote still roll back.
 */
import { Column, Table } from '../../lib/decorators';
import { createEngine } from '../../lib/drivers';
import { Registry } from '../../lib/mapper';
import { sessionFactory } from '../../lib/session';
import { types } from '../../lib/sql';

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
