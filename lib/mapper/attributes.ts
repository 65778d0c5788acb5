import { ArgumentError } from '../errors';
import {
  and,
  exists,
  literal,
  not,
  or,
  select,
  ENTITY,
  type Expression,
  Column,
  type EntityDescriptor,
  type EntityLike,
  type FromClause,
  type JoinPath,
  type Predicate,
  type Table,
  type TableAlias,
} from '../sql';
import { join, type ColumnNode } from '../sql/nodes';
import type { MappedClass } from './declaration';
import { entityDescriptor, mapColumn, type TableMap } from './entity-descriptor';
import { ExpressionColumn } from './expression-column';
import type { Mapper, RelationshipProperty } from './mapper-types';
import { mapperOfPrototype } from './mapper-lookup';
import { comparedState, deferredObjectValue } from './object-comparison';
import { synonymsOf } from './synonym';

type Scalar = string | number | boolean | bigint | Date | Uint8Array | symbol;

/** The key of `Json`'s phantom property (never present on a value). */
declare const JSON_VALUE: unique symbol;

/**
 * Marks a property whose column holds a JSON document, so `attrs()` types it as a column and not as
 * a relationship (both are objects to the compiler): `@Column({ type: types.json() }) settings!:
 * Json<{ theme: string }>`. Plain `T` values are assigned and read as before (the marker is an
 * optional phantom property).
 */
export type Json<T> = T & {
  /** Phantom: the document's type; never set. */
  readonly [JSON_VALUE]?: T;
};

/**
 * Marks a property whose column holds objects of the application's own class (a
 * `types.decorated()` column of value objects), so `attrs()` types it as a column, as `Json` does:
 * `@Column({ type: moneyType }) price!: ColumnValue<Money>`.
 */
export type ColumnValue<T> = Json<T>;

/**
 * The typed attribute of a property `K` of type `V` of entity `P`: a column expression (keyed `K`,
 * so ORM rows of column selects are readable by it) or a relationship attribute (which remembers
 * `P`, so loader chains can be checked).
 */
export type AttributeOf<V, P = never, K extends string = string> = [NonNullable<V>] extends [Scalar]
  ? Column<V, K>
  : typeof JSON_VALUE extends keyof NonNullable<V>
    ? Column<V, K>
    : NonNullable<V> extends readonly (infer I)[]
      ? I extends object
        ? RelationshipAttribute<I, P, K>
        : Column<V, K>
      : NonNullable<V> extends object
        ? RelationshipAttribute<NonNullable<V>, P, K>
        : Column<V, K>;

/** `attrs(User)`: one typed attribute per (non-method) property of the entity. */
export type Attrs<E> = {
  readonly [
    K in keyof E as K extends string ? (E[K] extends (...args: never[]) => unknown ? never : K) : never
  ]-?: AttributeOf<E[K], E, K & string>;
};

/** `aliased(User)`: an entity for a second FROM item of the same class, with its own attributes. */
export type AliasedEntity<E extends object> = Attrs<E> &
  EntityLike & {
    /** Phantom: the entity type the alias yields; never set. */
    readonly __entity?: E;
  };

/** @internal The mapper of an aliased entity (or of a `defer()`/`undefer()` variant). */
export const MAPPER = Symbol('athanor.aliasMapper');
/** @internal The table mapping of an aliased entity (or of a variant). */
export const TABLE_MAP = Symbol('athanor.tableMap');

interface EntityInfo {
  readonly mapper: Mapper<object>;
  readonly map: TableMap;
  readonly entity: EntityLike;
}

/** @internal The mapper and table mapping of a class or aliased entity. */
function entityInfo(item: unknown, what: string): EntityInfo {
  if (typeof item === 'object' && item !== null && MAPPER in item) {
    const a = item as { [MAPPER]: Mapper<object>; [TABLE_MAP]: TableMap } & EntityLike;
    return { mapper: a[MAPPER], map: a[TABLE_MAP], entity: a };
  }
  const proto = typeof item === 'function' ? (item as { prototype?: unknown }).prototype : undefined;
  const mapper = typeof proto === 'object' && proto !== null ? mapperOfPrototype(proto) : undefined;
  if (mapper === undefined) {
    throw new ArgumentError(
      `${what}: ${typeof item === 'function' ? item.name : String(item)} is not a mapped class; decorate it with @Table`,
    );
  }
  return { mapper, map: (t) => t, entity: item as EntityLike };
}

