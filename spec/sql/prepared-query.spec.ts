/**
 * A prepared statement (lib/sql/compiler/prepared-query.ts): compiled once, bound again with other
 * values in its slots, it must give exactly what compiling the statement with those values gives,
 * on every dialect; parameters outside the slots are read from their nodes at each bind.
 */
import { DIALECT_NAMES } from '../../lib/dialects';
import { InvalidValueError } from '../../lib/errors';
import {
  and,
  compile,
  Expression,
  getDialect,
  literal,
  prepareStatement,
  select,
  text,
  types,
} from '../../lib/sql';
import { bindParam, deferredBindParam, type BindParamNode } from '../../lib/sql/nodes';
import { posts, users } from '../sql/fixtures';

const byAgeAndDate = (age: number, day: Date) => {
  const a = literal<number>(age, types.integer());
  const d = literal<Date>(day, types.dateTime());
  const stmt = select(users.c.id, posts.c.title)
    .join(posts, posts.c.userId.eq(users.c.id))
    .where(and(users.c.age.gt(a), posts.c.createdAt.lt(d), users.c.active.eq(true)))
    .limit(5);
  return { stmt, slots: [a.node, d.node] as BindParamNode[] };
};

describe('prepareStatement', () => {
  it.each(DIALECT_NAMES)('binds new slot values exactly as a compile of those values (%s)', (name) => {
    const dialect = getDialect(name);
    const first = byAgeAndDate(30, new Date(Date.UTC(2024, 0, 1)));
    const prepared = prepareStatement(first.stmt.toStatementNode(), dialect, first.slots)!;
    expect(prepared).toBeDefined();
    for (const [age, day] of [
      [41, new Date(Date.UTC(2025, 5, 6, 7, 8, 9))],
      [30, new Date(Date.UTC(2024, 0, 1))],
    ] as const) {
      const bound = prepared.bind([age, day]);
      const compiled = compile(byAgeAndDate(age, day).stmt, name);
      expect(bound).toEqual(compiled);
      expect(Object.isFrozen(bound) && Object.isFrozen(bound.params)).toBe(true);
    }
    // The slot's type still checks the value, as a compile would.
    expect(() => prepared.bind(['x', new Date()])).toThrow(InvalidValueError);
  });

  it('reads a callable bind parameter and text() values outside the slots at each bind', () => {
    let current = 7;
    const slot = bindParam(1, types.integer());
    const tree = select(users.c.id)
      .where(
        and(
          users.c.id.eq(new Expression<number>(slot, types.integer())),
          users.c.age.eq(
            new Expression<number>(
              deferredBindParam(() => current, types.integer()),
              types.integer(),
            ),
          ),
          text('users.name = :n', { n: 'ann' }).asExpression<boolean>(types.boolean()),
        ),
      )
      .toStatementNode();
    const prepared = prepareStatement(tree, getDialect('postgresql'), [slot])!;
    expect(prepared.bind([3]).params).toEqual([3, 7, 'ann']);
    current = 9;
    expect(prepared.bind([4]).params).toEqual([4, 9, 'ann']);
  });

  it('is undefined when a slot is not a parameter of the statement', () => {
    const { stmt } = byAgeAndDate(1, new Date(0));
    expect(prepareStatement(stmt.toStatementNode(), getDialect('sqlite'), [bindParam(1)])).toBeUndefined();
  });
});
