/**
 * Two spellings the database takes its own way: SQLite wants a function-call default in
 * parentheses (`DEFAULT (datetime('now'))`), and MySQL/MariaDB report no collation for a column
 * that has the table's own, so declaring it must not look like a change on every run.
 */
import type { Engine } from '../../lib/drivers';
import { MetaData, column, getDialect, sqlDefault, table, text, types, type Table } from '../../lib/sql';
import { autogenerate, normalizerFor } from '../../lib/entries/migrations';
import { describeEachDialect } from '../support/dialects';
import { detailChange } from './describe-change';

async function changes(engine: Engine, tables: readonly Table[]): Promise<string[]> {
  const dialect = getDialect(engine.dialect.name);
  const reflected = await engine.reflectSchema({ tables: tables.map((t) => t.name) });
  const normalizer = normalizerFor(dialect, await engine.schemaInspector());
  return autogenerate(tables, reflected, normalizer, dialect).changes.map(detailChange);
}

describeEachDialect(
  'SQLite function-call defaults',
  (d) => {
    it("creates DEFAULT (datetime('now')), fills it on insert, and finds no change afterwards", async () => {
      const metadata = new MetaData();
      const t = table(
        d.uniqueName('mg_fn_default'),
        {
          id: column(types.integer(), { primaryKey: true }),
          created: column(types.string(30), { serverDefault: sqlDefault("datetime('now')") }),
          lowered: column(types.string(10), { serverDefault: sqlDefault("lower('ABC')") }),
          summed: column(types.integer(), { serverDefault: sqlDefault('(1) + (2)') }),
          plain: column(types.integer(), { serverDefault: sqlDefault('7') }),
        },
        { metadata },
      );
      await metadata.createAll(d.engine);
      try {
        await d.engine.execute(text(`INSERT INTO ${t.name} (id) VALUES (1)`));
        const [row] = (
          await d.engine.execute(text(`SELECT created, lowered, summed, plain FROM ${t.name}`))
        ).all() as { created: string; lowered: string; summed: number; plain: number }[];
        expect(row!.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        expect(row).toMatchObject({ lowered: 'abc', summed: 3, plain: 7 });
        expect(await changes(d.engine, [t])).toEqual([]);
      } finally {
        await metadata.dropAll(d.engine);
      }
    });
  },
  { only: ['sqlite'] },
);

describeEachDialect(
  "MySQL column collations equal to the table's",
  (d) => {
    it("finds no change for a column declared with the table's collation, and still sees another one", async () => {
      const name = d.uniqueName('mg_coll_default');
      const probe = new MetaData();
      table(name, { id: column(types.integer(), { primaryKey: true }) }, { metadata: probe });
      await probe.createAll(d.engine);
      const tableCollation = (await d.engine.reflectSchema({ tables: [name] })).tables[0]!.collation!;
      await probe.dropAll(d.engine);
      expect(tableCollation).toMatch(/^utf8mb4_/);
      const other = tableCollation === 'utf8mb4_bin' ? 'utf8mb4_unicode_ci' : 'utf8mb4_bin';
      const declare = (collation: string) =>
        table(
          name,
          {
            id: column(types.integer(), { primaryKey: true }),
            code: column(types.string(20), { collation }),
          },
          { metadata: new MetaData() },
        );
      const metadata = new MetaData();
      table(
        name,
        {
          id: column(types.integer(), { primaryKey: true }),
          code: column(types.string(20), { collation: tableCollation }),
        },
        { metadata },
      );
      await metadata.createAll(d.engine);
      try {
        expect(await changes(d.engine, [declare(tableCollation)])).toEqual([]);
        expect(await changes(d.engine, [declare(tableCollation.toUpperCase())])).toEqual([]);
        expect(await changes(d.engine, [declare(other)])).toHaveLength(1);
      } finally {
        await metadata.dropAll(d.engine);
      }
    });
  },
  { only: ['mysql', 'mysql8'] },
);
