import { CompileError } from '../../errors';
import { MigrationDdlCompiler } from '../../sql/migration/migration-ddl-compiler';
import type * as o from '../../sql/migration/operations';

type Statements = o.MigrationStatement[];

/**
 * SQL Server's migration DDL: ADD without COLUMN, renames through sp_rename, ALTER COLUMN
 * restating type and nullability, defaults as constraints (dropped by looking their name up).
 */
export class MssqlMigrationDdl extends MigrationDdlCompiler {
  private objectName(ref: o.TableRef, column?: string): string {
    const parts = [ref.schema, ref.table, column].filter((p): p is string => p !== undefined);
    return this.literal(parts.join('.'));
  }

  protected override renameTable(op: o.RenameTableOp): Statements {
    return [{ sql: `EXEC sp_rename ${this.objectName(op)}, ${this.literal(op.newName)}` }];
  }

  protected override renameColumn(op: o.RenameColumnOp): Statements {
    return [
      { sql: `EXEC sp_rename ${this.objectName(op, op.column)}, ${this.literal(op.newName)}, 'COLUMN'` },
    ];
  }

  protected override addColumn(op: o.AddColumnOp): Statements {
    return [{ sql: `ALTER TABLE ${this.table(op)} ADD ${this.columnSql(op, op.column)}` }];
  }

  protected override alterColumn(op: o.AlterColumnOp): Statements {
    const out: Statements = [];
    if (op.type !== undefined || op.nullable !== undefined) {
      const type = op.type ?? op.existingType;
      if (type === undefined) {
        throw new CompileError(
          `alterColumn of '${op.table}.${op.column}': SQL Server restates the column's type, so existingType is required`,
        );
      }
      const nullable = op.nullable ?? op.existingNullable ?? true;
      out.push({
        sql: `ALTER TABLE ${this.table(op)} ALTER COLUMN ${this.q(op.column)} ${this.typeSql(type)} ${nullable ? 'NULL' : 'NOT NULL'}`,
      });
    }
    if (op.serverDefault !== undefined) {
      const existingDefault = op.existingServerDefault !== undefined && op.existingServerDefault !== null;
      if (op.serverDefault === null || existingDefault) out.push(this.dropDefault(op));
      if (op.serverDefault !== null) {
        out.push({
          sql: `ALTER TABLE ${this.table(op)} ADD DEFAULT ${this.defaultSql(op, op.column, op.serverDefault, op.type ?? op.existingType)} FOR ${this.q(op.column)}`,
        });
      }
    }
    if (op.comment !== undefined) this.unsupported(`a comment on column '${op.column}'`);
    return out;
  }

  /** A default is a constraint with a generated name: look it up, then drop it. */
  private dropDefault(op: o.AlterColumnOp): o.MigrationStatement {
    const table = this.literal(op.schema === undefined ? op.table : `${op.schema}.${op.table}`);
    return {
      sql:
        `DECLARE @c sysname; SELECT @c = dc.name FROM sys.default_constraints dc ` +
        `JOIN sys.columns c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id ` +
        `WHERE dc.parent_object_id = OBJECT_ID(${table}) AND c.name = ${this.literal(op.column)}; ` +
        `IF @c IS NOT NULL EXEC('ALTER TABLE ${this.table(op).replace(/'/g, "''")} DROP CONSTRAINT [' + @c + ']')`,
    };
  }
}
