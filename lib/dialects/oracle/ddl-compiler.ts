import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import type { Column } from '../../sql/schema/table';
import type { Table } from '../../sql/schema/table';
import type * as ddl from '../../sql/schema/ddl-nodes';

/**
 * Oracle's DDL: identity columns (ON NULL), IF [NOT] EXISTS emulated with PL/SQL blocks that
 * swallow only "already exists" / "does not exist", limited referential actions.
 */
export class OracleDdlCompiler extends DdlCompiler {
  override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  override identityClause(col: Column<unknown>): string {
    const kind = col.identity?.always ? 'ALWAYS' : 'BY DEFAULT ON NULL';
    return ` GENERATED ${kind} AS IDENTITY${this.identitySequenceOptions(col)}`;
  }

  override collationClause(name: string): string {
    return ` COLLATE ${name.replace(/[^A-Za-z0-9_]/g, '')}`;
  }

  override computedClause(sql: string, stored: boolean): string {
    if (stored) this.unsupported('a stored generated column (Oracle computes them on read: stored: false)');
    return ` GENERATED ALWAYS AS (${sql}) VIRTUAL`;
  }

  /** Oracle has no partial indexes: the predicate is dropped (a full index). */
  override indexWhere(): string {
    return '';
  }

  override referentialAction(action: string, event: 'DELETE' | 'UPDATE'): string {
    if (event === 'UPDATE') this.unsupported('ON UPDATE actions of foreign keys');
    if (action !== 'CASCADE' && action !== 'SET NULL') this.unsupported(`ON DELETE ${action}`);
    return action;
  }

  override sequenceNextValue(qualifiedName: string): string {
    return `${qualifiedName}.NEXTVAL`;
  }

  override visitCreateSequence(node: ddl.CreateSequenceNode): void {
    const sql = `CREATE SEQUENCE ${this.sequenceName(node.sequence)}${this.sequenceOptions(node.sequence)}`;
    this.write(node.ifNotExists ? this.ignoring(-955, sql) : sql);
  }

  override visitDropSequence(node: ddl.DropSequenceNode): void {
    const sql = `DROP SEQUENCE ${this.sequenceName(node.sequence)}`;
    this.write(node.ifExists ? this.ignoring(-2289, sql) : sql);
  }

  /** Runs `ddl` in a PL/SQL block that ignores one error code (already exists / does not exist). */
  private ignoring(code: number, ddl: string): string {
    return `BEGIN EXECUTE IMMEDIATE ${this.quoteLiteral(ddl)}; EXCEPTION WHEN OTHERS THEN IF SQLCODE != ${code} THEN RAISE; END IF; END;`;
  }

  override createTableIfNotExists(_table: Table, body: string): string {
    return this.ignoring(-955, `CREATE TABLE ${body}`);
  }

  override visitDropTable(node: ddl.DropTableNode): void {
    const ddl = `DROP TABLE ${this.tableName(node.table)}`;
    this.write(node.ifExists ? this.ignoring(-942, ddl) : ddl);
  }

  override indexName(ix: ddl.CreateIndexNode['index']): string {
    // An index is created in the current schema unless its name says otherwise.
    return this.qualifiedIndexName(ix);
  }

  override visitCreateIndex(node: ddl.CreateIndexNode): void {
    const ix = node.index;
    const ddl = `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${this.indexName(ix)} ON ${this.indexTarget(ix)}`;
    this.write(node.ifNotExists ? this.ignoring(-955, ddl) : ddl);
  }

  override visitDropIndex(node: ddl.DropIndexNode): void {
    const ddl = `DROP INDEX ${this.indexName(node.index)}`;
    this.write(node.ifExists ? this.ignoring(-1418, ddl) : ddl);
  }
}
