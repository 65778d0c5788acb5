import {
  MetaData,
  column,
  compile,
  insert,
  select,
  createEnumType,
  createIndex,
  createTable,
  dropEnumType,
  sqlDefault,
  table,
  types,
} from '../../lib/sql';
import { ArgumentError } from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';
import { expectCompiled, same } from './helpers';

const md = new MetaData();
const docs = table(
  'docs',
  {
    id: column(types.integer(), { primaryKey: true, identity: { always: true, start: 100, increment: 5 } }),
    title: column(types.string(80), { collation: 'C' }),
    slug: column(types.string(80), { computed: { sql: 'lower(title)' } }),
    views: column(types.integer({ unsigned: true }), { nullable: false, serverDefault: 0 }),
    created: column(types.dateTime({ precision: 0 }), { serverDefault: sqlDefault('CURRENT_TIMESTAMP') }),
  },
  {
    metadata: md,
    indexes: [
      { name: 'ix_docs_live', columns: ['title'], where: 'views > 0' },
      { name: 'ix_docs_lower', columns: [{ sql: 'lower(title)' }, 'views'], unique: true },
    ],
  },
);
const strict = table(
  'strict_things',
  {
    code: column(types.string(10), { primaryKey: true }),
    n: column(types.numeric(10, 2)),
    ok: column(types.boolean()),
    f: column(types.float()),
    bin: column(types.binary()),
  },
  { sqlite: { strict: true, withoutRowid: true } },
);
const mood = types.enum(['happy', 'sad'], { name: 'mood' });
const people = table('people', {
  id: column(types.integer(), { primaryKey: true }),
  mood: column(mood),
  tags: column(types.array(types.text())),
  addr: column(types.custom('inet')),
});

