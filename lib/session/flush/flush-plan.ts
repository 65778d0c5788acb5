import { instanceState, type InstanceState, type Mapper, type RelationshipProperty } from '../../mapper';
import { mapperGroups } from './flush-order';
import { loadForKeySwitches } from './key-switches';
import { originalMembers, planCascades, related, type CascadeHost, type CascadePlan } from './cascade-plan';
import type { FlushPlan } from './flush-plan-types';

/** What the flush needs from the session. @internal */
export type FlushHost = CascadeHost;

export { related, originalMembers };

const NONE: readonly InstanceState[] = Object.freeze([]);

/** Per mapper configuration (its relationships array): the relationships that cascade saves. */
const saveUpdateCache = new WeakMap<readonly RelationshipProperty[], readonly RelationshipProperty[]>();

function saveUpdateProps(mapper: Mapper<object>): readonly RelationshipProperty[] {
  let props = saveUpdateCache.get(mapper.relationships);
  if (props === undefined) {
    props = mapper.relationships.filter((p) => !p.viewonly && p.cascade.has('save-update'));
    saveUpdateCache.set(mapper.relationships, props);
  }
  return props;
}

/**
 * What a save-update cascade from `state` reaches in one step: the members of its loaded
 * save-update relationships, and the members they had when loaded and lost since (SQLAlchemy's
 * "all pending"), so that re-adding a detached object brings its orphans back to be deleted; for
 * a collection that is not loaded, the members added and removed since.
 */
export function saveUpdateChildren(state: InstanceState): readonly InstanceState[] {
  const props = saveUpdateProps(state.mapper);
  // Most objects of a big batch have nothing to cascade to: no array per object then.
  if (props.length === 0) return NONE;
  const out: InstanceState[] = [];
  for (const prop of props) {
    if (!state.isLoaded(prop.key)) {
      // A write-only collection (or one changed through its mirror): what was added and removed.
      const pending = state.pendingMutations(prop.key);
      if (pending !== undefined)
        for (const obj of [...pending.added, ...pending.removed]) out.push(instanceState(obj));
      continue;
    }
    const now = related(state.dict[prop.key]);
    for (const obj of now) if (obj !== null) out.push(instanceState(obj));
    const before = originalMembers(state, prop.key);
    if (before === undefined) continue;
    for (const obj of before) if (obj !== null && !now.includes(obj)) out.push(instanceState(obj));
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Collects what to flush (see `planCascades`) and groups it per mapper in dependency order. Cost
 * follows the changed objects and what they reach, never the identity map. The plan comes
 * synchronously unless relationships had to be loaded for it (no promise for the usual flush).
 */
export function buildFlushPlan(host: FlushHost): FlushPlan | Promise<FlushPlan> {
  const cascades = planCascades(host);
  return cascades instanceof Promise
    ? cascades.then((c) => afterCascades(host, c))
    : afterCascades(host, cascades);
}

function afterCascades(host: FlushHost, cascades: CascadePlan): FlushPlan | Promise<FlushPlan> {
  const loading = loadForKeySwitches(host, cascades.saves);
  return loading === undefined ? grouped(cascades) : loading.then(() => grouped(cascades));
}

function grouped({ saves, deleted, outside, clearKeys }: CascadePlan): FlushPlan {
  const inserts = new Map<Mapper<object>, InstanceState[]>();
  const updates = new Map<Mapper<object>, InstanceState[]>();
  const deletes = new Map<Mapper<object>, InstanceState[]>();
  for (const s of saves) push(s.status === 'pending' ? inserts : updates, s.mapper, s);
  for (const s of deleted) push(deletes, s.mapper, s);
  const mappers = new Set<Mapper<object>>(inserts.keys());
  for (const m of updates.keys()) mappers.add(m);
  for (const m of deletes.keys()) mappers.add(m);
  const groups = mapperGroups(mappers);
  const order: Mapper<object>[] = [];
  for (const group of groups) for (const m of group) order.push(m);
  return { order, groups, inserts, updates, deletes, saves, deleted, outside, clearKeys };
}
