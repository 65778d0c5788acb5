/**
 * examples/realworld against the RealWorld project's own API test collection (its Postman
 * collection, run with newman against every Conduit backend): the same requests in the same order,
 * each folder a test, with the collection's assertions — plus the status codes of the Conduit
 * OpenAPI document where the collection leaves them unchecked, and the deletions read back.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { createEngine, text, type Engine } from '../../lib';
import { SessionContext } from '../../lib/entries/express';
import { createApp } from '../../examples/realworld/app';
import { migrate } from '../../examples/realworld/schema';
import { describeEachDialect } from '../support/dialects';
import { exampleDatabase, type ExampleDatabase } from './example-database';

/** The collection's timestamp check: ISO 8601 with fractional seconds and a zone. */
const ISO_8601 = /^\d{4,}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d.\d+(?:[+-][0-2]\d:[0-5]\d|Z)$/;

type Json = Record<string, unknown>;

function expectUser(body: Json): void {
  expect(body).toHaveProperty('user');
  const user = body['user'] as Json;
  for (const key of ['email', 'username', 'bio', 'image', 'token']) expect(user).toHaveProperty(key);
}

function expectProfile(body: Json, following?: boolean): void {
  expect(body).toHaveProperty('profile');
  const profile = body['profile'] as Json;
  for (const key of ['username', 'bio', 'image', 'following']) expect(profile).toHaveProperty(key);
  if (following !== undefined) expect(profile['following']).toBe(following);
}

/** What the collection checks of every article; `withBody` for single-article responses. */
function expectArticle(article: Json, withBody: boolean): void {
  for (const key of ['title', 'slug', 'createdAt', 'updatedAt', 'description', 'tagList', 'author']) {
    expect(article).toHaveProperty(key);
  }
  // Lists leave the body out (the OpenAPI document's list schema has none).
  if (withBody) expect(article).toHaveProperty('body');
  else expect(article).not.toHaveProperty('body');
  expect(article['createdAt']).toMatch(ISO_8601);
  expect(article['updatedAt']).toMatch(ISO_8601);
  expect(Array.isArray(article['tagList'])).toBe(true);
  expect(article).toHaveProperty('favorited');
  expect(Number.isInteger(article['favoritesCount'])).toBe(true);
}

/** A multiple-articles response: 200, the count an integer, 0 when the list is empty. */
function expectArticleList(res: request.Response): Json[] {
  expect(res.status).toBe(200);
  expect(res.body).toHaveProperty('articles');
  expect(Number.isInteger(res.body.articlesCount)).toBe(true);
  const articles = res.body.articles as Json[];
  if (articles.length > 0) expectArticle(articles[0]!, false);
  else expect(res.body.articlesCount).toBe(0);
  return articles;
}

function expectComment(comment: Json): void {
  for (const key of ['id', 'body', 'createdAt', 'updatedAt', 'author']) expect(comment).toHaveProperty(key);
  expect(comment['createdAt']).toMatch(ISO_8601);
  expect(comment['updatedAt']).toMatch(ISO_8601);
}

