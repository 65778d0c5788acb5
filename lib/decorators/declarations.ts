import type { EntityDeclaration } from '../mapper';

/** Declarations being collected for classes, by prototype (property decorators see the prototype). */
const pending = new WeakMap<object, EntityDeclaration>();

/**
 * @internal The declaration of the class owning `prototype`, created empty on first use. Only the
 * class's own decorators write to it; inherited mappings come from the parent's mapper.
 */
export function declarationOf(prototype: object): EntityDeclaration {
  let decl = pending.get(prototype);
  if (decl === undefined) {
    decl = { table: {}, columns: new Map(), relationships: new Map() };
    pending.set(prototype, decl);
  }
  return decl;
}

/**
 * @internal Makes `alias` (the prototype of the class `@Table` returned) share the declaration of
 * `prototype`, for class decorators written above `@Table`, which receive the returned class.
 */
export function shareDeclaration(prototype: object, alias: object): void {
  pending.set(alias, declarationOf(prototype));
}

/** @internal `Reflect.getMetadata` when reflect-metadata is loaded. */
export function designType(prototype: object, key: string): unknown {
  const reflect = Reflect as typeof Reflect & {
    getOwnMetadata?: (metadataKey: string, target: object, propertyKey: string) => unknown;
  };
  return reflect.getOwnMetadata?.('design:type', prototype, key);
}
