import { Expression } from '../expression/expression';
import type { TextFragmentNode, TextStatementNode } from '../nodes';
import * as n from '../nodes';
import type { Executable } from '../selectable';
import type { SqlType } from '../types/sql-type';

/**
 * A statement written as SQL, with named parameters `:name` that are always bound, never spliced.
 * `::` is left alone (PostgreSQL casts); write `\\:` for a literal colon before a name.
 *
 * @example
 * text('SELECT * FROM users WHERE id = :id', { id: 5 })
 * text('SELECT id, created FROM t').columns({ id: types.integer(), created: types.dateTime() })
 */
export class TextStatement<Row = Record<string, unknown>> implements Executable<Row> {
  declare readonly __row?: Row;
  constructor(
    /** The statement's node. */
    readonly node: TextStatementNode,
  ) {}

  /** Types the result columns, so their values are converted (and the row typed). */
  columns<Cols extends Record<string, SqlType<unknown>>>(
    cols: Cols,
  ): TextStatement<{ [K in keyof Cols]: Cols[K] extends SqlType<infer T> ? T | null : never }> {
    return new TextStatement(n.textStatement(this.node.text, Object.freeze(Object.entries(cols))));
  }

  /** This text as an expression, for use inside other statements. */
  asExpression<T = unknown>(type?: SqlType<T>): Expression<T> {
    return new Expression<T>(this.node.text, type);
  }

  /** The statement's node tree, which the compiler walks. */
  toStatementNode(): TextStatementNode {
    return this.node;
  }
}

/**
 * A literal SQL statement with `:name` bind parameters (write `\\:` for a literal colon).
 * @example text('SELECT * FROM users WHERE id = :id', { id: 1 })
 */
export function text(sql: string, params: Record<string, unknown> = {}): TextStatement {
  const fragment: TextFragmentNode = n.textFragment(sql, Object.freeze({ ...params }));
  return new TextStatement(n.textStatement(fragment, Object.freeze([])));
}

/** A piece of SQL text usable as a column or expression: `literalColumn('1')`. Trusted text. */
export function literalColumn<T = unknown>(sql: string, type?: SqlType<T>): Expression<T> {
  return new Expression<T>(n.textFragment(sql, Object.freeze({})), type);
}
