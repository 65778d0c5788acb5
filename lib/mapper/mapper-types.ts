import type { Column, EntityDescriptor, Expression, FromClause, Predicate, Table } from '../sql';
import type { EntityDeclaration, LazyStrategy, MappedClass } from './declaration';
import type {
  CascadeSet,
  InheritPair,
  InheritanceKind,
  JoinCriterion,
  MapperEvent,
  ObjectStatus,
  PendingMutations,
  RelationshipDirection,
  RelationshipOperation,
  RelationshipOrder,
  RowData,
  RowKey,
  SyncPair,
  Versioning,
} from './mapper-leaf-types';

// Every leaf type is part of this module's contract: importers name one module for all of them.
export type * from './mapper-leaf-types';

/**
 * The mapper, its relationships and its objects' states as the library names them. The three are
 * mutually recursive (a mapper lists its relationships and makes states; each names its mapper),
 * so their contracts live together in this file, which imports no implementation: the classes
 * (`MapperImpl`, `RelationshipPropertyImpl`, `InstanceStateImpl`) implement these interfaces,
 * and every other module names the interfaces. The types they are described with that name none
 * of them live in mapper-leaf-types.ts.
 */

// ---------------------------------------------------------------- mapper

/** A mapped column attribute. */
export interface ColumnProperty {
  /** The property name on the class. */
  readonly key: string;
  /** The column that holds the value (for a joined-inheritance primary key: the base table's). */
  readonly column: Column<unknown>;
  /**
   * Every column the attribute maps to, base table first: more than one for the primary key of a
   * joined-inheritance subclass (the subclass table's key column repeats the base's).
   */
  readonly columns: readonly Column<unknown>[];
  /** Whether the column is part of the primary key. */
  readonly isPrimaryKey: boolean;
  /** Whether it is the version counter of optimistic locking. */
  readonly isVersion: boolean;
  /** The client-side default (value or function) applied on INSERT, if any. */
  readonly default: unknown;
  /** The mapper that declared it (an ancestor for inherited attributes). */
  readonly declaredBy: Mapper<object>;
  /** Left out of the entity SELECT until asked for (`@Column({ deferred })`, see `undefer()`). */
  readonly deferred?: boolean;
  /** The deferral group (`@Column({ deferred: 'group' })`): `undeferGroup()` loads them together. */
  readonly deferGroup?: string;
  /**
   * Expression attributes only (`@ExpressionProperty`): whether a flush that writes the row
   * expires the value.
   */
  readonly expireOnFlush?: boolean;
}

/**
 * A mapper event listener: receives the object, its mapper, and for `refreshFlush` and `expire`
 * the attribute keys (`null` for the other events, and for `expire` of the whole object).
 */
export type MapperListener<E extends object = object> = (
  obj: E,
  mapper: Mapper<E>,
  keys: readonly string[] | null,
) => void | Promise<void>;

/**
 * What a mapper needs from the registry that made it (the `Registry` class implements it): the
 * mapper knows this contract, not the registry, which builds mappers and so depends on them.
 */
export interface MapperRegistry {
  /** Configures the registry's mappers not configured yet (their tables and relationships). */
  configure(): void;
  /** Every mapper of the registry. */
  readonly mappers: readonly Mapper<object>[];
}

/**
 * Turns rows of one result layout into entity values. Built once per (mapper, layout) by
 * `mapper.rowReader(layout)`; each function is compiled for the layout, so a row costs a few
 * property reads and one object literal.
 */
export interface RowReader<E extends object> {
  /** The mapper the reader was built for. */
  readonly mapper: Mapper<E>;
  /** The identity key of the row's entity; undefined when its primary key is NULL (outer joins). */
  identityKey(row: RowData): string | undefined;
  /**
   * Where the primary key values sit in the row, in primary key order: a caller reading many rows
   * can tell that a row repeats the previous row's entity (a joined collection) by comparing them,
   * without building the identity key.
   */
  readonly keyLayout: readonly RowKey[];
  /** The mapper of the row's entity: a subclass's when the discriminator says so. */
  mapperOf(row: RowData): Mapper<E>;
  /** A new dict of the entity's column values (keys of `mapperOf(row).selectProps`). */
  read(row: RowData): Record<string, unknown>;
  /** `mapperOf(row).instantiate(read(row))`. */
  hydrate(row: RowData): E;
  /** `hydrate()`, returning the new object's (transient) state. */
  hydrateState(row: RowData): InstanceState<E>;
  /**
   * Like `hydrateState()`, but the row object itself becomes the entity's dict (no copy). Defined
   * only when the layout names are exactly the attribute keys of a non-polymorphic mapper; the
   * caller must also know the row holds nothing else and is a plain object it may hand over.
   */
  readonly adoptState: ((row: RowData) => InstanceState<E>) | undefined;
}

