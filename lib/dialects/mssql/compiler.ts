import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import { mssqlCapabilities } from './capabilities';
import { mssqlTypes } from './types';
import { CompileError } from '../../errors';
import type { Table } from '../../sql/schema/table';
import type * as n from '../../sql/nodes';
import type { Column } from '../../sql/schema/column';

/**
 * SQL Server: `[name]` quoting, `@pN` placeholders, TOP / OFFSET…FETCH, OUTPUT INSERTED/DELETED
 * instead of RETURNING, MERGE for upserts, table hints for FOR UPDATE.
 */
export class MssqlCompiler extends DdlCompiler {
  readonly dialect = 'mssql' as const;
  readonly capabilities = mssqlCapabilities;
  readonly types = mssqlTypes;
  private lockHint: n.ForUpdateNode | undefined;

  protected override placeholder(index: number): string {
    return `@p${index}`;
  }

  override quoteIdentifier(name: string): string {
    if (name.includes('\u0000'))
      throw new CompileError(`identifier ${JSON.stringify(name)} contains a NUL character`);
    return `[${name.replace(/]/g, ']]')}]`;
  }

  override quoteLiteral(value: string): string {
    return `N${super.quoteLiteral(value)}`;
  }

  protected override booleanConstant(value: boolean): string {
    return value ? '1 = 1' : '1 = 0';
  }

  protected override booleanExpressions(): boolean {
    return false;
  }

  /** `CAST(CASE WHEN … THEN 1 ELSE 0 END AS BIT)`, so the driver returns a boolean. */
  protected override writeBooleanValue(node: n.ExprNode): void {
    this.write('CAST(');
    super.writeBooleanValue(node);
    this.write(' AS BIT)');
  }

  protected override recursiveWithKeyword(): string {
    return 'WITH ';
  }

  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  protected override functionName(name: string): string {
    return name.toLowerCase() === 'length' ? 'LEN' : super.functionName(name);
  }

  protected override visitConcat(left: n.ExprNode, right: n.ExprNode): void {
    this.visitOperand(left);
    this.write(' + ');
    this.visitOperand(right);
  }

  protected override supportsSetOp(op: n.SetOp): boolean {
    return !op.endsWith(' ALL') || op === 'UNION ALL';
  }

  // ---- paging and locking ----

  protected override selectPrefix(node: n.SelectNode): void {
    // LIMIT without OFFSET is TOP (n); with an OFFSET it is OFFSET … FETCH after ORDER BY.
    if (node.limit !== undefined && node.offset === undefined) {
      this.write('TOP (');
      this.visitExpr(node.limit);
      this.write(') ');
    }
  }

  protected override visitSelect(node: n.SelectNode, top: boolean): void {
    const saved = this.lockHint;
    this.lockHint = node.forUpdate;
    try {
      super.visitSelect(node, top);
    } finally {
      this.lockHint = saved;
    }
  }

  protected override visitLimitOffset(
    limit: n.ExprNode | undefined,
    offset: n.ExprNode | undefined,
    hasOrderBy: boolean,
    compound: boolean,
  ): void {
    if (limit === undefined && offset === undefined) return;
    // A SELECT's LIMIT without OFFSET was written as TOP by selectPrefix.
    if (!compound && offset === undefined) return;
    // OFFSET … FETCH needs an ORDER BY. ORDER BY (SELECT NULL) keeps the server's order; a UNION
    // may only order by its select list, so it is ordered by its first column.
    if (!hasOrderBy) this.write(compound ? ' ORDER BY 1' : ' ORDER BY (SELECT NULL)');
    this.write(' OFFSET ');
    if (offset === undefined) this.write('0');
    else this.visitExpr(offset);
    this.write(' ROWS');
    if (limit !== undefined) {
      this.write(' FETCH NEXT ');
      this.visitExpr(limit);
      this.write(' ROWS ONLY');
    }
  }

  protected override visitForUpdate(node: n.ForUpdateNode): void {
    if (node.of.length) this.unsupported('FOR UPDATE OF');
  }

  protected override afterFromTable(): void {
    const hint = this.lockHint;
    if (hint === undefined) return;
    const hints = [hint.mode === 'SHARE' ? 'HOLDLOCK' : 'UPDLOCK', 'ROWLOCK'];
    if (hint.skipLocked) hints.push('READPAST');
    if (hint.noWait) hints.push('NOWAIT');
    this.write(` WITH (${hints.join(', ')})`);
  }

  // ---- OUTPUT instead of RETURNING ----

  private output(table: n.TableNode, returning: readonly n.ExprNode[], side: 'INSERTED' | 'DELETED'): void {
    if (returning.length === 0) return;
    this.write(' OUTPUT ');
    this.writeReturningList(table, returning, `${side}.`);
  }

