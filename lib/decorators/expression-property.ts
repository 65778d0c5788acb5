import { ConfigurationError } from '../errors';
import type { Attrs, ExpressionPropertyOptions } from '../mapper';
import type { Expression } from '../sql';
import { declarationOf } from './declarations';

/**
 * Maps a read-only property to an SQL expression computed by the entity's SELECT (SQLAlchemy's
 * `column_property()`). The function receives the class's query attributes (`attrs()`); the value
 * is read with the row like a column's, `attrs(Entity).key` stands for the expression in queries,
 * and a flush never writes it. A flush that INSERTs or UPDATEs the row expires the value
 * (`expireOnFlush: false` keeps it); `deferred` leaves it out of the SELECT until `undefer()` or
 * `session.refresh(obj, [key])` loads it.
 *
 * @example
 * @Column({ type: types.string(50) }) first!: string;
 * @Column({ type: types.string(50) }) last!: string;
 * @ExpressionProperty((u: Attrs<User>) => u.first.concat(' ').concat(u.last)) fullName!: string;
 */
export function ExpressionProperty<E extends object>(
  expression: (attributes: Attrs<E>) => Expression<unknown>,
  options: ExpressionPropertyOptions = {},
): PropertyDecorator {
  return (proto: object, propertyKey: string | symbol): void => {
    const owner = (proto as { constructor: { name: string } }).constructor.name;
    if (typeof propertyKey !== 'string' || typeof proto === 'function') {
      throw new ConfigurationError(
        `${owner}.${String(propertyKey)}: @ExpressionProperty decorates an instance property`,
      );
    }
    if (typeof expression !== 'function') {
      throw new ConfigurationError(
        `${owner}.${propertyKey}: @ExpressionProperty needs a function returning the SQL expression, e.g. (u: Attrs<User>) => u.first.concat(u.last)`,
      );
    }
    const decl = declarationOf(proto);
    const expressions = (decl.expressions ??= new Map());
    if (
      decl.columns.has(propertyKey) ||
      decl.relationships.has(propertyKey) ||
      expressions.has(propertyKey)
    ) {
      throw new ConfigurationError(
        `${owner}.${propertyKey}: the property is decorated twice; keep one @Column, @Relationship or @ExpressionProperty`,
      );
    }
    expressions.set(propertyKey, {
      expression: expression as (attributes: never) => Expression<unknown>,
      options: { ...options },
    });
  };
}