/**
 * How one class maps to tables: columns, primary key, relationships, inheritance, events and the
 * hydrator. Get one with `inspect(User)`. Most fields are filled by `Registry.configure()`.
 */
export interface Mapper<E extends object = object> {
  /** The mapped class. */
  readonly class_: MappedClass<E>;
  /** The registry the class belongs to. */
  readonly registry: MapperRegistry;
  /** What the decorators declared about the class. */
  readonly declaration: EntityDeclaration;
  /** The class name, for messages. */
  readonly name: string;
  /** Whether `Registry.configure()` has completed this mapper. */
  configured: boolean;
  /** The table this class's own columns live in (the parent's for single-table inheritance). */
  table: Table;
  /** Every table of the class, base first (several for joined-table inheritance or a mapped join). */
  tables: readonly Table[];
  /**
   * The subquery or join the class is mapped to (`@Table({ mappedTo })`): queries read from it,
   * the flush writes `tables`. Undefined for a class mapped to a table.
   */
  selectable: FromClause | undefined;
  /** All column attributes, inherited first. */
  columnProps: readonly ColumnProperty[];
  /** Column attributes by property key. */
  columnPropsByKey: Map<string, ColumnProperty>;
  /** The primary key's attributes, in key order. */
  primaryKeyProps: readonly ColumnProperty[];
  /**
   * Expression attributes (`@ExpressionProperty`), inherited first: read by the entity SELECT,
   * never written. Their `column` is the labelled expression.
   */
  expressionProps: readonly ColumnProperty[];
  /** Expression attributes by property key. */
  expressionPropsByKey: Map<string, ColumnProperty>;
  /** What an entity row can hold: `columnProps`, then `expressionProps`. */
  selectProps: readonly ColumnProperty[];
  /** The version counter attribute, when the mapper is versioned. */
  versionProp: ColumnProperty | undefined;
  /**
   * Joined inheritance: the database cascades a primary key change from the base table to the
   * subclass tables (the base class's `passiveUpdates`, default true).
   */
  readonly passiveUpdates: boolean;
  /** Whether the flush reports a DELETE that matches fewer rows than it names (the base class's `confirmDeletedRows`). */
  readonly confirmDeletedRows: boolean;
  /** Whether a primary key with some (not all) parts NULL may name a row (the base class's `allowPartialPks`). */
  readonly allowPartialPks: boolean;
  /** How `versionProp` gets its values; undefined when the mapper is not versioned. */
  versioning: Versioning | undefined;
  /** All relationships, inherited included. */
  relationships: readonly RelationshipProperty[];
  /** Relationships by property key. */
  relationshipsByKey: Map<string, RelationshipProperty>;
  /**
   * The delete-orphan relationships (of any mapper) whose targets include this class: an object
   * that lacks a parent through one of them is an orphan.
   */
  deleteOrphanParents: readonly RelationshipProperty[];
  /** The mapped parent class's mapper. */
  inherits: Mapper<object> | undefined;
  /** The root of the hierarchy (itself when it inherits nothing); shares the identity-map namespace. */
  base: Mapper<object>;
  /** Which inheritance the class takes part in: none, single-table or joined. */
  inheritance: InheritanceKind;
  /**
   * Joined inheritance: the columns of this mapper's table held equal to its parent's tables'
   * (its key columns and the base's, or those of `inheritCondition`); empty otherwise.
   */
  inheritPairs: readonly InheritPair[];
  /** Mapped direct subclasses. */
  readonly subMappers: Mapper<object>[];
  /**
   * The discriminator attribute (inherited from the base), which a flush writes; undefined when
   * `polymorphicOn` is an SQL expression.
   */
  polymorphicOn: ColumnProperty | undefined;
  /**
   * What a load reads to pick the class of a row: the discriminator attribute's column, or the
   * column of the `polymorphicOn` expression (selected with every entity, mapped to no attribute).
   */
  discriminator: Column<unknown> | undefined;
  /** The discriminator value of this class's rows. */
  polymorphicIdentity: string | number | undefined;
  /** Discriminator value → mapper, for this mapper and every descendant. */
  polymorphicMap: Map<unknown, Mapper<object>>;
  /** The columns a SELECT of this entity loads, in order (descendants' columns too when polymorphic). */
  selectColumns: readonly Column<unknown>[];
  /** What `select(User)` expands to. */
  entity: EntityDescriptor;
  /** The name identity keys start with: the base class name, made unique per process. */
  identityName: string;

