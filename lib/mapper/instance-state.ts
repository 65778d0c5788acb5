import { ArgumentError } from '../errors';
import type {
  InstanceState,
  Mapper,
  ObjectStatus,
  PendingMutations,
  RelationshipProperty,
  StateOwner,
} from './mapper-types';
import { mapperOfPrototype } from './mapper-lookup';
import { keepExpiredKeys, keepExpiredVersion, keepLastKnownValues } from './expiry-records';
import { adoptOwnFields } from './own-fields';
import { StateSlot } from './state-slot';
import { resolveAttributeKey } from './synonym';

/**
 * Reads an object's `InstanceState` on mapped classes: `obj[STATE]` (a non-enumerable getter on
 * the instrumented prototype; undefined until the object has a state). The state itself lives in
 * a private slot, see `attachState`.
 */
export const STATE = Symbol.for('athanor.state');

export {
  expiredKeyValueOf,
  expiredVersionOf,
  forgetExpiredVersion,
  lastKnownValueOf,
  NO_VALUE,
  trackLastKnownValue,
} from './expiry-records';

const STATUSES: readonly ObjectStatus[] = ['transient', 'pending', 'persistent', 'deleted', 'detached'];
const STATUS_MASK = 7;
const WAS_DELETED = 8;
const MODIFIED = 16;
const EXPIRED_ALL = 32;
const ORPHANED = 64;

/**
 * The parts of an `InstanceState` that most objects never use, and the originals of changed
 * attributes once one of those parts is needed.
 */
class RareState {
  /** See `InstanceState.committed`. */
  committed: Record<string, unknown> | undefined = undefined;
  /** Attributes expired one by one (`expiredAll` covers every column). */
  expired: Set<string> | undefined = undefined;
  /**
   * Column attributes the row that loaded the object did not hold (deferred columns), while they
   * are not loaded: reading one raises until `refresh(obj, [key])` loads it. Unlike an expired
   * attribute, a load of the object's row does not fill it unless that row holds it.
   */
  deferred: Set<string> | undefined = undefined;
  /**
   * Per relationship that tracks parents: the object that last took this one in through it, or
   * false once it left (SQLAlchemy's "hasparent").
   */
  parents: Map<RelationshipProperty, InstanceState | false> | undefined = undefined;
  /**
   * Members added to / removed from collections that are not loaded, by their mirror relationship
   * (SQLAlchemy's "pending mutations"): merged in when the collection loads, dropped by a flush.
   */
  pending: Map<string, PendingMutations> | undefined = undefined;
}

/**
 * The ORM's record of one mapped object (see the `InstanceState` interface). Only the session's
 * unit of work (lib/session/unit-of-work.ts) writes `status`, `key`, `owner` and `wasDeleted`;
 * instrumented attributes keep `dict`, `committed` and `modified` up to date.
 */
export class InstanceStateImpl<E extends object = object> implements InstanceState<E> {
  /**
   * `status` and the boolean flags in one small integer: a session holds one state per loaded
   * object, and each field costs every object a pointer-sized slot.
   */
  private flags_ = 0;
  /** Identity key (`Mapper.identityKeyFor`), set by the session once the primary key is known. */
  key: string | undefined = undefined;
  /** The session (or other owner) told about changes. */
  owner: StateOwner | undefined = undefined;
  /**
   * One slot for two records, as a session holds a state per loaded object: the originals of
   * changed attributes (a plain object) while nothing rarer is needed, else a `RareState` holding
   * them beside expiry, deferral, parents and pending mutations.
   */
  private extra_: Record<string, unknown> | RareState | undefined = undefined;

  /** Set by the session's unit of work. */
  get status(): ObjectStatus {
    return STATUSES[this.flags_ & STATUS_MASK]!;
  }
  set status(value: ObjectStatus) {
    this.flags_ = (this.flags_ & ~STATUS_MASK) | STATUSES.indexOf(value);
  }

