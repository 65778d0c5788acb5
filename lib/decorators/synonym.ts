import { ConfigurationError } from '../errors';
import { declareSynonym } from '../mapper';
import { declarationOf } from './declarations';

/**
 * Makes a property another name for a column attribute of the same class (or of a synonym of
 * one): reads and writes go to that attribute, `attrs(Entity).alias` is its column, and ORM bulk
 * `values({ alias })` set it.
 *
 * @example
 * @Column() name!: string;
 * @Synonym('name') username!: string;
 */
export function Synonym(target: string): PropertyDecorator {
  return (proto: object, propertyKey: string | symbol): void => {
    const owner = (proto as { constructor: { name: string } }).constructor.name;
    if (typeof propertyKey !== 'string' || typeof proto === 'function') {
      throw new ConfigurationError(
        `${owner}.${String(propertyKey)}: @Synonym decorates an instance property`,
      );
    }
    if (typeof target !== 'string' || target.length === 0 || target === propertyKey) {
      throw new ConfigurationError(`${owner}.${propertyKey}: @Synonym needs the name of another attribute`);
    }
    const decl = declarationOf(proto);
    if (decl.columns.has(propertyKey) || decl.relationships.has(propertyKey)) {
      throw new ConfigurationError(
        `${owner}.${propertyKey}: the property is already mapped; a synonym is a property of its own`,
      );
    }
    declareSynonym(proto, propertyKey, target);
  };
}
