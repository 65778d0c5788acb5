import { MigrationDdlCompiler } from '../../sql/migration/migration-ddl-compiler';
import type * as o from '../../sql/migration/operations';
import type { Table } from '../../sql/schema/table';

type Statements = o.MigrationStatement[];

/** Oracle's migration DDL: ADD and MODIFY with the column in parentheses, COMMENT ON. */
export class OracleMigrationDdl extends MigrationDdlCompiler {
  protected override addColumn(op: o.AddColumnOp): Statements {
    const out: Statements = [{ sql: `ALTER TABLE ${this.table(op)} ADD (${this.columnSql(op, op.column)})` }];
    if (op.column.comment !== undefined)
      out.push(...this.columnComment(op, op.column.name, op.column.comment));
    return out;
  }

  protected override alterColumn(op: o.AlterColumnOp): Statements {
    const head = `ALTER TABLE ${this.table(op)} MODIFY (${this.q(op.column)}`;
    const out: Statements = [];
    if (op.type !== undefined) out.push({ sql: `${head} ${this.typeSql(op.type)})` });
    if (op.nullable !== undefined) out.push({ sql: `${head} ${op.nullable ? 'NULL' : 'NOT NULL'})` });
    if (op.serverDefault !== undefined) {
      const value =
        op.serverDefault === null
          ? 'NULL'
          : this.defaultSql(op, op.column, op.serverDefault, op.type ?? op.existingType);
      out.push({ sql: `${head} DEFAULT ${value})` });
    }
    if (op.comment !== undefined) out.push(...this.columnComment(op, op.column, op.comment));
    return out;
  }

  protected override tableComments(table: Table): Statements {
    const out: Statements = [];
    const name = this.qualified(table.name, table.schema);
    if (table.comment !== undefined)
      out.push({ sql: `COMMENT ON TABLE ${name} IS ${this.literal(table.comment)}` });
    for (const col of table.columns) {
      if (col.comment !== undefined)
        out.push({ sql: `COMMENT ON COLUMN ${name}.${this.q(col.name)} IS ${this.literal(col.comment)}` });
    }
    return out;
  }

  protected override alterTableComment(op: o.AlterTableCommentOp): Statements {
    // As for columns: the empty string removes it.
    return [{ sql: `COMMENT ON TABLE ${this.table(op)} IS ${this.literal(op.comment ?? '')}` }];
  }

  protected override columnComment(ref: o.TableRef, column: string, comment: string | null): Statements {
    // Oracle removes a comment by setting it to the empty string.
    return [
      { sql: `COMMENT ON COLUMN ${this.table(ref)}.${this.q(column)} IS ${this.literal(comment ?? '')}` },
    ];
  }
}
