import {
  attrs,
  joinedload,
  LazyLoadError,
  lazyload,
  noload,
  raiseload,
  select,
  selectinload,
  Session,
  subqueryload,
  defaultLoad,
} from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, statementCounter } from '../session/fixtures';
import { graphOf, hasPosts, POSTS_PER_USER, seedGraph, TAGS_PER_POST, USERS } from './graph';

describeEachDialect('loading strategies on 100 users × 10 posts × 3 tags', (d) => {
  const blog = defineBlog(d);
  const { User, Post } = blog;
  const u = attrs(User);
  const p = attrs(Post);
  const counter = statementCounter(d);
  let expected: unknown;
  const open: Session[] = [];
  const newSession = (): Session => {
    const s = new Session(d.engine);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    counter.stop();
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  beforeAll(async () => {
    await seedGraph(d, blog);
    // The reference graph: explicit batched loads, level by level.
    const session = new Session(d.engine);
    const users = await session.scalars(select(User).orderBy(u.id));
    await Promise.all(users.map((x) => session.load(x, 'posts')));
    await Promise.all(users.flatMap((x) => x.posts).map((x) => session.load(x, 'tags')));
    expected = graphOf(users);
    await session.close();
  });

  async function run(
    options: Parameters<ReturnType<typeof select<[typeof User]>>['options']>,
  ): Promise<{ users: InstanceType<typeof User>[]; selects: number; statements: string[] }> {
    const session = newSession();
    counter.start();
    const users = await session.scalars(
      select(User)
        .orderBy(u.id)
        .options(...options),
    );
    const statements = counter.stop();
    await session.close();
    return { users, selects: statements.filter((s) => /^\s*SELECT/i.test(s)).length, statements };
  }

  it('the reference graph has the expected shape', () => {
    const graph = expected as { id: number; posts: { tags: string[] }[] }[];
    expect(graph).toHaveLength(USERS);
    expect(graph.filter((x) => x.posts.length === 0).map((x) => x.id)).toEqual(
      graph.map((x) => x.id).filter((id) => !hasPosts(id)),
    );
    for (const x of graph.filter((g) => hasPosts(g.id))) {
      expect(x.posts).toHaveLength(POSTS_PER_USER);
      for (const post of x.posts) expect(new Set(post.tags).size).toBe(TAGS_PER_POST);
    }
  });

  it.each([
    ['selectinload(u.posts, p.tags)', () => [selectinload(u.posts, p.tags)], 3],
    ['selectinload(u.posts).selectinload(p.tags)', () => [selectinload(u.posts).selectinload(p.tags)], 3],
    [
      'selectinload(u.posts).selectinload((x) => x.tags)',
      () => [selectinload(u.posts).selectinload((x) => x.tags)],
      3,
    ],
    ['joinedload(u.posts, p.tags)', () => [joinedload(u.posts, p.tags)], 1],
    ['joinedload(u.posts).joinedload(p.tags)', () => [joinedload(u.posts).joinedload(p.tags)], 1],
    ['subqueryload(u.posts, p.tags)', () => [subqueryload(u.posts, p.tags)], 3],
    ['selectinload(u.posts).joinedload(p.tags)', () => [selectinload(u.posts).joinedload(p.tags)], 2],
    ['joinedload(u.posts).selectinload(p.tags)', () => [joinedload(u.posts).selectinload(p.tags)], 2],
    ['subqueryload(u.posts).joinedload(p.tags)', () => [subqueryload(u.posts).joinedload(p.tags)], 2],
    ['joinedload(u.posts).subqueryload(p.tags)', () => [joinedload(u.posts).subqueryload(p.tags)], 2],
    [
      'defaultLoad + options()',
      () => [selectinload(u.posts).options(selectinload(p.tags), raiseload(p.author))],
      3,
    ],
    ['two options for one path', () => [defaultLoad(u.posts).selectinload(p.tags), selectinload(u.posts)], 3],
  ] as const)(
    '%s gives the same graph in %#: exactly the expected SELECT count',
    async (_name, options, selects) => {
      const result = await run(options() as never);
      expect(result.selects).toBe(selects);
      expect(result.statements).toHaveLength(selects);
      expect(graphOf(result.users)).toEqual(expected);
    },
  );

  it('explicit loads for many objects in one tick are one query per relationship', async () => {
    const session = newSession();
    counter.start();
    const users = await session.scalars(select(User).orderBy(u.id));
    await Promise.all(users.map((x) => session.load(x, 'posts')));
    await Promise.all(users.flatMap((x) => x.posts).map((x) => session.load(x, 'tags')));
    expect(counter.stop()).toHaveLength(3);
    expect(graphOf(users)).toEqual(expected);
    await session.close();
  });

  it('joinedload with limit(10) returns 10 distinct users with all their posts, in one SELECT', async () => {
    const session = newSession();
    counter.start();
    const users = await session.scalars(
      select(User)
        .where(u.id.gt(5))
        .orderBy(u.id.desc())
        .limit(10)
        .offset(2)
        .options(joinedload(u.posts, p.tags)),
    );
    expect(counter.stop()).toHaveLength(1);
    expect(users.map((x) => x.id)).toEqual([98, 97, 96, 95, 94, 93, 92, 91, 90, 89]);
    const want = (expected as { id: number }[]).filter((x) => x.id >= 89 && x.id <= 98);
    expect(graphOf(users)).toEqual(want);
    expect(users.find((x) => x.id === 90)!.posts).toEqual([]);
    await session.close();
  });

  it('joinedload with limit ordered by a column it does not select keeps that order', async () => {
    const session = newSession();
    const users = await session.scalars(
      select(User).orderBy(u.email.desc(), u.id).limit(3).options(joinedload(u.posts)),
    );
    // As strings, 'user9@…' sorts after 'user99@…' ('@' > '9').
    expect(users.map((x) => x.email)).toEqual([
      'user9@example.com',
      'user99@example.com',
      'user98@example.com',
    ]);
    expect(users.map((x) => x.posts.length)).toEqual([10, 10, 10]);
    await session.close();
  });

  it('many-to-one: joinedload and selectinload of Post.author; selectin takes targets from the identity map', async () => {
    const session = newSession();
    counter.start();
    const posts = await session.scalars(
      select(Post).where(p.id.le(25)).orderBy(p.id).options(joinedload(p.author)),
    );
    expect(counter.stop()).toHaveLength(1);
    expect(posts.map((x) => x.author!.id)).toEqual(posts.map((x) => x.authorId));
    await session.close();

    const s2 = newSession();
    counter.start();
    const posts2 = await s2.scalars(
      select(Post).where(p.id.le(25)).orderBy(p.id).options(selectinload(p.author)),
    );
    expect(counter.stop()).toHaveLength(2);
    expect(new Set(posts2.map((x) => x.author)).size).toBe(3);
    counter.start();
    const again = await s2.scalars(
      select(Post).where(p.id.gt(25), p.id.le(28)).options(selectinload(p.author)),
    );
    expect(counter.stop()).toHaveLength(1); // the authors are already in the session
    expect(again[0]!.author).toBe(
      posts2.find((x) => x.authorId === again[0]!.authorId)?.author ?? again[0]!.author,
    );
    await s2.close();
  });

  it('selectinload of a collection fills the many-to-one side of its members', async () => {
    const session = newSession();
    const [first] = await session.scalars(select(User).where(u.id.eq(1)).options(selectinload(u.posts)));
    expect(first!.posts[0]!.author).toBe(first);
    await session.close();
  });

  it('reading an unloaded relationship throws LazyLoadError with the exact message', async () => {
    const session = newSession();
    const [user] = await session.scalars(select(User).where(u.id.eq(1)));
    expect(() => user!.posts).toThrow(LazyLoadError);
    expect(() => user!.posts).toThrow(
      new LazyLoadError(
        "User.posts is not loaded. Load it with select(User).options(selectinload(attrs(User).posts)) or await session.load(user, 'posts').",
      ),
    );
    let message = '';
    try {
      void user!.posts;
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "User.posts is not loaded. Load it with select(User).options(selectinload(attrs(User).posts)) or await session.load(user, 'posts').",
    );
    await session.close();
  });

  it('raiseload, lazyload leave it unloaded; noload gives an empty collection without a query', async () => {
    const session = newSession();
    counter.start();
    const [a] = await session.scalars(select(User).where(u.id.eq(1)).options(raiseload(u.posts)));
    const [b] = await session.scalars(select(User).where(u.id.eq(2)).options(lazyload('*')));
    const [c] = await session.scalars(select(User).where(u.id.eq(3)).options(noload(u.posts)));
    expect(counter.stop()).toHaveLength(3);
    expect(() => a!.posts).toThrow(LazyLoadError);
    expect(() => b!.posts).toThrow(LazyLoadError);
    expect(c!.posts).toEqual([]);
    expect(await session.load(b!, 'posts')).toHaveLength(10);
    await session.close();
  });

  it('an option rooted at an entity the statement does not select is an ArgumentError', async () => {
    const session = newSession();
    await expect(session.scalars(select(User).options(selectinload(p.tags)))).rejects.toThrow(
      'loader option selectin(Post.tags): the statement selects no Post',
    );
    // @ts-expect-error: posts is not an attribute of Post (refused when compiling, and when running)
    expect(() => selectinload(u.posts).selectinload(u.posts)).toThrow(
      'selectinload(User.posts): the previous step User.posts leads to Post, not User',
    );
    await session.close();
  });
});
