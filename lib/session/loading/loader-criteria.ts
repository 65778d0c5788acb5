import { ArgumentError } from '../../errors';
import {
  attrs,
  entityMapper,
  inspect,
  type AliasedEntity,
  type Attrs,
  type MappedClass,
  type Mapper,
} from '../../mapper';
import {
  and,
  ENTITY,
  Expression,
  Select,
  type EntityLike,
  type Predicate,
  type StatementOption,
} from '../../sql';
import { collectFroms } from '../../sql/compiler/from-inference';
import { join, selectNode, type FromNode, type SelectNode } from '../../sql/nodes';

export const LOADER_CRITERIA_KIND = 'athanor.loaderCriteria';

/** Options of `withLoaderCriteria()`. */
export interface LoaderCriteriaOptions {
  /** Also filter `aliased()` forms of the entity that the statement selects (default false). */
  readonly includeAliases?: boolean;
  /**
   * Also filter the relationship loads the statement runs (selectin, subquery and joined loads of
   * the entity; default true).
   */
  readonly propagateToLoaders?: boolean;
}

/**
 * Criteria added to every load of one entity (and its subclasses) by the statement carrying the
 * option: made by `withLoaderCriteria()`.
 */
export class LoaderCriteriaOption<E extends object = object> implements StatementOption {
  /** Marks the object as a statement option of this kind. */
  readonly optionKind = LOADER_CRITERIA_KIND;
  /** @internal */
  readonly mapper: Mapper<object>;
  /** Whether `aliased()` forms of the entity are filtered too. */
  readonly includeAliases: boolean;
  /** Whether relationship loads the statement issues are filtered too. */
  readonly propagateToLoaders: boolean;

  /** Phantom: the entity the criteria are about. */
  declare readonly __entity?: E;
  /** The criteria function, its argument type erased (it is called with that entity's attributes). */
  private readonly where: (attributes: never) => Predicate;

  /** @internal */
  constructor(
    entity: MappedClass<E>,
    where: (attributes: Attrs<E>) => Predicate,
    options: LoaderCriteriaOptions,
  ) {
    this.where = where as (attributes: never) => Predicate;
    this.mapper = inspect(entity) as unknown as Mapper<object>;
    this.includeAliases = options.includeAliases ?? false;
    this.propagateToLoaders = options.propagateToLoaders ?? true;
  }

  /** @internal Whether this option filters loads of `mapper`. */
  applies(mapper: Mapper<object>): boolean {
    return mapper.isa(this.mapper);
  }

  /** @internal The criteria against `entity` (the class itself, or one of its aliases). */
  criteriaFor(entity: MappedClass<object> | AliasedEntity<object>): Predicate {
    const predicate = this.where(attrs(entity) as never) as unknown;
    if (!(predicate instanceof Expression)) {
      throw new ArgumentError(
        `withLoaderCriteria(${this.mapper.name}): the criteria function must return an expression, got ${typeof predicate}`,
      );
    }
    return predicate;
  }

  toString(): string {
    return `withLoaderCriteria(${this.mapper.name})`;
  }
}

/**
 * Criteria added to every SELECT of `entity` (and its subclasses) that the statement runs: its
 * own FROM items (WHERE), joins to the entity (their ON clause), and the selectin, subquery and
 * joined relationship loads it issues; and to the WHERE clause of an `ormUpdate()`/`ormDelete()`
 * of the entity. As a `doOrmExecute` listener's `invoke({ statement: stmt.options(...) })`, it
 * filters every statement of a session (SQLAlchemy's global criteria recipe).
 *
 * @example
 * session.scalars(select(User).options(withLoaderCriteria(Post, (p) => p.deleted.isFalse()), selectinload(u.posts)))
 */
export function withLoaderCriteria<E extends object>(
  entity: MappedClass<E>,
  where: (attributes: Attrs<E>) => Predicate,
  options: LoaderCriteriaOptions = {},
): LoaderCriteriaOption<E> {
  if (typeof where !== 'function') {
    throw new ArgumentError(
      `withLoaderCriteria(): the criteria must be a function of the entity's attributes, got ${typeof where}`,
    );
  }
  if (entityMapper(entity) === undefined || typeof entity !== 'function') {
    throw new ArgumentError('withLoaderCriteria(): the first argument must be a mapped class');
  }
  return new LoaderCriteriaOption(entity, where, options);
}

