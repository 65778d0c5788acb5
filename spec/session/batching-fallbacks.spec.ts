import { Column, Relationship, Table } from '../../lib/decorators';
import { instanceState, Registry, type InstanceState } from '../../lib/mapper';
import { compile, getDialect, types, type DialectName, type Executable } from '../../lib/sql';
import { executeFlush } from '../../lib/session/flush/flush-executor';
import { buildFlushPlan, saveUpdateChildren } from '../../lib/session/flush/flush-plan';
import { FlushJournal } from '../../lib/session/flush/journal';
import { IdentityMap } from '../../lib/session/identity-map';

/**
 * The batching strategy of dialects without a server here (MySQL 8, SQL Server, Oracle), proven
 * on the SQL the flush sends to a fake connection that hands out keys.
 */
describe('flush batching per dialect (fake connection)', () => {
  const registry = new Registry();
  @Table('fb_authors', { registry })
  class Author {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Relationship(() => Book, { backPopulates: 'author' }) books!: Book[];
  }
  @Table('fb_books', { registry })
  class Book {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) title!: string;
    @Column({ foreignKey: () => Author }) authorId!: number;
    @Relationship(() => Author, { backPopulates: 'books' }) author!: Author | null;
  }

  async function flushOn(dialect: DialectName, objs: object[]): Promise<string[]> {
    const sql: string[] = [];
    let nextId = 1;
    // What session.add() would do: the objects and what their save-update cascades reach.
    const pending = new Set<InstanceState>();
    const attach = (s: InstanceState): void => {
      if (pending.has(s)) return;
      pending.add(s);
      s.status = 'pending';
      saveUpdateChildren(s).forEach(attach);
    };
    objs.forEach((o) => attach(instanceState(o)));
    const plan = await buildFlushPlan({
      pendingStates: () => pending,
      dirtyStates: () => [],
      deletedStates: () => [],
      contains: (s) => pending.has(s),
      expunge: () => undefined,
      warn: () => undefined,
      loadRelationship: async () => undefined,
    });
    const d = getDialect(dialect);
    await executeFlush({
      plan,
      conn: {
        dialect: d,
        run: async (stmt: Executable) => {
          const q = compile(stmt, d);
          sql.push(q.sql);
          const rowCount = /^INSERT/.test(q.sql) ? (q.sql.match(/\),\s*\(|UNION ALL/g)?.length ?? 0) + 1 : 1;
          const rows = q.columns.length
            ? Array.from({ length: rowCount }, () => ({ [q.columns[0]!.name]: nextId++ }))
            : [];
          return {
            rows,
            rowCount,
            columns: q.columns,
            lastInsertId: q.columns.length ? undefined : nextId++,
          };
        },
      },
      journal: new FlushJournal(),
      identityMap: new IdentityMap(),
      synced: new Map(),
      inserted: new Set(),
      warn: () => undefined,
    });
    return sql;
  }

  const graph = () => {
    registry.configure();
    const authors = [1, 2, 3].map((i) => Object.assign(new Author(), { name: `a${i}` }));
    authors.forEach(
      (a) =>
        (a.books = [Object.assign(new Book(), { title: 'x' }), Object.assign(new Book(), { title: 'y' })]),
    );
    return authors;
  };

  it.each(['postgresql', 'sqlite', 'mariadb', 'mssql'] as const)(
    '%s: one multi-row INSERT returning keys per table',
    async (dialect) => {
      const authors = graph();
      const sql = await flushOn(dialect, authors);
      expect(sql).toHaveLength(2);
      expect(sql[0]).toMatch(dialect === 'mssql' ? /OUTPUT INSERTED/ : /RETURNING/);
      expect(authors.map((a) => a.id)).toEqual([1, 2, 3]);
      expect(authors[2]!.books.map((b) => b.authorId)).toEqual([3, 3]);
    },
  );

  it('mysql (no RETURNING): one INSERT per row reading insertId when keys are generated', async () => {
    const authors = graph();
    const sql = await flushOn('mysql', authors);
    expect(sql).toHaveLength(9);
    expect(sql.every((s) => !/RETURNING/.test(s) && !/\),\s*\(/.test(s))).toBe(true);
    expect(authors[1]!.books[0]!.authorId).toBe(authors[1]!.id);
  });

  it('mysql: rows that carry their own keys still go out as one multi-row INSERT', async () => {
    registry.configure();
    const authors = [1, 2, 3].map((i) => Object.assign(new Author(), { id: 100 + i, name: `k${i}` }));
    const sql = await flushOn('mysql', authors);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/VALUES \(.*\), \(.*\), \(.*\)/);
  });

  it('oracle (RETURNING … INTO, one row at a time): one INSERT per row when keys are generated', async () => {
    const authors = graph();
    const sql = await flushOn('oracle', authors);
    expect(sql).toHaveLength(9);
    expect(sql.every((s) => /RETURNING .* INTO/.test(s))).toBe(true);
  });
});
