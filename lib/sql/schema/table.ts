/**
 * The schema objects: a table, its columns and its constraints, in one module because each refers
 * to the others (a column knows its table, a table its columns and constraints, a foreign key the
 * columns it points at). Around them: builders.ts (`column()`, `table()`), table-declarations.ts
 * (the options naming no schema object), table-layout.ts (the column layout, shared lookups),
 * table-constraints.ts (the constraints a table declares), schema-options.ts (the options' checks
 * and DDL values) and metadata.ts (the collection of tables).
 */

import { ConfigurationError } from '../../errors';
import { Expression } from '../expression/expression';
import {
  columnNode,
  tableAlias,
  tableNode,
  type FromNode,
  type TableAliasNode,
  type TableNode,
} from '../nodes';
import type { SqlType } from '../types/sql-type';
import { Sequence } from './sequence';
import {
  checkCollation,
  checkIdentity,
  checkServerDefault,
  referentialAction,
  type ComputedOptions,
  type IdentityOptions,
  type ReferentialAction,
  type SqlDefault,
  type SqliteTableOptions,
} from './schema-options';
import {
  CheckConstraint,
  type ColumnSchemaOptions,
  type FromClause,
  type IndexExpression,
  type TableSchemaOptions,
} from './table-declarations';
import { declaredConstraints } from './table-constraints';
import { checkIndexMethod, layOutColumns, renamedNames, resolveColumnPath } from './table-layout';

export {
  CheckConstraint,
  type FromClause,
  type IndexDeclaration,
  type IndexExpression,
} from './table-declarations';

// ---- columns ----------------------------------------------------------------------------------

/** Where a foreign key points: `'users.id'`, `'schema.users.id'`, a column, or a thunk for forward references. */
export type ForeignKeyTarget = string | Column<unknown> | (() => Column<unknown>);

/** Options of `column()`, shared with `@Column`. */
export interface ColumnOptions<T> extends ColumnSchemaOptions<T> {
  /** The referenced column: `'table.column'` or a column. */
  foreignKey?: ForeignKeyTarget;
  /** The foreign key's ON DELETE action. */
  onDelete?: ReferentialAction;
  /** The foreign key's ON UPDATE action. */
  onUpdate?: ReferentialAction;
}

/** A column definition before `table()` binds it to a table under a key. */
export class ColumnDef<T> {
  /** Phantom: the type of the column's values; never set. */
  declare readonly __value?: T;
  /**
   * A column definition; `table()` gives it its key and name.
   *
   * @param type - The column's SQL type.
   * @param options - The column's options (primary key, nullability, defaults, foreign key, …).
   */
  constructor(
    readonly type: SqlType<unknown>,
    readonly options: Readonly<ColumnOptions<T>>,
  ) {}
}

/**
 * A column of a table (or of an alias of it): an expression with a key, a database name and
 * the schema options.
 */
export class Column<T, K extends string = string> extends Expression<T> {
  /** Whether the column is part of the primary key. */
  readonly primaryKey: boolean;
  /** Whether it accepts NULL. */
  readonly nullable: boolean;
  /** Whether the database generates its values (identity, serial, AUTO_INCREMENT). */
  readonly autoincrement: boolean;
  /** The client-side default applied on INSERT (a value, or a function called per row). */
  readonly default: T | (() => T) | undefined;
  /** The client-side value applied on UPDATE. */
  readonly updateDefault: T | (() => T | Expression<T>) | undefined;
  /** The server default written into DDL. */
  readonly serverDefault: string | number | boolean | SqlDefault | undefined;
  /** Whether the server changes the value on UPDATE (a trigger or ON UPDATE), so it is read back. */
  readonly serverOnUpdate: boolean;
  /** Whether the column has a UNIQUE constraint of its own. */
  readonly unique: boolean;
  /** Whether the column has an index of its own. */
  readonly index: boolean;
  /** The column's comment, if any. */
  readonly comment: string | undefined;
  /** The column's collation, if not the default. */
  readonly collation: string | undefined;
  /** The generated-column expression, if it is one. */
  readonly computed: ComputedOptions | undefined;
  /** Identity options, if it is an identity column. */
  readonly identity: IdentityOptions | undefined;
  /** The sequence of the `sequence` option, or of a `serverDefault` that is its next value. */
  readonly sequence: Sequence | undefined;

