import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import type * as n from '../../sql/nodes';
import type { Column } from '../../sql/schema/table';
import type { Table } from '../../sql/schema/table';
import type * as ddl from '../../sql/schema/ddl-nodes';

/**
 * SQL Server's DDL: IDENTITY(start, increment), computed columns as `name AS (expr)`, IF [NOT]
 * EXISTS emulated with OBJECT_ID / sys.indexes, no expression indexes.
 */
export class MssqlDdlCompiler extends DdlCompiler {
  override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  override identityClause(col: Column<unknown>): string {
    return ` IDENTITY(${Math.trunc(col.identity?.start ?? 1)},${Math.trunc(col.identity?.increment ?? 1)})`;
  }

  override collationClause(name: string): string {
    return ` COLLATE ${name.replace(/[^A-Za-z0-9_]/g, '')}`;
  }

  override columnDefinition(col: Column<unknown>, table: Table): string {
    // A computed column has no type of its own on SQL Server: `name AS (expr) [PERSISTED]`.
    const computed = col.computed;
    if (computed === undefined) return super.columnDefinition(col, table);
    return `${this.quoteIdentifier(col.name)} AS (${computed.sql})${computed.stored === false ? '' : ' PERSISTED'}`;
  }

  override indexExpression(): string {
    return this.unsupported('an expression in an index (index a computed column instead)');
  }

  override referentialAction(action: string): string {
    return action === 'RESTRICT' ? 'NO ACTION' : action;
  }

  private objectName(table: Table | n.TableNode): string {
    const node = 'node' in table ? table.node : table;
    return this.quoteLiteral(this.tableName(node));
  }

  override createTableIfNotExists(table: Table, body: string): string {
    return `IF OBJECT_ID(${this.objectName(table)}, N'U') IS NULL CREATE TABLE ${body}`;
  }

  override visitCreateIndex(node: ddl.CreateIndexNode): void {
    const ix = node.index;
    if (node.ifNotExists) {
      this.write(
        `IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = ${this.quoteLiteral(ix.name)} ` +
          `AND object_id = OBJECT_ID(${this.objectName(ix.table)})) `,
      );
    }
    this.write(
      `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${this.quoteIdentifier(ix.name)} ON ${this.indexTarget(ix)}${this.indexWhere(ix)}`,
    );
  }

  override visitCreateSequence(node: ddl.CreateSequenceNode): void {
    const seq = node.sequence;
    const name = this.sequenceName(seq);
    if (node.ifNotExists) this.write(`IF OBJECT_ID(${this.quoteLiteral(name)}, N'SO') IS NULL `);
    // SQL Server starts at the type's lowest value unless told: 1, as on the other databases.
    const ascending = (seq.increment ?? 1) > 0;
    this.write(`CREATE SEQUENCE ${name}${this.sequenceOptions(seq, ascending ? 1 : undefined)}`);
  }

  override visitDropIndex(node: ddl.DropIndexNode): void {
    this.write(
      `DROP INDEX ${node.ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(node.index.name)} ON ${this.tableName(node.index.table.node)}`,
    );
  }
}
