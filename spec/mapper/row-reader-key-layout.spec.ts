import { Column, Table } from '../../lib/decorators';
import { inspect, Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';

const registry = new Registry();

@Table('consignments', { registry })
class Consignment {
  @Column({ type: types.string(10) }) note!: string;
  @Column({ primaryKey: true, type: types.string(10) }) shop!: string;
  @Column({ primaryKey: true }) number!: number;
}

describe('row reader keyLayout', () => {
  it('names where each primary key value sits in the row, in primary key order', () => {
    const m = inspect(Consignment);
    const byName = m.selectColumns.map((c) => `r_${c.key}`);
    expect(m.rowReader(byName).keyLayout).toEqual(['r_shop', 'r_number']);
    const byIndex = m.selectColumns.map((_, i) => i);
    const pk = m.primaryKeyProps.map((p) => m.selectColumns.indexOf(p.column));
    expect(m.rowReader(byIndex).keyLayout).toEqual(pk);
  });
});
