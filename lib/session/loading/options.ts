import { ArgumentError } from '../../errors';
import { attrs, RelationshipAttribute, type Attrs } from '../../mapper';
import type { LoadsRelationships, StatementOption } from '../../sql';
import { ColumnLoadOption } from './column-options';

/**
 * How a relationship is loaded by a query:
 * - `joined`: LEFT OUTER JOIN in the same statement, rows de-duplicated;
 * - `selectin`: one `IN` query per relationship after the parents are loaded (chunked);
 * - `subquery`: one query joining the related table to the original query as a subquery;
 * - `raise`: not loaded; reading it throws `LazyLoadError`, and `related()` refuses to load it;
 * - `noload`: set to an empty collection / `null` without a query;
 * - `lazy`: not loaded; reading it throws, `await session.load()` / `related()` load it;
 * - `default`: the mapping's `lazy:` strategy (a path step for nested options);
 * - `containsEager`: filled from the columns of a join the statement already has.
 */
export type LoaderStrategy =
  'joined' | 'selectin' | 'subquery' | 'raise' | 'noload' | 'lazy' | 'default' | 'containsEager';

/** A tree with no keys: nothing loaded. */
type NoKeys = Readonly<Record<never, never>>;

/**
 * A relationship attribute (named `K`), or a function picking one from the previous step's
 * attributes.
 */
export type RelationshipStep<P extends object, T extends object, K extends string = string> =
  RelationshipAttribute<T, P, K> | ((attributes: Attrs<P>) => RelationshipAttribute<T, P, K>);

/**
 * What a path loads below its first step: `Path` holds the keys of the loading steps after the
 * first, in order (`null` where a step loads nothing, which ends what can be said), and `Below`
 * what `options()` loads under the path's end; the result is a tree of keys.
 */
type PathTree<Path extends readonly unknown[], Below> = Path extends readonly [infer H, ...infer R]
  ? H extends string
    ? { readonly [P in H]: PathTree<R, Below> }
    : NoKeys
  : Below;

/** What a loader option loads, as a tree of keys (for a branch under another path's end). */
type TreeOfLoader<O> = O extends { readonly __loads?: infer L }
  ? Exclude<L, undefined> extends LoadsRelationships<infer _Root, infer K, infer B>
    ? [K] extends [never]
      ? NoKeys
      : string extends K
        ? NoKeys
        : { readonly [P in K]: B }
    : NoKeys
  : NoKeys;

/** The trees of several loader options, merged. */
type TreesOf<C extends readonly unknown[]> = C extends readonly [infer H, ...infer R]
  ? TreeOfLoader<H> & TreesOf<R>
  : NoKeys;

/** The key a step adds to a path: its relationship's, or `null` for a step that loads nothing. */
type StepKey<S extends string> = [S] extends [never] ? null : string extends S ? null : S;

/** One step of a loader path: a relationship (or `'*'`, every relationship of that level). */
export interface LoaderStep {
  readonly attr: RelationshipAttribute<object> | '*';
  readonly strategy: LoaderStrategy;
}

/** Strategies whose own statement loads the objects, so column options can shape it. */
const COLUMN_OPTIONS_OK: ReadonlySet<LoaderStrategy> = new Set(['selectin', 'subquery']);

/** Strategies that accept the `'*'` wildcard. */
const WILDCARD_OK: ReadonlySet<LoaderStrategy> = new Set(['raise', 'noload', 'lazy', 'selectin']);

export const LOADER_OPTION_KIND = 'athanor.loader';

/**
 * A loader option for `select(...).options(...)`: a path of relationships, each with a strategy,
 * plus sibling options under the path's end. Chain methods add a step below the last one.
 *
 * @example
 * const u = attrs(User), p = attrs(Post);
 * select(User).options(selectinload(u.posts).joinedload(p.tags));
 * select(User).options(selectinload(u.posts).options(joinedload(p.tags), raiseload(p.author)));
 * select(User).options(selectinload(u.posts).options(defer(p.body)));
 */
export class LoaderOption<
  T extends object = object,
  Root = never,
  K extends string = string,
  Path extends readonly unknown[] = [],
  Below = NoKeys,
