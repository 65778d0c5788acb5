import { SqlCompiler } from '../../sql/compiler/compiler';
import { identifierPreparer } from '../../sql/compiler/identifier-preparer';
import type * as n from '../../sql/nodes';

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

  override visitUpdate(node: n.UpdateNode): void {
    if (node.from.length === 0) return super.visitUpdate(node);
    if (node.returning.length) this.unsupported('UPDATE … RETURNING');
    // Multi-table UPDATE: UPDATE t, other SET t.col = … WHERE …
    this.visitCtes(node.ctes);
    this.withScope([node.table, ...node.from], () => {
      this.write(`UPDATE ${this.tableName(node.table)}, `);
      this.list(node.from, (f) => this.visitFrom(f));
      this.write(' SET ');
      this.list(node.set, ([name, value]) => {
        this.write(`${this.tableName(node.table)}.${this.quoteIdentifier(name)} = `);
        this.visitValue(value);
      });
      this.visitWhere(node.where);
    });
  }

  override defaultValuesClause(): string {
    return ' () VALUES ()';
  }
}
