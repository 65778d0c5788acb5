import type { Engine, Result } from '../../drivers';
import {
  InvalidRequestError,
  NoResultError,
  PartialShardCommitError,
  ShardSelectionError,
} from '../../errors';
import { entityMapper, inspect, instanceState, type InstanceState, type Mapper } from '../../mapper';
import {
  Delete,
  Insert,
  Select,
  Update,
  type Executable,
  type ItemValue,
  type RowTuple,
  type Table,
} from '../../sql';
import type { RelationshipKeys } from '../loading/related';
import type { OrmResult } from '../orm-result';
import { Session } from '../session';
import type { EntityClass, PrimaryKeyInput, QueryOptions, SessionOptions } from '../session-options';
import { pkValues } from '../session-objects';

/** A shard: an engine (sessions are made on it), or a function making the shard's session. */
export type ShardBind = Engine | ((shard: string) => Session);

/** Options of `new ShardedSession(options)`. */
export interface ShardedSessionOptions {
  /** Shard id → its database. At least one. */
  readonly shards: Readonly<Record<string, ShardBind>>;
  /**
   * The shard of an object added without `{ shard }`. Undefined means "no opinion": refused for an
   * object added by itself, and the shard of the object it hangs on for an object reached by a
   * save-update cascade. A shard it names for an object reached by cascade must be that one's.
   */
  readonly shardChooser: (obj: object) => string | undefined;
  /** The shards where a primary key may live, in the order `get()` tries them (default: all). */
  readonly identityChooser?: (entity: EntityClass<object>, pk: PrimaryKeyInput) => readonly string[];
  /**
   * The shard(s) of a query that names none (SQLAlchemy's `execute_chooser`): told the statement,
   * the entity of its first column (undefined for Core statements and `text()`) and, for a Core
   * INSERT/UPDATE/DELETE, the table it writes; undefined means "no opinion" and falls to
   * `defaultShard`.
   */
  readonly queryChooser?: (
    statement: Executable,
    entity: EntityClass<object> | undefined,
    table: Table | undefined,
  ) => string | readonly string[] | undefined;
  /** The shard of a query that names none; without it, a query must name its shard(s). */
  readonly defaultShard?: string;
  /** Options of each shard's session (for shards given as engines). */
  readonly session?: SessionOptions;
  /**
   * Two-phase commit across the shards: `commit()` prepares every shard's transaction before
   * committing any, so that a failure up to the last PREPARE rolls every shard back. Shards given
   * as engines get `twoPhase` sessions; a shard's own session function must make one.
   */
  readonly twoPhase?: boolean;
  /**
   * `'refuse'`: without `twoPhase`, a flush with changes on more than one shard raises
   * `ShardSelectionError` before anything is written, so a unit of work is never committed on one
   * database and lost on another. Default `'allow'` (commit one after another, as SQLAlchemy).
   */
  readonly crossShardWrites?: 'allow' | 'refuse';
}

/** Where a query runs: one shard, or — opted into explicitly — several, results concatenated. */
export interface ShardQueryOptions extends QueryOptions {
  /** The shard, when the caller named one. */
  readonly shard?: string;
  /** Several shards (`'all'` for every one); rows are concatenated in this order. */
  readonly shards?: 'all' | readonly string[];
}

/** An object's identity in a sharded session: its shard (SQLAlchemy's identity token) and key. */
export interface ShardIdentity {
  /** The shard id. */
  readonly shard: string;
  /** The identity key within the shard. */
  readonly key: string;
}

/**
 * A session over several databases holding the same schema, each row living on one of them (as
 * SQLAlchemy's `horizontal_shard.ShardedSession`). Each shard has a Session of its own, made on
 * first use, so an object's identity includes its shard: the same primary key on two shards is
 * two objects. New objects go where `shardChooser` (or `add(obj, { shard })`) says, with what
 * their cascades reach; `get()` tries the shards `identityChooser` names; a query runs on one
 * shard, and on several only when asked (`{ shards }`); a relationship load runs on its object's
 * shard. `commit()` flushes every shard, then commits them one after another (see
 * `PartialShardCommitError`) — with `twoPhase`, after preparing every one.
 *
 * @example
 * const sharded = new ShardedSession({
 *   shards: { east: eastEngine, west: westEngine },
 *   shardChooser: (obj) => (obj instanceof Location ? REGION[obj.continent] : undefined),
 * });
 * sharded.add(tokyo); // east, with its reports
 * const all = await sharded.scalars(select(Location), { shards: 'all' });
 */
