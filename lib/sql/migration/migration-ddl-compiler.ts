/**
 * Operations to SQL. The base class writes the SQL standard's (and PostgreSQL's) ALTER forms; each
 * dialect's `migration-ddl.ts` subclasses it where the database differs. Column definitions,
 * defaults, foreign keys and indexes come from the dialect's DDL compiler, so a migration writes a
 * column exactly as `createAll()` would; those pieces are in migration-ddl-pieces.ts, the table
 * rebuild's bookkeeping in batch-rebuild.ts.
 */
import { CompileError } from '../../errors';
import {
  createEnumTypeNode,
  createIndexNode,
  createTableNode,
  dropEnumTypeNode,
  dropIndexNode,
} from '../schema/ddl-nodes';
import type { Table } from '../schema/table';
import { types } from '../types';
import type { ComputedOptions } from '../schema/schema-options';
import type * as o from './operations';
import { applyToTableSpec } from './apply';
import { sourceColumns, withExisting } from './batch-rebuild';
import { MigrationDdlPieces } from './migration-ddl-pieces';
import { indexOfSpec, tableOfSpec } from './specs';

type Statements = o.MigrationStatement[];

/**
 * Compiles migration operations to a dialect's SQL: the SQL standard's ALTER forms here, each
 * dialect's differences in a subclass (`Dialect.migrationDdlCompiler`).
 */
export class MigrationDdlCompiler extends MigrationDdlPieces {
  /** The statements of one operation, in order. */
  compile(op: o.MigrationOperation): readonly o.MigrationStatement[] {
    return Object.freeze(this.visit(op).map((s) => Object.freeze(s)));
  }

  /** Statements run before the migration's transaction begins (SQLite turns foreign keys off for a rebuild). */
  beforeTransaction(_ops: readonly o.MigrationOperation[]): string[] {
    return [];
  }

  /** Statements run after it ends. */
  afterTransaction(_ops: readonly o.MigrationOperation[]): string[] {
    return [];
  }

  /** Queries run before COMMIT that must return no rows (SQLite's foreign_key_check after a rebuild). */
  integrityChecks(_ops: readonly o.MigrationOperation[]): string[] {
    return [];
  }

  /**
   * Whether `op` drops the column and adds it again: a generated column's new expression, which
   * the SQL standard's ALTER cannot change in place. Its indexes and constraints go with it.
   */
  regeneratesColumn(op: o.AlterColumnOp): boolean {
    return op.computed !== undefined;
  }

  /** The statements of one operation, by kind. */
  protected visit(op: o.MigrationOperation): Statements {
    switch (op.kind) {
      case 'createTable':
        return this.createTable(op);
      case 'dropTable':
        return [{ sql: `DROP TABLE ${this.table(op)}` }];
      case 'renameTable':
        return this.renameTable(op);
      case 'addColumn':
        return this.addColumn(op);
      case 'dropColumn':
        return [{ sql: `ALTER TABLE ${this.table(op)} DROP COLUMN ${this.q(op.column)}` }];
      case 'alterColumn':
        return this.alterColumn(op);
      case 'renameColumn':
        return this.renameColumn(op);
      case 'createIndex':
        return this.createIndex(op);
      case 'dropIndex':
        return this.dropIndex(op);
      case 'addUnique':
        return [
          {
            sql: `ALTER TABLE ${this.table(op)} ADD ${this.constraintPrefix(op.unique.name)}UNIQUE (${this.names(op.unique.columns)})`,
          },
        ];
      case 'dropUnique':
        return this.dropConstraint(
          op,
          this.named(op, op.name, `unique constraint on (${(op.existing?.columns ?? []).join(', ')})`),
          'unique',
        );
      case 'addForeignKey':
        return this.addForeignKey(op);
      case 'dropForeignKey':
        return this.dropConstraint(op, op.name, 'foreignKey');
      case 'addCheck':
        return this.addCheck(op);
      case 'dropCheck':
        return this.dropConstraint(
          op,
          this.named(op, op.name, `CHECK (${op.existing?.sql ?? '?'})`),
          'check',
        );
      case 'alterPrimaryKey':
        return this.alterPrimaryKey(op);
      case 'alterTableComment':
        return this.alterTableComment(op);
      case 'recreateEnum':
        return this.dialect.capabilities.namedEnumTypes ? this.recreateEnum(op) : [];
      case 'validateConstraint':
        return this.validateConstraint(op);
      case 'createEnum':
        return this.dialect.capabilities.namedEnumTypes
          ? [this.ddl(createEnumTypeNode(op.name, op.schema, op.values, false))]
          : [];
      case 'dropEnum':
        return this.dialect.capabilities.namedEnumTypes
          ? [this.ddl(dropEnumTypeNode(op.name, op.schema, false))]
          : [];
      case 'addEnumValue':
        return this.addEnumValue(op);
      case 'renameEnumValue':
        return this.renameEnumValue(op);
      case 'execute':
        return [{ sql: op.sql }];
      case 'batch':
        return this.batch(op);
    }
  }

