import fc from 'fast-check';
import { and, column, compile, insert, literal, not, or, select, table, types } from '../../lib/sql';
import type { DialectName, Expression, Predicate } from '../../lib/sql';
import { DataError } from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';
import { fuzzSettings, fuzzTimeout } from '../support/fuzz';
import { HOSTILE_VALUES } from '../support/hostile-values';

/**
 * Generated expression trees over hostile strings, numbers and identifiers: compiled on every
 * dialect, no value is ever SQL text (no string or number literal outside quoted identifiers) and
 * there are exactly as many placeholders as parameters; on the live databases they run and every
 * string comes back intact.
 */
const { seed, numRuns } = fuzzSettings(200);

const ALL_DIALECTS: readonly DialectName[] = ['postgresql', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle'];

/** Quoted identifiers (with their doubled closing quote) and each dialect's placeholder. */
const LEXICON: Record<DialectName, { identifier: RegExp; placeholder: RegExp }> = {
  postgresql: { identifier: /"(?:[^"]|"")*"/g, placeholder: /\$\d+/g },
  sqlite: { identifier: /"(?:[^"]|"")*"/g, placeholder: /\?/g },
  oracle: { identifier: /"(?:[^"]|"")*"/g, placeholder: /:\d+/g },
  mysql: { identifier: /`(?:[^`]|``)*`/g, placeholder: /\?/g },
  mariadb: { identifier: /`(?:[^`]|``)*`/g, placeholder: /\?/g },
  mssql: { identifier: /\[(?:[^\]]|\]\])*\]/g, placeholder: /@p\d+/g },
};

const safeString = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES.filter((s) => !s.includes('\u0000'))),
  fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\u0000')),
);
const smallInt = fc.integer({ min: -1_000_000, max: 1_000_000 });
const HOSTILE_NAMES = ['we"ird', 'a]b', 'x?y', 'b`q', '$1', ':1', '@p1', "it's", 'sel ect', 'n0'];

/** A table whose name and column names need quoting on every dialect. */
function makeTable(name: string, labelName: string, countName: string): { c: Record<string, unknown> } {
  return table(name, {
    id: column(types.integer(), { primaryKey: true }),
    [labelName]: column(types.string(100), { nullable: true }),
    [countName]: column(types.integer(), { nullable: true }),
  }) as unknown as { c: Record<string, unknown> };
}

/** A predicate over a label (text) and a count (integer) column, with the values it binds. */
interface Tree {
  build(label: Expression<string | null>, count: Expression<number | null>): Predicate;
  readonly values: readonly unknown[];
}

type Text = Expression<string | null>;
type Int = Expression<number | null>;

const { tree } = fc.letrec<{ tree: Tree; leaf: Tree }>((tie) => ({
  leaf: fc.oneof(
    safeString.map((s) => ({ build: (l: Text) => l.eq(s), values: [s] })),
    safeString.map((s) => ({ build: (l: Text) => l.like(s), values: [s] })),
    fc.array(safeString, { minLength: 1, maxLength: 4 }).map((xs) => ({
      build: (l: Text) => l.in(xs),
      values: xs,
    })),
    fc.tuple(safeString, safeString).map(([a, b]) => ({
      build: (l: Text) => l.concat(a).ne(b),
      values: [a, b],
    })),
    fc.tuple(smallInt, smallInt).map(([a, b]) => ({
      build: (_l: Text, c: Int) => c.add(a).gt(b),
      values: [a, b],
    })),
    fc.tuple(smallInt, smallInt).map(([a, b]) => ({
      build: (_l: Text, c: Int) => c.between(Math.min(a, b), Math.max(a, b)),
      values: [Math.min(a, b), Math.max(a, b)],
    })),
    fc.constant({ build: (l: Text) => l.isNull(), values: [] }),
  ),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((ts) => ({
      build: (l: Text, c: Int) => and(...ts.map((t) => t.build(l, c))),
      values: ts.flatMap((t) => t.values),
    })),
    fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((ts) => ({
      build: (l: Text, c: Int) => or(...ts.map((t) => t.build(l, c))),
      values: ts.flatMap((t) => t.values),
    })),
    tie('tree').map((t) => ({
      build: (l: Text, c: Int) => not(t.build(l, c)),
      values: t.values,
    })),
  ),
})) as unknown as { tree: fc.Arbitrary<Tree> };

describe('generated expression trees, compiled on every dialect', () => {
  it(
    'bind every value as a parameter: placeholders = parameters, no literal outside identifiers',
    () => {
      fc.assert(
        fc.property(tree, fc.constantFrom(...HOSTILE_NAMES), fc.constantFrom(...HOSTILE_NAMES), (t, a, b) => {
          const names = a === b ? [a, `${b}2`] : [a, b];
          const tbl = makeTable(`t"${a}]`, names[0]!, names[1]!);
          const stmt = select(tbl.c['id'] as never).where(
            t.build(tbl.c[names[0]!] as never, tbl.c[names[1]!] as never),
          );
          for (const dialect of ALL_DIALECTS) {
            const q = compile(stmt, dialect);
            const { identifier, placeholder } = LEXICON[dialect];
            const outside = q.sql.replace(identifier, ' ');
            const placeholders = outside.match(placeholder) ?? [];
            const rest = outside.replace(placeholder, ' ');
            expect({ dialect, placeholders: placeholders.length }).toEqual({
              dialect,
              placeholders: q.params.length,
            });
            expect({ dialect, literal: /['\d]/.exec(rest)?.[0] }).toEqual({ dialect, literal: undefined });
            for (const v of t.values) expect(q.params).toContainEqual(v);
          }
        }),
        { seed, numRuns },
      );
    },
    fuzzTimeout(numRuns, 50),
  );
});

describeEachDialect('generated expression trees on the live database', (d) => {
  const { t } = d.defineTables((metadata, name) => ({
    t: table(
      name('rel_fuzz_expr'),
      {
        id: column(types.integer(), { primaryKey: true }),
        label: column(types.string(100), { nullable: true }),
        count: column(types.integer(), { nullable: true }),
      },
      { metadata },
    ),
  }));
  beforeAll(async () => {
    const rows = HOSTILE_VALUES.filter((s) => !s.includes('\u0000')).map((label, i) => ({
      id: i + 1,
      label,
      count: i * 7 - 50,
    }));
    await d.engine.execute(insert(t).values(rows));
  });

  it(
    'run, and every string bound in the select list comes back intact',
    async () => {
      await fc.assert(
        fc.asyncProperty(tree, fc.array(safeString, { minLength: 1, maxLength: 3 }), async (p, echoes) => {
          const stmt = select(
            t.c.id,
            ...echoes.map((s, i) => literal(s, types.string(100)).as(`e${i}`)),
          ).where(p.build(t.c.label as never, t.c.count as never));
          let rows: Record<string, unknown>[];
          try {
            rows = (await d.engine.execute(stmt)).all() as Record<string, unknown>[];
          } catch (e) {
            // A value can be meaningless to its operator (PostgreSQL: a LIKE pattern ending in
            // its escape character): a DataError about the value, never a syntax error.
            expect(e).toBeInstanceOf(DataError);
            return;
          }
          for (const row of rows) echoes.forEach((s, i) => expect(row[`e${i}`]).toBe(s));
        }),
        { seed, numRuns: Math.ceil(numRuns / 2) },
      );
    },
    fuzzTimeout(numRuns, 100),
  );
});