  /**
   * True once a flush deleted the object's row (SQLAlchemy's `was_deleted`): it stays true when
   * the object is detached, so adding it again is refused until `makeTransient()`.
   */
  get wasDeleted(): boolean {
    return (this.flags_ & WAS_DELETED) !== 0;
  }
  set wasDeleted(value: boolean) {
    this.setFlag(WAS_DELETED, value);
  }

  /** True once any attribute changed since load / the last `resetCommitted()`. */
  get modified(): boolean {
    return (this.flags_ & MODIFIED) !== 0;
  }
  set modified(value: boolean) {
    this.setFlag(MODIFIED, value);
  }

  /** True after `expire()` without keys: every column attribute must be refreshed. */
  get expiredAll(): boolean {
    return (this.flags_ & EXPIRED_ALL) !== 0;
  }
  set expiredAll(value: boolean) {
    this.setFlag(EXPIRED_ALL, value);
  }

  /**
   * Set when the object left a delete-orphan parent that was in no session (or not in one that
   * held this object): a flush that finds it pending and still an orphan drops it instead of
   * inserting it. Cleared when it is added to a session.
   */
  get orphanedOutsideOfSession(): boolean {
    return (this.flags_ & ORPHANED) !== 0;
  }
  set orphanedOutsideOfSession(value: boolean) {
    this.setFlag(ORPHANED, value);
  }

  private setFlag(flag: number, value: boolean): void {
    this.flags_ = value ? this.flags_ | flag : this.flags_ & ~flag;
  }

  private get expired_(): Set<string> | undefined {
    return this.rare_?.expired;
  }
  private set expired_(value: Set<string> | undefined) {
    if (value !== undefined || this.rare_ !== undefined) this.rare().expired = value;
  }
  private get deferred_(): Set<string> | undefined {
    return this.rare_?.deferred;
  }
  private set deferred_(value: Set<string> | undefined) {
    if (value !== undefined || this.rare_ !== undefined) this.rare().deferred = value;
  }
  private get parents_(): Map<RelationshipProperty, InstanceState | false> | undefined {
    return this.rare_?.parents;
  }
  private set parents_(value: Map<RelationshipProperty, InstanceState | false> | undefined) {
    if (value !== undefined || this.rare_ !== undefined) this.rare().parents = value;
  }
  private get pending_(): Map<string, PendingMutations> | undefined {
    return this.rare_?.pending;
  }
  private set pending_(value: Map<string, PendingMutations> | undefined) {
    if (value !== undefined || this.rare_ !== undefined) this.rare().pending = value;
  }

  private get committed_(): Record<string, unknown> | undefined {
    const extra = this.extra_;
    return extra instanceof RareState ? extra.committed : extra;
  }
  private set committed_(value: Record<string, unknown> | undefined) {
    const extra = this.extra_;
    if (extra instanceof RareState) extra.committed = value;
    else this.extra_ = value;
  }
  private get rare_(): RareState | undefined {
    const extra = this.extra_;
    return extra instanceof RareState ? extra : undefined;
  }

  private rare(): RareState {
    const extra = this.extra_;
    if (extra instanceof RareState) return extra;
    const rare = new RareState();
    rare.committed = extra;
    return (this.extra_ = rare);
  }

  constructor(
    readonly mapper: Mapper<E>,
    readonly obj: E,
    /**
     * Current values: column values, and relationship values that are loaded (a key that is absent
     * is not loaded). Used as given, never copied.
     */
    public dict: Record<string, unknown>,
  ) {}

  /**
   * The ORIGINAL value of each attribute changed since load / flush (collections: the original
   * member array). Filled on the first change only; `NO_VALUE` when the original was not loaded.
   */
  get committed(): Record<string, unknown> {
    return (this.committed_ ??= {});
  }

  /** Whether `key` has a recorded original (it changed since load / flush). */
  hasCommitted(key: string): boolean {
    return this.committed_ !== undefined && key in this.committed_;
  }