> implements StatementOption {
  /** Marks the object as a statement option of this kind. */
  readonly optionKind = LOADER_OPTION_KIND;
  /** Phantom: the entity type at the end of the path. */
  declare readonly __target?: T;
  /**
   * Phantom: the relationship `K` of `Root` that the path's first step loads (`Root` is never when
   * it loads none: raiseload, lazyload, defaultLoad, a `'*'` step), and what the later steps and
   * `options()` load below it, for `select().options()` to type its rows with `Loaded`.
   */
  declare readonly __loads?: LoadsRelationships<Root, K, PathTree<Path, Below>>;

  constructor(
    /** The path: one relationship and strategy per step. */
    readonly steps: readonly LoaderStep[],
    /** Options relative to the end of the path. */
    readonly branches: readonly LoaderOption[] = [],
    /** `defer()` / `undefer()` options for the entities the path's last step loads. */
    readonly columnOptions: readonly ColumnLoadOption[] = [],
  ) {}

  /** A new option with one more step (never named `then`: an option must not look like a promise). */
  private extend<R extends object, N>(
    strategy: LoaderStrategy,
    step: RelationshipStep<T, R> | '*',
  ): LoaderOption<R, Root, K, [...Path, N]> {
    if (this.branches.length || this.columnOptions.length) {
      throw new ArgumentError(`${strategy}load(): add steps before options(), not after`);
    }
    const last = this.steps[this.steps.length - 1];
    if (last?.attr === '*') throw new ArgumentError(`${strategy}load(): nothing can follow a '*' step`);
    return new LoaderOption<R, Root, K, [...Path, N]>([...this.steps, stepOf(strategy, step, last)]);
  }

  /**
   * Adds a step below this path's end, loaded with a LEFT OUTER JOIN.
   * @throws ArgumentError when the step does not start from the previous step's target, or follows
   * `options()`.
   */
  joinedload<R extends object, S extends string = never>(
    step: RelationshipStep<T, R, S>,
  ): LoaderOption<R, Root, K, [...Path, StepKey<S>]> {
    return this.extend<R, StepKey<S>>('joined', step);
  }
  /**
   * Adds a step below this path's end, loaded with one `IN` query per relationship (`'*'`: every relationship
   * of that level).
   */
  selectinload<R extends object, S extends string = never>(
    step: RelationshipStep<T, R, S> | '*',
  ): LoaderOption<R, Root, K, [...Path, StepKey<S>]> {
    return this.extend<R, StepKey<S>>('selectin', step);
  }
  /** Adds a step below this path's end, loaded by a query joining the original query as a subquery. */
  subqueryload<R extends object, S extends string = never>(
    step: RelationshipStep<T, R, S>,
  ): LoaderOption<R, Root, K, [...Path, StepKey<S>]> {
    return this.extend<R, StepKey<S>>('subquery', step);
  }
  /** Adds a step below this path's end that is not loaded: reading it raises `LazyLoadError`. */
  raiseload<R extends object>(step: RelationshipStep<T, R> | '*'): LoaderOption<R, Root, K, [...Path, null]> {
    return this.extend<R, null>('raise', step);
  }
  /** Adds a step below this path's end set to an empty collection (or `null`) without a query. */
  noload<R extends object>(step: RelationshipStep<T, R> | '*'): LoaderOption<R, Root, K, [...Path, null]> {
    return this.extend<R, null>('noload', step);
  }
  /** Adds a step below this path's end left unloaded, for `session.load()` / `related()` to load. */
  lazyload<R extends object>(step: RelationshipStep<T, R> | '*'): LoaderOption<R, Root, K, [...Path, null]> {
    return this.extend<R, null>('lazy', step);
  }
  /**
   * Adds a step below this path's end loaded by its mapping's `lazy:` strategy (a way to reach deeper steps).
   */
  defaultLoad<R extends object>(step: RelationshipStep<T, R>): LoaderOption<R, Root, K, [...Path, null]> {
    return this.extend<R, null>('default', step);
  }
  /**
   * Adds a step below this path's end filled from the columns of a join the statement already has (only after
   * `containsEager` steps).
   */
  containsEager<R extends object, S extends string = never>(
    step: RelationshipStep<T, R, S>,
  ): LoaderOption<R, Root, K, [...Path, StepKey<S>]> {
    return this.extend<R, StepKey<S>>('containsEager', step);
  }

  /**
   * Several options under the end of this path (siblings): loader options, and `defer()` /
   * `undefer()` / `undeferGroup()` for the objects a `selectinload` or `subqueryload` step loads.
   */
  options<const C extends readonly (LoaderOption | ColumnLoadOption)[]>(
    ...children: C
  ): LoaderOption<T, Root, K, Path, Below & TreesOf<C>> {
    const last = this.steps[this.steps.length - 1];
    const columns = children.filter((c): c is ColumnLoadOption => c instanceof ColumnLoadOption);
    if (
      columns.length &&
      (last === undefined || last.attr === '*' || !COLUMN_OPTIONS_OK.has(last.strategy))
    ) {
      throw new ArgumentError(
        `options(): ${columns[0]!.toString()} applies to the objects of a selectinload() or subqueryload() step, not after ${describePath(this.steps)}`,
      );
    }
    const loaders = children.filter((c): c is LoaderOption => !(c instanceof ColumnLoadOption));
    if (last !== undefined && last.attr !== '*') {
      const target = last.attr.property.target;
      for (const child of loaders) {
        const first = child.steps[0];
        if (first === undefined || first.attr === '*') continue;
        const parent = first.attr.property.parent;
        if (!target.isa(parent) && !parent.isa(target)) {
          throw new ArgumentError(
            `options(): ${String(first.attr.property)} does not start from ${target.name} (the end of ${describePath(this.steps)})`,
          );
        }
      }
    }
    return new LoaderOption<T, Root, K, Path, Below & TreesOf<C>>(
      this.steps,
      [...this.branches, ...loaders],
      [...this.columnOptions, ...columns],
    );
  }

  toString(): string {
    return describePath(this.steps);
  }
}

