import { inspect as nodeInspect } from 'node:util';
import { LazyLoadError } from '../../lib/errors';
import {
  inspect,
  instanceState,
  isTrackedCollection,
  NO_VALUE,
  setLoaded,
  type InstanceState,
  type StateOwner,
} from '../../lib/mapper';
import { Post, Tag, User } from './fixtures';

function recorder(): StateOwner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    attributeChanged: (state: InstanceState, key: string) => void calls.push(`${state.mapper.name}.${key}`),
  };
}

/** A persistent object as the session would load it. */
function loaded<E extends object>(cls: new () => E, dict: Record<string, unknown>, owner?: StateOwner): E {
  const obj = inspect(cls).instantiate(dict);
  const state = instanceState(obj);
  state.status = 'persistent';
  state.owner = owner;
  return obj;
}

describe('instrumented column attributes', () => {
  it('keep values in the instance state, not in own properties', () => {
    const u = new User();
    u.email = 'sandy@example.com';
    expect(Object.keys(u)).toEqual([]);
    expect(instanceState(u).dict).toEqual({ email: 'sandy@example.com' });
    expect(u.email).toBe('sandy@example.com');
    expect(u.nickname).toBeUndefined();
  });

  it('record the original value on the first change only and tell the owner once per key', () => {
    const owner = recorder();
    const u = loaded(User, { id: 1, email: 'a', nickname: null }, owner);
    const state = instanceState(u);
    expect(state.modified).toBe(false);
    u.email = 'b';
    u.email = 'c';
    u.nickname = 'n';
    expect(state.committed).toEqual({ email: 'a', nickname: null });
    expect(state.modified).toBe(true);
    expect(owner.calls).toEqual(['User.email', 'User.nickname']);
    state.resetCommitted();
    u.email = 'c';
    expect(state.modified).toBe(false);
    u.email = 'd';
    expect(owner.calls).toEqual(['User.email', 'User.nickname', 'User.email']);
  });

  it('record no originals for a new (transient) object, and do once it has an identity', () => {
    const u = Object.assign(new User(), { email: 'a', nickname: 'n' });
    const state = instanceState(u);
    u.email = 'b';
    expect(state.hasCommitted('email')).toBe(false);
    expect(state.modified).toBe(false);
    expect(u.email).toBe('b');
    // A detached object (it has a key) still tracks what it changes.
    state.status = 'detached';
    state.key = 'User:1';
    u.email = 'c';
    expect(state.committed).toEqual({ email: 'b' });
  });

  it('raise LazyLoadError for expired columns, word for word', () => {
    const u = loaded(User, { id: 1, email: 'a' });
    instanceState(u).expire();
    expect(() => u.email).toThrow(LazyLoadError);
    expect(() => u.email).toThrow(
      'User.email is expired (the session committed or expired it); await session.refresh(user) before reading it.',
    );
    u.email = 'new';
    expect(u.email).toBe('new');
    expect(instanceState(u).committed.email).toBe(NO_VALUE);
  });

  it('expire(keys) expires only those columns', () => {
    const u = loaded(User, { id: 1, email: 'a', nickname: 'n' });
    instanceState(u).expire(['email']);
    expect(u.nickname).toBe('n');
    expect(() => u.email).toThrow(LazyLoadError);
    instanceState(u).dict.email = 'fresh';
    instanceState(u).clearExpired(['email']);
    expect(u.email).toBe('fresh');
  });

  it('instantiate() runs no constructor and uses the dict as is', () => {
    let ran = 0;
    class Counting extends User {
      constructor() {
        super();
        ran++;
      }
    }
    void Counting;
    const dict = { id: 3, email: 'x' };
    const u = inspect(User).instantiate(dict);
    expect(u).toBeInstanceOf(User);
    expect(instanceState(u).dict).toBe(dict);
    expect(ran).toBe(0);
  });

  it('instanceState() rejects unmapped objects', () => {
    expect(() => instanceState({})).toThrow(
      'an instance of Object is not a mapped object; decorate its class with @Table',
    );
  });
});

describe('relationship attributes', () => {
  it('raise LazyLoadError for an unloaded relationship of a persistent object, word for word', () => {
    const u = loaded(User, { id: 1, email: 'a' });
    expect(() => u.posts).toThrow(LazyLoadError);
    expect(() => u.posts).toThrow(
      "User.posts is not loaded. Load it with select(User).options(selectinload(attrs(User).posts)) or await session.load(user, 'posts').",
    );
    const p = loaded(Post, { id: 1, title: 't', authorId: 1 });
    expect(() => p.author).toThrow('Post.author is not loaded.');
  });

  it('give transient objects an empty tracked collection and a null scalar', () => {
    const u = new User();
    expect(u.posts).toEqual([]);
    expect(isTrackedCollection(u.posts)).toBe(true);
    expect(u.posts).toBe(u.posts);
    expect(new Post().author).toBeNull();
  });

  it('setLoaded() stores loader results without history', () => {
    const owner = recorder();
    const u = loaded(User, { id: 1, email: 'a' }, owner);
    const p = loaded(Post, { id: 5, title: 't', authorId: 1 }, owner);
    setLoaded(u, 'posts', [p]);
    setLoaded(p, 'author', u);
    expect(u.posts).toEqual([p]);
    expect(isTrackedCollection(u.posts)).toBe(true);
    expect(p.author).toBe(u);
    expect(owner.calls).toEqual([]);
    expect(instanceState(u).modified).toBe(false);
  });
});

