import type { InstanceState, RelationshipProperty } from './mapper-types';

const META = Symbol('athanor.collection');

/**
 * @internal What a collection's changes tell the relationship: checks before objects join, then
 * each member that came (`fresh` when it was not a member before) and went. The relationship side
 * (`backref.ts`) provides them, so this module needs nothing from it.
 */
export interface MembershipEvents {
  checkJoining(owner: InstanceState, prop: RelationshipProperty, items: readonly unknown[]): void;
  memberAdded(owner: InstanceState, prop: RelationshipProperty, child: object, fresh: boolean): void;
  memberRemoved(owner: InstanceState, prop: RelationshipProperty, child: object): void;
}

interface CollectionMeta {
  readonly state: InstanceState;
  readonly prop: RelationshipProperty;
  readonly items: unknown[];
  readonly events: MembershipEvents;
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

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * Runs `mutate` on the members, then the relationship events for the members that came and
 * went. Objects that come in are checked first: when one is refused, the members are put back as
 * they were and nothing is recorded.
 */
function change<T>(meta: CollectionMeta, mutate: () => T): T {
  const { state, prop, items, events } = meta;
  const before = items.slice();
  const result = mutate();
  const beforeSet = new Set(before);
  const afterSet = new Set(items);
  const added = [...afterSet].filter((item) => !beforeSet.has(item) && isObject(item));
  try {
    events.checkJoining(state, prop, added);
  } catch (e) {
    items.length = 0;
    items.push(...before);
    throw e;
  }
  recordMembers(state, prop.key, before);
  for (const item of added) events.memberAdded(state, prop, item as object, true);
  for (const item of beforeSet) {
    if (!afterSet.has(item) && isObject(item)) events.memberRemoved(state, prop, item);
  }
  return result;
}

function method(meta: CollectionMeta, name: PropertyKey, proxy: unknown[]): (...args: unknown[]) => unknown {
  const methods = (meta.methods ??= new Map());
  let fn = methods.get(name);
  if (fn !== undefined) return fn;
  const { state, prop, items, events } = meta;
  if (name === 'push') {
    // Every pushed object is attached (cascaded) again, even one already there, as SQLAlchemy's
    // list append does; the mirror changes only for new members.
    fn = (...added: unknown[]) => {
      events.checkJoining(state, prop, added);
      recordMembers(state, prop.key, items);
      const fresh = added.map((a, i) => !items.includes(a) && added.indexOf(a) === i);
      const length = items.push(...added);
      added.forEach((item, i) => {
        if (isObject(item)) events.memberAdded(state, prop, item, fresh[i]!);
      });
      return length;
    };
  } else {
    const native = (Array.prototype as unknown as Record<PropertyKey, (...args: unknown[]) => unknown>)[
      name
    ]!;
    fn = (...args: unknown[]) => {
      const result = change(meta, () => native.apply(items, args));
      return result === items ? proxy : result;
    };
  }
  methods.set(name, fn);
  return fn;
}

/**
 * @internal A relationship collection: an array whose mutations (push, splice, index and length
 * assignment, …) record the original members, track parents, cascade to the session, and keep
 * `backPopulates` in sync. Takes ownership of `items`.
 */
export function trackedCollection(
  state: InstanceState,
  prop: RelationshipProperty,
  items: unknown[],
  events: MembershipEvents,
): unknown[] {
  const handler = new CollectionHandler({ state, prop, items, events });
  return (handler.proxy = new Proxy(items, handler));
}

/**
 * The proxy handler of one collection: its traps are methods of the class, so a collection costs
 * the proxy and this object (a loaded graph makes one per parent), not a closure per trap.
 */
class CollectionHandler implements ProxyHandler<unknown[]> {
  proxy!: unknown[];

  constructor(private readonly meta: CollectionMeta) {}

  get(target: unknown[], p: PropertyKey, receiver: unknown): unknown {
    if (p === META) return this.meta;
    if (p === 'push' || MUTATORS.has(p)) return method(this.meta, p, this.proxy);
    return Reflect.get(target, p, receiver);
  }

  set(target: unknown[], p: PropertyKey, value: unknown): boolean {
    if (typeof p === 'string' && (p === 'length' || /^\d+$/.test(p))) {
      change(this.meta, () => ((target as unknown as Record<PropertyKey, unknown>)[p] = value));
    } else {
      (target as unknown as Record<PropertyKey, unknown>)[p] = value;
    }
    return true;
  }

  deleteProperty(target: unknown[], p: PropertyKey): boolean {
    change(this.meta, () => delete (target as unknown as Record<PropertyKey, unknown>)[p]);
    return true;
  }
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