  /** Attributes expired one by one (`expiredAll` covers every column). */
  get expired(): ReadonlySet<string> {
    return (this.expired_ ??= new Set());
  }

  /** True when `key` is expired or deferred and must be refreshed before it can be read. */
  isExpired(key: string): boolean {
    return (
      !(key in this.dict) &&
      (this.expiredAll ||
        (this.expired_ !== undefined && this.expired_.has(key)) ||
        (this.deferred_ !== undefined && this.deferred_.has(key)))
    );
  }

  /** True when `key` is a deferred column attribute that is not loaded. */
  isDeferred(key: string): boolean {
    return this.deferred_ !== undefined && this.deferred_.has(key) && !(key in this.dict);
  }

  /** The deferred column attributes that are not loaded. */
  get deferredKeys(): readonly string[] {
    return this.deferred_ === undefined ? [] : [...this.deferred_].filter((k) => !(k in this.dict));
  }

  /** @internal Marks column attributes the loading row did not hold (those not in `dict`). */
  markDeferred(keys: Iterable<string>): void {
    for (const key of keys) if (!(key in this.dict)) (this.deferred_ ??= new Set()).add(key);
  }

  /** True when `key` has a value in `dict` (a column that is set, a relationship that is loaded). */
  isLoaded(key: string): boolean {
    return key in this.dict;
  }

  /**
   * @internal Records that `key` is about to change from `original`; called by instrumented
   * attributes before they write. Notifies the owner on the first change of the key.
   */
  recordChange(key: string, original: unknown): void {
    const committed = (this.committed_ ??= {});
    if (key in committed) return;
    committed[key] = original;
    this.modified = true;
    this.owner?.attributeChanged(this as unknown as InstanceState, key);
  }

  /**
   * @internal Records that `parent` took this object in through `prop` (`value` true) or that it
   * left it (false). Leaving a parent that is not the one recorded last changes nothing: the
   * object moved on to another parent first.
   */
  setParent(prop: RelationshipProperty, parent: InstanceState, value: boolean): void {
    if (value) {
      (this.parents_ ??= new Map()).set(prop, parent);
      return;
    }
    const last = this.parents_?.get(prop);
    if (last !== undefined && last !== false && last !== parent) return;
    (this.parents_ ??= new Map()).set(prop, false);
  }

  /**
   * Whether a parent holds this object through `prop`, as far as the changes seen since load
   * tell; `optimistic` when nothing was recorded (true for rows from the database).
   */
  hasParent(prop: RelationshipProperty, optimistic: boolean): boolean {
    const last = this.parents_?.get(prop);
    return last === undefined ? optimistic : last !== false;
  }

  /** Forgets the recorded originals: what is in `dict` is now the committed state (after a flush). */
  resetCommitted(): void {
    this.committed_ = undefined;
    this.pending_ = undefined;
    this.modified = false;
  }

  /** @internal Notes that `item` joined (or left) the collection `key`, which is not loaded. */
  recordPending(key: string, item: object, added: boolean): void {
    const map = (this.pending_ ??= new Map());
    let entry = map.get(key);
    if (entry === undefined) map.set(key, (entry = { added: [], removed: [] }));
    const [into, from] = added ? [entry.added, entry.removed] : [entry.removed, entry.added];
    const i = from.indexOf(item);
    if (i >= 0) from.splice(i, 1);
    else if (!into.includes(item)) into.push(item);
  }

  /** Members that joined or left the collection `key` while it was not loaded. */
  pendingMutations(key: string): PendingMutations | undefined {
    return this.pending_?.get(key);
  }

  /** @internal Takes the pending mutations of `key` (when the collection loads). */
  takePending(key: string): PendingMutations | undefined {
    const entry = this.pending_?.get(key);
    if (entry !== undefined) this.pending_!.delete(key);
    return entry;
  }

