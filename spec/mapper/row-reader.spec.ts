import { Column, Table } from '../../lib/decorators';
import { inspect, instanceState, Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';

const registry = new Registry();

@Table('shipments', { registry })
class Shipment {
  @Column({ primaryKey: true, type: types.string(10) }) shop!: string;
  @Column({ primaryKey: true }) number!: number;
  @Column({ name: 'created_on', type: types.string(10) }) createdOn!: string;
}

@Table('parcels', { registry, polymorphicOn: 'kind', polymorphicIdentity: 'parcel' })
class Parcel {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(10) }) kind!: string;
}
@Table({ registry, polymorphicIdentity: 'box' })
class Box extends Parcel {
  @Column({ type: types.integer(), nullable: true }) size!: number | null;
}

describe('compiled row readers', () => {
  it('build identity keys in identityKeyFor() form, composite keys included', () => {
    const m = inspect(Shipment);
    const reader = m.rowReader(['shop', 'number', 'createdOn']);
    const row = { shop: 'a|b', number: 7, createdOn: 'x' };
    expect(reader.identityKey(row)).toBe('Shipment|"a|b"|7');
    expect(reader.identityKey(row)).toBe(m.identityKeyFor(['a|b', 7]));
    // A partly NULL key names a row (allowPartialPks defaults to true); an all-NULL one does not.
    expect(reader.identityKey({ shop: 'a', number: null, createdOn: 'x' })).toBe(
      m.identityKeyFor(['a', null]),
    );
    expect(reader.identityKey({ shop: null, number: null, createdOn: 'x' })).toBeUndefined();
  });

  it('adopt a row as the dict when its keys are exactly the attribute keys', () => {
    const reader = inspect(Shipment).rowReader(['shop', 'number', 'createdOn']);
    const row = { shop: 'a', number: 1, createdOn: '2024-01-01' };
    const state = reader.adoptState!(row);
    expect(state.dict).toBe(row);
    expect(instanceState(state.obj)).toBe(state);
    expect(state.obj.createdOn).toBe('2024-01-01');
    // hydrateState() copies, so the row stays the caller's.
    expect(reader.hydrateState(row).dict).not.toBe(row);
    expect(reader.hydrateState(row).dict).toEqual(row);
  });

  it('do not adopt rows keyed by column names, by position, or of a polymorphic mapper', () => {
    expect(inspect(Shipment).rowReader(['shop', 'number', 'created_on']).adoptState).toBeUndefined();
    expect(inspect(Shipment).rowReader([0, 1, 2]).adoptState).toBeUndefined();
    const parcels = inspect(Parcel);
    expect(parcels.rowReader(parcels.selectColumns.map((c) => c.key)).adoptState).toBeUndefined();
    expect(inspect(Box).polymorphicIdentity).toBe('box');
  });
});
