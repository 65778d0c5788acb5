/**
 * `createAll()` writes the comments a table and its columns declare: inside the definitions on
 * MySQL/MariaDB, as COMMENT ON statements on PostgreSQL; read back by reflection on another engine.
 */
import '../../lib/entries/built-in-dialects';
import { MetaData, column, compile, getDialect, table, text, types } from '../../lib/sql';
import { commentsOf } from '../../lib/sql/statements/ddl';
import { describeEachDialect } from '../support/dialects';

describeEachDialect(
  'createAll writes comments',
  (d) => {
    it("reflects the table's and the columns' comments on another connection", async () => {
      const name = d.uniqueName('mg_comments');
      const metadata = new MetaData();
      table(
        name,
        {
          id: column(types.integer(), { primaryKey: true }),
          body: column(types.text(), { comment: "the body's text" }),
          plain: column(types.text()),
        },
        { metadata, comment: 'commented table' },
      );
      await metadata.createAll(d.engine);
      try {
        const other = d.newEngine();
        const [t] = (await other.reflectSchema({ tables: [name] })).tables;
        expect(t!.comment).toBe('commented table');
        expect(t!.columns.map((c) => [c.name, c.comment])).toEqual([
          ['id', undefined],
          ['body', "the body's text"],
          ['plain', undefined],
        ]);
      } finally {
        await metadata.dropAll(d.engine);
      }
    });

    it('createAll({ checkFirst: true }) leaves an existing table and its comments alone', async () => {
      const name = d.uniqueName('mg_comments_again');
      const declare = (metadata: MetaData) =>
        table(
          name,
          {
            id: column(types.integer(), { primaryKey: true }),
            body: column(types.text(), { comment: 'declared' }),
          },
          { metadata, comment: 'declared table' },
        );
      const first = new MetaData();
      declare(first);
      await first.createAll(d.engine);
      try {
        // Changed by hand since (or by a migration): a second createAll must not put them back.
        const q = (s: string) => getDialect(d.engine.dialect.name).preparer.quoteIdentifier(s);
        const by = d.target === 'postgresql' ? 'COMMENT ON TABLE' : 'ALTER TABLE';
        await d.engine.execute(
          text(
            d.target === 'postgresql'
              ? `${by} ${q(name)} IS 'changed by hand'`
              : `${by} ${q(name)} COMMENT = 'changed by hand'`,
          ),
        );
        const issued: string[] = [];
        const stop = d.engine.on('beforeExecute', ({ sql }) => void issued.push(sql));
        try {
          const again = new MetaData();
          declare(again);
          await again.createAll(d.engine, { checkFirst: true });
        } finally {
          stop();
        }
        expect(issued.filter((sql) => /^\s*COMMENT ON/i.test(sql))).toEqual([]);
        const [t] = (await d.newEngine().reflectSchema({ tables: [name] })).tables;
        expect(t!.comment).toBe('changed by hand');
        expect(t!.columns.map((c) => c.comment)).toEqual([undefined, 'declared']);
      } finally {
        await first.dropAll(d.engine);
      }
    });

    it('createAll({ checkFirst: true }) runs on a new engine whose pool holds one connection', async () => {
      // The check for existing tables reads the catalog on the DDL's own connection: asking the
      // pool for another one waited for the connection it held.
      const name = d.uniqueName('mg_comments_pool1');
      const metadata = new MetaData();
      table(name, { id: column(types.integer(), { primaryKey: true }) }, { metadata, comment: 'one' });
      const single = d.newEngine({ pool: { max: 1, acquireTimeoutMillis: 5000 } });
      await metadata.createAll(single, { checkFirst: true });
      try {
        await metadata.createAll(single, { checkFirst: true });
        const [t] = (await d.newEngine().reflectSchema({ tables: [name] })).tables;
        expect(t!.comment).toBe('one');
      } finally {
        await metadata.dropAll(single);
      }
    });
  },
  { only: ['postgresql', 'mysql', 'mysql8'] },
);

describe('createAll comment statements (compiled)', () => {
  const metadata = new MetaData();
  const notes = table(
    'notes',
    {
      id: column(types.integer(), { primaryKey: true }),
      body: column(types.text(), { comment: "the note's body" }),
    },
    { metadata, comment: 'notes kept', schema: 'app' },
  );

  it.each([
    [
      'postgresql',
      [
        `COMMENT ON TABLE "app"."notes" IS 'notes kept'`,
        `COMMENT ON COLUMN "app"."notes"."body" IS 'the note''s body'`,
      ],
    ],
    [
      'oracle',
      [
        `COMMENT ON TABLE "app"."notes" IS 'notes kept'`,
        `COMMENT ON COLUMN "app"."notes"."body" IS 'the note''s body'`,
      ],
    ],
  ] as const)('%s writes COMMENT ON TABLE and COMMENT ON COLUMN after CREATE TABLE', (dialect, sql) => {
    expect(getDialect(dialect).capabilities.commentStatements).toBe(true);
    expect(commentsOf(notes).map((s) => compile(s, dialect).sql)).toEqual(sql);
  });

  it.each(['mysql', 'mariadb', 'sqlite', 'mssql'] as const)(
    '%s writes none (inside the definitions, or not kept)',
    (dialect) => {
      expect(getDialect(dialect).capabilities.commentStatements ?? false).toBe(false);
    },
  );
});
