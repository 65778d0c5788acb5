/**
 * The `op` object a migration's `upgrade(op)` and `downgrade(op)` receive. Each call records one
 * operation (lib/sql/migration); the runner compiles and runs them in order once the function
 * returns, which is what lets the same file run online, print as an offline `--sql` script, be
 * linted, and resume step by step. Columns are declared as in `table()` (`op.column(op.types…)`),
 * so a migration file needs no runtime import from athanor.
 */
import { ArgumentError, IrreversibleMigrationError } from '../errors';
import { freezeOperation, reverseOperations, isIrreversible } from '../sql/migration';
import type * as o from '../sql/migration/operations';
import { tableSpecOf } from '../sql/migration/specs';
import { column } from '../sql/schema/builders';
import { Table, type ColumnDef, type ColumnOptions, type IndexDeclaration } from '../sql/schema/table';
import { sqlDefault, type ReferentialAction } from '../sql/schema/schema-options';
import { types } from '../sql/types';
import { BatchOperations } from './batch-ops';
import {
  schemaOf,
  specOfDef,
  split,
  type AlterColumnChanges,
  type AlterPrimaryKeyOptions,
  type AlterTableCommentOptions,
  type Consent,
  type CreateTableOptions,
  type InSchema,
  type RecreateEnumOptions,
} from './op-options';

export { BatchOperations } from './batch-ops';
export type {
  AlterColumnChanges,
  AlterPrimaryKeyOptions,
  AlterTableCommentOptions,
  Consent,
  CreateTableOptions,
  InSchema,
  MigrationForeignKey,
  RecreateEnumOptions,
} from './op-options';

/**
 * The operations API of a migration file.
 *
 * @example
 * export function upgrade(op: MigrationOps): void {
 *   op.createTable('users', {
 *     id: op.column(op.types.integer(), { primaryKey: true }),
 *     email: op.column(op.types.string(200), { nullable: false }),
 *   });
 *   op.createIndex('ix_users_email', 'users', ['email'], { unique: true });
 * }
 */
export class MigrationOps {
  /** The column types (`op.types.string(50)`), as `types` from athanor. */
  readonly types: typeof types = types;
  /** A column definition, as `column()` from athanor. */
  readonly column: typeof column = column;
  /** A server default written as SQL: `op.sqlDefault('CURRENT_TIMESTAMP')`. */
  readonly sqlDefault: typeof sqlDefault = sqlDefault;

  private readonly recorded: o.MigrationOperation[] = [];

  /** The operations recorded so far, in order. */
  get operations(): readonly o.MigrationOperation[] {
    return this.recorded;
  }

  /** Records an operation given as data (what autogenerate produces). */
  add(op: o.MigrationOperation): this {
    this.recorded.push(freezeOperation(op));
    return this;
  }

  /** CREATE TABLE from column definitions as entities declare them; a column's `foreignKey: 'table.column'` and `options.foreignKeys` become the table's foreign keys. */
  createTable(
    name: string,
    columns: Record<string, ColumnDef<unknown>>,
    options: CreateTableOptions = {},
  ): this {
    const { foreignKeys, ...tableOptions } = options;
    const plain: Record<string, ColumnDef<unknown>> = {};
    const fks: o.ForeignKeySpec[] = [];
    for (const [key, def] of Object.entries(columns)) {
      const { foreignKey, onDelete, onUpdate, ...rest } = def.options as ColumnOptions<unknown>;
      plain[key] = column(def.type, rest as ColumnOptions<unknown>) as ColumnDef<unknown>;
      if (foreignKey === undefined) continue;
      if (typeof foreignKey !== 'string')
        throw new ArgumentError(
          `createTable '${name}': column '${key}' must name its foreign key as 'table.column'`,
        );
      const target = split(foreignKey, `createTable '${name}' column '${key}'`);
      fks.push({
        columns: [rest.name ?? key],
        referredTable: target.table,
        ...(target.schema === undefined ? {} : { referredSchema: target.schema }),
        referredColumns: [target.column],
        ...(onDelete === undefined ? {} : { onDelete }),
        ...(onUpdate === undefined ? {} : { onUpdate }),
      });
    }
    for (const fk of foreignKeys ?? []) {
      const targets = fk.references.map((r) => split(r, `createTable '${name}' foreign key`));
      fks.push({
        ...(fk.name === undefined ? {} : { name: fk.name }),
        columns: fk.columns,
        referredTable: targets[0]!.table,
        ...(targets[0]!.schema === undefined ? {} : { referredSchema: targets[0]!.schema }),
        referredColumns: targets.map((t) => t.column),
        ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
        ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
      });
    }
    const spec = tableSpecOf(new Table(name, plain, undefined, tableOptions));
    return this.add({ kind: 'createTable', spec: { ...spec, foreignKeys: fks } });
  }

