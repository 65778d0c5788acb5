/**
 * What an object's state keeps through an expiry, beside the state itself (in weak maps, so that
 * objects that never need them pay nothing): last known values, the committed version and the
 * committed primary key of expired attributes. instance-state.ts calls the `keep…` functions
 * before it drops the expired values.
 */

/** Stands for "the original value is unknown" in `committed` (an expired attribute was set). */
export const NO_VALUE: unique symbol = Symbol.for('athanor.noValue');

/** What these records read of an `InstanceState`. */
interface ExpiringState {
  readonly dict: Record<string, unknown>;
  readonly committed: Record<string, unknown>;
  hasCommitted(key: string): boolean;
  readonly mapper: { readonly primaryKeyProps: readonly { readonly key: string }[] };
}

/**
 * Per state, the attributes whose last value must survive an expiry (SQLAlchemy's "last known
 * values"): an object compared in a statement built before it was expired and detached is still
 * compared with the key it had. NO_VALUE until the attribute is first expired with a value.
 */
const lastKnownValues = new WeakMap<ExpiringState, Map<string, unknown>>();

/** @internal Keeps the value of `key` through later expiries of the object. */
export function trackLastKnownValue(state: ExpiringState, key: string): void {
  let tracked = lastKnownValues.get(state);
  if (tracked === undefined) lastKnownValues.set(state, (tracked = new Map()));
  if (!tracked.has(key)) tracked.set(key, NO_VALUE);
}

/** @internal The value `key` had when it was last expired, or NO_VALUE. */
export function lastKnownValueOf(state: ExpiringState, key: string): unknown {
  const tracked = lastKnownValues.get(state);
  return tracked !== undefined && tracked.has(key) ? tracked.get(key) : NO_VALUE;
}

/** @internal Before an expiry of `keys` (all when undefined): keeps the tracked last values. */
export function keepLastKnownValues(state: ExpiringState, keys: readonly string[] | undefined): void {
  const tracked = lastKnownValues.get(state);
  if (tracked === undefined) return;
  for (const key of tracked.keys()) {
    if ((keys === undefined || keys.includes(key)) && state.dict[key] !== undefined) {
      tracked.set(key, state.dict[key]);
    }
  }
}

/**
 * The committed version of objects whose version attribute is expired, by state: an UPDATE or
 * DELETE must still name the version the session last saw committed (a WeakMap, so unversioned
 * objects pay nothing for it).
 */
const expiredVersions = new WeakMap<ExpiringState, unknown>();

/** @internal Remembers the committed value of the version attribute `key` before it is expired. */
export function keepExpiredVersion(state: ExpiringState, key: string): void {
  let committed: unknown;
  if (state.hasCommitted(key)) committed = state.committed[key];
  else if (key in state.dict) committed = state.dict[key];
  else return; // already expired: what was kept stays
  // Set while expired: the committed value is still the one kept at the first expiry.
  if (committed === NO_VALUE) return;
  if (committed === undefined || committed === null) expiredVersions.delete(state);
  else expiredVersions.set(state, committed);
}

/**
 * The committed value of primary-key attributes that were expired, by state: a key set after it
 * was expired must still find its row by the old value (SQLAlchemy loads the old value first:
 * its key attributes keep an active history; Athanor cannot load on assignment).
 */
const expiredKeys = new WeakMap<ExpiringState, Map<string, unknown>>();

/** @internal Before an expiry of `keys` (all when undefined): keeps the committed primary key values. */
export function keepExpiredKeys(state: ExpiringState, keys: readonly string[] | undefined): void {
  for (const prop of state.mapper.primaryKeyProps) {
    const key = prop.key;
    if (keys !== undefined && !keys.includes(key)) continue;
    let committed: unknown;
    if (state.hasCommitted(key)) committed = state.committed[key];
    else if (key in state.dict) committed = state.dict[key];
    else continue; // already expired: what was kept stays
    if (committed === NO_VALUE || committed === undefined || committed === null) continue;
    let kept = expiredKeys.get(state);
    if (kept === undefined) expiredKeys.set(state, (kept = new Map()));
    kept.set(key, committed);
  }
}

/**
 * @internal The committed value of primary-key attribute `key` kept when it was expired, or
 * NO_VALUE when none was kept.
 */
export function expiredKeyValueOf(state: ExpiringState, key: string): unknown {
  const kept = expiredKeys.get(state);
  return kept !== undefined && kept.has(key) ? kept.get(key) : NO_VALUE;
}

/**
 * @internal The committed version of `state` when its version attribute is expired (undefined
 * when unknown: the flush then reads it from the database).
 */
export function expiredVersionOf(state: ExpiringState): unknown {
  return expiredVersions.get(state);
}

/**
 * @internal Forgets the kept version: after a rollback of a transaction that wrote the row, the
 * version in memory may be one the database never committed.
 */
export function forgetExpiredVersion(state: ExpiringState): void {
  expiredVersions.delete(state);
}
