/**
 * Row converters are generated code with each column name as a literal: names that would break
 * or inject into generated source must come through as plain property names.
 */
import { rowConverter } from '../../lib/drivers/row-converter';
import { column, compile, getDialect, MetaData, select, table, types } from '../../lib/sql';

const odd = table(
  'odd_names',
  {
    id: column(types.integer(), { primaryKey: true }),
    quoted: column(types.integer(), { name: `it's "x"\\n]; throw 1; //` }),
    at: column(types.dateTime(), { name: 'a\nb' }),
    plain: column(types.text()),
  },
  { metadata: new MetaData() },
);

describe('generated row converters', () => {
  it('convert columns with quotes, backslashes and newlines in their names, and only those with processors', () => {
    const compiled = compile(select(odd), 'sqlite');
    const convert = rowConverter(compiled, getDialect('sqlite').types)!;
    const names = compiled.columns.map((c) => c.name);
    const row: Record<string, unknown> = {};
    const raw = ['7', '12', '2024-05-06 07:08:09', 'text'];
    names.forEach((n, i) => (row[n] = raw[i]));
    const out = convert(row);
    expect(out).toBe(row); // in place
    expect(names.map((n) => out[n])).toEqual([7, 12, new Date(Date.UTC(2024, 4, 6, 7, 8, 9)), 'text']);
  });
});
