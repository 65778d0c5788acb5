/**
 * A collection keyed by an attribute of its members (`keyedBy`). The members stay a tracked array
 * in the instance state, which flush, cascades, backrefs, merge and loaders read unchanged; the
 * attribute reads as an object view over that array, whose writes go through the array's tracked
 * mutators so that every membership event runs as for `push` / `splice`.
 */
import { ArgumentError } from '../errors';
import { checkTarget } from './backref';
import { rawItems } from './collection';
import type { RelationshipProperty } from './mapper-types';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Tracked array → its view, so that reading the attribute twice gives the same object. */
const views = new WeakMap<unknown[], Record<string, unknown>>();

/** A member's key as an object key; members whose attribute is null or unset have none. */
function keyOf(member: unknown, attr: string): string | undefined {
  const value = (member as Record<string, unknown>)[attr];
  return value === null || value === undefined ? undefined : String(value);
}

function indexesAt(items: readonly unknown[], attr: string, key: string): number[] {
  const found: number[] = [];
  items.forEach((item, i) => {
    if (keyOf(item, attr) === key) found.push(i);
  });
  return found;
}

/** @internal Refuses a member whose key attribute is not the key it is stored under. */
export function checkKeyed(prop: RelationshipProperty, key: string, member: unknown): void {
  checkTarget(prop, member);
  const attr = prop.keyedBy!;
  const actual = keyOf(member, attr);
  if (actual !== key) {
    throw new ArgumentError(
      `${prop} is keyed by ${prop.target.name}.${attr}: a member stored under '${key}' must have ${attr} '${key}', ` +
        `got ${actual === undefined ? 'none' : `'${actual}'`}`,
    );
  }
}

/** Removes the members at `key` but `keep`, last first so that the indexes stay right. */
function removeAt(tracked: unknown[], indexes: readonly number[], keep?: unknown): void {
  for (let n = indexes.length - 1; n >= 0; n--) {
    const i = indexes[n]!;
    if (tracked[i] !== keep) tracked.splice(i, 1);
  }
}

function put(prop: RelationshipProperty, tracked: unknown[], key: string, member: unknown): void {
  checkKeyed(prop, key, member);
  const items = rawItems(tracked);
  const at = indexesAt(items, prop.keyedBy!, key);
  if (items.includes(member)) {
    removeAt(tracked, at, member);
    return;
  }
  // Replacing in place is one change: the new member is checked before the old one leaves.
  if (at.length > 0) {
    tracked.splice(at[0]!, 1, member);
    removeAt(tracked, at.slice(1), member);
  } else tracked.push(member);
}

/** @internal The keyed view of `prop`'s tracked collection `tracked`. */
export function keyedView(prop: RelationshipProperty, tracked: unknown[]): Record<string, unknown> {
  const cached = views.get(tracked);
  if (cached !== undefined) return cached;
  const attr = prop.keyedBy!;
  const items = rawItems(tracked);
  const find = (key: string | symbol): unknown =>
    typeof key === 'string' ? items.find((item) => keyOf(item, attr) === key) : undefined;
  // `util.inspect` shows a proxy's target without running its traps: the target answers for it.
  const target = {};
  Object.defineProperty(target, INSPECT, {
    configurable: true,
    value: (_depth: number, options: object, inspect: (v: unknown, o: object) => string) =>
      inspect(Object.fromEntries(Object.entries(view)), options),
  });
  const view: Record<string, unknown> = new Proxy<Record<string, unknown>>(target, {
    get(target, key, receiver) {
      const member = find(key);
      return member !== undefined ? member : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return find(key) !== undefined || Reflect.has(target, key);
    },
    set(_target, key, value) {
      if (typeof key !== 'string') return false;
      put(prop, tracked, key, value);
      return true;
    },
    defineProperty(_target, key, descriptor) {
      if (typeof key !== 'string' || !('value' in descriptor)) return false;
      put(prop, tracked, key, descriptor.value);
      return true;
    },
    deleteProperty(_target, key) {
      if (typeof key === 'string') removeAt(tracked, indexesAt(items, attr, key));
      return true;
    },
    ownKeys() {
      const keys = new Set<string>();
      for (const item of items) {
        const key = keyOf(item, attr);
        if (key !== undefined) keys.add(key);
      }
      return [...keys];
    },
    getOwnPropertyDescriptor(_target, key) {
      const member = find(key);
      if (member === undefined) return undefined;
      return { value: member, writable: true, enumerable: true, configurable: true };
    },
  });
  views.set(tracked, view);
  return view;
}

/**
 * @internal The members of a value assigned to a keyed collection: an object or a `Map` of
 * members by key (each checked against its key), or an array or `Set` of members.
 */
export function keyedMembers(prop: RelationshipProperty, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Set)
    return value;
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
  for (const [key, member] of entries) checkKeyed(prop, String(key), member);
  return entries.map(([, member]) => member);
}