  protected override visitReturning(): void {}

  protected override beforeValues(node: n.InsertNode): void {
    this.output(node.table, node.returning, 'INSERTED');
  }

  protected override visitInsertBody(node: n.InsertNode): void {
    if (node.select !== undefined) {
      this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')})`);
      this.output(node.table, node.returning, 'INSERTED');
      this.write(' ');
      this.visitQuery(node.select, false);
      return;
    }
    if (node.columns.length === 0) {
      this.output(node.table, node.returning, 'INSERTED');
      this.write(' DEFAULT VALUES');
      return;
    }
    super.visitInsertBody(node);
  }

  protected override visitInsert(node: n.InsertNode): void {
    if (node.onConflict !== undefined) return this.visitMerge(node, node.onConflict);
    super.visitInsert(node);
  }

  protected override afterUpdateSet(node: n.UpdateNode): void {
    this.output(node.table, node.returning, 'INSERTED');
  }

  protected override afterDeleteTable(node: n.DeleteNode): void {
    this.output(node.table, node.returning, 'DELETED');
  }

  /** Upsert as MERGE … USING (VALUES …) AS src. */
  private visitMerge(node: n.InsertNode, oc: n.OnConflictNode): void {
    if (oc.target.length === 0) {
      throw new CompileError('an upsert needs a conflict target (the unique columns) on the mssql dialect');
    }
    if (node.select !== undefined || node.rows.length === 0 || node.columns.length === 0) {
      this.unsupported('an upsert without VALUES');
    }
    const target = this.tableName(node.table);
    const src = this.quoteIdentifier('src');
    const cols = node.columns.map((c) => this.quoteIdentifier(c));
    this.visitCtes(node.ctes);
    this.write(`MERGE INTO ${target} WITH (HOLDLOCK) USING (VALUES `);
    this.list(node.rows, (row) => {
      this.write('(');
      this.list(row, (v) => this.visitValue(v));
      this.write(')');
    });
    this.write(`) AS ${src} (${cols.join(', ')}) ON `);
    this.write(
      oc.target
        .map((c) => `${target}.${this.quoteIdentifier(c)} = ${src}.${this.quoteIdentifier(c)}`)
        .join(' AND '),
    );
    if (oc.set !== undefined) {
      this.write(' WHEN MATCHED');
      if (oc.where !== undefined) {
        this.write(' AND (');
        this.visitCondition(oc.where);
        this.write(')');
      }
      this.write(' THEN UPDATE SET ');
      this.visitSetClause(oc.set);
    }
    this.write(
      ` WHEN NOT MATCHED THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `${src}.${c}`).join(', ')})`,
    );
    this.output(node.table, node.returning, 'INSERTED');
    this.write(';');
  }

  protected override visitExcluded(node: n.ExcludedNode): void {
    this.write(`${this.quoteIdentifier('src')}.${this.quoteIdentifier(node.name)}`);
  }

  // ---- DDL ----

  protected identityClause(col: Column<unknown>): string {
    return ` IDENTITY(${Math.trunc(col.identity?.start ?? 1)},${Math.trunc(col.identity?.increment ?? 1)})`;
  }

  protected override collationClause(name: string): string {
    return ` COLLATE ${name.replace(/[^A-Za-z0-9_]/g, '')}`;
  }

  protected override columnDefinition(col: Column<unknown>, table: Table): string {
    // A computed column has no type of its own on SQL Server: `name AS (expr) [PERSISTED]`.
    const computed = col.computed;
    if (computed === undefined) return super.columnDefinition(col, table);
    return `${this.quoteIdentifier(col.name)} AS (${computed.sql})${computed.stored === false ? '' : ' PERSISTED'}`;
  }

  protected override indexExpression(): string {
    return this.unsupported('an expression in an index (index a computed column instead)');
  }

  protected override referentialAction(action: string): string {
    return action === 'RESTRICT' ? 'NO ACTION' : action;
  }

  private objectName(table: Table | n.TableNode): string {
    const node = 'node' in table ? table.node : table;
    return this.quoteLiteral(this.tableName(node));
  }

  protected override createTableIfNotExists(table: Table, body: string): string {
    return `IF OBJECT_ID(${this.objectName(table)}, N'U') IS NULL CREATE TABLE ${body}`;
  }

  protected override visitCreateIndex(node: n.CreateIndexNode): void {
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

  protected override visitDropIndex(node: n.DropIndexNode): void {
    this.write(
      `DROP INDEX ${node.ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(node.index.name)} ON ${this.tableName(node.index.table.node)}`,
    );
  }
}