  /** Every descendant mapper (depth first), not including this one. */
  readonly descendants: Mapper<object>[];
  /** This mapper and its ancestors, nearest first. */
  readonly ancestry: Mapper<object>[];
  /** True when `other` is this mapper or one of its ancestors. */
  isa(other: Mapper<object>): boolean;
  /** The column attribute `key`, or undefined. */
  columnProp(key: string): ColumnProperty | undefined;
  /** The column or expression attribute `key` (what a row of the entity can hold), or undefined. */
  selectProp(key: string): ColumnProperty | undefined;
  /** The relationship `key`, or undefined. */
  relationship(key: string): RelationshipProperty | undefined;

  /**
   * The identity key for primary key values (in `primaryKeyProps` order): `User|1`, `Pair|1|"a"`.
   * Numbers and bigints share a form (`1` and `1n` are the same key); strings are JSON-quoted.
   */
  identityKeyFor(pkValues: readonly unknown[]): string;
  /** The primary key values of `obj` in `primaryKeyProps` order (undefined where not set). */
  primaryKeyOf(obj: E): unknown[];
  /** The identity key of `obj`, or undefined while part of its primary key is null / unset. */
  identityKeyOf(obj: E): string | undefined;

  /**
   * A row reader for rows whose values for `loaded[i]` (by default `selectColumns[i]`) are at
   * `layout[i]` (a property name of object rows, or an index of array rows). Built once per
   * layout and cached. Column attributes the row lacks are deferred on the objects it makes.
   */
  rowReader(layout: readonly RowKey[], loaded?: readonly Column<unknown>[]): RowReader<E>;
  /**
   * Creates an instance without running the constructor, with `dict` as its values (not copied).
   * The state is 'transient' until the session says otherwise.
   */
  instantiate(dict: Record<string, unknown>): E;
  /** `instantiate()`, returning the new object's state (`state.obj` is the object). @internal */
  instantiateState(dict: Record<string, unknown>): InstanceState<E>;

  /**
   * Adds a listener for a flush event of this mapper (and of its subclasses).
   * @example inspect(User).on('beforeInsert', (user) => { user.createdAt = new Date(); });
   */
  on(event: MapperEvent, listener: MapperListener<E>): () => void;
  /** Whether `event` has a listener on this mapper or an ancestor. */
  hasListeners(event: MapperEvent): boolean;
  /** The listeners added to this mapper itself for `event`, in the order they were added. */
  ownListeners(event: MapperEvent): readonly MapperListener<E>[];
  /** The listeners for `event`: this mapper's ancestors' first, then its own. */
  listenersFor(event: MapperEvent): MapperListener<E>[];
  /** Runs the listeners for `event` in order, awaiting each. */
  dispatch(event: MapperEvent, obj: E, keys?: readonly string[] | null): Promise<void>;
  /** Runs the listeners for `event` without waiting for them (events raised in synchronous code). */
  dispatchNow(event: MapperEvent, obj: E, keys: readonly string[] | null): void;
  /** `Mapper(User)`, for messages. */
  toString(): string;
}

// ---------------------------------------------------------------- relationships

/**
 * A configured relationship between two mappers: direction, the column pairs to sync foreign
 * keys and to join, cascades and loading defaults. Built by `Registry.configure()`.
 */
