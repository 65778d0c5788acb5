/**
 * Migration operations as data: what one step of a migration changes in the schema, as a frozen
 * plain object tagged with `kind`. The `op` API of a migration file records them, autogenerate
 * produces them, each dialect's migration DDL compiler turns them into SQL, the linter reads them.
 * They live in lib/sql (below the dialects) so that every dialect can compile them.
 *
 * Every operation that loses information when applied carries `existing*` fields describing what
 * was there before, so that its inverse can be computed (see reverse.ts).
 */
import type { SqlType } from '../types/sql-type';
import type {
  ComputedOptions,
  IdentityOptions,
  ReferentialAction,
  SqlDefault,
  SqliteTableOptions,
} from '../schema/schema-options';

/** A DEFAULT clause: a literal, or `sqlDefault('…')` for an expression. */
export type ServerDefault = string | number | boolean | SqlDefault;

/** A column as migrations describe it (by database name). */
export interface ColumnSpec {
  readonly name: string;
  readonly type: SqlType<unknown>;
  /** Defaults to true, except for primary-key columns. */
  readonly nullable?: boolean;
  readonly primaryKey?: boolean;
  /** Database-generated (identity / AUTO_INCREMENT); defaults as `column()` does. */
  readonly autoincrement?: boolean;
  readonly serverDefault?: ServerDefault;
  readonly comment?: string;
  readonly collation?: string;
  readonly computed?: ComputedOptions;
  readonly identity?: IdentityOptions;
}

