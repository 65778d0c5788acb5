/**
 * The option shapes of the `op` API and the helpers its methods share (a column spec from a
 * `column()` definition, 'table.column' targets), apart so the batch API can use them too.
 */
import { ArgumentError } from '../errors';
import type * as o from '../sql/migration/operations';
import { columnSpecOf } from '../sql/migration/specs';
import { column } from '../sql/schema/builders';
import { Table, type ColumnDef, type ColumnOptions, type TableOptions } from '../sql/schema/table';
import type { ComputedOptions, ReferentialAction } from '../sql/schema/schema-options';
import type { SqlType } from '../sql/types/sql-type';

/** Where a table is, for the operations on an existing table. */
export interface InSchema {
  /** The table's schema (the default schema when absent). */
  schema?: string;
}

/** A foreign key of createTable: local column names to `'table.column'` (or `'schema.table.column'`) targets. */
export interface MigrationForeignKey {
  /** The constraint's name (the database names it when absent). */
  name?: string;
  /** The referring columns of the new table, in order. */
  columns: readonly string[];
  /** One `'table.column'` per referring column, all of one table. */
  references: readonly string[];
  /** ON DELETE action. */
  onDelete?: ReferentialAction;
  /** ON UPDATE action. */
  onUpdate?: ReferentialAction;
}

/** Options of `op.createTable`: the table options of `table()`, foreign keys named by string. */
export interface CreateTableOptions extends Omit<TableOptions, 'metadata' | 'foreignKeys' | 'renamedFrom'> {
  /** Foreign keys of several columns, or named ones (a column's `foreignKey` covers one column). */
  foreignKeys?: readonly MigrationForeignKey[];
}

/** The author accepts that the operation may lose data (autogenerate's per-operation consent). */
export interface Consent {
  /** Accept that the operation may lose data. */
  allowDestructive?: boolean;
}

/** What `op.alterColumn` changes; `existing*` say what the column has, for the downgrade and MySQL. */
export interface AlterColumnChanges extends InSchema, Consent {
  /** The new type. */
  type?: SqlType<unknown>;
  /** The new nullability. */
  nullable?: boolean;
  /** The new DEFAULT; `null` removes it. */
  serverDefault?: o.ServerDefault | null;
  /** The new comment; `null` removes it. */
  comment?: string | null;
  /** The column's collation; `null` returns it to the default. */
  collation?: string | null;
  /** A generated column's new expression (PostgreSQL drops and adds the column for it). */
  computed?: ComputedOptions;
  /** How to convert existing values to the new type (PostgreSQL's USING), as trusted SQL. */
  using?: string;
  /** The type before the change. */
  existingType?: SqlType<unknown>;
  /** The nullability before the change. */
  existingNullable?: boolean;
  /** The DEFAULT before the change (`null`: none). */
  existingServerDefault?: o.ServerDefault | null;
  /** The comment before the change (`null`: none). */
  existingComment?: string | null;
  /** The collation before the change (`null`: the default). */
  existingCollation?: string | null;
  /** The generated column's expression before the change. */
  existingComputed?: ComputedOptions;
}

/** Options of `op.alterPrimaryKey`: the key it replaces is required (the downgrade makes it again). */
export interface AlterPrimaryKeyOptions extends InSchema, Consent {
  /** The new key's constraint name, where the database keeps one. */
  name?: string;
  /** The primary key it replaces. */
  existing: {
    /** Its columns, in order (empty: none). */
    readonly columns: readonly string[];
    /** Its constraint name, where the database keeps one. */
    readonly name?: string;
  };
}

/** Options of `op.alterTableComment`. */
export interface AlterTableCommentOptions extends InSchema, Consent {
  /** The comment it had (`null`: none), for the downgrade. */
  existingComment?: string | null;
}

/** Options of `op.recreateEnum`: the values it has now and the columns that use it. */
export interface RecreateEnumOptions extends InSchema, Consent {
  /** The values the type has now, in order (for the downgrade). */
  existing: readonly string[];
  /** The columns of this type, converted to the new one. */
  columns: readonly o.EnumColumnRef[];
}

export function split(target: string, what: string): { table: string; schema?: string; column: string } {
  const parts = target.split('.');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === ''))
    throw new ArgumentError(`${what}: '${target}' must name 'table.column' or 'schema.table.column'`);
  const column = parts.pop()!;
  const table = parts.pop()!;
  return parts.length ? { table, schema: parts[0]!, column } : { table, column };
}

export function schemaOf(options: InSchema | undefined): { schema?: string } {
  return options?.schema === undefined ? {} : { schema: options.schema };
}

/** A column spec from a `column()` definition, under its database name. */
export function specOfDef(name: string, def: ColumnDef<unknown>): o.ColumnSpec {
  const { foreignKey: _fk, onDelete: _d, onUpdate: _u, ...options } = def.options as ColumnOptions<unknown>;
  const t = new Table('column', { [name]: column(def.type, options) as ColumnDef<unknown> }, undefined, {});
  return columnSpecOf(t.columns[0]!);
}