export interface RelationshipProperty {
  /** The property name on the parent class. */
  readonly key: string;
  /** The mapper of the class that declares it. */
  readonly parent: Mapper<object>;
  /** The mapper of the related class. */
  readonly target: Mapper<object>;
  /** Many-to-one, one-to-many or many-to-many. */
  readonly direction: RelationshipDirection;
  /** Whether the attribute holds a collection (false: one object or `null`). */
  readonly uselist: boolean;
  /**
   * FK sync pairs. manyToOne / oneToMany: between parent and target tables; manyToMany: parent
   * table → secondary table (`source` in the parent, `dest` in the secondary).
   */
  readonly pairs: readonly SyncPair[];
  /** The association table of a many-to-many relationship. */
  readonly secondary: Table | undefined;
  /** manyToMany: target table → secondary table pairs. Empty otherwise. */
  readonly secondaryPairs: readonly SyncPair[];
  /** The cascades the relationship applies (save-update, delete, delete-orphan, …). */
  readonly cascade: CascadeSet;
  /** The order of the collection's members when loaded. */
  readonly orderBy: readonly RelationshipOrder[];
  /** How the relationship is loaded by default. */
  readonly lazy: LazyStrategy;
  /** Whether the relationship is read-only: the flush never writes through it. */
  readonly viewonly: boolean;
  /**
   * Whether the foreign key is written by a second UPDATE after the rows exist (rows that refer to each
   * other).
   */
  readonly postUpdate: boolean;
  /** Target-side columns of a self-referential many-to-one (the `remoteSide` option). */
  readonly remoteSide: readonly Column<unknown>[];
  /** A related object may have one parent at a time through this relationship. */
  readonly singleParent: boolean;
  /** Leave children that are not loaded (`true`), or all children (`'all'`), to `ON DELETE`. */
  readonly passiveDeletes: boolean | 'all';
  /** The relationship on the target that mirrors this one (resolved `backPopulates`). */
  backPopulates: RelationshipProperty | undefined;
  /**
   * When the key this relationship refers to changes (a natural primary key), the database
   * cascades it (ON UPDATE CASCADE): the flush only brings loaded objects up to date in memory.
   * False: the flush UPDATEs the referring rows itself.
   */
  passiveUpdates: boolean;
  /** Conditions of target columns with constants, from a custom join condition (`primaryJoin`). */
  criteria: readonly JoinCriterion[];
  /**
   * The target attribute a collection is keyed by: the attribute reads as an object of the members
   * by that attribute's value, while the members are still kept as an array underneath.
   */
  keyedBy: string | undefined;
  /**
   * Whether related objects remember their parent through this relationship (SQLAlchemy's
   * "hasparent"): what orphan detection and `singleParent` read.
   */
  readonly tracksParents: boolean;
  /** A write-only collection: never loaded, changed with add/remove, read with `select()`. */
  readonly writeOnly: boolean;
  /**
   * Column pairs for the join from parent to target (or to the secondary table for
   * many-to-many): `[parentColumn, otherColumn]`.
   */
  readonly joinPairs: readonly (readonly [Column<unknown>, Column<unknown>])[];
  /** For many-to-many: `[secondaryColumn, targetColumn]` pairs. */
  readonly secondaryJoinPairs: readonly (readonly [Column<unknown>, Column<unknown>])[];
  /** True when the foreign key lives in the parent's table (many-to-one). */
  readonly fkOnParent: boolean;
  /**
   * The `criteria` as one predicate, each read from `columnFor(column)` (an alias's column) or the
   * target's own column; undefined when there are none.
   */
  criteriaOn(columnFor?: (column: Column<unknown>) => Expression<unknown>): Predicate | undefined;
  /** `Parent.key`, for messages. */
  toString(): string;
}

// ---------------------------------------------------------------- instance state

/**
 * Told about changes, so that a session keeps a dirty set whose cost grows with the changes and
 * not with the identity map. Called once per (state, attribute) between two `resetCommitted()`.
 */
export interface StateOwner {
  attributeChanged(state: InstanceState, key: string): void;
  /**
   * `child` joined `parent`'s relationship `prop` by a change made on `prop` itself (a change
   * made through its `backPopulates` mirror does not cascade, as in SQLAlchemy 2.0): the
   * save-update cascade.
   */
  relatedAttached?(parent: InstanceState, prop: RelationshipProperty, child: InstanceState): void;
  /**
   * `child` left `parent`'s delete-orphan relationship `prop` and has become an orphan. `scalar`:
   * it was replaced in (or cleared from) a single-object attribute rather than removed from a
   * collection.
   */
  orphaned?(parent: InstanceState, prop: RelationshipProperty, child: InstanceState, scalar: boolean): void;
  /**
   * A relationship of `state` changed (either side of a back-reference), named as SQLAlchemy's
   * flush warnings name it; the session warns when this happens while a flush is writing.
   */
  relationshipChanged?(state: InstanceState, operation: RelationshipOperation): void;
}

