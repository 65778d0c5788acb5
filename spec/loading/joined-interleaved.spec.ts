import { aliased, attrs, containsEager, joinedload, select, Session } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { defineBlog } from '../session/fixtures';
import { hasPosts, POSTS_PER_USER, seedGraph, TAGS, TAGS_PER_POST, USERS } from './graph';

/** Joined rows whose parents do not come in runs: each parent still gets each child once. */
describeEachDialect('joined loading over rows that interleave parents', (d) => {
  const blog = defineBlog(d);
  const { User, Post, Tag } = blog;
  const u = attrs(User);
  const p = attrs(Post);
  const t = attrs(Tag);
  const open: Session[] = [];
  const newSession = (): Session => {
    const s = new Session(d.engine);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  beforeAll(async () => {
    await seedGraph(d, blog);
  });

  const postIds = (userId: number): number[] =>
    Array.from({ length: POSTS_PER_USER }, (_, i) => (userId - 1) * POSTS_PER_USER + i + 1);

  it('containsEager ordered by title fills every collection in full, parents in first-seen order', async () => {
    const s = newSession();
    const authorsInRowOrder = (
      await s.execute(select(p.authorId).where(p.authorId.le(3)).orderBy(p.title, p.id))
    ).scalars();
    // The premise: consecutive rows switch between authors.
    expect(authorsInRowOrder.some((a, i) => i > 0 && a !== authorsInRowOrder[i - 1])).toBe(true);
    expect(new Set(authorsInRowOrder.slice(0, POSTS_PER_USER)).size).toBeGreaterThan(1);

    const users = await s.scalars(
      select(User).join(u.posts).where(u.id.le(3)).orderBy(p.title, p.id).options(containsEager(u.posts)),
    );
    expect(users.map((x) => x.id)).toEqual([...new Set(authorsInRowOrder)]);
    for (const user of users) {
      expect(user.posts.map((x) => x.id).sort((a, b) => a - b)).toEqual(postIds(user.id));
      for (const post of user.posts) expect(post.author).toBe(user);
    }
  });

  it('joinedload of posts and their tags: each post once per user, each tag once per post', async () => {
    const s = newSession();
    const users = await s.scalars(
      select(User).where(u.id.le(3)).orderBy(u.id).options(joinedload(u.posts, p.tags)),
    );
    expect(users.map((x) => x.id)).toEqual([1, 2, 3]);
    for (const user of users) {
      expect(user.posts.map((x) => x.id)).toEqual(postIds(user.id));
      for (const post of user.posts) {
        expect(post.tags).toHaveLength(TAGS_PER_POST);
        expect(new Set(post.tags).size).toBe(TAGS_PER_POST);
      }
    }
  });

  it('a long collection whose rows come apart: each member once, however often its rows repeat', async () => {
    const s = newSession();
    const other = aliased(User, 'other');
    // Each (tag, post) row comes once per user of a few, ordered by that user first: a post's
    // rows are apart, and each tag has many more posts than a short list holds.
    const o = attrs(other);
    const statement = select(Tag)
      .join(t.posts)
      .join(other, o.id.le(3))
      .where(t.id.le(2))
      .orderBy(t.id, o.id, p.id);
    const postsInRowOrder = (await s.execute(statement.addColumns(p.id))).all().map(([, id]) => id);
    expect(postsInRowOrder.length).toBeGreaterThan(2 * 3 * 20);
    expect(
      postsInRowOrder.some(
        (id, i) => i > 0 && id !== postsInRowOrder[i - 1] && postsInRowOrder.indexOf(id) < i - 1,
      ),
    ).toBe(true);

    const tags = await s.scalars(statement.options(containsEager(t.posts)));
    expect(tags.map((x) => x.id)).toEqual([1, 2]);
    for (const tag of tags) {
      const expected: number[] = [];
      let postId = 0;
      for (let user = 1; user <= USERS; user++) {
        if (!hasPosts(user)) continue;
        for (let k = 0; k < POSTS_PER_USER; k++) {
          postId++;
          for (let j = 0; j < TAGS_PER_POST; j++)
            if (((postId * 7 + j * 13) % TAGS) + 1 === tag.id) expected.push(postId);
        }
      }
      expect(expected.length).toBeGreaterThan(20);
      expect(tag.posts.map((x) => x.id).sort((a, b) => a - b)).toEqual(expected);
    }
  });
});
