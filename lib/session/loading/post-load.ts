import {
  entityMapper,
  instanceState,
  rawItems,
  type InstanceState,
  type RelationshipProperty,
} from '../../mapper';
import { and, ENTITY, select, Select, type DialectCapabilities, type EntityLike } from '../../sql';
import { assignLoaded, entityColumn, keyColumns, matchKey, matchKeyOfRow, valuesOf } from './columns';
import { needsPostLoad, nodeFor, type EffectiveNode, type LoadTree } from './load-tree';
import { markRaise } from './raise-marks';
import { loadRelationship } from './relationship-loader';

/** Runs an ORM select whose first item is loaded with `tree`; returns its tuples. @internal */
export type NestedQuery = (statement: Select<readonly unknown[]>, tree: LoadTree) => Promise<unknown[][]>;

/** What post-loading needs from the query being run. @internal */
export interface PostLoadContext {
  readonly run: NestedQuery;
  readonly caps: DialectCapabilities;
  readonly populateExisting: boolean;
  readonly lookup: (identityKey: string) => InstanceState | undefined;
}

/** The query that loaded a level, for `subqueryload` below it. @internal */
export interface LevelSource {
  readonly statement: Select<readonly unknown[]>;
  readonly item: EntityLike;
}

function relatedObjects(states: readonly InstanceState[], prop: RelationshipProperty): InstanceState[] {
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

/**
 * Applies the loader tree of one level to objects already hydrated: selectin and subquery loads
 * (one query per relationship, nested options applied inside it), noload, raise marks, and the
 * levels below joined loads that came with the statement.
 * @internal
 */
export async function postLoad(
  ctx: PostLoadContext,
  states: readonly InstanceState[],
  tree: LoadTree,
  path: readonly RelationshipProperty[],
  inStatement: ReadonlySet<EffectiveNode>,
  source: LevelSource | undefined,
): Promise<void> {
  if (states.length === 0) return;
  const byProp = new Map<RelationshipProperty, InstanceState[]>();
  for (const s of states) {
    for (const prop of s.mapper.relationships) {
      const list = byProp.get(prop);
      if (list === undefined) byProp.set(prop, [s]);
      else list.push(s);
    }
  }
  for (const [prop, parents] of byProp) {
    const node = nodeFor(tree, prop, path);
    const todo = ctx.populateExisting ? parents : parents.filter((s) => !s.isLoaded(prop.key));
    switch (node.strategy) {
      case 'joined':
      case 'containsEager':
        if (inStatement.has(node)) {
          // The related objects came with the statement; visit them only if a level below can
          // load something (a joined load of 1,000 children with nothing below them costs a walk).
          if (!needsPostLoad(node.children, prop.target)) break;
          await postLoad(
            ctx,
            relatedObjects(parents, prop),
            node.children,
            node.path,
            inStatement,
            undefined,
          );
        } else await selectin(ctx, todo, node);
        break;
      case 'selectin':
        await selectin(ctx, todo, node);
        break;
      case 'subquery':
        if (source !== undefined) await subquery(ctx, todo, node, source);
        else await selectin(ctx, todo, node);
        break;
      case 'noload':
        for (const s of todo) assignLoaded(s.obj, prop, [], ctx.populateExisting);
        break;
      case 'raise':
      case 'lazy':
        if (node.explicit) for (const s of parents) markRaise(s, prop, node.strategy === 'raise');
        break;
    }
  }
}

async function selectin(
  ctx: PostLoadContext,
  parents: readonly InstanceState[],
  node: EffectiveNode,
): Promise<void> {
  if (parents.length === 0) return;
  const fromMap = await loadRelationship(
    parents,
    node.prop,
    (items, where, orderBy) => {
      let stmt = select(...items).where(where) as Select<readonly unknown[]>;
      if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
      return ctx.run(stmt, node.children);
    },
    ctx.caps,
    { lookup: ctx.lookup, overwrite: ctx.populateExisting },
  );
  // Objects taken from the identity map skipped the query: apply the nested options to them here.
  if (fromMap.length) {
    const states = fromMap.map((o) => instanceState(o));
    await postLoad(ctx, states, node.children, node.path, new Set(), undefined);
  }
}

/**
 * `subqueryload`: the query that loaded the parents, reduced to their key columns, becomes a
 * subquery the related table joins to — one statement, no IN list.
 */
async function subquery(
  ctx: PostLoadContext,
  parents: readonly InstanceState[],
  node: EffectiveNode,
  source: LevelSource,
): Promise<void> {
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
