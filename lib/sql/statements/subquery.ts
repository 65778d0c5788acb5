import { Expression } from '../expression/expression';
import * as n from '../nodes';
import type { CteNode, CteRefNode, DerivedTableNode, QueryNode } from '../nodes';
import { resultNames } from '../compiler/naming';
import { firstSelect, typeOfNode } from '../compiler/node-type';
import type { SqlType } from '../types/sql-type';
import { columnsOfFrom, type Column } from '../schema/table';

/** A column of a derived table or CTE, read by name from it. */
export class DerivedColumn<T, K extends string = string> extends Expression<T> {
  constructor(
    readonly key: K,
    from: n.FromNode,
    type: SqlType<unknown> | undefined,
  ) {
    super(n.columnNode(from, key, type), type);
  }
}

/** `{ key: DerivedColumn }` for a row type. */
export type DerivedColumns<Row> = { readonly [K in keyof Row & string]: DerivedColumn<Row[K], K> };

/** @internal The output columns of a query: its first SELECT's result names and types. */
export function queryOutputs(query: QueryNode): { name: string; type: SqlType<unknown> | undefined }[] {
  const first = firstSelect(query);
  const names = resultNames(first.columns);
  return first.columns.map((c, i) => ({ name: names[i]!, type: typeOfNode(c) }));
}

function derivedColumns<Row>(
  from: n.FromNode,
  outputs: { name: string; type: SqlType<unknown> | undefined }[],
) {
  const c: Record<string, DerivedColumn<unknown>> = {};
  const columns = outputs.map((o) => (c[o.name] = new DerivedColumn(o.name, from, o.type)));
  return { c: Object.freeze(c) as DerivedColumns<Row>, columns: Object.freeze(columns) };
}

/** A query used as a FROM item: `(SELECT …) AS name`. Its columns are in `.c`. */
export class Subquery<Row> {
  /** The subquery's node in a FROM clause. */
  readonly node: DerivedTableNode;
  /** The subquery's columns by name: `sq.c.total`. */
  readonly c: DerivedColumns<Row>;
  /** Its columns, in order. */
  readonly columns: readonly DerivedColumn<unknown>[];

  constructor(
    query: QueryNode,
    /** The subquery's name in the FROM clause. */
    readonly name: string,
    lateral: boolean,
  ) {
    this.node = n.derivedTable(query, name, lateral);
    ({ c: this.c, columns: this.columns } = derivedColumns<Row>(this.node, queryOutputs(query)));
  }

  /** The node a FROM clause writes for the subquery. */
  get fromNode(): n.FromNode {
    return this.node;
  }
}

/** The table column a select item reads as it is (through labels), or undefined for an expression. */
function plainTableColumn(node: n.ExprNode): Column<unknown> | undefined {
  if (node.kind === 'Label') return plainTableColumn(node.expr);
  if (node.kind !== 'Column') return undefined;
  return columnsOfFrom.get(node.from as n.FromNode)?.find((c) => c.name === node.name)?.base;
}

/**
 * @internal The output columns of a subquery of one SELECT, each with the table column it reads
 * as it is (undefined for an expression); undefined for a compound query (UNION …).
 */
export function subqueryTableColumns(
  sq: Subquery<unknown>,
): { readonly name: string; readonly column: Column<unknown> | undefined }[] | undefined {
  const query = sq.node.query;
  if (query.kind !== 'Select') return undefined;
  const names = resultNames(query.columns);
  return query.columns.map((node, i) => ({ name: names[i]!, column: plainTableColumn(node) }));
}

/**
 * A common table expression. Add it to a statement with `.with(cte)` and select from it like a
 * table; `cte.alias('x')` names another reference to it.
 */
export class Cte<Row> {
  /** The CTE's columns by name. */
  readonly c: DerivedColumns<Row>;
  /** Its columns, in order. */
  readonly columns: readonly DerivedColumn<unknown>[];
  /** The node of this reference to the CTE. */
  readonly ref: CteRefNode;

  constructor(
    /** The CTE's node in the WITH clause. */
    readonly node: CteNode,
    alias?: string,
  ) {
    this.ref = n.cteRef(node, alias);
    const outputs = queryOutputs(node.query);
    const named = node.columnNames?.map((name, i) => ({ name, type: outputs[i]?.type })) ?? outputs;
    ({ c: this.c, columns: this.columns } = derivedColumns<Row>(this.ref, named));
  }

  /** The CTE's name in the WITH clause. */
  get name(): string {
    return this.node.name;
  }

  /** The node a FROM clause writes for a reference to the CTE. */
  get fromNode(): n.FromNode {
    return this.ref;
  }

  /** Another reference to the same CTE under the alias `name` (for a self-join). */
  alias(name: string): Cte<Row> {
    return new Cte<Row>(this.node, name);
  }

  /**
   * For a recursive CTE: the full CTE whose query is `this UNION ALL recursivePart`. The part is
   * built from this CTE's columns (`cte.c`), referring to itself.
   */
  unionAll(recursivePart: { toQueryNode(): QueryNode }): Cte<Row> {
    return this.combine('UNION ALL', recursivePart);
  }
  /** For a recursive CTE: the full CTE whose query is `this UNION recursivePart` (duplicates removed). */
  union(recursivePart: { toQueryNode(): QueryNode }): Cte<Row> {
    return this.combine('UNION', recursivePart);
  }
  /**
   * A new CTE of the same name whose query is `this.query op part`. The recursive part refers to
   * this (anchor) CTE, and the compiler writes a reference by its name only, so no node has to
   * refer to itself and none is patched after it is made.
   */
  private combine(op: 'UNION' | 'UNION ALL', part: { toQueryNode(): QueryNode }): Cte<Row> {
    const query = n.setOperation({
      ctes: Object.freeze([]),
      op,
      queries: Object.freeze([this.node.query, part.toQueryNode()]),
      orderBy: Object.freeze([]),
      limit: undefined,
      offset: undefined,
    });
    return new Cte<Row>(n.cte(this.node.name, query, true, this.node.columnNames));
  }
}
