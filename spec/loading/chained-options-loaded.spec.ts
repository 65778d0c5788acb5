/**
 * A loader chain reaches objects its first step finds already loaded: the result type of
 * `select(User).options(selectinload(u.posts, p.tags))` says every post's tags are loaded, so they
 * must be even when the users' posts were loaded by an earlier query of the same session.
 */
import {
  attrs,
  joinedload,
  LazyLoadError,
  select,
  selectinload,
  Session,
  subqueryload,
  type Loaded,
} from '../../lib';
import { instanceState } from '../../lib/mapper';
import { defineBlog, statementCounter } from '../session/fixtures';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('loader chains over relationships already loaded', (d) => {
  const blog = defineBlog(d);
  const { User, Post, Tag } = blog;
  const u = attrs(User);
  const p = attrs(Post);
  const counter = statementCounter(d);

  beforeAll(async () => {
    const s = new Session(d.engine);
    const tags = [1, 2, 3].map((id) => Object.assign(new Tag(), { id, name: `t${id}` }));
    for (const id of [1, 2]) {
      const user = Object.assign(new User(), { id, email: `u${id}@example.com`, nickname: null });
      user.posts = [1, 2].map((k) =>
        Object.assign(new Post(), { id: id * 10 + k, title: `p${id}${k}`, tags: tags.slice(0, k + 1) }),
      );
      s.add(user);
    }
    await s.commit();
    await s.close();
  });
  afterEach(() => counter.stop());

  const tagNames = (users: readonly Loaded<InstanceType<typeof User>, 'posts'>[]): string[][] =>
    users.flatMap((user) => user.posts.map((post) => post.tags.map((t) => t.name).sort()));

  for (const [name, chain] of [
    ['selectinload', () => selectinload(u.posts, p.tags)],
    ['subqueryload', () => subqueryload(u.posts, p.tags)],
    ['joinedload', () => joinedload(u.posts, p.tags)],
  ] as const) {
    it(`${name}(posts, tags) loads the tags of posts an earlier query loaded`, async () => {
      const s = new Session(d.engine);
      try {
        const first = await s.scalars(select(User).orderBy(u.id).options(selectinload(u.posts)));
        const post = first[0]!.posts[0]!;
        expect(() => post.tags).toThrow(LazyLoadError);

        counter.start();
        const users = await s.scalars(select(User).orderBy(u.id).options(chain()));
        const statements = counter.stop();
        expect(users).toEqual(first); // the same objects, from the identity map
        expect(instanceState(post).isLoaded('tags')).toBe(true);
        expect(tagNames(users)).toEqual([
          ['t1', 't2'],
          ['t1', 't2', 't3'],
          ['t1', 't2'],
          ['t1', 't2', 't3'],
        ]);
        // The users' query, then one query for the tags of the posts already held.
        const selects = statements.filter((q) => /^\s*SELECT/i.test(q));
        expect(selects.length).toBe(name === 'joinedload' ? 1 : 2);
      } finally {
        await s.close();
      }
    });
  }

  it('without a step below, a loaded relationship is left alone (no query for it)', async () => {
    const s = new Session(d.engine);
    try {
      await s.scalars(select(User).options(selectinload(u.posts)));
      counter.start();
      await s.scalars(select(User).options(selectinload(u.posts)));
      expect(counter.stop().filter((q) => /^\s*SELECT/i.test(q)).length).toBe(1);
    } finally {
      await s.close();
    }
  });
});