  /** Made by `table()` (and by aliases and derived tables); applications do not call it. */
  constructor(
    /** The property key in `table.c`. */
    readonly key: K,
    /** The database name. */
    readonly name: string,
    type: SqlType<unknown>,
    /** The table the column belongs to. */
    readonly table: Table,
    from: TableNode | FromNode,
    /** The options the column was declared with. */
    readonly options: Readonly<ColumnOptions<T>>,
    /** The table column this one was derived from, for columns of an alias. */
    readonly original?: Column<T, K>,
    /** The FROM item queries read the column through, when not `from` (see `ColumnNode.readFrom`). */
    readFrom?: FromNode,
  ) {
    super(columnNode(from, name, type, key, readFrom), type);
    this.primaryKey = options.primaryKey ?? false;
    this.nullable = options.nullable ?? !this.primaryKey;
    this.autoincrement = options.autoincrement ?? false;
    const seq = options.sequence;
    if (seq !== undefined && !(seq instanceof Sequence))
      throw new ConfigurationError(`column '${table.name}.${name}': sequence must be a Sequence`);
    // The next value is an SQL expression the INSERT writes (the flush evaluates a key's first).
    this.default =
      options.default ?? (seq === undefined ? undefined : ((() => seq.nextValue()) as unknown as () => T));
    this.updateDefault = options.updateDefault;
    this.serverDefault = checkServerDefault(options.serverDefault, `column '${table.name}.${name}'`);
    this.serverOnUpdate = options.serverOnUpdate ?? false;
    this.unique = options.unique ?? false;
    this.index = options.index ?? false;
    this.comment = options.comment;
    this.collation = checkCollation(options.collation, `column '${table.name}.${name}'`);
    this.computed = options.computed;
    this.identity = checkIdentity(options.identity, `column '${table.name}.${name}'`);
    this.sequence = seq ?? (typeof this.serverDefault === 'object' ? this.serverDefault.sequence : undefined);
  }

  /** The names the column had before (`renamedFrom`), most recent first. */
  get renamedFrom(): readonly string[] {
    return renamedNames(this.options.renamedFrom);
  }

  /** The SQL type (never undefined for a table column). */
  get sqlType(): SqlType<unknown> {
    return this.type as SqlType<unknown>;
  }

  /** The column of the underlying table (itself for a table column). */
  get base(): Column<T, K> {
    return this.original ?? this;
  }

  override toString(): string {
    return `${this.table.fullName}.${this.name}`;
  }
}

// ---- tables -----------------------------------------------------------------------------------

/** The column definitions passed to `table()`. */
export type ColumnDefs = Record<string, ColumnDef<unknown>>;

/** The value type a column definition produces. */
export type DefValue<D> = D extends ColumnDef<infer T> ? T : never;

/** `table.c`: one typed column per key. */
export type ColumnsOf<C extends ColumnDefs> = { readonly [K in keyof C & string]: Column<DefValue<C[K]>, K> };

/** A row of the table as an object: what `select(table)` returns. */
export type RowOf<C extends ColumnDefs> = { [K in keyof C & string]: DefValue<C[K]> };

/** Options of `table()`. */
export interface TableOptions extends TableSchemaOptions {
  /** The MetaData that collects the table, for `createAll`, `sortedTables` and 'table.column' references. */
  metadata?: TableCollection;
  /** Composite foreign keys. */
  foreignKeys?: readonly {
    /** The constraint's name (default: the database names it). */
    name?: string;
    /** The local columns, by key. */
    columns: readonly string[];
    /** The referenced columns, one per local column. */
    references: readonly ForeignKeyTarget[];
    /** The ON DELETE action. */
    onDelete?: ReferentialAction;
    /** The ON UPDATE action. */
    onUpdate?: ReferentialAction;
  }[];
}

/**
 * The collection a table is declared in: a `MetaData`. Tables add themselves to it, and foreign
 * keys written as `'table.column'` are resolved through it.
 */
export interface TableCollection {
  /** Tables by full name (`schema.name` or `name`). */
  readonly tables: ReadonlyMap<string, Table>;
  /** Adds a table; a second table under the same full name is a ConfigurationError. */
  add(table: Table): void;
}

/**
 * FROM nodes of tables and aliases → their columns, so that a join can find the foreign keys
 * between two FROM items given only their nodes.
 * @internal
 */
