/**
 * Every API that takes a string which reaches SQL text: only `text()`, `literalColumn()`,
 * `sqlDefault()` and table `checks` (named as raw SQL) pass text through; everything else quotes
 * it as an identifier or literal, or refuses it with a typed error.
 */
import { DIALECT_NAMES, type BuiltInDialectName } from '../../lib/dialects';
import {
  column,
  compile,
  createIndex,
  createTable,
  func,
  insert,
  select,
  sqlDefault,
  table,
  types,
  valuesTable,
  type Executable,
  type Predicate,
  type ReferentialAction,
  type Table,
  type WindowFrame,
} from '../../lib/sql';
import { ArgumentError, CompileError, ConfigurationError } from '../../lib/errors';
import { posts, users } from './fixtures';

/** Payloads that try to close a quoted token of each dialect and run a second statement. */
const HOSTILE = [
  `x'); DROP TABLE victims; --`,
  `x\\'); DROP TABLE victims; --`,
  `x"); DROP TABLE victims; --`,
  'x`); DROP TABLE victims; --',
  'x]); DROP TABLE victims; --',
  `x\\"; DROP TABLE victims; --`,
];

/**
 * The SQL with every quoted identifier and string literal removed, as the dialect's lexer reads
 * them. For MySQL both lexers are applied (backslash escapes on, and NO_BACKSLASH_ESCAPES): the
 * text must be safe under either server setting.
 */
