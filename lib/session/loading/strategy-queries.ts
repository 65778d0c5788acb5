import {
  entityMapper,
  instanceState,
  rawItems,
  type InstanceState,
  type RelationshipProperty,
} from '../../mapper';
import { and, ENTITY, select, Select } from '../../sql';
import { assignLoaded, entityColumn, keyColumns, matchKey, matchKeyOfRow, valuesOf } from './columns';
import type { AfterLoadStep, LoadTree } from './load-context';
import { loadRelationship } from './relationship-loader';

/** The objects a loaded relationship of `states` holds. */
export function relatedObjects(
  states: readonly InstanceState[],
  prop: RelationshipProperty,
): InstanceState[] {
  const out = new Set<InstanceState>();
  for (const s of states) {
    if (!s.isLoaded(prop.key)) continue;
    const v = s.dict[prop.key];
    // The array behind a tracked collection: reading through its proxy costs a trap per item.
    if (Array.isArray(v)) for (const o of rawItems(v) as object[]) out.add(instanceState(o));
    else if (typeof v === 'object' && v !== null) out.add(instanceState(v));
  }
  return [...out];
}

/** Whether a level has no options of its own: its objects load as their mapping says. */
function plainTree(tree: LoadTree): boolean {
  return tree.nodes.size === 0 && tree.wildcard === undefined && tree.columnOptions === undefined;
}

/** `selectinload`: one `IN` query (chunked) for the relationship of every parent still to fill. */
export async function loadBySelectIn(step: AfterLoadStep): Promise<void> {
  const { ctx, node, todo } = step;
  if (todo.length === 0) return;
  const fromMap = await loadRelationship(
    todo,
    node.prop,
    (items, where, orderBy) => {
      let stmt = select(...items).where(where) as Select<readonly unknown[]>;
      if (node.children.columnOptions) stmt = stmt.options(...node.children.columnOptions);
      if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
      return ctx.run(stmt, node.children);
    },
    ctx.caps,
    {
      lookup: ctx.lookup,
      overwrite: ctx.populateExisting,
      // Options below the relationship change its select: only a plain load is prepared.
      byKeys:
        ctx.byKeys !== undefined && plainTree(node.children)
          ? (keys) => ctx.byKeys!(node.prop, keys)
          : undefined,
    },
  );
  // Objects taken from the identity map skipped the query: apply the nested options to them here.
  if (fromMap.length) {
    const states = fromMap.map((o) => instanceState(o));
    await step.loadLevel(ctx, states, node.children, node.path, new Set(), undefined);
  }
}

/**
 * `subqueryload`: the query that loaded the parents, reduced to their key columns, becomes a
 * subquery the related table joins to — one statement, no IN list. Below a level that no
 * statement of its own loaded, it falls back to the IN query.
 */
export async function loadBySubquery(step: AfterLoadStep): Promise<void> {
  const { ctx, node, todo: parents, source } = step;
  if (source === undefined) return loadBySelectIn(step);
  if (parents.length === 0) return;
  const prop = node.prop;
  const { parentCols, matchCols } = keyColumns(prop);
  const itemMapper = entityMapper(source.item) ?? prop.parent;
  const itemColumns = source.item[ENTITY].columns;
  const keys = parentCols.map((c, k) => entityColumn(itemMapper, itemColumns, c).as(`sq_key_${k}`));
  const src = source.statement;
  const limited = src.node.limit !== undefined || src.node.offset !== undefined;
  const inner = new Select(
    [...src.items],
    Object.freeze({
      ...src.node,
      orderBy: limited ? src.node.orderBy : [],
      forUpdate: undefined,
    }),
  ).addColumns(...keys);
  const sub = inner.subquery('anon_sq');
  const subKeys = sub.columns.slice(sub.columns.length - keys.length);
  let stmt = select(prop.target.class_, ...subKeys) as Select<readonly unknown[]>;
  if (prop.secondary !== undefined) {
    stmt = stmt.join(prop.secondary, and(...prop.secondaryPairs.map((p) => p.source.eq(p.dest))));
  }
  stmt = stmt.join(sub, and(...matchCols.map((c, j) => c.eq(subKeys[j]!))));
  const criteria = prop.criteriaOn();
  if (criteria !== undefined) stmt = stmt.where(criteria);
  if (node.children.columnOptions) stmt = stmt.options(...node.children.columnOptions);
  if (prop.orderBy.length)
    stmt = stmt.orderBy(...prop.orderBy.map((o) => (o.direction === 'DESC' ? o.column.desc() : o.column)));
  const rows = await ctx.run(stmt, node.children);
  const found = new Map<unknown, Set<object>>();
  for (const row of rows) {
    const k = matchKeyOfRow(row, 1);
    let set = found.get(k);
    if (set === undefined) found.set(k, (set = new Set()));
    set.add(row[0] as object);
  }
  for (const parent of parents) {
    const values = valuesOf(parent.obj, parentCols);
    const related = values.some((v) => v === null || v === undefined)
      ? undefined
      : found.get(matchKey(values));
    assignLoaded(parent.obj, prop, related === undefined ? [] : [...related], ctx.populateExisting);
  }
}
