import { FlushError } from '../../errors';
import { expiredVersionOf, NO_VALUE, type InstanceState, type Mapper } from '../../mapper';
import { select } from '../../sql';
import { keyOfColumn, sameValue } from '../column-keys';
import { pkInPredicate } from './batches';
import type { FlushRun } from './flush-run';
import { whereKeyValues } from './key-values';
import { keyColumnsOf } from '../../mapper';

// Optimistic locking: every UPDATE and DELETE of a versioned row names the version the session
// last saw committed, never one the application set by hand since, and bumps it per the mapper's
// `versioning`.

/** The version each row has in the database now, per flush: what its statements wrote last. */
const written = new WeakMap<FlushRun, Map<InstanceState, unknown>>();

/** Records that this flush wrote `version` into `state`'s row. */
export function versionWritten(run: FlushRun, state: InstanceState, version: unknown): void {
  let map = written.get(run);
  if (map === undefined) written.set(run, (map = new Map()));
  map.set(state, version);
}

/**
 * The version the row of `state` has in the database as far as the session knows, or `NO_VALUE`
 * when it does not know (the attribute is expired and nothing was kept: read it).
 */
function knownVersion(run: FlushRun, state: InstanceState, key: string): unknown {
  const inFlush = written.get(run)?.get(state);
  if (inFlush !== undefined) return inFlush;
  if (state.hasCommitted(key)) {
    const original = state.committed[key];
    return original === NO_VALUE ? (expiredVersionOf(state) ?? NO_VALUE) : original;
  }
  if (key in state.dict) return state.dict[key];
  return expiredVersionOf(state) ?? NO_VALUE;
}

/**
 * The committed version of each of `states` (one mapper): what the session knows, else read from
 * the database in one SELECT (an expired version attribute after a rollback).
 */
export async function committedVersions(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<Map<InstanceState, unknown>> {
  const key = mapper.versionProp!.key;
  const out = new Map<InstanceState, unknown>();
  const unknown: InstanceState[] = [];
  for (const s of states) {
    const v = knownVersion(run, s, key);
    if (v === NO_VALUE) unknown.push(s);
    else out.set(s, v);
  }
  if (unknown.length) for (const [s, v] of await readVersions(run, mapper, unknown)) out.set(s, v);
  return out;
}

/**
 * `SELECT pk…, version FROM t WHERE pk IN (…)`: the rows' versions, found by the key they have in
 * the database now (`afterWrite`: the key the flush just wrote).
 */
export async function readVersions(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
  afterWrite = false,
): Promise<Map<InstanceState, unknown>> {
  const version = mapper.versionProp!;
  const table = version.column.table;
  const pkCols = keyColumnsOf(mapper, table);
  const byKey = new Map<string, InstanceState>();
  const pks = states.map((s) => {
    const pk = afterWrite
      ? pkCols.map((c) => s.dict[keyOfColumn(mapper, c)])
      : whereKeyValues(run, s, pkCols);
    byKey.set(JSON.stringify(pk), s);
    return pk;
  });
  const stmt = select(...pkCols, version.column).where(pkInPredicate(pkCols, pks));
  const { rows, columns } = await run.conn.run(stmt);
  const names = columns.map((c) => c.name);
  const out = new Map<InstanceState, unknown>();
  for (const row of rows) {
    const pk = pkCols.map((_, i) => row[names[i]!]);
    const s = byKey.get(JSON.stringify(pk));
    if (s !== undefined) out.set(s, row[names[pkCols.length]!]);
  }
  // A row that is gone keeps no version: its statement then matches nothing (StaleDataError).
  return out;
}

/** What an UPDATE writes into the version column. */
export type NextVersion =
  | { readonly kind: 'set'; readonly value: unknown }
  /** Nothing, unless the version's table has no other change (then the committed version again). */
  | { readonly kind: 'keep' };

const KEEP: NextVersion = Object.freeze({ kind: 'keep' });

/**
 * The version an UPDATE of `state` writes: the one the application set, else the next one of a
 * counter or generator. Manual and server-side versions are kept (the database may bump a server
 * one). A NULL version is refused, as SQLAlchemy refuses it.
 */
export function nextVersion(state: InstanceState, expected: unknown): NextVersion {
  const mapper = state.mapper;
  const key = mapper.versionProp!.key;
  if (state.hasCommitted(key) && key in state.dict) {
    const original = state.committed[key];
    const value = state.dict[key];
    if (original === NO_VALUE || !sameValue(original, value)) {
      if (value === null || value === undefined) throw nullVersion(mapper);
      return { kind: 'set', value };
    }
  }
  const next = mapper.versioning?.next;
  return next === undefined ? KEEP : { kind: 'set', value: next(expected) };
}

/** Refuses to INSERT a row of a manually versioned mapper without a version. */
export function checkInsertVersion(state: InstanceState): void {
  const mapper = state.mapper;
  if (mapper.versioning?.kind !== 'manual') return;
  const value = state.dict[mapper.versionProp!.key];
  if (value === null || value === undefined) throw nullVersion(mapper);
}

function nullVersion(mapper: Mapper<object>): FlushError {
  return new FlushError(
    `${mapper.name} object does not contain a non-NULL version value (${mapper.name}.${mapper.versionProp!.key})`,
  );
}
