/**
 * `merge(obj, { load: false })` of an object with a deferred column — ported from SQLAlchemy's
 * test/orm/test_merge.py (DeferredMergeTest). The copy keeps the column deferred: loading its
 * expired attributes reads the row without it, and `refresh(obj, [key])` reads it alone.
 * SQLAlchemy reads each on attribute access; Athanor raises there and loads on request.
 */
import { UnloadedAttributeError } from '../../lib/errors';
import { Column, Table } from '../../lib/decorators';
import { attrs, instanceState } from '../../lib/mapper';
import { defer } from '../../lib/session';
import { select, types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

const selects = (sent: readonly { sql: string }[]): string[] =>
  sent.map((s) => s.sql).filter((sql) => /^\s*SELECT/i.test(sql));

conformanceSuite('test_merge.py DeferredMergeTest', (c) => {
  const { Book, PlainBook } = c.entities((registry, name) => {
    @Table(name('book'), { registry })
    class Book {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(200) }) title!: string;
      @Column({ type: types.string(2000), nullable: true }) summary!: string | null;
      @Column({ type: types.text(), nullable: true, deferred: true }) excerpt!: string | null;
    }
    @Table(name('plain_book'), { registry })
    class PlainBook {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(200) }) title!: string;
      @Column({ type: types.string(2000), nullable: true }) summary!: string | null;
      @Column({ type: types.text(), nullable: true }) excerpt!: string | null;
    }
    return { Book, PlainBook };
  });
  afterEach(() => c.clear(Book, PlainBook));

  /** Stores the book, loads it (through `query`), expires its summary and detaches it. */
  async function detachedBook<B extends InstanceType<typeof Book> | InstanceType<typeof PlainBook>>(
    cls: new () => B,
    query: (s: ReturnType<typeof c.session>) => Promise<B>,
  ): Promise<B> {
    const s = c.session();
    s.add(
      make(cls, {
        id: 1,
        title: 'Essential SQLAlchemy',
        summary: 'some summary',
        excerpt: 'some excerpt',
      } as unknown as Partial<B>),
    );
    await s.commit();
    const b1 = await query(s);
    expect(instanceState(b1).isLoaded('excerpt')).toBe(false);
    s.expire(b1, ['summary']);
    await s.close();
    return b1;
  }

  async function mergeAndLoad<B extends InstanceType<typeof Book> | InstanceType<typeof PlainBook>>(
    cls: new () => B,
    b1: B,
  ): Promise<void> {
    const s = c.session();
    c.sql.start();
    const b2 = await s.merge(b1, { load: false });
    expect(selects(c.sql.stop())).toEqual([]);
    const st = instanceState(b2);
    expect(() => b2.summary).toThrow(UnloadedAttributeError);
    expect(st.isDeferred('excerpt')).toBe(true);

    // The expired summary: the row is read without the deferred excerpt.
    c.sql.start();
    await s.get(cls, 1);
    expect(b2.summary).toBe('some summary');
    expect(st.isLoaded('excerpt')).toBe(false);
    const [first] = selects(c.sql.stop());
    expect(first).toMatch(/summary/);
    expect(first).not.toMatch(/excerpt/);

    // Then the excerpt alone.
    c.sql.start();
    await s.refresh(b2, ['excerpt']);
    expect(b2.excerpt).toBe('some excerpt');
    expect(st.isLoaded('excerpt')).toBe(true);
    const [second] = selects(c.sql.stop());
    expect(second).toMatch(/excerpt/);
    expect(second).not.toMatch(/summary/);
  }

  it('a column deferred by its mapping stays deferred on the copy [test_merge.py::DeferredMergeTest::test_deferred_column_keyed_dict]', async () => {
    const b1 = await detachedBook(Book, async (s) => (await s.scalars(select(Book)))[0]!);
    await mergeAndLoad(Book, b1);
  });

  it('a column deferred by the query stays deferred on the copy [test_merge.py::DeferredMergeTest::test_deferred_column_query]', async () => {
    const b1 = await detachedBook(
      PlainBook,
      async (s) => (await s.scalars(select(PlainBook).options(defer(attrs(PlainBook).excerpt))))[0]!,
    );
    await mergeAndLoad(PlainBook, b1);
  });
});
