/**
 * Tables, columns and constraints as migration operations describe them: by database name, as
 * plain data, so that a recorded operation can be frozen, compared, reversed and rendered.
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
  /** The column's name in the database. */
  readonly name: string;
  /** The column's SQL type. */
  readonly type: SqlType<unknown>;
  /** Defaults to true, except for primary-key columns. */
  readonly nullable?: boolean;
  /** Part of the table's primary key. */
  readonly primaryKey?: boolean;
  /** Database-generated (identity / AUTO_INCREMENT); defaults as `column()` does. */
  readonly autoincrement?: boolean;
  /** The column's DEFAULT clause. */
  readonly serverDefault?: ServerDefault;
  /** The column's comment, where the database keeps one. */
  readonly comment?: string;
  /** The column's collation (the table's or type's default when absent). */
  readonly collation?: string;
  /** A generated column's expression. */
  readonly computed?: ComputedOptions;
  /** An identity column's options (start, increment, always or by default). */
  readonly identity?: IdentityOptions;
}

/** A foreign key: local column names to columns of a referred table. */
export interface ForeignKeySpec {
  /** The constraint's name (the database names it when absent). */
  readonly name?: string;
  /** The referring columns of this table, in order. */
  readonly columns: readonly string[];
  /** The referred table. */
  readonly referredTable: string;
  /** The referred table's schema (the default schema when absent). */
  readonly referredSchema?: string;
  /** The referred columns, in the order of `columns`. */
  readonly referredColumns: readonly string[];
  /** ON DELETE action. */
  readonly onDelete?: ReferentialAction;
  /** ON UPDATE action. */
  readonly onUpdate?: ReferentialAction;
}

/** A UNIQUE constraint on column names. */
export interface UniqueSpec {
  /** The constraint's name (the database names it when absent). */
  readonly name?: string;
  /** The constrained columns, in order. */
  readonly columns: readonly string[];
}

/** A CHECK constraint. */
export interface CheckSpec {
  /** The constraint's name (the database names it when absent). */
  readonly name?: string;
  /** Trusted SQL text. */
  readonly sql: string;
}

/** An index: column names and `{ sql }` expressions. */
export interface IndexSpec {
  /** The index's name. */
  readonly name: string;
  /** The indexed columns, and `{ sql }` for an indexed expression (trusted SQL text). */
  readonly columns: readonly (
    | string
    | {
        /** An indexed expression, as trusted SQL text. */
        readonly sql: string;
      }
  )[];
  /** A UNIQUE index. */
  readonly unique?: boolean;
  /** A partial index's predicate (trusted SQL text). */
  readonly where?: string;
  /** The index method (PostgreSQL: gin, gist, …). */
  readonly using?: string;
}

/** A whole table, for createTable and for the inverse of dropTable. */
export interface TableSpec {
  /** The table's name. */
  readonly name: string;
  /** The table's schema (the default schema when absent). */
  readonly schema?: string;
  /** The columns, in order. */
  readonly columns: readonly ColumnSpec[];
  /** Primary-key column names, when not marked on the columns. */
  readonly primaryKey?: readonly string[];
  /** Foreign keys created with the table. */
  readonly foreignKeys?: readonly ForeignKeySpec[];
  /** UNIQUE constraints created with the table. */
  readonly uniques?: readonly UniqueSpec[];
  /** CHECK constraints created with the table. */
  readonly checks?: readonly CheckSpec[];
  /** Created with the table, as separate CREATE INDEX statements. */
  readonly indexes?: readonly IndexSpec[];
  /** The table's comment, where the database keeps one. */
  readonly comment?: string;
  /** SQLite's table options (STRICT, WITHOUT ROWID). */
  readonly sqlite?: SqliteTableOptions;
}
