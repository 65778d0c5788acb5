import type { IsolationLevel } from '../drivers';
import type { ExecutionOptions } from '../sql';
import type { JoinTransactionMode } from './session-connection';
import type { SessionRouter, RouteOverride } from './binds/route';
import type { WithForUpdate } from './locking-read';
import type { ColumnAttributeKeys } from './upsert/entity-values';
import type { StatementOption } from '../sql';

/**
 * The options of the session and of its calls (kept apart from the session so that the helpers
 * the session delegates to can name them without importing it).
 */

/** Options of `new Session(engine, options)` and `sessionFactory(engine, options)`. */
export interface SessionOptions {
  /**
   * Expire every object's attributes at commit, so that reading one afterwards requires a refresh
   * (SQLAlchemy's default). Default false: Node cannot load an expired attribute on access, and the
   * usual web request creates or changes objects, commits, then serializes them — as SQLAlchemy's
   * asyncio documentation advises (`expire_on_commit=False`). Values read after commit are those the
   * session wrote or loaded; `refresh()` or a query with `populateExisting` reloads them.
   */
  expireOnCommit?: boolean;
  /** Flush pending changes before queries, so queries see them (default true). */
  autoflush?: boolean;
  /**
   * `close()` only resets the session, which can be used again (default true, as in SQLAlchemy);
   * false makes `close()` final: later use raises.
   */
  closeResetsOnly?: boolean;
  /**
   * Begin a transaction on first use (default true). False: every use outside `begin()` raises,
   * as SQLAlchemy's `autobegin=False`.
   */
  autobegin?: boolean;
  /**
   * For a session bound to a `Connection` that is already in a transaction: how the session takes
   * part in it (see `JoinTransactionMode`; default `conservativeSavepoint`).
   */
  joinTransactionMode?: JoinTransactionMode;
  /**
   * Two-phase commit (SQLAlchemy's `twophase`): the session's transaction begins with
   * `beginTwoPhase()`, and `commit()` flushes, prepares it, then commits it; `prepare()` runs the
   * first phase alone. PostgreSQL (with `max_prepared_transactions` > 0), MySQL and MariaDB;
   * elsewhere the first statement in a transaction raises `NotSupportedError`.
   */
  twoPhase?: boolean;
  /** Initial contents of `session.info` (copied). */
  info?: Readonly<Record<string, unknown>>;
  /**
   * Chooses where reads outside a database transaction run (read replicas: see
   * `replicaRouting`). Inside a transaction every statement runs on the session's own connection.
   */
  router?: SessionRouter;
  /**
   * Execution options of every statement the session runs (its flushes and loads included); a
   * statement's own and a call's are merged over them (see `ExecutionOptions`).
   */
  executionOptions?: ExecutionOptions;
}

/** Options of `Session.merge()`. */
export interface MergeOptions {
  /**
   * Read the database for objects the session does not have (default true). False (SQLAlchemy's
   * `load=False`, for objects from a cache): nothing is read, objects not in the session become
   * persistent under their key as they are, and their values count as committed. Refused for an
   * object never persisted or one with unflushed changes.
   */
  load?: boolean;
  /**
   * Loader options for the SELECT that reads the merged object when the session does not have it
   * (SQLAlchemy's `merge(obj, options=[...])`): `[selectinload(u.addresses)]`. Not applied to an
   * object the session already holds, nor to the objects merged by cascade.
   */
  options?: readonly StatementOption[];
}

/** A mapped class, as accepted by `get()` and friends. */
export type EntityClass<E extends object> = abstract new (...args: never[]) => E;

/**
 * Primary key value(s) for `get()`: a scalar, an array for composite keys, or an object by
 * attribute — whose keys must be column attributes of `E` with values of their types.
 */
export type PrimaryKeyInput<E extends object = object> =
  | string
  | number
  | bigint
  | Date
  | Uint8Array
  | null
  | undefined
  | readonly unknown[]
  | { readonly [K in ColumnAttributeKeys<E>]?: E[K] | null };

/** Options of ORM queries. */
export interface QueryOptions {
  /** Overwrite the attributes of objects already in the identity map with the row's values. */
  populateExisting?: boolean;
  /**
   * With a `router`: `primary` runs this query on the primary even outside a transaction;
   * `replica` lets the router send it to a replica even when it would not (raw `text()`). Refused
   * inside a database transaction, where everything runs on the transaction's connection.
   */
  route?: RouteOverride;
  /**
   * Execution options of this call, merged over the statement's and the session's (see
   * `ExecutionOptions`); eager loads of the call run with them too.
   */
  executionOptions?: ExecutionOptions;
  /**
   * Arguments for choosing where the statement runs, handed to `doOrmExecute` listeners
   * (SQLAlchemy's `bind_arguments`); the session itself reads none of them.
   */
  bindArguments?: Readonly<Record<string, unknown>>;
}

/** Options of `session.connection()`. */
export interface SessionConnectionOptions {
  /** The isolation level of the transaction the call begins (ignored, with a warning, once it has begun). */
  isolationLevel?: IsolationLevel;
}

/** Options of `get()`. */
export interface GetOptions extends QueryOptions {
  /**
   * Loader options for the SELECT, when `get()` reads the row (they do nothing for an object the
   * session already holds). @example session.get(User, 5, { options: [selectinload(u.posts)] })
   */
  options?: readonly StatementOption[];
  /**
   * Read the row with `FOR UPDATE` (or the lock given) even when the object is in the identity
   * map, in the session's transaction (begun if needed).
   */
  withForUpdate?: WithForUpdate;
}

/** Options of `refresh()`. */
export interface RefreshOptions {
  /** Read the row with `FOR UPDATE` (or the lock given), in the session's transaction. */
  withForUpdate?: WithForUpdate;
}

/** @internal The options of a call that gave none: shared, not a new object per call. */
export const NO_OPTIONS: QueryOptions = Object.freeze({});