function describePath(steps: readonly LoaderStep[]): string {
  return steps.map((s) => `${s.strategy}(${s.attr === '*' ? '*' : String(s.attr.property)})`).join('.');
}

function stepOf<P extends object, R extends object>(
  strategy: LoaderStrategy,
  step: RelationshipStep<P, R> | '*',
  previous: LoaderStep | undefined,
): LoaderStep {
  if (step === '*') {
    if (!WILDCARD_OK.has(strategy)) throw new ArgumentError(`${strategy}load('*') is not supported`);
    return { attr: '*', strategy };
  }
  let attr: RelationshipAttribute<R>;
  if (typeof step === 'function') {
    if (previous === undefined || previous.attr === '*') {
      throw new ArgumentError(`${strategy}load(): a function step needs a relationship before it`);
    }
    const { attrs } = previousAttrs(previous.attr);
    attr = step(attrs as Attrs<P>);
  } else attr = step;
  if (!(attr instanceof RelationshipAttribute)) {
    throw new ArgumentError(`${strategy}load(): expected a relationship attribute such as attrs(User).posts`);
  }
  if (previous !== undefined && previous.attr !== '*') {
    const target = previous.attr.property.target;
    const parent = attr.property.parent;
    if (!target.isa(parent) && !parent.isa(target)) {
      throw new ArgumentError(
        `${strategy}load(${String(attr.property)}): the previous step ${String(previous.attr.property)} leads to ${target.name}, not ${parent.name}`,
      );
    }
  }
  if (strategy === 'containsEager' && previous !== undefined && previous.strategy !== 'containsEager') {
    throw new ArgumentError(`containsEager(${String(attr.property)}) can only follow containsEager()`);
  }
  return { attr: attr as RelationshipAttribute<object>, strategy };
}

/** The attributes of the target of `attr` (its aliased target when `ofType()` gave one). */
function previousAttrs(attr: RelationshipAttribute<object>): { attrs: unknown } {
  const target = attr.targetEntity ?? attr.property.target.class_;
  return { attrs: attrs(target as never) };
}

function start<T extends object>(
  strategy: LoaderStrategy,
  steps: readonly (RelationshipAttribute<object> | '*')[],
): LoaderOption<T> {
  if (steps.length === 0) throw new ArgumentError(`${strategy}load() needs at least one relationship`);
  let option = new LoaderOption<object>([]);
  // The overloads checked that the steps connect; `never` takes an attribute of any entity.
  for (const s of steps) option = (option as unknown as LoaderOption<never>)['extend'](strategy, s);
  return option as unknown as LoaderOption<T>;
}

type Rel<T extends object> = RelationshipAttribute<T>;
/** A first step: a relationship `K` of `P` targeting `T` (what the option loads on `P`). */
type First<T extends object, P, K extends string> = RelationshipAttribute<T, P, K>;
/**
 * A chain's next step: a relationship attribute of an entity the previous step loads (its class or
 * a base class). `NoInfer` keeps the previous step alone deciding what that is.
 */
type Next<From extends object, T extends object, K extends string = string> = RelationshipAttribute<
  T,
  NoInfer<From>,
  K
>;

/**
 * Loads a relationship with a LEFT OUTER JOIN in the same statement; rows are de-duplicated, and
 * a LIMIT on the parent query is applied to the parents (the limited query becomes a subquery).
 * Several attributes make a chain.
 *
 * @example
 * await session.scalars(select(User).options(joinedload(attrs(User).posts)).limit(10));
 */
export function joinedload<A extends object, P, K extends string>(a: First<A, P, K>): LoaderOption<A, P, K>;
export function joinedload<A extends object, B extends object, P, K extends string, KB extends string>(
  a: First<A, P, K>,
  b: Next<A, B, KB>,
): LoaderOption<B, P, K, [KB]>;
export function joinedload<
  A extends object,
  B extends object,
  C extends object,
  P,
  K extends string,
  KB extends string,
  KC extends string,
>(a: First<A, P, K>, b: Next<A, B, KB>, c: Next<B, C, KC>): LoaderOption<C, P, K, [KB, KC]>;
export function joinedload<A extends object, B extends object, C extends object, P, K extends string>(
  a: First<A, P, K>,
  b: Next<A, B>,
  c: Next<B, C>,
  ...more: Rel<object>[]
): LoaderOption<object, P, K>;
export function joinedload(...path: Rel<object>[]): LoaderOption<object> {
  return start('joined', path);
}

