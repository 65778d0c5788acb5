import { ArgumentError, CompileError, InvalidRequestError, StaleDataError } from '../../errors';
import type { Mapper } from '../../mapper';
import { and, Bundle, ENTITY, Expression, insert, update, type EntityLike, type Executable } from '../../sql';
import { isEntityLike } from '../../sql/selectable';
import type { BulkHost, BulkOutcome, SynchronizeSession } from './execute-bulk';
import { hydrateReturning } from './execute-bulk';
import type { OrmInsert } from './insert-statement';
import type { OrmUpdate } from './statements';

/** One parameter set of a bulk INSERT or UPDATE by primary key: values by attribute name. */
export type ParameterSet = Readonly<Record<string, unknown>>;

/** Column key of each attribute a parameter set names; an unknown name is an ArgumentError. */
function columnKeys(mapper: Mapper<object>, method: string, set: ParameterSet): string[] {
  return Object.keys(set).map((key) => {
    const prop = mapper.columnPropsByKey.get(key);
    if (prop === undefined)
      throw new ArgumentError(`${method}: ${key} is not a column attribute of ${mapper.name}`);
    return key;
  });
}

/** Consecutive parameter sets naming the same attributes, as SQLAlchemy batches them. */
function groupByKeys(sets: readonly ParameterSet[]): ParameterSet[][] {
  const groups: ParameterSet[][] = [];
  let last = '';
  for (const set of sets) {
    const signature = Object.keys(set).sort().join('\u0000');
    if (groups.length === 0 || signature !== last) groups.push([]);
    groups[groups.length - 1]!.push(set);
    last = signature;
  }
  return groups;
}

function withoutUndefined(set: ParameterSet): ParameterSet {
  if (!Object.values(set).includes(undefined)) return set;
  return Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
}

function byColumnKey(mapper: Mapper<object>, set: ParameterSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) out[mapper.columnPropsByKey.get(key)!.column.key] = value;
  return out;
}

/**
 * ORM bulk INSERT of parameter sets (SQLAlchemy's `session.execute(insert(User), [...])`): one
 * multi-row INSERT per run of sets naming the same attributes (split to the database's limits).
 * Without RETURNING the session is not touched; with it, the returned entities are new
 * persistent objects of the session, with what the database filled in (server defaults, keys).
 * @internal
 */
export async function runBulkInsert(
  host: BulkHost,
  statement: OrmInsert<object, readonly unknown[]>,
  parameterSets: readonly ParameterSet[],
): Promise<BulkOutcome> {
  const mapper = statement.mapper;
  const method = `ormInsert(${mapper.name})`;
  if (parameterSets.length === 0) throw new ArgumentError(`${method}: parameters names no row`);
  parameterSets.forEach((set) => columnKeys(mapper, method, set));
  // As in a flush, an attribute given `undefined` is not given (its default applies); null is NULL.
  let sets = parameterSets.map(withoutUndefined);
  // A single-table subclass's rows carry its discriminator value, as its flush writes it.
  const disc = mapper.polymorphicOn;
  const identity = mapper.polymorphicIdentity;
  if (disc !== undefined && identity !== undefined)
    sets = sets.map((set) => (disc.key in set ? set : { ...set, [disc.key]: identity }));
  const dialect = await host.dialect();
  const caps = dialect.capabilities;
  const items = statement.returningItems;
  if (items.length && caps.returning === 'none') {
    throw new CompileError(
      `Dialect "${dialect.name}" does not support RETURNING with INSERT: ${method}.returning() cannot run on it`,
    );
  }
  await host.autoflush();
  if (statement.bound.length) {
    const bound = Object.fromEntries(statement.bound.map(([key, read]) => [key, read()]));
    sets = sets.map((set) => ({ ...bound, ...set }));
  }
  const table = statement.table();
  const returning = returningExpressions(items);
  let rowCount = 0;
  const rows: unknown[][] = [];
  for (const group of groupByKeys(sets)) {
    const width = Math.max(1, Object.keys(group[0]!).length);
    const perStatement = Math.max(
      1,
      Math.min(caps.multiRowInsert ? caps.maxRowsPerInsert : 1, Math.floor(caps.maxParams / width)),
    );
    for (let i = 0; i < group.length; i += perStatement) {
      const chunk = group.slice(i, i + perStatement).map((set) => byColumnKey(mapper, set));
      let core: Executable = insert(table).values(chunk as never);
      if (returning.length) core = (core as ReturnType<typeof insert>).returning(...returning);
      const result = await host.execute(core);
      rowCount += result.rowCount ?? chunk.length;
      if (items.length) rows.push(...hydrateReturning(host, items, result));
    }
  }
  return { rowCount, rows: items.length ? rows : undefined };
}

