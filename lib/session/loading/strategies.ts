import type { Mapper, RelationshipProperty } from '../../mapper';
import { assignLoaded } from './columns';
import type { AfterLoadStep, ConcreteStrategy, EffectiveNode, LoadTree } from './load-context';
import { markRaise } from './raise-marks';
import { loadBySelectIn, loadBySubquery, relatedObjects } from './strategy-queries';

/**
 * What one loader strategy does at each stage of an ORM query, as SQLAlchemy's strategy classes
 * do with `setup_query` and `create_row_processor`: whether it changes the statement, whether it
 * reads rows at all, whether it can run while a cursor is open, and what it does once the parents
 * are hydrated. `LOADERS` holds one per strategy name; the compiler keeps the table complete.
 * @internal
 */
export interface LoaderBehaviour {
  /**
   * How the parents' own statement carries the related rows: `join` adds a LEFT OUTER JOIN to an
   * alias of the target, `existingJoin` reads the columns of a join the statement already has.
   */
  readonly fromStatement: 'join' | 'existingJoin' | undefined;
  /** Reads related rows (in the statement or a query of its own), so it is an eager load. */
  readonly loadsRows: boolean;
  /** What it cannot do while a cursor is open and why, or undefined when it can run then. */
  streamRefusal(node: EffectiveNode): { readonly action: string; readonly reason: string } | undefined;
  /** Fills the relationship of the parents after they are hydrated. */
  afterLoad(step: AfterLoadStep): Promise<void>;
}

const ANOTHER_QUERY = 'it needs another query while the cursor is open';
const REPEATS_ROWS = 'it repeats the parent rows the cursor streams';

/**
 * Options below a relationship still reach the objects it held before this query: the strategy
 * skips a parent whose relationship is loaded, but `selectinload(a.books, b.genres)` on an author
 * whose books are already in the session must still load their genres (SQLAlchemy populates the
 * unloaded attributes of objects already in its identity map, and the query's result type says
 * the genres are loaded).
 */
async function descendIntoLoaded(step: AfterLoadStep): Promise<void> {
  const { node, parents, todo } = step;
  if (todo.length === parents.length) return;
  const below = node.children;
  if (below.nodes.size === 0 && below.wildcard === undefined) return;
  const pending = new Set(todo);
  const related = relatedObjects(
    parents.filter((s) => !pending.has(s)),
    node.prop,
  );
  if (related.length) await step.loadLevel(step.ctx, related, below, node.path, new Set(), undefined);
}

/** A strategy that fills the parents still to fill, then follows the options below into the rest. */
function andDescend(load: (step: AfterLoadStep) => Promise<void>): (step: AfterLoadStep) => Promise<void> {
  return async (step) => {
    await load(step);
    await descendIntoLoaded(step);
  };
}

/** joined / containsEager: the rows came with the statement; visit the level below if it can load. */
async function visitJoined(step: AfterLoadStep): Promise<void> {
  const { node } = step;
  if (!step.inStatement.has(node)) return andDescend(loadBySelectIn)(step);
  // A joined load of 1,000 children with nothing below them costs a walk: skip it when nothing can load.
  if (!needsPostLoad(node.children, node.prop.target)) return;
  const related = relatedObjects(step.parents, node.prop);
  await step.loadLevel(step.ctx, related, node.children, node.path, step.inStatement, undefined);
}

async function markUnloaded(step: AfterLoadStep): Promise<void> {
  if (step.node.explicit) {
    for (const s of step.parents) markRaise(s, step.node.prop, step.node.strategy === 'raise');
  }
}

/** @internal */
export const LOADERS: { readonly [S in ConcreteStrategy]: LoaderBehaviour } = {
  joined: {
    fromStatement: 'join',
    loadsRows: true,
    streamRefusal: (node) =>
      node.prop.uselist ? { action: 'joinedload a collection', reason: REPEATS_ROWS } : undefined,
    afterLoad: visitJoined,
  },
  containsEager: {
    fromStatement: 'existingJoin',
    loadsRows: false,
    streamRefusal: (node) =>
      node.prop.uselist ? { action: 'containsEager a collection', reason: REPEATS_ROWS } : undefined,
    afterLoad: visitJoined,
  },
  selectin: {
    fromStatement: undefined,
    loadsRows: true,
    streamRefusal: () => ({ action: 'selectinload', reason: ANOTHER_QUERY }),
    afterLoad: andDescend(loadBySelectIn),
  },
  subquery: {
    fromStatement: undefined,
    loadsRows: true,
    streamRefusal: () => ({ action: 'subqueryload', reason: ANOTHER_QUERY }),
    afterLoad: andDescend(loadBySubquery),
  },
  noload: {
    fromStatement: undefined,
    loadsRows: false,
    streamRefusal: () => undefined,
    afterLoad: async (step) => {
      for (const s of step.todo) assignLoaded(s.obj, step.node.prop, [], step.ctx.populateExisting);
    },
  },
  raise: {
    fromStatement: undefined,
    loadsRows: false,
    streamRefusal: () => undefined,
    afterLoad: markUnloaded,
  },
  lazy: {
    fromStatement: undefined,
    loadsRows: false,
    streamRefusal: () => undefined,
    afterLoad: markUnloaded,
  },
};

/** The strategy a relationship's mapping (`lazy:`) stands for when no option names it. @internal */
export const MAPPING_DEFAULTS: Readonly<Record<RelationshipProperty['lazy'], ConcreteStrategy>> = {
  raise: 'raise',
  select: 'lazy',
  writeOnly: 'lazy',
  selectin: 'selectin',
  joined: 'joined',
};

/**
 * Whether a level can have anything to post-load: options given, or an eager mapping default on
 * the mapper or a subclass. When not, its objects need no visit at all.
 * @internal
 */
export function needsPostLoad(tree: LoadTree, mapper: Mapper<object>): boolean {
  if (tree.nodes.size > 0 || tree.wildcard !== undefined) return true;
  return [mapper, ...mapper.descendants].some((m) =>
    m.relationships.some((p) => LOADERS[MAPPING_DEFAULTS[p.lazy]].loadsRows),
  );
}
