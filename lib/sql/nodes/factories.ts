import type { SqlType } from '../types/sql-type';
import type * as n from './nodes';

/**
 * One factory per node kind: the only place nodes are made. Each returns a frozen node with its
 * fields in the declared order (node-fields.ts), so every node of a kind has the same shape, and
 * freezes the lists it is given (a list frozen already is kept as it is), so nothing reachable
 * from a node can change after it is made.
 */

const freeze = Object.freeze;

/** A node's list, frozen in place. */
const list = <T>(items: readonly T[]): readonly T[] => freeze(items);

/** A list of lists (rows, pairs), each frozen in place. */
function lists<T extends readonly unknown[]>(items: readonly T[]): readonly T[] {
  for (let i = 0; i < items.length; i++) freeze(items[i]);
  return freeze(items);
}

// ---- expressions ------------------------------------------------------------------------------

/** A column reference; `key` only when it differs from the database name. */
export const columnNode = (
  from: n.TableNode | n.FromNode,
  name: string,
  type: SqlType<unknown> | undefined,
  key?: string,
  readFrom?: n.FromNode,
): n.ColumnNode => {
  const node: { -readonly [F in keyof n.ColumnNode]: n.ColumnNode[F] } = { kind: 'Column', from, name, type };
  if (key !== undefined && key !== name) node.key = key;
  if (readFrom !== undefined) node.readFrom = readFrom;
  return freeze(node);
};

/** A bound value, converted by `type` when it is compiled. */
export const bindParam = (value: unknown, type?: SqlType<unknown>): n.BindParamNode =>
  freeze({ kind: 'BindParam', value, type });

/**
 * A bound value read when the statement is compiled, not when it is built (SQLAlchemy's callable
 * bind parameter): `read()` gives the value each time.
 */
export const deferredBindParam = (read: () => unknown, type?: SqlType<unknown>): n.BindParamNode =>
  freeze({ kind: 'BindParam', value: undefined, type, deferred: read });

/** SQL `NULL` (shared, immutable). */
export const NULL_NODE: n.NullNode = freeze({ kind: 'Null' });
/** TRUE as a predicate (shared, immutable). */
export const TRUE_NODE: n.BooleanConstantNode = freeze({ kind: 'BooleanConstant', value: true });
/** FALSE as a predicate (shared, immutable). */
export const FALSE_NODE: n.BooleanConstantNode = freeze({ kind: 'BooleanConstant', value: false });
/** The DEFAULT keyword in an INSERT row (shared, immutable). */
export const DEFAULT_NODE: n.DefaultValueNode = freeze({ kind: 'DefaultValue' });

/** The next value of sequence `name` (in `schemaName`). */
export const nextValue = (
  name: string,
  schemaName: string | undefined,
  type: SqlType<unknown> | undefined,
): n.NextValueNode => freeze({ kind: 'NextValue', name, schemaName, type });

/** TRUE or FALSE as a condition. */
export const booleanConstant = (value: boolean): n.BooleanConstantNode => (value ? TRUE_NODE : FALSE_NODE);

/** `*`, or `from.*`. */
export const star = (from: n.FromNode | undefined): n.StarNode => freeze({ kind: 'Star', from });

/** `left op right`; `escape` for LIKE. */
export const binary = (op: n.BinaryOp, left: n.ExprNode, right: n.ExprNode, escape?: string): n.BinaryNode =>
  freeze(
    escape === undefined ? { kind: 'Binary', op, left, right } : { kind: 'Binary', op, left, right, escape },
  );

/** `a AND b AND …` / `a OR b OR …`. */
export const logical = (op: 'AND' | 'OR', operands: readonly n.ExprNode[]): n.LogicalNode =>
  freeze({ kind: 'Logical', op, operands: list(operands) });

/** `NOT operand`. */
export const not = (operand: n.ExprNode): n.NotNode => freeze({ kind: 'Not', operand });

/** `-operand`. */
export const unaryMinus = (operand: n.ExprNode): n.UnaryMinusNode => freeze({ kind: 'UnaryMinus', operand });

/** `operand IS [NOT] NULL`. */
export const isNull = (operand: n.ExprNode, negated: boolean): n.IsNullNode =>
  freeze({ kind: 'IsNull', operand, negated });

/** `operand [NOT] IN (values | subquery)`. */
export const inNode = (
  operand: n.ExprNode,
  values: readonly n.ExprNode[] | n.QueryNode,
  negated: boolean,
): n.InNode =>
  freeze({ kind: 'In', operand, values: Array.isArray(values) ? list(values) : values, negated });