describe('collections and backPopulates', () => {
  it('appending sets the other side and removes the child from its previous parent', () => {
    const sandy = new User();
    const bob = new User();
    const post = new Post();
    sandy.posts.push(post);
    expect(post.author).toBe(sandy);
    bob.posts.push(post);
    expect(post.author).toBe(bob);
    expect(sandy.posts).toEqual([]);
  });

  it('assigning the scalar side appends to the loaded collection and leaves the old one', () => {
    const sandy = new User();
    const bob = new User();
    const post = new Post();
    post.author = sandy;
    expect(sandy.posts).toEqual([post]);
    post.author = bob;
    expect(sandy.posts).toEqual([]);
    expect(bob.posts).toEqual([post]);
    post.author = null;
    expect(bob.posts).toEqual([]);
  });

  it.each([
    ['splice', (posts: Post[]) => void posts.splice(0, 1)],
    ['pop', (posts: Post[]) => void posts.pop()],
    ['shift', (posts: Post[]) => void posts.shift()],
    ['length = 0', (posts: Post[]) => void (posts.length = 0)],
    ['index assignment', (posts: Post[]) => void (posts[0] = new Post())],
  ])('removing with %s clears the other side', (_name, remove) => {
    const sandy = new User();
    const post = new Post();
    sandy.posts.push(post);
    remove(sandy.posts);
    expect(post.author).toBeNull();
    expect(sandy.posts.includes(post)).toBe(false);
  });

  it('unshift and index assignment add to the other side', () => {
    const sandy = new User();
    const a = new Post();
    const b = new Post();
    sandy.posts.unshift(a);
    sandy.posts[1] = b;
    expect([a.author, b.author]).toEqual([sandy, sandy]);
  });

  it('assigning a new array replaces the collection and is tracked', () => {
    const owner = recorder();
    const sandy = loaded(User, { id: 1, email: 's' }, owner);
    const [a, b, c] = [1, 2, 3].map((id) => loaded(Post, { id, title: 't', authorId: 1 }, owner));
    setLoaded(sandy, 'posts', [a, b]);
    setLoaded(a!, 'author', sandy);
    setLoaded(b!, 'author', sandy);
    const replacement = [b!, c!];
    sandy.posts = replacement;
    expect(sandy.posts).toEqual([b, c]);
    expect(sandy.posts).not.toBe(replacement);
    expect(instanceState(sandy).committed.posts).toEqual([a, b]);
    expect(a!.author).toBeNull();
    expect(c!.author).toBe(sandy);
    expect(owner.calls).toEqual(['User.posts', 'Post.author', 'Post.author']);
    expect(instanceState(a!).committed.author).toBe(sandy);
    expect(instanceState(c!).committed.author).toBe(NO_VALUE);
  });

  it('records the original member list once', () => {
    const owner = recorder();
    const sandy = loaded(User, { id: 1, email: 's' }, owner);
    const a = loaded(Post, { id: 1, title: 't', authorId: 1 }, owner);
    setLoaded(sandy, 'posts', [a]);
    sandy.posts.push(new Post());
    sandy.posts.push(new Post());
    expect(instanceState(sandy).committed.posts).toEqual([a]);
    expect(owner.calls.filter((c) => c === 'User.posts')).toEqual(['User.posts']);
  });

  it('a persistent parent with an unloaded collection is left alone by the scalar side', () => {
    const sandy = loaded(User, { id: 1, email: 's' });
    const post = new Post();
    post.author = sandy;
    expect(post.author).toBe(sandy);
    expect(instanceState(sandy).isLoaded('posts')).toBe(false);
  });

  it('many-to-many keeps both collections in sync', () => {
    const p = new Post();
    const t = new Tag();
    p.tags.push(t);
    expect(t.posts).toEqual([p]);
    t.posts.splice(0, 1);
    expect(p.tags).toEqual([]);
    t.posts = [p];
    expect(p.tags).toEqual([t]);
  });

  it('rejects objects of the wrong class', () => {
    const p = new Post();
    expect(() => (p.author = new Tag() as never)).toThrow(
      'Post.author: expected a User (or null), got a Tag',
    );
    expect(() => ((p as unknown as { tags: unknown }).tags = 5)).toThrow(
      'Post.tags: assign an array of Tag, got number',
    );
  });
});

describe('serialization', () => {
  it('toJSON gives loaded columns and relationships and cuts cycles', () => {
    const sandy = Object.assign(new User(), { id: 1, email: 's' });
    const post = Object.assign(new Post(), { id: 2, title: 't' });
    sandy.posts.push(post);
    expect(JSON.parse(JSON.stringify(sandy))).toEqual({ id: 1, email: 's', posts: [{ id: 2, title: 't' }] });
    expect(JSON.parse(JSON.stringify(post))).toEqual({
      id: 2,
      title: 't',
      author: { id: 1, email: 's', posts: [] },
    });
  });

  it('console.log shows the class and the values', () => {
    const sandy = Object.assign(new User(), { id: 1, email: 's' });
    expect(nodeInspect(sandy)).toBe("User { id: 1, email: 's' }");
  });

  it('leaves an unloaded relationship out instead of throwing', () => {
    const u = loaded(User, { id: 1, email: 'a', nickname: null, createdAt: new Date(0) });
    expect(JSON.stringify(u)).toBe(
      '{"id":1,"email":"a","nickname":null,"createdAt":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it('refuses to serialize a persistent object lacking a column, and marks it in inspect output', () => {
    const u = loaded(User, { id: 1, email: 'a', createdAt: new Date(0) });
    expect(() => JSON.stringify(u)).toThrow(
      'User.nickname is not loaded (for example a server default the INSERT did not read back), so the User cannot be serialized; await session.refresh(user) first.',
    );
    expect(nodeInspect(u, { breakLength: Infinity })).toBe(
      "User { id: 1, email: 'a', nickname: <not loaded>, createdAt: 1970-01-01T00:00:00.000Z, posts: <not loaded> }",
    );
  });
});
