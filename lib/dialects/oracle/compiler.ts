import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import { oracleCapabilities } from './capabilities';
import { oracleTypes } from './types';
import { CompileError } from '../../errors';
import { columnsOfFrom } from '../../sql/schema/from-registry';
import { typeOfNode } from '../../sql/compiler/node-type';
import type { Table } from '../../sql/schema/table';
import type * as n from '../../sql/nodes';
import type { Column } from '../../sql/schema/column';

/**
 * Oracle (12c+): `:n` placeholders, no AS before table aliases, FROM DUAL, OFFSET…FETCH,
 * RETURNING … INTO out-binds, MERGE for upserts, MINUS for EXCEPT, identity columns, and
 * IF [NOT] EXISTS emulated with PL/SQL blocks that swallow only "already exists" / "does not exist".
 */
export class OracleCompiler extends DdlCompiler {
  readonly dialect = 'oracle' as const;
  readonly capabilities = oracleCapabilities;
  readonly types = oracleTypes;

  /** Oracle has no VALUES table: SELECT … FROM DUAL UNION ALL … */
  protected override visitValues(node: n.ValuesNode): void {
    this.visitValuesAsUnion(node, ' FROM DUAL');
  }

  protected override placeholder(index: number): string {
    return `:${index}`;
  }

  protected override tableAliasKeyword(): string {
    return ' ';
  }

  protected override emptyFrom(): string {
    return ' FROM DUAL';
  }

  protected override booleanConstant(value: boolean): string {
    return value ? '1 = 1' : '1 = 0';
  }

  protected override booleanExpressions(): boolean {
    return false;
  }

  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  protected override recursiveWithKeyword(): string {
    return 'WITH ';
  }

  protected override visitModulo(left: n.ExprNode, right: n.ExprNode): void {
    this.write('MOD(');
    this.visitExpr(left);
    this.write(', ');
    this.visitExpr(right);
    this.write(')');
  }

  protected override supportsSetOp(op: n.SetOp): boolean {
    return !op.endsWith(' ALL') || op === 'UNION ALL';
  }

  protected override setOpKeyword(op: n.SetOp): string {
    return op === 'EXCEPT' ? 'MINUS' : op;
  }

  protected override visitLimitOffset(limit: n.ExprNode | undefined, offset: n.ExprNode | undefined): void {
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

  protected override visitSelect(node: n.SelectNode, top: boolean): void {
    if (node.forUpdate !== undefined && (node.limit !== undefined || node.offset !== undefined)) {
      this.unsupported('FOR UPDATE together with LIMIT/OFFSET');
    }
    super.visitSelect(node, top);
  }

  protected override visitForUpdate(node: n.ForUpdateNode): void {
    if (node.mode === 'SHARE') this.unsupported('FOR SHARE');
    if (node.of.length) this.unsupported('FOR UPDATE OF a table');
    this.write(' FOR UPDATE');
    if (node.noWait) this.write(' NOWAIT');
    if (node.skipLocked) this.write(' SKIP LOCKED');
  }

  // ---- DML ----

  protected override defaultValuesClause(node: n.InsertNode): string {
    const first = columnsOfFrom.get(node.table)?.[0];
    if (first === undefined) this.unsupported('INSERT of default values into an unknown table');
    return ` (${this.quoteIdentifier(first.name)}) VALUES (DEFAULT)`;
  }

  protected override visitInsertBody(node: n.InsertNode): void {
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

  protected override visitInsert(node: n.InsertNode): void {
    if (node.select !== undefined && node.returning.length)
      this.unsupported('INSERT … SELECT with RETURNING');
    if (node.onConflict !== undefined) return this.visitMerge(node, node.onConflict);
    super.visitInsert(node);
  }

  /** RETURNING expr, … INTO :n, …: out-binds the driver reads back as rows. */
  protected override visitReturning(table: n.TableNode, returning: readonly n.ExprNode[]): void {
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

  protected override visitExcluded(node: n.ExcludedNode): void {
    this.write(`${this.quoteIdentifier('src')}.${this.quoteIdentifier(node.name)}`);
  }

  // ---- DDL ----

  protected identityClause(col: Column<unknown>): string {
    const kind = col.identity?.always ? 'ALWAYS' : 'BY DEFAULT ON NULL';
    return ` GENERATED ${kind} AS IDENTITY${this.identitySequenceOptions(col)}`;
  }

  protected override collationClause(name: string): string {
    return ` COLLATE ${name.replace(/[^A-Za-z0-9_]/g, '')}`;
  }

  protected override computedClause(sql: string, stored: boolean): string {
    if (stored) this.unsupported('a stored generated column (Oracle computes them on read: stored: false)');
    return ` GENERATED ALWAYS AS (${sql}) VIRTUAL`;
  }

  /** Oracle has no partial indexes: the predicate is dropped (a full index). */
  protected override indexWhere(): string {
    return '';
  }

  protected override referentialAction(action: string, event: 'DELETE' | 'UPDATE'): string {
    if (event === 'UPDATE') this.unsupported('ON UPDATE actions of foreign keys');
    if (action !== 'CASCADE' && action !== 'SET NULL') this.unsupported(`ON DELETE ${action}`);
    return action;
  }

  /** Runs `ddl` in a PL/SQL block that ignores one error code (already exists / does not exist). */
  private ignoring(code: number, ddl: string): string {
    return `BEGIN EXECUTE IMMEDIATE ${this.quoteLiteral(ddl)}; EXCEPTION WHEN OTHERS THEN IF SQLCODE != ${code} THEN RAISE; END IF; END;`;
  }

  protected override createTableIfNotExists(_table: Table, body: string): string {
    return this.ignoring(-955, `CREATE TABLE ${body}`);
  }

  protected override visitDropTable(node: n.DropTableNode): void {
    const ddl = `DROP TABLE ${this.tableName(node.table)}`;
    this.write(node.ifExists ? this.ignoring(-942, ddl) : ddl);
  }

  protected override indexName(ix: n.CreateIndexNode['index']): string {
    // An index is created in the current schema unless its name says otherwise.
    return this.qualifiedIndexName(ix);
  }

  protected override visitCreateIndex(node: n.CreateIndexNode): void {
    const ix = node.index;
    const ddl = `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${this.indexName(ix)} ON ${this.indexTarget(ix)}`;
    this.write(node.ifNotExists ? this.ignoring(-955, ddl) : ddl);
  }

  protected override visitDropIndex(node: n.DropIndexNode): void {
    const ddl = `DROP INDEX ${this.indexName(node.index)}`;
    this.write(node.ifExists ? this.ignoring(-1418, ddl) : ddl);
  }
}
