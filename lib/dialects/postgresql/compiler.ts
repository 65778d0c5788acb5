import type { SqlType } from '../../sql/types/sql-type';
import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import { postgresqlCapabilities } from './capabilities';
import { postgresqlTypes } from './types';
import type { Column } from '../../sql/schema/column';
import type * as n from '../../sql/nodes';
import type { TypeOfKind } from '../../sql/types/sql-type';

/** PostgreSQL: `$n` placeholders, RETURNING, ON CONFLICT, ILIKE, identity columns. */
export class PostgresCompiler extends DdlCompiler {
  readonly dialect = 'postgresql' as const;
  readonly capabilities = postgresqlCapabilities;
  readonly types = postgresqlTypes;

  protected override placeholder(index: number): string {
    return `$${index}`;
  }

  /** The first VALUES row is cast, so PostgreSQL types the columns (parameters are untyped). */
  protected override visitValuesCell(
    value: n.ExprNode,
    type: SqlType<unknown> | undefined,
    row: number,
  ): void {
    if (row > 0 || type === undefined) return this.visitExpr(value);
    this.write('CAST(');
    this.visitExpr(value);
    this.write(` AS ${this.castType(type)})`);
  }

  protected identityClause(col: Column<unknown>): string {
    const kind = col.identity?.always ? 'ALWAYS' : 'BY DEFAULT';
    return ` GENERATED ${kind} AS IDENTITY${this.identitySequenceOptions(col)}`;
  }

  protected override computedClause(sql: string, stored: boolean): string {
    if (!stored) this.unsupported('a virtual generated column (PostgreSQL stores them: stored: true)');
    return super.computedClause(sql, stored);
  }

  protected override enumNeedsCheck(type: TypeOfKind<'enum'>): boolean {
    return type.typeName === undefined;
  }

  protected override indexUsing(ix: n.CreateIndexNode['index']): string {
    return ix.using === undefined ? '' : ` USING ${ix.using}`;
  }

  private typeName(name: string, schema: string | undefined): string {
    const q = this.quoteIdentifier(name);
    return schema === undefined ? q : `${this.quoteIdentifier(schema)}.${q}`;
  }

  protected override visitCreateEnumType(node: n.CreateEnumTypeNode): void {
    const values = node.values.map((v) => this.quoteLiteral(v)).join(', ');
    const ddl = `CREATE TYPE ${this.typeName(node.name, node.schemaName)} AS ENUM (${values})`;
    // PostgreSQL has no CREATE TYPE IF NOT EXISTS: ignore duplicate_object in a DO block.
    this.write(
      node.ifNotExists ? `DO $$ BEGIN ${ddl}; EXCEPTION WHEN duplicate_object THEN NULL; END $$` : ddl,
    );
  }

  protected override visitDropEnumType(node: n.DropEnumTypeNode): void {
    this.write(`DROP TYPE ${node.ifExists ? 'IF EXISTS ' : ''}${this.typeName(node.name, node.schemaName)}`);
  }

  protected override indexName(ix: n.CreateIndexNode['index']): string {
    // An index lives in its table's schema; DROP INDEX must name it there.
    return this.qualifiedIndexName(ix);
  }

  protected override visitCreateIndex(node: n.CreateIndexNode): void {
    const ix = node.index;
    this.write(
      `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}` +
        `${this.quoteIdentifier(ix.name)} ON ${this.indexTarget(ix)}${this.indexWhere(ix)}`,
    );
  }
}