  // ---- tables -----------------------------------------------------------------------------------

  /** CREATE TABLE, then the indexes and comments the dialect keeps out of it. */
  protected createTable(op: o.CreateTableOp): Statements {
    const table = tableOfSpec(op.spec);
    const out: Statements = [this.ddl(createTableNode(table, false))];
    if (!this.dialect.capabilities.indexesInCreateTable) {
      for (const ix of table.indexes) out.push(this.ddl(createIndexNode(ix, false)));
    }
    out.push(...this.tableComments(table));
    return out;
  }

  /** Comments of a new table and its columns, where they are separate statements. */
  protected tableComments(_table: Table): Statements {
    return [];
  }

  /** The table renamed. */
  protected renameTable(op: o.RenameTableOp): Statements {
    return [{ sql: `ALTER TABLE ${this.table(op)} RENAME TO ${this.q(op.newName)}` }];
  }

  // ---- columns ----------------------------------------------------------------------------------

  /** ALTER TABLE … ADD COLUMN. */
  protected addColumn(op: o.AddColumnOp): Statements {
    return [{ sql: `ALTER TABLE ${this.table(op)} ADD COLUMN ${this.columnSql(op, op.column)}` }];
  }

  /** ALTER TABLE … RENAME COLUMN. */
  protected renameColumn(op: o.RenameColumnOp): Statements {
    return [
      { sql: `ALTER TABLE ${this.table(op)} RENAME COLUMN ${this.q(op.column)} TO ${this.q(op.newName)}` },
    ];
  }

  /** One statement per changed property, in the SQL standard's ALTER COLUMN form. */
  protected alterColumn(op: o.AlterColumnOp): Statements {
    const head = `ALTER TABLE ${this.table(op)} ALTER COLUMN ${this.q(op.column)}`;
    const out: Statements = [];
    if (op.type !== undefined) {
      out.push({ sql: `${head} TYPE ${this.typeSql(op.type)}${op.using ? ` USING ${op.using}` : ''}` });
    }
    if (op.nullable !== undefined) out.push({ sql: `${head} ${op.nullable ? 'DROP' : 'SET'} NOT NULL` });
    if (op.serverDefault !== undefined) {
      out.push({
        sql:
          op.serverDefault === null
            ? `${head} DROP DEFAULT`
            : `${head} SET DEFAULT ${this.defaultSql(op, op.column, op.serverDefault, op.type ?? op.existingType)}`,
      });
    }
    if (op.collation !== undefined) {
      const type = this.restatedType(op, 'collation');
      const collation = this.ddlCompiler().collationClause(op.collation ?? 'default');
      out.push({ sql: `${head} TYPE ${this.typeSql(type)}${collation}` });
    }
    if (op.computed !== undefined) out.push(...this.alterComputed(op, op.computed));
    if (op.comment !== undefined) out.push(...this.columnComment(op, op.column, op.comment));
    return out;
  }

