import type { Mapper } from './mapper-types';

/** Prototype of a mapped class → its mapper. Set by `Registry.map()` when the class is declared. */
const byPrototype = new WeakMap<object, Mapper<object>>();

/** @internal */
export function registerPrototype(prototype: object, mapper: Mapper<object>): void {
  byPrototype.set(prototype, mapper);
}

/**
 * @internal The mapper of objects whose prototype is `prototype` (or inherits from a mapped one),
 * with its registry configured.
 */
export function mapperOfPrototype(prototype: object | null): Mapper<object> | undefined {
  for (
    let p = prototype;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    const mapper = byPrototype.get(p);
    if (mapper !== undefined) {
      mapper.registry.configure();
      return mapper;
    }
  }
  return undefined;
}

/** @internal The mapper declared for exactly this class, configured or not. */
export function declaredMapper(cls: object): Mapper<object> | undefined {
  const proto = (cls as { prototype?: unknown }).prototype;
  if (typeof proto !== 'object' || proto === null) return undefined;
  const mapper = byPrototype.get(proto);
  return mapper !== undefined && mapper.class_ === cls ? mapper : undefined;
}
