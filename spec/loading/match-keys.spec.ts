import { encodeKey, matchKey, matchKeyOfRow } from '../../lib/session/loading/columns';
import { OrmResult } from '../../lib/session/orm-result';

describe('relationship match keys', () => {
  it('use a single number as itself and encode everything else', () => {
    expect(matchKey([7])).toBe(7);
    expect(matchKey(['7'])).toBe(encodeKey(['7']));
    expect(matchKey([7n])).toBe(encodeKey([7n]));
    expect(matchKey([1, 'a'])).toBe(encodeKey([1, 'a']));
  });

  it('keep 1, "1" and 1n apart, as encodeKey() did', () => {
    const keys = new Set([matchKey([1]), matchKey(['1']), matchKey([1n])]);
    expect(keys.size).toBe(3);
  });

  it('read the key columns of a row from an offset', () => {
    expect(matchKeyOfRow(['child', 3], 1)).toBe(matchKey([3]));
    expect(matchKeyOfRow(['child', 'x', 4], 1)).toBe(matchKey(['x', 4]));
    expect(matchKeyOfRow(['child', '3'], 1)).toBe(matchKey(['3']));
  });
});

describe('OrmResult.unique()', () => {
  it('drops repeated objects of one-item rows by identity, keeping first-seen order', () => {
    const a = { id: 1 };
    const b = { id: 1 };
    const rows: [object][] = [[a], [a], [b], [a], [b]];
    expect(new OrmResult(rows).unique().scalars()).toEqual([a, b]);
    expect(new OrmResult(rows).unique().scalars()[1]).toBe(b);
  });

  it('compares plain values by value and tuples item by item', () => {
    expect(new OrmResult([[1], ['1'], [1], [null], [null]]).unique().scalars()).toEqual([1, '1', null]);
    const a = { id: 1 };
    expect(
      new OrmResult([
        [a, 'x'],
        [a, 'x'],
        [a, 'y'],
      ])
        .unique()
        .all(),
    ).toEqual([
      [a, 'x'],
      [a, 'y'],
    ]);
  });
});

describe('OrmResult.ofColumn()', () => {
  it('answers like the same result built from one-item tuples', () => {
    const a = { id: 1 };
    const b = { id: 2 };
    const column = OrmResult.ofColumn<[object]>([a, b, a]);
    const tuples = new OrmResult<[object]>([[a], [b], [a]]);
    expect(column.scalars()).toEqual(tuples.scalars());
    expect(column.scalars()).not.toBe(column.scalars());
    expect(column.first()).toEqual([a]);
    expect(column.all()).toEqual(tuples.all());
    expect(column.rows).toEqual(tuples.rows);
    expect(column.unique().scalars()).toEqual([a, b]);
    expect(() => column.one()).toThrow('one() found 3 rows, expected exactly one');
  });

  it('handles no rows and one row', () => {
    expect(OrmResult.ofColumn<[number]>([]).first()).toBeUndefined();
    expect(OrmResult.ofColumn<[number]>([]).scalar()).toBeNull();
    expect(OrmResult.ofColumn<[number]>([5]).one()).toEqual([5]);
    expect(OrmResult.ofColumn<[number]>([5]).scalar()).toBe(5);
  });
});
