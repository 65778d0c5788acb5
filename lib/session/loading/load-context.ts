import type { InstanceState, RelationshipAttribute, RelationshipProperty } from '../../mapper';
import type { DialectCapabilities, EntityLike, Select } from '../../sql';
import type { ColumnLoadOption } from './column-options';
import type { LoaderStrategy } from './options';

/** The loader options of one level (an entity, or the target of a relationship), by relationship key. @internal */
export interface LoadTree {
  readonly nodes: Map<string, TreeNode>;
  wildcard: LoaderStrategy | undefined;
  /** `defer()` / `undefer()` for the objects this level's statement loads. */
  columnOptions?: ColumnLoadOption[];
}

/** @internal */
export interface TreeNode {
  readonly prop: RelationshipProperty;
  strategy: LoaderStrategy;
  attr: RelationshipAttribute<object>;
  readonly children: LoadTree;
}

/** A strategy after the mapping default is applied. @internal */
export type ConcreteStrategy = Exclude<LoaderStrategy, 'default'>;

/** What a query does for one relationship at one level. @internal */
export interface EffectiveNode {
  readonly prop: RelationshipProperty;
  readonly strategy: ConcreteStrategy;
  /** Given by an option (not the mapping default). */
  readonly explicit: boolean;
  /** The attribute of the option (its `ofType()` alias is the containsEager target). */
  readonly attr: RelationshipAttribute<object> | undefined;
  readonly children: LoadTree;
  /** Relationships from the query's entity down to this one (cycle detection for defaults). */
  readonly path: readonly RelationshipProperty[];
}

/** Runs an ORM select whose first item is loaded with `tree`; returns its tuples. @internal */
export type NestedQuery = (statement: Select<readonly unknown[]>, tree: LoadTree) => Promise<unknown[][]>;

/** What post-loading needs from the query being run. @internal */
export interface PostLoadContext {
  readonly run: NestedQuery;
  readonly caps: DialectCapabilities;
  readonly populateExisting: boolean;
  readonly lookup: (identityKey: string) => InstanceState | undefined;
  /**
   * Runs the IN select of `prop` for one chunk of keys through the statement prepared for it, for
   * a load with no options below the relationship, resolving with its rows column by column (see
   * `runPreparedIn`); undefined (synchronously) when it cannot be
   * prepared. Absent when the query has what changes the statement (loader criteria to carry, a
   * schema translation).
   */
  readonly byKeys?: (
    prop: RelationshipProperty,
    keys: readonly (readonly unknown[])[],
  ) => Promise<unknown[][]> | undefined;
}

/** The query that loaded a level, for `subqueryload` below it. @internal */
export interface LevelSource {
  readonly statement: Select<readonly unknown[]>;
  readonly item: EntityLike;
}

/** Post-loads the level below a relationship (the walk a strategy hands its related objects to). @internal */
export type LoadLevel = (
  ctx: PostLoadContext,
  states: readonly InstanceState[],
  tree: LoadTree,
  path: readonly RelationshipProperty[],
  inStatement: ReadonlySet<EffectiveNode>,
  source: LevelSource | undefined,
) => Promise<void>;

/** One relationship of one level, handed to its strategy once the parents are hydrated. @internal */
export interface AfterLoadStep {
  readonly ctx: PostLoadContext;
  readonly node: EffectiveNode;
  /** Every parent at this level that has the relationship. */
  readonly parents: readonly InstanceState[];
  /** The parents whose relationship is still to be filled (all of them with populateExisting). */
  readonly todo: readonly InstanceState[];
  /** Nodes whose rows came with the parents' statement. */
  readonly inStatement: ReadonlySet<EffectiveNode>;
  /** The statement that loaded the parents, when the level is a query's own entity. */
  readonly source: LevelSource | undefined;
  readonly loadLevel: LoadLevel;
}