/** The loader criteria options among `options`. @internal */
export function loaderCriteriaOf(options: readonly StatementOption[]): LoaderCriteriaOption[] {
  let out: LoaderCriteriaOption[] | undefined;
  for (const o of options) if (o instanceof LoaderCriteriaOption) (out ??= []).push(o);
  return out ?? NONE;
}

const NONE: LoaderCriteriaOption[] = [];

/**
 * The criteria the options give for `entity`, built against its attributes; `aliased`: the entity
 * is an alias the application made (only options with `includeAliases` apply). @internal
 */
export function criteriaForEntity(
  criteria: readonly LoaderCriteriaOption[],
  entity: MappedClass<object> | AliasedEntity<object>,
  aliased: boolean,
): Predicate | undefined {
  const mapper = entityMapper(entity);
  if (mapper === undefined) return undefined;
  const parts = criteria
    .filter((c) => c.applies(mapper) && (!aliased || c.includeAliases))
    .map((c) => c.criteriaFor(entity));
  return parts.length ? and(...parts) : undefined;
}

/**
 * `statement` with the loader criteria added: for each FROM item that is the table of a filtered
 * entity (or, with `includeAliases`, an alias of one the statement selects), the criteria go to
 * the ON clause of the join that brings it in, or to WHERE when it is a FROM item of its own.
 * @internal
 */
export function applyLoaderCriteria<Items extends readonly unknown[]>(
  statement: Select<Items>,
  criteria: readonly LoaderCriteriaOption[],
): Select<Items> {
  if (criteria.length === 0) return statement;
  // The entity each FROM item stands for: mapped tables, and the aliases the statement selects.
  const entities = new Map<
    FromNode,
    { entity: MappedClass<object> | AliasedEntity<object>; aliased: boolean }
  >();
  for (const c of criteria) {
    for (const m of [c.mapper, ...c.mapper.descendants]) {
      if (!entities.has(m.table.node)) entities.set(m.table.node, { entity: m.class_, aliased: false });
    }
  }
  for (const item of statement.items) {
    const mapper = entityMapper(item);
    if (mapper === undefined || typeof item === 'function') continue;
    const from = (item as EntityLike)[ENTITY].from.fromNode;
    if (from.kind === 'TableAlias')
      entities.set(from, { entity: item as AliasedEntity<object>, aliased: true });
  }
  const criteriaOf = (from: FromNode): Predicate | undefined => {
    const found = entities.get(from);
    return found === undefined ? undefined : criteriaForEntity(criteria, found.entity, found.aliased);
  };
  const where: Predicate[] = [];
  const withOn = (from: FromNode, leftmost: boolean): FromNode => {
    if (from.kind !== 'Join') {
      const c = leftmost ? criteriaOf(from) : undefined;
      if (c !== undefined) where.push(c);
      return from;
    }
    const left = withOn(from.left, leftmost);
    const right = withOn(from.right, false);
    const added = criteriaOf(from.right);
    if (added === undefined && left === from.left && right === from.right) return from;
    const on =
      added === undefined
        ? from.on
        : and(from.on === undefined ? undefined : new Expression<boolean>(from.on, undefined), added).node;
    return join(from.type, left, right, on);
  };
  const node: SelectNode = statement.node;
  const explicit = node.from.map((f) => withOn(f, true));
  for (const f of collectFroms(node, []).slice(node.from.length)) withOn(f, true);
  const changedFrom = explicit.some((f, i) => f !== node.from[i]);
  if (!changedFrom && where.length === 0) return statement;
  const current = node.where === undefined ? undefined : new Expression<boolean>(node.where, undefined);
  return new Select<Items>(
    statement.items,
    selectNode({
      ...node,
      from: changedFrom ? Object.freeze(explicit) : node.from,
      where: where.length ? and(current, ...where).node : node.where,
    }),
    statement.statementOptions,
  );
}
