import { InvalidRequestError } from '../../errors';
import { instanceState, type InstanceState, type Mapper, type RelationshipProperty } from '../../mapper';
import { keyOfColumn } from '../column-keys';

// The order of a flush's rows. Mappers go in foreign-key order (parents first on insert, last on
// delete). Mappers whose relationships form a cycle (A refers to B and B to A, or a mapper to
// itself) are a group: their rows are ordered one by one, as SQLAlchemy's unit of work does for
// cycles, then sent as batches of rows that only refer to earlier batches.

/**
 * A post-update relationship writes its foreign key after every row exists; so does the mirror
 * of one (`backPopulates` describes the same key from the other side).
 */
export function isPostUpdate(prop: RelationshipProperty): boolean {
  return prop.postUpdate || prop.backPopulates?.postUpdate === true;
}

/** Relationships that order rows: written by the flush, not post-update. */
function ordering(prop: RelationshipProperty): boolean {
  return !prop.viewonly && !isPostUpdate(prop);
}

/** The mappers `mapper` must come after: targets of its many-to-one FKs, owners of one-to-manys into it. */
function dependenciesOf(mapper: Mapper<object>, all: ReadonlySet<Mapper<object>>): Mapper<object>[] {
  const deps: Mapper<object>[] = [];
  const addWithFamily = (m: Mapper<object>): void => {
    for (const candidate of all)
      if (candidate !== mapper && (candidate === m || candidate.isa(m))) deps.push(candidate);
  };
  for (const prop of mapper.relationships) {
    if (ordering(prop) && prop.direction === 'manyToOne') addWithFamily(prop.target);
  }
  for (const other of all) {
    for (const prop of other.relationships) {
      if (!ordering(prop) || prop.direction !== 'oneToMany') continue;
      if (mapper === prop.target || mapper.isa(prop.target)) if (other !== mapper) deps.push(other);
    }
  }
  // A subclass comes after its ancestors (their tables hold its base rows), never after siblings.
  for (const ancestor of mapper.ancestry) if (ancestor !== mapper && all.has(ancestor)) deps.push(ancestor);
  return deps;
}

/** Whether `prop` links rows of `mapper` with rows of a mapper in `group` (itself included). */
function withinGroup(prop: RelationshipProperty, group: ReadonlySet<Mapper<object>>): boolean {
  for (const m of group) if (m === prop.target || m.isa(prop.target) || prop.target.isa(m)) return true;
  return false;
}

/** A group's relationships that order its rows, per mapper; empty when its rows never depend on each other. */
function rowLinks(group: readonly Mapper<object>[]): Map<Mapper<object>, RelationshipProperty[]> {
  const members = new Set(group);
  const out = new Map<Mapper<object>, RelationshipProperty[]>();
  for (const m of group) {
    const props = m.relationships.filter(
      (p) => ordering(p) && p.direction !== 'manyToMany' && withinGroup(p, members),
    );
    if (props.length) out.set(m, props);
  }
  return out;
}

/** A number per mapper configuration (its relationships array), for `mapperGroups`' cache keys. */
const configurationIds = new WeakMap<readonly RelationshipProperty[], number>();
let nextConfigurationId = 0;

/** Groups already worked out, per first mapper's configuration, by the ids of the mappers in order. */
const groupsCache = new WeakMap<readonly RelationshipProperty[], Map<string, Grouping>>();

/** The groups of one set of mappers (kept with the mappers, so a hit is checked to be the same set). */
interface Grouping {
  readonly mappers: readonly Mapper<object>[];
  readonly groups: readonly (readonly Mapper<object>[])[];
}
/** Sets of mappers remembered per first mapper: a workload's flushes repeat a few sets. */
const MAX_GROUPINGS = 32;

/**
 * The mappers in dependency order, as groups: a mapper alone, or the mappers of a cycle of
 * relationships (their rows are ordered one by one). Stable: unrelated mappers keep their order.
 * Worked out once per set of mapper configurations (in order), not per flush.
 */
