import { InvalidValueError } from '../../lib/errors';
import { compile, insert, table } from '../../lib/sql';
import { valueColumns } from './value-columns';

/**
 * SQL Server and Oracle (compiled here; no live server in this suite) refuse the values the other
 * dialects refuse, naming the column, before anything is sent; values that fit compile.
 */
const t = table('docs', valueColumns(40));

const REFUSED: readonly [string, unknown, RegExp][] = [
  ['label', { a: 1 }, /not a string/],
  ['label', ['a', 'b'], /not a string/],
  ['label', 'a\uD800b', /lone UTF-16 surrogate/],
  ['count', 42.7, /not an integer/],
  ['count', '1 OR 1=1', /not an integer/],
  ['count', NaN, /not an integer/],
  ['big', 2 ** 53 + 2, /beyond 2\^53/],
  ['big', 2n ** 64n, /64-bit integer range/],
  ['ratio', '1e400', /not a finite number/],
  ['ratio', 'abc', /not a number/],
  ['price', '123.456', /decimal places/],
  ['price', 5e-324, /decimal places/],
  ['price', '123456789.5', /integer digits/],
  ['flag', 'false', /not a boolean/],
  ['flag', 2, /not a boolean/],
  ['day', new Date('nope'), /not a valid date/],
  ['day', '2023-02-30', /not a valid ISO-8601 date/],
  ['at', new Date(NaN), /not a valid date/],
  ['doc', { x: NaN }, /cannot be stored in JSON/],
];

describe.each(['mssql', 'oracle'] as const)('values refused on %s, compiled', (dialect) => {
  it.each(REFUSED)('%s = %p is an InvalidValueError naming docs.%s', (col, value, reason) => {
    const error = (() => {
      try {
        compile(insert(t).values({ id: 1, [col]: value } as never), dialect);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as InvalidValueError).column).toBe(`docs.${col}`);
    expect((error as Error).message).toMatch(reason);
  });

  it('non-finite floats: refused on SQL Server, kept by Oracle BINARY_DOUBLE', () => {
    const q = () => compile(insert(t).values({ id: 1, ratio: Infinity }), dialect);
    if (dialect === 'mssql') expect(q).toThrow(InvalidValueError);
    else expect(q().params).toContain(Infinity);
  });

  it('values that fit compile to the parameters the driver expects', () => {
    const q = compile(
      insert(t).values({
        id: 1,
        label: 'ok',
        count: '12',
        big: 2 ** 53 - 1,
        ratio: 0.5,
        price: '-12.30',
        flag: true,
        day: '2024-02-29',
        at: new Date('2024-02-29T12:00:00Z'),
        doc: { a: [1] },
      } as never),
      dialect,
    );
    expect(q.params).toEqual([
      1,
      'ok',
      12,
      2 ** 53 - 1,
      0.5,
      '-12.30',
      dialect === 'mssql' ? true : 1,
      '2024-02-29',
      new Date('2024-02-29T12:00:00Z'),
      '{"a":[1]}',
    ]);
  });
});