  /** DROP TABLE; `existing` (a TableSpec, as autogenerate writes it) makes it reversible. */
  dropTable(name: string, options: InSchema & Consent & { existing?: o.TableSpec } = {}): this {
    return this.add({
      kind: 'dropTable',
      table: name,
      ...schemaOf(options),
      ...(options.existing ? { existing: options.existing } : {}),
      ...(options.allowDestructive ? { allowDestructive: true } : {}),
    });
  }

  /** Renames a table. */
  renameTable(name: string, newName: string, options: InSchema = {}): this {
    return this.add({ kind: 'renameTable', table: name, newName, ...schemaOf(options) });
  }

  /** ADD COLUMN from a column definition (`op.column(op.types.string(50), { nullable: false })`). */
  addColumn(table: string, name: string, def: ColumnDef<unknown>, options: InSchema = {}): this {
    return this.add({ kind: 'addColumn', table, ...schemaOf(options), column: specOfDef(name, def) });
  }

  /** DROP COLUMN; `existing` (the column's definition) makes it reversible. */
  dropColumn(
    table: string,
    name: string,
    options: InSchema & Consent & { existing?: ColumnDef<unknown> } = {},
  ): this {
    return this.add({
      kind: 'dropColumn',
      table,
      ...schemaOf(options),
      column: name,
      ...(options.existing ? { existing: specOfDef(name, options.existing) } : {}),
      ...(options.allowDestructive ? { allowDestructive: true } : {}),
    });
  }

  /** Changes a column's type, nullability, default, comment or collation; the `existing*` fields make it reversible. */
  alterColumn(table: string, name: string, changes: AlterColumnChanges): this {
    const { schema, ...rest } = changes;
    return this.add({ kind: 'alterColumn', table, ...schemaOf({ schema }), column: name, ...rest });
  }

  /** Renames a column. */
  renameColumn(table: string, name: string, newName: string, options: InSchema = {}): this {
    return this.add({ kind: 'renameColumn', table, ...schemaOf(options), column: name, newName });
  }

  /** CREATE INDEX on columns or `{ sql }` expressions; `concurrently` builds it without blocking writes (PostgreSQL). */
  createIndex(
    name: string,
    table: string,
    columns: IndexDeclaration['columns'],
    options: InSchema & { unique?: boolean; where?: string; using?: string; concurrently?: boolean } = {},
  ): this {
    const { schema, concurrently, ...index } = options;
    return this.add({
      kind: 'createIndex',
      table,
      ...schemaOf({ schema }),
      index: { name, columns, ...index },
      ...(concurrently ? { concurrently } : {}),
    });
  }

