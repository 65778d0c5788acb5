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
import type { ComputedOptions } from '../schema/schema-options';
import type {
  CheckSpec,
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  ServerDefault,
  TableSpec,
  UniqueSpec,
} from './table-spec';

export type {
  CheckSpec,
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  ServerDefault,
  TableSpec,
  UniqueSpec,
} from './table-spec';

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
  /** The table's name. */
  readonly table: string;
  /** The table's schema (the default schema when absent). */
  readonly schema?: string;
}

/** Creates a table, with its constraints and indexes. */
export interface CreateTableOp extends OperationBase {
  /** Tells the operation apart from the others. */
  readonly kind: 'createTable';
  /** The table to create. */
  readonly spec: TableSpec;
}

/** Drops a table. */
export interface DropTableOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropTable';
  /** The table as it was, so the drop can be reversed. */
  readonly existing?: TableSpec;
}

/** Renames a table (within its schema). */
export interface RenameTableOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'renameTable';
  /** The table's new name. */
  readonly newName: string;
}

/** Adds a column to a table. */
export interface AddColumnOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'addColumn';
  /** The column to add. */
  readonly column: ColumnSpec;
}

/** Drops a column. */
export interface DropColumnOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropColumn';
  /** The column's name. */
  readonly column: string;
  /** The column as it was, so the drop can be reversed. */
  readonly existing?: ColumnSpec;
}

/**
 * Changes a column's type, nullability, server default or comment. A field left undefined is not
 * changed; `null` for `serverDefault` / `comment` removes it. The `existing*` fields say what the
 * column had, for the inverse and for databases that restate the whole column (MySQL's MODIFY).
 */
export interface AlterColumnOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'alterColumn';
  /** The column's name. */
  readonly column: string;
  /** The new type. */
  readonly type?: SqlType<unknown>;
  /** The new nullability. */
  readonly nullable?: boolean;
  /** The new DEFAULT; `null` removes it. */
  readonly serverDefault?: ServerDefault | null;
  /** The new comment; `null` removes it. */
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
  /** The type before the change. */
  readonly existingType?: SqlType<unknown>;
  /** The nullability before the change. */
  readonly existingNullable?: boolean;
  /** The DEFAULT before the change (`null`: none). */
  readonly existingServerDefault?: ServerDefault | null;
  /** The comment before the change (`null`: none). */
  readonly existingComment?: string | null;
  /** The collation before the change (`null`: the default). */
  readonly existingCollation?: string | null;
  /** The generated column's expression before the change. */
  readonly existingComputed?: ComputedOptions;
}

/** Renames a column. */
export interface RenameColumnOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'renameColumn';
  /** The column's current name. */
  readonly column: string;
  /** The column's new name. */
  readonly newName: string;
}

/** Creates an index. */
export interface CreateIndexOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'createIndex';
  /** The index to create. */
  readonly index: IndexSpec;
  /** Build without blocking writes (PostgreSQL's CONCURRENTLY; runs outside a transaction). */
  readonly concurrently?: boolean;
}

/** Drops an index. */
export interface DropIndexOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropIndex';
  /** The index's name. */
  readonly name: string;
  /** The index as it was, so the drop can be reversed. */
  readonly existing?: IndexSpec;
  /** Drop without blocking writes (PostgreSQL's CONCURRENTLY; runs outside a transaction). */
  readonly concurrently?: boolean;
}

/** Adds a UNIQUE constraint. */
export interface AddUniqueOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'addUnique';
  /** Without a name, the database names it (SQLite keeps none). */
  readonly unique: UniqueSpec;
}

/** Drops a UNIQUE constraint. */
export interface DropUniqueOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropUnique';
  /**
   * Undefined for a constraint the database keeps no name of (SQLite): the batch rebuild drops
   * the one on `existing.columns`. Where names exist, reflection gives the database's own.
   */
  readonly name?: string;
  /** The constraint as it was, so the drop can be reversed. */
  readonly existing?: UniqueSpec;
}

/** Adds a foreign key. */
export interface AddForeignKeyOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'addForeignKey';
  /** The foreign key to add; it must be named, so it can be dropped again. */
  readonly foreignKey: ForeignKeySpec & {
    /** The constraint's name. */
    readonly name: string;
  };
  /** Skip checking existing rows now (PostgreSQL's NOT VALID); validate later with validateConstraint. */
  readonly notValid?: boolean;
}

/** Drops a foreign key. */
export interface DropForeignKeyOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropForeignKey';
  /** The constraint's name. */
  readonly name: string;
  /** The foreign key as it was, so the drop can be reversed. */
  readonly existing?: ForeignKeySpec;
}

/** Adds a CHECK constraint. */
export interface AddCheckOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'addCheck';
  /** Without a name, the database names it (SQLite keeps none). */
  readonly check: CheckSpec;
  /** Skip checking existing rows now (PostgreSQL's NOT VALID); validate later with validateConstraint. */
  readonly notValid?: boolean;
}

/** Drops a CHECK constraint. */
export interface DropCheckOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropCheck';
  /** Undefined for an unnamed CHECK (SQLite): the batch rebuild drops the one of `existing.sql`. */
  readonly name?: string;
  /** The constraint as it was, so the drop can be reversed. */
  readonly existing?: CheckSpec;
}