/** `operand [NOT] BETWEEN low AND high`. */
export const between = (
  operand: n.ExprNode,
  low: n.ExprNode,
  high: n.ExprNode,
  negated: boolean,
): n.BetweenNode => freeze({ kind: 'Between', operand, low, high, negated });

/** A function call `name([DISTINCT] args)` whose result is of `type`. */
export const functionCall = (
  name: string,
  args: readonly n.ExprNode[],
  distinct: boolean,
  type: SqlType<unknown> | undefined,
): n.FunctionNode => freeze({ kind: 'Function', name, args: list(args), distinct, type });

/** `CAST(operand AS type)`. */
export const cast = (operand: n.ExprNode, type: SqlType<unknown>): n.CastNode =>
  freeze({ kind: 'Cast', operand, type });

/** `CASE [subject] WHEN … THEN … [ELSE …] END`. */
export const caseNode = (
  subject: n.ExprNode | undefined,
  whens: readonly (readonly [n.ExprNode, n.ExprNode])[],
  otherwise: n.ExprNode | undefined,
  type: SqlType<unknown> | undefined,
): n.CaseNode => freeze({ kind: 'Case', subject, whens: lists(whens), otherwise, type });

/** `expr AS name` in a select list. */
export const label = (expr: n.ExprNode, name: string, type?: SqlType<unknown>): n.LabelNode =>
  freeze({ kind: 'Label', expr, name, type });

/** `EXISTS (query)`. */
export const exists = (query: n.QueryNode): n.ExistsNode => freeze({ kind: 'Exists', query });

/** `(query)` as a value. */
export const scalarSubquery = (query: n.QueryNode): n.ScalarSubqueryNode =>
  freeze({ kind: 'ScalarSubquery', query });

/** An ORDER BY item with its direction and NULLS FIRST / LAST. */
export const orderBy = (
  expr: n.ExprNode,
  direction?: 'ASC' | 'DESC',
  nulls?: 'FIRST' | 'LAST',
): n.OrderByNode => freeze({ kind: 'OrderBy', expr, direction, nulls });

/** `fn OVER (PARTITION BY … ORDER BY … frame)`. */
export const windowNode = (
  fn: n.ExprNode,
  partitionBy: readonly n.ExprNode[],
  orderBy: readonly n.OrderByNode[],
  frame: n.WindowFrameNode | undefined,
): n.WindowNode =>
  freeze({ kind: 'Window', fn, partitionBy: list(partitionBy), orderBy: list(orderBy), frame });

/** `ROWS | RANGE BETWEEN start AND end`. */
export const windowFrame = (
  mode: 'ROWS' | 'RANGE',
  start: n.FrameBoundNode,
  end: n.FrameBoundNode,
): n.WindowFrameNode => freeze({ kind: 'WindowFrame', mode, start, end });

/** A window frame bound: a keyword, or an offset PRECEDING / FOLLOWING. */
export const frameBound = (bound: n.FrameBoundNode['bound'], offset: number | undefined): n.FrameBoundNode =>
  freeze({ kind: 'FrameBound', bound, offset });

/** `(a, b, …)`. */
export const tuple = (items: readonly n.ExprNode[]): n.TupleNode =>
  freeze({ kind: 'Tuple', items: list(items) });

/** SQL text with named parameters, bound when compiled. */
export const textFragment = (sql: string, params: Readonly<Record<string, unknown>>): n.TextFragmentNode =>
  freeze({ kind: 'TextFragment', sql, params });

/** An upsert's reference to the value the conflicting row proposed for column `name`. */
export const excluded = (name: string, type: SqlType<unknown> | undefined): n.ExcludedNode =>
  freeze({ kind: 'Excluded', name, type });

// ---- FROM items -------------------------------------------------------------------------------

/** A table by name, in a schema or the default one. */
export const tableNode = (name: string, schemaName: string | undefined): n.TableNode =>
  freeze({ kind: 'Table', name, schemaName });

/** `table AS alias`. */
export const tableAlias = (table: n.TableNode, alias: string): n.TableAliasNode =>
  freeze({ kind: 'TableAlias', table, alias });

/** `[LATERAL] (query) AS alias`. */
export const derivedTable = (query: n.QueryNode, alias: string, lateral: boolean): n.DerivedTableNode =>
  freeze({ kind: 'DerivedTable', query, alias, lateral });

/** `left JOIN right ON on`. */
export const join = (
  type: n.JoinType,
  left: n.FromNode,
  right: n.FromNode,
  on: n.ExprNode | undefined,
): n.JoinNode => freeze({ kind: 'Join', type, left, right, on });

