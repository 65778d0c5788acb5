/** Row converters are built once per statement shape, not once per query. */
import { rowConverter } from '../../lib/drivers/row-converter';
import { column, compile, getDialect, MetaData, table, types } from '../../lib/sql';
import { select } from '../../lib/sql';

const events = table(
  'events',
  { id: column(types.integer(), { primaryKey: true }), at: column(types.dateTime()) },
  { metadata: new MetaData() },
);

describe('row converter cache', () => {
  it('gives queries of one shape the same converter, and it converts their rows', () => {
    const q = (id: number) => compile(select(events.c.id, events.c.at).where(events.c.id.eq(id)), 'sqlite');
    q(1);
    const a = q(2);
    const b = q(3);
    expect(a).not.toBe(b);
    const convert = rowConverter(a, getDialect('sqlite').types);
    expect(convert).toBeDefined();
    expect(rowConverter(b, getDialect('sqlite').types)).toBe(convert);
    const row = convert!({ id: 3, at: '2024-05-06 07:08:09' });
    expect(row.at).toEqual(new Date(Date.UTC(2024, 4, 6, 7, 8, 9)));
  });
});
