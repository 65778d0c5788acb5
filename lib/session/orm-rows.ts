import { StaleDataError } from '../errors';
import {
  entityMapper,
  expiredVersionOf,
  loadedColumnsOf,
  NO_VALUE,
  type InstanceState,
  type RowData,
  type RowKey,
  type RowReader,
} from '../mapper';
import {
  Bundle,
  ENTITY,
  Expression,
  type CompiledQuery,
  type EntityLike,
  type Table,
  type TypeRenderer,
} from '../sql';
import { rowFactory } from './named-rows';
import { columnProcessors, entityConverters, type ColumnsConverter } from './row-values';
import { sameValue } from './column-keys';
import type { IdentityMap } from './identity-map';

/** Where loaded rows become persistent objects (the session's unit of work). @internal */
export interface LoadedStates {
  registerLoaded(state: InstanceState, key: string): void;
}

/** What hydration needs from the session. @internal */
export interface LoadContext {
  readonly identityMap: IdentityMap;
  readonly states: LoadedStates;
  /** Overwrite the values of objects already in the identity map (`populateExisting`). */
  readonly populateExisting: boolean;
  /**
   * A locking read (`FOR UPDATE`): an object already in the identity map must have the version
   * its row has, else StaleDataError (its changes would be based on an outdated row).
   */
  readonly versionCheck?: boolean;
  /**
   * False: never keep a row object as an entity's dict, as objects that take relationship values
   * right after (a selectin load's parents) need a dict of the entity's own shape: adding a
   * property to a driver's row object costs far more than to such a dict (measured on pg's rows).
   */
  readonly adoptRows?: boolean;
}

type ItemReader = (row: RowData) => unknown;

function isEntityLikeValue(value: unknown): value is EntityLike {
  return (typeof value === 'function' || typeof value === 'object') && value !== null && ENTITY in value;
}

/**
 * The result names of compiled columns, kept per columns array: a statement served from the
 * statement cache shares its template's array, so repeated statements find theirs (and the row
 * reader cached for that same array) without building a new one per execution.
 */
const namesOf = new WeakMap<CompiledQuery['columns'], readonly string[]>();

function columnNames(columns: CompiledQuery['columns']): readonly string[] {
  let names = namesOf.get(columns);
  if (names === undefined) namesOf.set(columns, (names = columns.map((c) => c.name)));
  return names;
}

type Row = Record<string, unknown>;

/** How an entity item is read: all of it fixed by the statement's items, columns and types. */
interface EntityPlan {
  readonly reader: RowReader<object>;
  readonly convertKey: ColumnsConverter | undefined;
  readonly convertRest: ColumnsConverter | undefined;
  /** The row object may become the entity's dict (see `LoadContext.adoptRows`). */
  readonly adopt: ((row: RowData) => InstanceState) | undefined;
  /** The row key of a single-column primary key. */
  readonly idAt: RowKey | undefined;
  readonly hasVersion: boolean;
}

/** One select item's reader: an entity's plan, or a function of the row alone. */
type ItemPlan = { readonly entity: EntityPlan; readonly value?: undefined } | { readonly value: ItemReader };

interface PlanEntry {
  readonly items: readonly unknown[];
  readonly types: TypeRenderer | undefined;
  readonly plans: readonly ItemPlan[];
}

/**
 * The item plans made for a result column list. A statement served from the statement cache
 * shares its template's column list, so repeated executions find their plans here; a few entries
 * per list, as statements of one SQL may select other (but equivalent) items.
 */
const plansOf = new WeakMap<CompiledQuery['columns'], PlanEntry[]>();
const ENTRIES_PER_COLUMNS = 4;

/** Whether plans made for `a` serve `b`: the same entities, bundles and tables at the same places. */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    // An expression (not an entity) is read by its position alone.
    if (!(x instanceof Expression) || !(y instanceof Expression) || x.constructor !== y.constructor)
      return false;
    if (entityMapper(x) !== undefined || entityMapper(y) !== undefined) return false;
  }
  return true;
}

/** The item plans of `items` over `columns`, made once per column list, items and types. */
function itemPlans(
  items: readonly unknown[],
  columns: CompiledQuery['columns'],
  types: TypeRenderer | undefined,
): readonly ItemPlan[] {
  let entries = plansOf.get(columns);
  if (entries === undefined) plansOf.set(columns, (entries = []));
  for (const e of entries) if (e.types === types && sameItems(e.items, items)) return e.plans;
  const plans = buildPlans(items, columns, types);
  if (entries.length >= ENTRIES_PER_COLUMNS) entries.shift();
  entries.push({ items: [...items], types, plans });
  return plans;
}

