/** A dependency cycle found by `topologicalSort`, in order: a → b → … → a. */
export class CycleError<T> extends Error {
  constructor(readonly cycle: readonly T[]) {
    super('dependency cycle');
  }
}

/**
 * Orders `items` so that every item comes after the items it depends on. Stable: items without
 * a dependency between them keep their input order. Throws `CycleError` with one cycle found.
 * @internal
 */
export function topologicalSort<T>(items: readonly T[], dependsOn: (item: T) => Iterable<T>): T[] {
  const order: T[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const present = new Set(items);
  const stack: T[] = [];
  const visit = (item: T): void => {
    const s = state.get(item);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new CycleError([...stack.slice(stack.indexOf(item)), item]);
    }
    state.set(item, 'visiting');
    stack.push(item);
    for (const dep of dependsOn(item)) {
      if (dep !== item && present.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(item, 'done');
    order.push(item);
  };
  for (const item of items) visit(item);
  return order;
}