  /**
   * A generated column's new expression: the column dropped and added again with it (its values
   * are derived, so none is lost; autogenerate makes the indexes and keys on it again after).
   */
  protected alterComputed(op: o.AlterColumnOp, computed: ComputedOptions): Statements {
    const type = this.restatedType(op, 'generated expression');
    const spec: o.ColumnSpec = {
      name: op.column,
      type,
      nullable: op.nullable ?? op.existingNullable ?? true,
      computed,
      ...(op.existingCollation ? { collation: op.existingCollation } : {}),
    };
    return [
      { sql: `ALTER TABLE ${this.table(op)} DROP COLUMN ${this.q(op.column)}` },
      { sql: `ALTER TABLE ${this.table(op)} ADD COLUMN ${this.columnSql(op, spec)}` },
    ];
  }

  // ---- table-wide ---------------------------------------------------------------------------------

  /** The old key dropped (by its name; PostgreSQL's default `<table>_pkey`), the new one added. */
  protected alterPrimaryKey(op: o.AlterPrimaryKeyOp): Statements {
    const out: Statements = [];
    if (op.existing === undefined) {
      throw new CompileError(`alterPrimaryKey of '${op.table}' needs the key it replaces (existing)`);
    }
    if (op.existing.columns.length) {
      const name = op.existing.name ?? `${op.table}_pkey`;
      out.push({ sql: `ALTER TABLE ${this.table(op)} DROP CONSTRAINT ${this.q(name)}` });
    }
    if (op.columns.length) {
      out.push({
        sql: `ALTER TABLE ${this.table(op)} ADD ${this.constraintPrefix(op.name)}PRIMARY KEY (${this.names(op.columns)})`,
      });
    }
    return out;
  }

  /** A table comment set or removed; refused where the dialect has none. */
  protected alterTableComment(op: o.AlterTableCommentOp): Statements {
    return this.unsupported(`a comment on table '${op.table}'`);
  }

  /** A named enum type with another list of values (only where the dialect has named enum types). */
  protected recreateEnum(op: o.RecreateEnumOp): Statements {
    return this.unsupported(`recreating enum type '${op.name}'`);
  }

  /** `COMMENT ON COLUMN`, where the database has it. */
  protected columnComment(_ref: o.TableRef, column: string, _comment: string | null): Statements {
    return this.unsupported(`a comment on column '${column}'`);
  }

  // ---- indexes and constraints ------------------------------------------------------------------

  /** CREATE INDEX. */
  protected createIndex(op: o.CreateIndexOp): Statements {
    return [this.ddl(createIndexNode(indexOfSpec(op.table, op.schema, op.index), false))];
  }

  /** DROP INDEX. */
  protected dropIndex(op: o.DropIndexOp): Statements {
    return [this.ddl(dropIndexNode(indexOfSpec(op.table, op.schema, { name: op.name, columns: [] }), false))];
  }

  /** A named constraint dropped (`type` says which kind, for dialects that drop each kind its own way). */
  protected dropConstraint(
    ref: o.TableRef,
    name: string,
    _type: 'unique' | 'foreignKey' | 'check',
  ): Statements {
    return [{ sql: `ALTER TABLE ${this.table(ref)} DROP CONSTRAINT ${this.q(name)}` }];
  }

  /** ALTER TABLE … ADD a foreign key. */
  protected addForeignKey(op: o.AddForeignKeyOp): Statements {
    const table = tableOfSpec({
      name: op.table,
      ...(op.schema === undefined ? {} : { schema: op.schema }),
      // A key referring to its own table names columns of it besides its own.
      columns: [
        ...new Set([...op.foreignKey.columns, ...(selfReferring(op) ? op.foreignKey.referredColumns : [])]),
      ].map((c) => ({ name: c, type: types.integer() })),
      foreignKeys: [op.foreignKey],
    });
    const clause = this.ddlCompiler().foreignKeySql(table.foreignKeys[0]!);
    return [{ sql: `ALTER TABLE ${this.table(op)} ADD ${clause}${op.notValid ? this.notValid() : ''}` }];
  }

  /** ALTER TABLE … ADD a CHECK constraint. */
  protected addCheck(op: o.AddCheckOp): Statements {
    return [
      {
        sql: `ALTER TABLE ${this.table(op)} ADD ${this.constraintPrefix(op.check.name)}CHECK (${op.check.sql})${op.notValid ? this.notValid() : ''}`,
      },
    ];
  }