describeEachDialect('examples/realworld against the Conduit API test collection', (d) => {
  let db: ExampleDatabase;
  let engine: Engine;
  let context: SessionContext;
  let server: Server;
  let api: ReturnType<typeof request>;

  // The collection's globals: the run's user, then what earlier requests stored.
  const USERNAME = `u${Date.now()}`;
  const EMAIL = `${USERNAME}@mail.com`;
  const PASSWORD = 'password';
  let token = '';
  let slug = '';
  let commentId = 0;
  const json = { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  const authed = () => ({ ...json, Authorization: `Token ${token}` });

  /** Rows of a table counted on a connection of its own, outside the app's sessions. */
  const countRows = async (sql: string): Promise<number> => {
    const conn = await engine.connect();
    try {
      return Number((await conn.execute(text(sql))).scalar());
    } finally {
      await conn.close();
    }
  };

  beforeAll(async () => {
    db = await exampleDatabase(d, 'example_conduit_api');
    engine = createEngine(db.url);
    await migrate(engine);
    context = new SessionContext(engine, { strict: true });
    server = createApp(context, 'test-secret').listen(0);
    api = request(server);
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await context?.shutdown({ graceMillis: 0 });
    await engine?.dispose();
    await db?.drop();
  });

  it('Auth: register, login, login and remember the token, current user, update user', async () => {
    const register = await api
      .post('/api/users')
      .set(json)
      .send({ user: { email: EMAIL, password: PASSWORD, username: USERNAME } });
    expect(register.status).toBe(201);
    expectUser(register.body);

    const login = await api
      .post('/api/users/login')
      .set(json)
      .send({ user: { email: EMAIL, password: PASSWORD } });
    expect(login.status).toBe(200);
    expectUser(login.body);

    const remember = await api
      .post('/api/users/login')
      .set(json)
      .send({ user: { email: EMAIL, password: PASSWORD } });
    expectUser(remember.body);
    token = remember.body.user.token as string;
    expect(token).toEqual(expect.any(String));

    const current = await api.get('/api/user').set(authed());
    expect(current.status).toBe(200);
    expectUser(current.body);
    expect(current.body.user).toMatchObject({ email: EMAIL, username: USERNAME });

    const update = await api
      .put('/api/user')
      .set(authed())
      .send({ user: { email: EMAIL } });
    expect(update.status).toBe(200);
    expectUser(update.body);
    expect(update.body.user).toMatchObject({ email: EMAIL, username: USERNAME, bio: null, image: null });
  });

  it('Articles: all, by author, favorited by username, by tag — before any exists', async () => {
    for (const path of [
      '/api/articles',
      '/api/articles?author=johnjacob',
      `/api/articles?favorited=${USERNAME}`,
      '/api/articles?tag=dragons',
    ]) {
      expect(expectArticleList(await api.get(path).set(json))).toEqual([]);
    }
  });

  it('Articles, Favorite, Comments: create, feed, lists, by slug, update, (un)favorite, comments, deletes', async () => {
    const create = await api
      .post('/api/articles')
      .set(authed())
      .send({
        article: {
          title: 'How to train your dragon',
          description: 'Ever wonder how?',
          body: 'Very carefully.',
          tagList: ['training', 'dragons'],
        },
      });
    expect(create.status).toBe(201);
    expect(create.body).toHaveProperty('article');
    expectArticle(create.body.article, true);
    slug = create.body.article.slug as string;

    // The run's user follows nobody: the feed is empty.
    expect(expectArticleList(await api.get('/api/articles/feed').set(authed()))).toEqual([]);

    for (const [path, headers] of [
      ['/api/articles', json],
      ['/api/articles', authed()],
      [`/api/articles?author=${USERNAME}`, authed()],
      [`/api/articles?author=${USERNAME}`, authed()],
    ] as const) {
      const articles = expectArticleList(await api.get(path).set(headers));
      expect(articles.map((a) => a['slug'])).toEqual([slug]);
    }

    const single = await api.get(`/api/articles/${slug}`).set(authed());
    expect(single.status).toBe(200);
    expectArticle(single.body.article, true);

    const byTag = await api.get('/api/articles?tag=dragons').set(authed());
    expect(byTag.status).toBe(200);
    const tagged = byTag.body.articles[0] as Json;
    expect(tagged).toBeDefined();
    expect(tagged['tagList']).toEqual(['dragons', 'training']);

    const update = await api
      .put(`/api/articles/${slug}`)
      .set(authed())
      .send({ article: { body: 'With two hands' } });
    expect(update.status).toBe(200);
    expectArticle(update.body.article, true);
    expect(update.body.article.body).toBe('With two hands');

    const favorite = await api.post(`/api/articles/${slug}/favorite`).set(authed());
    expect(favorite.status).toBe(200);
    expectArticle(favorite.body.article, true);
    expect(favorite.body.article.favorited).toBe(true);
    expect(favorite.body.article.favoritesCount).toBeGreaterThan(0);

    for (const headers of [authed(), authed()]) {
      const favorited = await api.get(`/api/articles?favorited=${USERNAME}`).set(headers);
      const [article] = expectArticleList(favorited);
      expect(article!['favoritesCount']).toBe(1);
    }

    const unfavorite = await api.delete(`/api/articles/${slug}/favorite`).set(authed());
    expect(unfavorite.status).toBe(200);
    expectArticle(unfavorite.body.article, true);
    expect(unfavorite.body.article.favorited).toBe(false);

    const comment = await api
      .post(`/api/articles/${slug}/comments`)
      .set(authed())
      .send({ comment: { body: 'Thank you so much!' } });
    expect(comment.status).toBe(200);
    expect(comment.body).toHaveProperty('comment');
    expectComment(comment.body.comment);
    commentId = comment.body.comment.id as number;

    for (const headers of [authed(), json]) {
      const comments = await api.get(`/api/articles/${slug}/comments`).set(headers);
      expect(comments.status).toBe(200);
      expect(comments.body.comments).toHaveLength(1);
      expectComment(comments.body.comments[0]);
    }

    const deleteComment = await api.delete(`/api/articles/${slug}/comments/${commentId}`).set(authed());
    expect(deleteComment.status).toBe(204);
    expect(await countRows('SELECT COUNT(*) FROM comments')).toBe(0);

    const deleteArticle = await api.delete(`/api/articles/${slug}`).set(authed());
    expect(deleteArticle.status).toBe(204);
    expect(await countRows('SELECT COUNT(*) FROM articles')).toBe(0);
    expect((await api.get(`/api/articles/${slug}`).set(json)).status).toBe(404);
  });

  it('Profiles: register a celebrity, profile, follow, unfollow', async () => {
    const celeb = await api
      .post('/api/users')
      .set(json)
      .send({ user: { email: `celeb_${EMAIL}`, password: PASSWORD, username: `celeb_${USERNAME}` } });
    expect(celeb.status).toBe(201);
    expectUser(celeb.body);

    const profile = await api.get(`/api/profiles/celeb_${USERNAME}`).set(authed());
    expect(profile.status).toBe(200);
    expectProfile(profile.body, false);

    // The collection sends a body with the follow request; the API ignores it.
    const follow = await api
      .post(`/api/profiles/celeb_${USERNAME}/follow`)
      .set(authed())
      .send({ user: { email: EMAIL } });
    expect(follow.status).toBe(200);
    expectProfile(follow.body, true);
    expect(await countRows('SELECT COUNT(*) FROM follows')).toBe(1);

    const unfollow = await api.delete(`/api/profiles/celeb_${USERNAME}/follow`).set(authed());
    expect(unfollow.status).toBe(200);
    expectProfile(unfollow.body, false);
    expect(await countRows('SELECT COUNT(*) FROM follows')).toBe(0);
  });

  it('Tags: all tags', async () => {
    const tags = await api.get('/api/tags').set(json);
    expect(tags.status).toBe(200);
    expect(Array.isArray(tags.body.tags)).toBe(true);
    expect(tags.body.tags).toEqual(['dragons', 'training']);
    expect(engine.poolStatus.used).toBe(0);
  });
});
