import type { Connection } from '../../drivers';
import { endingWith, type OrmEnd } from '../../drivers/telemetry/orm-end';
import type { Mapper } from '../../mapper';
import {
  and,
  Expression,
  literal,
  prepareStatement,
  select,
  type Column,
  type CompiledQuery,
  type Dialect,
  type nodes,
  type Select,
} from '../../sql';
import { uniqueValues } from '../orm-result';
import { applyColumnOptions } from './column-options';
import { planEager } from './joined';
import { rootTrees } from './load-tree';
import { hydrateColumns, postLoadRoots, type OrmExecuteContext, type OrmExecuteOptions } from './orm-execute';
import { needsPostLoad } from './strategies';
import type { PreparedLoad } from './prepared-load';

/**
 * A mapper's `get()` by primary key, planned and compiled once per dialect: the select with the
 * mapping's default eager loads and deferrals applied, and its SQL prepared with the key values as
 * slots. A plain `get()` (no loader options, no lock) binds the key into it instead of building,
 * planning and keying a new select each time.
 * @internal
 */
export type KeyedSelect = PreparedLoad;

interface MapperEntry {
  /**
   * The number of mappers of the registry when the entry was made. Mapping another class is the
   * only change to a configured mapper (a backref or a subclass added to it), so a new count means
   * the plans may be stale.
   */
  readonly mapperCount: number;
  /** Per dialect; null when its select cannot be prepared (the generic path runs instead). */
  readonly byDialect: Map<Dialect, KeyedSelect | null>;
}

const entries = new WeakMap<Mapper<object>, MapperEntry>();

/** Whether `values` can be bound into the prepared select: no NULL (`IS NULL`), no expression. */
export function bindableKey(values: readonly unknown[]): boolean {
  for (const v of values) if (v === null || v === undefined || v instanceof Expression) return false;
  return true;
}

/**
 * The keyed select of `mapper` for `dialect`, made on first use with `values` as the sample key;
 * undefined when it cannot be prepared.
 */
export function keyedSelect(
  mapper: Mapper<object>,
  dialect: Dialect,
  values: readonly unknown[],
): KeyedSelect | undefined {
  const registry = mapper.registry;
  registry.configure();
  let entry = entries.get(mapper);
  if (entry === undefined || entry.mapperCount !== registry.mappers.length) {
    entry = { mapperCount: registry.mappers.length, byDialect: new Map() };
    entries.set(mapper, entry);
  }
  let keyed = entry.byDialect.get(dialect);
  if (keyed === undefined) entry.byDialect.set(dialect, (keyed = prepareKeyed(mapper, dialect, values)));
  return keyed ?? undefined;
}

function prepareKeyed(
  mapper: Mapper<object>,
  dialect: Dialect,
  values: readonly unknown[],
): KeyedSelect | null {
  const slots = mapper.primaryKeyProps.map((p, i) => literal(values[i], (p.column as Column<unknown>).type));
  const where = mapper.primaryKeyProps.map((p, i) => (p.column as Column<unknown>).eq(slots[i]!));
  const byKey = select(mapper.class_).where(where.length === 1 ? where[0]! : and(...where));
  const trees = rootTrees(byKey.items, byKey.statementOptions);
  const statement = applyColumnOptions(byKey as Select<readonly unknown[]>);
  const plan = planEager(statement, trees);
  const prepared = prepareStatement(
    plan.statement.toStatementNode(),
    dialect,
    slots.map((s) => s.node as nodes.BindParamNode),
  );
  if (prepared === undefined) return null;
  let postLoad = false;
  for (const tree of trees.values()) if (needsPostLoad(tree, mapper)) postLoad = true;
  return { statement, trees, plan, prepared, postLoad };
}

/**
 * Runs a keyed select for `values` on `conn`: the object of that key, or null. Answered without a
 * promise when the driver answers synchronously and nothing needs loading after the row (throws
 * then instead of rejecting). `end`, a traced load's, is called once the load is over, from the
 * load's own callbacks. @internal
 */
export function runKeyed(
  ctx: OrmExecuteContext,
  conn: Connection,
  keyed: KeyedSelect,
  values: readonly unknown[],
  options: OrmExecuteOptions,
  end?: OrmEnd,
): unknown {
  let compiled: CompiledQuery;
  let result: ReturnType<typeof conn.executeCompiledNow<Record<string, unknown>>>;
  try {
    compiled = keyed.prepared.bind(values);
    result = conn.executeCompiledNow<Record<string, unknown>>(compiled);
  } catch (e) {
    end?.(true, e);
    throw e;
  }
  if (!(result instanceof Promise)) {
    const rows = result.rows;
    return end === undefined
      ? keyedObject(ctx, conn, keyed, compiled, rows, options)
      : endingWith(end, () => keyedObject(ctx, conn, keyed, compiled, rows, options));
  }
  if (end === undefined) return result.then((r) => keyedObject(ctx, conn, keyed, compiled, r.rows, options));
  return result.then(
    (r) => endingWith(end, () => keyedObject(ctx, conn, keyed, compiled, r.rows, options)),
    (e: unknown) => {
      end(true, e);
      throw e;
    },
  );
}

/** The object of a keyed select's rows (a promise when post-load work follows), or null. */
function keyedObject(
  ctx: OrmExecuteContext,
  conn: Connection,
  keyed: KeyedSelect,
  compiled: CompiledQuery,
  rows: readonly Record<string, unknown>[],
  options: OrmExecuteOptions,
): unknown {
  const { plan } = keyed;
  const first = hydrateColumns(ctx, plan, compiled, rows, options)[0]!;
  const objects = plan.multiplies ? uniqueValues(first) : first;
  if (!keyed.postLoad) return objects[0] ?? null;
  return postLoadRoots(ctx, conn, keyed.statement, keyed.trees, plan, () => objects, options).then(
    () => objects[0] ?? null,
  );
}
