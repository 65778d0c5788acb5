import { ConfigurationError } from '../../errors';
import { referentialAction, type Column, type ForeignKeyTarget, type ReferentialAction } from './column';
import type { Table } from './table';

/** An expression element of an index, as trusted SQL text: `{ sql: 'lower(email)' }`. */
export interface IndexExpression {
  readonly sql: string;
}

/** An element of an index: a column or an expression. */
export type IndexElement = Column<unknown> | IndexExpression;

/** Options of an index beyond its columns. */
export interface IndexOptions {
  /** The elements in order, when some are expressions (the columns alone otherwise). */
  readonly elements?: readonly IndexElement[];
  /** A partial index's predicate, as trusted SQL text (PostgreSQL, SQLite, SQL Server; ignored by MySQL). */
  readonly where?: string;
  /** The index method (`'gin'`, `'gist'`, `'hash'`; PostgreSQL). */
  readonly using?: string;
}

/** An index over columns (and expressions) of one table. */
export class Index {
  /** Columns and expressions in order. */
  readonly elements: readonly IndexElement[];
  readonly where: string | undefined;
  readonly using: string | undefined;

  constructor(
    readonly name: string,
    readonly table: Table,
    /** The plain columns of the index (its expressions are in `elements`). */
    readonly columns: readonly Column<unknown>[],
    readonly unique: boolean,
    options: IndexOptions = {},
  ) {
    this.elements = options.elements ?? columns;
    this.where = options.where;
    // The index method is written into DDL as a keyword: only a plain name gets there.
    if (options.using !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.using))
      throw new ConfigurationError(
        `index '${name}' of ${table.fullName}: using ${JSON.stringify(options.using)} is not an index method name`,
      );
    this.using = options.using;
  }
}

/** A UNIQUE constraint. */
export class UniqueConstraint {
  constructor(
    readonly name: string | undefined,
    readonly columns: readonly Column<unknown>[],
  ) {}
}

/** A CHECK constraint. `sql` is trusted schema text, written by the developer. */
export class CheckConstraint {
  constructor(
    readonly name: string | undefined,
    readonly sql: string,
  ) {}
}

/**
 * A foreign key from columns of one table to columns of another. The target is resolved lazily,
 * through the table's MetaData, so tables can refer to tables declared later.
 */
export class ForeignKey {
  private resolved: readonly Column<unknown>[] | undefined;
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;

  constructor(
    readonly table: Table,
    readonly columns: readonly Column<unknown>[],
    private readonly targets: readonly ForeignKeyTarget[],
    onDelete: ReferentialAction | undefined,
    onUpdate: ReferentialAction | undefined,
    readonly name: string | undefined,
  ) {
    const where = `foreign key of ${table.fullName}(${columns.map((c) => c.name).join(', ')})`;
    this.onDelete = referentialAction(onDelete, where, 'onDelete');
    this.onUpdate = referentialAction(onUpdate, where, 'onUpdate');
  }

  /** The referenced columns, in the order of `columns`. Throws a ConfigurationError when unresolvable. */
  get referredColumns(): readonly Column<unknown>[] {
    this.resolved ??= this.targets.map((t, i) => this.resolveTarget(t, this.columns[i]!));
    return this.resolved;
  }

  get referredTable(): Table {
    return this.referredColumns[0]!.table;
  }

  private resolveTarget(target: ForeignKeyTarget, local: Column<unknown>): Column<unknown> {
    if (typeof target === 'function') return target();
    if (typeof target !== 'string') return target;
    const dot = target.lastIndexOf('.');
    const where = `foreign key of ${this.table.fullName}.${local.name}`;
    if (dot <= 0) {
      throw new ConfigurationError(`${where}: '${target}' must name 'table.column'`);
    }
    const tableName = target.slice(0, dot);
    const columnName = target.slice(dot + 1);
    const metadata = this.table.metadata;
    if (metadata === undefined) {
      throw new ConfigurationError(`${where}: '${target}' needs the table to belong to a MetaData`);
    }
    const table = metadata.tables.get(tableName);
    if (table === undefined) {
      throw new ConfigurationError(`${where}: no table '${tableName}' in its MetaData`);
    }
    const column = table.columns.find((c) => c.name === columnName);
    if (column === undefined) {
      throw new ConfigurationError(`${where}: table '${tableName}' has no column '${columnName}'`);
    }
    return column;
  }
}
