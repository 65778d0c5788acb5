/**
 * `op.batchAlterTable`'s builder: the changes to one table, recorded as the operations a batch
 * holds. Its drops take what was there (`existing`) so that the batch's inverse can make it again.
 */
import { freezeOperation } from '../sql/migration';
import type * as o from '../sql/migration/operations';
import type { ColumnDef, IndexDeclaration } from '../sql/schema/table';
import type { ReferentialAction } from '../sql/schema/schema-options';
import { specOfDef, type AlterColumnChanges, type AlterPrimaryKeyOptions, type Consent } from './op-options';

/** The operations on one table inside `op.batchAlterTable`. */
export class BatchOperations {
  /** @internal */
  readonly operations: o.BatchableOp[] = [];

  /** The batch of one table; `op.batchAlterTable()` makes it and hands it to its callback. */
  constructor(
    private readonly table: string,
    private readonly schema: string | undefined,
  ) {}

  private ref(): o.TableRef {
    return this.schema === undefined ? { table: this.table } : { table: this.table, schema: this.schema };
  }

  private push(op: o.BatchableOp): this {
    this.operations.push(freezeOperation(op));
    return this;
  }

  /** Adds a column from a column definition. */
  addColumn(name: string, def: ColumnDef<unknown>): this {
    return this.push({ kind: 'addColumn', ...this.ref(), column: specOfDef(name, def) });
  }

  /** Drops a column; `existing` (its definition) lets the batch's inverse add it again. */
  dropColumn(name: string, options: Consent & { existing?: ColumnDef<unknown> } = {}): this {
    return this.push({
      kind: 'dropColumn',
      ...this.ref(),
      column: name,
      ...(options.existing ? { existing: specOfDef(name, options.existing) } : {}),
      ...(options.allowDestructive ? { allowDestructive: true } : {}),
    });
  }

  /** Changes a column's type, nullability, default, comment or collation. */
  alterColumn(name: string, changes: Omit<AlterColumnChanges, 'schema'>): this {
    return this.push({ kind: 'alterColumn', ...this.ref(), column: name, ...changes });
  }

  /** Renames a column. */
  renameColumn(name: string, newName: string): this {
    return this.push({ kind: 'renameColumn', ...this.ref(), column: name, newName });
  }

  /** Creates an index on columns or `{ sql }` expressions. */
  createIndex(
    name: string,
    columns: IndexDeclaration['columns'],
    options: { unique?: boolean; where?: string; using?: string } = {},
  ): this {
    return this.push({ kind: 'createIndex', ...this.ref(), index: { name, columns, ...options } });
  }

  /** Drops an index; `existing` makes it reversible. */
  dropIndex(name: string, options: { existing?: o.IndexSpec } = {}): this {
    return this.push({ kind: 'dropIndex', ...this.ref(), name, ...options });
  }

  /** Adds a UNIQUE constraint. */
  createUnique(name: string, columns: readonly string[]): this {
    return this.push({ kind: 'addUnique', ...this.ref(), unique: { name, columns } });
  }

  /** Drops a UNIQUE constraint; `existing` makes it reversible. */
  dropUnique(name: string, options: { existing?: o.UniqueSpec } = {}): this {
    return this.push({ kind: 'dropUnique', ...this.ref(), name, ...options });
  }

  /** Adds a foreign key. */
  createForeignKey(
    name: string,
    referredTable: string,
    columns: readonly string[],
    referredColumns: readonly string[],
    options: { onDelete?: ReferentialAction; onUpdate?: ReferentialAction; referredSchema?: string } = {},
  ): this {
    return this.push({
      kind: 'addForeignKey',
      ...this.ref(),
      foreignKey: { name, columns, referredTable, referredColumns, ...options },
    });
  }

  /** Drops a foreign key; `existing` makes it reversible. */
  dropForeignKey(name: string, options: { existing?: o.ForeignKeySpec } = {}): this {
    return this.push({ kind: 'dropForeignKey', ...this.ref(), name, ...options });
  }

  /** Adds a CHECK constraint (trusted SQL). */
  createCheck(name: string, sql: string): this {
    return this.push({ kind: 'addCheck', ...this.ref(), check: { name, sql } });
  }

  /** Drops a CHECK constraint; `existing` makes it reversible. */
  dropCheck(name: string, options: { existing?: o.CheckSpec } = {}): this {
    return this.push({ kind: 'dropCheck', ...this.ref(), name, ...options });
  }

  /** Replaces the table's primary key (a rebuild on SQLite). */
  alterPrimaryKey(columns: readonly string[], options: Omit<AlterPrimaryKeyOptions, 'schema'>): this {
    return this.push({ kind: 'alterPrimaryKey', ...this.ref(), columns, ...options });
  }
}
