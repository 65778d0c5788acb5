import { ArgumentError, InvalidRequestError, LazyLoadError, UnloadedAttributeError } from '../errors';
import { ENTITY } from '../sql';
import { newCollection, setCollection, setScalar } from './backref';
import { isTrackedCollection, rawItems } from './collection';
import { keyedMembers, keyedView } from './keyed-collection';
import { instanceState, NO_VALUE, STATE, stateIfAny } from './instance-state';
import type { InstanceState, Mapper, RelationshipProperty } from './mapper-types';
import { mapperOfPrototype } from './mapper-lookup';
import { entityForInspect, entityToJSON } from './serialize';
import { assignWriteOnly, writeOnlyCollection } from './write-only';

function stateOf(obj: object): InstanceState {
  return stateIfAny(obj) ?? instanceState(obj);
}

/** `User.posts is not loaded. …` — the message tests assert word for word. */
export function notLoadedError(state: InstanceState, key: string): LazyLoadError {
  const cls = state.mapper.name;
  return new LazyLoadError(
    `${cls}.${key} is not loaded. Load it with select(${cls}).options(selectinload(attrs(${cls}).${key})) ` +
      `or await session.load(${cls.toLowerCase()}, '${key}').`,
  );
}

/** `User.email is expired …`. */
export function expiredError(state: InstanceState, key: string): UnloadedAttributeError {
  const cls = state.mapper.name;
  if (state.isDeferred(key)) {
    return new UnloadedAttributeError(
      `${cls}.${key} is deferred and not loaded; await session.refresh(${cls.toLowerCase()}, ['${key}']) or query with undefer(attrs(${cls}).${key}) before reading it.`,
      cls,
      key,
    );
  }
  return new UnloadedAttributeError(
    `${cls}.${key} is expired (the session committed or expired it); await session.refresh(${cls.toLowerCase()}) before reading it.`,
    cls,
    key,
  );
}

function columnAccessor(key: string): PropertyDescriptor {
  return {
    configurable: true,
    enumerable: false,
    get(this: object): unknown {
      const state = stateOf(this);
      const value = state.dict[key];
      if (value === undefined && state.isExpired(key)) throw expiredError(state, key);
      return value;
    },
    set(this: object, value: unknown): void {
      const state = stateOf(this);
      const dict = state.dict;
      const old = dict[key];
      if (old === value && (old !== undefined || key in dict)) return;
      // A transient object's column originals are never read: nothing was loaded to compare
      // with, and its INSERT writes what is there (10k new 7-column objects: 8.4 → 5.6 ms).
      if (state.status !== 'transient' || state.key !== undefined) {
        state.recordChange(key, key in dict ? old : state.isExpired(key) ? NO_VALUE : undefined);
      }
      dict[key] = value;
    },
  };
}

function relationship(state: InstanceState, key: string): RelationshipProperty {
  return state.mapper.relationshipsByKey.get(key)!;
}

function relationshipAccessor(key: string, keyed: boolean): PropertyDescriptor {
  return {
    configurable: true,
    enumerable: false,
    get(this: object): unknown {
      const state = stateOf(this);
      const dict = state.dict;
      const value = dict[key];
      if (value !== undefined || key in dict) {
        return keyed && Array.isArray(value) ? keyedView(relationship(state, key), value) : value;
      }
      const prop = relationship(state, key);
      if (prop.writeOnly) return writeOnlyCollection(state, prop);
      if (state.status !== 'transient' && state.status !== 'pending') throw notLoadedError(state, key);
      if (!prop.uselist) return null;
      const collection = newCollection(state, prop, []);
      dict[key] = collection;
      return keyed ? keyedView(prop, collection) : collection;
    },
    set(this: object, value: unknown): void {
      const state = stateOf(this);
      const prop = relationship(state, key);
      if (prop.writeOnly) assignWriteOnly(state, prop, value);
      else if (prop.uselist) setCollection(state, prop, keyed ? keyedMembers(prop, value) : value);
      else setScalar(state, prop, value);
    },
  };
}

/**
 * Stores a relationship value a loader fetched: arrays become tracked collections. No history is
 * recorded and nothing is synced (the database said so).
 */
export function setLoaded(obj: object, key: string, value: unknown): void {
  const state = stateOf(obj);
  const prop = state.mapper.relationshipsByKey.get(key);
  if (prop === undefined) {
    if (state.mapper.selectProp(key) === undefined) {
      throw new ArgumentError(`${state.mapper.name} has no mapped attribute '${key}'`);
    }
    state.dict[key] = value;
    return;
  }
  if (prop.writeOnly) {
    throw new InvalidRequestError(
      `${prop} is a write-only collection: it is never loaded (query it with select())`,
    );
  }
  if (prop.uselist) {
    const items = Array.isArray(value) ? (isTrackedCollection(value) ? rawItems(value).slice() : value) : [];
    // Changes made through the mirror while it was not loaded stay changes of the loaded one.
    const pending = state.takePending(key);
    if (pending !== undefined) {
      state.committed[key] = items.slice();
      for (const item of pending.removed) {
        const i = items.indexOf(item);
        if (i >= 0) items.splice(i, 1);
      }
      for (const item of pending.added) if (!items.includes(item)) items.push(item);
    }
    state.dict[key] = newCollection(state, prop, items);
  } else {
    state.dict[key] = value ?? null;
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** @internal Installs accessors, `toJSON`, the inspect hook and the `ENTITY` getter on a class. */
export function instrumentClass(mapper: Mapper<object>): void {
  const cls = mapper.class_;
  const proto = cls.prototype as Record<PropertyKey, unknown>;
  for (const key of mapper.declaration.columns.keys()) Object.defineProperty(proto, key, columnAccessor(key));
  // An expression attribute reads like a column; assigning it changes the object only.
  for (const key of mapper.declaration.expressions?.keys() ?? [])
    Object.defineProperty(proto, key, columnAccessor(key));
  for (const [key, decl] of mapper.declaration.relationships)
    Object.defineProperty(proto, key, relationshipAccessor(key, decl.options.keyedBy !== undefined));
  if (!Object.prototype.hasOwnProperty.call(proto, STATE)) {
    Object.defineProperty(proto, STATE, {
      configurable: true,
      get(this: object) {
        return stateIfAny(this);
      },
    });
  }
  if (!('toJSON' in proto)) {
    Object.defineProperty(proto, 'toJSON', {
      configurable: true,
      writable: true,
      value(this: object) {
        return entityToJSON(this);
      },
    });
  }
  if (!(INSPECT in proto)) {
    Object.defineProperty(proto, INSPECT, {
      configurable: true,
      writable: true,
      value(this: object, _depth: number, options: object, inspect: (v: unknown, o: object) => string) {
        if (Object.prototype.hasOwnProperty.call(this, 'constructor')) return `[${cls.name} prototype]`;
        return `${this.constructor.name} ${inspect(entityForInspect(this), options)}`;
      },
    });
  }
  if (!Object.prototype.hasOwnProperty.call(cls, ENTITY)) {
    Object.defineProperty(cls, ENTITY, {
      configurable: true,
      get(this: { prototype: object }) {
        const m = mapperOfPrototype(this.prototype);
        if (m === undefined) throw new ArgumentError(`${String(this)} is not mapped`);
        return m.entity;
      },
    });
  }
}