function buildPlans(
  items: readonly unknown[],
  columns: CompiledQuery['columns'],
  types: TypeRenderer | undefined,
): ItemPlan[] {
  const names = columnNames(columns);
  const procs = types === undefined ? undefined : columnProcessors(columns, types);
  const valueAt = (i: number): ((row: Row) => unknown) => {
    const name = names[i]!;
    const fn = procs?.[i];
    return fn === undefined ? (row) => row[name] : (row) => fn(row[name]);
  };
  let pos = 0;
  return items.map((item): ItemPlan => {
    const mapper = entityMapper(item);
    if (mapper !== undefined && isEntityLikeValue(item)) {
      const width = item[ENTITY].columns.length;
      const layout = pos === 0 && width === names.length ? names : names.slice(pos, pos + width);
      const reader = mapper.rowReader(layout, loadedColumnsOf(item));
      const convert =
        procs === undefined ? undefined : entityConverters(names, procs, pos, width, reader.keyLayout);
      pos += width;
      // The only item, and the row holds just its columns under the attribute keys: the row
      // object can become the entity's dict instead of being copied into a new one.
      const adopt = items.length === 1 && names.length === width ? reader.adoptState : undefined;
      return {
        entity: {
          reader,
          convertKey: convert?.key,
          convertRest: convert?.rest,
          adopt,
          idAt: reader.keyLayout.length === 1 ? reader.keyLayout[0] : undefined,
          hasVersion: mapper.versionProp !== undefined,
        },
      };
    }
    if (item instanceof Expression) return { value: valueAt(pos++) as ItemReader };
    if (item instanceof Bundle) {
      const at = Array.from({ length: item.columns.length }, (_c, i) => valueAt(pos + i));
      pos += at.length;
      const make = rowFactory(item.columns);
      return {
        value: (row) => {
          const record = make(at.length);
          for (let i = 0; i < at.length; i++) record[i] = at[i]!(row as Row);
          return record;
        },
      };
    }
    const table = item as Table;
    const values = table.columns.map((_c, i) => valueAt(pos + i));
    const keys = table.columns.map((c) => c.key);
    pos += table.columns.length;
    return {
      value: (row) => {
        const out: Record<string, unknown> = {};
        keys.forEach((k, i) => (out[k] = values[i]!(row as Row)));
        return out;
      },
    };
  });
}

/**
 * What one execution reads an entity item with: its plan, the session's context and the object of
 * the previous row. Made per execution; the plan keeps nothing of it.
 */
class EntityRead {
  private readonly versionCheck: boolean;
  private readonly adopt: ((row: RowData) => InstanceState) | undefined;
  private lastId: unknown = undefined;
  private lastObj: object | null = null;

  constructor(
    private readonly plan: EntityPlan,
    private readonly ctx: LoadContext,
  ) {
    this.versionCheck = ctx.versionCheck === true && !ctx.populateExisting && plan.hasVersion;
    this.adopt = ctx.adoptRows !== false ? plan.adopt : undefined;
  }

  read(row: RowData): object | null {
    const { reader, convertKey, convertRest, idAt } = this.plan;
    // A single-column key: a row that repeats the previous row's key (the parent of a joined
    // collection, once per child) is the previous row's object, already refreshed from the
    // same values; no identity key is built, the map is not asked again and nothing of the
    // row is converted.
    let id: unknown;
    if (idAt !== undefined) {
      id = (row as Record<RowKey, unknown>)[idAt];
      if (id === this.lastId && this.lastObj !== null) return this.lastObj;
    }
    if (convertKey !== undefined) convertKey(row as Row);
    const key = reader.identityKey(row);
    if (key === undefined) return null;
    let obj: object;
    const { identityMap, states, populateExisting } = this.ctx;
    const existing = identityMap.get(key);
    if (existing !== undefined) {
      // An object kept as it is (not expired, no populateExisting) needs no value of the row.
      let fresh: Record<string, unknown> | undefined;
      const read = (): Record<string, unknown> => {
        if (fresh === undefined) {
          if (convertRest !== undefined) convertRest(row as Row);
          fresh = reader.read(row);
        }
        return fresh;
      };
      if (this.versionCheck) checkVersion(existing, read());
      refreshFromRow(existing, populateExisting, read);
      obj = existing.obj;
    } else {
      if (convertRest !== undefined) convertRest(row as Row);
      const adopt = this.adopt;
      const state =
        adopt !== undefined && Object.getPrototypeOf(row) === Object.prototype
          ? adopt(row)
          : reader.hydrateState(row);
      states.registerLoaded(state, key);
      obj = state.obj;
    }
    this.lastId = id;
    this.lastObj = obj;
    return obj;
  }
}

