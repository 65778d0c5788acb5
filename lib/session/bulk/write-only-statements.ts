/**
 * The bulk statements of a write-only collection (SQLAlchemy's `WriteOnlyCollection.insert()`,
 * `update()`, `delete()`), bound to the parent. They are ORM statements of this layer, so the
 * session adds them to the mapper's collection class.
 */
import { WriteOnlyCollection } from '../../mapper';
import type { MappedClass } from '../../mapper';
import { OrmInsert } from './insert-statement';
import { ormDelete, ormUpdate, type OrmDelete, type OrmUpdate } from './statements';

declare module '../../mapper/write-only' {
  interface WriteOnlyCollection<T extends object> {
    /**
     * An ORM INSERT of members, run with `executeBulk(session, …, { parameters })`: every row gets
     * the parent's key (read after the autoflush, so a pending parent works). One-to-many only.
     * @example executeBulk(s, user.posts.insert().returning(Post), { parameters: [{ title: 'a' }] })
     */
    insert(): OrmInsert<T>;
    /** An ORM UPDATE of the members in the database. @example executeBulk(s, user.posts.update().values({ title: 'x' })) */
    update(): OrmUpdate<T>;
    /** An ORM DELETE of the members in the database. @example executeBulk(s, user.posts.delete()) */
    delete(): OrmDelete<T>;
  }
}

type Members = WriteOnlyCollection<object>;
const proto = WriteOnlyCollection.prototype as Members;

proto.insert = function (this: Members) {
  return new OrmInsert(
    this.memberClass as MappedClass<object>,
    [],
    this.parentValues(`${String(this)}.insert()`),
  );
};
proto.update = function (this: Members) {
  this.parentValues(`${String(this)}.update()`);
  return ormUpdate(this.memberClass as MappedClass<object>).where(...this.memberCriteria());
};
proto.delete = function (this: Members) {
  this.parentValues(`${String(this)}.delete()`);
  return ormDelete(this.memberClass as MappedClass<object>).where(...this.memberCriteria());
};
