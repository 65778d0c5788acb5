import { SqlCompiler } from '../../sql/compiler/compiler';
import type * as n from '../../sql/nodes';

/**
 * SQLite's statements: `?` placeholders, RETURNING (3.35+), ON CONFLICT. FOR UPDATE is left out:
 * a SQLite write transaction already locks the whole database.
 */
export class SqliteCompiler extends SqlCompiler {
  /** SQLite's VALUES names its columns column1, column2…: rename them in a wrapping SELECT. */
  override visitValues(node: n.ValuesNode): void {
    const renames = node.columnNames.map(
      (c, i) => `${this.quoteIdentifier(`column${i + 1}`)} AS ${this.quoteIdentifier(c)}`,
    );
    this.write(`(SELECT ${renames.join(', ')} FROM (VALUES `);
    this.list(node.rows, (row) => {
      this.write('(');
      this.list(row, (v) => this.visitExpr(v));
      this.write(')');
    });
    this.write(`))${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
  }

  override visitLimitOffset(limit: n.ExprNode | undefined, offset: n.ExprNode | undefined): void {
    if (limit === undefined && offset !== undefined) this.write(' LIMIT -1');
    super.visitLimitOffset(limit, offset, false, false);
  }

  /** SQLite allows no parentheses around a compound member: one with ORDER BY / LIMIT is wrapped. */
  override visitSetMember(q: n.QueryNode, top: boolean): void {
    const wrap =
      q.kind === 'SetOperation' || q.orderBy.length > 0 || q.limit !== undefined || q.offset !== undefined;
    if (!wrap) return this.visitQuery(q, top);
    this.write('SELECT * FROM (');
    this.visitQuery(q, top);
    this.write(')');
  }

  override visitInsertBody(node: n.InsertNode): void {
    if (node.select === undefined || node.onConflict === undefined) return super.visitInsertBody(node);
    // `INSERT … SELECT … ON CONFLICT` is ambiguous to SQLite's parser (ON of a join) unless the
    // SELECT ends in a WHERE clause.
    this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')}) SELECT * FROM (`);
    this.visitQuery(node.select, false);
    this.write(') WHERE true');
  }

  override visitForUpdate(): void {}
}
