/**
 * `createAll()` writes the comments a table and its columns declare: inside the definitions on
 * MySQL/MariaDB, as COMMENT ON statements on PostgreSQL; read back by reflection on another engine.
 */
import { MetaData, column, table, types } from '../../lib/sql';
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
  },
  { only: ['postgresql', 'mysql', 'mysql8'] },
);
