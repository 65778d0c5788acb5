/**
 * A seventh dialect, added from outside lib/ through the public API only (`athanor` and `athanor/dialects`): a variant of SQLite
 * under its own name and URL scheme, with numbered placeholders (`?1`), bracket quoting and its
 * own way of writing booleans in DDL. Statements compile through it and run on a real database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { column, compile, createEngine, insert, MetaData, select, table, types, update } from '../../lib';
import {
  getDialect,
  identifierPreparer,
  registerDialect,
  sqliteDialect,
  SqliteCompiler,
  SqliteDdlCompiler,
  type DialectDefinition,
} from '../../lib/entries/dialects';
import { ArgumentError } from '../../lib/errors';

class NumberedCompiler extends SqliteCompiler {
  override placeholder(index: number): string {
    return `?${index}`;
  }
}

class LiteDdlCompiler extends SqliteDdlCompiler {
  override booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }
}

const litesql: DialectDefinition<'litesql'> = {
  ...sqliteDialect,
  name: 'litesql',
  schemes: ['litesql'],
  preparer: identifierPreparer({ open: '[', close: ']' }),
  statementCompiler: NumberedCompiler,
  ddlCompiler: LiteDdlCompiler,
};

registerDialect(litesql);

const metadata = new MetaData();
const notes = table(
  'lite_notes',
  {
    id: column(types.integer(), { primaryKey: true }),
    body: column(types.string(40), { nullable: false }),
    done: column(types.boolean(), { nullable: false, serverDefault: false }),
    at: column(types.dateTime()),
  },
  { metadata },
);

describe('a dialect registered from outside lib/', () => {
  it('is found by name, and compiles with its own hooks', () => {
    expect(getDialect('litesql')).toBe(litesql);
    const q = compile(select(notes.c.id).where(notes.c.body.eq('a'), notes.c.done.eq(true)), 'litesql');
    expect(q.sql).toBe(
      'SELECT [lite_notes].[id] FROM [lite_notes] WHERE [lite_notes].[body] = ?1 AND [lite_notes].[done] = ?2',
    );
    // Its type renderer is SQLite's: booleans bind as 0/1.
    expect(q.params).toEqual(['a', 1]);
    // The built-in SQLite dialect is unchanged, and keeps its own cached statements.
    expect(compile(select(notes.c.id).where(notes.c.body.eq('a')), 'sqlite').sql).toBe(
      'SELECT "lite_notes"."id" FROM "lite_notes" WHERE "lite_notes"."body" = ?',
    );
  });

  it('runs statements through its URL scheme; the rows are there for a plain SQLite connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-litesql-'));
    const file = join(dir, 'notes.db');
    const engine = createEngine(`litesql:///${file}`);
    const reader = createEngine(`sqlite:///${file}`);
    try {
      expect(engine.dialect).toBe(litesql);
      const seen: string[] = [];
      engine.on('beforeExecute', ({ sql }) => seen.push(sql));
      await metadata.createAll(engine);
      const at = new Date('2024-05-01T10:00:00.250Z');
      await engine.execute(insert(notes).values({ body: 'first', at }));
      await engine.execute(insert(notes).values([{ body: 'second', done: true, at: null }]));
      await engine.execute(update(notes).set({ done: true }).where(notes.c.body.eq('first')));
      expect(seen).toContain(
        'CREATE TABLE IF NOT EXISTS [lite_notes] ([id] INTEGER NOT NULL PRIMARY KEY, [body] VARCHAR(40) NOT NULL, [done] BOOLEAN DEFAULT FALSE NOT NULL, [at] DATETIME)',
      );
      expect(seen).toContain('INSERT INTO [lite_notes] ([body], [at]) VALUES (?1, ?2)');
      expect(seen).toContain('UPDATE [lite_notes] SET [done] = ?1 WHERE [lite_notes].[body] = ?2');

      const rows = (await reader.execute(select(notes).orderBy(notes.c.id))).all();
      expect(rows).toEqual([
        { id: 1, body: 'first', done: true, at },
        { id: 2, body: 'second', done: true, at: null },
      ]);
      expect(reader.dialect.name).toBe('sqlite');
    } finally {
      await engine.dispose();
      await reader.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second dialect under a taken name or scheme', () => {
    expect(() => registerDialect({ ...litesql })).toThrow(ArgumentError);
    expect(() => registerDialect({ ...litesql, name: 'litesql2' })).toThrow(
      /the URL scheme 'litesql' already belongs to the 'litesql' dialect/,
    );
    expect(() => registerDialect(litesql)).not.toThrow();
  });
});