/** A reference to a WITH clause's CTE, under its name or an alias. */
export const cteRef = (cte: n.CteNode, alias: string | undefined): n.CteRefNode =>
  freeze({ kind: 'CteRef', cte, alias });

/** A VALUES list in FROM. */
export const valuesNode = (
  rows: readonly (readonly n.ExprNode[])[],
  alias: string,
  columnNames: readonly string[],
  types: readonly (SqlType<unknown> | undefined)[],
): n.ValuesNode =>
  freeze({ kind: 'Values', rows: lists(rows), alias, columnNames: list(columnNames), types: list(types) });

/** A set-returning function in FROM: `fn(…) AS alias`. */
export const tableFunction = (fn: n.ExprNode, alias: string): n.TableFunctionNode =>
  freeze({ kind: 'TableFunction', fn, alias });

// ---- statements -------------------------------------------------------------------------------

/** A common table expression of a WITH clause. */
export const cte = (
  name: string,
  query: n.QueryNode,
  recursive: boolean,
  columnNames: readonly string[] | undefined,
): n.CteNode =>
  freeze({
    kind: 'Cte',
    name,
    query,
    recursive,
    columnNames: columnNames === undefined ? undefined : list(columnNames),
  });

/** FOR UPDATE / FOR SHARE with its options. */
export const forUpdate = (
  mode: 'UPDATE' | 'SHARE',
  noWait: boolean,
  skipLocked: boolean,
  of: readonly n.FromNode[],
): n.ForUpdateNode => freeze({ kind: 'ForUpdate', mode, noWait, skipLocked, of: list(of) });

/** The fields of a node kind, without its tag. */
export type FieldsOf<
  N extends {
    /** The node's tag. */
    readonly kind: string;
  },
> = Omit<N, 'kind'>;

/** A SELECT. @example selectNode({ ...node, where }) builds the next SELECT from the last one. */
export const selectNode = (f: FieldsOf<n.SelectNode>): n.SelectNode =>
  freeze({
    kind: 'Select',
    ctes: list(f.ctes),
    distinct: f.distinct,
    columns: list(f.columns),
    from: list(f.from),
    where: f.where,
    groupBy: list(f.groupBy),
    having: f.having,
    orderBy: list(f.orderBy),
    limit: f.limit,
    offset: f.offset,
    forUpdate: f.forUpdate,
  });

/** UNION / INTERSECT / EXCEPT of queries. */
export const setOperation = (f: FieldsOf<n.SetOperationNode>): n.SetOperationNode =>
  freeze({
    kind: 'SetOperation',
    ctes: list(f.ctes),
    op: f.op,
    queries: list(f.queries),
    orderBy: list(f.orderBy),
    limit: f.limit,
    offset: f.offset,
  });

/** An upsert clause; `set` undefined for DO NOTHING. */
export const onConflict = (
  target: readonly string[],
  set: readonly (readonly [string, n.ExprNode])[] | undefined,
  where: n.ExprNode | undefined,
): n.OnConflictNode =>
  freeze({
    kind: 'OnConflict',
    target: list(target),
    set: set === undefined ? undefined : lists(set),
    where,
  });

/** An INSERT. */
export const insertNode = (f: FieldsOf<n.InsertNode>): n.InsertNode =>
  freeze({
    kind: 'Insert',
    ctes: list(f.ctes),
    table: f.table,
    columns: list(f.columns),
    rows: lists(f.rows),
    select: f.select,
    returning: list(f.returning),
    onConflict: f.onConflict,
  });

/** An UPDATE. */
export const updateNode = (f: FieldsOf<n.UpdateNode>): n.UpdateNode =>
  freeze({
    kind: 'Update',
    ctes: list(f.ctes),
    table: f.table,
    target: f.target,
    set: lists(f.set),
    setOther: lists(f.setOther),
    from: list(f.from),
    where: f.where,
    returning: list(f.returning),
    dialectOptions: lists(f.dialectOptions),
  });

/** A DELETE. */
export const deleteNode = (f: FieldsOf<n.DeleteNode>): n.DeleteNode =>
  freeze({
    kind: 'Delete',
    ctes: list(f.ctes),
    table: f.table,
    target: f.target,
    using: list(f.using),
    where: f.where,
    returning: list(f.returning),
    dialectOptions: lists(f.dialectOptions),
  });

/** A statement written as text, with its result columns' types when given. */
export const textStatement = (
  text: n.TextFragmentNode,
  columns: readonly (readonly [string, SqlType<unknown>])[],
): n.TextStatementNode => freeze({ kind: 'TextStatement', text, columns: lists(columns) });