export class ShardedSession {
  /** The shard ids, in the order given. */
  readonly shardIds: readonly string[];
  private readonly binds: ReadonlyMap<string, ShardBind>;
  private readonly sessions = new Map<string, Session>();
  private readonly shardBySession = new Map<Session, string>();
  private readonly options: ShardedSessionOptions;

  /**
   * A session over several databases, one session per shard opened on demand.
   *
   * @param options - The shards (an engine each), the shard chooser, and the rules for queries that name no
   * shard.
   * @throws ShardSelectionError when no shard is given, the chooser is not a function, or `defaultShard` is unknown.
   */
  constructor(options: ShardedSessionOptions) {
    this.options = options;
    this.binds = new Map(Object.entries(options.shards));
    this.shardIds = Object.freeze([...this.binds.keys()]);
    if (this.shardIds.length === 0)
      throw new ShardSelectionError('new ShardedSession(): shards names no shard; give at least one');
    if (typeof options.shardChooser !== 'function')
      throw new ShardSelectionError('new ShardedSession(): shardChooser must be a function');
    if (options.defaultShard !== undefined) this.checkShard(options.defaultShard, 'defaultShard');
  }

  /** The session of shard `id` (made on first use). */
  shard(id: string): Session {
    const existing = this.sessions.get(id);
    if (existing !== undefined) return existing;
    const bind = this.binds.get(this.checkShard(id, 'shard'))!;
    const options =
      this.options.twoPhase === true ? { ...this.options.session, twoPhase: true } : this.options.session;
    const session = typeof bind === 'function' ? bind(id) : new Session(bind, options);
    this.sessions.set(id, session);
    this.shardBySession.set(session, id);
    return session;
  }

  /** The shard of an object of this session (its identity token), or undefined. */
  shardOf(obj: object): string | undefined {
    const owner = instanceState(obj).owner;
    return owner instanceof Session ? this.shardBySession.get(owner) : undefined;
  }

  /** Shard and identity key of a persistent object of this session, or undefined. */
  identityOf(obj: object): ShardIdentity | undefined {
    const shard = this.shardOf(obj);
    const key = instanceState(obj).key;
    return shard === undefined || key === undefined ? undefined : { shard, key };
  }

  // ---- objects ----

  /**
   * Adds `obj` (and what its save-update cascades reach) to its shard: `options.shard`, else the
   * shard it already belongs to, else the one `shardChooser` names.
   */
  add(obj: object, options: { shard?: string } = {}): void {
    const current = this.shardOf(obj);
    if (current !== undefined) {
      if (options.shard !== undefined && options.shard !== current) {
        throw new ShardSelectionError(
          `${entityName(obj)} belongs to shard '${current}' and cannot be added to shard '${options.shard}'`,
        );
      }
      this.shard(current).add(obj);
      return;
    }
    const shard = options.shard ?? this.options.shardChooser(obj);
    if (shard === undefined) {
      throw new ShardSelectionError(
        `the shard chooser names no shard for this ${entityName(obj)}; return one for it, or add it with { shard }`,
      );
    }
    this.shard(this.checkShard(shard, 'the shard chooser')).add(obj);
  }

  /** Adds several objects, each to the shard the chooser places it on. */
  addAll(objs: Iterable<object>): void {
    for (const obj of objs) this.add(obj);
  }

  /** Marks an object of this session for deletion on its shard. */
  delete(obj: object): void {
    this.sessionOf(obj).delete(obj);
  }

  // ---- loading ----

  /**
   * The object of `entity` with primary key `pk`: on `options.shard`, else on the first shard
   * `identityChooser` names that has it (objects already in a shard's identity map first).
   */
  async get<E extends object>(
    entity: EntityClass<E>,
    pk: PrimaryKeyInput,
    options: ShardQueryOptions = {},
  ): Promise<E | null> {
    const { shard, shards: _ignored, ...query } = options;
    if (shard !== undefined) return this.shard(shard).get(entity, pk, query);
    const candidates = this.options.identityChooser?.(entity as EntityClass<object>, pk) ?? this.shardIds;
    for (const id of candidates) this.checkShard(id, 'the identity chooser');
    const mapper = inspect(entity as never) as Mapper<object>;
    const values = pkValues(mapper, pk);
    if (values !== undefined) {
      const key = mapper.identityKeyFor(values);
      for (const id of candidates) {
        if (this.sessions.get(id)?.identityMap.get(key) !== undefined)
          return this.shard(id).get(entity, pk, query);
      }
    }
    for (const id of candidates) {
      const found = await this.shard(id).get(entity, pk, query);
      if (found !== null) return found;
    }
    return null;
  }

