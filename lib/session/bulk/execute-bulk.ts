import { ArgumentError, CompileError, InvalidRequestError } from '../../errors';
import { entityMapper, instanceState, type InstanceState, type Mapper } from '../../mapper';
import type { Result } from '../../drivers';
import {
  Expression,
  select,
  type CompiledQuery,
  type Dialect,
  type DialectCapabilities,
  type Executable,
  type ExecutionOptions,
  type Predicate,
  type StatementOption,
} from '../../sql';
import { referencedFroms } from '../../sql/compiler/from-inference';
import type { DeleteNode, UpdateNode } from '../../sql/nodes';
import { rowFactory } from '../named-rows';
import type { InvokeStatementOptions, OrmExecuteState, SessionResult } from '../orm-execute-state';
import { itemReaders, type LoadContext } from '../orm-rows';
import { compileEvaluator, EXPIRED, Unevaluable, type Evaluator } from './evaluator';
import { OrmUpdate, type OrmDelete } from './statements';

/**
 * How an ORM bulk UPDATE/DELETE keeps the session's objects in step with the database, as
 * SQLAlchemy's `synchronize_session`:
 * - `'auto'` (default): `'evaluate'` when the WHERE clause can be computed in memory, else `'fetch'`;
 * - `'evaluate'`: the WHERE clause is computed against the session's objects (an
 *   `InvalidRequestError` before anything runs when it cannot be);
 * - `'fetch'`: the matching primary keys are read (RETURNING where the database has it for the
 *   statement, else a SELECT first);
 * - `false`: the session's objects are left as they are.
 */
export type SynchronizeSession = 'auto' | 'evaluate' | 'fetch' | false;

/** What an ORM bulk statement needs from the session. @internal */
export interface BulkHost {
  /** Flushes pending changes when the session autoflushes, then begins as `begin()`. */
  autoflush(): Promise<void>;
  /** Begins the session transaction if needed (refused when the session is closed or inactive). */
  begin(): void;
  /** The session's own execution options. */
  readonly executionOptions: ExecutionOptions;
  /** The session's persistent objects of `mapper` (and its subclasses). */
  states(mapper: Mapper<object>): InstanceState[];
  /**
   * Runs a Core statement in the session's transaction, with the session's execution options and
   * `options` merged over them.
   */
  execute(statement: Executable, options?: ExecutionOptions): Promise<Result<Record<string, unknown>>>;
  /**
   * Runs the relationship loads the loader options among `statementOptions` ask for on the
   * entities of `rows` (RETURNING items), in the session's transaction with `options`.
   */
  loadReturned(
    items: readonly unknown[],
    statementOptions: readonly StatementOption[],
    rows: readonly (readonly unknown[])[],
    options?: ExecutionOptions,
  ): Promise<void>;
  /** The capabilities of the session's database. */
  capabilities(): Promise<DialectCapabilities>;
  /** The session's database dialect. */
  dialect(): Promise<Dialect>;
  /** Where RETURNING rows become objects: the identity map and unit of work. */
  readonly loadContext: LoadContext;
  /** Objects whose values the statement changed: expired if the transaction rolls back. */
  altered(states: readonly InstanceState[]): void;
  /** Objects whose rows the statement deleted: deleted now, persistent again if it rolls back. */
  deleted(states: readonly InstanceState[]): void;
  expire(state: InstanceState, keys?: readonly string[]): void;
  /**
   * Shows the statement, with the execution options in effect, to the session's `doOrmExecute`
   * listeners: undefined (not a promise) when nobody listens, else what one of them returned
   * instead of letting `invoke` run it.
   */
  intercept(
    statement: OrmExecuteState<unknown>['statement'],
    executionOptions: ExecutionOptions,
    invoke: (options?: InvokeStatementOptions) => Promise<SessionResult>,
  ): Promise<SessionResult | undefined> | undefined;
}

const VALID: readonly unknown[] = ['auto', 'evaluate', 'fetch', false];

/** A matched object, and whether it lacked an attribute the WHERE clause reads. */
interface Match {
  readonly state: InstanceState;
  readonly partial: boolean;
}

/** What an ORM bulk statement gives back: the row count, and the RETURNING rows if it had any. */
export interface BulkOutcome {
  readonly rowCount: number;
  readonly rows: unknown[][] | undefined;
}

/**
 * Runs an ORM bulk UPDATE or DELETE in the session's transaction (after an autoflush) and keeps
 * the identity map honest. UPDATE: matched objects get the new values computed in memory
 * (`age - 10` against each object's own age); a value that cannot be computed (a SQL function…)
 * or an attribute with an unflushed change is expired instead; the new values count as committed.
 * DELETE: matched objects become deleted, and come back if the transaction rolls back. Objects
 * that are fully expired are left alone (their next refresh reads the row). RETURNING rows are
 * hydrated after the synchronization (UPDATE: an expired attribute then takes the new value from
 * the row) or before it (DELETE: the returned objects are deleted with the others).
 * @internal
 */
