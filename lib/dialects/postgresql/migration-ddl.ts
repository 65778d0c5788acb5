import { MigrationDdlCompiler } from '../../sql/migration/migration-ddl-compiler';
import type * as o from '../../sql/migration/operations';
import type { Table } from '../../sql/schema/table';
import { createEnumTypeNode } from '../../sql/schema/ddl-nodes';
import { isKind } from '../../sql/types/sql-type';
import type { ArrayType } from '../../sql/types/other-types';

type Statements = o.MigrationStatement[];

/**
 * PostgreSQL's migration DDL: COMMENT ON, CREATE / DROP INDEX CONCURRENTLY (outside a
 * transaction), NOT VALID constraints and VALIDATE CONSTRAINT, enum values added (committed
 * before the migration goes on, so it can use them) and renamed.
 */
export class PostgresMigrationDdl extends MigrationDdlCompiler {
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

  protected override addColumn(op: o.AddColumnOp): Statements {
    const out = super.addColumn(op);
    if (op.column.comment !== undefined)
      out.push(...this.columnComment(op, op.column.name, op.column.comment));
    return out;
  }

  protected override columnComment(ref: o.TableRef, column: string, comment: string | null): Statements {
    const value = comment === null ? 'NULL' : this.literal(comment);
    return [{ sql: `COMMENT ON COLUMN ${this.table(ref)}.${this.q(column)} IS ${value}` }];
  }

  /**
   * A column becoming a named enum (or an array of one) converts through text: PostgreSQL casts
   * text to an enum only when told to.
   */
  protected override alterColumn(op: o.AlterColumnOp): Statements {
    if (op.type === undefined || op.using !== undefined) return super.alterColumn(op);
    const array = isKind(op.type, 'array');
    const item = array ? (op.type as ArrayType<unknown>).item : op.type;
    if (!isKind(item, 'enum') || item.typeName === undefined) return super.alterColumn(op);
    const type = this.typeSql(op.type);
    return super.alterColumn({ ...op, using: `${this.q(op.column)}::${array ? 'text[]' : 'text'}::${type}` });
  }

  protected override alterTableComment(op: o.AlterTableCommentOp): Statements {
    const value = op.comment === null ? 'NULL' : this.literal(op.comment);
    return [{ sql: `COMMENT ON TABLE ${this.table(op)} IS ${value}` }];
  }

  /**
   * The type renamed aside, made again with the new values, each column converted through text
   * (its default dropped first and set again, as PostgreSQL cannot cast it), the old type dropped.
   * First, for each column, a check that no row holds a value the new type lacks: the migration
   * fails with that message before anything changed.
   */
  protected override recreateEnum(op: o.RecreateEnumOp): Statements {
    const type = this.qualified(op.name, op.schema);
    const aside = `${op.name.slice(0, 50)}_athanor_old`;
    const gone = op.existing.filter((v) => !op.values.includes(v));
    const out: Statements = [];
    if (gone.length) {
      const list = gone.map((v) => this.literal(v)).join(', ');
      for (const c of op.columns) {
        const message = `enum type '${op.name}' cannot lose ${gone.map((v) => `'${v}'`).join(', ')}: rows of ${c.table}.${c.column} hold it`;
        const holds = c.array
          ? `${this.q(c.column)}::text[] && ARRAY[${list}]::text[]`
          : `${this.q(c.column)}::text IN (${list})`;
        out.push({
          sql:
            `DO $athanor$ BEGIN IF EXISTS (SELECT 1 FROM ${this.table(c)} WHERE ${holds}) ` +
            `THEN RAISE EXCEPTION USING MESSAGE = ${this.literal(message)}, ERRCODE = 'data_exception'; END IF; END $athanor$`,
        });
      }
    }
    out.push({ sql: `ALTER TYPE ${type} RENAME TO ${this.q(aside)}` });
    out.push(this.ddl(createEnumTypeNode(op.name, op.schema, op.values, false)));
    for (const c of op.columns) {
      const head = `ALTER TABLE ${this.table(c)} ALTER COLUMN ${this.q(c.column)}`;
      if (c.serverDefault !== undefined) out.push({ sql: `${head} DROP DEFAULT` });
      const [text, target] = c.array ? ['text[]', `${type}[]`] : ['text', type];
      out.push({ sql: `${head} TYPE ${target} USING ${this.q(c.column)}::${text}::${target}` });
      if (c.serverDefault !== undefined)
        out.push({ sql: `${head} SET DEFAULT ${this.ddlCompiler().defaultSql(c.serverDefault)}` });
    }
    out.push({ sql: `DROP TYPE ${this.qualified(aside, op.schema)}` });
    return out;
  }

  protected override createIndex(op: o.CreateIndexOp): Statements {
    const [stmt] = super.createIndex(op);
    if (!op.concurrently) return [stmt!];
    return [
      {
        sql: stmt!.sql.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY '),
        outsideTransaction: true,
      },
    ];
  }

  protected override dropIndex(op: o.DropIndexOp): Statements {
    const [stmt] = super.dropIndex(op);
    if (!op.concurrently) return [stmt!];
    return [{ sql: stmt!.sql.replace(/^DROP INDEX /, 'DROP INDEX CONCURRENTLY '), outsideTransaction: true }];
  }

  protected override notValid(): string {
    return ' NOT VALID';
  }

  protected override validateConstraint(op: o.ValidateConstraintOp): Statements {
    return [{ sql: `ALTER TABLE ${this.table(op)} VALIDATE CONSTRAINT ${this.q(op.name)}` }];
  }

  protected override addEnumValue(op: o.AddEnumValueOp): Statements {
    let sql = `ALTER TYPE ${this.qualified(op.name, op.schema)} ADD VALUE IF NOT EXISTS ${this.literal(op.value)}`;
    if (op.before !== undefined) sql += ` BEFORE ${this.literal(op.before)}`;
    else if (op.after !== undefined) sql += ` AFTER ${this.literal(op.after)}`;
    // A value added in a transaction cannot be used until that transaction commits.
    return [{ sql, outsideTransaction: true }];
  }

  protected override renameEnumValue(op: o.RenameEnumValueOp): Statements {
    return [
      {
        sql: `ALTER TYPE ${this.qualified(op.name, op.schema)} RENAME VALUE ${this.literal(op.value)} TO ${this.literal(op.newValue)}`,
      },
    ];
  }
}
