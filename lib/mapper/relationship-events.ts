import { InvalidRequestError } from '../errors';
import type { InstanceState, RelationshipProperty } from './mapper-types';

/*
 * What happens when an object joins or leaves a relationship, besides the change itself: parent
 * tracking (for orphans and singleParent), the owner session's save-update cascade, and pending
 * orphans leaving the session. The attribute code calls these for the attribute changed
 * (`forward`) and for its mirror.
 */

/**
 * Whether the object has lost a delete-orphan parent: it lacks one through any of them (or
 * through all of them, with `legacyIsOrphan`). Rows from the database are assumed to have their
 * parents until a removal says otherwise; new objects must have been given one.
 */
export function isOrphan<E extends object>(state: InstanceState<E>): boolean {
  const parents = state.mapper.deleteOrphanParents;
  if (parents.length === 0) return false;
  const optimistic = state.key !== undefined;
  if (state.mapper.declaration.table.legacyIsOrphan) {
    return parents.every((prop) => !state.hasParent(prop, optimistic));
  }
  return parents.some((prop) => !state.hasParent(prop, optimistic));
}

/**
 * Refuses to give `child` a second parent through a `singleParent` relationship. `previous` is
 * what the attribute held (the same object again is fine).
 */
export function checkSingleParent(
  parent: InstanceState,
  prop: RelationshipProperty,
  child: InstanceState,
  previous: unknown,
): void {
  if (!prop.singleParent || previous === child.obj || !child.hasParent(prop, false)) return;
  throw new InvalidRequestError(
    `${child.mapper.name} object is already associated with an instance of ${parent.mapper.name} via its ` +
      `${prop} attribute, and is only allowed a single parent (singleParent: true)`,
  );
}

/** `child` joined `parent.prop`; `forward` when the change was made on `prop` itself. */
export function attached(
  parent: InstanceState,
  prop: RelationshipProperty,
  child: InstanceState,
  forward: boolean,
): void {
  if (prop.tracksParents) child.setParent(prop, parent, true);
  if (forward) parent.owner?.relatedAttached?.(parent, prop, child);
}

/** `child` left `parent.prop` (removed from a collection, or replaced / cleared when `scalar`). */
export function detached(
  parent: InstanceState,
  prop: RelationshipProperty,
  child: InstanceState,
  scalar: boolean,
): void {
  if (!prop.tracksParents) return;
  child.setParent(prop, parent, false);
  if (!prop.cascade.has('delete-orphan') || !isOrphan(child)) return;
  const owner = parent.owner;
  if (owner?.orphaned !== undefined) owner.orphaned(parent, prop, child, scalar);
  else if (!scalar) child.orphanedOutsideOfSession = true;
}
