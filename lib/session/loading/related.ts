import { LazyLoadError } from '../../errors';
import { instanceState, notLoadedError, type InstanceState } from '../../mapper';
import { isRaiseMarked } from './raise-marks';

type NotRelated = Date | Uint8Array | bigint | ((...args: never[]) => unknown);

/** The property names of `E` that hold related objects (collections or single references). */
export type RelationshipKeys<E> = {
  [K in keyof E & string]: NonNullable<E[K]> extends NotRelated
    ? never
    : NonNullable<E[K]> extends readonly (infer I)[]
      ? I extends object
        ? K
        : never
      : NonNullable<E[K]> extends object
        ? K
        : never;
}[keyof E & string];

/** `related(obj)`: one promise per relationship, resolved with the loaded value. */
export type Related<E> = { readonly [K in RelationshipKeys<E>]: Promise<E[K]> };

interface Loader {
  load(obj: object, key: string): Promise<unknown>;
}

function isLoader(owner: unknown): owner is Loader {
  return typeof owner === 'object' && owner !== null && typeof (owner as Loader).load === 'function';
}

/**
 * The awaitable accessor of an object's relationships: a loaded one resolves at once, an unloaded
 * one is loaded through the object's session (`session.load()`, so accessors awaited in the same
 * tick batch into one query). Rejects with `LazyLoadError` for a relationship the query loaded
 * with `raiseload()`, and for an object outside any session.
 *
 * @example
 * const posts = await related(user).posts;
 * const authors = await Promise.all(posts.map((p) => related(p).author)); // one SELECT
 */
export function related<E extends object>(obj: E): Related<E> {
  const state = instanceState(obj as object) as InstanceState;
  return new Proxy({} as Related<E>, {
    get(_t, key) {
      if (typeof key !== 'string' || !state.mapper.relationshipsByKey.has(key)) return undefined;
      if (state.isLoaded(key)) return Promise.resolve((obj as Record<string, unknown>)[key]);
      if (isRaiseMarked(state, key)) {
        const cls = state.mapper.name;
        return Promise.reject(
          new LazyLoadError(
            `${cls}.${key} was loaded with raiseload(), which forbids loading it implicitly; ` +
              `use selectinload(attrs(${cls}).${key}) or await session.load(${cls.toLowerCase()}, '${key}').`,
          ),
        );
      }
      const owner = state.owner;
      if (!isLoader(owner) || state.status !== 'persistent')
        return Promise.reject(notLoadedError(state, key));
      return owner.load(obj, key);
    },
    has(_t, key) {
      return typeof key === 'string' && state.mapper.relationshipsByKey.has(key);
    },
  });
}
