import type { InstanceState, RelationshipProperty } from '../../mapper';

/** Relationships a query loaded with an explicit `raiseload()`: `related()` refuses to load them. */
const marks = new WeakMap<InstanceState, Set<string>>();

/** @internal */
export function markRaise(state: InstanceState, prop: RelationshipProperty, raise: boolean): void {
  let keys = marks.get(state);
  if (!raise) {
    keys?.delete(prop.key);
    return;
  }
  if (keys === undefined) marks.set(state, (keys = new Set()));
  keys.add(prop.key);
}

/** @internal */
export function isRaiseMarked(state: InstanceState, key: string): boolean {
  return marks.get(state)?.has(key) ?? false;
}
