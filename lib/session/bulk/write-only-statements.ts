/**
 * The write-only collection users declare (`posts!: WriteOnlyCollection<Post>`): the mapper's
 * collection (add, remove, select) with SQLAlchemy's `WriteOnlyCollection.insert()`, `update()`
 * and `delete()`, bound to the parent. They are ORM statements of this layer, so this layer
 * subclasses the mapper's collection and has write-only attributes made of its class.
 */
import { setWriteOnlyCollectionClass, WriteOnlyCollectionBase, type MappedClass } from '../../mapper';
import { OrmInsert } from './insert-statement';
import { ormDelete, ormUpdate, type OrmDelete, type OrmUpdate } from './statements';

/**
 * A one-to-many or many-to-many relationship mapped with `lazy: 'writeOnly'` (SQLAlchemy's
 * `WriteOnlyCollection`): the collection is never loaded. Members are added and removed without
 * reading it (the flush writes their foreign keys or association rows), `select()` gives the
 * statement that reads them, and `insert()`, `update()` and `delete()` the bulk statements on them.
 *
 * @example
 * @Relationship(() => Post, { lazy: 'writeOnly', cascade: 'all, delete-orphan', passiveDeletes: true })
 * posts!: WriteOnlyCollection<Post>;
 *
 * user.posts.add(post);
 * const recent = await session.scalars(user.posts.select().orderBy(p.id.desc()).limit(10));
 */
export class WriteOnlyCollection<T extends object> extends WriteOnlyCollectionBase<T> {
  /**
   * An ORM INSERT of members, run with `executeBulk(session, …, { parameters })`: every row gets
   * the parent's key (read after the autoflush, so a pending parent works). One-to-many only.
   * @example executeBulk(s, user.posts.insert().returning(Post), { parameters: [{ title: 'a' }] })
   */
  insert(): OrmInsert<T> {
    return new OrmInsert(
      this.memberClass as MappedClass<T>,
      [],
      this.parentValues(`${String(this)}.insert()`),
    );
  }

  /** An ORM UPDATE of the members in the database. @example executeBulk(s, user.posts.update().values({ title: 'x' })) */
  update(): OrmUpdate<T> {
    this.parentValues(`${String(this)}.update()`);
    return ormUpdate(this.memberClass as MappedClass<T>).where(...this.memberCriteria());
  }

  /** An ORM DELETE of the members in the database. @example executeBulk(s, user.posts.delete()) */
  delete(): OrmDelete<T> {
    this.parentValues(`${String(this)}.delete()`);
    return ormDelete(this.memberClass as MappedClass<T>).where(...this.memberCriteria());
  }
}

setWriteOnlyCollectionClass(WriteOnlyCollection);
