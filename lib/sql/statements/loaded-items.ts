/**
 * The row types of a select whose options load relationships. Types only: a loader option (an ORM
 * layer object) carries a phantom `__loads`, and `Select.options()` types its first item's entity
 * as `Loaded` with the keys the options name, and the objects those relationships hold as `Loaded`
 * with the keys the options load on them, step by step down each loader chain, so the rows say
 * what the query loaded.
 */

/** The key of `Loaded`'s phantom property (never present on an object). */
declare const LOADED: unique symbol;

/** A tree with no keys: nothing loaded. */
type NoKeys = Readonly<Record<never, never>>;

/**
 * An entity whose relationships `K` the query that returned it loaded:
 * `session.scalars(select(User).options(selectinload(u.posts)))` gives `Loaded<User, 'posts'>[]`.
 * A function that reads `user.posts` can ask for one (`(user: Loaded<User, 'posts'>) => …`), and
 * then a `User` from a query that did not load `posts` does not compile. The brand is a phantom:
 * the object is the entity itself, and a `Loaded<User, 'posts'>` is a `User`.
 *
 * A chain types the related objects too: `selectinload(u.posts, p.comments)` gives
 * `Loaded<User, 'posts'> & { posts: Loaded<Post, 'comments'>[] }`, so `user.posts[0]` can be
 * passed where a `Loaded<Post, 'comments'>` is asked for.
 */
export type Loaded<E, K extends keyof E & string> = E & {
  /** Phantom: the loaded keys; never present on an object. */
  readonly [LOADED]: { readonly [P in K]: true };
};

/**
 * What a statement option loads: the relationships `K` of entities of class `Root` (a function
 * parameter, so that an option on a base class's relationship applies to rows of a subclass), and
 * `Below`, what it loads on the objects of `K`: relationship keys, each with what is loaded below
 * it (`{ comments: { author: NoKeys } }`).
 */
export interface LoadsRelationships<Root, K extends string, Below = NoKeys> {
  /** Phantom: the entity class whose relationships the option loads. */
  readonly root: (entity: Root) => void;
  /** Phantom: the relationships it loads on `Root`. */
  readonly keys: K;
  /** Phantom: what it loads on the objects those relationships hold. */
  readonly below: Below;
}

/** What one option loads on an entity `E`, as a tree of keys (none when it loads none of them). */
type TreeOfOption<O, E> = O extends { readonly __loads?: infer L }
  ? Exclude<L, undefined> extends LoadsRelationships<E, infer K, infer B>
    ? { readonly [P in K]: B }
    : NoKeys
  : NoKeys;

/** What the options `O` load on an entity `E`: their trees, merged. */
type TreeOf<O extends readonly unknown[], E> = O extends readonly [infer H, ...infer R]
  ? TreeOfOption<H, E> & TreeOf<R, E>
  : O extends readonly []
    ? NoKeys
    : TreeOfOption<O[number], E>;

/** An entity item typed by the entity it yields (as an aliased entity is). */
interface LoadedItem<E> {
  readonly __entity?: E;
}

/** The keys of a tree that has something below them. */
type Deeper<T> = { [P in keyof T]: keyof T[P] extends never ? never : P }[keyof T];

/** A relationship's value `V` (an object, `null` or a list) with `Below` loaded on its objects. */
type WithBelow<V, Below> = V extends readonly (infer X)[]
  ? Brand<X, Below>[]
  : V extends object
    ? Brand<V, Below>
    : V;

/**
 * `E` with the tree `T` loaded: `Loaded` with its keys, and, for keys with something loaded below
 * them, the relationship's objects typed the same way.
 */
type Brand<E, T> = [keyof T & keyof E & string] extends [never]
  ? E
  : [Deeper<T> & keyof E & string] extends [never]
    ? Loaded<E, keyof T & keyof E & string>
    : { -readonly [P in Deeper<T> & keyof E & string]: WithBelow<E[P], T[P]> } & Loaded<
        E,
        keyof T & keyof E & string
      >;

/** The first item's entity, `E` of a class or of an entity already typed by `options()`. */
type EntityOf<I> = I extends abstract new (...args: never[]) => infer E
  ? E
  : I extends LoadedItem<infer E>
    ? E
    : never;

/**
 * The select items after `options(...O)`: a first item that is an entity whose relationships the
 * options load yields `Loaded<E, keys>` (with the objects of those relationships typed by what the
 * options load on them); everything else is unchanged.
 */
export type WithLoadedItems<
  Items extends readonly unknown[],
  O extends readonly unknown[],
> = Items extends readonly [infer First, ...infer Rest]
  ? [EntityOf<First>] extends [never]
    ? Items
    : [keyof TreeOf<O, EntityOf<First>> & keyof EntityOf<First> & string] extends [never]
      ? Items
      : [LoadedItem<Brand<EntityOf<First>, TreeOf<O, EntityOf<First>>>>, ...Rest]
  : Items;
