import { attrs, Session, select, LazyLoadError, InvalidRequestError, PendingRollbackError } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, statementCounter } from './fixtures';

describeEachDialect('Session basics', (d) => {
  const { User, Post } = defineBlog(d);
  const counter = statementCounter(d);

  it('inserts a user with posts, parents first, and fills foreign keys from references', async () => {
    const session = new Session(d.engine);
    const sandy = Object.assign(new User(), { email: `sandy-${d.target}@example.com` });
    sandy.posts = [
      Object.assign(new Post(), { title: 'Hello' }),
      Object.assign(new Post(), { title: 'World' }),
    ];
    session.add(sandy);
    expect(session.new).toHaveLength(3);
    await session.commit();
    expect(typeof sandy.id).toBe('number');
    await session.close();

    const check = new Session(d.engine);
    const posts = await check.scalars(
      select(Post).where(attrs(Post).authorId.eq(sandy.id)).orderBy(attrs(Post).id),
    );
    expect(posts.map((p) => p.title)).toEqual(['Hello', 'World']);
    const user = await check.get(User, sandy.id);
    expect(user?.email).toBe(`sandy-${d.target}@example.com`);
    expect(user?.createdAt).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    await check.close();
  });

  it('answers get() from the identity map without a query, and returns the same object', async () => {
    const session = new Session(d.engine, { expireOnCommit: false });
    const u = Object.assign(new User(), { email: `im-${d.target}@example.com` });
    session.add(u);
    await session.flush();
    counter.start();
    const again = await session.get(User, u.id);
    counter.stop();
    expect(again).toBe(u);
    expect(counter.all).toHaveLength(0);
    const loaded = await session.scalars(select(User).where(attrs(User).id.eq(u.id)));
    expect(loaded[0]).toBe(u);
    await session.rollback();
    await session.close();
  });

  it('updates one column with one UPDATE and deletes with one DELETE', async () => {
    const Session1 = new Session(d.engine);
    const u = Object.assign(new User(), { email: `upd-${d.target}@example.com` });
    u.posts = [Object.assign(new Post(), { title: 'a' })];
    Session1.add(u);
    await Session1.commit();
    const again = (await Session1.get(User, u.id))!;
    expect(again).toBe(u);
    expect(again.posts).toHaveLength(1);
    again.nickname = 'sandy';
    Session1.delete(again.posts[0]!);
    counter.start();
    await Session1.commit();
    counter.stop();
    expect(counter.count('UPDATE')).toBe(1);
    expect(counter.count('DELETE')).toBe(1);
    await Session1.close();
    const check = new Session(d.engine);
    const fresh = (await check.get(User, u.id))!;
    expect(fresh.nickname).toBe('sandy');
    expect(await check.load(fresh, 'posts')).toHaveLength(0);
    await check.close();
  });

  it('expires on commit: reading an expired attribute raises, refresh() reloads it', async () => {
    const session = new Session(d.engine, { expireOnCommit: true });
    const u = Object.assign(new User(), { email: `exp-${d.target}@example.com` });
    session.add(u);
    await session.commit();
    expect(() => u.email).toThrow(LazyLoadError);
    expect(() => u.email).toThrow(`User.email is expired`);
    expect(typeof u.id).toBe('number');
    await session.refresh(u);
    expect(u.email).toBe(`exp-${d.target}@example.com`);
    await session.close();
  });

  it('rolls back a failed flush; after rollback() the same objects can be added again and committed', async () => {
    const session = new Session(d.engine, { expireOnCommit: false });
    const first = Object.assign(new User(), { email: `dup-${d.target}@example.com` });
    session.add(first);
    await session.commit();
    const clash = Object.assign(new User(), { email: `dup-${d.target}@example.com` });
    clash.posts = [Object.assign(new Post(), { title: 'never' })];
    session.add(clash);
    await expect(session.flush()).rejects.toThrow();
    expect(clash.id).toBeUndefined();
    expect(session.new).toEqual([]);
    await expect(session.commit()).rejects.toThrow(PendingRollbackError);
    await session.rollback();
    clash.email = `dup2-${d.target}@example.com`;
    session.add(clash);
    await session.commit();
    expect(typeof clash.id).toBe('number');
    expect(clash.posts[0]!.authorId).toBe(clash.id);
    await session.close();
  });

  it('refuses to delete an object that is not persistent', () => {
    const session = new Session(d.engine);
    expect(() => session.delete(new User())).toThrow(InvalidRequestError);
  });
});
