/**
 * `session.load()` and lazy loads bind each chunk's keys into the relationship's prepared IN select
 * (lib/session/loading/prepared-in.ts, the one selectin loads use) instead of building, planning
 * and compiling a select per call. What they send must be the SQL and parameters of the select the
 * generic path builds (run here through `session.execute()`), for a one-to-many with an order, a
 * composite key, a many-to-many and a many-to-one; under a schema translation they compile anew.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import type { BeforeExecuteEvent } from '../../lib/drivers';
import { attrs, inspect, Registry, type Mapper } from '../../lib/mapper';
import { makeTransientToDetached, sessionFactory, type Session } from '../../lib/session';
import * as preparedInModule from '../../lib/session/loading/prepared-in';
import { select, text, types } from '../../lib/sql';
import { inSelectParts } from '../../lib/session/loading/relationship-loader';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('session.load() through the prepared IN select', (d) => {
  const registry = new Registry();
  const authors = d.uniqueName('lp_authors');
  const books = d.uniqueName('lp_books');
  const shelves = d.uniqueName('lp_shelves');
  const slots = d.uniqueName('lp_slots');
  const tags = d.uniqueName('lp_tags');
  const bookTags = d.uniqueName('lp_book_tags');

  @Table(authors, { registry })
  class Author {
    @Column({ primaryKey: true }) id!: number;
    @Relationship(() => Book, { backPopulates: 'author', orderBy: 'title' }) books!: Book[];
  }

  @Table(books, { registry })
  class Book {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(20) }) title!: string;
    @Column({ name: 'author_id', foreignKey: () => Author }) authorId!: number;
    @Relationship(() => Author, { backPopulates: 'books' }) author!: Author | null;
    @Relationship(() => Tag, { secondary: bookTags }) tags!: Tag[];
  }

  @Table(tags, { registry })
  class Tag {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(20) }) label!: string;
  }

  @Table(shelves, { registry })
  class Shelf {
    @Column({ primaryKey: true, type: types.string(10) }) code!: string;
    @Column({ primaryKey: true }) num!: number;
    @Relationship(() => Slot, { backPopulates: 'shelf' }) slots!: Slot[];
  }

  @Table(slots, {
    registry,
    foreignKeys: [{ columns: ['shelfCode', 'shelfNum'], references: () => Shelf }],
  })
  class Slot {
    @Column({ primaryKey: true }) id!: number;
    @Column({ name: 'shelf_code', type: types.string(10) }) shelfCode!: string;
    @Column({ name: 'shelf_num' }) shelfNum!: number;
    @Relationship(() => Shelf, { backPopulates: 'slots' }) shelf!: Shelf | null;
  }

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
    for (const sql of [
      `INSERT INTO ${authors} (id) VALUES (1), (2)`,
      `INSERT INTO ${books} (id, title, author_id) VALUES (10, 'b', 1), (11, 'a', 1), (12, 'c', 2)`,
      `INSERT INTO ${tags} (id, label) VALUES (100, 'x'), (101, 'y')`,
      `INSERT INTO ${bookTags} (${books}_id, ${tags}_id) VALUES (10, 100), (10, 101), (11, 101)`,
      `INSERT INTO ${shelves} (code, num) VALUES ('a', 1), ('b', 2)`,
      `INSERT INTO ${slots} (id, shelf_code, shelf_num) VALUES (1, 'a', 1), (2, 'a', 1), (3, 'b', 2)`,
    ])
      await d.engine.execute(text(sql));
  });
  afterAll(() => registry.metadata.dropAll(d.engine));

  /** The statements `fn` sends, SQL and parameters. */
  async function sent(fn: (s: Session) => Promise<void>): Promise<[string, unknown[]][]> {
    const out: [string, unknown[]][] = [];
    const off = d.engine.on(
      'beforeExecute',
      (e: BeforeExecuteEvent) => void out.push([e.sql, [...e.params]]),
    );
    const s = sessionFactory(d.engine)();
    try {
      await fn(s);
    } finally {
      off();
      await s.close();
    }
    return out;
  }

  /**
   * What the generic path sends for `keys`: the relationship's IN select as `loadManyOn` builds
   * it, run as an ORM select.
   */
  const generic = (cls: object, key: string, keys: unknown[][]) =>
    sent(async (s) => {
      const prop = (inspect(cls as never) as Mapper<object>).relationshipsByKey.get(key)!;
      const { items, where, orderBy } = inSelectParts(prop, keys);
      let stmt = select(...items).where(where);
      if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
      await s.execute(stmt);
    });

  it('one-to-many with an order: the same SQL and parameters, members in order', async () => {
    const spy = jest.spyOn(preparedInModule, 'preparedIn');
    try {
      let titles: string[] = [];
      const loaded = await sent(async (s) => {
        const [a1, a2] = await s.scalars(select(Author).orderBy(attrs(Author).id));
        spy.mockClear();
        await Promise.all([s.load(a1!, 'books'), s.load(a2!, 'books')]);
        titles = [...a1!.books, ...a2!.books].map((b) => b.title);
      });
      expect(titles).toEqual(['a', 'b', 'c']);
      expect(spy).toHaveBeenCalledTimes(1);
      const expected = await generic(Author, 'books', [[1], [2]]);
      expect(loaded.slice(1)).toEqual(expected);
    } finally {
      spy.mockRestore();
    }
  });

  it('a composite key: the same SQL and parameters', async () => {
    let ids: number[] = [];
    const loaded = await sent(async (s) => {
      const shelf = (await s.get(Shelf, ['a', 1]))!;
      await s.load(shelf, 'slots');
      ids = shelf.slots.map((x) => x.id).sort();
    });
    expect(ids).toEqual([1, 2]);
    const expected = await generic(Shelf, 'slots', [['a', 1]]);
    expect(loaded.slice(1)).toEqual(expected);
  });

  it('a many-to-many and a many-to-one: the same SQL and parameters', async () => {
    let labels: string[] = [];
    let author: number | undefined;
    const loaded = await sent(async (s) => {
      const book = (await s.get(Book, 10))!;
      await s.load(book, 'tags');
      labels = book.tags.map((t) => t.label).sort();
      await s.load(book, 'author');
      author = book.author?.id;
    });
    expect(labels).toEqual(['x', 'y']);
    expect(author).toBe(1);
    const expected = [...(await generic(Book, 'tags', [[10]])), ...(await generic(Book, 'author', [[1]]))];
    expect(loaded.slice(1)).toEqual(expected);
  });

  it('compiles anew under a schemaTranslateMap instead of sending the declared schema', async () => {
    const s = sessionFactory(d.engine, { executionOptions: { schemaTranslateMap: { null: 'elsewhere' } } })();
    // Made persistent without a statement (the tables are not in schema "elsewhere").
    const author = Object.assign(new Author(), { id: 1 });
    makeTransientToDetached(author);
    s.add(author);
    const out: string[] = [];
    const off = d.engine.on('beforeExecute', (e: BeforeExecuteEvent) => void out.push(e.sql));
    try {
      await expect(s.load(author, 'books')).rejects.toThrow();
    } finally {
      off();
      await s.close();
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('elsewhere');
    expect(out[0]).toContain(books);
  });
});
