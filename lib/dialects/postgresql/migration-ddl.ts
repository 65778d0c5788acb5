import { MigrationDdlCompiler } from '../../sql/migration/migration-ddl-compiler';
import type * as o from '../../sql/migration/operations';
import type { Table } from '../../sql/schema/table';
import { createEnumTypeNode } from '../../sql/schema/ddl-nodes';
import { isKind, type SqlType, type TypeOfKind } from '../../sql/types/sql-type';
import type { ArrayType } from '../../sql/types/other-types';

type Statements = o.MigrationStatement[];

/** The named enum a type is, or holds the items of (an array of it). */
function enumItem(type: SqlType<unknown>): TypeOfKind<'enum'> | undefined {
  const item = isKind(type, 'array') ? (type as ArrayType<unknown>).item : type;
  return isKind(item, 'enum') && item.typeName !== undefined ? item : undefined;
}

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
   * text to an enum only when told to. Into or out of an enum, a default the conversion cannot
   * cast (`'x'::text`) is dropped before it and set again after, cast to the new type.
   */
  protected override alterColumn(op: o.AlterColumnOp): Statements {
    if (op.type === undefined) return super.alterColumn(op);
    const toEnum = enumItem(op.type) !== undefined;
    if (!toEnum && (op.existingType === undefined || enumItem(op.existingType) === undefined))
      return super.alterColumn(op);
    const array = isKind(op.type, 'array');
    const using =
      op.using ??
      (toEnum ? `${this.q(op.column)}::${array ? 'text[]' : 'text'}::${this.typeSql(op.type)}` : undefined);
    const converted = super.alterColumn({ ...op, ...(using === undefined ? {} : { using }) });
    const kept = op.existingServerDefault;
    if (kept === undefined || kept === null || op.serverDefault !== undefined) return converted;
    const head = `ALTER TABLE ${this.table(op)} ALTER COLUMN ${this.q(op.column)}`;
    return [
      { sql: `${head} DROP DEFAULT` },
      ...converted,
      { sql: `${head} SET DEFAULT ${this.castDefault(op, kept, array)}` },
    ];
  }

  /**
   * A default set again after a type change: a quoted literal (with the cast PostgreSQL shows)
   * becomes that literal of the new type, anything else is converted through text.
   */
  private castDefault(op: o.AlterColumnOp, value: o.ServerDefault, array: boolean): string {
    const type = this.typeSql(op.type!);
    if (typeof value !== 'object') return this.defaultSql(op, op.column, value, op.type);
    const literal = /^\(*('(?:[^']|'')*')(?:::[a-z][a-z0-9_ ."]*(?:\[\])?)?\)*$/i.exec(value.sql.trim());
    if (literal !== null) return `${literal[1]}::${type}`;
    return `(${value.sql})::${array ? 'text[]' : 'text'}::${type}`;
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
