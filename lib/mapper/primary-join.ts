import { ConfigurationError } from '../errors';
import { Expression, type Column, type Predicate } from '../sql';
import type { ExprNode } from '../sql/nodes';
import type { JoinColumns, PrimaryJoin } from './declaration';
import { FOREIGN } from './join-criteria';
import type { JoinCriterion, Mapper, RelationshipDirection, SyncPair } from './mapper-types';

/** What a custom join condition resolves to. */
export interface CustomJoin {
  readonly direction: Exclude<RelationshipDirection, 'manyToMany'>;
  readonly pairs: readonly SyncPair[];
  readonly criteria: readonly JoinCriterion[];
}

function sideColumns(where: string, side: Mapper<object>, what: string): JoinColumns {
  const cols: Record<string, Column<unknown>> = {};
  for (const p of side.columnProps) cols[p.key] = p.column;
  return new Proxy(cols, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      const col = target[key];
      if (col === undefined) {
        throw new ConfigurationError(
          `${where}: primaryJoin reads '${key}' of the ${what} ${side.name}, which has no such column property`,
        );
      }
      return col;
    },
  });
}

/** The column a node reads, and whether `foreign()` marked it; undefined for other nodes. */
function columnOf(
  node: ExprNode,
  all: readonly Column<unknown>[],
): { column: Column<unknown>; marked: boolean } | undefined {
  if (node.kind !== 'Column') return undefined;
  const marked = FOREIGN.get(node);
  if (marked !== undefined) return { column: marked, marked: true };
  const column = all.find((c) => c.node === node);
  return column === undefined ? undefined : { column, marked: false };
}

const CONSTANT_KINDS: ReadonlySet<string> = new Set(['BindParam', 'Null', 'BooleanConstant']);

/** The target column a constant condition reads (`col op value`, `col IS NULL`, `col IN (values)`). */
function criterionColumn(
  node: ExprNode,
  targetCols: readonly Column<unknown>[],
): Column<unknown> | undefined {
  const col = (n: ExprNode) => columnOf(n, targetCols)?.column;
  if (node.kind === 'Binary') {
    if (CONSTANT_KINDS.has(node.right.kind)) return col(node.left);
    if (CONSTANT_KINDS.has(node.left.kind)) return col(node.right);
    return undefined;
  }
  if (node.kind === 'IsNull') return col(node.operand);
  if (node.kind === 'In' && Array.isArray(node.values)) {
    const values = node.values as readonly ExprNode[];
    return values.every((v) => CONSTANT_KINDS.has(v.kind)) ? col(node.operand) : undefined;
  }
  return undefined;
}

/**
 * Resolves a custom join condition between `parent` and `target`: each `=` between a column of
 * each side becomes a sync pair, the side holding the foreign key named by `foreign()`, by
 * `foreignKey` (property keys) or by a foreign key constraint between the two columns; each
 * condition of a target column with constants is kept to add to every load. Anything else is
 * refused, naming the relationship.
 * @internal
 */
export function resolvePrimaryJoin(
  where: string,
  parent: Mapper<object>,
  target: Mapper<object>,
  build: PrimaryJoin,
  foreignKeys: readonly string[],
): CustomJoin {
  if (parent.tables.some((t) => target.tables.includes(t))) {
    throw new ConfigurationError(
      `${where}: primaryJoin between two classes of the same table is not supported; use foreignKey and remoteSide`,
    );
  }
  let predicate: Predicate;
  try {
    predicate = build(sideColumns(where, parent, 'parent'), sideColumns(where, target, 'target'));
  } catch (e) {
    if (e instanceof ConfigurationError) throw e;
    throw new ConfigurationError(`${where}: primaryJoin threw: ${(e as Error).message}`, { cause: e });
  }
  if (!(predicate instanceof Expression)) {
    throw new ConfigurationError(
      `${where}: primaryJoin must return a predicate, such as a.id.eq(foreign(b.aId))`,
    );
  }
  const parentCols = parent.columnProps.map((p) => p.column);
  const targetCols = target.columnProps.map((p) => p.column);
  const root = predicate.node;
  const terms = root.kind === 'Logical' && root.op === 'AND' ? root.operands : [root];
  const pairs: SyncPair[] = [];
  const directions = new Set<CustomJoin['direction']>();
  const criteria: JoinCriterion[] = [];
  const named = (c: Column<unknown>, side: Mapper<object>) =>
    foreignKeys.includes(side.columnProps.find((p) => p.column === c)?.key ?? '');
  for (const term of terms) {
    if (term.kind === 'Binary' && term.op === '=') {
      const l = columnOf(term.left, [...parentCols, ...targetCols]);
      const r = columnOf(term.right, [...parentCols, ...targetCols]);
      if (l !== undefined && r !== undefined) {
        const lParent = parentCols.includes(l.column);
        const rParent = parentCols.includes(r.column);
        if (lParent !== rParent) {
          const [p, t] = lParent ? [l, r] : [r, l];
          const parentForeign =
            p.marked ||
            named(p.column, parent) ||
            (!t.marked && !named(t.column, target) && refersTo(p.column, t.column));
          const targetForeign =
            t.marked || named(t.column, target) || (!parentForeign && refersTo(t.column, p.column));
          if (parentForeign === targetForeign) {
            throw new ConfigurationError(
              `${where}: primaryJoin compares ${p.column.toString()} and ${t.column.toString()} but ` +
                (parentForeign ? 'both are marked foreign' : 'neither is known to hold the foreign key') +
                `; wrap the foreign key column in foreign() or name it in foreignKey`,
            );
          }
          if (parentForeign) {
            directions.add('manyToOne');
            pairs.push({ source: t.column, dest: p.column });
          } else {
            directions.add('oneToMany');
            pairs.push({ source: p.column, dest: t.column });
          }
          continue;
        }
      }
    }
    const col = criterionColumn(term, targetCols);
    if (col !== undefined) {
      criteria.push({ column: col, node: term });
      continue;
    }
    throw new ConfigurationError(
      `${where}: primaryJoin may hold only equalities between a column of ${parent.name} and one of ${target.name}, ` +
        `and conditions of ${target.name}'s columns with constant values, joined by and()`,
    );
  }
  if (pairs.length === 0) {
    throw new ConfigurationError(
      `${where}: primaryJoin compares no column of ${parent.name} with a column of ${target.name}`,
    );
  }
  if (directions.size !== 1) {
    throw new ConfigurationError(
      `${where}: primaryJoin has foreign key columns on both sides; the foreign key must be on one side`,
    );
  }
  return { direction: [...directions][0]!, pairs, criteria };
}

/** Whether a foreign key constraint of `from`'s table makes `from` refer to `to`. */
function refersTo(from: Column<unknown>, to: Column<unknown>): boolean {
  return from.table.foreignKeys.some((fk) =>
    fk.columns.some((c, i) => c === from && fk.referredColumns[i] === to),
  );
}
