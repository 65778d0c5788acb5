import { SqlCompiler } from '../../sql/compiler/compiler';
import { CompileError } from '../../errors';
import type * as n from '../../sql/nodes';
import { columnsOfFrom } from '../../sql/schema/table';
import { typeOfNode } from '../../sql/compiler/node-type';

/**
 * Oracle's (12c+) statements: `:n` placeholders, no AS before table aliases, FROM DUAL,
 * OFFSET…FETCH, RETURNING … INTO out-binds, MERGE for upserts, MINUS for EXCEPT, no boolean
 * expressions.
 */
export class OracleCompiler extends SqlCompiler {
  override sequenceNextValue(qualifiedName: string): string {
    return `${qualifiedName}.NEXTVAL`;
  }

  /** Oracle has no VALUES table: SELECT … FROM DUAL UNION ALL … */
  override visitValues(node: n.ValuesNode): void {
    this.visitValuesAsUnion(node, ' FROM DUAL');
  }

  override placeholder(index: number): string {
    return `:${index}`;
  }

  override tableAliasKeyword(): string {
    return ' ';
  }

  override emptyFrom(): string {
    return ' FROM DUAL';
  }

  override booleanConstant(value: boolean): string {
    return value ? '1 = 1' : '1 = 0';
  }

  override booleanExpressions(): boolean {
    return false;
  }

  override recursiveWithKeyword(): string {
    return 'WITH ';
  }

  override visitModulo(left: n.ExprNode, right: n.ExprNode): void {
    this.write('MOD(');
    this.visitExpr(left);
    this.write(', ');
    this.visitExpr(right);
    this.write(')');
  }

  override supportsSetOp(op: n.SetOp): boolean {
    return !op.endsWith(' ALL') || op === 'UNION ALL';
  }

  override setOpKeyword(op: n.SetOp): string {
    return op === 'EXCEPT' ? 'MINUS' : op;
  }

  override visitLimitOffset(limit: n.ExprNode | undefined, offset: n.ExprNode | undefined): void {
    if (offset !== undefined) {
      this.write(' OFFSET ');
      this.visitExpr(offset);
      this.write(' ROWS');
    }
    if (limit !== undefined) {
      this.write(' FETCH FIRST ');
      this.visitExpr(limit);
      this.write(' ROWS ONLY');
    }
  }

  override visitSelect(node: n.SelectNode, top: boolean): void {
    if (node.forUpdate !== undefined && (node.limit !== undefined || node.offset !== undefined)) {
      this.unsupported('FOR UPDATE together with LIMIT/OFFSET');
    }
    super.visitSelect(node, top);
  }

  override visitForUpdate(node: n.ForUpdateNode): void {
    if (node.mode === 'SHARE') this.unsupported('FOR SHARE');
    if (node.of.length) this.unsupported('FOR UPDATE OF a table');
    this.write(' FOR UPDATE');
    if (node.noWait) this.write(' NOWAIT');
    if (node.skipLocked) this.write(' SKIP LOCKED');
  }

  override defaultValuesClause(node: n.InsertNode): string {
    const first = columnsOfFrom.get(node.table)?.[0];
    if (first === undefined) this.unsupported('INSERT of default values into an unknown table');
    return ` (${this.quoteIdentifier(first.name)}) VALUES (DEFAULT)`;
  }

  override visitInsertBody(node: n.InsertNode): void {
    if (node.rows.length <= 1 || node.select !== undefined) return super.visitInsertBody(node);
    if (node.returning.length) this.unsupported('a multi-row INSERT with RETURNING');
    // Multi-row insert as INSERT … SELECT … FROM DUAL UNION ALL …, which identity columns accept.
    this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')}) `);
    this.list(
      node.rows,
      (row) => {
        this.write('SELECT ');
        this.list(row, (v) => this.visitExpr(v));
        this.write(' FROM DUAL');
      },
      ' UNION ALL ',
    );
  }

  override visitInsert(node: n.InsertNode): void {
    if (node.select !== undefined && node.returning.length)
      this.unsupported('INSERT … SELECT with RETURNING');
    if (node.onConflict !== undefined) return this.visitMerge(node, node.onConflict);
    super.visitInsert(node);
  }

  /** RETURNING expr, … INTO :n, …: out-binds the driver reads back as rows. */
  override visitReturning(table: n.TableNode | n.TableAliasNode, returning: readonly n.ExprNode[]): void {
    if (returning.length === 0) return;
    this.write(' RETURNING ');
    this.writeReturningList(table, returning, '', false);
    this.outBinds = this.columns.map((c, i) => ({ name: c.name, type: c.type ?? typeOfNode(returning[i]!) }));
    this.write(' INTO ');
    this.write(this.outBinds.map((_, i) => this.placeholder(this.params.length + i + 1)).join(', '));
  }

  private visitMerge(node: n.InsertNode, oc: n.OnConflictNode): void {
    if (oc.target.length === 0) {
      throw new CompileError('an upsert needs a conflict target (the unique columns) on the oracle dialect');
    }
    if (node.returning.length) this.unsupported('an upsert with RETURNING');
    if (node.select !== undefined || node.columns.length === 0) this.unsupported('an upsert without VALUES');
    const updatedKey = oc.set?.find(([name]) => oc.target.includes(name));
    if (updatedKey !== undefined) {
      throw new CompileError(
        `an upsert cannot update its conflict column '${updatedKey[0]}' on the oracle dialect (MERGE … ON columns are read-only)`,
      );
    }
    const target = this.tableName(node.table);
    const src = this.quoteIdentifier('src');
    const cols = node.columns.map((c) => this.quoteIdentifier(c));
    this.write(`MERGE INTO ${target} USING (`);
    this.list(
      node.rows,
      (row) => {
        this.write('SELECT ');
        this.list(row, (v, i) => {
          this.visitValue(v);
          this.write(` ${cols[i]}`);
        });
        this.write(' FROM DUAL');
      },
      ' UNION ALL ',
    );
    this.write(`) ${src} ON (`);
    this.write(
      oc.target
        .map((c) => `${target}.${this.quoteIdentifier(c)} = ${src}.${this.quoteIdentifier(c)}`)
        .join(' AND '),
    );
    this.write(')');
    if (oc.set !== undefined) {
      this.write(' WHEN MATCHED THEN UPDATE SET ');
      this.visitSetClause(oc.set);
      this.visitWhere(oc.where);
    }
    this.write(
      ` WHEN NOT MATCHED THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `${src}.${c}`).join(', ')})`,
    );
  }

  override visitExcluded(node: n.ExcludedNode): void {
    this.write(`${this.quoteIdentifier('src')}.${this.quoteIdentifier(node.name)}`);
  }
}
