import type { Connection, Engine } from '../drivers';
import { ArgumentError } from '../errors';
import type { InstanceState, RelationshipProperty } from '../mapper';
import { select, type ExecutionOptions, type RowTuple, type Select } from '../sql';
import type { RouteRequest, SessionRouter } from './binds/route';
import { refreshExpiredKeys } from './loading/expired-keys';
import { bindableKey } from './loading/get-by-key';
import { runPreparedIn, type OrmExecuteContext } from './loading/orm-execute';
import { preparedIn } from './loading/prepared-in';
import { loadRelationship, type LoadRelationshipOptions } from './loading/relationship-loader';
import { mapperLoadSpan } from './orm-spans';
import type { OrmResult } from './orm-result';
import type { SessionConnection } from './session-connection';
import { NO_OPTIONS, type QueryOptions } from './session-options';

/** What relationship loads use of the session's queries (`SessionQueries`). @internal */
export interface LoadsQueries {
  readonly ormContext: OrmExecuteContext;
  beginUse(): void;
  readConnection(): Connection | Promise<Connection>;
  routed<T>(
    request: RouteRequest,
    options: QueryOptions,
    run: (conn: Connection) => Promise<T>,
    own: () => Promise<T>,
  ): Promise<T> | undefined;
  selectOn<Items extends readonly unknown[]>(
    conn: Connection,
    statement: Select<Items>,
    options: QueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>>;
  scoped<T>(conn: Connection, options: ExecutionOptions | undefined, fn: () => Promise<T>): Promise<T>;
}

/** What relationship loads need of the session (its `QueriesHost`). @internal */
export interface LoadsHost {
  readonly conn: SessionConnection;
  readonly router: SessionRouter | undefined;
  readonly spans: Pick<Engine, 'instrumentation'>;
  readonly executionOptions: ExecutionOptions;
  isFlushing(): boolean;
  autoflushPending(): Promise<void> | undefined;
}

/**
 * The session's relationship loads: `session.load()` batched per relationship within a tick,
 * lazy loads and the flush's loads, one IN query per chunk of objects, on the connection the
 * session's reads choose. Made on a session's first relationship load.
 * @internal
 */
export class SessionLoads {
  /** Relationship loads asked for in the current tick, batched per relationship (made on first use). */
  private queue: Map<RelationshipProperty, { states: InstanceState[]; done: Promise<void> }> | undefined;

  constructor(
    private readonly queries: LoadsQueries,
    private readonly host: LoadsHost,
  ) {}

  /** `session.load()` of an open session: the relationship `key`, batched with this tick's loads. */
  async load(state: InstanceState, key: string): Promise<void> {
    const prop = state.mapper.relationshipsByKey.get(key);
    if (prop === undefined) throw new ArgumentError(`${state.mapper.name} has no relationship '${key}'`);
    await this.batchedLoad(state, prop);
  }

  /** Loads `prop` of `state` together with the other loads of `prop` asked for in this tick. */
  batchedLoad(state: InstanceState, prop: RelationshipProperty): Promise<void> {
    const queue = (this.queue ??= new Map());
    let batch = queue.get(prop);
    if (batch === undefined) {
      const states: InstanceState[] = [];
      const done = new Promise<void>((resolve) => queueMicrotask(resolve)).then(async () => {
        queue.delete(prop);
        await this.loadMany(states, prop);
      });
      batch = { states, done };
      queue.set(prop, batch);
    }
    if (!batch.states.includes(state)) batch.states.push(state);
    return batch.done;
  }

  /** Loads `prop` for every state with one query per chunk. */
  async loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void> {
    const flushing = this.host.autoflushPending();
    if (flushing !== undefined) await flushing;
    const queries = this.queries;
    queries.beginUse();
    if (this.host.router !== undefined) {
      const routed = queries.routed(
        { statement: undefined, mapper: prop.target, intent: 'read' },
        NO_OPTIONS,
        (c) => this.loadManyOn(c, states, prop),
        async () => this.loadManyOn(await queries.readConnection(), states, prop),
      );
      if (routed !== undefined) return routed;
    }
    const conn = this.host.isFlushing()
      ? await this.host.conn.transactional()
      : await queries.readConnection();
    return this.loadManyOn(conn, states, prop);
  }

  private async loadManyOn(
    conn: Connection,
    states: readonly InstanceState[],
    prop: RelationshipProperty,
  ): Promise<void> {
    const queries = this.queries;
    if (prop.direction === 'manyToOne')
      await refreshExpiredKeys(
        states,
        prop,
        async (columns, where) =>
          (await queries.selectOn(conn, select(...columns).where(where), {})).all() as unknown[][],
      );
    await loadRelationship(
      states,
      prop,
      async (items, where, orderBy) => {
        let stmt = select(...items).where(where);
        if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
        return (await queries.selectOn(conn, stmt, {})).all() as unknown[][];
      },
      conn.dialect.capabilities,
      { byKeys: this.preparedKeys(conn, prop) },
    );
  }

  /**
   * Runs a chunk of a relationship load through the relationship's prepared IN select (the one
   * selectin loads bind into), which compiles to the SQL `loadManyOn` would build for the keys;
   * undefined where it cannot: under a schema translation (the prepared SQL names schemas as
   * declared) or for keys that cannot be bound.
   */
  private preparedKeys(
    conn: Connection,
    prop: RelationshipProperty,
  ): LoadRelationshipOptions['byKeys'] | undefined {
    if (
      this.host.executionOptions.schemaTranslateMap !== undefined ||
      conn.effectiveExecutionOptions.schemaTranslateMap !== undefined
    )
      return undefined;
    return (keys) => {
      for (const k of keys) if (!bindableKey(k)) return undefined;
      const prepared = preparedIn(prop, conn.dialect, keys);
      if (prepared === undefined) return undefined;
      const spans = this.host.spans;
      const ctx = this.queries.ormContext;
      const load = (): Promise<unknown[][]> => runPreparedIn(ctx, conn, prepared, keys, {});
      return this.queries.scoped(
        conn,
        undefined,
        spans.instrumentation === undefined ? load : () => mapperLoadSpan(spans, conn, prop.target, load),
      );
    };
  }
}
