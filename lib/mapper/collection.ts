import type { InstanceState } from './instance-state';
import type { RelationshipProperty } from './relationship-property';
import { appendedTo, removedFrom } from './backref';

const META = Symbol('athanor.collection');

interface CollectionMeta {
  readonly state: InstanceState;
  readonly prop: RelationshipProperty;
  readonly items: unknown[];
  methods?: Map<PropertyKey, (...args: unknown[]) => unknown>;
}

const MUTATORS = new Set<PropertyKey>([
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);

/** @internal Records the original members once, before the first change since load / flush. */
export function recordMembers(state: InstanceState, key: string, items: readonly unknown[]): void {
  if (!state.hasCommitted(key)) state.recordChange(key, items.slice());
}

/** @internal Runs back-populate sync for the members that came and went. */
export function syncMembers(
  state: InstanceState,
  prop: RelationshipProperty,
  before: readonly unknown[],
  after: readonly unknown[],
): void {
  if (prop.backPopulates === undefined) return;
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  for (const item of beforeSet)
    if (!afterSet.has(item) && item != null) removedFrom(state, prop, item as object);
  for (const item of afterSet)
    if (!beforeSet.has(item) && item != null) appendedTo(state, prop, item as object);
}

function method(meta: CollectionMeta, name: PropertyKey, proxy: unknown[]): (...args: unknown[]) => unknown {
  const methods = (meta.methods ??= new Map());
  let fn = methods.get(name);
  if (fn !== undefined) return fn;
  const { state, prop, items } = meta;
  if (name === 'push') {
    fn = (...added: unknown[]) => {
      recordMembers(state, prop.key, items);
      const fresh =
        prop.backPopulates === undefined
          ? []
          : added.filter((a, i) => !items.includes(a) && added.indexOf(a) === i);
      const length = items.push(...added);
      for (const item of fresh) if (item != null) appendedTo(state, prop, item as object);
      return length;
    };
  } else {
    const native = (Array.prototype as unknown as Record<PropertyKey, (...args: unknown[]) => unknown>)[
      name
    ]!;
    fn = (...args: unknown[]) => {
      const before = items.slice();
      const result = native.apply(items, args);
      recordMembers(state, prop.key, before);
      syncMembers(state, prop, before, items);
      return result === items ? proxy : result;
    };
  }
  methods.set(name, fn);
  return fn;
}

/**
 * @internal A relationship collection: an array whose mutations (push, splice, index and length
 * assignment, …) record the original members, tell the session, and keep `backPopulates` in sync.
 * Takes ownership of `items`.
 */
export function trackedCollection(
  state: InstanceState,
  prop: RelationshipProperty,
  items: unknown[],
): unknown[] {
  const meta: CollectionMeta = { state, prop, items };
  const proxy: unknown[] = new Proxy(items, {
    get(target, p, receiver) {
      if (p === META) return meta;
      if (p === 'push' || MUTATORS.has(p)) return method(meta, p, proxy);
      return Reflect.get(target, p, receiver);
    },
    set(target, p, value) {
      const before = target.slice();
      (target as unknown as Record<PropertyKey, unknown>)[p] = value;
      if (typeof p === 'string' && (p === 'length' || /^\d+$/.test(p))) {
        recordMembers(state, prop.key, before);
        syncMembers(state, prop, before, target);
      }
      return true;
    },
    deleteProperty(target, p) {
      const before = target.slice();
      delete (target as unknown as Record<PropertyKey, unknown>)[p];
      recordMembers(state, prop.key, before);
      syncMembers(state, prop, before, target);
      return true;
    },
  });
  return proxy;
}

/** True for a tracked relationship collection. */
export function isTrackedCollection(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[META] !== undefined;
}

/** @internal The plain array behind a tracked collection (mutating it bypasses tracking). */
export function rawItems(collection: unknown[]): unknown[] {
  const meta = (collection as unknown as Record<symbol, CollectionMeta | undefined>)[META];
  return meta === undefined ? collection : meta.items;
}
