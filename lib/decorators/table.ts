import {
  adoptingClass,
  registry as defaultRegistry,
  type MappedClass,
  type Registry,
  type TableDeclaration,
} from '../mapper';
import { declarationOf, shareDeclaration } from './declarations';

/** Options of `@Table`. */
export interface TableDecoratorOptions extends Omit<TableDeclaration, 'name'> {
  /** The registry the class belongs to (default: the global `registry`). */
  registry?: Registry;
}

/**
 * Maps a class to a table. Without a name, the class is a single-table inheritance subclass that
 * shares its parent's table; with a name, a subclass of a mapped class uses joined-table
 * inheritance.
 *
 * @example
 * @Table('users') class User { … }
 * @Table('employees', { polymorphicOn: 'type', polymorphicIdentity: 'employee' }) class Employee { … }
 * @Table({ polymorphicIdentity: 'manager' }) class Manager extends Employee { … }        // single table
 * @Table('engineers', { polymorphicIdentity: 'engineer' }) class Engineer extends Employee { … } // joined
 */
export function Table(name: string, options?: TableDecoratorOptions): ClassDecorator;
export function Table(options: TableDecoratorOptions): ClassDecorator;
export function Table(
  nameOrOptions: string | TableDecoratorOptions,
  maybeOptions: TableDecoratorOptions = {},
): ClassDecorator {
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : undefined;
  const { registry, ...options } = typeof nameOrOptions === 'string' ? maybeOptions : nameOrOptions;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  return <C extends Function>(cls: C): C => {
    const decl = declarationOf(cls.prototype as object);
    const table = decl.table;
    decl.table = {
      ...options,
      name,
      indexes: [...(options.indexes ?? []), ...(table.indexes ?? [])],
      uniques: [...(options.uniques ?? []), ...(table.uniques ?? [])],
    };
    // The returned subclass adopts class fields (useDefineForClassFields) when constructed.
    const mapped = adoptingClass(cls);
    shareDeclaration(cls.prototype as object, mapped.prototype as object);
    (registry ?? defaultRegistry).map(mapped as unknown as MappedClass<object>, decl);
    return mapped;
  };
}
