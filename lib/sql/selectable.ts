import type { Expression, Predicate } from './expression/expression';
import type { StatementNode } from './nodes';
import type { DdlStatementNode } from './schema/ddl-nodes';
import type { FromClause } from './schema/table';

/**
 * The hook through which higher layers make their objects selectable without lib/sql knowing
 * them: a mapped class carries an `EntityDescriptor` under this symbol, so `select(User)` works.
 */
export const ENTITY = Symbol.for('athanor.entity');

/** What `select(Entity)` expands to. */
export interface EntityDescriptor {
  /** The FROM item (a table, an alias, or a join for joined-table inheritance). */
  readonly from: FromClause;
  /** The columns loaded for the entity, in order. */
  readonly columns: readonly Expression<unknown>[];
  /** Extra criteria, such as a single-table inheritance discriminator. */
  readonly criteria: Predicate | undefined;
}

/** A class (or `aliased()` object) that carries an `EntityDescriptor`. */
export interface EntityLike {
  readonly [ENTITY]: EntityDescriptor;
}

/** Something `join()` can follow, such as a relationship attribute: its target and ON clause. */
export interface JoinPath {
  readonly joinPath: () => { readonly target: FromClause; readonly on: Predicate };
}

/** Anything that compiles to one statement. Carries the result row type `Row`. */
export interface Executable<Row = unknown> {
  /** Phantom member for the row type; never set. */
  readonly __row?: Row;
  /** The statement's node tree, which the compiler walks. */
  toStatementNode(): StatementNode | DdlStatementNode;
}

/** @internal */
export function isEntityLike(value: unknown): value is EntityLike {
  return (typeof value === 'function' || typeof value === 'object') && value !== null && ENTITY in value;
}

/** @internal */
export function isJoinPath(value: unknown): value is JoinPath {
  return typeof value === 'object' && value !== null && typeof (value as JoinPath).joinPath === 'function';
}
