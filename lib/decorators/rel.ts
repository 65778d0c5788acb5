/**
 * The type of a property that holds another entity, for entity files that import each other.
 * `Rel<User>` is `User` to the type checker, but TypeScript's `design:type` metadata for it is
 * `Object` instead of a reference to `User`, so an ES module never reads the imported class while
 * the import cycle is still initializing (`Cannot access 'User' before initialization`).
 *
 * @example
 * @Relationship(() => User, { backPopulates: 'posts' }) author!: Rel<User> | null;
 */
export type Rel<T> = T;
