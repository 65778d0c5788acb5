import { ConfigurationError } from '../../errors';
import { tableAlias, tableNode, type FromNode, type TableNode, type TableAliasNode } from '../nodes';
import { Column, ColumnDef, type ForeignKeyTarget, type ReferentialAction } from './column';
import { CheckConstraint, ForeignKey, Index, UniqueConstraint } from './constraints';
import type { MetaData } from './metadata';
import type { Expression } from '../expression/expression';
import { columnsOfFrom } from './from-registry';

/** The column definitions passed to `table()`. */
export type ColumnDefs = Record<string, ColumnDef<unknown>>;

/** The value type a column definition produces. */
export type DefValue<D> = D extends ColumnDef<infer T> ? T : never;

/** `table.c`: one typed column per key. */
export type ColumnsOf<C extends ColumnDefs> = { readonly [K in keyof C & string]: Column<DefValue<C[K]>, K> };

/** A row of the table as an object: what `select(table)` returns. */
export type RowOf<C extends ColumnDefs> = { [K in keyof C & string]: DefValue<C[K]> };

/** Options only SQLite reads. */
export interface SqliteTableOptions {
  /** A STRICT table: SQLite enforces the column types (INTEGER, REAL, TEXT, BLOB, ANY). */
  strict?: boolean;
  /** A WITHOUT ROWID table, clustered on its primary key. */
  withoutRowid?: boolean;
}

/** An index declared on a table: column keys, or `{ sql }` expressions. */
export interface IndexDeclaration {
  name?: string;
  columns: readonly (string | { sql: string })[];
  unique?: boolean;
  /** A partial index's predicate (PostgreSQL, SQLite, SQL Server; ignored by MySQL and Oracle). */
  where?: string;
  /** The index method (PostgreSQL: `'gin'`, `'gist'`, …). */
  using?: string;
}

export interface TableOptions {
  /** The MetaData that collects the table, for `createAll`, `sortedTables` and 'table.column' references. */
  metadata?: MetaData;
  schema?: string;
  /** A composite primary key, by column key (instead of `primaryKey: true` on the columns). */
  primaryKey?: readonly string[];
  indexes?: readonly IndexDeclaration[];
  uniques?: readonly { name?: string; columns: readonly string[] }[];
  /** CHECK constraints as trusted SQL text. */
  checks?: readonly { name?: string; sql: string }[];
  /** Composite foreign keys. */
  foreignKeys?: readonly {
    name?: string;
    columns: readonly string[];
    references: readonly ForeignKeyTarget[];
    onDelete?: ReferentialAction;
    onUpdate?: ReferentialAction;
  }[];
  comment?: string;
  /** The name(s) the table had before: migrations autogenerate a RENAME instead of DROP + CREATE. */
  renamedFrom?: string | readonly string[];
  sqlite?: SqliteTableOptions;
}

/** Anything a FROM clause can hold and whose columns can be selected. */
export interface FromClause {
  readonly fromNode: FromNode;
  /** The columns of the FROM item, in order. */
  readonly columns: readonly Expression<unknown>[];
}

/**
 * A table: its columns as typed expressions in `c`, constraints, and its place in a MetaData.
 * Create with `table()`.
 */
