/**
 * The row readers of an ORM select are made once per statement (its result columns and items) and
 * reused by later executions; what belongs to one execution (the session, its identity map,
 * populateExisting, a locking read) is never kept in them.
 */
import { Column, Table } from '../../lib/decorators';
import { createEngine, type Engine } from '../../lib/drivers';
import { StaleDataError } from '../../lib/errors';
import { attrs, entityMapper, Registry } from '../../lib/mapper';
import { sessionFactory, Session, type SessionFactory } from '../../lib/session';
import { literal, select, text, types } from '../../lib/sql';

const registry = new Registry();
@Table('reused_reader_notes', { registry })
class Note {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(40) }) body!: string;
  @Column({ version: true }) version!: number;
}

describe.each(['sqlite+better-sqlite3://', 'sqlite://'])('reused row readers on %s', (url) => {
  let engine: Engine;
  let Session: SessionFactory;
  const n = attrs(Note);

  beforeAll(async () => {
    registry.configure();
    engine = createEngine(url, { pool: { max: 1 } });
    Session = sessionFactory(engine, { expireOnCommit: false });
    await registry.metadata.createAll(engine);
    await engine.execute(
      text(`INSERT INTO reused_reader_notes (id, body, version) VALUES (1, 'one', 1), (2, 'two', 1)`),
    );
  });
  afterAll(() => engine.dispose());

  /** Changes a row on the session's own connection (a memory database is one connection's). */
  const setBody = (s: Session, id: number, body: string, version: number): Promise<unknown> =>
    s.execute(text(`UPDATE reused_reader_notes SET body = '${body}', version = ${version} WHERE id = ${id}`));

  it('a repeated get() and select make no new row reader', async () => {
    const mapper = entityMapper(Note)!;
    const run = async (): Promise<void> => {
      const s = Session();
      try {
        await s.get(Note, 1);
        await s.scalars(select(Note).where(n.id.le(2)).orderBy(n.id));
      } finally {
        await s.close();
      }
    };
    // The first execution compiles; the statement cache serves its SQL from the second one on.
    await run();
    await run();
    const spy = jest.spyOn(mapper, 'rowReader');
    try {
      await run();
      await run();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('each session gets its own objects from the same statement', async () => {
    // One after the other: a memory database is one pooled connection.
    const a = Session();
    const b = Session();
    try {
      const fromA = await a.get(Note, 1);
      const listA = await a.scalars(select(Note).orderBy(n.id));
      await a.commit();
      const fromB = await b.get(Note, 1);
      const listB = await b.scalars(select(Note).orderBy(n.id));
      expect(fromB).not.toBe(fromA);
      expect(listA[0]).toBe(fromA);
      expect(listB[0]).toBe(fromB);
      expect(listA.every((o) => a.contains(o) && !b.contains(o))).toBe(true);
      expect(listB.every((o) => b.contains(o) && !a.contains(o))).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('populateExisting applies to the execution that asks for it only', async () => {
    const s = Session();
    try {
      const stmt = () => select(Note).where(n.id.eq(2));
      const note = (await s.scalars(stmt()))[0]!;
      expect(note.body).toBe('two');
      await setBody(s, 2, 'two-b', 1);
      expect((await s.scalars(stmt()))[0]!.body).toBe('two');
      expect((await s.scalars(stmt(), { populateExisting: true }))[0]!.body).toBe('two-b');
      await setBody(s, 2, 'two-c', 1);
      expect((await s.scalars(stmt()))[0]!.body).toBe('two-b');
    } finally {
      await s.close();
    }
  });

  it('a locking read checks versions only when it locks', async () => {
    const s = Session();
    try {
      const byId = select(Note).where(n.id.eq(1));
      await s.scalars(byId);
      await setBody(s, 1, 'one-b', 2);
      // A plain read of the same object keeps it; the locking one finds its version changed.
      await expect(s.scalars(select(Note).where(n.id.eq(1)))).resolves.toHaveLength(1);
      await expect(s.scalars(select(Note).where(n.id.eq(1)).forUpdate())).rejects.toThrow(StaleDataError);
      await expect(s.scalars(select(Note).where(n.id.eq(1)))).resolves.toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('column items of one SQL built anew read their own positions', async () => {
    const s = Session();
    try {
      for (const tag of ['x', 'x']) {
        const rows = await s.execute(select(literal(tag), n.body, Note).where(n.id.eq(1)));
        const [row] = rows.all();
        expect(row![0]).toBe(tag);
        expect(row![1]).toBe('one');
        expect(row![2]).toBeInstanceOf(Note);
        expect(s.contains(row![2] as Note)).toBe(true);
      }
    } finally {
      await s.close();
    }
  });
});
