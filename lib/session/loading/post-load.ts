import type { InstanceState, RelationshipProperty } from '../../mapper';
import type { EffectiveNode, LevelSource, LoadTree, PostLoadContext } from './load-context';
import { nodeFor } from './load-tree';
import { LOADERS } from './strategies';

/**
 * Applies the loader tree of one level to objects already hydrated: each relationship's strategy
 * fills it (selectin and subquery queries, noload, raise marks) or walks the level below the joined
 * loads that came with the statement.
 * @internal
 */
export async function postLoad(
  ctx: PostLoadContext,
  states: readonly InstanceState[],
  tree: LoadTree,
  path: readonly RelationshipProperty[],
  inStatement: ReadonlySet<EffectiveNode>,
  source: LevelSource | undefined,
): Promise<void> {
  if (states.length === 0) return;
  const byProp = new Map<RelationshipProperty, InstanceState[]>();
  for (const s of states) {
    for (const prop of s.mapper.relationships) {
      const list = byProp.get(prop);
      if (list === undefined) byProp.set(prop, [s]);
      else list.push(s);
    }
  }
  for (const [prop, parents] of byProp) {
    const node = nodeFor(tree, prop, path);
    const todo = ctx.populateExisting ? parents : parents.filter((s) => !s.isLoaded(prop.key));
    await LOADERS[node.strategy].afterLoad({
      ctx,
      node,
      parents,
      todo,
      inStatement,
      source,
      loadLevel: postLoad,
    });
  }
}
