import type { Connection } from '../../drivers';
import { entityMapper, instanceState, type InstanceState, type RelationshipProperty } from '../../mapper';
import {
  select,
  type CompiledQuery,
  type EntityLike,
  type RowTuple,
  type Select,
  type StatementOption,
  type TypeRenderer,
} from '../../sql';
import type { IdentityMap } from '../identity-map';
import { rowFactory, type RowFactory } from '../named-rows';
import { OrmResult, uniqueValues } from '../orm-result';
import { readItemColumns, type LoadContext, type LoadedStates } from '../orm-rows';
import { executeToConvert } from '../row-values';
import { applyColumnOptions } from './column-options';
import { assignLoaded } from './columns';
import { planEager, type EagerPlan, type JoinedLink } from './joined';
import type { LoadTree, PostLoadContext } from './load-context';
import { rootTrees } from './load-tree';
import { applyLoaderCriteria, loaderCriteriaOf } from './loader-criteria';
import { postLoad } from './post-load';
import { preparedIn, slotValues, type PreparedIn } from './prepared-in';
import { needsPostLoad } from './strategies';

/** What running an ORM select needs from the session. @internal */
export interface OrmExecuteContext {
  readonly identityMap: IdentityMap;
  /** Registers loaded rows as persistent objects (the session's unit of work). */
  readonly states: LoadedStates;
  /** Loads `prop` for many objects (one IN query per chunk). */
  loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void>;
}

export interface OrmExecuteOptions {
  readonly populateExisting?: boolean;
}

/**
 * Runs an ORM select on `conn`: applies the loader options (joined loads in the statement itself,
 * selectin/subquery loads as one more query per relationship), compiles it, hydrates entities
 * through the identity map. The one place an ORM select runs.
 * @internal
 */
export async function executeOrmSelect<Items extends readonly unknown[]>(
  ctx: OrmExecuteContext,
  conn: Connection,
  statement: Select<Items>,
  options: OrmExecuteOptions,
): Promise<OrmResult<RowTuple<Items>>> {
  const trees = rootTrees(statement.items, statement.statementOptions);
  const criteria = loaderCriteriaOf(statement.statementOptions);
  // After the loader trees: relationship options name the items the application selected.
  const stmt = applyLoaderCriteria(applyColumnOptions(statement as Select<readonly unknown[]>), criteria);
  const plan = planEager(stmt, trees, criteria);
  if (stmt.items.length !== 1) {
    const rows = await runPlanned(ctx, conn, stmt, trees, plan, options, rowFactory(stmt.items));
    return new OrmResult(rows as unknown as RowTuple<Items>[]);
  }
  // One item (with or without joined entities): its values in one array, no tuple per row.
  const compiled = conn.compile(plan.statement);
  const { rows, types } = await executeToConvert(conn, compiled);
  const post = anyPostLoad(stmt, trees);
  const first = hydrateColumns(ctx, plan, compiled, rows, options, types, !post)[0]!;
  const values = plan.multiplies ? uniqueValues(first) : first;
  if (post) await postLoadRoots(ctx, conn, stmt, trees, plan, () => values, options);
  return OrmResult.ofColumn<RowTuple<Items>>(values as RowTuple<Items>[0][], rowFactory(stmt.items));
}

function loadContext(
  ctx: OrmExecuteContext,
  options: OrmExecuteOptions,
  locking: boolean,
  adoptRows: boolean,
): LoadContext {
  return {
    identityMap: ctx.identityMap,
    states: ctx.states,
    populateExisting: options.populateExisting ?? false,
    versionCheck: locking,
    adoptRows,
  };
}

/**
 * @internal Hydrates the rows of a planned statement and fills its joined relationships. Rows are
 * plain tuples unless `makeRow` builds them (the named rows of what the application reads).
 */
export function hydrateRows(
  ctx: OrmExecuteContext,
  plan: EagerPlan,
  compiledColumns: CompiledQuery,
  rawRows: readonly Record<string, unknown>[],
  options: OrmExecuteOptions,
  width: number,
  makeRow?: RowFactory,
  types?: TypeRenderer,
): unknown[][] {
  const columns = hydrateColumns(ctx, plan, compiledColumns, rawRows, options, types);
  return hydrateRowsFrom(columns, rawRows.length, width, makeRow, plan.multiplies);
}

