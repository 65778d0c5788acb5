import { instanceState, type InstanceState } from '../mapper';
import { related } from './flush/flush-plan';

/**
 * `root` and what it reaches, level after level, through the delete cascade of relationships
 * that are loaded (SQLAlchemy's `cascade_iterator('delete')` at `session.delete()` time; Athanor
 * cannot load on the spot, so the flush cascades through the rest). Objects never saved are not
 * reached.
 */
export function deleteCascade(root: InstanceState): InstanceState[] {
  const out = [root];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++) {
    const state = out[i]!;
    for (const prop of state.mapper.relationships) {
      if (prop.viewonly || !prop.cascade.has('delete') || !state.isLoaded(prop.key)) continue;
      for (const obj of related(state.dict[prop.key])) {
        if (obj === null) continue;
        const child = instanceState(obj);
        if (seen.has(child) || child.key === undefined) continue;
        seen.add(child);
        out.push(child);
      }
    }
  }
  return out;
}

/**
 * The objects `root` reaches through loaded `refresh-expire` relationships (SQLAlchemy's
 * `cascade_iterator('refresh-expire')`), gathered before anything is expired since expiring
 * unloads the relationships. A pending member is skipped (and not walked) unless the
 * relationship also has delete-orphan: then expiring its parent drops it from the session.
 */
export function refreshExpireCascade(root: InstanceState): InstanceState[] {
  const out: InstanceState[] = [];
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length) {
    const state = queue.pop()!;
    for (const prop of state.mapper.relationships) {
      if (!prop.cascade.has('refresh-expire') || !state.isLoaded(prop.key)) continue;
      const skipPending = !prop.cascade.has('delete-orphan');
      for (const obj of related(state.dict[prop.key])) {
        if (obj === null) continue;
        const child = instanceState(obj);
        if (seen.has(child) || (skipPending && child.key === undefined)) continue;
        seen.add(child);
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}