/**
 * The ORM's record of one mapped object: its values, what changed since load / flush, its status
 * and identity key. Only the session's unit of work writes `status`, `key`, `owner` and
 * `wasDeleted`; instrumented attributes keep `dict`, `committed` and `modified` up to date.
 */
export interface InstanceState<E extends object = object> {
  /** The mapper of the object's class. */
  readonly mapper: Mapper<E>;
  /** The object. */
  readonly obj: E;
  /**
   * Current values: column values, and relationship values that are loaded (a key that is absent
   * is not loaded). Used as given, never copied.
   */
  dict: Record<string, unknown>;
  /** Identity key (`Mapper.identityKeyFor`), set by the session once the primary key is known. */
  key: string | undefined;
  /** The session (or other owner) told about changes. */
  owner: StateOwner | undefined;
  /** Set by the session's unit of work. */
  status: ObjectStatus;
  /**
   * True once a flush deleted the object's row (SQLAlchemy's `was_deleted`): it stays true when
   * the object is detached, so adding it again is refused until `makeTransient()`.
   */
  wasDeleted: boolean;
  /** True once any attribute changed since load / the last `resetCommitted()`. */
  modified: boolean;
  /** True after `expire()` without keys: every column attribute must be refreshed. */
  expiredAll: boolean;
  /**
   * Set when the object left a delete-orphan parent that was in no session (or not in one that
   * held this object): a flush that finds it pending and still an orphan drops it instead of
   * inserting it. Cleared when it is added to a session.
   */
  orphanedOutsideOfSession: boolean;
  /**
   * The ORIGINAL value of each attribute changed since load / flush (collections: the original
   * member array). Filled on the first change only; `NO_VALUE` when the original was not loaded.
   */
  readonly committed: Record<string, unknown>;
  /** Whether `key` has a recorded original (it changed since load / flush). */
  hasCommitted(key: string): boolean;
  /** Attributes expired one by one (`expiredAll` covers every column). */
  readonly expired: ReadonlySet<string>;
  /** True when `key` is expired or deferred and must be refreshed before it can be read. */
  isExpired(key: string): boolean;
  /** True when `key` is a deferred column attribute that is not loaded. */
  isDeferred(key: string): boolean;
  /** The deferred column attributes that are not loaded. */
  readonly deferredKeys: readonly string[];
  /** @internal Marks column attributes the loading row did not hold (those not in `dict`). */
  markDeferred(keys: Iterable<string>): void;
  /** True when `key` has a value in `dict` (a column that is set, a relationship that is loaded). */
  isLoaded(key: string): boolean;
  /**
   * @internal Records that `key` is about to change from `original`; called by instrumented
   * attributes before they write. Notifies the owner on the first change of the key.
   */
  recordChange(key: string, original: unknown): void;
  /**
   * @internal Records that `parent` took this object in through `prop` (`value` true) or that it
   * left it (false).
   */
  setParent(prop: RelationshipProperty, parent: InstanceState, value: boolean): void;
  /**
   * Whether a parent holds this object through `prop`, as far as the changes seen since load
   * tell; `optimistic` when nothing was recorded (true for rows from the database).
   */
  hasParent(prop: RelationshipProperty, optimistic: boolean): boolean;
  /** Forgets the recorded originals: what is in `dict` is now the committed state (after a flush). */
  resetCommitted(): void;
  /** @internal Notes that `item` joined (or left) the collection `key`, which is not loaded. */
  recordPending(key: string, item: object, added: boolean): void;
  /** Members that joined or left the collection `key` while it was not loaded. */
  pendingMutations(key: string): PendingMutations | undefined;
  /** @internal Takes the pending mutations of `key` (when the collection loads). */
  takePending(key: string): PendingMutations | undefined;
  /**
   * Expires attributes: removes their values (and unflushed changes) so that reading them raises
   * until a refresh. Without keys, expires every column and unloads every relationship; with
   * keys, changes of the other attributes stay pending.
   */
  expire(names?: readonly string[]): void;
  /** Clears expiry after a refresh wrote fresh values into `dict`. */
  clearExpired(keys?: readonly string[]): void;
}
