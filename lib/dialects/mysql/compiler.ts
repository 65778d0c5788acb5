import { compileDmlTarget } from '../../sql/compiler/compile-dml';
import { SqlCompiler } from '../../sql/compiler/compiler';
import { deleteExtraFroms, updateExtraFroms } from '../../sql/compiler/from-inference';
import { dialectOption } from '../../sql/statements/dml-options';
import { identifierPreparer } from '../../sql/compiler/identifier-preparer';
import * as n from '../../sql/nodes';

/** Backtick quoting; backslashes are escapes in MySQL string literals unless NO_BACKSLASH_ESCAPES is set. */
export const mysqlPreparer = identifierPreparer({ open: '`', backslashEscapes: true });

/**
 * MySQL 8's statements: `?` placeholders, ON DUPLICATE KEY UPDATE, no RETURNING, no FULL JOIN,
 * NULLS FIRST/LAST emulated, multi-table UPDATE, VALUES lists as UNION ALL.
 */
export class MysqlCompiler extends SqlCompiler {
  /** MariaDB's VALUES has no column names and MySQL's needs ROW(): a UNION ALL of SELECTs works on both. */
  override visitValues(node: n.ValuesNode): void {
    this.visitValuesAsUnion(node, '');
  }

  override visitConcat(left: n.ExprNode, right: n.ExprNode): void {
    this.write('CONCAT(');
    this.visitExpr(left);
    this.write(', ');
    this.visitExpr(right);
    this.write(')');
  }

  override visitLimitOffset(limit: n.ExprNode | undefined, offset: n.ExprNode | undefined): void {
    // MySQL has no OFFSET without LIMIT; the documented idiom is the largest unsigned BIGINT.
    if (limit === undefined && offset !== undefined) this.write(' LIMIT 18446744073709551615');
    super.visitLimitOffset(limit, offset, false, false);
  }

  override supportsSetOp(op: n.SetOp): boolean {
    // MySQL 8.0.31+ and MariaDB 10.3+ have INTERSECT / EXCEPT; their ALL forms came later.
    return !op.endsWith(' ALL') || op === 'UNION ALL';
  }

  override visitIn(node: n.InNode): void {
    // MySQL and MariaDB reject LIMIT inside IN (subquery) at run time (error 1235).
    if (!Array.isArray(node.values)) {
      const q = node.values as n.QueryNode;
      if (q.limit !== undefined || q.offset !== undefined) this.unsupported('LIMIT inside IN (subquery)');
    }
    super.visitIn(node);
  }

  override visitExcluded(node: n.ExcludedNode): void {
    this.write(`VALUES(${this.quoteIdentifier(node.name)})`);
  }

  override visitOnConflict(node: n.InsertNode, oc: n.OnConflictNode): void {
    // MySQL has no conflict target: any unique key triggers the update.
    if (oc.where !== undefined) this.unsupported('a WHERE clause on an upsert');
    this.write(' ON DUPLICATE KEY UPDATE ');
    if (oc.set === undefined) {
      // DO NOTHING: a no-op assignment, which (unlike INSERT IGNORE) still raises other errors.
      const col = this.quoteIdentifier(oc.target[0] ?? node.columns[0]!);
      this.write(`${col} = ${col}`);
      return;
    }
    this.visitSetClause(oc.set, node.table);
  }

  /**
   * UPDATE, multi-table when it reads other tables (`UPDATE t, other SET t.col = …, other.col = …`),
   * with `LIMIT n` from the `mysql` dialect options (single-table only, as MySQL has it).
   */
  override visitUpdate(node: n.UpdateNode): void {
    const from = updateExtraFroms(node);
    const multi = from.length > 0 || node.setOther.length > 0;
    if (node.returning.length) this.unsupported('UPDATE … RETURNING');
    this.visitCtes(node.ctes);
    this.withScope([node.target ?? node.table, ...from], () => {
      this.write('UPDATE ');
      compileDmlTarget(this, node);
      if (from.length) {
        this.write(', ');
        this.list(from, (f) => this.visitFrom(f));
      }
      this.write(' SET ');
      if (!multi) this.visitSetClause(node.set, node.table);
      else {
        const own =
          node.target === undefined ? this.tableName(node.table) : this.quoteIdentifier(node.target.alias);
        const sets: [string, string, n.ExprNode][] = [
          ...node.set.map(([name, value]): [string, string, n.ExprNode] => [
            `${own}.${this.quoteIdentifier(name)}`,
            `${node.table.name}.${name}`,
            value,
          ]),
          ...node.setOther.map(([col, value]): [string, string, n.ExprNode] => [
            `${this.qualifierOf(col.from)}.${this.quoteIdentifier(col.name)}`,
            `${n.fromName(col.from)}.${col.name}`,
            value,
          ]),
        ];
        this.list(sets, ([target, label, value]) => {
          this.write(`${target} = `);
          this.forColumn(label, () => this.visitValue(value));
        });
      }
      this.visitWhere(node.where);
      this.writeLimit(node, multi, 'UPDATE');
    });
  }

  /**
   * DELETE: `DELETE FROM t USING t, other …` when it reads other tables or names its table by an
   * alias (MariaDB has no alias in the single-table form), with `LIMIT n` from the options.
   */
  override visitDelete(node: n.DeleteNode): void {
    const using = deleteExtraFroms(node);
    const multi = using.length > 0 || node.target !== undefined;
    this.visitCtes(node.ctes);
    this.withScope([node.target ?? node.table, ...using], () => {
      if (!multi) this.write(`DELETE FROM ${this.tableName(node.table)}`);
      else {
        const own =
          node.target === undefined ? this.tableName(node.table) : this.quoteIdentifier(node.target.alias);
        this.write(`DELETE FROM ${own} USING `);
        this.list([node.target ?? node.table, ...using], (f) => this.visitFrom(f));
        if (node.returning.length) this.unsupported('RETURNING on a multi-table DELETE');
      }
      this.visitWhere(node.where);
      this.writeLimit(node, multi, 'DELETE');
      this.visitReturning(node.table, node.returning, 'DELETED');
    });
  }

  private qualifierOf(from: n.FromNode): string {
    return from.kind === 'Table' ? this.tableName(from) : this.quoteIdentifier(n.fromName(from));
  }

  private writeLimit(node: n.UpdateNode | n.DeleteNode, multi: boolean, what: string): void {
    const limit = dialectOption(node.dialectOptions, 'mysql', 'limit');
    if (limit === undefined) return;
    if (multi) this.unsupported(`LIMIT on a multi-table ${what}`);
    this.write(` LIMIT ${Number(limit)}`);
  }

  override defaultValuesClause(): string {
    return ' () VALUES ()';
  }
}