  /** `get()`, raising `NoResultError` when no candidate shard has the row. */
  async getOrThrow<E extends object>(
    entity: EntityClass<E>,
    pk: PrimaryKeyInput,
    options: ShardQueryOptions = {},
  ): Promise<E> {
    const found = await this.get(entity, pk, options);
    if (found !== null) return found;
    const name = (inspect(entity as never) as Mapper<object>).name;
    throw new NoResultError(
      `no ${name} with primary key ${JSON.stringify(pk)} ${options.shard !== undefined ? `on shard '${options.shard}'` : 'on the shards tried'}`,
    );
  }

  /** The entities of the first column of an ORM select, from its shard(s). */
  async scalars<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options: ShardQueryOptions = {},
  ): Promise<ItemValue<Items[0]>[]> {
    const { shard: _s, shards: _m, ...query } = options;
    const targets = this.queryShards(options, statement);
    const parts = await Promise.all(targets.map((id) => this.shard(id).scalars(statement, query)));
    return parts.flat();
  }

  /** Runs a statement on one shard (`options.shard`, else `defaultShard`). */
  async execute<Items extends readonly unknown[]>(
    statement: Select<Items>,
    options?: ShardQueryOptions,
  ): Promise<OrmResult<RowTuple<Items>>>;
  async execute<Row>(statement: Executable<Row>, options?: ShardQueryOptions): Promise<Result<Row>>;
  async execute(
    statement: Executable,
    options: ShardQueryOptions = {},
  ): Promise<OrmResult<readonly unknown[]> | Result<unknown>> {
    if (options.shards !== undefined) {
      throw new ShardSelectionError(
        'execute() runs on one shard; use scalars() with { shards } to query several, or shard(id).execute() on each',
      );
    }
    const [id] = this.queryShards(options, statement);
    const { shard: _s, ...query } = options;
    return this.shard(id!).execute(statement as Select<readonly unknown[]>, query);
  }

  /** Loads a relationship of an object on the object's shard. */
  async load<E extends object, K extends RelationshipKeys<E>>(obj: E, key: K): Promise<E[K]> {
    return this.sessionOf(obj).load(obj, key);
  }

  /** Reloads an object's attributes from its shard. */
  async refresh(obj: object, keys?: readonly string[]): Promise<void> {
    await this.sessionOf(obj).refresh(obj, keys);
  }

  // ---- the unit of work ----

  /**
   * Flushes every shard. A failure on one shard rolls every shard back, so that the unit of work
   * happens entirely or not at all (as far as no shard has committed).
   */
  async flush(): Promise<void> {
    for (const [id, session] of this.sessions) this.checkCascadedPlacement(id, session);
    this.checkSingleShardWrite();
    try {
      for (const session of this.sessions.values()) await session.flush();
    } catch (e) {
      await this.rollback();
      throw e;
    }
  }

  /**
   * Flushes every shard (with `twoPhase`, prepares every one: a failure there rolls all back),
   * then commits them in order. A COMMIT that fails before any shard
   * committed raises its own error (the rest are rolled back); one that fails after raises
   * `PartialShardCommitError`, naming the shards that did commit.
   */
  async commit(): Promise<void> {
    await this.flush();
    if (this.options.twoPhase === true) {
      try {
        for (const session of this.sessions.values()) await session.prepare();
      } catch (e) {
        await this.rollback();
        throw e;
      }
    }
    const committed: string[] = [];
    for (const [id, session] of this.sessions) {
      try {
        await session.commit();
        committed.push(id);
      } catch (e) {
        await this.rollback();
        if (committed.length === 0) throw e;
        throw new PartialShardCommitError(
          `shard '${id}' failed to commit after ${committed.map((c) => `'${c}'`).join(', ')} committed; the shards after it were rolled back`,
          committed,
          id,
          { cause: e },
        );
      }
    }
  }

  /** Rolls every shard back. */
  async rollback(): Promise<void> {
    for (const session of this.sessions.values()) await session.rollback();
  }

  /** Rolls back and closes every shard's session. */
  async close(): Promise<void> {
    for (const session of this.sessions.values()) await session.close();
  }

  /** `await using session = new ShardedSession(…)`: closes every shard's session when the block exits. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- shard selection ----

  private queryShards(options: ShardQueryOptions, statement: Executable): readonly string[] {
    if (options.shard !== undefined && options.shards !== undefined)
      throw new ShardSelectionError('a query names { shard } or { shards }, not both');
    if (options.shard !== undefined) return [this.checkShard(options.shard, 'shard')];
    if (options.shards === 'all') return this.shardIds;
    if (options.shards !== undefined) {
      if (options.shards.length === 0) throw new ShardSelectionError('{ shards } names no shard');
      return options.shards.map((id) => this.checkShard(id, 'shards'));
    }
    const chosen = this.options.queryChooser?.(
      statement,
      statementEntity(statement),
      writtenTable(statement),
    );
    if (typeof chosen === 'string') return [this.checkShard(chosen, 'the query chooser')];
    if (chosen !== undefined) {
      if (chosen.length === 0) throw new ShardSelectionError('the query chooser names no shard');
      return chosen.map((id) => this.checkShard(id, 'the query chooser'));
    }
    if (this.options.defaultShard !== undefined) return [this.options.defaultShard];
    throw new ShardSelectionError(
      `a query on a sharded session names its shard ({ shard: 'id' }), or opts in to several ({ shards: 'all' } or a list); there is no defaultShard. Statement: ${statement.constructor.name}`,
    );
  }

  private checkShard(id: string, where: string): string {
    if (!this.binds.has(id)) {
      throw new ShardSelectionError(
        `${where} names shard ${JSON.stringify(id)}, which is not one of ${this.shardIds.map((s) => `'${s}'`).join(', ')}`,
      );
    }
    return id;
  }

  /** With `crossShardWrites: 'refuse'` and no two-phase commit, changes must be on one shard. */
  private checkSingleShardWrite(): void {
    if (this.options.crossShardWrites !== 'refuse' || this.options.twoPhase === true) return;
    const writing = [...this.sessions]
      .filter(([, s]) => s.new.length > 0 || s.deleted.length > 0 || s.dirty.some((o) => s.isModified(o)))
      .map(([id]) => id);
    if (writing.length > 1) {
      throw new ShardSelectionError(
        `this flush has changes on shards ${writing.map((id) => `'${id}'`).join(', ')}, and crossShardWrites is 'refuse' without twoPhase: commit each shard's changes separately, or use twoPhase`,
      );
    }
  }

  /** Objects a cascade brought into a shard must not belong, by the chooser, to another one. */
  private checkCascadedPlacement(id: string, session: Session): void {
    for (const obj of session.new) {
      const chosen = this.options.shardChooser(obj);
      if (chosen !== undefined && chosen !== id) {
        throw new ShardSelectionError(
          `a new ${entityName(obj)} reached by a cascade from shard '${id}' is placed on shard '${chosen}' by the shard chooser; a row and the rows it references live on one shard`,
        );
      }
    }
  }

  private sessionOf(obj: object): Session {
    const shard = this.shardOf(obj);
    if (shard === undefined)
      throw new InvalidRequestError(`this ${entityName(obj)} is not an object of this sharded session`);
    return this.shard(shard);
  }
}

/** The entity of the first column of an ORM select, or undefined. */
function statementEntity(statement: Executable): EntityClass<object> | undefined {
  if (!(statement instanceof Select)) return undefined;
  const first: unknown = (statement as Select<readonly unknown[]>).items[0];
  return entityMapper(first)?.class_ as EntityClass<object> | undefined;
}

/** The table a Core INSERT, UPDATE or DELETE writes, or undefined. */
function writtenTable(statement: Executable): Table | undefined {
  return statement instanceof Insert || statement instanceof Update || statement instanceof Delete
    ? (statement.table as Table)
    : undefined;
}

function entityName(obj: object): string {
  const state = instanceState(obj) as InstanceState;
  return state.mapper.name;
}
