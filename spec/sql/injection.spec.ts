import { DIALECT_NAMES } from '../../lib/dialects';
import { column, compile, insert, select, table, text, TextStatement, types, update } from '../../lib/sql';
import { CompileError, InvalidValueError } from '../../lib/errors';
import { users } from './fixtures';

const HOSTILE = [
  "' OR '1'='1",
  "x'; DROP TABLE users; --",
  'back\\slash\\',
  'nul\u0000byte',
  '"; DROP TABLE "users',
  '`]) ; DELETE FROM users',
];

describe('values travel only as parameters', () => {
  it.each(DIALECT_NAMES)(
    '%s: comparisons, LIKE, IN, INSERT, UPDATE and text() bind every value',
    (dialect) => {
      for (const value of HOSTILE) {
        const statements = [
          select(users.c.id).where(users.c.name.eq(value)),
          select(users.c.id).where(users.c.name.like(value), users.c.email.ilike(value)),
          select(users.c.id).where(users.c.name.in([value, value])),
          insert(users).values({ name: value, email: value }),
          update(users).set({ name: value }).where(users.c.email.eq(value)),
          text('SELECT * FROM users WHERE name = :v', { v: value }),
        ];
        for (const stmt of statements) {
          // PostgreSQL text cannot hold U+0000: the value is refused naming the column instead.
          if (dialect === 'postgresql' && value.includes('\u0000') && !(stmt instanceof TextStatement)) {
            expect(() => compile(stmt, dialect)).toThrow(InvalidValueError);
            continue;
          }
          const q = compile(stmt, dialect);
          expect(q.params).toContain(value);
          // No fragment of the value reaches the SQL text.
          for (const fragment of ['DROP', 'DELETE', "'1'='1", 'slash', 'byte']) {
            expect(q.sql).not.toContain(fragment);
          }
        }
      }
    },
  );
});

describe('identifiers are quoted per dialect', () => {
  const odd = table('we"ird`ta]ble', {
    id: column(types.integer(), { primaryKey: true, name: 'i"d' }),
    spaced: column(types.string(10), { name: 'a b`c]d' }),
  });
  const expected: Record<string, string> = {
    postgresql: 'SELECT "we""ird`ta]ble"."i""d", "we""ird`ta]ble"."a b`c]d" FROM "we""ird`ta]ble"',
    mysql: 'SELECT `we"ird``ta]ble`.`i"d`, `we"ird``ta]ble`.`a b``c]d` FROM `we"ird``ta]ble`',
    mariadb: 'SELECT `we"ird``ta]ble`.`i"d`, `we"ird``ta]ble`.`a b``c]d` FROM `we"ird``ta]ble`',
    sqlite: 'SELECT "we""ird`ta]ble"."i""d", "we""ird`ta]ble"."a b`c]d" FROM "we""ird`ta]ble"',
    mssql: 'SELECT [we"ird`ta]]ble].[i"d], [we"ird`ta]]ble].[a b`c]]d] FROM [we"ird`ta]]ble]',
    oracle: 'SELECT "we""ird`ta]ble"."i""d", "we""ird`ta]ble"."a b`c]d" FROM "we""ird`ta]ble"',
  };
  it.each(DIALECT_NAMES)('%s: quotes, spaces, backticks and ] inside names', (dialect) => {
    // Columns are selected by their keys, which are the quoted names' labels here.
    expect(compile(select(odd.c.id.as('i"d'), odd.c.spaced.as('a b`c]d')), dialect).sql).toBe(
      expected[dialect],
    );
  });
  it.each(DIALECT_NAMES)('%s: labels and aliases are quoted too', (dialect) => {
    const sql = compile(select(users.c.id.as('x"y`z]w')).from(users.alias('u s"r')), dialect).sql;
    expect(sql).not.toMatch(/AS x"y/);
    expect(compile(select(users.alias('u s"r').c.id), dialect).sql).toContain(
      {
        postgresql: '"u s""r"',
        mysql: '`u s"r`',
        mariadb: '`u s"r`',
        sqlite: '"u s""r"',
        mssql: '[u s"r]',
        oracle: '"u s""r"',
      }[dialect],
    );
  });
  it.each(DIALECT_NAMES)('%s: a NUL in an identifier is a CompileError', (dialect) => {
    const bad = table('bad\u0000name', { id: column(types.integer(), { primaryKey: true }) });
    expect(() => compile(select(bad.c.id), dialect)).toThrow(CompileError);
    expect(() => compile(select(users.c.id.as('a\u0000b')), dialect)).toThrow(/NUL/);
  });
  it('string literals in DDL double quotes; MySQL also doubles backslashes', () => {
    const t = table('lit', {
      id: column(types.integer(), { primaryKey: true }),
      s: column(types.string(20), { serverDefault: "it's \\ here" }),
      e: column(types.enum(['a\\b', "c'd"])),
    });
    const create = (d: (typeof DIALECT_NAMES)[number]) =>
      compile({ toStatementNode: () => ({ kind: 'CreateTable', table: t, ifNotExists: false }) }, d).sql;
    expect(create('postgresql')).toContain("DEFAULT 'it''s \\ here'");
    expect(create('mysql')).toContain("DEFAULT 'it''s \\\\ here'");
    expect(create('mysql')).toContain("ENUM('a\\\\b', 'c''d')");
    expect(create('mssql')).toContain("DEFAULT N'it''s \\ here'");
    expect(() => compile(select(users.c.id).where(users.c.name.like('x', "'")), 'postgresql')).not.toThrow();
    expect(compile(select(users.c.id).where(users.c.name.like('x', "'")), 'postgresql').sql).toContain(
      "ESCAPE ''''",
    );
  });
});
