/**
 * Type-level tests for rows that know what their query loaded. Compiled by `tsc --noEmit` (never
 * run by jest): each `@ts-expect-error` must stay an error. A select whose loader options load a
 * relationship of its entity yields `Loaded<Entity, 'key'>`; one that does not yields the entity.
 * Every loading step of a chain types the objects of the step before it the same way.
 */
import { attrs } from '../../lib/mapper';
import {
  containsEager,
  defaultLoad,
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
const t = attrs(Tag);

declare const session: Session;

/** Reads `user.posts`: only for users whose query loaded them. */
const titles = (user: Loaded<User, 'posts'>): string[] => user.posts.map((post) => post.title);
/** Reads `post.tags`: only for posts whose query loaded them. */
const tagNames = (post: Loaded<Post, 'tags'>): string[] => post.tags.map((tag) => tag.name);
/** Reads `post.author`. */
const authorOf = (post: Loaded<Post, 'author'>): string | undefined => post.author?.email;
/** Reads `tag.posts`. */
const tagged = (tag: Loaded<Tag, 'posts'>): number => tag.posts.length;

export async function typed(): Promise<void> {
  // Loading strategies type the rows as Loaded with the relationship's key.
  const withPosts = await session.scalars(select(User).options(selectinload(u.posts)));
  assertType<Equal<(typeof withPosts)[number], Loaded<User, 'posts'>>>();
  withPosts.map(titles);
  const _joined = await session.scalars(select(User).options(joinedload(u.posts)).limit(10));
  assertType<Equal<(typeof _joined)[number], Loaded<User, 'posts'>>>();
  const _sub = await session.scalars(select(User).options(subqueryload(u.posts)));
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

  // Every step of a chain: the users' posts are loaded, and so are those posts' tags.
  const chained = await session.scalars(select(User).options(selectinload(u.posts).joinedload(p.tags)));
  chained.map(titles);
  chained[0]!.posts.map(tagNames);
  tagNames(chained[0]!.posts[0]!);
  for (const post of chained[0]!.posts) void tagNames(post);
  const _loadedPosts: Loaded<Post, 'tags'>[] = chained[0]!.posts;
  const _plainPosts: Post[] = chained[0]!.posts;
  const _asUser: Loaded<User, 'posts'> = chained[0]!;
  // The same through the functions' argument lists, three steps deep, and subqueryload.
  const deep = await session.scalars(select(User).options(joinedload(u.posts, p.tags, t.posts)));
  tagged(deep[0]!.posts[0]!.tags[0]!);
  const viaSub = await session.scalars(select(User).options(subqueryload(u.posts, p.tags)));
  viaSub[0]!.posts.map(tagNames);
  // A many-to-one step types the object or null.
  const withAuthors = await session.scalars(select(Post).options(selectinload(p.author, u.posts)));
  const author = withAuthors[0]!.author;
  if (author !== null) titles(author);
  // A function step, and branches under a path's end with options().
  const picked = await session.scalars(
    select(User).options(selectinload(u.posts).selectinload((post) => post.author)),
  );
  authorOf(picked[0]!.posts[0]!);
  const branches = await session.scalars(
    select(User).options(selectinload(u.posts).options(joinedload(p.tags, t.posts), selectinload(p.author))),
  );
  tagNames(branches[0]!.posts[0]!);
  authorOf(branches[0]!.posts[0]!);
  tagged(branches[0]!.posts[0]!.tags[0]!);
  // Two options on the same path merge what they load below it.
  const merged = await session.scalars(
    select(User).options(selectinload(u.posts, p.tags), selectinload(u.posts, p.author)),
  );
  tagNames(merged[0]!.posts[0]!);
  authorOf(merged[0]!.posts[0]!);

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
  // @ts-expect-error: the chain ends at the tags: their posts are not loaded
  tagged(chained[0]!.posts[0]!.tags[0]!);
  // @ts-expect-error: the posts' authors are not loaded (only their tags are)
  authorOf(chained[0]!.posts[0]!);
  // @ts-expect-error: a posts-only option does not load the posts' tags
  tagNames(withPosts[0]!.posts[0]!);
  const stopped = await session.scalars(select(User).options(selectinload(u.posts).raiseload(p.tags)));
  // @ts-expect-error: raiseload ends what the chain loads: the tags are not loaded
  tagNames(stopped[0]!.posts[0]!);
  const lazyThen = selectinload(u.posts).lazyload(p.tags).selectinload(t.posts);
  const afterLazy = await session.scalars(select(User).options(lazyThen));
  // @ts-expect-error: a step after one that loads nothing says nothing
  tagged(afterLazy[0]!.posts[0]!.tags[0]!);
  const starred = await session.scalars(select(User).options(selectinload(u.posts).selectinload('*')));
  // @ts-expect-error: a '*' step names no relationship
  tagNames(starred[0]!.posts[0]!);
  const viaDefault = await session.scalars(select(User).options(defaultLoad(u.posts).selectinload(p.tags)));
  // @ts-expect-error: defaultLoad's first step may not load the posts, so nothing below it is typed
  titles(viaDefault[0]!);
  // @ts-expect-error: the authors loaded with the posts have their posts unloaded
  titles(picked[0]!.posts[0]!.author!);
  // @ts-expect-error: 'nope' is not a property of User
  const _nope: Loaded<User, 'nope'> | undefined = undefined;
  void [_author, _plain, _loadedPosts, _plainPosts, _asUser, _nope];
}
