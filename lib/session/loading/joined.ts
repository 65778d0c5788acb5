import { ArgumentError } from '../../errors';
import {
  entityMapper,
  sameLoadedColumns,
  type AliasedEntity,
  type Mapper,
  type RelationshipProperty,
} from '../../mapper';
import {
  and,
  ENTITY,
  Expression,
  OrderItem,
  Select,
  select,
  type EntityLike,
  type FromClause,
  type nodes,
  type Predicate,
} from '../../sql';
import { join, orderBy } from '../../sql/nodes';
import { eagerAlias, entityColumn } from './columns';
import type { EffectiveNode, LoadTree } from './load-context';
import { levelNodes } from './load-tree';
import { LOADERS } from './strategies';
import { criteriaForEntity, type LoaderCriteriaOption } from './loader-criteria';

/** A relationship filled from the rows of the statement itself (joined or containsEager). @internal */
export interface JoinedLink {
  readonly node: EffectiveNode;
  /** Index of the parent entity among the read items. */
  readonly parentIndex: number;
  /** Index of the related entity among the read items. */
  readonly childIndex: number;
}

/** The statement to run, with eager joins added. @internal */
export interface EagerPlan {
  readonly statement: Select<readonly unknown[]>;
  /** What each result column group hydrates to: the statement's items, then eager entities. */
  readonly readItems: readonly unknown[];
  readonly links: readonly JoinedLink[];
  /** Nodes whose rows came with the statement (their children still need post-loading). */
  readonly inStatement: ReadonlySet<EffectiveNode>;
  /** A joined collection repeats the parent rows: de-duplicate them. */
  readonly multiplies: boolean;
}

function widthOf(item: unknown): number {
  if (item instanceof Expression) return 1;
  if ((typeof item === 'function' || typeof item === 'object') && item !== null && ENTITY in item) {
    return (item as EntityLike)[ENTITY].columns.length;
  }
  return (item as FromClause).columns.length;
}

/** Whether a joined collection sits anywhere under this tree (then a LIMIT needs the subquery form). */
function hasJoinedCollection(
  tree: LoadTree,
  mapper: Mapper<object>,
  path: readonly RelationshipProperty[],
): boolean {
  return levelNodes(tree, mapper, path).some(
    (n) =>
      LOADERS[n.strategy].fromStatement === 'join' &&
      (n.prop.uselist || hasJoinedCollection(n.children, n.prop.target, n.path)),
  );
}

/** `a = b` for the ON clause between the parent's columns and an eager alias (through the secondary). */
function joinTo(
  prop: RelationshipProperty,
  parentMapper: Mapper<object>,
  parentCols: readonly Expression<unknown>[],
  alias: EntityLike,
  name: string,
  criteria: readonly LoaderCriteriaOption[],
): { right: FromClause; on: Predicate } {
  const d = alias[ENTITY];
  // The loader's own alias takes the statement's loader criteria of its entity.
  const loaderCriteria = criteria.length
    ? criteriaForEntity(
        criteria.filter((c) => c.propagateToLoaders),
        alias as unknown as AliasedEntity<object>,
        false,
      )
    : undefined;
  const target = prop.target;
  const parentSide = (c: Parameters<typeof entityColumn>[2]) => entityColumn(parentMapper, parentCols, c);
  const targetSide = (c: Parameters<typeof entityColumn>[2]) => entityColumn(target, d.columns, c);
  if (prop.secondary === undefined) {
    const on = and(
      ...prop.joinPairs.map(([a, b]) => parentSide(a).eq(targetSide(b))),
      prop.criteriaOn(targetSide),
      d.criteria,
      loaderCriteria,
    );
    return { right: d.from, on };
  }
  const sec = prop.secondary.alias(`${name}_s`);
  const inner = join(
    'INNER',
    sec.fromNode,
    d.from.fromNode,
    and(
      ...prop.secondaryJoinPairs.map(([s, t]) => sec.c[s.key]!.eq(targetSide(t))),
      d.criteria,
      loaderCriteria,
    ).node,
  );
  const on = and(...prop.joinPairs.map(([a, s]) => parentSide(a).eq(sec.c[s.key]!)));
  return { right: Object.freeze({ fromNode: inner, columns: [...sec.columns, ...d.from.columns] }), on };
}

/**
 * Adds the joins and columns of the loads that come with the statement (a new join for
 * `joined`, the columns of the statement's own join for `containsEager`) to an ORM select. With LIMIT/OFFSET and a joined collection, the limited statement becomes a subquery the
 * eager joins attach to, so the limit counts parents, not joined rows.
 * @internal
 */
