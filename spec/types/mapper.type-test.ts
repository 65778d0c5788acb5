/**
 * Type-level tests for typed attributes and ORM select typing. Compiled by `tsc --noEmit`
 * (never run by jest): each `@ts-expect-error` must stay an error.
 */
import { aliased, attrs, RelationshipAttribute } from '../../lib/mapper';
import { func, select, type Column, type Expression, type RowTuple } from '../../lib/sql';
import { Post, Tag, User } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const u = attrs(User);
const p = attrs(Post);

// Column attributes are typed expressions.
assertType<Equal<typeof u.email, Column<string, 'email'>>>();
assertType<Equal<typeof u.nickname, Column<string | null, 'nickname'>>>();
assertType<Equal<typeof u.createdAt, Column<Date, 'createdAt'>>>();
const _emailIsExpression: Expression<string> = u.email;
u.email.eq('sandy@example.com');
u.id.eq(5);
u.nickname.eq(null);
// @ts-expect-error: email is a string column
u.email.eq(5);
// @ts-expect-error: id is a number column
u.id.eq('5');
// @ts-expect-error: LIKE needs a string expression
u.id.like('1%');
// @ts-expect-error: no such attribute
void u.nope;

// Relationship attributes carry their target.
assertType<Equal<typeof u.posts, RelationshipAttribute<Post, User, 'posts'>>>();
assertType<Equal<typeof p.author, RelationshipAttribute<User, Post, 'author'>>>();
assertType<Equal<typeof p.tags, RelationshipAttribute<Tag, Post, 'tags'>>>();
select(User)
  .join(u.posts)
  .where(u.posts.any(p.title.like('%sql%')));
select(Post).where(p.author.has(u.email.eq('x')));
// @ts-expect-error: a relationship is not a column expression
u.posts.eq(1);

// select(User) rows are User instances; aliased entities type the same way.
type Row<S> = S extends { items: infer I extends readonly unknown[] } ? RowTuple<I> : never;
assertType<Equal<Row<ReturnType<typeof select<[typeof User]>>>, [User]>>();
const _stmt = select(User, p.title);
assertType<Equal<Row<typeof _stmt>, [User, string] & { readonly title: string }>>();
const a = aliased(User);
assertType<Equal<typeof a.email, Column<string, 'email'>>>();
const _aliasedStmt = select(a, User);
assertType<Equal<Row<typeof _aliasedStmt>, [User, User]>>();
// @ts-expect-error: the alias keeps column types
a.email.eq(1);

// A decorated class is a FROM and JOIN item (its type cannot say it is mapped; from() checks).
select(func.count()).from(User);
select(p.title).from(Post).join(User, p.authorId.eq(u.id));
// @ts-expect-error: a string is no FROM item
select(func.count()).from('users');