export class Table<C extends ColumnDefs = ColumnDefs> implements FromClause {
  readonly node: TableNode;
  readonly c: ColumnsOf<C>;
  readonly columns: readonly Column<unknown>[];
  readonly primaryKey: readonly Column<unknown>[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly indexes: readonly Index[];
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly comment: string | undefined;
  /** The names the table had before, most recent first. */
  readonly renamedFrom: readonly string[];
  readonly sqlite: Readonly<SqliteTableOptions>;

  constructor(
    readonly name: string,
    defs: C,
    readonly metadata: MetaData | undefined,
    options: TableOptions = {},
  ) {
    this.node = tableNode(name, options.schema);
    const compositePk = new Set(options.primaryKey ?? []);
    for (const key of compositePk) {
      if (!(key in defs))
        throw new ConfigurationError(`table '${name}': primaryKey names unknown column '${key}'`);
    }
    const pkKeys = Object.keys(defs).filter(
      (k) => compositePk.has(k) || defs[k]!.options.primaryKey === true,
    );
    const c: Record<string, Column<unknown>> = {};
    const columns: Column<unknown>[] = [];
    const seen = new Set<string>();
    for (const [key, def] of Object.entries(defs)) {
      const dbName = def.options.name ?? key;
      if (seen.has(dbName))
        throw new ConfigurationError(`table '${name}': two columns are named '${dbName}'`);
      seen.add(dbName);
      const isPk = pkKeys.includes(key);
      const integerLike = ['integer', 'bigint'].includes(def.type.affinity);
      const autoincrement =
        def.options.autoincrement ??
        (isPk && pkKeys.length === 1 && integerLike && def.options.foreignKey === undefined);
      const col = new Column<unknown>(key, dbName, def.type, this as Table, this.node, {
        ...def.options,
        primaryKey: isPk,
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
    const renamed = options.renamedFrom;
    this.renamedFrom = Object.freeze(
      renamed === undefined ? [] : typeof renamed === 'string' ? [renamed] : [...renamed],
    );
    this.sqlite = Object.freeze({ ...options.sqlite });

    const byKey = (key: string, what: string): Column<unknown> => {
      const col = c[key];
      if (col === undefined)
        throw new ConfigurationError(`table '${name}': ${what} names unknown column '${key}'`);
      return col;
    };
    const fks: ForeignKey[] = [];
    for (const col of columns) {
      const target = col.options.foreignKey;
      if (target !== undefined) {
        fks.push(
          new ForeignKey(
            this as Table,
            [col],
            [target],
            col.options.onDelete,
            col.options.onUpdate,
            undefined,
          ),
        );
      }
    }
    for (const fk of options.foreignKeys ?? []) {
      if (fk.columns.length !== fk.references.length) {
        throw new ConfigurationError(`table '${name}': a foreign key needs as many references as columns`);
      }
      const cols = fk.columns.map((k) => byKey(k, 'foreignKeys'));
      fks.push(new ForeignKey(this as Table, cols, fk.references, fk.onDelete, fk.onUpdate, fk.name));
    }
    this.foreignKeys = Object.freeze(fks);

    const indexes = (options.indexes ?? []).map((ix) => {
      const elements = ix.columns.map((k) =>
        typeof k === 'string' ? byKey(k, 'indexes') : Object.freeze({ sql: k.sql }),
      );
      const columnsOnly = elements.filter((e): e is Column<unknown> => e instanceof Column);
      const label = ix.columns.map((k) => (typeof k === 'string' ? k : 'expr')).join('_');
      return new Index(ix.name ?? `ix_${name}_${label}`, this as Table, columnsOnly, ix.unique ?? false, {
        elements,
        where: ix.where,
        using: ix.using,
      });
    });
    for (const col of columns) {
      if (col.index) indexes.push(new Index(`ix_${name}_${col.name}`, this as Table, [col], col.unique));
    }
    this.indexes = Object.freeze(indexes);
    const uniques = (options.uniques ?? []).map(
      (u) =>
        new UniqueConstraint(
          u.name,
          u.columns.map((k) => byKey(k, 'uniques')),
        ),
    );
    for (const col of columns)
      if (col.unique && !col.index) uniques.push(new UniqueConstraint(undefined, [col]));
    this.uniques = Object.freeze(uniques);
    this.checks = Object.freeze((options.checks ?? []).map((ch) => new CheckConstraint(ch.name, ch.sql)));
    metadata?.add(this as Table);
  }

  get schema(): string | undefined {
    return this.node.schemaName;
  }

  /** `schema.name`, or `name`. */
  get fullName(): string {
    return this.schema === undefined ? this.name : `${this.schema}.${this.name}`;
  }

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
  readonly node: TableAliasNode;
  readonly c: ColumnsOf<C>;
  readonly columns: readonly Column<unknown>[];

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

  get fromNode(): FromNode {
    return this.node;
  }
}

/**
 * Defines a table with typed columns.
 *
 * @example
 * const users = table('users', {
 *   id: column(types.integer(), { primaryKey: true }),
 *   name: column(types.string(50), { nullable: false }),
 * }, { metadata });
 * users.c.name.eq('sandy');
 */
export function table<C extends ColumnDefs>(name: string, columns: C, options: TableOptions = {}): Table<C> {
  return new Table<C>(name, columns, options.metadata, options);
}