/** The tuples of `n` hydrated rows from their columns, de-duplicated when the rows repeat. */
function hydrateRowsFrom(
  columns: readonly unknown[][],
  n: number,
  width: number,
  makeRow: RowFactory | undefined,
  multiplies: boolean,
): unknown[][] {
  const rows = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) {
    const tuple = makeRow === undefined ? new Array<unknown>(width) : makeRow(width);
    for (let j = 0; j < width; j++) tuple[j] = columns[j]![i];
    rows[i] = tuple;
  }
  return multiplies ? new OrmResult(rows).unique().all() : rows;
}

/**
 * Hydrates every read item of the rows into one array per item (column by column: no tuple per
 * row) and fills the joined relationships from them. Rows are not de-duplicated. With `types`,
 * the rows are unconverted (`executeToConvert()`) and converted as they are read.
 * @internal
 */
export function hydrateColumns(
  ctx: OrmExecuteContext,
  plan: EagerPlan,
  compiledColumns: CompiledQuery,
  rawRows: readonly Record<string, unknown>[],
  options: OrmExecuteOptions,
  types?: TypeRenderer,
  /** False when the objects take relationship values right after (see `LoadContext.adoptRows`). */
  adoptRows = true,
): unknown[][] {
  const columns = readItemColumns(
    plan.readItems,
    compiledColumns.columns,
    rawRows,
    loadContext(ctx, options, plan.statement.node.forUpdate !== undefined, adoptRows),
    types,
  );
  if (plan.links.length) fillJoined(plan.links, columns, options.populateExisting ?? false);
  return columns;
}

/** Up to this many related objects a parent's list is searched for a repeat; beyond it, a Set. */
const SCAN_LIMIT = 16;

/**
 * Fills each joined relationship from the hydrated columns: per link, the distinct related objects
 * of each parent in row order. A parent's rows usually come together (the statement is ordered by
 * it or by the join), so the parent's list is looked up only when the parent changes and a repeat
 * of the previous child is skipped at once. Other repeats (a second joined collection multiplies
 * the rows) are found by searching the short list; a long one gets a Set. Each list becomes the
 * parent's collection as it is.
 */
function fillJoined(links: readonly JoinedLink[], columns: readonly unknown[][], overwrite: boolean): void {
  for (const link of links) {
    const byParent = new Map<object, object[]>();
    let large: Map<object[], Set<object>> | undefined;
    const parents = columns[link.parentIndex]!;
    const children = columns[link.childIndex]!;
    let lastParent: object | null = null;
    let lastChild: object | null = null;
    let list: object[] = [];
    for (let i = 0; i < parents.length; i++) {
      const parent = parents[i] as object | null;
      if (parent === null) continue;
      const child = children[i] as object | null;
      if (parent !== lastParent) {
        lastParent = parent;
        lastChild = null;
        const found = byParent.get(parent);
        if (found === undefined) byParent.set(parent, (list = []));
        else list = found;
      }
      if (child === null || child === lastChild) continue;
      lastChild = child;
      if (list.length < SCAN_LIMIT) {
        if (!list.includes(child)) list.push(child);
        continue;
      }
      large ??= new Map();
      let seen = large.get(list);
      if (seen === undefined) large.set(list, (seen = new Set(list)));
      if (!seen.has(child)) {
        seen.add(child);
        list.push(child);
      }
    }
    const prop = link.node.prop;
    for (const [parent, items] of byParent) assignLoaded(parent, prop, items, overwrite, true);
  }
}

async function runWithTrees(
  ctx: OrmExecuteContext,
  conn: Connection,
  statement: Select<readonly unknown[]>,
  trees: ReadonlyMap<number, LoadTree>,
  options: OrmExecuteOptions,
): Promise<unknown[][]> {
  // A nested statement's column options come from its loader option (`.options(defer(…))`).
  const criteria = loaderCriteriaOf(statement.statementOptions);
  const stmt = applyLoaderCriteria(applyColumnOptions(statement), criteria);
  return runPlanned(ctx, conn, stmt, trees, planEager(stmt, trees, criteria), options);
}

async function runPlanned(
  ctx: OrmExecuteContext,
  conn: Connection,
  statement: Select<readonly unknown[]>,
  trees: ReadonlyMap<number, LoadTree>,
  plan: EagerPlan,
  options: OrmExecuteOptions,
  makeRow?: RowFactory,
): Promise<unknown[][]> {
  const compiled = conn.compile(plan.statement);
  const result = await executeToConvert(conn, compiled);
  const rows = hydrateRows(
    ctx,
    plan,
    compiled,
    result.rows,
    options,
    statement.items.length,
    makeRow,
    result.types,
  );
  await postLoadRoots(ctx, conn, statement, trees, plan, (i) => rows.map((r) => r[i]), options);
  return rows;
}

