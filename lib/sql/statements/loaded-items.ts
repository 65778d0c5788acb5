/**
 * The row types of a select whose options load relationships. Types only: a loader option (an ORM
 * layer object) carries a phantom `__loads`, and `Select.options()` types its first item's entity
 * as `Loaded` with the keys the options name, so the rows say what the query loaded.
 */

/** The key of `Loaded`'s phantom property (never present on an object). */
declare const LOADED: unique symbol;

/**
 * An entity whose relationships `K` the query that returned it loaded:
 * `session.scalars(select(User).options(selectinload(u.posts)))` gives `Loaded<User, 'posts'>[]`.
 * A function that reads `user.posts` can ask for one (`(user: Loaded<User, 'posts'>) => …`), and
 * then a `User` from a query that did not load `posts` does not compile. The brand is a phantom:
 * the object is the entity itself, and a `Loaded<User, 'posts'>` is a `User`.
 */
export type Loaded<E, K extends keyof E & string> = E & {
  /** Phantom: the loaded keys; never present on an object. */
  readonly [LOADED]: { readonly [P in K]: true };
};

/**
 * What a statement option loads: the relationships `K` of entities of class `Root` (a function
 * parameter, so that an option on a base class's relationship applies to rows of a subclass).
 */
export interface LoadsRelationships<Root, K extends string> {
  readonly root: (entity: Root) => void;
  readonly keys: K;
}

/** The keys option `O` loads on an entity `E` (never when it loads none of them). */
type KeysLoaded<O, E> = O extends { readonly __loads?: infer L }
  ? Exclude<L, undefined> extends LoadsRelationships<E, infer K>
    ? K
    : never
  : never;

/** An entity item typed by the entity it yields (as an aliased entity is). */
interface LoadedItem<E> {
  readonly __entity?: E;
}

type Brand<E, K> = [K & keyof E & string] extends [never] ? E : Loaded<E, K & keyof E & string>;

/** The first item's entity, `E` of a class or of an entity already typed by `options()`. */
type EntityOf<I> = I extends abstract new (...args: never[]) => infer E
  ? E
  : I extends LoadedItem<infer E>
    ? E
    : never;

/**
 * The select items after `options(...O)`: a first item that is an entity whose relationships the
 * options load yields `Loaded<E, keys>`; everything else is unchanged.
 */
export type WithLoadedItems<
  Items extends readonly unknown[],
  O extends readonly unknown[],
> = Items extends readonly [infer First, ...infer Rest]
  ? [EntityOf<First>] extends [never]
    ? Items
    : [KeysLoaded<O[number], EntityOf<First>>] extends [never]
      ? Items
      : [LoadedItem<Brand<EntityOf<First>, KeysLoaded<O[number], EntityOf<First>>>>, ...Rest]
  : Items;
