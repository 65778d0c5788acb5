import { ConfigurationError } from '../../errors';
import type { ReferentialAction } from './schema-options';
import type { IndexExpression, TableSchemaOptions } from './table-declarations';

/**
 * The constraints a table declares, over plain shapes: table.ts's constructor makes each one as
 * it is yielded, so the errors of a declaration come in declaration order, and nothing here names
 * its classes. `C` is the table's column, `T` a foreign key's target.
 */

/** What the constraints read of a column. */
export interface ConstrainedColumn<T> {
  /** The database name. */
  readonly name: string;
  /** Whether the column has an index of its own. */
  readonly index: boolean;
  /** Whether the column has a UNIQUE constraint (or, with `index`, a unique index) of its own. */
  readonly unique: boolean;
  /** The foreign key options of the column. */
  readonly options: {
    readonly foreignKey?: T;
    readonly onDelete?: ReferentialAction;
    readonly onUpdate?: ReferentialAction;
  };
}

/** The options of `table()` that declare constraints. */
export interface ConstraintOptions<T> extends Pick<TableSchemaOptions, 'indexes' | 'uniques' | 'checks'> {
  /** Composite foreign keys. */
  readonly foreignKeys?: readonly {
    readonly name?: string;
    readonly columns: readonly string[];
    readonly references: readonly T[];
    readonly onDelete?: ReferentialAction;
    readonly onUpdate?: ReferentialAction;
  }[];
}

/** One constraint to make, in the order the table lists them. */
export type ConstraintDeclaration<C, T> =
  | {
      readonly kind: 'foreignKey';
      readonly name: string | undefined;
      readonly columns: C[];
      readonly targets: readonly T[];
      readonly onDelete: ReferentialAction | undefined;
      readonly onUpdate: ReferentialAction | undefined;
    }
  | {
      readonly kind: 'index';
      readonly name: string;
      readonly columns: C[];
      readonly unique: boolean;
      /** Set for a declared index: its elements (columns and expressions), WHERE and method. */
      readonly options?: {
        readonly elements: (C | IndexExpression)[];
        readonly where: string | undefined;
        readonly using: string | undefined;
      };
    }
  | { readonly kind: 'unique'; readonly name: string | undefined; readonly columns: C[] }
  | { readonly kind: 'check'; readonly name: string | undefined; readonly sql: string };

/**
 * The constraints of table `tableName`: the columns' foreign keys, then the composite ones, the
 * declared indexes, the columns' indexes, the declared UNIQUE constraints, the columns' ones,
 * and the CHECK constraints. `byKey` holds the columns by key.
 *
 * @throws ConfigurationError when a declaration names an unknown column, or a composite foreign
 * key has not as many references as columns.
 */
export function* declaredConstraints<C extends ConstrainedColumn<T>, T>(
  tableName: string,
  columns: readonly C[],
  byKey: Readonly<Record<string, C>>,
  options: ConstraintOptions<T>,
): Generator<ConstraintDeclaration<C, T>> {
  const column = (key: string, what: string): C => {
    const col = byKey[key];
    if (col === undefined)
      throw new ConfigurationError(`table '${tableName}': ${what} names unknown column '${key}'`);
    return col;
  };
  for (const col of columns) {
    const target = col.options.foreignKey;
    if (target === undefined) continue;
    const { onDelete, onUpdate } = col.options;
    yield { kind: 'foreignKey', name: undefined, columns: [col], targets: [target], onDelete, onUpdate };
  }
  for (const fk of options.foreignKeys ?? []) {
    if (fk.columns.length !== fk.references.length) {
      throw new ConfigurationError(`table '${tableName}': a foreign key needs as many references as columns`);
    }
    const cols = fk.columns.map((k) => column(k, 'foreignKeys'));
    const { name, onDelete, onUpdate } = fk;
    yield { kind: 'foreignKey', name, columns: cols, targets: fk.references, onDelete, onUpdate };
  }
  for (const ix of options.indexes ?? []) {
    const elements = ix.columns.map((k) =>
      typeof k === 'string' ? column(k, 'indexes') : Object.freeze({ sql: k.sql }),
    );
    const plainColumns = elements.filter((_e, i) => typeof ix.columns[i] === 'string') as C[];
    const label = ix.columns.map((k) => (typeof k === 'string' ? k : 'expr')).join('_');
    yield {
      kind: 'index',
      name: ix.name ?? `ix_${tableName}_${label}`,
      columns: plainColumns,
      unique: ix.unique ?? false,
      options: { elements, where: ix.where, using: ix.using },
    };
  }
  for (const col of columns) {
    if (col.index)
      yield { kind: 'index', name: `ix_${tableName}_${col.name}`, columns: [col], unique: col.unique };
  }
  for (const u of options.uniques ?? []) {
    yield { kind: 'unique', name: u.name, columns: u.columns.map((k) => column(k, 'uniques')) };
  }
  for (const col of columns) {
    if (col.unique && !col.index) yield { kind: 'unique', name: undefined, columns: [col] };
  }
  for (const ch of options.checks ?? []) yield { kind: 'check', name: ch.name, sql: ch.sql };
}
