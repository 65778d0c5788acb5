import { ArgumentError, InvalidRequestError } from '../../errors';
import type { InstanceState, Mapper } from '../../mapper';
import type { Result } from '../../drivers';
import { Expression, select, type DialectCapabilities, type Executable, type Predicate } from '../../sql';
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
  /** Flushes pending changes when the session autoflushes. */
  autoflush(): Promise<void>;
  /** The session's persistent objects of `mapper` (and its subclasses). */
  states(mapper: Mapper<object>): InstanceState[];
  /** Runs a Core statement in the session's transaction. */
  execute(statement: Executable): Promise<Result<Record<string, unknown>>>;
  /** The capabilities of the session's database. */
  capabilities(): Promise<DialectCapabilities>;
  /** Objects whose values the statement changed: expired if the transaction rolls back. */
  altered(states: readonly InstanceState[]): void;
  /** Objects whose rows the statement deleted: deleted now, persistent again if it rolls back. */
  deleted(states: readonly InstanceState[]): void;
  expire(state: InstanceState, keys?: readonly string[]): void;
}

const VALID: readonly unknown[] = ['auto', 'evaluate', 'fetch', false];

/** A matched object, and whether it lacked an attribute the WHERE clause reads. */
interface Match {
  readonly state: InstanceState;
  readonly partial: boolean;
}

/**
 * Runs an ORM bulk UPDATE or DELETE in the session's transaction (after an autoflush) and keeps
 * the identity map honest. UPDATE: matched objects get the new values computed in memory
 * (`age - 10` against each object's own age); a value that cannot be computed (a SQL function…)
 * or an attribute with an unflushed change is expired instead; the new values count as committed.
 * DELETE: matched objects become deleted, and come back if the transaction rolls back. Objects
 * that are fully expired are left alone (their next refresh reads the row). Returns the number
 * of rows the database reports.
 * @internal
 */
export async function runBulk(
  host: BulkHost,
  statement: OrmUpdate<object> | OrmDelete<object>,
  sync: SynchronizeSession,
): Promise<number> {
  if (!VALID.includes(sync)) {
    throw new ArgumentError(
      `synchronizeSession must be 'auto', 'evaluate', 'fetch' or false, got ${JSON.stringify(sync)}`,
    );
  }
  const mapper = statement.mapper;
  let core = statement.toCore() as Executable & {
    returning?: (...cols: Expression<unknown>[]) => Executable;
  };
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
  const pk = mapper.primaryKeyProps.map((p) => p.column);
  if (strategy === 'fetch') {
    const caps = await host.capabilities();
    const isUpdate = statement instanceof OrmUpdate;
    returningPk = caps.returning === 'returning' && (!isUpdate || caps.updateReturning);
    if (returningPk) core = core.returning!(...pk);
    else {
      const rows = (await host.execute(select(...pk).where(where))).all();
      fetchedKeys = new Set(rows.map((r) => mapper.identityKeyFor(pk.map((c) => r[c.key]))));
    }
  } else if (strategy === 'evaluate') {
    matched = matchInMemory(host.states(mapper), condition!);
  }

  const result = await host.execute(core);
  if (strategy === 'fetch') {
    if (returningPk) {
      const names = result.columns.map((c) => c.name);
      fetchedKeys = new Set(
        result.all().map((r) => mapper.identityKeyFor(pk.map((c, i) => r[names[i] ?? c.key]))),
      );
    }
    matched = host
      .states(mapper)
      .filter((s) => s.key !== undefined && fetchedKeys!.has(s.key))
      .map((state) => ({ state, partial: false }));
  }

  if (statement instanceof OrmUpdate) applyUpdate(host, statement, matched);
  else if (matched.length) {
    const gone = matched.filter((m) => !m.partial).map((m) => m.state);
    for (const m of matched) if (m.partial) host.expire(m.state);
    if (gone.length) host.deleted(gone);
  }
  return result.rowCount ?? 0;
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
function applyUpdate(host: BulkHost, statement: OrmUpdate<object>, matched: readonly Match[]): void {
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
