import { assertNever } from '../../util/assert-never';
import type * as n from '../nodes';
import type { ExprNode, FromNode } from '../nodes';
import type { CompileContext } from './compile-context';
import { compileCondition, compileExpr } from './compile-expression';
import { compileQuery } from './compile-select';

/** FROM items: tables and their aliases, derived tables, joins, CTE references, VALUES lists. */
export function compileFrom(c: CompileContext, node: FromNode): void {
  switch (node.kind) {
    case 'Table':
      c.write(c.tableName(node));
      c.afterFromTable(node);
      return;
    case 'TableAlias':
      c.write(`${c.tableName(node.table)}${c.tableAliasKeyword()}${c.quoteIdentifier(node.alias)}`);
      c.afterFromTable(node);
      return;
    case 'DerivedTable':
      if (node.lateral) c.write(c.lateralKeyword());
      c.write('(');
      compileQuery(c, node.query, false);
      c.write(`)${c.tableAliasKeyword()}${c.quoteIdentifier(node.alias)}`);
      return;
    case 'Join':
      return compileJoin(c, node);
    case 'CteRef':
      c.write(c.quoteIdentifier(node.cte.name));
      if (node.alias !== undefined) c.write(`${c.tableAliasKeyword()}${c.quoteIdentifier(node.alias)}`);
      return;
    case 'TableFunction':
      compileExpr(c, node.fn);
      c.write(`${c.tableAliasKeyword()}${c.quoteIdentifier(node.alias)}`);
      return;
    case 'Values':
      return c.visitValues(node);
    default:
      return assertNever(node, 'FROM item');
  }
}

const JOIN_KEYWORDS: Readonly<Record<n.JoinType, string>> = {
  INNER: 'JOIN',
  LEFT: 'LEFT OUTER JOIN',
  RIGHT: 'RIGHT OUTER JOIN',
  FULL: 'FULL OUTER JOIN',
  CROSS: 'CROSS JOIN',
};

function compileJoin(c: CompileContext, node: n.JoinNode): void {
  if (node.type === 'FULL' && !c.capabilities.fullJoin) c.unsupported('FULL OUTER JOIN');
  compileFrom(c, node.left);
  c.write(` ${JOIN_KEYWORDS[node.type]} `);
  const nested = node.right.kind === 'Join';
  if (nested) c.write('(');
  compileFrom(c, node.right);
  if (nested) c.write(')');
  if (node.on !== undefined) {
    c.write(' ON ');
    compileCondition(c, node.on);
  }
}

/** `(VALUES (…), (…)) AS alias (columns)`: PostgreSQL and SQL Server; the other dialects override. */
export function compileValues(c: CompileContext, node: n.ValuesNode): void {
  c.write('(VALUES ');
  c.list(node.rows, (row, r) => {
    c.write('(');
    c.list(row, (v, i) =>
      c.forColumn(`${node.alias}.${node.columnNames[i]}`, () => c.visitValuesCell(v, node.types[i], r)),
    );
    c.write(')');
  });
  const columns = node.columnNames.map((name) => c.quoteIdentifier(name)).join(', ');
  c.write(`)${c.tableAliasKeyword()}${c.quoteIdentifier(node.alias)} (${columns})`);
}

/** One value of a VALUES row in FROM. */
export function compileValuesCell(c: CompileContext, value: ExprNode): void {
  compileExpr(c, value);
}

/**
 * VALUES as `SELECT … UNION ALL SELECT …` (MySQL/MariaDB and Oracle, whose VALUES either
 * lacks column names or does not exist). `fromDual` adds Oracle's FROM DUAL.
 */
export function compileValuesAsUnion(c: CompileContext, node: n.ValuesNode, fromDual: string): void {
  c.write('(');
  c.list(
    node.rows,
    (row, r) => {
      c.write('SELECT ');
      c.list(row, (v, i) => {
        c.forColumn(`${node.alias}.${node.columnNames[i]}`, () => compileExpr(c, v));
        if (r === 0) c.write(`${c.columnAliasKeyword()}${c.quoteIdentifier(node.columnNames[i]!)}`);
      });
      c.write(fromDual);
    },
    ' UNION ALL ',
  );
  c.write(`)${c.tableAliasKeyword()}${c.quoteIdentifier(node.alias)}`);
}
