import { CompileError } from '../../errors';
import { DdlCompiler } from '../compiler/ddl-compiler';
import type { Dialect } from '../dialect';
import type { DdlStatementNode } from '../schema/ddl-nodes';
import type { Column } from '../schema/table';
import type { SqlType } from '../types/sql-type';
import { renderTypeDdl } from '../types/type-renderer';
import type * as o from './operations';
import { tableOfSpec } from './specs';

/**
 * What the migration DDL compiler writes its statements from: the dialect's DDL compiler (column
 * definitions, defaults and foreign keys exactly as `createAll()` writes them), quoting, and the
 * checks that refuse an operation missing what its SQL needs. The operations are in
 * migration-ddl-compiler.ts.
 */
export abstract class MigrationDdlPieces {
  /** A compiler for `dialect`. */
  constructor(
    /** The dialect it writes SQL for. */
    readonly dialect: Dialect,
  ) {}

  /** A fresh DDL compiler of the dialect (one per statement). */
  protected ddlCompiler(): DdlCompiler {
    const compiler = new this.dialect.ddlCompiler(this.dialect);
    if (!(compiler instanceof DdlCompiler))
      throw new CompileError(`the ${this.dialect.name} dialect's DDL compiler is not a DdlCompiler`);
    return compiler;
  }

  /** A DDL node compiled by the dialect's DDL compiler. */
  protected ddl(node: DdlStatementNode): o.MigrationStatement {
    return { sql: this.ddlCompiler().compile(node).sql };
  }

  /** An identifier, quoted as the dialect quotes it. */
  protected q(name: string): string {
    return this.ddlCompiler().quoteIdentifier(name);
  }

  /** A string literal, quoted as the dialect quotes it. */
  protected literal(value: string): string {
    return this.ddlCompiler().quoteLiteral(value);
  }

  /** Identifiers, quoted and comma-separated. */
  protected names(names: readonly string[]): string {
    return names.map((n) => this.q(n)).join(', ');
  }

  /** `schema.table` or `table`, quoted. */
  protected table(ref: o.TableRef): string {
    return this.qualified(ref.table, ref.schema);
  }

  /** `schema.name` or `name`, quoted. */
  protected qualified(name: string, schema: string | undefined): string {
    return schema === undefined ? this.q(name) : `${this.q(schema)}.${this.q(name)}`;
  }

  /** A Column of a one-column table, for the DDL compiler's column definition. */
  protected columnOf(ref: o.TableRef, spec: o.ColumnSpec): Column<unknown> {
    const t = tableOfSpec({
      name: ref.table,
      ...(ref.schema === undefined ? {} : { schema: ref.schema }),
      columns: [{ ...spec, autoincrement: spec.autoincrement ?? false }],
    });
    return t.columns[0]!;
  }

  /** A column definition, as `createAll()` would write it. */
  protected columnSql(ref: o.TableRef, spec: o.ColumnSpec): string {
    return this.ddlCompiler().columnSql(this.columnOf(ref, spec));
  }

  /** A type's DDL in this dialect. */
  protected typeSql(type: SqlType<unknown>): string {
    return renderTypeDdl(this.dialect.types, type);
  }

  /** A DEFAULT clause's value (for a column of `type`, when given). */
  protected defaultSql(
    ref: o.TableRef,
    column: string,
    value: o.ServerDefault,
    type?: SqlType<unknown>,
  ): string {
    if (type === undefined) return this.ddlCompiler().defaultSql(value);
    return this.ddlCompiler().defaultSql(value, this.columnOf(ref, { name: column, type }));
  }

  /** `CONSTRAINT name ` or nothing, where the database names the constraint. */
  protected constraintPrefix(name: string | undefined): string {
    return name === undefined ? '' : `CONSTRAINT ${this.q(name)} `;
  }

  /** A constraint's name, which ALTER TABLE … DROP needs; only a rebuild drops an unnamed one. */
  protected named(ref: o.TableRef, name: string | undefined, what: string): string {
    if (name !== undefined) return name;
    throw new CompileError(
      `the ${what} of '${ref.table}' has no name to drop it by: put the drop in a batch (a rebuild), or give the name reflection reports`,
    );
  }

  /** The type an alterColumn restates: its new one, or the one it had. */
  protected restatedType(op: o.AlterColumnOp, what: string): SqlType<unknown> {
    const type = op.type ?? op.existingType;
    if (type === undefined) {
      throw new CompileError(
        `alterColumn of '${op.table}.${op.column}': changing its ${what} restates the column's type, so existingType is required`,
      );
    }
    return type;
  }

  /** Throws a CompileError: the dialect cannot do `what`. */
  protected unsupported(what: string): never {
    throw new CompileError(`${what} is not supported by the ${this.dialect.name} dialect`);
  }
}
