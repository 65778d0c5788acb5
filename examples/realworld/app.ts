// The RealWorld "Conduit" API on athanor/express: one transaction per request, committed before
// the response is sent. Errors answer as the spec says: 401 without a valid token, 403 for another
// author's article or comment, 404 for what does not exist, 422 `{ errors: { field: [...] } }`.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';
import {
  and,
  attrs,
  executeBulk,
  func,
  IntegrityError,
  ormDelete,
  select,
  selectinload,
  type Session,
} from '../../lib';
import { SessionContext, sessionMiddleware } from '../../lib/entries/express';
import { Article, Comment, Favorite, Follow, Tag, User } from './entities';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Record<string, string[]>,
  ) {
    super(
      Object.entries(errors)
        .map(([k, v]) => `${k} ${v.join(', ')}`)
        .join('; '),
    );
  }
}

const unauthorized = () => new ApiError(401, { token: ['is missing or invalid'] });
const notFound = (what: string) => new ApiError(404, { [what]: ['not found'] });
const forbidden = (what: string) => new ApiError(403, { [what]: ['forbidden'] });

function hashPassword(password: string): string {
  const salt = randomBytes(16).toString('hex');
  return `${salt}:${scryptSync(password, salt, 32).toString('hex')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split(':');
  const actual = scryptSync(password, salt!, 32);
  return timingSafeEqual(actual, Buffer.from(hash!, 'hex'));
}

/** The fields of `body[key]`, each required one checked non-empty (422 naming the blank ones). */
function fields(body: unknown, key: string, required: readonly string[]): Record<string, unknown> {
  const outer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const inner = outer[key];
  const values = (typeof inner === 'object' && inner !== null ? inner : {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  for (const f of required) {
    if (typeof values[f] !== 'string' || (values[f] as string).trim() === '') errors[f] = ["can't be blank"];
  }
  if (Object.keys(errors).length > 0) throw new ApiError(422, errors);
  return values;
}

function slugify(title: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'article'}-${randomBytes(3).toString('hex')}`;
}

