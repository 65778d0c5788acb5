import { ArgumentError } from '../../errors';
import { inspect, type Mapper, type MappedClass } from '../../mapper';
import { requireCriteria } from '../../sql/expression/arguments';
import { referencedFroms } from '../../sql/compiler/from-inference';
import {
  and,
  deleteFrom,
  ENTITY,
  update,
  Update,
  type EntityLike,
  type Expression,
  type Predicate,
  type Table,
} from '../../sql';
import { updateNode } from '../../sql/nodes';

type Scalar = string | number | boolean | bigint | Date | Uint8Array | null;
/** The column attributes of `E` and the values an ORM UPDATE may set them to. */
export type BulkValues<E> = {
  [K in keyof E as NonNullable<E[K]> extends Scalar ? K : never]?: E[K] | Expression<E[K]>;
};

abstract class OrmBulk<E extends object> {
  protected constructor(
    readonly entity: MappedClass<E>,
    readonly criteria: readonly Predicate[],
  ) {}
  get mapper(): Mapper<object> {
    return inspect(this.entity as MappedClass<object>);
  }
  /** The WHERE clause with a single-table subclass's discriminator. @internal */
  allCriteria(): Predicate {
    return and(...this.criteria, (this.entity as unknown as EntityLike)[ENTITY].criteria);
  }
  /** @internal */
  table(): Table {
    const m = this.mapper;
    if (m.tables.length > 1)
      throw new ArgumentError(
        `ORM bulk statements on ${m.name} (joined-table inheritance) are not supported`,
      );
    return m.table;
  }
}

/**
 * An ORM-enabled UPDATE of a mapped class: `where()` on its attributes, `values()` by attribute
 * name. Run it with `executeBulk(session, statement, { synchronizeSession })`.
 *
 * @example
 * await executeBulk(session, ormUpdate(User).where(u.nickname.isNull()).values({ nickname: 'anon' }));
 */
export class OrmUpdate<E extends object> extends OrmBulk<E> {
  constructor(
    entity: MappedClass<E>,
    criteria: readonly Predicate[] = [],
    readonly changes: BulkValues<E> = {},
  ) {
    super(entity, criteria);
  }
  where(...criteria: Predicate[]): OrmUpdate<E> {
    requireCriteria(`ormUpdate(${this.mapper.name}).where()`, criteria);
    return new OrmUpdate(this.entity, [...this.criteria, ...criteria], this.changes);
  }
  values(changes: BulkValues<E>): OrmUpdate<E> {
    if (Array.isArray(changes) || typeof changes !== 'object' || changes === null) {
      throw new ArgumentError(
        `ormUpdate(${this.mapper.name}).values() takes one object of values by attribute name; an UPDATE does not take several parameter sets`,
      );
    }
    return new OrmUpdate(this.entity, this.criteria, { ...this.changes, ...changes });
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
export class OrmDelete<E extends object> extends OrmBulk<E> {
  constructor(entity: MappedClass<E>, criteria: readonly Predicate[] = []) {
    super(entity, criteria);
  }
  where(...criteria: Predicate[]): OrmDelete<E> {
    requireCriteria(`ormDelete(${this.mapper.name}).where()`, criteria);
    return new OrmDelete(this.entity, [...this.criteria, ...criteria]);
  }
  /** @internal */
  toCore() {
    return deleteFrom(this.table()).where(this.allCriteria());
  }
}

/** `ormUpdate(User)`: an ORM bulk UPDATE. @example ormUpdate(User).where(u.id.lt(10)).values({ nickname: null }) */
export const ormUpdate = <E extends object>(entity: MappedClass<E>): OrmUpdate<E> => new OrmUpdate(entity);
/** `ormDelete(User)`: an ORM bulk DELETE. @example ormDelete(User).where(u.email.like('%@spam.test')) */
export const ormDelete = <E extends object>(entity: MappedClass<E>): OrmDelete<E> => new OrmDelete(entity);
