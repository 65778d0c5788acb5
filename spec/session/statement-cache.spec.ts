/**
 * The compiled-SQL cache (lib/sql/compiler/statement-cache.ts): a statement of a shape compiled
 * before must come out exactly as an uncached compile would, for every dialect, with this
 * statement's values; and the cache must stay bounded.
 */
import { DIALECT_NAMES } from '../../lib/dialects';
import {
  and,
  compile,
  createTable,
  deleteFrom,
  exists,
  getDialect,
  insert,
  literal,
  or,
  select,
  text,
  update,
  type Dialect,
  type DialectName,
  type SqlCompiler,
  type Executable,
} from '../../lib/sql';
import {
  CACHE_LIMITS,
  cacheFor,
  clearStatementCaches,
  statementKey,
} from '../../lib/sql/compiler/statement-cache';
import { employees, posts, users } from '../sql/fixtures';

/** The dialect's own statement compiler, to compile without the cache. */
const uncachedCompiler = (d: Dialect): SqlCompiler => new d.statementCompiler(d) as SqlCompiler;
const uncached = (stmt: Executable, dialect: DialectName) =>
  uncachedCompiler(getDialect(dialect)).compileUncached(stmt.toStatementNode());

const cacheOf = (dialect: DialectName) => cacheFor(getDialect(dialect));