function returningExpressions(items: readonly unknown[]): Expression<unknown>[] {
  return items.flatMap((item) =>
    item instanceof Expression
      ? [item]
      : item instanceof Bundle
        ? [...item.columns]
        : isEntityLike(item)
          ? [...(item as EntityLike)[ENTITY].columns]
          : [],
  );
}

/**
 * ORM bulk UPDATE by primary key (SQLAlchemy's `session.execute(update(User), [...])`): every
 * parameter set names the primary key and the attributes to set; one UPDATE per set. The
 * session's object with that key takes the values (`'auto'`/`'evaluate'`) unless the attribute
 * has an unflushed change (then it is expired); `false` leaves the objects alone; `'fetch'` has
 * nothing to fetch and is refused.
 * @internal
 */
export async function runBulkUpdateByKey(
  host: BulkHost,
  statement: OrmUpdate<object, readonly unknown[]>,
  sets: readonly ParameterSet[],
  sync: SynchronizeSession,
): Promise<BulkOutcome> {
  const mapper = statement.mapper;
  const method = `ormUpdate(${mapper.name})`;
  if (sync === 'fetch') {
    throw new InvalidRequestError(
      `The 'fetch' synchronization strategy is not available for bulk UPDATE by primary key (${method} with parameter sets): use 'auto', 'evaluate' or false`,
    );
  }
  if (statement.criteria.length || Object.keys(statement.changes).length || statement.returningItems.length) {
    throw new ArgumentError(
      `${method}: an UPDATE by primary key takes its values from the parameter sets; where(), values() and returning() do not apply`,
    );
  }
  if (sets.length === 0) throw new ArgumentError(`${method}: parameters names no row`);
  const pk = mapper.primaryKeyProps;
  for (const set of sets) {
    columnKeys(mapper, method, set);
    const missing = pk.filter((p) => set[p.key] === undefined || set[p.key] === null);
    if (missing.length) {
      throw new InvalidRequestError(
        `No primary key value supplied for ${missing.map((p) => p.key).join(', ')} of ${mapper.name}: ` +
          `an ORM bulk UPDATE by primary key needs it in every parameter set`,
      );
    }
  }
  await host.autoflush();
  const table = statement.table();
  let rowCount = 0;
  for (const set of sets) {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(set)) {
      const prop = mapper.columnPropsByKey.get(key)!;
      if (!prop.isPrimaryKey) values[prop.column.key] = value;
    }
    if (Object.keys(values).length === 0) continue; // only the key: nothing to set
    const criteria = pk.map((p) => p.column.eq(set[p.key] as never));
    // A counted or generated version given in the set is the one the row must still have (as in
    // a flush): the UPDATE matches it and writes the next one.
    const version = mapper.versionProp;
    const next = mapper.versioning?.next;
    const expected = version === undefined ? undefined : set[version.key];
    const checked =
      version !== undefined && next !== undefined && expected !== undefined && expected !== null;
    if (checked) {
      criteria.push(version.column.eq(expected as never));
      values[version.column.key] = next(expected);
    }
    const result = await host.execute(
      update(table)
        .values(values as never)
        .where(and(...criteria)),
    );
    if (checked && result.rowCount === 0) {
      throw new StaleDataError(
        `${method}: the row of ${mapper.name} with key ${pk.map((p) => String(set[p.key])).join(', ')} ` +
          `and version ${String(expected)} was not found (changed or deleted by another transaction)`,
      );
    }
    rowCount += result.rowCount ?? 0;
  }
  if (sync !== false) synchronizeByKey(host, mapper, sets);
  return { rowCount, rows: undefined };
}

/** The session's objects with the sets' keys take the new values, as committed. */
function synchronizeByKey(host: BulkHost, mapper: Mapper<object>, sets: readonly ParameterSet[]): void {
  const byKey = new Map(host.states(mapper).map((s) => [s.key, s] as const));
  const pk = mapper.primaryKeyProps;
  const touched = [];
  for (const set of sets) {
    const state = byKey.get(mapper.identityKeyFor(pk.map((p) => set[p.key])));
    if (state === undefined) continue;
    const toExpire: string[] = [];
    for (const [key, value] of Object.entries(set)) {
      if (mapper.columnPropsByKey.get(key)!.isPrimaryKey) continue;
      // An unflushed change of the attribute would hide the new value: expire it instead.
      if (state.hasCommitted(key)) toExpire.push(key);
      else if (key in state.dict) state.dict[key] = value;
    }
    if (toExpire.length) host.expire(state, toExpire);
    touched.push(state);
  }
  if (touched.length) host.altered(touched);
}
