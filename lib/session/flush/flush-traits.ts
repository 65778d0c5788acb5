import type { Mapper, RelationshipProperty } from '../../mapper';
import { isPostUpdate } from './flush-order';
import type { FlushPlan } from './flush-plan-types';

/** What a mapper's relationships ask of a flush beyond its rows' INSERTs, UPDATEs and DELETEs. */
interface FlushTraits {
  /** A post-update relationship: foreign keys written once every row exists. */
  readonly postUpdate: boolean;
  /** A many-to-many relationship: association rows to insert and delete. */
  readonly manyToMany: boolean;
}

/** Per mapper configuration (its relationships array), worked out on the first flush. */
const traitsCache = new WeakMap<readonly RelationshipProperty[], FlushTraits>();

function traitsOf(mapper: Mapper<object>): FlushTraits {
  let traits = traitsCache.get(mapper.relationships);
  if (traits === undefined) {
    const written = mapper.relationships.filter((p) => !p.viewonly);
    traits = {
      postUpdate: written.some(isPostUpdate),
      manyToMany: written.some((p) => p.direction === 'manyToMany' && p.secondary !== undefined),
    };
    traitsCache.set(mapper.relationships, traits);
  }
  return traits;
}

/**
 * Whether a mapper of the plan (every saved or deleted object's mapper is one) has the trait: the
 * flush steps that serve it are skipped otherwise, with their walk over every saved object.
 */
export function planHas(plan: FlushPlan, trait: keyof FlushTraits): boolean {
  for (const mapper of plan.order) if (traitsOf(mapper)[trait]) return true;
  return false;
}
