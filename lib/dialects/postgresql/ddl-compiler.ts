import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import type { TypeOfKind } from '../../sql/types/sql-type';
import type * as ddl from '../../sql/schema/ddl-nodes';

/**
 * PostgreSQL's DDL: identity columns (the standard form), stored generated columns only, named
 * enum types, index methods (USING), indexes named in their table's schema.
 */
export class PostgresDdlCompiler extends DdlCompiler {
  override sequenceNextValue(qualifiedName: string): string {
    return `nextval(${this.quoteLiteral(qualifiedName)})`;
  }

  override computedClause(sql: string, stored: boolean): string {
    if (!stored) this.unsupported('a virtual generated column (PostgreSQL stores them: stored: true)');
    return super.computedClause(sql, stored);
  }

  override enumNeedsCheck(type: TypeOfKind<'enum'>): boolean {
    return type.typeName === undefined;
  }

  override indexUsing(ix: ddl.CreateIndexNode['index']): string {
    return ix.using === undefined ? '' : ` USING ${ix.using}`;
  }

  private typeName(name: string, schema: string | undefined): string {
    const q = this.quoteIdentifier(name);
    return schema === undefined ? q : `${this.quoteIdentifier(schema)}.${q}`;
  }

  override visitCreateEnumType(node: ddl.CreateEnumTypeNode): void {
    const values = node.values.map((v) => this.quoteLiteral(v)).join(', ');
    const ddl = `CREATE TYPE ${this.typeName(node.name, node.schemaName)} AS ENUM (${values})`;
    // PostgreSQL has no CREATE TYPE IF NOT EXISTS: ignore duplicate_object in a DO block.
    this.write(
      node.ifNotExists ? `DO $$ BEGIN ${ddl}; EXCEPTION WHEN duplicate_object THEN NULL; END $$` : ddl,
    );
  }

  override visitDropEnumType(node: ddl.DropEnumTypeNode): void {
    this.write(`DROP TYPE ${node.ifExists ? 'IF EXISTS ' : ''}${this.typeName(node.name, node.schemaName)}`);
  }

  override indexName(ix: ddl.CreateIndexNode['index']): string {
    // An index lives in its table's schema; DROP INDEX must name it there.
    return this.qualifiedIndexName(ix);
  }

  override visitCreateIndex(node: ddl.CreateIndexNode): void {
    const ix = node.index;
    this.write(
      `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}` +
        `${this.quoteIdentifier(ix.name)} ON ${this.indexTarget(ix)}${this.indexWhere(ix)}`,
    );
  }
}
