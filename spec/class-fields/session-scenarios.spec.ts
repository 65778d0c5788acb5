import { IntegrityError, LazyLoadError } from '../../lib/errors';
import { attrs, inspect, instanceState, isTrackedCollection } from '../../lib/mapper';
import { select, type Table } from '../../lib/sql';
import type { Engine } from '../../lib/drivers';
import { describeEachDialect } from '../support/dialects';
import { sessionOpener } from '../session/fixtures';
import { CREATED_AT, defineLibrary, fieldsMode, initializerRuns } from './entities';

/**
 * The same entities and unit-of-work scenarios, run by both jest projects: compiled with class
 * fields as assignments and as own-property definitions. Every expectation is the same for both.
 */
describeEachDialect(
  `entities with ${fieldsMode}`,
  (d) => {
    const { Author, Book, Tag, Staff, Manager, Engineer, Memo } = defineLibrary(d);
    const newSession = sessionOpener(d);
    let reader: Engine;
    beforeAll(() => {
      reader = d.newEngine();
    });
    const tableOf = (cls: abstract new (...args: never[]) => object): Table =>
      inspect(cls as new () => object).table;
    /** The rows of `cls`'s table with primary key `id`, read on a separate connection. */
    const rowsOf = async (cls: abstract new (...args: never[]) => object, id: number) => {
      const t = tableOf(cls);
      return (await reader.execute(select(...t.columns).where(t.c['id']!.eq(id)))).all() as Record<
        string,
        unknown
      >[];
    };
    let seq = 0;
    const email = (tag: string): string => `${tag}-${seq++}-${d.target}@fields.example`;

    it('keeps no own property for a mapped attribute; initializers and the constructor set them', () => {
      const a = new Author('ctor@fields.example');
      expect(Object.keys(a)).toEqual(['note']);
      expect(a.email).toBe('ctor@fields.example');
      expect(a.createdAt).toEqual(CREATED_AT);
      expect(a.rating).toBe(3);
      expect(isTrackedCollection(a.books)).toBe(true);
      expect(a.nickname).toBeUndefined();
      expect(Object.keys(instanceState(a).dict).sort()).toEqual(['books', 'createdAt', 'email', 'rating']);
      expect(JSON.parse(JSON.stringify(a))).toEqual({
        email: 'ctor@fields.example',
        createdAt: CREATED_AT.toISOString(),
        rating: 3,
        books: [],
        note: 'unmapped',
      });
    });

    it('INSERTs every column that is set, NOT NULL and nullable alike (read back on another connection)', async () => {
      const session = newSession();
      const a = Object.assign(new Author(), { email: email('insert'), nickname: 'nick' });
      const b = Object.assign(new Book(), { title: 'Title', subtitle: 'Subtitle' });
      a.books.push(b);
      session.add(a);
      await session.commit();
      expect(await rowsOf(Author, a.id)).toEqual([
        { id: a.id, email: a.email, nickname: 'nick', createdAt: CREATED_AT, rating: 3 },
      ]);
      expect(await rowsOf(Book, b.id)).toEqual([
        { id: b.id, title: 'Title', subtitle: 'Subtitle', authorId: a.id },
      ]);
    });

    it('keeps both sides of a relationship in sync before add(), and cascades the children', async () => {
      const a = Object.assign(new Author(), { email: email('sync') });
      const b1 = Object.assign(new Book(), { title: 'assigned' });
      b1.author = a;
      expect(a.books).toEqual([b1]);
      const b2 = Object.assign(new Book(), { title: 'pushed' });
      a.books.push(b2);
      expect(b2.author).toBe(a);
      const session = newSession();
      session.add(a);
      expect(session.new).toHaveLength(3);
      await session.commit();
      expect((await rowsOf(Book, b1.id))[0]).toMatchObject({ title: 'assigned', authorId: a.id });
      expect((await rowsOf(Book, b2.id))[0]).toMatchObject({ title: 'pushed', authorId: a.id });
    });

    it('loads rows without running field initializers or the constructor', async () => {
      const session = newSession();
      const a = Object.assign(new Author(), { email: email('load'), rating: 7 });
      session.add(a);
      await session.commit();
      const runs = initializerRuns.createdAt;
      const other = newSession();
      const [loaded] = await other.scalars(select(Author).where(attrs(Author).id.eq(a.id)));
      expect(initializerRuns.createdAt).toBe(runs);
      expect(loaded).toBeInstanceOf(Author);
      expect(loaded).not.toBe(a);
      expect(Object.keys(loaded!)).toEqual([]);
      expect(loaded!.rating).toBe(7);
      expect(loaded!.createdAt).toEqual(CREATED_AT);
      expect(loaded!.note).toBeUndefined();
      expect(() => loaded!.books).toThrow(LazyLoadError);
    });

    it('UPDATEs what changes after a load, and merge() copies a constructed object', async () => {
      const session = newSession();
      const a = Object.assign(new Author(), { email: email('merge') });
      session.add(a);
      await session.commit();
      const other = newSession();
      const [loaded] = await other.scalars(select(Author).where(attrs(Author).id.eq(a.id)));
      loaded!.nickname = 'updated';
      await other.commit();
      expect((await rowsOf(Author, a.id))[0]).toMatchObject({ nickname: 'updated', rating: 3 });

      const third = newSession();
      const detached = Object.assign(new Author(), { id: a.id, email: 'merged@fields.example', rating: 9 });
      const merged = await third.merge(detached);
      expect(merged).not.toBe(detached);
      expect(merged.email).toBe('merged@fields.example');
      await third.commit();
      expect((await rowsOf(Author, a.id))[0]).toMatchObject({ email: 'merged@fields.example', rating: 9 });
    });

    it('merge() copies an initialized empty collection like any other assigned value', async () => {
      const session = newSession();
      const a = Object.assign(new Author(), { email: email('merge-books') });
      const b = Object.assign(new Book(), { title: 'orphaned by merge' });
      a.books.push(b);
      session.add(a);
      await session.commit();
      const other = newSession();
      const merged = await other.merge(Object.assign(new Author(), { id: a.id, email: a.email }));
      expect(merged.books).toEqual([]);
      await other.commit();
      expect(await rowsOf(Book, b.id)).toEqual([]);
    });

    it('fills many-to-many collections initialized with [] on both sides', async () => {
      const a = Object.assign(new Author(), { email: email('tags') });
      const b = Object.assign(new Book(), { title: 'tagged' });
      const t = Object.assign(new Tag(), { name: `t${seq++}` });
      a.books.push(b);
      b.tags.push(t);
      expect(t.books).toEqual([b]);
      const session = newSession();
      session.add(a);
      await session.commit();
      const other = newSession();
      const [tag] = await other.scalars(select(Tag).where(attrs(Tag).id.eq(t.id)));
      await other.load(tag!, 'books');
      expect(tag!.books.map((x) => x.title)).toEqual(['tagged']);
    });

    it('maps inherited and own fields of single-table and joined subclasses', async () => {
      const session = newSession();
      const m = Object.assign(new Manager(), { name: 'mona' });
      const e = Object.assign(new Engineer(), { name: 'ed', language: 'sql' });
      expect(Object.keys(m)).toEqual([]);
      expect(m.level).toBe(1);
      session.add(m);
      session.add(e);
      await session.commit();
      expect((await rowsOf(Staff, m.id))[0]).toMatchObject({ kind: 'manager', name: 'mona', level: 1 });
      expect((await rowsOf(Engineer, e.id))[0]).toMatchObject({ id: e.id, language: 'sql' });
      const other = newSession();
      const s = attrs(Staff);
      const loaded = await other.scalars(
        select(Staff)
          .where(s.id.in([m.id, e.id]))
          .orderBy(s.id),
      );
      expect(loaded.map((x) => x.constructor)).toEqual([Manager, Engineer]);
      expect((loaded[0] as InstanceType<typeof Manager>).level).toBe(1);
      expect(loaded[1]!.name).toBe('ed');
    });

    it('adopts the fields of a class mapped with registry.map() when the session first sees it', async () => {
      const session = newSession();
      const memo = Object.assign(new Memo(), { body: 'remember' });
      session.add(memo);
      expect(Object.keys(memo)).toEqual([]);
      await session.commit();
      expect(await rowsOf(Memo, memo.id)).toEqual([{ id: memo.id, body: 'remember' }]);
    });

    it('fails the same way when a NOT NULL column is left unset', async () => {
      const session = newSession();
      const a = Object.assign(new Author(), { email: email('notnull') });
      a.books.push(new Book());
      session.add(a);
      await expect(session.commit()).rejects.toThrow(IntegrityError);
    });
  },
  { sqliteFile: true },
);