/**
 * A relationship as a query attribute: `.join(attrs(User).posts)`, loader options,
 * `attrs(User).posts.any(criteria)` and `attrs(Post).author.has(criteria)`.
 */
export class RelationshipAttribute<
  T extends object,
  P = never,
  K extends string = string,
> implements JoinPath {
  /** Phantom: the target entity type. */
  declare readonly __target?: T;
  /**
   * Phantom: the entity the attribute is read from. A function parameter, so an attribute of `P`
   * fits where objects of any subclass of `P` are loaded (a loader chain's next step); `never`,
   * the default, stands for an attribute of any entity.
   */
  declare readonly __parent?: (parent: P) => void;
  /** Phantom: the property key, so loader options can say which relationship they load. */
  declare readonly __key?: K;

  constructor(
    /** The relationship the attribute stands for. */
    readonly property: RelationshipProperty,
    /** The class or aliased entity the attribute was taken from. */
    readonly parentEntity: EntityLike,
    private readonly parentMap: TableMap,
    private readonly targetMap: TableMap,
    /** The aliased target given to `ofType()`, if any. */
    readonly targetEntity: EntityLike | undefined = undefined,
  ) {}

  /** The relationship's property name on its class, e.g. `posts`. */
  get key(): string {
    return this.property.key;
  }

  /** The same path joining to an aliased target: `join(u.posts.ofType(p2))`. */
  ofType(target: AliasedEntity<T>): RelationshipAttribute<T, P, K> {
    const info = entityInfo(target, 'ofType()');
    if (!info.mapper.isa(this.property.target)) {
      throw new ArgumentError(`ofType(): ${info.mapper.name} is not a ${this.property.target.name}`);
    }
    return new RelationshipAttribute<T, P, K>(
      this.property,
      this.parentEntity,
      this.parentMap,
      info.map,
      target,
    );
  }

  /** The ON clause from parent to target (for many-to-many: parent to the secondary table). */
  private conditions(): { first: Predicate; second: Predicate | undefined; secondary: Table | undefined } {
    const p = this.property;
    const first = and(
      ...p.joinPairs.map(([a, b]) =>
        mapColumn(a, this.parentMap).eq(p.secondary ? b : mapColumn(b, this.targetMap)),
      ),
      p.criteriaOn((c) => mapColumn(c, this.targetMap)),
    );
    const second =
      p.secondary === undefined
        ? undefined
        : and(...p.secondaryJoinPairs.map(([s, t]) => s.eq(mapColumn(t, this.targetMap))));
    return { first, second, secondary: p.secondary };
  }

  private targetFrom(): FromClause {
    return entityDescriptor(this.property.target, this.targetMap).from;
  }

  /** For `join()`: the target FROM item and the ON clause (many-to-many: `(secondary JOIN target)`). */
  joinPath = (): {
    /** The table (or alias) joined to. */
    readonly target: FromClause;
    /** The join condition. */
    readonly on: Predicate;
  } => {
    const { first, second, secondary } = this.conditions();
    const target = this.targetFrom();
    if (secondary === undefined) return { target, on: first };
    const node = join('INNER', secondary.fromNode, target.fromNode, second!.node);
    return {
      target: Object.freeze({ fromNode: node, columns: [...secondary.columns, ...target.columns] }),
      on: first,
    };
  };

  private existsWith(criteria: Predicate | undefined): Predicate {
    const { first, second, secondary } = this.conditions();
    const target = this.targetFrom();
    const from: (Table | FromClause)[] = secondary === undefined ? [target] : [secondary, target];
    return exists(
      select(literal(1))
        .from(...from)
        .where(and(first, second, criteria)),
    );
  }

  /**
   * Compares a single-object relationship with an object, by key: `attrs(Address).user.eq(u)` is
   * `addresses.user_id = <u.id>`, the key read when the statement runs (so a pending `u` gets the
   * key its autoflushed INSERT gave it); `eq(null)` is `IS NULL` (for a one-to-one whose foreign key
   * is on the other side, `NOT EXISTS`).
   *
   * @example select(Address).where(attrs(Address).user.eq(user))
   */
  eq(other: T | null): Predicate {
    const p = this.singleObject('eq()');
    if (other === null) {
      return p.direction === 'manyToOne'
        ? and(...p.joinPairs.map(([a]) => mapColumn(a, this.parentMap).isNull()))
        : not(this.existsWith(undefined));
    }
    const state = comparedState(p, other);
    return and(
      ...p.joinPairs.map(([a, b]) =>
        mapColumn(a, this.parentMap).eq(deferredObjectValue(state, b) as Expression<never>),
      ),
    );
  }

  /**
   * The negation of `eq()`, rows with no related object included: `addresses.user_id <> <u.id> OR
   * addresses.user_id IS NULL`; `ne(null)` is `IS NOT NULL` (`EXISTS` for a one-to-one whose
   * foreign key is on the other side).
   */
  ne(other: T | null): Predicate {
    const p = this.singleObject('ne()');
    if (other === null) return p.direction === 'manyToOne' ? not(this.eq(null)) : this.existsWith(undefined);
    const state = comparedState(p, other);
    if (p.direction === 'manyToOne') {
      const local = p.joinPairs.map(([a]) => mapColumn(a, this.parentMap));
      return or(not(this.eq(other)), ...local.map((c) => c.isNull()));
    }
    // The other side holds the key: no related row is that object.
    const samePrimaryKey = and(
      ...p.target.primaryKeyProps.map((k) =>
        mapColumn(k.column, this.targetMap).eq(deferredObjectValue(state, k.column) as Expression<never>),
      ),
    );
    return not(this.existsWith(samePrimaryKey));
  }

  private singleObject(method: string): RelationshipProperty {
    const p = this.property;
    if (p.uselist) {
      throw new ArgumentError(
        `${p}.${method}: a collection cannot be compared with an object; use any() to test for a member`,
      );
    }
    if (p.secondary !== undefined) {
      throw new ArgumentError(
        `${p}.${method}: a relationship through a secondary table is compared with has()`,
      );
    }
    return p;
  }

  /** `EXISTS (…)`: some member of the collection matches. @example select(User).where(u.posts.any(p.title.like('%sql%'))) */
  any(criteria?: Predicate): Predicate {
    if (!this.property.uselist)
      throw new ArgumentError(`${this.property}.any(): use has() for a single-object relationship`);
    return this.existsWith(criteria);
  }

  /** `EXISTS (…)`: the related object matches. @example select(Post).where(p.author.has(u.name.eq('sandy'))) */
  has(criteria?: Predicate): Predicate {
    if (this.property.uselist) throw new ArgumentError(`${this.property}.has(): use any() for a collection`);
    return this.existsWith(criteria);
  }
}

