import { CompileError } from '../../errors';
import type * as n from '../nodes';
import type { ExprNode } from '../nodes';
import { SqlCompiler } from './compiler';
import { resultNames } from './naming';
import { typeOfNode } from './node-type';

/**
 * INSERT / UPDATE / DELETE, upserts and RETURNING. Dialects override the hooks: OUTPUT on SQL
 * Server, RETURNING INTO on Oracle, ON DUPLICATE KEY on MySQL, MERGE where there is no upsert.
 */
export abstract class DmlCompiler extends SqlCompiler {
  // -----------------------------------------------------------------------------------

  protected visitInsert(node: n.InsertNode): void {
    this.visitCtes(node.ctes);
    this.write(`INSERT INTO ${this.tableName(node.table)}`);
    this.visitInsertBody(node);
    if (node.onConflict !== undefined) this.visitOnConflict(node, node.onConflict);
    this.visitReturning(node.table, node.returning, 'INSERTED');
  }

  /** `(cols) VALUES (…), (…)`, `(cols) SELECT …`, or DEFAULT VALUES. */
  protected visitInsertBody(node: n.InsertNode): void {
    if (node.select !== undefined) {
      this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')}) `);
      this.visitQuery(node.select, false);
      return;
    }
    if (node.columns.length === 0) {
      if (node.rows.length > 1) this.unsupported('a multi-row INSERT of default values only');
      this.write(this.defaultValuesClause(node));
      return;
    }
    if (node.rows.length > 1 && !this.capabilities.multiRowInsert) this.unsupported('multi-row INSERT');
    this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')})`);
    this.beforeValues(node);
    this.write(' VALUES ');
    this.list(node.rows, (row) => {
      this.write('(');
      this.list(row, (v) => this.visitValue(v));
      this.write(')');
    });
  }

  protected defaultValuesClause(_node: n.InsertNode): string {
    return ' DEFAULT VALUES';
  }

  /** Hook between the column list and VALUES (SQL Server's OUTPUT). */
  protected beforeValues(_node: n.InsertNode): void {}

  protected visitOnConflict(node: n.InsertNode, oc: n.OnConflictNode): void {
    if (oc.target.length === 0 && oc.set !== undefined) {
      throw new CompileError(`onConflictDoUpdate() needs a conflict target on the ${this.dialect} dialect`);
    }
    this.write(' ON CONFLICT');
    if (oc.target.length) this.write(` (${oc.target.map((c) => this.quoteIdentifier(c)).join(', ')})`);
    if (oc.set === undefined) {
      this.write(' DO NOTHING');
      return;
    }
    this.write(' DO UPDATE SET ');
    this.visitSetClause(oc.set);
    if (oc.where !== undefined) {
      this.write(' WHERE ');
      this.withScope([node.table], () => this.visitCondition(oc.where!));
    }
  }

  /** RETURNING for dialects that have it; the result columns are the returned expressions. */
  protected visitReturning(
    table: n.TableNode,
    returning: readonly ExprNode[],
    _side: 'INSERTED' | 'DELETED',
  ): void {
    if (returning.length === 0) return;
    if (this.capabilities.returning === 'none') this.unsupported('RETURNING');
    this.write(' RETURNING ');
    this.writeReturningList(table, returning, '');
  }

  /**
   * Writes returned expressions, target-table columns with `prefix` (`''` for unqualified), and
   * records them as the result columns.
   */
  protected writeReturningList(
    table: n.TableNode,
    returning: readonly ExprNode[],
    prefix: string,
    aliases = true,
  ): void {
    const names = resultNames(returning);
    this.columns = returning.map((c, i) => ({ name: names[i]!, type: typeOfNode(c) }));
    const saved = this.columnPrefix;
    this.columnPrefix = { table, prefix };
    try {
      this.list(returning, (col, i) =>
        aliases ? this.visitSelectColumn(col, names[i]!) : this.visitValue(col),
      );
    } finally {
      this.columnPrefix = saved;
    }
  }

  protected visitUpdate(node: n.UpdateNode): void {
    if (node.returning.length && !this.capabilities.updateReturning) this.unsupported('UPDATE … RETURNING');
    if (node.from.length && !this.capabilities.updateFrom) this.unsupported('UPDATE … FROM');
    this.visitCtes(node.ctes);
    this.withScope([node.table, ...node.from], () => {
      this.write(`UPDATE ${this.tableName(node.table)} SET `);
      this.visitSetClause(node.set);
      this.afterUpdateSet(node);
      if (node.from.length) {
        this.write(' FROM ');
        this.list(node.from, (f) => this.visitFrom(f));
      }
      this.visitWhere(node.where);
      this.visitReturning(node.table, node.returning, 'INSERTED');
    });
  }

  protected visitSetClause(set: readonly (readonly [string, ExprNode])[]): void {
    this.list(set, ([name, value]) => {
      this.write(`${this.quoteIdentifier(name)} = `);
      this.visitValue(value);
    });
  }

  /** Hook after UPDATE's SET list (SQL Server's OUTPUT). */
  protected afterUpdateSet(_node: n.UpdateNode): void {}

  protected visitDelete(node: n.DeleteNode): void {
    this.visitCtes(node.ctes);
    this.withScope([node.table], () => {
      this.write(`DELETE FROM ${this.tableName(node.table)}`);
      this.afterDeleteTable(node);
      this.visitWhere(node.where);
      this.visitReturning(node.table, node.returning, 'DELETED');
    });
  }

  /** Hook after DELETE FROM t (SQL Server's OUTPUT). */
  protected afterDeleteTable(_node: n.DeleteNode): void {}
}