  /** DROP INDEX; `existing` (the index's spec) makes it reversible. */
  dropIndex(
    name: string,
    table: string,
    options: InSchema & { existing?: o.IndexSpec; concurrently?: boolean } = {},
  ): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'dropIndex', table, ...schemaOf({ schema }), name, ...rest });
  }

  /** Adds a named UNIQUE constraint. */
  createUnique(name: string, table: string, columns: readonly string[], options: InSchema = {}): this {
    return this.add({ kind: 'addUnique', table, ...schemaOf(options), unique: { name, columns } });
  }

  /** Drops a UNIQUE constraint; `existing` makes it reversible. */
  dropUnique(name: string, table: string, options: InSchema & { existing?: o.UniqueSpec } = {}): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'dropUnique', table, ...schemaOf({ schema }), name, ...rest });
  }

  /** Adds a named foreign key; `notValid` skips checking existing rows (PostgreSQL's NOT VALID). */
  createForeignKey(
    name: string,
    table: string,
    referredTable: string,
    columns: readonly string[],
    referredColumns: readonly string[],
    options: InSchema & {
      referredSchema?: string;
      onDelete?: ReferentialAction;
      onUpdate?: ReferentialAction;
      notValid?: boolean;
    } = {},
  ): this {
    const { schema, notValid, ...fk } = options;
    return this.add({
      kind: 'addForeignKey',
      table,
      ...schemaOf({ schema }),
      foreignKey: { name, columns, referredTable, referredColumns, ...fk },
      ...(notValid ? { notValid } : {}),
    });
  }

  /** Drops a foreign key; `existing` makes it reversible. */
  dropForeignKey(
    name: string,
    table: string,
    options: InSchema & { existing?: o.ForeignKeySpec } = {},
  ): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'dropForeignKey', table, ...schemaOf({ schema }), name, ...rest });
  }

  /** Adds a named CHECK constraint (trusted SQL); `notValid` skips checking existing rows (PostgreSQL). */
  createCheck(
    name: string,
    table: string,
    sql: string,
    options: InSchema & { notValid?: boolean } = {},
  ): this {
    const { schema, notValid } = options;
    return this.add({
      kind: 'addCheck',
      table,
      ...schemaOf({ schema }),
      check: { name, sql },
      ...(notValid ? { notValid } : {}),
    });
  }

  /** Drops a CHECK constraint; `existing` makes it reversible. */
  dropCheck(name: string, table: string, options: InSchema & { existing?: o.CheckSpec } = {}): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'dropCheck', table, ...schemaOf({ schema }), name, ...rest });
  }

  /**
   * Replaces a table's primary key (none before or after when a list is empty).
   * @example op.alterPrimaryKey('orders', ['id', 'region'], { existing: { columns: ['id'], name: 'orders_pkey' } })
   */
  alterPrimaryKey(table: string, columns: readonly string[], options: AlterPrimaryKeyOptions): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'alterPrimaryKey', table, ...schemaOf({ schema }), columns, ...rest });
  }

  /** Sets a table's comment, or removes it (`null`). */
  alterTableComment(table: string, comment: string | null, options: AlterTableCommentOptions = {}): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'alterTableComment', table, ...schemaOf({ schema }), comment, ...rest });
  }

  /**
   * Gives a named enum type a new list of values when values go or change order (PostgreSQL:
   * the type made again and each column, arrays of it too, converted through text). Fails,
   * changing nothing, while a row holds a value the new list lacks.
   */
  recreateEnum(name: string, values: readonly string[], options: RecreateEnumOptions): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'recreateEnum', name, ...schemaOf({ schema }), values, ...rest });
  }

  /** Checks the existing rows against a constraint added `notValid` (PostgreSQL; nothing elsewhere). */
  validateConstraint(name: string, table: string, options: InSchema = {}): this {
    return this.add({ kind: 'validateConstraint', table, ...schemaOf(options), name });
  }

  /** Creates a named enum type (PostgreSQL; nothing where enums are column types). */
  createEnum(name: string, values: readonly string[], options: InSchema = {}): this {
    return this.add({ kind: 'createEnum', name, ...schemaOf(options), values });
  }

  /** Drops a named enum type; `existing` (its values) makes it reversible. */
  dropEnum(name: string, options: InSchema & Consent & { existing?: readonly string[] } = {}): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'dropEnum', name, ...schemaOf({ schema }), ...rest });
  }

  /** Adds a value to a named enum type (PostgreSQL), at the end or `before` / `after` another. */
  addEnumValue(
    name: string,
    value: string,
    options: InSchema & { before?: string; after?: string } = {},
  ): this {
    const { schema, ...rest } = options;
    return this.add({ kind: 'addEnumValue', name, ...schemaOf({ schema }), value, ...rest });
  }

  /** Renames a value of a named enum type (PostgreSQL). */
  renameEnumValue(name: string, value: string, newValue: string, options: InSchema = {}): this {
    return this.add({ kind: 'renameEnumValue', name, ...schemaOf(options), value, newValue });
  }

  /** Trusted SQL, run as given (data migrations); `reverseSql` makes it reversible. */
  execute(sql: string, options: { reverseSql?: string } = {}): this {
    return this.add({ kind: 'execute', sql, ...options });
  }

  /**
   * Several changes to one table; where the database cannot ALTER them (SQLite), the table is
   * rebuilt, keeping its rows, indexes, triggers and views.
   * @example op.batchAlterTable('users', (batch) => batch.alterColumn('email', { nullable: false }))
   */
  batchAlterTable(
    table: string,
    fn: (batch: BatchOperations) => void,
    options: InSchema & {
      recreate?: o.BatchRecreate;
      existing?: o.TableSpec;
      dependents?: o.BatchDependents;
    } = {},
  ): this {
    const batch = new BatchOperations(table, options.schema);
    fn(batch);
    return this.add({
      kind: 'batch',
      table,
      ...schemaOf(options),
      recreate: options.recreate ?? 'auto',
      operations: batch.operations,
      ...(options.existing ? { existing: options.existing } : {}),
      ...(options.dependents ? { dependents: options.dependents } : {}),
    });
  }

  /**
   * Records the inverse of what `upgrade` records: `downgrade = (op) => op.reverseOf(upgrade)`.
   * Throws IrreversibleMigrationError naming the operation that cannot be undone.
   */
  async reverseOf(
    upgrade: (op: MigrationOps) => void | Promise<void>,
    revision = '(this revision)',
  ): Promise<this> {
    const forward = new MigrationOps();
    await upgrade(forward);
    const back = reverseOperations(forward.operations);
    if (isIrreversible(back)) throw new IrreversibleMigrationError(revision, back.reason);
    for (const op of back) this.add(op);
    return this;
  }
}