/**
 * `runPlanned` of a relationship's prepared IN select, with `keys` bound into it. Resolves with
 * the rows column by column (one array per select item: the related objects, then the match
 * columns), so a load of many rows makes no tuple per row.
 * @internal
 */
export async function runPreparedIn(
  ctx: OrmExecuteContext,
  conn: Connection,
  prepared: PreparedIn,
  keys: readonly (readonly unknown[])[],
  options: OrmExecuteOptions,
): Promise<unknown[][]> {
  const { statement, plan } = prepared;
  const compiled = prepared.prepared.bind(slotValues(keys));
  const result = await executeToConvert(conn, compiled);
  const width = statement.items.length;
  let columns = hydrateColumns(ctx, plan, compiled, result.rows, options, result.types);
  if (plan.multiplies) {
    // A joined collection below repeated the rows: de-duplicate them as tuples.
    const rows = hydrateRowsFrom(columns, result.rows.length, width, undefined, true);
    columns = Array.from({ length: width }, (_, i) => rows.map((r) => r[i]));
  } else if (columns.length > width) columns = columns.slice(0, width);
  if (prepared.postLoad)
    await postLoadRoots(ctx, conn, statement, prepared.trees, plan, (i) => columns[i]!, options);
  return columns;
}

/** Whether an entity item of the statement has loads to run after its rows are read. */
function anyPostLoad(statement: Select<readonly unknown[]>, trees: ReadonlyMap<number, LoadTree>): boolean {
  for (const [i, tree] of trees) if (needsPostLoad(tree, entityMapper(statement.items[i])!)) return true;
  return false;
}

/** Post-loads (selectin, subquery, noload…) every entity item of the rows. @internal */
export async function postLoadRoots(
  ctx: OrmExecuteContext,
  conn: Connection,
  statement: Select<readonly unknown[]>,
  trees: ReadonlyMap<number, LoadTree>,
  plan: Pick<EagerPlan, 'inStatement'>,
  /** The values of select item `i`, one per row. */
  valuesOf: (i: number) => readonly unknown[],
  options: OrmExecuteOptions,
  /** Whether `statement` is what loaded the rows (subquery loads reuse it); else they fall back to IN. */
  sourced = true,
): Promise<void> {
  let post: PostLoadContext | undefined;
  for (const [i, tree] of trees) {
    if (!needsPostLoad(tree, entityMapper(statement.items[i])!)) continue;
    // The relationship loads the statement issues carry its loader criteria along.
    const criteria = loaderCriteriaOf(statement.statementOptions).filter((c) => c.propagateToLoaders);
    post ??= {
      run: (stmt, tree) =>
        runWithTrees(
          ctx,
          conn,
          criteria.length ? stmt.options(...criteria) : stmt,
          new Map([[0, tree]]),
          options,
        ),
      caps: conn.dialect.capabilities,
      populateExisting: options.populateExisting ?? false,
      lookup: (key) => ctx.identityMap.get(key),
      // The prepared SQL carries no loader criteria and names schemas as declared.
      byKeys:
        criteria.length === 0 && conn.effectiveExecutionOptions.schemaTranslateMap === undefined
          ? (prop, keys) => {
              const prepared = preparedIn(prop, conn.dialect, keys);
              return prepared && runPreparedIn(ctx, conn, prepared, keys, options);
            }
          : undefined,
    };
    const seen = new Set<InstanceState>();
    for (const obj of valuesOf(i)) {
      if (typeof obj === 'object' && obj !== null) seen.add(instanceState(obj));
    }
    const item = statement.items[i] as EntityLike;
    await postLoad(post, [...seen], tree, [], plan.inStatement, sourced ? { statement, item } : undefined);
  }
}

const NOTHING_JOINED: Pick<EagerPlan, 'inStatement'> = { inStatement: new Set() };

/**
 * Runs the relationship loads that loader options ask for on entities a statement other than a
 * select gave (the RETURNING rows of an ORM UPDATE or DELETE): every strategy that reads rows loads
 * with its own query (a joined load becomes an IN query). An option rooted at an entity the rows
 * do not hold is an `ArgumentError`.
 * @internal
 */
export async function postLoadItems(
  ctx: OrmExecuteContext,
  conn: Connection,
  items: readonly unknown[],
  statementOptions: readonly StatementOption[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const statement = select(...items).options(...statementOptions) as Select<readonly unknown[]>;
  const trees = rootTrees(statement.items, statementOptions);
  if (!anyPostLoad(statement, trees)) return;
  await postLoadRoots(ctx, conn, statement, trees, NOTHING_JOINED, (i) => rows.map((r) => r[i]), {}, false);
}