export function createApp(context: SessionContext, secret: string): express.Express {
  const app = express();
  app.use(express.json());
  app.use(sessionMiddleware(context));
  const s = (): Session => context.session;
  const u = attrs(User);
  const a = attrs(Article);
  const t = attrs(Tag);
  const f = attrs(Follow);
  const fav = attrs(Favorite);
  const c = attrs(Comment);

  // ---- authentication ----
  const tokenOf = (user: User): string => jwt.sign({ id: user.id }, secret, { expiresIn: '7d' });
  const currentUser = async (req: Request, required: boolean): Promise<User | null> => {
    const header = req.headers.authorization;
    if (header === undefined) {
      if (required) throw unauthorized();
      return null;
    }
    const [scheme, token] = header.split(' ');
    let id: number | undefined;
    try {
      if (scheme !== 'Token' || token === undefined) throw unauthorized();
      id = (jwt.verify(token, secret) as { id: number }).id;
    } catch {
      throw unauthorized();
    }
    const user = await s().get(User, id);
    if (user === null) throw unauthorized();
    return user;
  };
  const userJson = (user: User) => ({
    user: {
      email: user.email,
      token: tokenOf(user),
      username: user.username,
      bio: user.bio,
      image: user.image,
    },
  });

  // ---- profiles ----
  const followedIds = async (viewer: User | null, ids: readonly number[]): Promise<Set<number>> => {
    if (viewer === null || ids.length === 0) return new Set();
    const rows = await s().scalars(
      select(Follow).where(and(f.followerId.eq(viewer.id), f.followedId.in([...ids]))),
    );
    return new Set(rows.map((r) => r.followedId));
  };
  const profileJson = (user: User, following: boolean) => ({
    username: user.username,
    bio: user.bio,
    image: user.image,
    following,
  });
  const userNamed = async (username: string): Promise<User> => {
    const [user] = await s().scalars(select(User).where(u.username.eq(username)));
    if (user === undefined) throw notFound('profile');
    return user;
  };

  // ---- articles ----
  /** Article responses; lists leave out `body`, as the OpenAPI document's list schema does. */
  const articleJsons = async (viewer: User | null, articles: readonly Article[], withBody: boolean) => {
    const ids = articles.map((x) => x.id);
    const counts = new Map<number, number>();
    const mine = new Set<number>();
    if (ids.length > 0) {
      const rows = await s().execute(
        select(fav.articleId, func.count(fav.userId)).where(fav.articleId.in(ids)).groupBy(fav.articleId),
      );
      for (const [id, n] of rows.all()) counts.set(id, Number(n));
      if (viewer !== null) {
        const own = await s().scalars(
          select(Favorite).where(and(fav.userId.eq(viewer.id), fav.articleId.in(ids))),
        );
        for (const x of own) mine.add(x.articleId);
      }
    }
    const following = await followedIds(viewer, [...new Set(articles.map((x) => x.authorId))]);
    return articles.map((x) => ({
      slug: x.slug,
      title: x.title,
      description: x.description,
      ...(withBody ? { body: x.body } : {}),
      tagList: x.tags.map((tag) => tag.name).sort(),
      createdAt: x.createdAt.toISOString(),
      updatedAt: x.updatedAt.toISOString(),
      favorited: mine.has(x.id),
      favoritesCount: counts.get(x.id) ?? 0,
      author: profileJson(x.author, following.has(x.authorId)),
    }));
  };
  const articleBySlug = async (slug: string): Promise<Article> => {
    const [article] = await s().scalars(
      select(Article).where(a.slug.eq(slug)).options(selectinload(a.author), selectinload(a.tags)),
    );
    if (article === undefined) throw notFound('article');
    return article;
  };
  const oneArticle = async (viewer: User | null, article: Article) => ({
    article: (await articleJsons(viewer, [article], true))[0],
  });
  const tagsNamed = async (names: readonly string[]): Promise<Tag[]> => {
    const unique = [...new Set(names.map(String))];
    const known = unique.length ? await s().scalars(select(Tag).where(t.name.in(unique))) : [];
    return unique.map((name) => known.find((tag) => tag.name === name) ?? Object.assign(new Tag(), { name }));
  };
  const page = (req: Request) => ({
    limit: Math.min(Math.max(Number(req.query['limit'] ?? 20) || 20, 1), 100),
    offset: Math.max(Number(req.query['offset'] ?? 0) || 0, 0),
  });

  // ---- users ----
  app.post('/api/users', async (req, res) => {
    const { username, email, password } = fields(req.body, 'user', ['username', 'email', 'password']);
    const taken: Record<string, string[]> = {};
    if ((await s().scalars(select(User).where(u.email.eq(String(email))))).length)
      taken['email'] = ['has already been taken'];
    if ((await s().scalars(select(User).where(u.username.eq(String(username))))).length)
      taken['username'] = ['has already been taken'];
    if (Object.keys(taken).length > 0) throw new ApiError(422, taken);
    const user = Object.assign(new User(), {
      username: String(username),
      email: String(email),
      passwordHash: hashPassword(String(password)),
      bio: null,
      image: null,
    });
    s().add(user);
    await s().flush();
    res.status(201).json(userJson(user));
  });

  app.post('/api/users/login', async (req, res) => {
    const { email, password } = fields(req.body, 'user', ['email', 'password']);
    const [user] = await s().scalars(select(User).where(u.email.eq(String(email))));
    if (user === undefined || !passwordMatches(String(password), user.passwordHash)) {
      throw new ApiError(401, { credentials: ['invalid'] });
    }
    res.json(userJson(user));
  });

  app.get('/api/user', async (req, res) => {
    res.json(userJson((await currentUser(req, true))!));
  });

  app.put('/api/user', async (req, res) => {
    const user = (await currentUser(req, true))!;
    const changes = fields(req.body, 'user', []);
    for (const key of ['email', 'username', 'bio', 'image'] as const) {
      if (changes[key] !== undefined) (user as unknown as Record<string, unknown>)[key] = changes[key];
    }
    if (typeof changes['password'] === 'string' && changes['password'] !== '')
      user.passwordHash = hashPassword(changes['password']);
    await s().flush(); // a taken email or username fails here: 422
    res.json(userJson(user));
  });

  // ---- profiles ----
  app.get('/api/profiles/:username', async (req, res) => {
    const viewer = await currentUser(req, false);
    const user = await userNamed(String(req.params['username']));
    res.json({ profile: profileJson(user, (await followedIds(viewer, [user.id])).has(user.id)) });
  });

  app.post('/api/profiles/:username/follow', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const user = await userNamed(String(req.params['username']));
    if (!(await followedIds(viewer, [user.id])).has(user.id)) {
      s().add(Object.assign(new Follow(), { followerId: viewer.id, followedId: user.id }));
    }
    res.json({ profile: profileJson(user, true) });
  });

  app.delete('/api/profiles/:username/follow', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const user = await userNamed(String(req.params['username']));
    await executeBulk(
      s(),
      ormDelete(Follow).where(and(f.followerId.eq(viewer.id), f.followedId.eq(user.id))),
    );
    res.json({ profile: profileJson(user, false) });
  });

  // ---- articles ----
  app.get('/api/articles', async (req, res) => {
    const viewer = await currentUser(req, false);
    const { limit, offset } = page(req);
    let where = undefined as ReturnType<typeof and> | undefined;
    const add = (p: ReturnType<typeof and>) => (where = where === undefined ? p : and(where, p));
    if (typeof req.query['tag'] === 'string') add(a.tags.any(t.name.eq(req.query['tag'])));
    if (typeof req.query['author'] === 'string')
      add(a.authorId.in(select(u.id).where(u.username.eq(req.query['author']))));
    if (typeof req.query['favorited'] === 'string') {
      const who = select(u.id).where(u.username.eq(req.query['favorited']));
      add(a.id.in(select(fav.articleId).where(fav.userId.in(who))));
    }
    await listArticles(res, viewer, where, limit, offset);
  });

  app.get('/api/articles/feed', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const { limit, offset } = page(req);
    const followed = select(f.followedId).where(f.followerId.eq(viewer.id));
    await listArticles(res, viewer, a.authorId.in(followed), limit, offset);
  });

  const listArticles = async (
    res: Response,
    viewer: User | null,
    where: ReturnType<typeof and> | undefined,
    limit: number,
    offset: number,
  ): Promise<void> => {
    const filtered = <S extends { where(p: ReturnType<typeof and>): S }>(q: S): S =>
      where === undefined ? q : q.where(where);
    const articles = await s().scalars(
      filtered(select(Article))
        .options(selectinload(a.author), selectinload(a.tags))
        .orderBy(a.createdAt.desc(), a.id.desc())
        .limit(limit)
        .offset(offset),
    );
    const count = await s().scalar(filtered(select(func.count(a.id))));
    res.json({ articles: await articleJsons(viewer, articles, false), articlesCount: Number(count) });
  };

  app.get('/api/articles/:slug', async (req, res) => {
    const viewer = await currentUser(req, false);
    res.json(await oneArticle(viewer, await articleBySlug(String(req.params['slug']))));
  });

  app.post('/api/articles', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const { title, description, body, tagList } = fields(req.body, 'article', [
      'title',
      'description',
      'body',
    ]);
    const now = new Date();
    const article = Object.assign(new Article(), {
      slug: slugify(String(title)),
      title: String(title),
      description: String(description),
      body: String(body),
      createdAt: now,
      updatedAt: now,
      author: viewer,
    });
    article.tags = await tagsNamed(Array.isArray(tagList) ? tagList.map(String) : []);
    s().add(article);
    await s().flush();
    res.status(201).json(await oneArticle(viewer, article));
  });

  app.put('/api/articles/:slug', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const article = await articleBySlug(String(req.params['slug']));
    if (article.authorId !== viewer.id) throw forbidden('article');
    const changes = fields(req.body, 'article', []);
    if (typeof changes['title'] === 'string' && changes['title'] !== article.title) {
      article.title = changes['title'];
      article.slug = slugify(changes['title']);
    }
    if (typeof changes['description'] === 'string') article.description = changes['description'];
    if (typeof changes['body'] === 'string') article.body = changes['body'];
    if (Array.isArray(changes['tagList'])) article.tags = await tagsNamed(changes['tagList'].map(String));
    article.updatedAt = new Date();
    await s().flush();
    res.json(await oneArticle(viewer, article));
  });

  app.delete('/api/articles/:slug', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const article = await articleBySlug(String(req.params['slug']));
    if (article.authorId !== viewer.id) throw forbidden('article');
    await executeBulk(s(), ormDelete(Favorite).where(fav.articleId.eq(article.id)));
    await executeBulk(s(), ormDelete(Comment).where(c.articleId.eq(article.id)));
    s().delete(article);
    res.status(204).end();
  });

  // ---- favorites ----
  app.post('/api/articles/:slug/favorite', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const article = await articleBySlug(String(req.params['slug']));
    if ((await s().get(Favorite, [viewer.id, article.id])) === null) {
      s().add(Object.assign(new Favorite(), { userId: viewer.id, articleId: article.id }));
      await s().flush();
    }
    res.json(await oneArticle(viewer, article));
  });

  app.delete('/api/articles/:slug/favorite', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const article = await articleBySlug(String(req.params['slug']));
    await executeBulk(
      s(),
      ormDelete(Favorite).where(and(fav.userId.eq(viewer.id), fav.articleId.eq(article.id))),
    );
    res.json(await oneArticle(viewer, article));
  });

  // ---- comments ----
  const commentJson = (comment: Comment, following: boolean) => ({
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author: profileJson(comment.author, following),
  });

  app.post('/api/articles/:slug/comments', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const article = await articleBySlug(String(req.params['slug']));
    const { body } = fields(req.body, 'comment', ['body']);
    const now = new Date();
    const comment = Object.assign(new Comment(), {
      body: String(body),
      createdAt: now,
      updatedAt: now,
      articleId: article.id,
      author: viewer,
    });
    s().add(comment);
    await s().flush();
    res.json({ comment: commentJson(comment, false) }); // 200, as the OpenAPI document says
  });

  app.get('/api/articles/:slug/comments', async (req, res) => {
    const viewer = await currentUser(req, false);
    const article = await articleBySlug(String(req.params['slug']));
    const comments = await s().scalars(
      select(Comment).where(c.articleId.eq(article.id)).options(selectinload(c.author)).orderBy(c.id),
    );
    const following = await followedIds(
      viewer,
      comments.map((x) => x.authorId),
    );
    res.json({ comments: comments.map((x) => commentJson(x, following.has(x.authorId))) });
  });

  app.delete('/api/articles/:slug/comments/:id', async (req, res) => {
    const viewer = (await currentUser(req, true))!;
    const article = await articleBySlug(String(req.params['slug']));
    const comment = await s().get(Comment, Number(req.params['id']));
    if (comment === null || comment.articleId !== article.id) throw notFound('comment');
    if (comment.authorId !== viewer.id) throw forbidden('comment');
    s().delete(comment);
    res.status(204).end();
  });

  // ---- tags ----
  app.get('/api/tags', async (_req, res) => {
    res.json({ tags: (await s().scalars(select(Tag).orderBy(t.name))).map((tag) => tag.name) });
  });

  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) res.status(err.status).json({ errors: err.errors });
    else if (err instanceof IntegrityError)
      res.status(422).json({ errors: { body: ['has already been taken'] } });
    else res.status(500).json({ errors: { body: ['internal error'] } });
  });
  return app;
}
