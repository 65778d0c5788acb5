import { ArgumentError } from '../errors';
import { schemaTranslation, type SchemaTranslateMap } from './compiler/schema-translate';
/**
 * Options of one execution, as SQLAlchemy's `execution_options`: given to a session (every
 * statement it runs), to a statement (`select(…).executionOptions({…})`), or to one call
 * (`session.execute(stmt, { executionOptions })`), merged key by key in that order, later ones
 * winning. The ORM reads the keys it knows; every key, the application's own included, reaches
 * `doOrmExecute` listeners and the engine's `beforeExecute`/`afterExecute` events.
 */
export interface ExecutionOptions {
  /** ORM selects: overwrite the attributes of objects already in the identity map with the rows' values. */
  readonly populateExisting?: boolean;
  /** ORM statements: flush pending changes first (default: the session's `autoflush`). */
  readonly autoflush?: boolean;
  /**
   * ORM bulk UPDATE/DELETE: how the session's objects follow the statement (`'auto'`, `'evaluate'`,
   * `'fetch'` or `false`; see the session's `SynchronizeSession`).
   */
  readonly synchronizeSession?: 'auto' | 'evaluate' | 'fetch' | false;
  /**
   * Every statement: schema names rewritten at compile time (see `SchemaTranslateMap`), for reads,
   * flushes and DDL alike; `{ null: 'tenant_a' }` puts tables declared without a schema in
   * `tenant_a`. Statements compiled under one map are cached apart from those of another.
   */
  readonly schemaTranslateMap?: SchemaTranslateMap;
  /** Options of the application's own, passed along untouched. */
  readonly [option: string]: unknown;
}

/** The options of an execution that was given none: one shared object. */
export const NO_EXECUTION_OPTIONS: ExecutionOptions = Object.freeze({});

/**
 * The options in effect: `layers` merged key by key, later layers winning. Returns a layer itself
 * (no copy) when it is the only non-empty one.
 */
export function mergeExecutionOptions(
  ...layers: readonly (ExecutionOptions | undefined)[]
): ExecutionOptions {
  let out: ExecutionOptions | undefined;
  let copied = false;
  for (const layer of layers) {
    if (layer === undefined || layer === NO_EXECUTION_OPTIONS) continue;
    if (out === undefined) out = layer;
    else {
      out = copied ? Object.assign(out, layer) : { ...out, ...layer };
      copied = true;
    }
  }
  if (out === undefined) return NO_EXECUTION_OPTIONS;
  return copied ? Object.freeze(out) : out;
}

/** A statement that carries execution options of its own (`select()`, Core and ORM DML). */
export interface HasExecutionOptions {
  getExecutionOptions(): ExecutionOptions;
}

/** The execution options `statement` carries; undefined for one that carries none. @internal */
export function statementExecutionOptions(statement: unknown): ExecutionOptions | undefined {
  const get = (statement as Partial<HasExecutionOptions> | null)?.getExecutionOptions;
  return typeof get === 'function' ? get.call(statement) : undefined;
}

/** `options` checked and frozen, for a statement's `executionOptions()`. @internal */
export function ownExecutionOptions(method: string, options: ExecutionOptions): ExecutionOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new ArgumentError(
      `${method} takes an object of options, got ${options === null ? 'null' : typeof options}`,
    );
  schemaTranslation(options.schemaTranslateMap);
  return Object.freeze({ ...options });
}

/**
 * A frozen copy of options given to an engine, a connection or a session, with the keys Athanor
 * reads checked now rather than at the first statement (`ArgumentError` naming the option).
 * @internal
 */
export function checkExecutionOptions(options: ExecutionOptions | undefined): ExecutionOptions {
  if (options === undefined) return NO_EXECUTION_OPTIONS;
  schemaTranslation(options.schemaTranslateMap);
  return Object.freeze({ ...options });
}