  /**
   * Expires attributes: removes their values (and unflushed changes) so that reading them raises
   * until a refresh. Without keys, expires every column and unloads every relationship; with
   * keys, changes of the other attributes stay pending.
   */
  expire(names?: readonly string[]): void {
    // A synonym expires the column attribute it names.
    const keys = names?.map((k) => resolveAttributeKey(this.mapper, k));
    const version = this.mapper.versionProp;
    if (version !== undefined && (keys === undefined || keys.includes(version.key))) {
      keepExpiredVersion(this, version.key);
    }
    keepExpiredKeys(this, keys);
    keepLastKnownValues(this, keys);
    this.mapper.dispatchNow('expire', this.obj, keys ?? null);
    if (keys === undefined) {
      this.dict = {};
      this.expiredAll = true;
      this.expired_ = undefined;
      this.resetCommitted();
    } else {
      const set = (this.expired_ ??= new Set());
      const committed = this.committed_;
      for (const key of keys) {
        delete this.dict[key];
        if (committed !== undefined) delete committed[key];
        // Members a back-reference added or removed while it was not loaded go with it.
        this.pending_?.delete(key);
        if (this.mapper.selectProp(key) !== undefined) set.add(key);
      }
      // Changes of the attributes not expired stay pending.
      if (committed !== undefined && Object.keys(committed).length === 0) this.resetCommitted();
    }
  }

  /** Clears expiry after a refresh wrote fresh values into `dict`. */
  clearExpired(keys?: readonly string[]): void {
    if (keys === undefined) {
      this.expiredAll = false;
      this.expired_ = undefined;
      // Deferred attributes the row held are loaded now; the others stay deferred.
      if (this.deferred_ !== undefined)
        for (const key of this.deferred_) if (key in this.dict) this.deferred_.delete(key);
    } else {
      for (const key of keys) {
        this.expired_?.delete(key);
        this.deferred_?.delete(key);
      }
    }
  }
}

/** The state of `obj` when it has one, else undefined (never creates one). @internal */
export const stateIfAny: <E extends object>(obj: E) => InstanceState<E> | undefined = StateSlot.read as never;

/** True when `obj` already carries an `InstanceState`. */
export function hasState(obj: object): boolean {
  return StateSlot.read(obj) !== undefined;
}

/** @internal Attaches a state, invisible to spreads, `Object.assign`, keys and JSON. */
export function attachState<E extends object>(obj: E, state: InstanceState<E>): InstanceState<E> {
  StateSlot.write(obj, state);
  return state;
}

/**
 * The `InstanceState` of a mapped object, created on demand (objects made with `new` get theirs
 * on first use). Throws an `ArgumentError` for an object of an unmapped class.
 *
 * @example
 * const state = instanceState(user);
 * state.status; // 'transient'
 */
export function instanceState<E extends object>(obj: E): InstanceState<E> {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) {
    throw new ArgumentError(`${String(obj)} is not a mapped object`);
  }
  const existing = StateSlot.read(obj);
  if (existing !== undefined) return existing as unknown as InstanceState<E>;
  if (Object.prototype.hasOwnProperty.call(obj, 'constructor')) {
    throw new ArgumentError(
      `${String((obj as { constructor: { name: string } }).constructor.name)}.prototype is not an instance`,
    );
  }
  const mapper =
    typeof obj === 'object' && obj !== null ? mapperOfPrototype(Object.getPrototypeOf(obj)) : undefined;
  if (mapper === undefined) {
    const what =
      typeof obj === 'object' && obj !== null
        ? `an instance of ${obj.constructor?.name ?? 'Object'}`
        : String(obj);
    throw new ArgumentError(
      `${what} is not a mapped object; decorate its class with @Table (or map it with registry.map())`,
    );
  }
  const state = attachState(obj, new InstanceStateImpl<E>(mapper as unknown as Mapper<E>, obj, {}));
  adoptOwnFields(obj);
  return state;
}
