/**
 * Type-level tests for primary keys given to `session.get()`. Compiled by `tsc --noEmit` (never run
 * by jest): each `@ts-expect-error` must stay an error. A key object names column attributes of
 * the entity, with values of their types.
 */
import type { ColumnAttributeKeys, Session } from '../../lib/session';
import { Post, User } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

assertType<Equal<ColumnAttributeKeys<Post>, 'id' | 'title' | 'authorId'>>();

export async function lookups(session: Session): Promise<void> {
  const _byScalar = await session.get(User, 5);
  assertType<Equal<typeof _byScalar, User | null>>();
  await session.get(User, { id: 5 });
  await session.get(User, [5]);
  await session.getOrThrow(Post, { id: 1 });
  // @ts-expect-error: User has no attribute nope
  await session.get(User, { nope: true });
  // @ts-expect-error: id is a number
  await session.get(User, { id: 'five' });
  // @ts-expect-error: posts is a relationship, not a key column
  await session.get(User, { posts: [] });
  // @ts-expect-error: getOrThrow checks the same way
  await session.getOrThrow(Post, { author: null });
}