/**
 * Replaces a table's primary key (none before, or none after, when a list is empty). `name` and
 * `existing.name` are the constraint's names where the database keeps them (PostgreSQL).
 */
export interface AlterPrimaryKeyOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'alterPrimaryKey';
  /** The new primary-key columns, in order (empty: no primary key). */
  readonly columns: readonly string[];
  /** The new constraint's name. */
  readonly name?: string;
  /** The primary key before the change. */
  readonly existing?: {
    /** The primary-key columns before the change (empty: none). */
    readonly columns: readonly string[];
    /** The constraint's name before the change. */
    readonly name?: string;
  };
}

/** Sets or removes (`null`) a table's comment. */
export interface AlterTableCommentOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'alterTableComment';
  /** The new comment; `null` removes it. */
  readonly comment: string | null;
  /** The comment before the change (`null`: none). */
  readonly existingComment?: string | null;
}

/** Checks the existing rows against a constraint added NOT VALID (PostgreSQL; nothing elsewhere). */
export interface ValidateConstraintOp extends OperationBase, TableRef {
  /** Tells the operation apart from the others. */
  readonly kind: 'validateConstraint';
  /** The constraint's name. */
  readonly name: string;
}

/** A named enum type (PostgreSQL's CREATE TYPE … AS ENUM; nothing where enums are column types). */
export interface CreateEnumOp extends OperationBase {
  /** Tells the operation apart from the others. */
  readonly kind: 'createEnum';
  /** The type's name. */
  readonly name: string;
  /** The type's schema (the default schema when absent). */
  readonly schema?: string;
  /** The values, in order. */
  readonly values: readonly string[];
}

/** Drops a named enum type. */
export interface DropEnumOp extends OperationBase {
  /** Tells the operation apart from the others. */
  readonly kind: 'dropEnum';
  /** The type's name. */
  readonly name: string;
  /** The type's schema (the default schema when absent). */
  readonly schema?: string;
  /** The values it had, so the drop can be reversed. */
  readonly existing?: readonly string[];
}

/** `ALTER TYPE … ADD VALUE` (PostgreSQL): committed before the rest of the migration runs. */
export interface AddEnumValueOp extends OperationBase {
  /** Tells the operation apart from the others. */
  readonly kind: 'addEnumValue';
  /** The type's name. */
  readonly name: string;
  /** The type's schema (the default schema when absent). */
  readonly schema?: string;
  /** The value to add. */
  readonly value: string;
  /** Place it before this value (at the end when neither `before` nor `after` is given). */
  readonly before?: string;
  /** Place it after this value. */
  readonly after?: string;
}

/** Renames a value of a named enum type (PostgreSQL). */
export interface RenameEnumValueOp extends OperationBase {
  /** Tells the operation apart from the others. */
  readonly kind: 'renameEnumValue';
  /** The type's name. */
  readonly name: string;
  /** The type's schema (the default schema when absent). */
  readonly schema?: string;
  /** The value's current text. */
  readonly value: string;
  /** The value's new text. */
  readonly newValue: string;
}

/** A column whose type is a named enum, for recreateEnum. */
export interface EnumColumnRef extends TableRef {
  /** The column's name. */
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
  /** Tells the operation apart from the others. */
  readonly kind: 'recreateEnum';
  /** The type's name. */
  readonly name: string;
  /** The type's schema (the default schema when absent). */
  readonly schema?: string;
  /** The new values, in order. */
  readonly values: readonly string[];
  /** The values it has before, so the change can be reversed. */
  readonly existing: readonly string[];
  /** The columns of this type, converted to the new one. */
  readonly columns: readonly EnumColumnRef[];
}

/** Trusted SQL, run as given; `reverseSql` makes it reversible. */
export interface ExecuteOp extends OperationBase {
  /** Tells the operation apart from the others. */
  readonly kind: 'execute';
  /** The SQL run on upgrade. */
  readonly sql: string;
  /** The SQL that undoes it, run on downgrade. */
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
  /** Tells the operation apart from the others. */
  readonly kind: 'batch';
  /** The changes, in order. */
  readonly operations: readonly BatchableOp[];
  /** Whether to rebuild the table: `auto` when the database cannot ALTER a change, `always`, or `never` (refusing what cannot be ALTERed). */
  readonly recreate: BatchRecreate;
  /** The table before the batch. */
  readonly existing?: TableSpec;
  /** Triggers and views to make again after a rebuild (the runner reflects them when absent). */
  readonly dependents?: BatchDependents;
}

/** What a rebuilt table takes with it: whole CREATE TRIGGER / CREATE VIEW statements. */
export interface BatchDependents {
  /** CREATE TRIGGER statements. */
  readonly triggers: readonly string[];
  /** Views, by name, with their CREATE VIEW statements. */
  readonly views: readonly {
    /** The view's name. */
    readonly name: string;
    /** Its CREATE VIEW statement. */
    readonly sql: string;
  }[];
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
export type OperationOfKind<K extends OperationKind> = Extract<
  MigrationOperation,
  {
    /** The kind asked for. */
    kind: K;
  }
>;

/** One statement an operation compiles to. */
export interface MigrationStatement {
  /** The statement's SQL text. */
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
