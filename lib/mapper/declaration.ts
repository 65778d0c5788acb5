import type {
  Column,
  ColumnOptions,
  Expression,
  Predicate,
  ForeignKeyTarget,
  IndexDeclaration,
  ReferentialAction,
  SqliteTableOptions,
  SqlType,
  Subquery,
  Table,
  TableJoin,
} from '../sql';

/** A class that can be mapped: any constructor (its constructor is never run by the ORM). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MappedClass<E extends object = object> = Function & {
  /** The prototype of the class's instances. */
  prototype: E;
};

/** A class-valued thunk, so entities can refer to classes declared later: `() => Post`. */
export type ClassThunk<E extends object = object> = () => MappedClass<E>;

/** Options of `@Column` (and of column declarations given to `registry.map`). */
export interface ColumnDeclaration<T = unknown> extends Omit<ColumnOptions<T>, 'foreignKey'> {
  /** The SQL type; defaults from `design:type` (Number, String, Boolean, Date, BigInt). */
  type?: SqlType<T>;
  /**
   * A foreign key: a mapped class (its single-column primary key), `'table.column'`, a Core
   * column, or a thunk returning a class or a column.
   */
  foreignKey?: ForeignKeyTarget | ClassThunk | (() => MappedClass | ForeignKeyTarget);
  /**
   * Makes the column the mapper's version (optimistic locking): every UPDATE and DELETE of a row
   * names the version the session last saw committed, and raises `StaleDataError` when another
   * transaction changed the row meanwhile. How the next version is made:
   * - `true`: an integer counter, 1 at INSERT, incremented by every UPDATE;
   * - a function `(current) => next`: called with `undefined` at INSERT (a UUID, a timestamp, …);
   * - `'manual'`: the application sets it (required at INSERT); an UPDATE that does not change it
   *   still checks it;
   * - `'server'`: the database sets it (a server default and a trigger, `ON UPDATE
   *   CURRENT_TIMESTAMP`, …); the flush reads it back after each INSERT and UPDATE.
   */
  version?: VersionOption<T>;
  /**
   * Leaves the column out of the entity SELECT (a large text or binary value read rarely): the
   * attribute of a loaded object is unloaded, reading it raises `UnloadedAttributeError` until
   * `await session.refresh(obj, ['key'])` or a query with `undefer()` loads it. A string puts
   * the column in a named group that `undeferGroup(name)` loads together.
   */
  deferred?: boolean | string;
  /**
   * For a class mapped to a select or a join (`@Table({ mappedTo })`): the Core column(s) the
   * attribute maps, each a column of a table the select reads or the join joins. Several for
   * columns the join holds equal (`[users.c.id, addresses.c.userId]`): one value, written to each.
   * Without it, the column whose key is the property key (or `name`).
   */
  mapsTo?: Column<unknown> | readonly Column<unknown>[];
}

/** How a version column gets its next value (see `ColumnDeclaration.version`). */
export type VersionOption<T = unknown> = boolean | 'manual' | 'server' | ((current: T | undefined) => T);

/**
 * Cascade names, as in SQLAlchemy; `'all'` is every one but delete-orphan, `'none'` clears the
 * list.
 */
export type CascadeName =
  'save-update' | 'merge' | 'delete' | 'delete-orphan' | 'refresh-expire' | 'expunge' | 'all' | 'none';

/**
 * The default loading strategy of a relationship. `'writeOnly'` makes a one-to-many or
 * many-to-many attribute a `WriteOnlyCollection`: members are added and removed without loading
 * the collection, and read with `select()`.
 */
export type LazyStrategy = 'raise' | 'select' | 'selectin' | 'joined' | 'writeOnly';

/** The columns of one side of a custom join condition, by property key. */
export type JoinColumns = Readonly<Record<string, Column<unknown>>>;

/**
 * A relationship's join condition written out (SQLAlchemy's `primaryjoin`): equalities between
 * a column of the parent and one of the target, and optionally conditions of target columns with
 * constant values, joined by `and()`.
 */
export type PrimaryJoin = (parent: JoinColumns, target: JoinColumns) => Predicate;