export const columnsOfFrom = new WeakMap<FromNode, readonly Column<unknown>[]>();

/**
 * A table: its columns as typed expressions in `c`, constraints, and its place in a MetaData.
 * Create with `table()`.
 */
export class Table<C extends ColumnDefs = ColumnDefs> implements FromClause {
  /** The table's node in statements. */
  readonly node: TableNode;
  /** The columns by key: `users.c.email`. */
  readonly c: ColumnsOf<C>;
  readonly columns: readonly Column<unknown>[];
  /** The primary key's columns, in key order. */
  readonly primaryKey: readonly Column<unknown>[];
  /** Its foreign keys. */
  readonly foreignKeys: readonly ForeignKey[];
  /** Its indexes. */
  readonly indexes: readonly Index[];
  /** Its unique constraints. */
  readonly uniques: readonly UniqueConstraint[];
  /** Its check constraints. */
  readonly checks: readonly CheckConstraint[];
  /** Its comment, if any. */
  readonly comment: string | undefined;
  /** The names the table had before, most recent first. */
  readonly renamedFrom: readonly string[];
  /** SQLite table options (STRICT, WITHOUT ROWID). */
  readonly sqlite: Readonly<SqliteTableOptions>;

  /**
   * A table of `defs`; `table()` is the usual way to make one.
   *
   * @param name - The table's name in the database.
   * @param defs - Its columns by key.
   * @param metadata - The collection the table joins (`undefined`: none).
   * @param options - Schema, composite primary key, indexes, constraints and comment.
   * @throws ConfigurationError when a column or option is wrong.
   */
  constructor(
    readonly name: string,
    defs: C,
    readonly metadata: TableCollection | undefined,
    options: TableOptions = {},
  ) {
    this.node = tableNode(name, options.schema);
    const c: Record<string, Column<unknown>> = {};
    const columns: Column<unknown>[] = [];
    for (const { key, name: dbName, def, primaryKey, autoincrement } of layOutColumns(
      name,
      defs,
      options.primaryKey ?? [],
    )) {
      const col = new Column<unknown>(key, dbName, def.type, this as Table, this.node, {
        ...def.options,
        primaryKey,
        autoincrement,
      });
      c[key] = col;
      columns.push(col);
    }
    this.c = Object.freeze(c) as ColumnsOf<C>;
    this.columns = Object.freeze(columns);
    this.primaryKey = Object.freeze(columns.filter((col) => col.primaryKey));
    columnsOfFrom.set(this.node, this.columns);
    this.comment = options.comment;
    this.renamedFrom = Object.freeze([...renamedNames(options.renamedFrom)]);
    this.sqlite = Object.freeze({ ...options.sqlite });

    const fks: ForeignKey[] = [];
    const indexes: Index[] = [];
    const uniques: UniqueConstraint[] = [];
    const checks: CheckConstraint[] = [];
    for (const d of declaredConstraints<Column<unknown>, ForeignKeyTarget>(name, columns, c, options)) {
      const table = this as Table;
      if (d.kind === 'foreignKey')
        fks.push(new ForeignKey(table, d.columns, d.targets, d.onDelete, d.onUpdate, d.name));
      else if (d.kind === 'index') indexes.push(new Index(d.name, table, d.columns, d.unique, d.options));
      else if (d.kind === 'unique') uniques.push(new UniqueConstraint(d.name, d.columns));
      else checks.push(new CheckConstraint(d.name, d.sql));
    }
    this.foreignKeys = Object.freeze(fks);
    this.indexes = Object.freeze(indexes);
    this.uniques = Object.freeze(uniques);
    this.checks = Object.freeze(checks);
    metadata?.add(this as Table);
  }

  /** The table's schema, when it has one. */
  get schema(): string | undefined {
    return this.node.schemaName;
  }

  /** `schema.name`, or `name`. */
  get fullName(): string {
    return this.schema === undefined ? this.name : `${this.schema}.${this.name}`;
  }

  /** The node a FROM clause writes for the table. */
  get fromNode(): FromNode {
    return this.node;
  }

  /** The column with database name `name`. */
  columnByName(name: string): Column<unknown> | undefined {
    return this.columns.find((col) => col.name === name);
  }