export function planEager(
  statement: Select<readonly unknown[]>,
  trees: ReadonlyMap<number, LoadTree>,
  criteria: readonly LoaderCriteriaOption[] = [],
): EagerPlan {
  const items = statement.items;
  const links: JoinedLink[] = [];
  const inStatement = new Set<EffectiveNode>();
  const readItems: unknown[] = [...items];
  const offsets: number[] = [];
  let width = 0;
  for (const item of items) {
    offsets.push(width);
    width += widthOf(item);
  }
  const limited = statement.node.limit !== undefined || statement.node.offset !== undefined;
  const wrap = limited && [...trees].some(([i, t]) => hasJoinedCollection(t, entityMapper(items[i])!, []));

  let stmt: Select<readonly unknown[]> = statement;
  let rootColumns: (i: number) => readonly Expression<unknown>[] = (i) =>
    (items[i] as EntityLike)[ENTITY].columns;
  if (wrap) ({ stmt, rootColumns } = wrapLimited(statement, offsets, width));

  const eagerOrder: OrderItem[] = [];
  let counter = 0;
  let multiplies = false;
  const walk = (
    tree: LoadTree,
    mapper: Mapper<object>,
    parentIndex: number,
    parentCols: readonly Expression<unknown>[],
    path: readonly RelationshipProperty[],
  ): void => {
    for (const node of levelNodes(tree, mapper, path)) {
      const prop = node.prop;
      const how = LOADERS[node.strategy].fromStatement;
      let target: EntityLike;
      if (how === 'existingJoin') {
        target = (node.attr?.targetEntity ?? prop.target.class_) as unknown as EntityLike;
      } else if (how === 'join' && (mapper === prop.parent || mapper.isa(prop.parent))) {
        const name = `eager_${++counter}`;
        target = eagerAlias(prop.target, name) as unknown as EntityLike;
        const { right, on } = joinTo(prop, mapper, parentCols, target, name, criteria);
        stmt = stmt.leftJoin(right, on);
      } else continue;
      if (prop.uselist) multiplies = true;
      const columns = target[ENTITY].columns;
      stmt = stmt.addColumns(...columns);
      const targetMapper = entityMapper(target)!;
      for (const o of prop.orderBy) {
        const col = entityColumn(targetMapper, columns, o.column);
        eagerOrder.push(o.direction === 'DESC' ? col.desc() : col.asc());
      }
      const childIndex = readItems.push(target) - 1;
      links.push({ node, parentIndex, childIndex });
      inStatement.add(node);
      walk(node.children, targetMapper, childIndex, columns, node.path);
    }
  };
  for (const [i, tree] of trees) walk(tree, entityMapper(items[i])!, i, rootColumns(i), []);
  if (links.length === 0) return { statement, readItems: items, links, inStatement, multiplies: false };
  if (eagerOrder.length) stmt = stmt.orderBy(...eagerOrder);
  return { statement: stmt, readItems, links, inStatement, multiplies };
}

/** Two expressions for the same column of the same FROM item. */
function sameColumn(a: nodes.ExprNode, b: nodes.ExprNode): boolean {
  if (a === b) return true;
  if (b.kind === 'Label') return sameColumn(a, b.expr);
  return a.kind === 'Column' && b.kind === 'Column' && a.from === b.from && a.name === b.name;
}

/**
 * `SELECT anon.* FROM (statement) AS anon`, ordered as the statement: the statement's ORDER BY
 * items that are not selected are added to it as extra columns so the outer query can repeat them.
 */
function wrapLimited(
  statement: Select<readonly unknown[]>,
  offsets: readonly number[],
  width: number,
): { stmt: Select<readonly unknown[]>; rootColumns: (i: number) => readonly Expression<unknown>[] } {
  if (statement.node.forUpdate !== undefined) {
    throw new ArgumentError('joinedload() of a collection cannot be combined with LIMIT and FOR UPDATE');
  }
  let inner: Select<readonly unknown[]> = new Select([...statement.items], statement.node);
  const positions: number[] = [];
  statement.node.orderBy.forEach((o, k) => {
    let j = inner.node.columns.findIndex((c) => sameColumn(o.expr, c));
    if (j < 0) {
      inner = inner.addColumns(new Expression<unknown>(o.expr, undefined).as(`_order_${k}`));
      j = inner.node.columns.length - 1;
    }
    positions.push(j);
  });
  const sub = inner.subquery('anon_1');
  const cols = sub.columns;
  let outer = select(...cols.slice(0, width)).from(sub) as Select<readonly unknown[]>;
  const order = statement.node.orderBy.map(
    (o, k) => new OrderItem(orderBy(cols[positions[k]!]!.node, o.direction, o.nulls)),
  );
  if (order.length) outer = outer.orderBy(...order);
  const rootColumns = (i: number): readonly Expression<unknown>[] => {
    const item = statement.items[i] as EntityLike;
    const wrapped = cols.slice(offsets[i]!, offsets[i]! + item[ENTITY].columns.length);
    sameLoadedColumns(wrapped, item[ENTITY].columns);
    return wrapped;
  };
  return { stmt: outer, rootColumns };
}
