import type { SqlType } from '../types/sql-type';
import type { ExprNode } from './expression-nodes';
import type { QueryNode, CteNode } from './statement-nodes';

/** Things a FROM clause can name. */
export type FromNode =
  TableNode | TableAliasNode | DerivedTableNode | JoinNode | CteRefNode | TableFunctionNode | ValuesNode;

/** A table by name. `schemaName` qualifies it; the schema object itself lives in lib/sql/schema. */
export interface TableNode {
  readonly kind: 'Table';
  readonly name: string;
  readonly schemaName: string | undefined;
}

export interface TableAliasNode {
  readonly kind: 'TableAlias';
  readonly table: TableNode;
  readonly alias: string;
}

/** A subquery in FROM: `(SELECT …) AS alias`. */
export interface DerivedTableNode {
  readonly kind: 'DerivedTable';
  readonly query: QueryNode;
  readonly alias: string;
  /** LATERAL on PostgreSQL/MySQL 8; CROSS APPLY is not generated. */
  readonly lateral: boolean;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

export interface JoinNode {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly left: FromNode;
  readonly right: FromNode;
  readonly on: ExprNode | undefined;
}

/** A reference to a common table expression declared by the statement's WITH clause. */
export interface CteRefNode {
  readonly kind: 'CteRef';
  readonly cte: CteNode;
  readonly alias: string | undefined;
}

/** A set-returning function in FROM, e.g. `generate_series(1, 10) AS g`. */
/**
 * A table of literal rows in FROM: `(VALUES (…), (…)) AS alias (columns)`, or the dialect's
 * equivalent. Every value is a bound parameter; `types` type the columns where the database needs it.
 */
export interface ValuesNode {
  readonly kind: 'Values';
  readonly rows: readonly (readonly ExprNode[])[];
  readonly alias: string;
  readonly columnNames: readonly string[];
  readonly types: readonly (SqlType<unknown> | undefined)[];
}

export interface TableFunctionNode {
  readonly kind: 'TableFunction';
  readonly fn: ExprNode;
  readonly alias: string;
}

/** The name a FROM item is referred to by in column references. */
export function fromName(node: FromNode): string {
  switch (node.kind) {
    case 'Table':
      return node.name;
    case 'TableAlias':
    case 'DerivedTable':
    case 'TableFunction':
    case 'Values':
      return node.alias;
    case 'CteRef':
      return node.alias ?? node.cte.name;
    case 'Join':
      throw new Error('a join has no single name');
  }
}
