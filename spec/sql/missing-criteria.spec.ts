import { DIALECT_NAMES } from '../../lib/dialects';
import {
  and,
  compile,
  deleteFrom,
  func,
  not,
  or,
  select,
  trueValue,
  tuple,
  update,
  type Predicate,
} from '../../lib/sql';
import { ArgumentError } from '../../lib/errors';
import { users } from './fixtures';

/** Values a caller's missing or malformed filter arrives as at run time (the types forbid them). */
const MISSING: readonly [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a plain object', { id: 5 }],
  ['a string of SQL', '1 = 1'],
  ['a number', 1],
];

const asPredicate = (value: unknown): Predicate => value as Predicate;

describe('a missing WHERE criterion never widens a statement to every row', () => {
  const statements: readonly [string, (criterion: Predicate) => unknown][] = [
    ['select().where()', (c) => select(users.c.id).where(c).limit(1)],
    ['select().where() after a criterion', (c) => select(users.c.id).where(users.c.id.gt(0)).where(c)],
    ['select().having()', (c) => select(users.c.id).groupBy(users.c.id).having(c)],
    ['update().where()', (c) => update(users).set({ name: 'x' }).where(c)],
    ['deleteFrom().where()', (c) => deleteFrom(users).where(c)],
    ['deleteFrom().where() among valid criteria', (c) => deleteFrom(users).where(users.c.id.eq(1), c)],
  ];

  for (const [what, build] of statements) {
    it.each(MISSING)(`${what} with %s raises ArgumentError before any SQL exists`, (_label, value) => {
      expect(() => build(asPredicate(value))).toThrow(ArgumentError);
      expect(() => build(asPredicate(value))).toThrow(/criterion \d is .*must not match every row/);
    });
  }

  it.each(DIALECT_NAMES)('%s: every row is matched only when asked for explicitly', (dialect) => {
    const everyRow = compile(deleteFrom(users).where(trueValue()), dialect).sql;
    expect(everyRow).toMatch(/ WHERE (TRUE|1 = 1)$/);
    // Optional filters compose through and(), which skips undefined; the WHERE clause stays.
    const name: string | undefined = undefined;
    const optional = compile(
      deleteFrom(users).where(and(users.c.id.eq(7), name === undefined ? undefined : users.c.name.eq(name))),
      dialect,
    );
    expect(optional.sql).toMatch(/ WHERE .*id.* = /);
    expect(optional.params).toEqual([7]);
  });

  it('and() / or() accept undefined (optional filters) and reject anything else that is not a predicate', () => {
    for (const [, value] of MISSING.slice(1)) {
      expect(() => and(users.c.id.eq(1), asPredicate(value))).toThrow(ArgumentError);
      expect(() => or(users.c.id.eq(1), asPredicate(value))).toThrow(/or\(\): argument 2 is/);
    }
    expect(() => not(asPredicate(undefined))).toThrow(ArgumentError);
  });
});

describe('undefined in ORDER BY, GROUP BY, windows and tuples is a typed error, not a TypeError', () => {
  const cases: readonly [string, () => unknown][] = [
    ['orderBy(undefined)', () => select(users.c.id).orderBy(undefined as never)],
    ['orderBy(col, undefined)', () => select(users.c.id).orderBy(users.c.id, undefined as never)],
    [
      'orderBy(null) of a UNION',
      () =>
        select(users.c.id)
          .union(select(users.c.id))
          .orderBy(null as never),
    ],
    ['groupBy(undefined)', () => select(users.c.id).groupBy(undefined as never)],
    ['over({ orderBy: [undefined] })', () => func.rowNumber().over({ orderBy: [undefined as never] })],
    ['over({ partitionBy: [null] })', () => func.rowNumber().over({ partitionBy: [null as never] })],
    ['tuple(col, undefined)', () => tuple(users.c.id, undefined as never)],
  ];
  it.each(cases)('%s raises ArgumentError naming the method', (label, build) => {
    const method = label.slice(0, label.indexOf('('));
    expect(build).toThrow(ArgumentError);
    expect(build).toThrow(new RegExp(`${method.replace(/[()]/g, '\\$&')}.*argument \\d is (undefined|null)`));
  });
});
