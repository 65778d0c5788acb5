import { SqlCompiler } from '../../sql/compiler/compiler';
import { identifierPreparer } from '../../sql/compiler/identifier-preparer';
import { CompileError } from '../../errors';
import type * as n from '../../sql/nodes';

/** `[name]` quoting, and N'…' literals so text is Unicode. */
export const mssqlPreparer = identifierPreparer({ open: '[', close: ']', literalPrefix: 'N' });

/**
 * SQL Server's statements: `@pN` placeholders, TOP / OFFSET…FETCH, OUTPUT INSERTED/DELETED
 * instead of RETURNING, MERGE for upserts, table hints for FOR UPDATE, no boolean expressions.
 */
export class MssqlCompiler extends SqlCompiler {
  /** The FOR UPDATE of the SELECT being written: SQL Server puts it as hints after each table. */
  private lockHint: n.ForUpdateNode | undefined;

  override placeholder(index: number): string {
    return `@p${index}`;
  }

  override booleanConstant(value: boolean): string {
    return value ? '1 = 1' : '1 = 0';
  }

  override booleanExpressions(): boolean {
    return false;
  }

  /** `CAST(CASE WHEN … THEN 1 ELSE 0 END AS BIT)`, so the driver returns a boolean. */
  override writeBooleanValue(node: n.ExprNode): void {
    this.write('CAST(');
    super.writeBooleanValue(node);
    this.write(' AS BIT)');
  }

  override recursiveWithKeyword(): string {
    return 'WITH ';
  }

  override functionName(name: string): string {
    return name.toLowerCase() === 'length' ? 'LEN' : super.functionName(name);
  }

  override visitConcat(left: n.ExprNode, right: n.ExprNode): void {
    this.visitOperand(left);
    this.write(' + ');
    this.visitOperand(right);
  }

  override supportsSetOp(op: n.SetOp): boolean {
    return !op.endsWith(' ALL') || op === 'UNION ALL';
  }

  override selectPrefix(node: n.SelectNode): void {
    // LIMIT without OFFSET is TOP (n); with an OFFSET it is OFFSET … FETCH after ORDER BY.
    if (node.limit !== undefined && node.offset === undefined) {
      this.write('TOP (');
      this.visitExpr(node.limit);
      this.write(') ');
    }
  }

  override visitSelect(node: n.SelectNode, top: boolean): void {
    const saved = this.lockHint;
    this.lockHint = node.forUpdate;
    try {
      super.visitSelect(node, top);
    } finally {
      this.lockHint = saved;
    }
  }

  override visitLimitOffset(
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

  override visitForUpdate(node: n.ForUpdateNode): void {
    if (node.of.length) this.unsupported('FOR UPDATE OF');
  }

  override afterFromTable(): void {
    const hint = this.lockHint;
    if (hint === undefined) return;
    const hints = [hint.mode === 'SHARE' ? 'HOLDLOCK' : 'UPDLOCK', 'ROWLOCK'];
    if (hint.skipLocked) hints.push('READPAST');
    if (hint.noWait) hints.push('NOWAIT');
    this.write(` WITH (${hints.join(', ')})`);
  }

  private output(table: n.TableNode, returning: readonly n.ExprNode[], side: 'INSERTED' | 'DELETED'): void {
    if (returning.length === 0) return;
    this.write(' OUTPUT ');
    this.writeReturningList(table, returning, `${side}.`);
  }

  override visitReturning(): void {}

  override beforeValues(node: n.InsertNode): void {
    this.output(node.table, node.returning, 'INSERTED');
  }

  override visitInsertBody(node: n.InsertNode): void {
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

  override visitInsert(node: n.InsertNode): void {
    if (node.onConflict !== undefined) return this.visitMerge(node, node.onConflict);
    super.visitInsert(node);
  }

  override visitUpdate(node: n.UpdateNode): void {
    // SQL Server names an alias target as `UPDATE d … FROM t AS d`; not written yet.
    if (node.target !== undefined) this.unsupported('UPDATE of an aliased table');
    super.visitUpdate(node);
  }

  override visitDelete(node: n.DeleteNode): void {
    if (node.target !== undefined) this.unsupported('DELETE of an aliased table');
    super.visitDelete(node);
  }

  override afterUpdateSet(node: n.UpdateNode): void {
    this.output(node.table, node.returning, 'INSERTED');
  }

  override afterDeleteTable(node: n.DeleteNode): void {
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

  override visitExcluded(node: n.ExcludedNode): void {
    this.write(`${this.quoteIdentifier('src')}.${this.quoteIdentifier(node.name)}`);
  }
}
