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
