import { ArgumentError } from '../../errors';
import { mergeExecutionOptions, type ExecutionOptions } from '../execution-options';
import type { QueryNode, TextStatementNode } from '../nodes';
import type { Executable } from '../selectable';
import type { RowObject } from './row-types';
import { TextStatement } from './text';

/** What `fromStatement()` reads its rows from: a query, or SQL text. */
export interface RowSource extends Executable {
  toStatementNode(): QueryNode | TextStatementNode;
}

/**
 * The ORM items of a `select()` loaded from the rows of another statement (SQLAlchemy's
 * `from_statement()`): a session runs `statement` as it is and builds the items from its result
 * columns, matched to the entity's columns by column (a query's select list) or by name (text).
 * Columns the statement does not return are left unloaded on the objects. Run as Core, it is just
 * `statement`. Made by `select(Entity).fromStatement(stmt)`.
 *
 * @example session.scalars(select(User).fromStatement(text('SELECT id, name FROM users WHERE …')))
 */
export class FromStatement<Items extends readonly unknown[] = unknown[]> implements Executable<
  RowObject<Items>
> {
  declare readonly __row?: RowObject<Items>;

  /** @internal Use `select(…).fromStatement(statement)`. */
  constructor(
    /** The items of the select, built from the statement's rows. */
    readonly items: Items,
    /** The statement run for the rows. */
    readonly statement: RowSource,
    private readonly options: ExecutionOptions,
  ) {}

  toStatementNode(): QueryNode | TextStatementNode {
    return this.statement.toStatementNode();
  }

  /** Execution options (see `ExecutionOptions`), merged over those given before. */
  executionOptions(options: ExecutionOptions): FromStatement<Items> {
    return new FromStatement(this.items, this.statement, mergeExecutionOptions(this.options, { ...options }));
  }

  /** The execution options given to this statement and to the select it was made from. */
  getExecutionOptions(): ExecutionOptions {
    return this.options;
  }
}

/** @internal Checks what `fromStatement()` is given. */
export function checkRowSource(statement: unknown): RowSource {
  const node =
    typeof statement === 'object' && statement !== null && 'toStatementNode' in statement
      ? (statement as Executable).toStatementNode()
      : undefined;
  if (statement instanceof TextStatement || node?.kind === 'Select' || node?.kind === 'SetOperation') {
    return statement as RowSource;
  }
  throw new ArgumentError(
    `fromStatement() needs a select() or text() statement that returns rows, got ${node?.kind ?? String(statement)}`,
  );
}
