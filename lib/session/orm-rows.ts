import { StaleDataError } from '../errors';
import {
  entityMapper,
  expiredVersionOf,
  loadedColumnsOf,
  NO_VALUE,
  type InstanceState,
  type RowData,
  type RowKey,
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
import { columnProcessors, entityConverters } from './row-values';
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
  const names = columnNames(compiled.columns);
  const procs = types === undefined ? undefined : columnProcessors(compiled.columns, types);
  const valueAt = (i: number): ((row: Row) => unknown) => {
    const name = names[i]!;
    const fn = procs?.[i];
    return fn === undefined ? (row) => row[name] : (row) => fn(row[name]);
  };
  let pos = 0;
  return items.map((item) => {
    const mapper = entityMapper(item);
    if (mapper !== undefined && isEntityLikeValue(item)) {
      const width = item[ENTITY].columns.length;
      const layout = pos === 0 && width === names.length ? names : names.slice(pos, pos + width);
      const reader = mapper.rowReader(layout, loadedColumnsOf(item));
      const convert =
        procs === undefined ? undefined : entityConverters(names, procs, pos, width, reader.keyLayout);
      pos += width;
      const convertKey = convert?.key;
      const convertRest = convert?.rest;
      const { identityMap, states, populateExisting } = ctx;
      const versionCheck = ctx.versionCheck === true && !populateExisting && mapper.versionProp !== undefined;
      // The only item, and the row holds just its columns under the attribute keys: the row
      // object becomes the entity's dict instead of being copied into a new one.
      const adopt =
        ctx.adoptRows !== false && items.length === 1 && names.length === width
          ? reader.adoptState
          : undefined;
      // A single-column key: a row that repeats the previous row's key (the parent of a joined
      // collection, once per child) is the previous row's object, already refreshed from the
      // same values; no identity key is built, the map is not asked again and nothing of the
      // row is converted.
      const idAt = reader.keyLayout.length === 1 ? reader.keyLayout[0] : undefined;
      let lastId: unknown = undefined;
      let lastObj: object | null = null;
      return (row) => {
        let id: unknown;
        if (idAt !== undefined) {
          id = (row as Record<RowKey, unknown>)[idAt];
          if (id === lastId && lastObj !== null) return lastObj;
        }
        if (convertKey !== undefined) convertKey(row as Row);
        const key = reader.identityKey(row);
        if (key === undefined) return null;
        let obj: object;
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
          if (versionCheck) checkVersion(existing, read());
          refreshFromRow(existing, populateExisting, read);
          obj = existing.obj;
        } else {
          if (convertRest !== undefined) convertRest(row as Row);
          const state =
            adopt !== undefined && Object.getPrototypeOf(row) === Object.prototype
              ? adopt(row)
              : reader.hydrateState(row);
          states.registerLoaded(state, key);
          obj = state.obj;
        }
        lastId = id;
        lastObj = obj;
        return obj;
      };
    }
    if (item instanceof Expression) return valueAt(pos++) as ItemReader;
    if (item instanceof Bundle) {
      const at = Array.from({ length: item.columns.length }, (_c, i) => valueAt(pos + i));
      pos += at.length;
      const make = rowFactory(item.columns);
      return (row) => {
        const record = make(at.length);
        for (let i = 0; i < at.length; i++) record[i] = at[i]!(row as Row);
        return record;
      };
    }
    const table = item as Table;
    const values = table.columns.map((_c, i) => valueAt(pos + i));
    const keys = table.columns.map((c) => c.key);
    pos += table.columns.length;
    return (row) => {
      const out: Record<string, unknown> = {};
      keys.forEach((k, i) => (out[k] = values[i]!(row as Row)));
      return out;
    };
  });
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
