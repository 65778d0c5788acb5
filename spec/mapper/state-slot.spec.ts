import { hasState, inspect, instanceState, STATE, type InstanceState } from '../../lib/mapper';
import { User } from './fixtures';

/** Where a mapped object keeps its InstanceState: a private slot, not an own property. */
describe('instance state storage', () => {
  it('adds no own property, not even a non-enumerable symbol', () => {
    const u = inspect(User).instantiate({ id: 1, email: 'a@example.com' });
    expect(Reflect.ownKeys(u)).toEqual([]);
    expect(Object.getOwnPropertySymbols(u)).toEqual([]);
    expect({ ...u }).toEqual({});
    expect(Object.assign({}, u)).toEqual({});
    expect(JSON.parse(JSON.stringify(u))).toEqual({ id: 1, email: 'a@example.com' });
  });

  it('is readable as obj[STATE] once created, and only then', () => {
    const u = new User();
    expect(hasState(u)).toBe(false);
    expect((u as unknown as { [STATE]?: InstanceState })[STATE]).toBeUndefined();
    const state = instanceState(u);
    expect(hasState(u)).toBe(true);
    expect((u as unknown as { [STATE]?: InstanceState })[STATE]).toBe(state);
    expect(instanceState(u)).toBe(state);
  });

  it('is not shared through the prototype, nor copied to a spread copy', () => {
    const u = inspect(User).instantiate({ id: 2, email: 'b@example.com' });
    const copy = Object.assign(Object.create(User.prototype) as User, { ...u });
    expect(hasState(copy)).toBe(false);
    expect(instanceState(copy)).not.toBe(instanceState(u));
    expect(() => instanceState(User.prototype)).toThrow('User.prototype is not an instance');
  });

  it('instantiateState returns the state of the new object', () => {
    const state = inspect(User).instantiateState({ id: 3, email: 'c@example.com' });
    expect(instanceState(state.obj)).toBe(state);
    expect(state.obj.email).toBe('c@example.com');
    expect(state.status).toBe('transient');
  });
});

describe('hydrated objects', () => {
  it('have the class prototype itself, without running the constructor', () => {
    const u = inspect(User).instantiate({ id: 4, email: 'd@example.com' });
    expect(Object.getPrototypeOf(u)).toBe(User.prototype);
    expect(u.constructor).toBe(User);
    expect(u).toBeInstanceOf(User);
    expect(Object.getOwnPropertyNames(u)).toEqual([]);
    expect(u.email).toBe('d@example.com');
  });
});
