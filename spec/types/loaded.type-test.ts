/**
 * Type-level tests for rows that know what their query loaded. Compiled by `tsc --noEmit` (never
 * run by jest): each `@ts-expect-error` must stay an error. A select whose loader options load a
 * relationship of its entity yields `Loaded<Entity, 'key'>`; one that does not yields the entity.
 */
import { attrs } from '../../lib/mapper';
import {
  containsEager,
  joinedload,
  lazyload,
  raiseload,
  selectinload,
  subqueryload,
  type Session,
} from '../../lib/session';
import { select, type Loaded } from '../../lib/sql';
import { Post, Tag, User } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const u = attrs(User);
const p = attrs(Post);

declare const session: Session;

/** Reads `user.posts`: only for users whose query loaded them. */
const titles = (user: Loaded<User, 'posts'>): string[] => user.posts.map((post) => post.title);

export async function typed(): Promise<void> {
  // Loading strategies type the rows as Loaded with the relationship's key.
  const withPosts = await session.scalars(select(User).options(selectinload(u.posts)));
  assertType<Equal<(typeof withPosts)[number], Loaded<User, 'posts'>>>();
  withPosts.map(titles);
  const _joined = await session.scalars(select(User).options(joinedload(u.posts)).limit(10));
  assertType<Equal<(typeof _joined)[number], Loaded<User, 'posts'>>>();
  const _sub = await session.scalars(select(User).options(subqueryload(u.posts, p.tags)));
  assertType<Equal<(typeof _sub)[number], Loaded<User, 'posts'>>>();
  const _eager = await session.scalars(select(User).join(u.posts).options(containsEager(u.posts)));
  assertType<Equal<(typeof _eager)[number], Loaded<User, 'posts'>>>();

  // Two options (or two options() calls) load both; a Loaded value is still the entity.
  const both = await session.scalars(
    select(Post).options(selectinload(p.author)).options(joinedload(p.tags)),
  );
  assertType<Equal<(typeof both)[number], Loaded<Loaded<Post, 'author'>, 'tags'>>>();
  const _author: Loaded<Post, 'author'> = both[0]!;
  const _plain: Post = both[0]!;

  // Method chains keep the first step's key: the chain's end is loaded on the posts, not the users.
  const chained = await session.scalars(select(User).options(selectinload(u.posts).joinedload(p.tags)));
  assertType<Equal<(typeof chained)[number], Loaded<User, 'posts'>>>();

  // Rows of execute() and the first item of a tuple are typed the same way.
  const rows = await session.execute(select(User, u.email).options(selectinload(u.posts)));
  for (const [user, email] of rows.all()) void (titles(user) && email.length);

  // Options that load nothing leave the entity as it is.
  const plain = await session.scalars(select(User));
  assertType<Equal<(typeof plain)[number], User>>();
  const raised = await session.scalars(select(User).options(raiseload(u.posts), lazyload('*')));
  assertType<Equal<(typeof raised)[number], User>>();
  const _wildcard = await session.scalars(select(User).options(selectinload('*')));
  assertType<Equal<(typeof _wildcard)[number], User>>();
  // An option for another entity's relationship does not type this entity's rows.
  const _other = await session.scalars(select(User).options(selectinload(p.tags)));
  assertType<Equal<(typeof _other)[number], User>>();

  // @ts-expect-error: the query did not load posts
  plain.map(titles);
  // @ts-expect-error: raiseload does not load posts
  raised.map(titles);
  // @ts-expect-error: the users' tags are not loaded (only the posts' tags are)
  const _tags: Loaded<Post, 'tags'>[] = chained[0]!.posts;
  // @ts-expect-error: 'nope' is not a property of User
  const _nope: Loaded<User, 'nope'> | undefined = undefined;
  void [_author, _plain, _tags, _nope, Tag];
}