function buildAttrs(
  mapper: Mapper<object>,
  map: TableMap,
  entity: EntityLike,
  descriptor: EntityDescriptor,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A joined subclass's attributes read through its join of tables, so a query of attributes
  // alone selects FROM the join (not from each table apart, a cross join).
  const through = mapper.tables.length > 1 ? descriptor.from.fromNode : undefined;
  for (const p of mapper.selectProps) {
    const col = mapColumn(p.column, map);
    out[p.key] =
      through === undefined || col instanceof ExpressionColumn
        ? col
        : new Column<unknown>(
            col.key,
            col.name,
            col.sqlType,
            col.table,
            (col.node as ColumnNode).from,
            col.options,
            col.base,
            through,
          );
  }
  for (const r of mapper.relationships) out[r.key] = new RelationshipAttribute(r, entity, map, (t) => t);
  // A synonym is its column's expression.
  for (const [key, target] of synonymsOf(mapper)) out[key] = out[target];
  return out;
}

const attrCache = new WeakMap<object, Record<string, unknown>>();

/**
 * @internal Drops the cached `attrs()` of a mapper: an expression attribute's function may read
 * another class's attributes while the registry is still configuring it.
 */
export function forgetAttrs(mapper: Mapper<object>): void {
  attrCache.delete(mapper);
}

