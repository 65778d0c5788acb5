import { Column, Table } from '../../lib/decorators';
import { inspect, instanceState, Registry, type InstanceState } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { IdentityMap } from '../../lib/session/identity-map';

const registry = new Registry();

@Table('im_counters', { registry })
class Counter {
  @Column({ primaryKey: true }) id!: number;
}

@Table('im_codes', { registry })
class Code {
  @Column({ primaryKey: true, type: types.string(20) }) code!: string;
}

@Table('im_pairs', { registry })
class Pair {
  @Column({ primaryKey: true }) a!: number;
  @Column({ primaryKey: true }) b!: number;
}

@Table('im_parcels', { registry, polymorphicOn: 'kind', polymorphicIdentity: 'parcel' })
class Parcel {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(10) }) kind!: string;
}
@Table({ registry, polymorphicIdentity: 'box' })
class Box extends Parcel {}

/** A stand-in state: the identity map reads only `key`. */
const fake = (key: string | undefined): InstanceState => ({ key }) as unknown as InstanceState;

describe('identity map keys', () => {
  it('keeps every distinct key string a distinct entry, integer-ended or not', () => {
    const keys = [
      'A|1',
      'A|"1"',
      'A|01',
      'A|-0',
      'A|0',
      'A|-1',
      'A|1|2',
      'A|1|"2"',
      'A|12',
      'A1|2',
      'B|1',
      '|1',
      '1',
      'A|1000000000000000',
      'A|10000000000000000',
      'A|999999999999999',
      'A|Dx',
    ];
    const map = new IdentityMap();
    const states = keys.map(fake);
    for (const s of states) map.add(s);
    expect(map.size).toBe(keys.length);
    keys.forEach((key, i) => expect(map.get(key)).toBe(states[i]));
    expect(new Set(map.states())).toEqual(new Set(states));
    expect(map.get('A|2')).toBeUndefined();
    expect(map.get('C|1')).toBeUndefined();
    expect(map.get('A|1|3')).toBeUndefined();

    // remove() takes out only the state it is given; replace() returns the one it displaced.
    map.remove(fake('A|1'));
    expect(map.get('A|1')).toBe(states[0]);
    map.remove(states[0]!);
    expect(map.get('A|1')).toBeUndefined();
    expect(map.has(states[0]!)).toBe(false);
    expect(map.has(states[1]!)).toBe(true);
    const other = fake('A|12');
    expect(map.replace(other)).toBe(states[8]);
    expect(map.get('A|12')).toBe(other);
    expect(map.replace(other)).toBeUndefined();
    expect(map.size).toBe(keys.length - 1);
    map.clear();
    expect(map.size).toBe(0);
    expect([...map.states()]).toEqual([]);
    expect(map.get('A|12')).toBeUndefined();
    map.add(fake('A|5'));
    expect(map.get('A|5')).toEqual(fake('A|5'));
  });

  it('finds integer keys whatever their order, spacing and removals', () => {
    const map = new IdentityMap();
    const held = new Map<number, InstanceState>();
    const put = (n: number): void => {
      const state = fake(`N|${n}`);
      map.add(state);
      held.set(n, state);
    };
    put(1500); // beyond the end: kept aside, then reached by the keys below it
    for (let n = 0; n < 1500; n++) put(n);
    put(1500);
    put(1501);
    for (let n = 9000; n > 5000; n -= 7) put(n);
    for (const n of [-1, -2, 2 ** 31, 2 ** 40, 1e9, 3000]) put(n);
    const check = (): void => {
      expect(map.size).toBe(held.size);
      for (const [n, state] of held) expect(map.get(`N|${n}`)).toBe(state);
      const listed = [...map.states()];
      expect(listed.length).toBe(held.size);
      expect(new Set(listed)).toEqual(new Set(held.values()));
    };
    check();
    for (const n of [1500, 0, 700, 1501, 9000, -1, 2 ** 40]) {
      map.remove(held.get(n)!);
      held.delete(n);
      expect(map.get(`N|${n}`)).toBeUndefined();
    }
    check();
    put(700);
    put(1500);
    put(-1);
    check();
    expect(map.get('N|1502')).toBeUndefined();
    expect(map.get('N|100000')).toBeUndefined();
  });

  it('gives back the exact key each state was given, whatever its primary key', () => {
    const cases: [object, unknown[]][] = [
      [new Counter(), [7]],
      [new Counter(), [-3]],
      [new Counter(), [0]],
      [new Counter(), [2 ** 40]],
      [new Counter(), [2 ** 53]],
      [new Counter(), [10n]],
      [new Counter(), [123456789012345678901234567890n]],
      [new Code(), ['7']],
      [new Code(), ['a|7']],
      [new Pair(), [1, 2]],
      [new Box(), [7]],
      [new Parcel(), [8]],
    ];
    const map = new IdentityMap();
    const states = cases.map(([obj, pk]) => {
      const state = instanceState(obj);
      const key = state.mapper.identityKeyFor(pk);
      state.key = key;
      expect(state.key).toBe(key);
      map.add(state);
      return state;
    });
    for (const state of states) expect(map.get(state.key!)).toBe(state);
    // 1 and '1' are different keys; a key read back as a bigint is the number's key.
    expect(map.get(inspect(Code).identityKeyFor([7]))).toBeUndefined();
    expect(map.get(inspect(Counter).identityKeyFor([7n]))).toBe(states[0]);
    // A subclass shares its base's keys: Parcel 7 is the Box.
    expect(map.get(inspect(Parcel).identityKeyFor([7]))).toBe(states[10]);
    expect(states[10]!.key).toBe(inspect(Parcel).identityKeyFor([7]));
    states[0]!.key = undefined;
    expect(states[0]!.key).toBeUndefined();
  });
});
