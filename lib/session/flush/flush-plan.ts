import { InvalidRequestError } from '../../errors';
import { instanceState, type InstanceState, type Mapper, type RelationshipProperty } from '../../mapper';
import { CycleError, topologicalSort } from '../../util/topological-sort';
import { loadForKeySwitches } from './key-switches';
import { originalMembers, planCascades, related, type CascadeHost, type ClearKey } from './cascade-plan';

/** What the flush needs from the session. @internal */
export type FlushHost = CascadeHost;

/** The objects a flush writes, grouped and ordered. @internal */
export interface FlushPlan {
  /** Mappers in dependency order: parents before children. */
  readonly order: readonly Mapper<object>[];
  readonly inserts: ReadonlyMap<Mapper<object>, InstanceState[]>;
  readonly updates: ReadonlyMap<Mapper<object>, InstanceState[]>;
  readonly deletes: ReadonlyMap<Mapper<object>, InstanceState[]>;
  /** Every state the flush saves (inserts and updates). */
  readonly saves: ReadonlySet<InstanceState>;
  readonly deleted: ReadonlySet<InstanceState>;
  /** Related objects outside the session: no key is written to or from them. */
  readonly outside: ReadonlySet<InstanceState>;
  /** Children whose foreign key to a deleted parent becomes NULL (while it points there). */
  readonly clearKeys: ReadonlyMap<InstanceState, readonly ClearKey[]>;
}

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
 * "all pending"), so that re-adding a detached object brings its orphans back to be deleted.
 */
export function saveUpdateChildren(state: InstanceState): readonly InstanceState[] {
  const props = saveUpdateProps(state.mapper);
  // Most objects of a big batch have nothing to cascade to: no array per object then.
  if (props.length === 0) return NONE;
  const out: InstanceState[] = [];
  for (const prop of props) {
    if (!state.isLoaded(prop.key)) continue;
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
 * follows the changed objects and what they reach, never the identity map.
 */
export async function buildFlushPlan(host: FlushHost): Promise<FlushPlan> {
  const { saves, deleted, outside, clearKeys } = await planCascades(host);
  await loadForKeySwitches(host, saves);
  const inserts = new Map<Mapper<object>, InstanceState[]>();
  const updates = new Map<Mapper<object>, InstanceState[]>();
  const deletes = new Map<Mapper<object>, InstanceState[]>();
  for (const s of saves) push(s.status === 'pending' ? inserts : updates, s.mapper, s);
  for (const s of deleted) push(deletes, s.mapper, s);
  const mappers = new Set<Mapper<object>>([...inserts.keys(), ...updates.keys(), ...deletes.keys()]);
  return { order: mapperOrder(mappers), inserts, updates, deletes, saves, deleted, outside, clearKeys };
}

/** The mappers `mapper` must come after: targets of its many-to-one FKs, owners of one-to-manys into it. */
function dependenciesOf(mapper: Mapper<object>, all: ReadonlySet<Mapper<object>>): Mapper<object>[] {
  const deps: Mapper<object>[] = [];
  const addWithFamily = (m: Mapper<object>): void => {
    for (const candidate of all)
      if (candidate !== mapper && (candidate === m || candidate.isa(m))) deps.push(candidate);
  };
  for (const prop of mapper.relationships) {
    if (prop.viewonly || prop.postUpdate) continue;
    if (prop.direction === 'manyToOne') addWithFamily(prop.target);
  }
  for (const other of all) {
    for (const prop of other.relationships) {
      if (prop.viewonly || prop.postUpdate || prop.direction !== 'oneToMany') continue;
      if (mapper === prop.target || mapper.isa(prop.target)) if (other !== mapper) deps.push(other);
    }
  }
  // A subclass comes after its ancestors (their tables hold its base rows), never after siblings.
  for (const ancestor of mapper.ancestry) if (ancestor !== mapper && all.has(ancestor)) deps.push(ancestor);
  return deps;
}

/** Parents before children; a cycle without `postUpdate` is reported with the fix. */
export function mapperOrder(mappers: ReadonlySet<Mapper<object>>): Mapper<object>[] {
  try {
    return topologicalSort([...mappers], (m) => dependenciesOf(m, mappers));
  } catch (e) {
    if (e instanceof CycleError) {
      const names = (e.cycle as Mapper<object>[]).map((m) => m.name).join(' -> ');
      throw new InvalidRequestError(
        `the objects to flush depend on each other in a cycle (${names}); set postUpdate: true on one of the relationships`,
      );
    }
    throw e;
  }
}

/**
 * Orders rows of one mapper that refer to rows of the same mapper (trees): each level only refers
 * to earlier levels, so a level can go out as one batch.
 */
export function rowLevels(states: readonly InstanceState[], mapper: Mapper<object>): InstanceState[][] {
  const selfRefs = mapper.relationships.filter(
    (p) =>
      !p.viewonly && !p.postUpdate && (p.target === mapper || mapper.isa(p.target) || p.target.isa(mapper)),
  );
  if (selfRefs.length === 0) return [states as InstanceState[]];
  const inSet = new Set(states);
  const parentsOf = (s: InstanceState): InstanceState[] => {
    const out: InstanceState[] = [];
    for (const prop of selfRefs) {
      if (prop.direction === 'manyToOne' && s.isLoaded(prop.key)) {
        for (const o of related(s.dict[prop.key])) out.push(instanceState(o));
      }
    }
    return out;
  };
  // one-to-many self references: the owner of a collection is the parent of its members.
  const extraParents = new Map<InstanceState, InstanceState[]>();
  for (const s of states) {
    for (const prop of selfRefs) {
      if (prop.direction !== 'oneToMany' || !s.isLoaded(prop.key)) continue;
      for (const o of related(s.dict[prop.key])) push(extraParents, instanceState(o), s);
    }
  }
  const level = new Map<InstanceState, number>();
  const visiting = new Set<InstanceState>();
  const depth = (s: InstanceState): number => {
    const known = level.get(s);
    if (known !== undefined) return known;
    if (visiting.has(s)) {
      throw new InvalidRequestError(
        `rows of ${mapper.name} refer to each other in a cycle; set postUpdate: true on the self-referential relationship`,
      );
    }
    visiting.add(s);
    let d = 0;
    for (const p of [...parentsOf(s), ...(extraParents.get(s) ?? [])])
      if (inSet.has(p)) d = Math.max(d, depth(p) + 1);
    visiting.delete(s);
    level.set(s, d);
    return d;
  };
  const levels: InstanceState[][] = [];
  for (const s of states) (levels[depth(s)] ??= []).push(s);
  return levels.filter((l) => l !== undefined);
}