  /**
   * An alias of the table, for self-joins: `const mgr = employees.alias('mgr')`.
   * Its columns are distinct expressions over the alias name.
   */
  alias(aliasName: string): TableAlias<C> {
    return new TableAlias<C>(this, aliasName);
  }
}

/** A table under another name in a FROM clause. */
export class TableAlias<C extends ColumnDefs = ColumnDefs> implements FromClause {
  /** The alias's node in statements. */
  readonly node: TableAliasNode;
  /** The table's columns under the alias: `u.c.email`. */
  readonly c: ColumnsOf<C>;
  readonly columns: readonly Column<unknown>[];

  /**
   * `table AS name`, with the table's columns under the alias.
   *
   * @param table - The aliased table.
   * @param name - The alias.
   */
  constructor(
    readonly table: Table<C>,
    readonly name: string,
  ) {
    this.node = tableAlias(table.node, name);
    const c: Record<string, Column<unknown>> = {};
    this.columns = Object.freeze(
      table.columns.map((col) => {
        const aliased = new Column<unknown>(
          col.key,
          col.name,
          col.sqlType,
          table as Table,
          this.node,
          col.options,
          col,
        );
        c[col.key] = aliased;
        return aliased;
      }),
    );
    this.c = Object.freeze(c) as ColumnsOf<C>;
    columnsOfFrom.set(this.node, this.columns);
  }

  /** The node a FROM clause writes for the alias. */
  get fromNode(): FromNode {
    return this.node;
  }
}

// ---- constraints ------------------------------------------------------------------------------

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
  /** A partial index's predicate, as trusted SQL text. */
  readonly where: string | undefined;
  /** The index method (PostgreSQL's `USING gin`, …), if not the default. */
  readonly using: string | undefined;

  /**
   * An index named `name` on `columns` of `table`.
   *
   * @param options - Expression elements, a partial-index WHERE and an index method.
   * @throws ConfigurationError when `using` is not a plain method name.
   */
  constructor(
    /** The index's name. */
    readonly name: string,
    /** The indexed table. */
    readonly table: Table,
    /** The plain columns of the index (its expressions are in `elements`). */
    readonly columns: readonly Column<unknown>[],
    /** Whether it is a unique index. */
    readonly unique: boolean,
    options: IndexOptions = {},
  ) {
    this.elements = options.elements ?? columns;
    this.where = options.where;
    this.using = checkIndexMethod(options.using, `index '${name}' of ${table.fullName}`);
  }
}

/** A UNIQUE constraint. */
export class UniqueConstraint {
  /**
   * A UNIQUE constraint over `columns`.
   *
   * @param name - The constraint's name (`undefined`: the database names it).
   * @param columns - Its columns.
   */
  constructor(
    readonly name: string | undefined,
    readonly columns: readonly Column<unknown>[],
  ) {}
}

/**
 * A foreign key from columns of one table to columns of another. The target is resolved lazily,
 * through the table's MetaData, so tables can refer to tables declared later.
 */
export class ForeignKey {
  private resolved: readonly Column<unknown>[] | undefined;
  /** The ON DELETE action, if any. */
  readonly onDelete: ReferentialAction | undefined;
  /** The ON UPDATE action, if any. */
  readonly onUpdate: ReferentialAction | undefined;

  /**
   * A foreign key from `columns` of `table` to the `targets`.
   *
   * @param targets - The referenced columns, resolved on first use.
   * @param onDelete - The ON DELETE action.
   * @param onUpdate - The ON UPDATE action.
   * @throws ConfigurationError when an action is not a referential action.
   */
  constructor(
    /** The referencing table. */
    readonly table: Table,
    /** The referencing columns. */
    readonly columns: readonly Column<unknown>[],
    private readonly targets: readonly ForeignKeyTarget[],
    onDelete: ReferentialAction | undefined,
    onUpdate: ReferentialAction | undefined,
    /** The constraint's name (`undefined`: the database names it). */
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

  /**
   * The referenced table.
   * @throws ConfigurationError when the target cannot be resolved.
   */
  get referredTable(): Table {
    return this.referredColumns[0]!.table;
  }

  private resolveTarget(target: ForeignKeyTarget, local: Column<unknown>): Column<unknown> {
    if (typeof target === 'function') return target();
    if (typeof target !== 'string') return target;
    return resolveColumnPath(
      target,
      this.table.metadata?.tables,
      `foreign key of ${this.table.fullName}.${local.name}`,
    );
  }
}
