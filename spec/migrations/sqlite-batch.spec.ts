import { MigrationRunner } from '../../lib/migrations/runner';
import { revisionOf, RevisionGraph } from '../../lib/migrations/revision-graph';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect(
  'SQLite batch rebuild',
  (d) => {
    it('keeps rows, indexes, triggers and views, and leaves foreign_key_check empty', async () => {
      const [parent, child, log, view] = ['mg_bp', 'mg_bc', 'mg_blog', 'mg_bview'].map((n) =>
        d.uniqueName(n),
      );
      const ddl = [
        `CREATE TABLE ${parent} (id INTEGER PRIMARY KEY, name VARCHAR(20))`,
        `CREATE TABLE ${child} (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES ${parent}(id), note VARCHAR(10))`,
        `CREATE INDEX ix_${child}_note ON ${child} (note)`,
        `CREATE TABLE ${log} (msg TEXT)`,
        `CREATE TRIGGER tr_${child} AFTER INSERT ON ${child} BEGIN INSERT INTO ${log} (msg) VALUES (NEW.note); END`,
        `CREATE VIEW ${view} AS SELECT id, note FROM ${child}`,
        `INSERT INTO ${parent} (id, name) VALUES (1, 'p')`,
        `INSERT INTO ${child} (id, parent_id, note) VALUES (1, 1, 'a'), (2, 1, 'b')`,
      ];
      for (const sql of ddl) await d.engine.execute(text(sql));
      const graph = new RevisionGraph([
        revisionOf({
          revision: 'b1',
          downRevision: null,
          upgrade: (op) =>
            void op.batchAlterTable(child, (b) => {
              b.alterColumn('note', { nullable: false, type: op.types.string(40) });
              b.createCheck(`ck_${child}_note`, "note <> ''");
            }),
          downgrade: () => undefined,
        }),
      ]);
      await new MigrationRunner(d.engine, graph, { versionTable: d.uniqueName('mg_bv') }).upgrade('head');
      const schema = await d.engine.reflectSchema({ tables: [child] });
      const table = schema.tables.find((t) => t.name === child)!;
      expect(table.columns.find((c) => c.name === 'note')).toMatchObject({
        nullable: false,
        dbType: 'VARCHAR(40)',
      });
      expect(table.indexes.map((i) => i.name)).toEqual([`ix_${child}_note`]);
      expect(table.checks).toHaveLength(1);
      expect(table.foreignKeys).toMatchObject([{ referredTable: parent, columns: ['parent_id'] }]);
      expect(schema.triggers.map((t) => t.name)).toContain(`tr_${child}`);
      expect(schema.views.map((v) => v.name)).toContain(view);
      expect((await d.engine.execute(text(`SELECT id, note FROM ${view} ORDER BY id`))).all()).toEqual([
        { id: 1, note: 'a' },
        { id: 2, note: 'b' },
      ]);
      await d.engine.execute(text(`INSERT INTO ${child} (id, parent_id, note) VALUES (3, 1, 'c')`));
      // The seeded rows logged once (the rebuild's copy ran before the trigger was made again), then 'c'.
      expect((await d.engine.execute(text(`SELECT msg FROM ${log}`))).all()).toEqual([
        { msg: 'a' },
        { msg: 'b' },
        { msg: 'c' },
      ]);
      expect((await d.engine.execute(text('PRAGMA foreign_key_check'))).all()).toEqual([]);
    });
  },
  { only: ['sqlite'] },
);
