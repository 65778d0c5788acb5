import type { FromNode, QueryNode, StatementNode } from '../nodes';
import { collectFroms } from './from-inference';

/**
 * What a statement does, read from its tree for telemetry: the operation, the tables it reads or
 * writes (in order of appearance) and OpenTelemetry's low-cardinality `db.query.summary`
 * (`SELECT users posts`). No value of the statement appears in it.
 */
export interface QuerySummary {
  readonly operation: string;
  readonly collections: readonly string[];
  readonly text: string;
}

/** The summary of a statement; undefined for `text()` statements, whose SQL is opaque. */
export function querySummary(node: StatementNode): QuerySummary | undefined {
  let operation: string;
  const tables: string[] = [];
  switch (node.kind) {
    case 'Select':
    case 'SetOperation':
      operation = 'SELECT';
      queryTables(node, tables);
      break;
    case 'Insert':
      operation = 'INSERT';
      tables.push(node.table.name);
      break;
    case 'Update':
      operation = 'UPDATE';
      tables.push(node.table.name);
      break;
    case 'Delete':
      operation = 'DELETE';
      tables.push(node.table.name);
      break;
    default:
      return undefined;
  }
  const collections = [...new Set(tables)];
  return Object.freeze({
    operation,
    collections: Object.freeze(collections),
    text: collections.length ? `${operation} ${collections.join(' ')}` : operation,
  });
}

function queryTables(node: QueryNode, out: string[]): void {
  if (node.kind === 'SetOperation') {
    for (const q of node.queries) queryTables(q, out);
    return;
  }
  for (const from of collectFroms(node, [])) fromTables(from, out);
}

function fromTables(from: FromNode, out: string[]): void {
  switch (from.kind) {
    case 'Table':
      out.push(from.name);
      return;
    case 'TableAlias':
      out.push(from.table.name);
      return;
    case 'Join':
      fromTables(from.left, out);
      fromTables(from.right, out);
      return;
    case 'DerivedTable':
      queryTables(from.query, out);
      return;
    case 'CteRef':
      out.push(from.cte.name);
      return;
    default:
      return;
  }
}