  /** The clause that skips checking existing rows: nothing where the database has none. */
  protected notValid(): string {
    return '';
  }

  /** A NOT VALID constraint checked; nothing where constraints are always checked. */
  protected validateConstraint(_op: o.ValidateConstraintOp): Statements {
    return [];
  }

  // ---- enums --------------------------------------------------------------------------------------

  /** A value added to a named enum type; refused where enum values are part of the column type. */
  protected addEnumValue(op: o.AddEnumValueOp): Statements {
    return this.unsupported(
      `adding a value to enum '${op.name}' (enum values are part of the column type here: alterColumn the columns)`,
    );
  }

  /** A value of a named enum type renamed; refused where enum values are part of the column type. */
  protected renameEnumValue(op: o.RenameEnumValueOp): Statements {
    return this.unsupported(
      `renaming a value of enum '${op.name}' (enum values are part of the column type here: alterColumn the columns)`,
    );
  }

  // ---- batch ------------------------------------------------------------------------------------

  /** Whether the database can ALTER what this operation asks, without rebuilding the table. */
  protected alterable(_op: o.BatchableOp): boolean {
    return true;
  }

  /** A batch: its operations one by one, or the table rebuilt when one of them cannot be ALTERed (or `recreate: 'always'`). */
  protected batch(op: o.BatchOp): Statements {
    const rebuild =
      op.recreate === 'always' ||
      (op.recreate === 'auto' && op.operations.some((inner) => !this.alterable(inner)));
    if (!rebuild) {
      return op.operations.flatMap((inner) =>
        this.visit(
          withExisting(
            { ...inner, table: op.table, ...(op.schema === undefined ? {} : { schema: op.schema }) },
            op.existing,
          ),
        ),
      );
    }
    if (op.existing === undefined) {
      throw new CompileError(
        `batch on '${op.table}' rebuilds the table and needs its current definition (existing); online, the runner reflects it`,
      );
    }
    return this.rebuildTable(op, op.existing);
  }

  /**
   * The table rebuild: a new table with the new shape, the rows copied across (renamed columns
   * followed), the old table dropped, the new one renamed, its indexes, triggers and views made
   * again. Views naming the table are dropped first, so that no step sees a view of a missing table.
   */
  protected rebuildTable(op: o.BatchOp, existing: o.TableSpec): Statements {
    const after = op.operations.reduce(applyToTableSpec, existing);
    const origin = sourceColumns(existing, op.operations);
    const temp = `_athanor_batch_${existing.name}`;
    const newTable = tableOfSpec({ ...after, name: temp, indexes: [] });
    const out: Statements = [];
    const views = op.dependents?.views ?? [];
    for (const v of views) out.push({ sql: `DROP VIEW ${this.qualified(v.name, existing.schema)}` });
    out.push(this.ddl(createTableNode(newTable, false)));
    const copied = after.columns.filter((c) => origin.has(c.name) && c.computed === undefined);
    if (copied.length) {
      out.push({
        sql:
          `INSERT INTO ${this.qualified(temp, existing.schema)} (${this.names(copied.map((c) => c.name))}) ` +
          `SELECT ${this.names(copied.map((c) => origin.get(c.name)!))} FROM ${this.qualified(existing.name, existing.schema)}`,
      });
    }
    out.push({ sql: `DROP TABLE ${this.qualified(existing.name, existing.schema)}` });
    out.push({ sql: `ALTER TABLE ${this.qualified(temp, existing.schema)} RENAME TO ${this.q(after.name)}` });
    const finalTable = tableOfSpec(after);
    for (const ix of finalTable.indexes) out.push(this.ddl(createIndexNode(ix, false)));
    for (const t of op.dependents?.triggers ?? []) out.push({ sql: t });
    for (const v of views) out.push({ sql: v.sql });
    return out;
  }
}

/** Whether the key refers to the table it is added to. */
function selfReferring(op: o.AddForeignKeyOp): boolean {
  return op.foreignKey.referredTable === op.table && op.foreignKey.referredSchema === op.schema;
}
