import type { Column } from '../sql';
import type { ExprNode } from '../sql/nodes';
import type { CascadeName } from './declaration';

/**
 * The parts of the mapper's contracts (mapper-types.ts) that name no mapper, relationship or
 * object state: values, events and row shapes they are described with. Kept apart so that
 * mapper-types.ts holds only the mutually recursive interfaces; it re-exports these.
 */

/** How a mapper's version column gets its values (from `@Column({ version })`). */
export interface Versioning {
  /**
   * `counter` (1, 2, 3, …), `generator` (a function), `manual` (the application sets it) or
   * `server` (the database sets it; read back after every write).
   */
  readonly kind: 'counter' | 'generator' | 'manual' | 'server';
  /** The version that follows `current` (counter and generator); undefined otherwise. */
  readonly next: ((current: unknown) => unknown) | undefined;
}

/**
 * Two columns a joined subclass's table and its parent's tables hold equal: the subclass table's
 * row belongs to the parent row whose `parent` column has the value of its `sub` column.
 */
export interface InheritPair {
  /** The column of the subclass's own table. */
  readonly sub: Column<unknown>;
  /** The column of one of the parent's tables (the base table's, for the default join). */
  readonly parent: Column<unknown>;
}

/**
 * Mapper events. The flush fires the insert, update and delete events, and `refreshFlush` for an
 * object whose attributes it wrote from defaults or read back (client defaults and update
 * defaults, server defaults, values of SQL expressions, versions; not the primary key of an
 * INSERTed row). `expire` fires when attributes of an object are expired (`session.expire()`,
 * commit, rollback); its listeners run synchronously and a promise they return is not awaited.
 */
export type MapperEvent =
  | 'beforeInsert'
  | 'afterInsert'
  | 'beforeUpdate'
  | 'afterUpdate'
  | 'beforeDelete'
  | 'afterDelete'
  | 'refreshFlush'
  | 'expire';

/** How a mapper shares tables with its parent. */
export type InheritanceKind = 'none' | 'single' | 'joined';

/** Where a value sits in a result row: a property name (object rows) or an index (array rows). */
export type RowKey = string | number;

/** A result row as drivers return it: an object keyed by result name, or an array. */
export type RowData = { readonly [key: string]: unknown } | readonly unknown[];

/** Which way a relationship goes, seen from its parent. */
export type RelationshipDirection = 'manyToOne' | 'oneToMany' | 'manyToMany';

/**
 * A foreign key column pair: `dest` (the FK column) takes its value from `source` (the column it
 * references). For many-to-one `source` is in the target's table and `dest` in the parent's; for
 * one-to-many the reverse; for many-to-many `dest` is a column of the secondary table.
 */
export interface SyncPair {
  readonly source: Column<unknown>;
  readonly dest: Column<unknown>;
}

/** A resolved ORDER BY item of a relationship collection. */
export interface RelationshipOrder {
  readonly column: Column<unknown>;
  readonly key: string;
  readonly direction: 'ASC' | 'DESC';
}

/** The cascades in effect; `'all'` expanded. */
export type CascadeSet = ReadonlySet<Exclude<CascadeName, 'all'>>;

/**
 * A condition of a custom join on one target column with constant values: the node, and the
 * column node it reads (replaced by an alias's column where the target is aliased).
 */
export interface JoinCriterion {
  readonly column: Column<unknown>;
  readonly node: ExprNode;
}

/** Where an object stands relative to a session (SQLAlchemy's five states). */
export type ObjectStatus = 'transient' | 'pending' | 'persistent' | 'deleted' | 'detached';

/** Members that joined or left a collection that was not loaded. */
export interface PendingMutations {
  readonly added: object[];
  readonly removed: object[];
}

/** The kinds of relationship change a `StateOwner` is told about. */
export type RelationshipOperation =
  'collection append' | 'collection remove' | 'related attribute set' | 'related attribute delete';