/**
 * Builds one reader per select item: an entity (through the mapper's compiled row reader and the
 * identity map), a column or expression, or a table (its columns as an object). With `types`,
 * the rows are as the driver returned them (see `executeToConvert()`): each reader converts the
 * values it reads, and an entity reader converts its columns only for a row it hydrates or
 * refreshes.
 * @internal
 */
export function itemReaders(
  items: readonly unknown[],
  compiled: CompiledQuery,
  ctx: LoadContext,
  types?: TypeRenderer,
): ItemReader[] {
  return itemPlans(items, compiled.columns, types).map((plan) => {
    if (plan.value !== undefined) return plan.value;
    const entity = new EntityRead(plan.entity, ctx);
    return (row) => entity.read(row);
  });
}

/**
 * `itemReaders()` applied to every row: the values of each item, one array per item. The readers
 * are made once per column list and items (nothing of `ctx` is kept in them).
 * @internal
 */
export function readItemColumns(
  items: readonly unknown[],
  columns: CompiledQuery['columns'],
  rows: readonly RowData[],
  ctx: LoadContext,
  types?: TypeRenderer,
): unknown[][] {
  const plans = itemPlans(items, columns, types);
  const n = rows.length;
  const out = new Array<unknown[]>(plans.length);
  for (let j = 0; j < plans.length; j++) {
    const plan = plans[j]!;
    const values = new Array<unknown>(n);
    if (plan.value !== undefined) {
      const read = plan.value;
      for (let i = 0; i < n; i++) values[i] = read(rows[i]!);
    } else {
      const entity = new EntityRead(plan.entity, ctx);
      for (let i = 0; i < n; i++) values[i] = entity.read(rows[i]!);
    }
    out[j] = values;
  }
  return out;
}

/**
 * Raises StaleDataError when the row read by a locking read has another version than the one the
 * session last saw committed for `state` (nothing is checked when that version is unknown).
 */
function checkVersion(state: InstanceState, fresh: Record<string, unknown>): void {
  const key = state.mapper.versionProp!.key;
  let known: unknown;
  if (state.hasCommitted(key)) known = state.committed[key];
  else if (key in state.dict && !state.isExpired(key)) known = state.dict[key];
  if (known === undefined || known === NO_VALUE) known = expiredVersionOf(state);
  if (known === undefined || known === NO_VALUE) return;
  const loaded = fresh[key];
  if (!sameValue(known, loaded)) {
    throw new StaleDataError(
      `Instance ${state.mapper.name} has version id '${String(known)}' which does not match database-loaded version id '${String(loaded)}'`,
    );
  }
}

/**
 * An object already in the identity map keeps its values (they may hold unflushed changes), but
 * expired attributes are filled from the row, and `populateExisting` overwrites what is unchanged.
 */
function refreshFromRow(
  state: InstanceState,
  populateExisting: boolean,
  read: () => Record<string, unknown>,
): void {
  const expired = state.expiredAll || state.expired.size > 0 || state.deferredKeys.length > 0;
  if (!expired && !populateExisting) return;
  const fresh = read();
  const entries = Object.entries(fresh);
  for (const [key, value] of entries) {
    if (state.hasCommitted(key)) continue; // never clobber a pending change
    if (populateExisting || state.isExpired(key)) state.dict[key] = value;
  }
  const props = state.mapper.selectProps;
  if (entries.length < props.length) {
    // Deferred columns the row does not hold: unloaded ones stay (or become) deferred, and a
    // populating load drops an unchanged value it cannot vouch for.
    const missing = props.filter((p) => !(p.key in fresh)).map((p) => p.key);
    if (populateExisting) for (const key of missing) if (!state.hasCommitted(key)) delete state.dict[key];
    state.markDeferred(missing);
  }
  state.clearExpired();
}