export function mapperGroups(mappers: ReadonlySet<Mapper<object>>): readonly (readonly Mapper<object>[])[] {
  let first: readonly RelationshipProperty[] | undefined;
  let key = '';
  for (const m of mappers) {
    let id = configurationIds.get(m.relationships);
    if (id === undefined) configurationIds.set(m.relationships, (id = nextConfigurationId++));
    key = first === undefined ? `${id}` : `${key},${id}`;
    first ??= m.relationships;
  }
  if (first === undefined) return [];
  let known = groupsCache.get(first);
  const found = known?.get(key);
  if (found !== undefined && sameMappers(found.mappers, mappers)) return found.groups;
  const groups = groupsOf(mappers);
  if (known === undefined) groupsCache.set(first, (known = new Map()));
  if (known.size >= MAX_GROUPINGS) known.clear();
  known.set(key, { mappers: [...mappers], groups });
  return groups;
}

function sameMappers(list: readonly Mapper<object>[], mappers: ReadonlySet<Mapper<object>>): boolean {
  if (list.length !== mappers.size) return false;
  let i = 0;
  for (const m of mappers) if (list[i++] !== m) return false;
  return true;
}

/**
 * The mappers in dependency order, as groups: a mapper alone, or the mappers of a cycle of
 * relationships (their rows are ordered one by one). Stable: unrelated mappers keep their order.
 */
function groupsOf(mappers: ReadonlySet<Mapper<object>>): Mapper<object>[][] {
  const items = [...mappers];
  const deps = new Map(items.map((m) => [m, dependenciesOf(m, mappers)]));
  // Tarjan's strongly connected components; components come out dependencies first.
  const index = new Map<Mapper<object>, number>();
  const low = new Map<Mapper<object>, number>();
  const onStack = new Set<Mapper<object>>();
  const stack: Mapper<object>[] = [];
  const groups: Mapper<object>[][] = [];
  let counter = 0;
  const visit = (m: Mapper<object>): void => {
    index.set(m, counter);
    low.set(m, counter++);
    stack.push(m);
    onStack.add(m);
    for (const d of deps.get(m)!) {
      if (!index.has(d)) {
        visit(d);
        low.set(m, Math.min(low.get(m)!, low.get(d)!));
      } else if (onStack.has(d)) low.set(m, Math.min(low.get(m)!, index.get(d)!));
    }
    if (low.get(m) === index.get(m)) {
      const group: Mapper<object>[] = [];
      let top: Mapper<object>;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        group.push(top);
      } while (top !== m);
      group.sort((a, b) => items.indexOf(a) - items.indexOf(b));
      groups.push(group);
    }
  };
  for (const m of items) if (!index.has(m)) visit(m);
  return groups;
}

/** The key values `child` holds for `prop` (a many-to-one) as the target's identity key, if they are its primary key. */
function referencedKey(
  child: InstanceState,
  prop: RelationshipProperty,
  committed: boolean,
): string | undefined {
  const target = prop.target;
  const values: unknown[] = [];
  for (const pk of target.primaryKeyProps) {
    const pair = prop.pairs.find((p) => keyOfColumn(target, p.source) === pk.key);
    if (pair === undefined) return undefined;
    const key = keyOfColumn(child.mapper, pair.dest);
    const value = committed && child.hasCommitted(key) ? child.committed[key] : child.dict[key];
    if (value === null || value === undefined || typeof value === 'symbol') return undefined;
    values.push(value);
  }
  return target.identityKeyFor(values);
}

/** Items of a relationship value. */
function members(value: unknown): object[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? (value as object[]) : [value as object];
}

/**
 * Orders the rows of one group into levels: each level only refers to rows of earlier levels.
 * For inserts a row's parents are the objects its many-to-ones hold, the owners of collections
 * it is in, and the rows its foreign key values name; for deletes also what it referred to when
 * loaded. A cycle between rows raises an error naming the fix (`postUpdate`).
 */
