import { connectionQueries } from '../../lib/drivers';
import {
  MetaData,
  column,
  getDialect,
  type DdlCompiler,
  type Dialect,
  insert,
  select,
  sqlDefault,
  table,
  text,
  types,
  type ReflectedTable,
  type SchemaInspector,
} from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/** The dialect's own DDL compiler (the canonical spellings are its DDL). */
const ddlCompilerOf = (d: Dialect): DdlCompiler => new d.ddlCompiler(d) as DdlCompiler;

/** Reflection on the live databases: what createAll made comes back, in canonical spellings. */
describeEachDialect(
  'reflection',
  (d) => {
    const names = {
      parent: d.uniqueName('rp'),
      child: d.uniqueName('rc'),
      view: d.uniqueName('rv'),
      mood: d.uniqueName('mood'),
      ixTitle: d.uniqueName('ix_title'),
      ckPrice: d.uniqueName('ck_price'),
    };
    const { parent, child } = d.defineTables((metadata) => {
      const parent = table(
        names.parent,
        {
          id: column(types.integer(), { primaryKey: true }),
          code: column(types.string(10), { unique: true }),
        },
        { metadata },
      );
      const child = table(
        names.child,
        {
          id: column(types.bigInteger(), { primaryKey: true }),
          parentId: column(types.integer(), {
            name: 'parent_id',
            foreignKey: () => parent.c.id,
            onDelete: 'CASCADE',
            nullable: false,
          }),
          title: column(types.string(50), { serverDefault: 'hello' }),
          price: column(types.numeric(10, 2), { serverDefault: 0 }),
          flag: column(types.boolean(), { serverDefault: true, nullable: false }),
          data: column(types.json()),
          at: column(types.dateTime({ timezone: true }), { serverDefault: sqlDefault('CURRENT_TIMESTAMP') }),
          mood: column(types.enum(['a', 'b'], { name: names.mood })),
        },
        {
          metadata,
          checks: [{ name: names.ckPrice, sql: 'price >= 0' }],
          indexes: [{ name: names.ixTitle, columns: ['title'], where: 'price > 0' }],
        },
      );
      return { parent, child };
    });

    let inspector: SchemaInspector;
    let reflected: ReflectedTable[];
    const quote = (n: string): string => (inspector.traits.uniquesAreIndexes ? `\`${n}\`` : `"${n}"`);
    beforeAll(async () => {
      inspector = await d.engine.schemaInspector();
      reflected = [...(await d.engine.reflectSchema({ tables: [names.parent, names.child] })).tables];
    });
    const tableNamed = (name: string): ReflectedTable => reflected.find((t) => t.name === name)!;

    it('reflects only the tables asked for, with their columns in order', () => {
      expect(reflected.map((t) => t.name).sort()).toEqual([names.parent, names.child].sort());
      expect(tableNamed(names.child).columns.map((c) => c.name)).toEqual([
        'id',
        'parent_id',
        'title',
        'price',
        'flag',
        'data',
        'at',
        'mood',
      ]);
    });

    it('types compare equal to the DDL Athanor writes for the declared types', async () => {
      const compiler = ddlCompilerOf(getDialect(d.dialect));
      for (const col of child.columns) {
        const got = tableNamed(names.child).columns.find((c) => c.name === col.name)!;
        expect({ col: col.name, type: got.dbType }).toEqual({
          col: col.name,
          type: inspector.canonicalType(compiler.columnTypeSql(col)),
        });
      }
    });

    it('nullability, defaults and autoincrement', () => {
      const cols = tableNamed(names.child).columns;
      const col = (n: string) => cols.find((c) => c.name === n)!;
      expect(col('parent_id').nullable).toBe(false);
      expect(col('title').nullable).toBe(true);
      expect(inspector.canonicalDefault(col('title').default)).toBe("'hello'");
      expect(inspector.canonicalDefault(col('price').default)).toBe('0');
      expect(inspector.canonicalDefault(col('data').default)).toBeUndefined();
      expect(inspector.canonicalDefault(col('at').default)).toMatch(/^current_timestamp(\(3\))?$/);
      if (inspector.traits.reflectsAutoincrement) {
        expect(col('id').autoincrement).toBe(true);
        expect(col('parent_id').autoincrement).toBe(false);
      }
    });

    it('primary key, foreign key with its action, unique constraint', () => {
      const c = tableNamed(names.child);
      const p = tableNamed(names.parent);
      expect(c.primaryKey?.columns).toEqual(['id']);
      expect(c.foreignKeys).toEqual([
        expect.objectContaining({
          columns: ['parent_id'],
          referredTable: names.parent,
          referredColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: undefined,
        }),
      ]);
      if (inspector.traits.uniquesAreIndexes) {
        expect(p.indexes).toEqual([expect.objectContaining({ unique: true, elements: ['code'] })]);
      } else {
        expect(p.uniques).toEqual([expect.objectContaining({ columns: ['code'] })]);
      }
    });

    it('indexes (partial where the database has them) and named checks', () => {
      const c = tableNamed(names.child);
      const ix = c.indexes.find((i) => i.name === names.ixTitle)!;
      expect(ix.elements).toEqual(['title']);
      if (inspector.traits.partialIndexes) {
        expect(inspector.canonicalExpression(ix.where!)).toBe(inspector.canonicalExpression('price > 0'));
      }
      const check = c.checks.find((ch) => ch.name === names.ckPrice)!;
      expect(inspector.canonicalExpression(check.sql)).toBe(inspector.canonicalExpression('price >= 0'));
    });

    it('lists the table names and the views of the schema', async () => {
      const all = await inspector.tableNames({
        query: async (sql, params) => {
          const conn = await d.engine.connect();
          try {
            return await connectionQueries(conn).query(sql, params);
          } finally {
            await conn.close();
          }
        },
      });
      expect(all).toEqual(expect.arrayContaining([names.parent, names.child]));
      await d.engine.execute(
        text(`CREATE VIEW ${quote(names.view)} AS SELECT id FROM ${quote(names.parent)}`),
      );
      try {
        const schema = await d.engine.reflectSchema({ tables: [] });
        expect(schema.tables).toEqual([]);
        expect(schema.views.map((v) => v.name)).toContain(names.view);
        expect((await d.engine.reflectSchema({ tables: [names.view] })).tables).toEqual([]);
      } finally {
        await d.engine.execute(text(`DROP VIEW ${quote(names.view)}`));
      }
      const schema = await d.engine.reflectSchema({ tables: [] });
      if (inspector.traits.namedEnums) {
        expect(schema.enums).toContainEqual(
          expect.objectContaining({ name: names.mood, values: ['a', 'b'] }),
        );
      }
    });

    it('metadata.reflect(engine) builds Core tables that query the data', async () => {
      await d.engine.execute(insert(parent).values({ id: 1, code: 'x' }));
      await d.engine.execute(insert(child).values({ id: 5n, parentId: 1, mood: 'b' }));
      const metadata = new MetaData();
      const added = await metadata.reflect(d.engine, { tables: [names.parent, names.child] });
      expect(added.map((t) => t.name).sort()).toEqual([names.parent, names.child].sort());
      const kids = metadata.tables.get(names.child)!;
      expect(kids.foreignKeys[0]!.referredTable.name).toBe(names.parent);
      const rows = (
        await d.engine.execute(select(kids.c['parent_id']!, kids.c['title']!, kids.c['mood']!))
      ).all();
      expect(rows).toEqual([{ parent_id: 1, title: 'hello', mood: 'b' }]);
    });
  },
  { sqliteFile: true },
);