/** Compiles cached, or returns the error it throws. */
function attempt(run: () => unknown): unknown {
  try {
    return run();
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

/** Statement shapes with two sets of values each. */
const shapes: [string, (v: number) => Executable][] = [
  [
    'select with where, in, between, like, order, limit, offset',
    (v) =>
      select(users.c.id, users.c.name)
        .where(
          and(
            users.c.age.gt(v),
            users.c.id.in([v, v + 1, v + 2]),
            users.c.age.between(v, v * 2),
            users.c.name.like(`a${v}%`),
          ),
        )
        .orderBy(users.c.name.desc().nullsFirst())
        .limit(v)
        .offset(v + 3),
  ],
  [
    'join with a boolean and a date parameter',
    (v) =>
      select(users.c.name, posts.c.title)
        .join(posts, posts.c.userId.eq(users.c.id))
        .where(and(users.c.active.eq(v % 2 === 0), posts.c.createdAt.lt(new Date(Date.UTC(2024, 0, v))))),
  ],
  [
    'correlated EXISTS and a self-join through an alias',
    (v) => {
      const m = employees.alias('m');
      return select(employees.c.name, m.c.name)
        .join(m, employees.c.managerId.eq(m.c.id))
        .where(exists(select(posts.c.id).where(and(posts.c.userId.eq(employees.c.id), posts.c.score.gt(v)))));
    },
  ],
  [
    'CTE and UNION',
    (v) => {
      const young = select(users.c.id, users.c.name).where(users.c.age.lt(v)).cte('young');
      return select(young.c.name)
        .with(young)
        .where(young.c.id.gt(v + 1))
        .union(select(users.c.name).where(users.c.age.gt(v + 2)));
    },
  ],
  [
    'multi-row insert with RETURNING',
    (v) =>
      insert(users)
        .values([
          { name: `a${v}`, age: v },
          { name: `b${v}`, age: v + 1 },
        ])
        .returning(users.c.id),
  ],
  [
    'update',
    (v) =>
      update(users)
        .set({ name: `n${v}`, age: v })
        .where(users.c.id.eq(v + 1)),
  ],
  ['delete', (v) => deleteFrom(posts).where(or(posts.c.score.lt(v), posts.c.title.eq(`t${v}`)))],
  ['text() with named parameters', (v) => text('SELECT :b + :a, :a', { a: v, b: v * 10 })],
];

describe('statement cache', () => {
  beforeEach(() => clearStatementCaches());

  describe.each(DIALECT_NAMES)('%s', (dialect) => {
    it.each(shapes)('%s: a hit gives the SQL and parameters of an uncached compile', (_name, make) => {
      const first = attempt(() => compile(make(1), dialect));
      const size = cacheOf(dialect).size;
      const second = attempt(() => compile(make(7), dialect));
      const third = attempt(() => compile(make(7), dialect));
      expect(second).toEqual(attempt(() => uncached(make(7), dialect)));
      expect(third).toEqual(second);
      expect(first).toEqual(attempt(() => uncached(make(1), dialect)));
      // The second and third compiles found the shape: nothing new was stored after the first
      // walk that gave the reused column nodes their identity.
      expect(cacheOf(dialect).size).toBeLessThanOrEqual(size + 1);
      const fourth = attempt(() => compile(make(9), dialect));
      expect(cacheOf(dialect).size).toBeLessThanOrEqual(size + 1);
      expect(fourth).toEqual(attempt(() => uncached(make(9), dialect)));
    });
  });

  it('returns the very same SQL string on a hit, so drivers can key prepared statements by it', () => {
    const get = (id: number) => compile(select(users.c.id).where(users.c.id.eq(id)), 'postgresql');
    get(1);
    const a = get(2);
    const b = get(3);
    expect(b.sql).toBe(a.sql);
    expect(b.columns).toBe(a.columns);
    expect([a.params, b.params]).toEqual([[2], [3]]);
  });

  it('binds the values of this statement, even when one bind node is used twice', () => {
    const shared = literal(5);
    const twice = () => select(users.c.id).where(or(users.c.age.eq(shared), users.c.id.eq(shared)));
    const distinct = (a: number, b: number) =>
      select(users.c.id).where(or(users.c.age.eq(literal(a)), users.c.id.eq(literal(b))));
    for (let round = 0; round < 3; round++) {
      expect(compile(distinct(1, 2), 'sqlite').params).toEqual([1, 2]);
      expect(compile(twice(), 'sqlite').params).toEqual([5, 5]);
      expect(compile(distinct(3, 4), 'sqlite').params).toEqual([3, 4]);
    }
  });

  it('keeps text() semantics: a parameter left out still fails after the shape was cached', () => {
    expect(compile(text('SELECT :a', { a: 1 }), 'postgresql').params).toEqual([1]);
    expect(compile(text('SELECT :a', { a: 2 }), 'postgresql').params).toEqual([2]);
    expect(() => compile(text('SELECT :a', {}), 'postgresql')).toThrow(/no value was given/);
    expect(() => compile(text('SELECT :a', { b: 1 }), 'postgresql')).toThrow(/no value was given/);
  });

  it('tells a value from a structure: an IN list of another length is another shape', () => {
    const q = (ids: number[]) => compile(select(users.c.id).where(users.c.id.in(ids)), 'postgresql');
    q([1, 2]);
    expect(q([3, 4, 5])).toMatchObject({
      sql: expect.stringContaining('IN ($1, $2, $3)'),
      params: [3, 4, 5],
    });
    expect(q([6, 7])).toMatchObject({ sql: expect.stringContaining('IN ($1, $2)'), params: [6, 7] });
  });

  it('does not grow without bound, and drops the least recently used shape first', () => {
    const saved = { ...CACHE_LIMITS };
    try {
      CACHE_LIMITS.maxEntries = 3;
      const shape = (n: number) =>
        select(users.c.id).where(users.c.id.in(Array.from({ length: n }, (_, i) => i)));
      for (let n = 1; n <= 50; n++) compile(shape(n), 'mysql');
      expect(cacheOf('mysql').size).toBe(3);

      clearStatementCaches();
      const cached = (n: number) => cacheOf('mysql').lookup(statementKey(shape(n).toStatementNode())!);
      // Walk each shape once first, so their column nodes have their identity before storing.
      for (const n of [1, 2, 3, 4]) statementKey(shape(n).toStatementNode());
      for (const n of [1, 2, 3]) compile(shape(n), 'mysql');
      expect(cached(1)).toBeDefined(); // 1 is now the most recently used
      compile(shape(4), 'mysql');
      expect([1, 2, 3, 4].map((n) => cached(n) !== undefined)).toEqual([true, false, true, true]);
    } finally {
      Object.assign(CACHE_LIMITS, saved);
    }
  });

  it('leaves out statements with more values than the limit, and DDL', () => {
    const saved = { ...CACHE_LIMITS };
    try {
      CACHE_LIMITS.maxParams = 10;
      const big = select(users.c.id).where(users.c.id.in(Array.from({ length: 11 }, (_, i) => i)));
      expect(statementKey(big.toStatementNode())).toBeUndefined();
      expect(compile(big, 'sqlite').params).toHaveLength(11);
      expect(cacheOf('sqlite').size).toBe(0);
      expect(statementKey(createTable(users).toStatementNode())).toBeUndefined();
    } finally {
      Object.assign(CACHE_LIMITS, saved);
    }
  });
});