function outsideQuotes(sql: string, dialect: BuiltInDialectName, noBackslashEscapes = false): string {
  const identifier = {
    postgresql: /"(?:[^"]|"")*"/g,
    sqlite: /"(?:[^"]|"")*"/g,
    oracle: /"(?:[^"]|"")*"/g,
    mysql: /`(?:[^`]|``)*`/g,
    mariadb: /`(?:[^`]|``)*`/g,
    mssql: /\[(?:[^\]]|\]\])*\]/g,
  }[dialect];
  const mysqlLike = dialect === 'mysql' || dialect === 'mariadb';
  const literal = mysqlLike && !noBackslashEscapes ? /N?'(?:[^'\\]|''|\\.)*'/g : /N?'(?:[^']|'')*'/g;
  // One left-to-right scan: whichever quoted token starts first is removed whole.
  const token = new RegExp(`${identifier.source}|${literal.source}`, 'g');
  return sql.replace(token, ' ');
}

function expectContained(stmt: Executable, dialect: BuiltInDialectName): void {
  const { sql } = compile(stmt, dialect);
  const modes = dialect === 'mysql' || dialect === 'mariadb' ? [false, true] : [false];
  for (const nbe of modes) {
    const rest = outsideQuotes(sql, dialect, nbe);
    expect({ dialect, nbe, rest }).toEqual({ dialect, nbe, rest: expect.not.stringMatching(/DROP|--|;/) });
  }
}

describe('strings that become identifiers or literals stay inside their quotes', () => {
  const hostileTable = (payload: string): Table => {
    const t = table(
      payload,
      {
        id: column(types.integer(), { primaryKey: true, name: payload }),
        label: column(types.string(40), { name: `${payload}2`, serverDefault: payload }),
        kind: column(types.enum([payload, 'plain'])),
        mood: column(types.enum(['a', payload], { name: payload })),
      },
      { schema: payload, indexes: [{ name: payload, columns: ['label'] }] },
    );
    return t;
  };

  it.each(DIALECT_NAMES)(
    '%s: table, schema, column, index names, string defaults and enum values',
    (dialect) => {
      for (const payload of HOSTILE) {
        const t = hostileTable(payload);
        expectContained(createTable(t), dialect);
        expectContained(createIndex(t.indexes[0]!), dialect);
        expectContained(select(t.c['id']!), dialect);
      }
    },
  );

  it.each(DIALECT_NAMES)(
    '%s: labels, aliases, subquery and CTE names, VALUES columns, LIKE escape',
    (dialect) => {
      for (const payload of HOSTILE) {
        const alias = users.alias(payload);
        const sub = select(users.c.id.as(payload)).subquery(payload);
        const cte = select(users.c.id).cte(payload);
        const v = valuesTable(payload, { [payload]: types.integer() }, [[1]]);
        const statements: Executable[] = [
          select(users.c.id.as(payload)),
          select(alias.c.id),
          select(sub.c[payload]!),
          select(cte.c.id).with(cte),
          select(v.c[payload]!),
          select(users.c.id).where(users.c.name.like('a%', "'")),
        ];
        for (const stmt of statements) expectContained(stmt, dialect);
        // FOR UPDATE OF: checked where the dialect has it, a CompileError where it does not.
        const locking = select(alias.c.id).forUpdate({ of: [alias] });
        let refused: unknown;
        try {
          compile(locking, dialect);
        } catch (e) {
          refused = e;
        }
        if (refused === undefined) expectContained(locking, dialect);
        else expect(refused).toBeInstanceOf(CompileError);
      }
    },
  );
});

describe('strings that would be SQL text are refused', () => {
  it.each(HOSTILE)('over({ frame }) with %j is an ArgumentError', (payload) => {
    expect(() => func.rowNumber().over({ frame: payload as WindowFrame })).toThrow(ArgumentError);
    const frame = `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) ${payload}`;
    expect(() => func.rowNumber().over({ frame: frame as WindowFrame })).toThrow(/is not a known frame/);
    expect(() =>
      func.rowNumber().over({ frame: { rows: ['currentRow', payload] } as unknown as WindowFrame }),
    ).toThrow(/is not a frame bound/);
    expect(() =>
      func
        .rowNumber()
        .over({ frame: { rows: [{ preceding: payload }, 'currentRow'] } as unknown as WindowFrame }),
    ).toThrow(ArgumentError);
  });

  it('over({ frame }) frames as data compile on every dialect, offsets as checked integers', () => {
    const w = func.sum(posts.c.score).over({
      orderBy: [posts.c.id],
      frame: { rows: [{ preceding: 2 }, 'currentRow'] },
    });
    const r = func.sum(posts.c.score).over({
      orderBy: [posts.c.id],
      frame: { range: ['unboundedPreceding', { following: 0 }] },
    });
    for (const dialect of DIALECT_NAMES) {
      expect(compile(select(w.as('s')), dialect).sql).toContain('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)');
      expect(compile(select(r.as('s')), dialect).sql).toContain(
        'RANGE BETWEEN UNBOUNDED PRECEDING AND 0 FOLLOWING)',
      );
    }
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 60]) {
      expect(() => func.rowNumber().over({ frame: { rows: [{ preceding: bad }, 'currentRow'] } })).toThrow(
        ArgumentError,
      );
    }
  });

  it.each(HOSTILE)('a function named %j is an ArgumentError', (payload) => {
    const anyFunc = func as unknown as Record<string, () => unknown>;
    expect(() => anyFunc[payload]!()).toThrow(/is not a valid SQL function name/);
  });

  it('a LIKE escape of more than one character is a CompileError on every dialect', () => {
    for (const dialect of DIALECT_NAMES) {
      for (const payload of HOSTILE) {
        expect(() => compile(select(users.c.id).where(users.c.name.like('a', payload)), dialect)).toThrow(
          CompileError,
        );
      }
    }
  });

  it.each(HOSTILE)('type sizes given %j are ArgumentErrors', (payload) => {
    const size = payload as unknown as number;
    expect(() => types.string(size)).toThrow(/types.string\(\): length must be an integer/);
    expect(() => types.numeric(size, 2)).toThrow(/precision must be an integer/);
    expect(() => types.numeric(10, size)).toThrow(/scale must be an integer/);
    expect(() => types.binary(size)).toThrow(ArgumentError);
    expect(() => types.string(0)).toThrow(ArgumentError);
    expect(() => types.numeric(5, 6)).toThrow(/scale 6 needs a precision/);
  });

  it.each(HOSTILE)('a referential action %j is a ConfigurationError naming the foreign key', (payload) => {
    const action = payload as ReferentialAction;
    expect(() =>
      table('children', {
        id: column(types.integer(), { primaryKey: true }),
        parentId: column(types.integer(), { foreignKey: users.c.id, onDelete: action }),
      }),
    ).toThrow(ConfigurationError);
    expect(() =>
      table(
        'children',
        { id: column(types.integer(), { primaryKey: true }), a: column(types.integer()) },
        { foreignKeys: [{ columns: ['a'], references: [users.c.id], onUpdate: action }] },
      ),
    ).toThrow(/foreign key of children\(a\): onUpdate .* is not one of CASCADE/);
  });

  it('a serverDefault that is neither a value nor sqlDefault() is a ConfigurationError naming the column', () => {
    const forged = { kind: 'SqlDefault', sql: '0); DROP TABLE victims; --' };
    for (const bad of [forged, new Date(), Number.NaN, Infinity, ['x']]) {
      expect(() =>
        table('d', {
          id: column(types.integer(), { primaryKey: true }),
          v: column(types.string(10), { serverDefault: bad as unknown as string }),
        }),
      ).toThrow(/column 'd.v': serverDefault must be/);
    }
    // The raw form is explicit and still works.
    const ok = table('d', {
      id: column(types.integer(), { primaryKey: true }),
      at: column(types.dateTime(), { serverDefault: sqlDefault('CURRENT_TIMESTAMP') }),
    });
    expect(compile(createTable(ok), 'postgresql').sql).toContain('DEFAULT CURRENT_TIMESTAMP');
  });

  it.each(HOSTILE)(
    'index methods, identity options, precisions and custom types given %j are refused',
    (payload) => {
      const t = (options: Parameters<typeof table>[2], extra = {}) =>
        table(
          't',
          { id: column(types.integer(), { primaryKey: true, ...extra }), a: column(types.text()) },
          options,
        );
      expect(() => t({ indexes: [{ columns: ['a'], using: payload }] })).toThrow(
        /using .* is not an index method name/,
      );
      expect(() => t({}, { identity: { start: payload as unknown as number } })).toThrow(
        /column 't.id': identity.start must be an integer/,
      );
      expect(() => t({}, { identity: { increment: Number.NaN } })).toThrow(ConfigurationError);
      expect(() => t({}, { collation: payload })).toThrow(
        /column 't.id': collation .* is not a collation name/,
      );
      expect(t({}, { collation: 'en-US-x-icu' }).c.id.collation).toBe('en-US-x-icu');
      expect(() => types.dateTime({ precision: payload as unknown as number })).toThrow(ArgumentError);
      expect(() => types.dateTime({ precision: 7 })).toThrow(ArgumentError);
      expect(() => types.custom(payload)).toThrow(/types.custom\(\): .* is not a type name/);
      expect(() => types.custom(`inet ${payload}`)).toThrow(ArgumentError);
      expect(() => types.custom('int) , evil int (')).toThrow(ArgumentError);
      const geo = table('geo', { id: column(types.custom('geometry(Point, 4326)[]'), { primaryKey: true }) });
      expect(compile(createTable(geo), 'postgresql').sql).toContain('"id" geometry(Point, 4326)[]');
    },
  );

  it('enum values must be strings', () => {
    expect(() => types.enum([1 as unknown as string])).toThrow(ArgumentError);
    expect(() => types.enum([])).toThrow(ArgumentError);
  });

  it('a join ON clause or FROM item that is a string is an ArgumentError, not a join without ON', () => {
    const on = `1 = 1) ${HOSTILE[0]}` as unknown as Predicate;
    expect(() => select(users.c.id).join(posts, on)).toThrow(/join\(\) ON: criterion 1 is the string/);
    expect(() => select(users.c.id).from(HOSTILE[0] as unknown as Table)).toThrow(ArgumentError);
    expect(() =>
      insert(users)
        .values({ name: 'x' })
        .returning(HOSTILE[0] as never),
    ).toThrow(ArgumentError);
  });
});
