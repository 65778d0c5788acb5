import { ArgumentError } from '../../errors';
import { inspect, resolveAttributeKey, type Mapper, type MappedClass } from '../../mapper';
import { requireCriteria } from '../../sql/expression/arguments';
import { referencedFroms } from '../../sql/compiler/from-inference';
import {
  and,
  deleteFrom,
  ENTITY,
  Expression as ExpressionClass,
  update,
  Update,
  type EntityLike,
  type Executable,
  type Expression,
  type Predicate,
  type Table,
} from '../../sql';
import { updateNode } from '../../sql/nodes';
import { isEntityLike } from '../../sql/selectable';

type Scalar = string | number | boolean | bigint | Date | Uint8Array | null;
/** The column attributes of `E` and the values an ORM UPDATE may set them to. */
export type BulkValues<E> = {
  [K in keyof E as NonNullable<E[K]> extends Scalar ? K : never]?: E[K] | Expression<E[K]>;
};

/** What `returning()` takes: mapped classes (or aliases) and column expressions. */
export type ReturningItem = (abstract new (...args: never[]) => object) | EntityLike | Expression<unknown>;

abstract class OrmBulk<E extends object, Items extends readonly unknown[]> {
  /** Phantom member for the RETURNING items' types; never set. */
  declare readonly __items?: Items;
  protected constructor(
    readonly entity: MappedClass<E>,
    readonly criteria: readonly Predicate[],
    /** The RETURNING items: entities come back through the identity map, columns as values. */
    readonly returningItems: readonly unknown[],
  ) {}
  get mapper(): Mapper<object> {
    return inspect(this.entity as MappedClass<object>);
  }
  /** The WHERE clause with a single-table subclass's discriminator. @internal */
  allCriteria(): Predicate {
    return and(...this.criteria, (this.entity as unknown as EntityLike)[ENTITY].criteria);
  }
  /**
   * @internal The Core statement with the RETURNING items' columns (an entity's loaded columns)
   * and then `extra` columns.
   */
  toReturningCore(extra: readonly Expression<unknown>[] = []): Executable {
    const columns: Expression<unknown>[] = [];
    for (const item of this.returningItems) {
      if (item instanceof ExpressionClass) columns.push(item);
      else columns.push(...(item as EntityLike)[ENTITY].columns);
    }
    columns.push(...extra);
    const core = this.toCore() as Executable & { returning(...cols: Expression<unknown>[]): Executable };
    return columns.length ? core.returning(...columns) : core;
  }
  /** @internal */
  abstract toCore(): Executable;
  /** @internal */
  table(): Table {
    return bulkTableOf(this.mapper);
  }
}

/**
 * An ORM-enabled UPDATE of a mapped class: `where()` on its attributes, `values()` by attribute
 * name. Run it with `executeBulk(session, statement, { synchronizeSession })`.
 *
 * @example
 * await executeBulk(session, ormUpdate(User).where(u.nickname.isNull()).values({ nickname: 'anon' }));
 */
export class OrmUpdate<E extends object, Items extends readonly unknown[] = readonly []> extends OrmBulk<
  E,
  Items