export async function runBulk(
  host: BulkHost,
  statement: OrmUpdate<object, readonly unknown[]> | OrmDelete<object, readonly unknown[]>,
  sync: SynchronizeSession,
): Promise<BulkOutcome> {
  if (!VALID.includes(sync)) {
    throw new ArgumentError(
      `synchronizeSession must be 'auto', 'evaluate', 'fetch' or false, got ${JSON.stringify(sync)}`,
    );
  }
  const mapper = statement.mapper;
  const isUpdate = statement instanceof OrmUpdate;
  const items = statement.returningItems;
  const dialect = await host.dialect();
  const caps = dialect.capabilities;
  if (items.length) requireReturning(dialect, statement, mapper);
  await host.autoflush();
  const where: Predicate = statement.allCriteria();
  let strategy = sync;
  let condition: Evaluator | undefined;
  if (strategy === 'auto' || strategy === 'evaluate') {
    try {
      condition = compileEvaluator(where.node, mapper);
      strategy = 'evaluate';
    } catch (e) {
      if (!(e instanceof Unevaluable)) throw e;
      if (strategy === 'evaluate') {
        throw new InvalidRequestError(
          `could not evaluate the WHERE clause of this ${mapper.name} statement in memory (${e.message}); use synchronizeSession 'fetch' or false`,
        );
      }
      strategy = 'fetch';
    }
  }

  let matched: Match[] = [];
  let fetchedKeys: Set<string> | undefined;
  let returningPk = false;
  const pk = mapper.primaryKeyProps.map((p) => statement.targetColumn(p.column));
  if (strategy === 'fetch') {
    returningPk =
      caps.returning === 'returning' &&
      (!isUpdate || caps.updateReturning) &&
      compiles(dialect, statement.toReturningCore(pk));
    if (!returningPk) {
      const rows = (await host.execute(select(...pk).where(where))).all();
      fetchedKeys = new Set(rows.map((r) => mapper.identityKeyFor(pk.map((c) => r[c.key]))));
    }
  } else if (strategy === 'evaluate') {
    matched = matchInMemory(host.states(mapper), condition!);
  }
  // The statement's own RETURNING items first, then (fetch) the primary key of each row.
  const core = statement.toReturningCore(returningPk ? pk : []);

  const result = await host.execute(core);
  if (strategy === 'fetch') {
    if (returningPk) {
      const names = result.columns.map((c) => c.name).slice(-pk.length);
      fetchedKeys = new Set(
        result.all().map((r) => mapper.identityKeyFor(pk.map((c, i) => r[names[i] ?? c.key]))),
      );
    }
    matched = host
      .states(mapper)
      .filter((s) => s.key !== undefined && fetchedKeys!.has(s.key))
      .map((state) => ({ state, partial: false }));
  }

  let rows: unknown[][] | undefined;
  if (isUpdate) {
    applyUpdate(host, statement, matched);
    if (items.length) rows = hydrateReturning(host, items, result);
  } else {
    if (items.length) {
      rows = hydrateReturning(host, items, result);
      // Objects the DELETE returned are gone like the matched ones, whatever the strategy.
      const known = new Set(matched.map((m) => m.state));
      if (sync !== false) {
        const entityAt = items.flatMap((item, i) => (entityMapper(item) === undefined ? [] : [i]));
        for (const row of rows)
          for (const i of entityAt) {
            const value = row[i];
            if (value === null || value === undefined) continue;
            const state = instanceState(value as object);
            if (state.mapper.isa(mapper) && !known.has(state)) {
              known.add(state);
              matched.push({ state, partial: false });
            }
          }
      }
    }
    if (matched.length) {
      const gone = matched.filter((m) => !m.partial).map((m) => m.state);
      for (const m of matched) if (m.partial) host.expire(m.state);
      if (gone.length) host.deleted(gone);
    }
  }
  if (rows !== undefined && rows.length && statement.statementOptions.length)
    await host.loadReturned(items, statement.statementOptions, rows);
  return { rowCount: result.rowCount ?? 0, rows };
}

