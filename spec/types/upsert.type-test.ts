/**
 * Type-level tests for ORM upserts and getOrCreate. Compiled by `tsc --noEmit` (never run by
 * jest): each `@ts-expect-error` must stay an error.
 */
import { getOrCreate, upsert, type Session } from '../../lib';
import { User } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

export async function upserts(session: Session): Promise<void> {
  const _users = await upsert(session, User, [{ email: 'a@x', nickname: null }], { onConflict: ['email'] });
  assertType<Equal<typeof _users, User[]>>();
  await upsert(session, User, { email: 'a@x' }, { onConflict: ['email'], update: 'nothing' });
  await upsert(
    session,
    User,
    { email: 'a@x', nickname: 'a' },
    { onConflict: ['email'], update: ['nickname'] },
  );
  // @ts-expect-error: no such attribute
  await upsert(session, User, { email: 'a@x', nonsense: 1 });
  // @ts-expect-error: email is a string
  await upsert(session, User, { email: 5 });
  // @ts-expect-error: a relationship is not a conflict key
  await upsert(session, User, { email: 'a@x' }, { onConflict: ['posts'] });
  // @ts-expect-error: update lists attributes or says 'nothing'
  await upsert(session, User, { email: 'a@x' }, { onConflict: ['email'], update: 'all' });

  const [_user, _created] = await getOrCreate(session, User, { email: 'a@x' }, { nickname: 'a' });
  assertType<Equal<typeof _user, User>>();
  assertType<Equal<typeof _created, boolean>>();
  // @ts-expect-error: no such attribute in the lookup
  await getOrCreate(session, User, { mail: 'a@x' });
  // @ts-expect-error: relationships are not lookup values
  await getOrCreate(session, User, { email: 'a@x' }, { posts: [] });
}