function levelsOf(
  states: readonly InstanceState[],
  links: ReadonlyMap<Mapper<object>, readonly RelationshipProperty[]>,
  forDelete: boolean,
): InstanceState[][] {
  const inSet = new Set(states);
  const byKey = new Map<string, InstanceState>();
  for (const s of states) {
    const key = s.key ?? s.mapper.identityKeyOf(s.obj);
    if (key !== undefined) byKey.set(key, s);
  }
  const parents = new Map<InstanceState, InstanceState[]>();
  const link = (child: InstanceState, parent: InstanceState | undefined): void => {
    if (parent === undefined || parent === child || !inSet.has(parent)) return;
    const list = parents.get(child);
    if (list === undefined) parents.set(child, [parent]);
    else list.push(parent);
  };
  for (const s of states) {
    for (const prop of links.get(s.mapper) ?? []) {
      if (prop.direction === 'manyToOne') {
        if (s.isLoaded(prop.key)) for (const o of members(s.dict[prop.key])) link(s, instanceState(o));
        if (forDelete && s.hasCommitted(prop.key)) {
          const before = s.committed[prop.key];
          if (typeof before !== 'symbol') for (const o of members(before)) link(s, instanceState(o));
        }
        const key = referencedKey(s, prop, forDelete);
        if (key !== undefined) link(s, byKey.get(key));
      } else if (prop.direction === 'oneToMany' && s.isLoaded(prop.key)) {
        for (const o of members(s.dict[prop.key])) link(instanceState(o), s);
      }
    }
  }
  if (parents.size === 0) return [states as InstanceState[]];
  const level = new Map<InstanceState, number>();
  const visiting = new Set<InstanceState>();
  const depth = (s: InstanceState): number => {
    const known = level.get(s);
    if (known !== undefined) return known;
    if (visiting.has(s)) {
      throw new InvalidRequestError(
        `rows of ${s.mapper.name} and the rows it refers to form a cycle; set postUpdate: true on one of the relationships of the cycle`,
      );
    }
    visiting.add(s);
    let d = 0;
    for (const p of parents.get(s) ?? []) d = Math.max(d, depth(p) + 1);
    visiting.delete(s);
    level.set(s, d);
    return d;
  };
  const levels: InstanceState[][] = [];
  for (const s of states) (levels[depth(s)] ??= []).push(s);
  return levels.filter((l) => l !== undefined);
}

/** Rows of one mapper the flush writes in one batch. */
export interface FlushStep {
  readonly mapper: Mapper<object>;
  readonly states: InstanceState[];
}

/**
 * The rows of `byMapper`, in `groups` order, as steps: one step per mapper where rows do not
 * depend on each other, else per level of the group (each level split by mapper). Deletes come
 * in reverse: children first.
 */
export function flushSteps(
  groups: readonly (readonly Mapper<object>[])[],
  byMapper: ReadonlyMap<Mapper<object>, InstanceState[]>,
  forDelete: boolean,
): FlushStep[] {
  const steps: FlushStep[] = [];
  for (const group of groups) {
    const present = group.filter((m) => byMapper.has(m));
    if (present.length === 0) continue;
    const links = rowLinks(group);
    if (links.size === 0) {
      for (const mapper of present) steps.push({ mapper, states: byMapper.get(mapper)! });
      continue;
    }
    const all = present.length === 1 ? byMapper.get(present[0]!)! : present.flatMap((m) => byMapper.get(m)!);
    for (const level of levelsOf(all, links, forDelete)) {
      for (const mapper of present) {
        const states = present.length === 1 ? level : level.filter((s) => s.mapper === mapper);
        if (states.length) steps.push({ mapper, states });
      }
    }
  }
  return forDelete ? steps.reverse() : steps;
}

/**
 * The foreign key attributes that order the rows of `group` but are expired on `states` whose
 * relationships are not loaded either: a delete must read them (SQLAlchemy loads the rows).
 */
export function missingOrderKeys(
  group: readonly Mapper<object>[],
  states: readonly InstanceState[],
): Map<InstanceState, string[]> {
  const links = rowLinks(group);
  const out = new Map<InstanceState, string[]>();
  if (links.size === 0) return out;
  for (const s of states) {
    for (const prop of links.get(s.mapper) ?? []) {
      if (prop.direction !== 'manyToOne' || s.isLoaded(prop.key)) continue;
      for (const pair of prop.pairs) {
        const key = keyOfColumn(s.mapper, pair.dest);
        if (key in s.dict) continue;
        const list = out.get(s);
        if (list === undefined) out.set(s, [key]);
        else if (!list.includes(key)) list.push(key);
      }
    }
  }
  return out;
}