> {
  constructor(
    entity: MappedClass<E>,
    criteria: readonly Predicate[] = [],
    readonly changes: BulkValues<E> = {},
    returningItems: readonly unknown[] = [],
  ) {
    super(entity, criteria, returningItems);
  }
  where(...criteria: Predicate[]): OrmUpdate<E, Items> {
    requireCriteria(`ormUpdate(${this.mapper.name}).where()`, criteria);
    return new OrmUpdate(this.entity, [...this.criteria, ...criteria], this.changes, this.returningItems);
  }
  /**
   * Rows to return for the updated rows: entities (refreshed through the identity map with the
   * new values), columns or expressions. `executeBulk()` then gives an `OrmResult`.
   * @example executeBulk(s, ormUpdate(User).where(u.age.gt(29)).values({ age: u.age.sub(10) }).returning(User, u.name))
   */
  returning<const R extends readonly ReturningItem[]>(...items: R): OrmUpdate<E, R> {
    return new OrmUpdate<E, R>(
      this.entity,
      this.criteria,
      this.changes,
      checkReturning(`ormUpdate(${this.mapper.name}).returning()`, items),
    );
  }
  values(changes: BulkValues<E>): OrmUpdate<E, Items> {
    if (Array.isArray(changes) || typeof changes !== 'object' || changes === null) {
      throw new ArgumentError(
        `ormUpdate(${this.mapper.name}).values() takes one object of values by attribute name; an UPDATE does not take several parameter sets`,
      );
    }
    // A synonym sets the column attribute it names.
    const named: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes)) named[resolveAttributeKey(this.mapper, key)] = value;
    return new OrmUpdate(
      this.entity,
      this.criteria,
      { ...this.changes, ...(named as BulkValues<E>) },
      this.returningItems,
    );
  }
  /** @internal The Core UPDATE. */
  toCore() {
    const m = this.mapper;
    const table = this.table();
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.changes)) {
      const prop = m.columnPropsByKey.get(key);
      if (prop === undefined)
        throw new ArgumentError(`ormUpdate(${m.name}).values(): ${key} is not a column attribute`);
      values[prop.column.key] = value;
    }
    if (Object.keys(values).length === 0)
      throw new ArgumentError(`ormUpdate(${m.name}): values() sets nothing`);
    const core = update(table)
      .values(values as never)
      .where(this.allCriteria());
    // As SQLAlchemy: other tables the WHERE clause or the values read from join as UPDATE … FROM.
    const extra = referencedFroms([core.node.where, ...core.node.set.map(([, v]) => v)], core.node.table);
    return extra.length === 0
      ? core
      : new Update(table, updateNode({ ...core.node, from: [...core.node.from, ...extra] }));
  }
}

/** An ORM-enabled DELETE of a mapped class. @example await executeBulk(session, ormDelete(Post).where(p.title.like('draft%'))) */
export class OrmDelete<E extends object, Items extends readonly unknown[] = readonly []> extends OrmBulk<
  E,
  Items
> {
  constructor(
    entity: MappedClass<E>,
    criteria: readonly Predicate[] = [],
    returningItems: readonly unknown[] = [],
  ) {
    super(entity, criteria, returningItems);
  }
  where(...criteria: Predicate[]): OrmDelete<E, Items> {
    requireCriteria(`ormDelete(${this.mapper.name}).where()`, criteria);
    return new OrmDelete(this.entity, [...this.criteria, ...criteria], this.returningItems);
  }
  /**
   * Rows to return for the deleted rows (their values before the DELETE): entities, which the
   * session then counts as deleted, columns or expressions. Not on SQL Server's OUTPUT-less paths.
   * @example executeBulk(s, ormDelete(User).where(u.age.gt(29)).returning(u.id, u.name))
   */
  returning<const R extends readonly ReturningItem[]>(...items: R): OrmDelete<E, R> {
    return new OrmDelete<E, R>(
      this.entity,
      this.criteria,
      checkReturning(`ormDelete(${this.mapper.name}).returning()`, items),
    );
  }
  /** @internal */
  toCore() {
    return deleteFrom(this.table()).where(this.allCriteria());
  }
}

/** @internal The one table an ORM bulk statement of `mapper` writes; joined inheritance is refused. */
export function bulkTableOf(m: Mapper<object>): Table {
  if (m.tables.length > 1)
    throw new ArgumentError(`ORM bulk statements on ${m.name} (joined-table inheritance) are not supported`);
  return m.table;
}

/** @internal */
export function checkReturning(method: string, items: readonly unknown[]): readonly unknown[] {
  if (items.length === 0) throw new ArgumentError(`${method} names nothing to return`);
  items.forEach((item, i) => {
    if (!(item instanceof ExpressionClass) && !isEntityLike(item))
      throw new ArgumentError(`${method}: item ${i + 1} is not a mapped class, alias or column expression`);
  });
  return Object.freeze([...items]);
}

/** `ormUpdate(User)`: an ORM bulk UPDATE. @example ormUpdate(User).where(u.id.lt(10)).values({ nickname: null }) */
export const ormUpdate = <E extends object>(entity: MappedClass<E>): OrmUpdate<E> => new OrmUpdate(entity);
/** `ormDelete(User)`: an ORM bulk DELETE. @example ormDelete(User).where(u.email.like('%@spam.test')) */
export const ormDelete = <E extends object>(entity: MappedClass<E>): OrmDelete<E> => new OrmDelete(entity);
