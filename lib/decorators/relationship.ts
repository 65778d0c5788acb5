import { ConfigurationError } from '../errors';
import type { ClassThunk, RelationshipOptions } from '../mapper';
import { declarationOf } from './declarations';

/**
 * Maps a property to a relationship with another mapped class. The direction and join come from
 * the foreign keys between the two tables (or `secondary` for many-to-many).
 *
 * @example
 * @Relationship(() => Post, { backPopulates: 'author', cascade: ['all', 'delete-orphan'] }) posts!: Post[];
 * @Relationship(() => User, { backPopulates: 'posts' }) author!: User;
 * @Relationship(() => Tag, { secondary: 'post_tags' }) tags!: Tag[];
 */
export function Relationship<T extends object>(
  target: ClassThunk<T>,
  options: RelationshipOptions = {},
): PropertyDecorator {
  return (proto: object, propertyKey: string | symbol): void => {
    const owner = (proto as { constructor: { name: string } }).constructor.name;
    if (typeof propertyKey !== 'string') {
      throw new ConfigurationError(`${owner}: @Relationship cannot decorate a symbol-keyed property`);
    }
    if (typeof target !== 'function') {
      throw new ConfigurationError(
        `${owner}.${propertyKey}: @Relationship needs a thunk returning the target class, e.g. @Relationship(() => Post)`,
      );
    }
    const decl = declarationOf(proto);
    if (decl.columns.has(propertyKey) || decl.relationships.has(propertyKey)) {
      throw new ConfigurationError(
        `${owner}.${propertyKey}: the property is decorated twice; keep one @Column or @Relationship`,
      );
    }
    decl.relationships.set(propertyKey, { target, options: { ...options } });
  };
}
