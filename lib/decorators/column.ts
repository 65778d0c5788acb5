import { ConfigurationError } from '../errors';
import type { ColumnDeclaration } from '../mapper';
import { declarationOf, designType } from './declarations';

/**
 * Maps a property to a column. The type defaults from the TypeScript type (number → integer,
 * string → string, boolean → boolean, Date → dateTime, bigint → bigInteger); say it for anything
 * else (unions, objects). Every Core column option is accepted, plus `version: true`.
 *
 * @example
 * @Column({ primaryKey: true }) id!: number;
 * @Column({ type: types.string(50), unique: true }) email!: string;
 * @Column({ type: types.text(), nullable: true }) bio!: string | null;
 * @Column({ foreignKey: () => User, onDelete: 'CASCADE' }) authorId!: number;
 * @Column({ version: true }) version!: number;
 */
export function Column<T = unknown>(options: ColumnDeclaration<T> = {}): PropertyDecorator {
  return (target: object, propertyKey: string | symbol): void => {
    if (typeof propertyKey !== 'string') {
      throw new ConfigurationError(
        `@Column: symbol-keyed properties cannot be mapped (${String(propertyKey)})`,
      );
    }
    const owner = (target as { constructor: { name: string } }).constructor.name;
    if (typeof target === 'function') {
      throw new ConfigurationError(`${owner}.${propertyKey}: @Column cannot decorate a static property`);
    }
    const decl = declarationOf(target);
    if (decl.columns.has(propertyKey) || decl.relationships.has(propertyKey)) {
      throw new ConfigurationError(
        `${owner}.${propertyKey}: the property is decorated twice; keep one @Column or @Relationship`,
      );
    }
    decl.columns.set(propertyKey, {
      ...(options as ColumnDeclaration),
      designType: designType(target, propertyKey),
    });
  };
}
