import { UnloadedAttributeError } from '../errors';
import { instanceState, stateIfAny } from './instance-state';
import type { InstanceState } from './mapper-types';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Stands in `util.inspect` output for a value the object does not have loaded. */
class Absent {
  constructor(private readonly label: string) {}
  [INSPECT](_depth: number, options: { stylize(text: string, style: string): string }): string {
    return options.stylize(this.label, 'special');
  }
}

const EXPIRED = new Absent('<expired>');
const NOT_LOADED = new Absent('<not loaded>');

/**
 * True when the object's row exists (or existed): a column missing from its values was expired
 * or never loaded. A transient or pending object simply has not set it.
 */
function hasRow(state: InstanceState): boolean {
  return state.status !== 'transient' && state.status !== 'pending';
}

/** `User.email is expired …, so the User cannot be serialized; …`, naming the fix. */
export function unserializableError(state: InstanceState, key: string): UnloadedAttributeError {
  const cls = state.mapper.name;
  const fix = `await session.refresh(${cls.toLowerCase()}) first`;
  const message = state.isExpired(key)
    ? `${cls}.${key} is expired (the session committed, rolled back or expired it), so the ${cls} cannot be ` +
      `serialized; ${fix}, or keep values after commit with sessionFactory(engine, { expireOnCommit: false }).`
    : `${cls}.${key} is not loaded (for example a server default the INSERT did not read back), so the ` +
      `${cls} cannot be serialized; ${fix}.`;
  return new UnloadedAttributeError(message, cls, key);
}

type Mode = 'json' | 'inspect';

const visiting = new Set<object>();

/**
 * The plain-object form of an entity: its columns, its loaded relationships (cycles cut) and its
 * own fields. For JSON, a column without a loaded value throws an `UnloadedAttributeError` (a
 * response that silently lacks `email` looks like a user without one); for `util.inspect` it shows
 * as `<expired>` / `<not loaded>`, as do unloaded relationships, since a debugging aid must not throw.
 * Relationships a query did not load are left out of JSON: which ones to load is the query's
 * choice, as with any serializer of partial graphs.
 */
function plain(obj: object, mode: Mode): Record<string, unknown> {
  const state = stateIfAny(obj) ?? instanceState(obj);
  const dict = state.dict;
  const settled = hasRow(state);
  const out: Record<string, unknown> = {};
  visiting.add(obj);
  try {
    for (const prop of state.mapper.selectProps) {
      const key = prop.key;
      if (key in dict) out[key] = dict[key];
      else if (!settled) continue;
      else if (mode === 'json') throw unserializableError(state, key);
      else out[key] = state.isExpired(key) ? EXPIRED : NOT_LOADED;
    }
    for (const rel of state.mapper.relationships) {
      if (!(rel.key in dict)) {
        if (settled && mode === 'inspect') out[rel.key] = NOT_LOADED;
        continue;
      }
      const value = dict[rel.key];
      if (Array.isArray(value) && rel.keyedBy !== undefined) {
        out[rel.key] = keyedPlain(value, rel.keyedBy, mode);
      } else if (Array.isArray(value)) {
        out[rel.key] = value.filter((v) => !visiting.has(v as object)).map((v) => toPlain(v, mode));
      } else if (value === null || !visiting.has(value as object)) {
        out[rel.key] = toPlain(value, mode);
      }
    }
    for (const k of Object.keys(obj)) out[k] = (obj as Record<string, unknown>)[k];
  } finally {
    visiting.delete(obj);
  }
  return out;
}

/** A keyed collection's plain form: an object of its members by their key attribute. */
function keyedPlain(members: readonly unknown[], attr: string, mode: Mode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of members) {
    const key = (member as Record<string, unknown>)[attr];
    if (key === null || key === undefined || visiting.has(member as object)) continue;
    out[String(key)] = toPlain(member, mode);
  }
  return out;
}

function toPlain(value: unknown, mode: Mode): unknown {
  if (typeof value === 'object' && value !== null && stateIfAny(value) !== undefined)
    return plain(value, mode);
  return value;
}

/**
 * What `JSON.stringify(entity)` writes: columns, loaded relationships (cycles cut), own fields.
 * Throws `UnloadedAttributeError` for a column that is expired or not loaded.
 *
 * @example
 * session.add(user);
 * await session.commit();
 * res.json(user); // {"id":1,"email":"sandy@example.com"}
 */
export function entityToJSON(obj: object): Record<string, unknown> {
  return plain(obj, 'json');
}

/** @internal What `util.inspect` shows of an entity: `entityToJSON` with markers for missing values. */
export function entityForInspect(obj: object): Record<string, unknown> {
  return plain(obj, 'inspect');
}