/**
 * Loads a relationship with one `SELECT … WHERE key IN (…)` per relationship (chunked to the
 * dialect's parameter limit; composite keys supported) after the parents are loaded.
 *
 * @example
 * const u = attrs(User), p = attrs(Post);
 * await session.scalars(select(User).options(selectinload(u.posts, p.tags))); // 3 SELECTs
 */
export function selectinload(a: '*'): LoaderOption;
export function selectinload<A extends object, P, K extends string>(a: First<A, P, K>): LoaderOption<A, P, K>;
export function selectinload<A extends object, B extends object, P, K extends string, KB extends string>(
  a: First<A, P, K>,
  b: Next<A, B, KB>,
): LoaderOption<B, P, K, [KB]>;
export function selectinload<
  A extends object,
  B extends object,
  C extends object,
  P,
  K extends string,
  KB extends string,
  KC extends string,
>(a: First<A, P, K>, b: Next<A, B, KB>, c: Next<B, C, KC>): LoaderOption<C, P, K, [KB, KC]>;
export function selectinload<A extends object, B extends object, C extends object, P, K extends string>(
  a: First<A, P, K>,
  b: Next<A, B>,
  c: Next<B, C>,
  ...more: Rel<object>[]
): LoaderOption<object, P, K>;
export function selectinload(...path: (Rel<object> | '*')[]): LoaderOption<object> {
  return start('selectin', path);
}

/**
 * Loads a relationship with one query that joins the related table to the original query, used
 * as a subquery (no IN list, whatever the number of parents).
 *
 * @example
 * await session.scalars(select(User).where(u.email.like('%@x.org')).options(subqueryload(u.posts)));
 */
export function subqueryload<A extends object, P, K extends string>(a: First<A, P, K>): LoaderOption<A, P, K>;
export function subqueryload<A extends object, B extends object, P, K extends string, KB extends string>(
  a: First<A, P, K>,
  b: Next<A, B, KB>,
): LoaderOption<B, P, K, [KB]>;
export function subqueryload<A extends object, B extends object, P, K extends string>(
  a: First<A, P, K>,
  b: Next<A, B>,
  ...more: Rel<object>[]
): LoaderOption<object, P, K>;
export function subqueryload(...path: Rel<object>[]): LoaderOption<object> {
  return start('subquery', path);
}

/**
 * Leaves a relationship unloaded and forbids loading it implicitly: reading it throws
 * `LazyLoadError`, and `related(obj).key` rejects. `'*'`: every relationship at that level.
 *
 * @example select(User).options(raiseload('*'))
 */
export function raiseload<A extends object>(a: Rel<A> | '*'): LoaderOption<A> {
  return start('raise', [a as Rel<object> | '*']);
}

/** Sets a relationship to an empty collection (or `null`) without a query. @example select(User).options(noload(u.posts)) */
export function noload<A extends object>(a: Rel<A> | '*'): LoaderOption<A> {
  return start('noload', [a as Rel<object> | '*']);
}

/**
 * Leaves a relationship unloaded, to be loaded on demand with `await session.load(obj, key)` or
 * `await related(obj).key` (overrides an eager mapping default).
 *
 * @example select(User).options(lazyload(u.posts))
 */
export function lazyload<A extends object>(a: Rel<A> | '*'): LoaderOption<A> {
  return start('lazy', [a as Rel<object> | '*']);
}

/**
 * A path step that keeps the mapping's strategy, to reach nested relationships.
 *
 * @example select(User).options(defaultLoad(u.posts).selectinload(p.tags))
 */
export function defaultLoad<A extends object>(a: Rel<A>): LoaderOption<A> {
  return start('default', [a as Rel<object>]);
}

/**
 * Fills a relationship from a join the statement already has (the user's join, possibly filtered):
 * the target's columns are added to the select list. Use `ofType(alias)` for an aliased join.
 *
 * @example
 * select(User).join(u.posts).where(p.title.like('a%')).options(containsEager(u.posts))
 */
export function containsEager<A extends object, P, K extends string>(
  a: First<A, P, K>,
): LoaderOption<A, P, K>;
export function containsEager<A extends object, B extends object, P, K extends string, KB extends string>(
  a: First<A, P, K>,
  b: RelationshipAttribute<B, never, KB>,
): LoaderOption<B, P, K, [KB]>;
export function containsEager(...path: Rel<object>[]): LoaderOption<object> {
  return start('containsEager', path);
}

/** @internal */
export function isLoaderOption(o: StatementOption): o is LoaderOption {
  return o.optionKind === LOADER_OPTION_KIND && o instanceof LoaderOption;
}