/** A foreign key: local column names to columns of a referred table. */
export interface ForeignKeySpec {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly referredTable: string;
  readonly referredSchema?: string;
  readonly referredColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

export interface UniqueSpec {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface CheckSpec {
  readonly name?: string;
  /** Trusted SQL text. */
  readonly sql: string;
}

/** An index: column names and `{ sql }` expressions. */
export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly (string | { readonly sql: string })[];
  readonly unique?: boolean;
  /** A partial index's predicate (trusted SQL text). */
  readonly where?: string;
  /** The index method (PostgreSQL: gin, gist, …). */
  readonly using?: string;
}

/** A whole table, for createTable and for the inverse of dropTable. */
export interface TableSpec {
  readonly name: string;
  readonly schema?: string;
  readonly columns: readonly ColumnSpec[];
  /** Primary-key column names, when not marked on the columns. */
  readonly primaryKey?: readonly string[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly uniques?: readonly UniqueSpec[];
  readonly checks?: readonly CheckSpec[];
  /** Created with the table, as separate CREATE INDEX statements. */
  readonly indexes?: readonly IndexSpec[];
  readonly comment?: string;
  readonly sqlite?: SqliteTableOptions;
}

/** Fields every operation may carry. */
export interface OperationBase {
  /**
   * The author accepts that this operation may lose data (a drop, a narrowing type change):
   * autogenerate's per-operation consent.
   */
  readonly allowDestructive?: boolean;
}

/** Where a table is: its name and schema. */
export interface TableRef {
  readonly table: string;
  readonly schema?: string;
}

export interface CreateTableOp extends OperationBase {
  readonly kind: 'createTable';
  readonly spec: TableSpec;
}

export interface DropTableOp extends OperationBase, TableRef {
  readonly kind: 'dropTable';
  /** The table as it was, so the drop can be reversed. */
  readonly existing?: TableSpec;
}

export interface RenameTableOp extends OperationBase, TableRef {
  readonly kind: 'renameTable';
  readonly newName: string;
}

export interface AddColumnOp extends OperationBase, TableRef {
  readonly kind: 'addColumn';
  readonly column: ColumnSpec;
}

export interface DropColumnOp extends OperationBase, TableRef {
  readonly kind: 'dropColumn';
  readonly column: string;
  readonly existing?: ColumnSpec;
}

/**
 * Changes a column's type, nullability, server default or comment. A field left undefined is not
 * changed; `null` for `serverDefault` / `comment` removes it. The `existing*` fields say what the
 * column had, for the inverse and for databases that restate the whole column (MySQL's MODIFY).
 */
export interface AlterColumnOp extends OperationBase, TableRef {
  readonly kind: 'alterColumn';
  readonly column: string;
  readonly type?: SqlType<unknown>;
  readonly nullable?: boolean;
  readonly serverDefault?: ServerDefault | null;
  readonly comment?: string | null;
  /** The column's collation; `null` returns it to the table's (or type's) default. */
  readonly collation?: string | null;
  /**
   * A generated column's new expression. Its values are derived, so changing it loses nothing;
   * a plain column cannot become generated (or back) this way.
   */
  readonly computed?: ComputedOptions;
  /** How to convert existing values to the new type (PostgreSQL's USING), as trusted SQL. */
  readonly using?: string;
  readonly existingType?: SqlType<unknown>;
  readonly existingNullable?: boolean;
  readonly existingServerDefault?: ServerDefault | null;
  readonly existingComment?: string | null;
  readonly existingCollation?: string | null;
  readonly existingComputed?: ComputedOptions;
}

export interface RenameColumnOp extends OperationBase, TableRef {
  readonly kind: 'renameColumn';
  readonly column: string;
  readonly newName: string;
}

export interface CreateIndexOp extends OperationBase, TableRef {
  readonly kind: 'createIndex';
  readonly index: IndexSpec;
  /** Build without blocking writes (PostgreSQL's CONCURRENTLY; runs outside a transaction). */
  readonly concurrently?: boolean;
}

export interface DropIndexOp extends OperationBase, TableRef {
  readonly kind: 'dropIndex';
  readonly name: string;
  readonly existing?: IndexSpec;
  readonly concurrently?: boolean;
}

export interface AddUniqueOp extends OperationBase, TableRef {
  readonly kind: 'addUnique';
  /** Without a name, the database names it (SQLite keeps none). */
  readonly unique: UniqueSpec;
}

export interface DropUniqueOp extends OperationBase, TableRef {
  readonly kind: 'dropUnique';
  /**
   * Undefined for a constraint the database keeps no name of (SQLite): the batch rebuild drops
   * the one on `existing.columns`. Where names exist, reflection gives the database's own.
   */
  readonly name?: string;
  readonly existing?: UniqueSpec;
}

export interface AddForeignKeyOp extends OperationBase, TableRef {
  readonly kind: 'addForeignKey';
  readonly foreignKey: ForeignKeySpec & { readonly name: string };
  /** Skip checking existing rows now (PostgreSQL's NOT VALID); validate later with validateConstraint. */
  readonly notValid?: boolean;
}

export interface DropForeignKeyOp extends OperationBase, TableRef {
  readonly kind: 'dropForeignKey';
  readonly name: string;
  readonly existing?: ForeignKeySpec;
}

export interface AddCheckOp extends OperationBase, TableRef {
  readonly kind: 'addCheck';
  /** Without a name, the database names it (SQLite keeps none). */
  readonly check: CheckSpec;
  readonly notValid?: boolean;
}

export interface DropCheckOp extends OperationBase, TableRef {
  readonly kind: 'dropCheck';
  /** Undefined for an unnamed CHECK (SQLite): the batch rebuild drops the one of `existing.sql`. */
  readonly name?: string;
  readonly existing?: CheckSpec;
}

/**
 * Replaces a table's primary key (none before, or none after, when a list is empty). `name` and
 * `existing.name` are the constraint's names where the database keeps them (PostgreSQL).
 */
export interface AlterPrimaryKeyOp extends OperationBase, TableRef {
  readonly kind: 'alterPrimaryKey';
  readonly columns: readonly string[];
  readonly name?: string;
  readonly existing?: { readonly columns: readonly string[]; readonly name?: string };
}

/** Sets or removes (`null`) a table's comment. */
export interface AlterTableCommentOp extends OperationBase, TableRef {
  readonly kind: 'alterTableComment';
  readonly comment: string | null;
  readonly existingComment?: string | null;
}

/** Checks the existing rows against a constraint added NOT VALID (PostgreSQL; nothing elsewhere). */
export interface ValidateConstraintOp extends OperationBase, TableRef {
  readonly kind: 'validateConstraint';
  readonly name: string;
}

/** A named enum type (PostgreSQL's CREATE TYPE … AS ENUM; nothing where enums are column types). */
export interface CreateEnumOp extends OperationBase {
  readonly kind: 'createEnum';
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly string[];
}

export interface DropEnumOp extends OperationBase {
  readonly kind: 'dropEnum';
  readonly name: string;
  readonly schema?: string;
  /** The values it had, so the drop can be reversed. */
  readonly existing?: readonly string[];
}

/** `ALTER TYPE … ADD VALUE` (PostgreSQL): committed before the rest of the migration runs. */
export interface AddEnumValueOp extends OperationBase {
  readonly kind: 'addEnumValue';
  readonly name: string;
  readonly schema?: string;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
}

export interface RenameEnumValueOp extends OperationBase {
  readonly kind: 'renameEnumValue';
  readonly name: string;
  readonly schema?: string;
  readonly value: string;
  readonly newValue: string;
}

/** A column whose type is a named enum, for recreateEnum. */
export interface EnumColumnRef extends TableRef {
  readonly column: string;
  /** The column holds an array of the enum (PostgreSQL's `name[]`). */
  readonly array?: boolean;
  /** The column's server default, set again after the type change (PostgreSQL cannot cast it). */
  readonly serverDefault?: ServerDefault;
}

/**
 * Gives an enum type a new list of values when values go or change order (PostgreSQL: the type is
 * renamed, made again, each column converted through text, the old type dropped). Refused, with
 * nothing changed, when a row holds a value the new list lacks. Where enums are column types
 * (MySQL), the columns' alterColumn does it and this compiles to nothing.
 */
export interface RecreateEnumOp extends OperationBase {
  readonly kind: 'recreateEnum';
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly string[];
  /** The values it has before, so the change can be reversed. */
  readonly existing: readonly string[];
  readonly columns: readonly EnumColumnRef[];
}

/** Trusted SQL, run as given; `reverseSql` makes it reversible. */
export interface ExecuteOp extends OperationBase {
  readonly kind: 'execute';
  readonly sql: string;
  readonly reverseSql?: string;
}

/** The operations a batch may hold: those on one table's columns and constraints. */
export type BatchableOp =
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | RenameColumnOp
  | CreateIndexOp
  | DropIndexOp
  | AddUniqueOp
  | DropUniqueOp
  | AddForeignKeyOp
  | DropForeignKeyOp
  | AddCheckOp
  | DropCheckOp
  | AlterPrimaryKeyOp;

/** Where the batch changes the table by rebuilding it (copy into a new table, swap). */
export type BatchRecreate = 'auto' | 'always' | 'never';

/**
 * Several changes to one table. Where the database cannot ALTER what is asked (SQLite), the table
 * is rebuilt: a new table with the new shape, the rows copied, the old one dropped, the new one
 * renamed, and its indexes, triggers and views made again. `existing` is the table before the
 * batch; the runner reflects it when absent (offline `--sql` needs it given).
 */
export interface BatchOp extends OperationBase, TableRef {
  readonly kind: 'batch';
  readonly operations: readonly BatchableOp[];
  readonly recreate: BatchRecreate;
  readonly existing?: TableSpec;
  /** Triggers and views to make again after a rebuild (the runner reflects them when absent). */
  readonly dependents?: BatchDependents;
}

/** What a rebuilt table takes with it: whole CREATE TRIGGER / CREATE VIEW statements. */
export interface BatchDependents {
  readonly triggers: readonly string[];
  readonly views: readonly { readonly name: string; readonly sql: string }[];
}

/** One migration operation. */
export type MigrationOperation =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | BatchableOp
  | ValidateConstraintOp
  | AlterTableCommentOp
  | RecreateEnumOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | RenameEnumValueOp
  | ExecuteOp
  | BatchOp;

/** The kind of each operation. */
export type OperationKind = MigrationOperation['kind'];

/** The operation of a kind. */
export type OperationOfKind<K extends OperationKind> = Extract<MigrationOperation, { kind: K }>;

/** One statement an operation compiles to. */
export interface MigrationStatement {
  readonly sql: string;
  /**
   * Must run outside the migration's transaction (PostgreSQL's CREATE INDEX CONCURRENTLY, ALTER
   * TYPE … ADD VALUE): the runner commits what came before, runs it on its own, and goes on.
   */
  readonly outsideTransaction?: boolean;
}

/** Freezes an operation and the lists and specs in it, so a recorded migration cannot change. */
export function freezeOperation<O extends MigrationOperation>(op: O): O {
  return deepFreeze(op);
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  // Types are shared, immutable objects of their own: leave them as they are.
  if (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value)) return value;
  for (const v of Object.values(value as object)) deepFreeze(v);
  return Object.freeze(value);
}