/** Options of `@Relationship`. */
export interface RelationshipOptions {
  /** The relationship on the target that mirrors this one; both sides are kept in sync in memory. */
  backPopulates?: string;
  /**
   * Many-to-many: the association table — a name (a table created for you when it does not exist),
   * a Core `Table`, or a thunk returning an association entity class.
   */
  secondary?: string | Table | ClassThunk;
  /**
   * The column(s) (property keys) holding the foreign key, when several could; with `primaryJoin`,
   * the columns of the condition that hold the foreign key (as `foreign()` marks them).
   */
  foreignKey?: string | readonly string[];
  /**
   * The join condition, when no foreign key constraint gives it (SQLAlchemy's `primaryjoin`):
   * `(parent, target) => and(parent.id.eq(foreign(target.ownerId)), target.kind.eq('x'))`. Each
   * `=` between a parent and a target column joins and is kept in sync by the flush; the foreign
   * key side is the one marked with `foreign()`, named in `foreignKey`, or whose foreign key
   * constraint refers to the other. Conditions of a target column with constants are added to
   * every load and join. Not with `secondary`.
   */
  primaryJoin?: PrimaryJoin;
  /** Self-referential many-to-one: the target-side column(s) (usually the primary key). */
  remoteSide?: string | readonly string[];
  /** A collection (true) or a single object (false). Defaults from the direction. */
  uselist?: boolean;
  /** Defaults to `['save-update', 'merge']`. */
  cascade?: readonly CascadeName[] | string;
  /** Order of collection members: target property keys, each optionally followed by ` desc`. */
  orderBy?: string | readonly string[];
  /** The default loading strategy. Defaults to `'raise'` (reading it unloaded throws). */
  lazy?: LazyStrategy;
  /** Read-only: never written by a flush. */
  viewonly?: boolean;
  /** Write the foreign key with a second UPDATE, to break cycles between rows. */
  postUpdate?: boolean;
  /**
   * When the referenced key changes (a natural primary key), the database cascades it with
   * `ON UPDATE CASCADE` (true, the default, as in SQLAlchemy): the flush brings the objects in the
   * session up to date in memory and sends nothing for them. `false`: the flush UPDATEs the
   * referring rows itself, loading an unloaded collection first (for a database without ON
   * UPDATE CASCADE, with deferred foreign keys).
   */
  passiveUpdates?: boolean;
  /**
   * A related object may belong to one parent at a time through this relationship: attaching it
   * to a second one raises. Required for `delete-orphan` on a many-to-one or many-to-many.
   */
  singleParent?: boolean;
  /**
   * Deleting the parent leaves the children of a collection that is not loaded to the database's
   * `ON DELETE` rule instead of loading them (`true`); `'all'` never touches the children, loaded
   * or not.
   */
  passiveDeletes?: boolean | 'all';
  /**
   * A collection read as an object keyed by this column attribute of its members (SQLAlchemy's
   * `attribute_keyed_dict`): `user.addresses['a@b.c']`. Setting a key adds the member (its
   * attribute must equal the key) in place of the one there; deleting a key removes it.
   */
  keyedBy?: string;
}

/** A relationship declaration: its target thunk and options. */
export interface RelationshipDeclaration {
  /** The target class, as a thunk so it can be declared later. */
  readonly target: ClassThunk;
  /** The options given to `@Relationship`. */
  readonly options: RelationshipOptions;
}

/** A composite foreign key declared on the table. */
export interface ForeignKeyDeclaration {
  /** The constraint's name (default: the database names it). */
  name?: string;
  /** Property keys of the local columns. */
  columns: readonly string[];
  /** A mapped class (its primary key, in order) or `'table.column'` targets, one per column. */
  references: ClassThunk | readonly ForeignKeyTarget[];
  /** The ON DELETE action. */
  onDelete?: ReferentialAction;
  /** The ON UPDATE action. */
  onUpdate?: ReferentialAction;
}

