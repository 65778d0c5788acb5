import { Result } from '../../lib/drivers';
import { MultipleResultsError, NoResultError } from '../../lib/errors';
import { types } from '../../lib/sql';

const cols = [
  { name: 'id', type: types.integer() },
  { name: 'name', type: types.string() },
];

describe('Result', () => {
  const many = new Result<{ id: number; name: string }>(
    [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ],
    2,
    cols,
  );
  const single = new Result<{ id: number; name: string }>([{ id: 7, name: 'x' }], 1, cols);
  const empty = new Result<{ id: number }>([], 0, cols);

  it('all / first / rowCount', () => {
    expect(many.all()).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(many.all()).not.toBe(many.rows);
    expect(many.first()).toEqual({ id: 1, name: 'a' });
    expect(empty.first()).toBeUndefined();
    expect(many.rowCount).toBe(2);
  });

  it('one / oneOrNull', () => {
    expect(single.one()).toEqual({ id: 7, name: 'x' });
    expect(() => empty.one()).toThrow(NoResultError);
    expect(() => many.one()).toThrow(MultipleResultsError);
    expect(empty.oneOrNull()).toBeNull();
    expect(() => many.oneOrNull()).toThrow(MultipleResultsError);
  });

  it('scalar / scalars use the first result column', () => {
    expect(single.scalar()).toBe(7);
    expect(empty.scalar()).toBeNull();
    expect(() => many.scalar()).toThrow(MultipleResultsError);
    expect(many.scalars()).toEqual([1, 2]);
    const untyped = new Result([{ b: 2, a: 1 }], 1, []);
    expect(untyped.scalar()).toBe(2);
  });
});
