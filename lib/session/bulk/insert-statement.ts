import { inspect, type Mapper, type MappedClass } from '../../mapper';
import type { Table } from '../../sql';
import { bulkTableOf, checkReturning, type ReturningItem } from './statements';

/**
 * An ORM-enabled INSERT of a mapped class, run with parameter sets by attribute name:
 * `executeBulk(session, ormInsert(User), { parameters: [{ name: 'a' }, { name: 'b' }] })`. With
 * `returning(User)` the new rows come back as persistent objects of the session.
 *
 * @example
 * const users = (await executeBulk(s, ormInsert(User).returning(User), { parameters: rows })).scalars();
 */
export class OrmInsert<E extends object, Items extends readonly unknown[] = readonly []> {
  /** Phantom member for the RETURNING items' types; never set. */
  declare readonly __items?: Items;
  constructor(
    /** The inserted class. */
    readonly entity: MappedClass<E>,
    /** The RETURNING items: entities become persistent objects, columns come back as values. */
    readonly returningItems: readonly unknown[] = [],
    /**
     * Values every row gets, read when the statement runs (after the autoflush): a write-only
     * collection's parent key, which a pending parent has only once flushed. @internal
     */
    readonly bound: readonly (readonly [string, () => unknown])[] = [],
  ) {}
  /** The mapper of the inserted class. */
  get mapper(): Mapper<object> {
    return inspect(this.entity as MappedClass<object>);
  }
  /** Rows to return for the inserted rows: entities (with server-made values), columns. */
  returning<const R extends readonly ReturningItem[]>(...items: R): OrmInsert<E, R> {
    return new OrmInsert<E, R>(
      this.entity,
      checkReturning(`ormInsert(${this.mapper.name}).returning()`, items),
      this.bound,
    );
  }
  /** @internal */
  table(): Table {
    return bulkTableOf(this.mapper);
  }
}

/** `ormInsert(User)`: an ORM bulk INSERT of parameter sets. @example executeBulk(s, ormInsert(User), { parameters: [{ name: 'x' }] }) */
export const ormInsert = <E extends object>(entity: MappedClass<E>): OrmInsert<E> => new OrmInsert(entity);