/** Class-level options (`@Table(name, options)`, `@Index`, `@Unique`). */
export interface TableDeclaration {
  /**
   * The table name. Undefined for a single-table inheritance subclass (it shares its parent's table).
   */
  name?: string;
  /**
   * Maps the class to a Core subquery (`select(t).where(…).subquery('name')`) or a join of Core
   * tables (`joinTables(a, b, on)`) instead of a table of its own: queries read from it, and the
   * flush writes each attribute to the table of its column (tables in join order). The tables
   * are Core tables the application defines (and creates).
   */
  mappedTo?: Subquery<unknown> | TableJoin;
  /** The table's schema (default: the connection's). */
  schema?: string;
  /** Indexes over several columns. */
  indexes?: readonly IndexDeclaration[];
  /** Unique constraints over several columns. */
  uniques?: readonly {
    /** The constraint's name (default: the database names it). */
    name?: string;
    /** Its columns, by property key. */
    columns: readonly string[];
  }[];
  /** Check constraints. */
  checks?: readonly {
    /** The constraint's name (default: the database names it). */
    name?: string;
    /** The condition, as trusted SQL text. */
    sql: string;
  }[];
  /** Composite foreign keys. */
  foreignKeys?: readonly ForeignKeyDeclaration[];
  /** The table's comment, written by CREATE TABLE. */
  comment?: string;
  /** The name(s) the table had before: migrations autogenerate a RENAME instead of DROP + CREATE. */
  renamedFrom?: string | readonly string[];
  /** SQLite table options (STRICT, WITHOUT ROWID). */
  sqlite?: SqliteTableOptions;
  /**
   * The attributes (property keys) the ORM identifies rows by, when the table has no primary key or
   * a different one (SQLAlchemy's mapper `primary_key`): the identity map, `get()`, and the WHERE of
   * the flush's UPDATEs and DELETEs use them. The table's DDL is left as the columns declare it.
   * Declared on a class that maps no parent; its single-table subclasses share it.
   */
  primaryKey?: readonly string[];
  /**
   * What tells the class of a row (on the base of a hierarchy): the discriminator column's property
   * key, whose value a flush writes from `polymorphicIdentity`; or a function of the class's
   * attributes returning an SQL expression (a `caseWhen()` over a column), computed by every SELECT
   * of the entity. The flush does not write an expression's column: the application sets it.
   */
  polymorphicOn?: string | PolymorphicOnExpression;
  /** The discriminator value of this class. */
  polymorphicIdentity?: string | number;
  /**
   * Joined inheritance: how this subclass's table joins its parent's, when its table has a
   * primary key of its own (SQLAlchemy's `inherit_condition`). Receives the subclass's table and
   * the parent's (columns by property key) and returns equalities of their columns, ANDed:
   * `(sub, parent) => sub.c.personName.eq(parent.c.name)`. The subclass's columns are then its
   * own attributes, set from the parent's on INSERT and kept equal when those change. Without it
   * the subclass table gets the parent's primary key columns, each referring to the parent's.
   */
  inheritCondition?: (sub: Table, parent: Table) => Predicate;
  /**
   * Joined inheritance: a change of the primary key is cascaded by the database (ON UPDATE
   * CASCADE) from the base table to the subclass tables (default true, as in SQLAlchemy); false
   * makes the flush UPDATE each subclass table's key itself. Set it on the base class.
   */
  passiveUpdates?: boolean;
  /**
   * Whether a DELETE of the flush that matches fewer rows than it names is reported (default
   * true, as SQLAlchemy's `confirm_deleted_rows`): a warning, or `StaleDataError` for a versioned
   * row. False accepts rows deleted meanwhile silently. Set it on the base class.
   */
  confirmDeletedRows?: boolean;
  /**
   * An object with several delete-orphan parents is an orphan only once it has none of them
   * (SQLAlchemy's `legacy_is_orphan`); by default it is one as soon as it lacks any.
   */
  legacyIsOrphan?: boolean;
  /**
   * A composite primary key with some (not all) parts NULL may name a row (a table without a
   * primary key, a view or an outer join mapped with `primaryKey`): `get()` and `merge()` look such
   * a key up (`IS NULL` for the NULL parts) and a row with it becomes an object. Default true, as
   * SQLAlchemy's `allow_partial_pks`; false treats such a key as naming no row. Set it on the
   * base class.
   */
  allowPartialPks?: boolean;
}

/** Options of `@ExpressionProperty`. */
export interface ExpressionPropertyOptions {
  /**
   * Leaves the expression out of the entity SELECT until asked for, as `@Column({ deferred })`:
   * `undefer()`, `undeferGroup()` (a string names the group) or `session.refresh(obj, [key])`
   * load it.
   */
  deferred?: boolean | string;
  /**
   * Whether a flush that INSERTs or UPDATEs the object's row expires the attribute (default
   * true), so the next load or refresh reads the value the new row gives. False keeps a loaded
   * value until the object is expired or refreshed.
   */
  expireOnFlush?: boolean;
}

/**
 * An expression attribute: the class's query attributes (columns, relationships, and expression
 * attributes declared before it) → the SQL expression its value is read from.
 */
export interface ExpressionDeclaration {
  // The attributes are untyped here; the decorator types them for the class.
  /** The attributes → the SQL expression the value is read from. */
  readonly expression: (attributes: never) => Expression<unknown>;
  /** The options given to `@ExpressionProperty`. */
  readonly options: ExpressionPropertyOptions;
}

/**
 * A discriminator computed by SQL: the class's query attributes (`Attrs<Employee>`; untyped here,
 * the function's parameter types them) → the expression whose value picks the class of a row.
 *
 * @example (e: Attrs<Employee>) => caseWhen(e.kind).when('E', 'employee').when('M', 'manager')
 */
export type PolymorphicOnExpression = (attributes: never) => Expression<unknown>;

/** Everything declared about one class. */
export interface EntityDeclaration {
  /** Class-level options. */
  table: TableDeclaration;
  /** Columns by property key, in declaration order. */
  columns: Map<
    string,
    ColumnDeclaration & {
      /** The property's `design:type` metadata, which gives a column its default type. */
      designType?: unknown;
    }
  >;
  /** Relationships by property key. */
  relationships: Map<string, RelationshipDeclaration>;
  /** Read-only attributes computed by an SQL expression (`@ExpressionProperty`), in declaration order. */
  expressions?: Map<string, ExpressionDeclaration>;
}
