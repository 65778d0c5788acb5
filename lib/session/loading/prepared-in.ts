import type { RelationshipProperty } from '../../mapper';
import { literal, prepareStatement, select, type Dialect, type nodes, type Select } from '../../sql';
import { applyColumnOptions } from './column-options';
import { keyColumns } from './columns';
import { planEager } from './joined';
import { emptyTree } from './load-tree';
import { inSelectParts } from './relationship-loader';
import { needsPostLoad } from './strategies';
import type { PreparedLoad } from './prepared-load';

/**
 * A relationship's IN select for chunks of one length, planned and compiled once per dialect with
 * the keys as slots: a selectin load with no options below it binds each chunk's keys into it
 * instead of building, planning and keying a new select per chunk (as `get()` does by key).
 * @internal
 */
export type PreparedIn = PreparedLoad;

/**
 * Chunk lengths kept per relationship and dialect: a chunk holds every parent of a query, so the
 * lengths vary with the queries; the least recently made is dropped beyond this.
 */
const LENGTHS_KEPT = 32;

interface PropEntry {
  /** The registry's mapper count when made: mapping another class may change the plan. */
  readonly mapperCount: number;
  /** Per dialect, per chunk length; null when the select cannot be prepared. */
  readonly byDialect: Map<Dialect, Map<number, PreparedIn | null>>;
}

const entries = new WeakMap<RelationshipProperty, PropEntry>();

/** The prepared IN select of `prop` for chunks as long as `keys` (made now with them as the sample). @internal */
export function preparedIn(
  prop: RelationshipProperty,
  dialect: Dialect,
  keys: readonly (readonly unknown[])[],
): PreparedIn | undefined {
  const registry = prop.parent.registry;
  let entry = entries.get(prop);
  if (entry === undefined || entry.mapperCount !== registry.mappers.length) {
    entry = { mapperCount: registry.mappers.length, byDialect: new Map() };
    entries.set(prop, entry);
  }
  let byLength = entry.byDialect.get(dialect);
  if (byLength === undefined) entry.byDialect.set(dialect, (byLength = new Map()));
  let found = byLength.get(keys.length);
  if (found === undefined) {
    if (byLength.size >= LENGTHS_KEPT) byLength.delete(byLength.keys().next().value!);
    byLength.set(keys.length, (found = prepare(prop, dialect, keys)));
  }
  return found ?? undefined;
}

/** The select `loadBySelectIn` runs for a chunk of these keys, made with slots in their places. */
function prepare(
  prop: RelationshipProperty,
  dialect: Dialect,
  keys: readonly (readonly unknown[])[],
): PreparedIn | null {
  const { matchCols } = keyColumns(prop);
  const slots = keys.map((tuple) => tuple.map((v, j) => literal(v, matchCols[j]!.type)));
  const { items, where, orderBy } = inSelectParts(prop, slots);
  let stmt = select(...items).where(where) as Select<readonly unknown[]>;
  if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
  const tree = emptyTree();
  const trees = new Map([[0, tree]]);
  const statement = applyColumnOptions(stmt);
  const plan = planEager(statement, trees);
  const prepared = prepareStatement(
    plan.statement.toStatementNode(),
    dialect,
    slots.flat().map((s) => s.node as nodes.BindParamNode),
  );
  if (prepared === undefined) return null;
  return { statement, trees, plan, prepared, postLoad: needsPostLoad(tree, prop.target) };
}

/** The values to bind for `keys`: slot `i` of the prepared select is value `i` of the key tuples in order. @internal */
export function slotValues(keys: readonly (readonly unknown[])[]): readonly unknown[] {
  return keys[0]!.length === 1 ? keys.map((k) => k[0]) : keys.flat();
}