/**
 * The typed query attributes of a mapped class (or an aliased entity, which is its own set).
 *
 * @example
 * const u = attrs(User);
 * select(User).where(u.email.like('%@example.com')).orderBy(u.id.desc());
 */
export function attrs<E extends object>(entity: MappedClass<E> | AliasedEntity<E>): Attrs<E> {
  if (typeof entity === 'object' && MAPPER in entity) return entity as unknown as Attrs<E>;
  const { mapper, map } = entityInfo(entity, 'attrs()');
  let cached = attrCache.get(mapper);
  if (cached === undefined) {
    cached = Object.freeze(buildAttrs(mapper, map, entity as unknown as EntityLike, mapper.entity));
    attrCache.set(mapper, cached);
  }
  return cached as Attrs<E>;
}

const aliasCounters = new WeakMap<Mapper<object>, number>();

/**
 * An independent alias of a mapped class, for self-joins and second copies in one query.
 *
 * @example
 * const mgr = aliased(Employee, 'mgr');
 * select(Employee, mgr).join(mgr, attrs(Employee).managerId.eq(mgr.id));
 */
export function aliased<E extends object>(cls: MappedClass<E>, name?: string): AliasedEntity<E> {
  const { mapper } = entityInfo(cls, 'aliased()');
  const n = (aliasCounters.get(mapper) ?? 0) + 1;
  aliasCounters.set(mapper, n);
  const aliases = new Map<Table, TableAlias>();
  const tables = [...mapper.tables, ...mapper.descendants.map((d) => d.table)];
  const unique = [...new Set(tables)];
  unique.forEach((t, i) => {
    const base = name ?? `${t.name}_${n}`;
    aliases.set(t, t.alias(name !== undefined && unique.length > 1 ? `${base}_${i + 1}` : base));
  });
  const map: TableMap = (t) => aliases.get(t) ?? t;
  const out = {} as Record<PropertyKey, unknown>;
  const descriptor: EntityDescriptor = entityDescriptor(mapper, map);
  Object.defineProperty(out, ENTITY, { value: descriptor });
  Object.defineProperty(out, MAPPER, { value: mapper });
  Object.defineProperty(out, TABLE_MAP, { value: map });
  Object.assign(out, buildAttrs(mapper, map, out as unknown as EntityLike, descriptor));
  return Object.freeze(out) as unknown as AliasedEntity<E>;
}

/**
 * The mapper of a mapped class or aliased entity (configuring its registry).
 *
 * @example
 * const m = inspect(User);
 * m.table.name; m.primaryKeyProps.map((p) => p.key); m.relationships.map((r) => r.key);
 */
export function inspect<E extends object>(entity: MappedClass<E> | AliasedEntity<E>): Mapper<E> {
  return entityInfo(entity, 'inspect()').mapper as Mapper<object> as unknown as Mapper<E>;
}

/** The mapper of a select item when it is a mapped class or aliased entity; undefined otherwise. */
export function entityMapper(item: unknown): Mapper<object> | undefined {
  if (typeof item === 'object' && item !== null && MAPPER in item)
    return (item as { [MAPPER]: Mapper<object> })[MAPPER];
  if (typeof item !== 'function') return undefined;
  const proto = (item as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null ? mapperOfPrototype(proto) : undefined;
}

/** @internal The table mapping of an aliased entity (identity for a class). */
export function entityTableMap(item: unknown): TableMap {
  if (typeof item === 'object' && item !== null && TABLE_MAP in item)
    return (item as { [TABLE_MAP]: TableMap })[TABLE_MAP];
  return (t) => t;
}
