import { inspect as nodeInspect } from 'node:util';
import { LazyLoadError, UnloadedAttributeError } from '../../lib/errors';
import { Column, Table } from '../../lib/decorators';
import { attrs, Registry } from '../../lib/mapper';
import { Session, sessionFactory } from '../../lib/session';
import { select, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, sessionOpener } from './fixtures';

/** What an HTTP handler does with an entity it returns. */
const respond = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describeEachDialect('the web workflow: create, commit, serialize', (d) => {
  const { User, Post } = defineBlog(d);
  const newSession = sessionOpener(d);
  const registry = new Registry();
  @Table(d.uniqueName('tickets'), { registry })
  class Ticket {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) title!: string;
    @Column({ type: types.string(10), serverDefault: 'open' }) state!: string;
  }
  beforeAll(() => registry.metadata.createAll(d.engine));
  afterAll(() => registry.metadata.dropAll(d.engine));
  const createdAt = '2024-01-02T03:04:05.678Z';

  it('sessionFactory sessions keep values after commit, so the response has the data', async () => {
    const Session = sessionFactory(d.engine);
    expect(Session.options.expireOnCommit).toBeUndefined();
    await using session = Session();
    expect(session.expireOnCommit).toBe(false);
    const user = Object.assign(new User(), { email: 'factory@example.com' });
    session.add(user);
    await session.commit();
    expect(respond(user)).toEqual({ id: user.id, email: 'factory@example.com', nickname: null, createdAt });
    expect(typeof user.id).toBe('number');
  });

  it('new Session(engine) keeps values after commit too, relationships included', async () => {
    const session = new Session(d.engine);
    try {
      const user = Object.assign(new User(), { email: 'session@example.com' });
      user.posts = [Object.assign(new Post(), { title: 'Hello' })];
      session.add(user);
      await session.commit();
      expect(respond(user)).toEqual({
        id: user.id,
        email: 'session@example.com',
        nickname: null,
        createdAt,
        posts: [{ id: user.posts[0]!.id, title: 'Hello', authorId: user.id }],
      });
    } finally {
      await session.close();
    }
  });

  it('refuses to serialize an expired object instead of leaving its columns out', async () => {
    const session = newSession({ expireOnCommit: true });
    const user = Object.assign(new User(), { email: 'expired@example.com' });
    session.add(user);
    await session.commit();
    let error: unknown;
    try {
      JSON.stringify(user);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnloadedAttributeError);
    expect(error).toBeInstanceOf(LazyLoadError);
    expect(error).toMatchObject({ entity: 'User', attribute: 'email' });
    expect((error as Error).message).toBe(
      'User.email is expired (the session committed, rolled back or expired it), so the User cannot be serialized; ' +
        'await session.refresh(user) first, or keep values after commit with sessionFactory(engine, { expireOnCommit: false }).',
    );
    await session.refresh(user);
    expect(respond(user)).toMatchObject({ id: user.id, email: 'expired@example.com' });
  });

  it('refuses to serialize a column expired by expire(), and names that column', async () => {
    const session = newSession();
    const user = Object.assign(new User(), { email: 'one@example.com', nickname: 'one' });
    session.add(user);
    await session.commit();
    session.expire(user, ['nickname']);
    expect(() => JSON.stringify(user)).toThrow(expect.objectContaining({ attribute: 'nickname' }));
    expect(() => JSON.stringify({ data: [user] })).toThrow(UnloadedAttributeError);
  });

  it('serializes loaded relationships and leaves out those the query did not load', async () => {
    const session = newSession();
    const user = Object.assign(new User(), { email: 'graph@example.com' });
    user.posts = [Object.assign(new Post(), { title: 'T' })];
    session.add(user);
    await session.commit();
    const other = newSession();
    const [loaded] = await other.scalars(select(User).where(attrs(User).id.eq(user.id)));
    expect(respond(loaded)).toEqual({ id: user.id, email: 'graph@example.com', nickname: null, createdAt });
    await other.close();
  });

  it('a server default is read back by the flush (RETURNING, or a SELECT by key), so it serializes at once', async () => {
    const session = newSession();
    const ticket = Object.assign(new Ticket(), { title: 'printer' });
    session.add(ticket);
    await session.commit();
    expect(ticket.state).toBe('open');
    expect(respond(ticket)).toEqual({ id: ticket.id, title: 'printer', state: 'open' });
  });

  it('util.inspect marks expired columns and unloaded relationships instead of hiding them', async () => {
    const session = newSession({ expireOnCommit: true });
    const user = Object.assign(new User(), { email: 'inspect@example.com' });
    session.add(user);
    await session.commit();
    expect(nodeInspect(user, { breakLength: Infinity })).toBe(
      `User { id: ${user.id}, email: <expired>, nickname: <expired>, createdAt: <expired>, posts: <not loaded> }`,
    );
  });
});