/** Whether `dialect` can write `statement` (MariaDB has no RETURNING on a multi-table DELETE). */
function compiles(dialect: Dialect, statement: Executable): boolean {
  try {
    new dialect.statementCompiler(dialect).compile(statement.toStatementNode());
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}

/**
 * RETURNING needs the database to have it for the statement: a typed error naming the dialect
 * before anything runs (MariaDB has DELETE … RETURNING but no UPDATE … RETURNING).
 */
function requireReturning(
  dialect: Dialect,
  statement: OrmUpdate<object, readonly unknown[]> | OrmDelete<object, readonly unknown[]>,
  mapper: Mapper<object>,
): void {
  const caps = dialect.capabilities;
  const isUpdate = statement instanceof OrmUpdate;
  if (caps.returning === 'none' || (isUpdate && !caps.updateReturning)) {
    const what = isUpdate ? 'UPDATE' : 'DELETE';
    throw new CompileError(
      `Dialect "${dialect.name}" does not support RETURNING with ${what}: ` +
        `orm${isUpdate ? 'Update' : 'Delete'}(${mapper.name}).returning() cannot run on it`,
    );
  }
  // SQLite's RETURNING reads the modified table only, not the tables of UPDATE … FROM.
  if (!caps.updateFromReturning) {
    const core = statement.toReturningCore().toStatementNode() as UpdateNode | DeleteNode;
    const others = referencedFroms(core.returning, core.target ?? core.table);
    if (others.length) {
      throw new CompileError(
        `Dialect "${dialect.name}" does not support RETURNING columns of other tables than ${mapper.name}'s ` +
          `(UPDATE … FROM): ${isUpdate ? 'ormUpdate' : 'ormDelete'}(${mapper.name}).returning() cannot run on it`,
      );
    }
  }
}

/** `literalColumn('*')`: every column of the row, in the database's order. */
const isStar = (item: unknown): boolean =>
  item instanceof Expression && item.node.kind === 'TextFragment' && item.node.sql.trim() === '*';

/**
 * The RETURNING rows as tuples: entities through the identity map, values as they came; a `*`
 * item spreads the row's other columns in place.
 * @internal
 */
export function hydrateReturning(
  host: BulkHost,
  items: readonly unknown[],
  result: Result<Record<string, unknown>>,
): unknown[][] {
  const readers = itemReaders(items, { columns: result.columns } as CompiledQuery, host.loadContext);
  const makeRow = rowFactory(items);
  const stars = items.map(isStar);
  if (!stars.includes(true)) {
    return result.rows.map((raw) => {
      const row = makeRow(items.length);
      readers.forEach((read, i) => (row[i] = read(raw)));
      return row;
    });
  }
  const named = new Set(result.columns.map((c) => c.name));
  return result.rows.map((raw) => {
    const values: unknown[] = [];
    readers.forEach((read, i) => {
      if (!stars[i]) values.push(read(raw));
      else for (const key of Object.keys(raw)) if (!named.has(key)) values.push(raw[key]);
    });
    const row = makeRow(values.length);
    values.forEach((v, i) => (row[i] = v));
    return row;
  });
}

/** Whether every column attribute but the primary key is expired: nothing to compare with. */
function fullyExpired(state: InstanceState): boolean {
  if (state.expiredAll) return true;
  if (state.expired.size === 0) return false;
  for (const prop of state.mapper.columnProps)
    if (!prop.isPrimaryKey && !state.isExpired(prop.key)) return false;
  return true;
}

/** Objects that are not fully expired and whose values satisfy the WHERE clause (or may: `partial`). */
function matchInMemory(states: readonly InstanceState[], condition: Evaluator): Match[] {
  const out: Match[] = [];
  for (const state of states) {
    if (fullyExpired(state)) continue;
    let v: unknown;
    try {
      v = condition(state);
    } catch (e) {
      if (!(e instanceof Unevaluable)) throw e;
      v = EXPIRED;
    }
    if (v === true || v === EXPIRED) out.push({ state, partial: v === EXPIRED });
  }
  return out;
}

/**
 * Writes the UPDATE's values into the matched objects: computed in memory where possible and
 * only for attributes that are loaded and have no unflushed change; the others are expired.
 * The written values count as committed (the row now holds them).
 */
function applyUpdate(
  host: BulkHost,
  statement: OrmUpdate<object, readonly unknown[]>,
  matched: readonly Match[],
): void {
  if (matched.length === 0) return;
  const mapper = statement.mapper;
  const setters: [string, Evaluator | undefined][] = Object.entries(statement.changes).map(([key, value]) => {
    if (!(value instanceof Expression)) return [key, () => value];
    try {
      return [key, compileEvaluator(value.node, mapper)];
    } catch (e) {
      if (!(e instanceof Unevaluable)) throw e;
      return [key, undefined];
    }
  });
  for (const { state } of matched) {
    // Every value is computed from the row as it was, as the database does.
    const computed: [string, unknown][] = [];
    const toExpire: string[] = [];
    for (const [key, evaluate] of setters) {
      if (evaluate === undefined || state.hasCommitted(key)) {
        if (key in state.dict || state.hasCommitted(key)) toExpire.push(key);
        continue;
      }
      if (!(key in state.dict)) continue; // expired: its refresh reads the new value
      let value: unknown;
      try {
        value = evaluate(state);
      } catch (e) {
        if (!(e instanceof Unevaluable)) throw e;
        value = EXPIRED;
      }
      if (value === EXPIRED) toExpire.push(key);
      else computed.push([key, value]);
    }
    for (const [key, value] of computed) state.dict[key] = value;
    if (toExpire.length) host.expire(state, toExpire);
  }
  host.altered(matched.map((m) => m.state));
}
