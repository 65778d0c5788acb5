/**
 * Type-level tests for loader option chains. Compiled by `tsc --noEmit` (never run by jest): each
 * `@ts-expect-error` must stay an error. A chain's next step must be a relationship of what the
 * previous step loads (or of a base class of it).
 */
import { attrs } from '../../lib/mapper';
import { joinedload, selectinload, subqueryload, type LoaderOption } from '../../lib/session';
import { Post, Tag, User } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const u = attrs(User);
const p = attrs(Post);
const t = attrs(Tag);

// Connected chains type to the last step's target.
const _twoSteps = selectinload(u.posts, p.tags);
assertType<Equal<typeof _twoSteps, LoaderOption<Tag, User, 'posts', ['tags']>>>();
const _threeSteps = joinedload(u.posts, p.tags, t.posts);
assertType<Equal<typeof _threeSteps, LoaderOption<Post, User, 'posts', ['tags', 'posts']>>>();
subqueryload(p.author, u.posts);
selectinload(u.posts, p.author, u.posts, p.tags);

// @ts-expect-error: tags is a relationship of Post; the first step loads Users
selectinload(p.author, p.tags);
// @ts-expect-error: the second step must start from Post
joinedload(u.posts, u.posts);
// @ts-expect-error: the third step must start from Tag
selectinload(u.posts, p.tags, p.author);
// @ts-expect-error: subqueryload checks its first two steps
subqueryload(u.posts, u.posts, p.tags);

// Method chains are checked the same way, attribute or function step.
const _method = selectinload(u.posts).joinedload(p.tags);
assertType<Equal<typeof _method, LoaderOption<Tag, User, 'posts', ['tags']>>>();
const _picked = selectinload(u.posts).selectinload((post) => post.author);
assertType<Equal<typeof _picked, LoaderOption<User, User, 'posts', ['author']>>>();
// @ts-expect-error: posts is not a relationship of Post
selectinload(u.posts).selectinload(u.posts);
// @ts-expect-error: the function step receives Post's attributes
selectinload(u.posts).selectinload((post) => post.posts);

// An attribute of a base class connects after a step loading a subclass.
class Node {
  children!: Node[];
}
class Leaf extends Node {
  owner!: Node | null;
}
class Tree {
  leaves!: Leaf[];
}
selectinload(attrs(Tree).leaves, attrs(Node).children);
// @ts-expect-error: an attribute only a subclass has does not connect after a step loading the base
selectinload(attrs(Node).children, attrs(Leaf).owner);