describe('schema options in DDL', () => {
  it('identity options, collations, generated columns, unsigned and precision', () => {
    expectCompiled(() => createTable(docs), {
      postgresql: {
        sql: 'CREATE TABLE "docs" ("id" INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5) NOT NULL, "title" VARCHAR(80) COLLATE "C", "slug" VARCHAR(80) GENERATED ALWAYS AS (lower(title)) STORED, "views" INTEGER DEFAULT 0 NOT NULL, "created" TIMESTAMP(0) DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY ("id"))',
      },
      mysql: {
        sql: 'CREATE TABLE `docs` (`id` INTEGER AUTO_INCREMENT NOT NULL, `title` VARCHAR(80) COLLATE `C`, `slug` VARCHAR(80) GENERATED ALWAYS AS (lower(title)) STORED, `views` INTEGER UNSIGNED DEFAULT 0 NOT NULL, `created` DATETIME(0) DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (`id`), INDEX `ix_docs_live` (`title`), UNIQUE INDEX `ix_docs_lower` ((lower(title)), `views`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
      },
      mariadb: { error: /expression in an index/ },
      sqlite: {
        sql: 'CREATE TABLE "docs" ("id" INTEGER NOT NULL PRIMARY KEY, "title" VARCHAR(80) COLLATE "C", "slug" VARCHAR(80) GENERATED ALWAYS AS (lower(title)) STORED, "views" INTEGER DEFAULT 0 NOT NULL, "created" DATETIME DEFAULT CURRENT_TIMESTAMP)',
      },
      mssql: {
        sql: 'CREATE TABLE [docs] ([id] INTEGER IDENTITY(100,5) NOT NULL, [title] NVARCHAR(80) COLLATE C, [slug] AS (lower(title)) PERSISTED, [views] INTEGER DEFAULT 0 NOT NULL, [created] DATETIME2(0) DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY ([id]))',
      },
      oracle: { error: /stored generated column/ },
    });
  });

  it('partial and expression indexes (the predicate is dropped where there are no partial indexes)', () => {
    expectCompiled(() => createIndex(docs.indexes[0]!), {
      postgresql: { sql: 'CREATE INDEX "ix_docs_live" ON "docs" ("title") WHERE views > 0' },
      ...same(['mysql', 'mariadb'], { sql: 'CREATE INDEX `ix_docs_live` ON `docs` (`title`)' }),
      sqlite: { sql: 'CREATE INDEX "ix_docs_live" ON "docs" ("title") WHERE views > 0' },
      mssql: { sql: 'CREATE INDEX [ix_docs_live] ON [docs] ([title]) WHERE views > 0' },
      oracle: { sql: 'CREATE INDEX "ix_docs_live" ON "docs" ("title")' },
    });
    expectCompiled(() => createIndex(docs.indexes[1]!), {
      postgresql: { sql: 'CREATE UNIQUE INDEX "ix_docs_lower" ON "docs" ((lower(title)), "views")' },
      mysql: { sql: 'CREATE UNIQUE INDEX `ix_docs_lower` ON `docs` ((lower(title)), `views`)' },
      mariadb: { error: /expression in an index/ },
      sqlite: { sql: 'CREATE UNIQUE INDEX "ix_docs_lower" ON "docs" ((lower(title)), "views")' },
      mssql: { error: /expression in an index/ },
      oracle: { sql: 'CREATE UNIQUE INDEX "ix_docs_lower" ON "docs" ((lower(title)), "views")' },
    });
  });

  it('SQLite STRICT and WITHOUT ROWID tables use the strict type names', () => {
    expect(createTableSql(strict, 'sqlite')).toBe(
      'CREATE TABLE "strict_things" ("code" TEXT NOT NULL, "n" TEXT, "ok" INTEGER, "f" REAL, "bin" BLOB, PRIMARY KEY ("code")) STRICT, WITHOUT ROWID',
    );
    expect(createTableSql(strict, 'postgresql')).not.toMatch(/STRICT|ROWID/);
  });

  it('named enums are types of their own on PostgreSQL; arrays are JSON off PostgreSQL; custom types verbatim', () => {
    expect(createTableSql(people, 'postgresql')).toBe(
      'CREATE TABLE "people" ("id" INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, "mood" "mood", "tags" TEXT[], "addr" inet, PRIMARY KEY ("id"))',
    );
    expect(createTableSql(people, 'sqlite')).toBe(
      'CREATE TABLE "people" ("id" INTEGER NOT NULL PRIMARY KEY, "mood" VARCHAR(5), "tags" TEXT, "addr" inet, CHECK ("mood" IN (\'happy\', \'sad\')))',
    );
    expect(createTableSql(people, 'mariadb')).toContain("`mood` ENUM('happy', 'sad'), `tags` JSON");
    expectCompiled(() => createEnumType(mood, { ifNotExists: true }), {
      postgresql: {
        sql: `DO $$ BEGIN CREATE TYPE "mood" AS ENUM ('happy', 'sad'); EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
      },
      ...same(['mysql', 'mariadb', 'sqlite', 'mssql', 'oracle'], { error: /no named enum types/ }),
    });
    expectCompiled(() => dropEnumType(mood, { ifExists: true, schema: 'app' }), {
      postgresql: { sql: 'DROP TYPE IF EXISTS "app"."mood"' },
      ...same(['mysql', 'mariadb', 'sqlite', 'mssql', 'oracle'], { error: /no named enum types/ }),
    });
  });

  it('an enum type without a name cannot be created on its own', () => {
    expect(() => createEnumType(types.enum(['a']))).toThrow(ArgumentError);
  });

  it('renamedFrom is kept on columns and tables', () => {
    const t = table(
      'renamed',
      { id: column(types.integer(), { primaryKey: true, renamedFrom: 'old_id' }) },
      { renamedFrom: ['older', 'oldest'] },
    );
    expect(t.c.id.renamedFrom).toEqual(['old_id']);
    expect(t.renamedFrom).toEqual(['older', 'oldest']);
  });
});

function createTableSql(
  t: Parameters<typeof createTable>[0],
  dialect: 'sqlite' | 'postgresql' | 'mariadb',
): string {
  return compile(createTable(t), dialect).sql;
}

describeEachDialect(
  'schema options on a live database',
  (d) => {
    const { things } = d.defineTables((metadata, name) => {
      const enumName = name('mood');
      return {
        things: table(
          name('things'),
          {
            id: column(types.integer(), { primaryKey: true }),
            title: column(types.string(40)),
            mood: column(types.enum(['happy', 'sad'], { name: enumName })),
            n: column(types.integer()),
            doubled: column(types.integer(), { computed: { sql: 'n * 2' } }),
            tags: column(types.array(types.integer())),
          },
          { metadata, indexes: [{ name: name('ix_live'), columns: ['title'], where: 'id > 0' }] },
        ),
      };
    });

    it('creates the table with a named enum, a generated column and a partial index, and reads values back', async () => {
      await d.engine.execute(insert(things).values({ id: 3, n: 3, title: 'x', mood: 'sad', tags: [1, 2] }));
      const other = d.newEngine();
      const rows = (await other.execute(select(things.c.doubled, things.c.mood, things.c.tags))).all();
      expect(rows).toEqual([{ doubled: 6, mood: 'sad', tags: [1, 2] }]);
    });
  },
  { sqliteFile: true },
);
