/** examples/realworld: every endpoint of the Conduit API, its status codes and error bodies. */
import type { Server } from 'node:http';
import request from 'supertest';
import { createEngine, registry, type Engine } from '../../lib';
import { SessionContext } from '../../lib/entries/express';
import { createApp } from '../../examples/realworld/app';
import { migrate, migrations } from '../../examples/realworld/schema';
import { MigrationRunner } from '../../lib/entries/migrations';
import { autogenerateRevision } from '../../lib/migrations/autogenerate';
import { describeEachDialect } from '../support/dialects';
import { exampleDatabase, type ExampleDatabase } from './example-database';

describeEachDialect('examples/realworld', (d) => {
  let db: ExampleDatabase;
  let engine: Engine;
  let context: SessionContext;
  let server: Server;

  beforeAll(async () => {
    db = await exampleDatabase(d, 'example_conduit');
    engine = createEngine(db.url);
    await migrate(engine);
    context = new SessionContext(engine, { strict: true });
    server = createApp(context, 'test-secret').listen(0);
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await context?.shutdown({ graceMillis: 0 });
    await engine?.dispose();
    await db?.drop();
  });

  it('users, profiles, articles, favorites, feed, comments and tags', async () => {
    const api = request(server);
    const auth = (token: string) => ({ Authorization: `Token ${token}` });

    // users and authentication
    const jake = await api
      .post('/api/users')
      .send({ user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } });
    expect(jake.status).toBe(201);
    expect(jake.body.user).toEqual({
      email: 'jake@jake.jake',
      token: expect.any(String),
      username: 'jake',
      bio: null,
      image: null,
    });
    const taken = await api
      .post('/api/users')
      .send({ user: { username: 'jake', email: 'jake@jake.jake', password: 'x' } });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({
      errors: { email: ['has already been taken'], username: ['has already been taken'] },
    });
    expect((await api.post('/api/users').send({ user: { username: 'x' } })).body).toEqual({
      errors: { email: ["can't be blank"], password: ["can't be blank"] },
    });
    const ann = await api
      .post('/api/users')
      .send({ user: { username: 'ann', email: 'ann@example.com', password: 'annann' } });
    const jt = jake.body.user.token as string;
    const at = ann.body.user.token as string;
    const login = await api
      .post('/api/users/login')
      .send({ user: { email: 'jake@jake.jake', password: 'jakejake' } });
    expect(login.status).toBe(200);
    expect(login.body.user.username).toBe('jake');
    expect(
      (await api.post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'nope' } }))
        .status,
    ).toBe(401);
    expect((await api.get('/api/user')).status).toBe(401);
    expect((await api.get('/api/user').set({ Authorization: 'Token garbage' })).status).toBe(401);
    expect((await api.get('/api/user').set(auth(jt))).body.user.email).toBe('jake@jake.jake');
    const updated = await api
      .put('/api/user')
      .set(auth(jt))
      .send({ user: { bio: 'I like to skateboard', image: 'https://i.example/j.png' } });
    expect(updated.body.user).toMatchObject({
      bio: 'I like to skateboard',
      image: 'https://i.example/j.png',
    });
    expect(
      (
        await api
          .put('/api/user')
          .set(auth(jt))
          .send({ user: { email: 'ann@example.com' } })
      ).status,
    ).toBe(422);
    expect((await api.get('/api/user').set(auth(jt))).body.user.email).toBe('jake@jake.jake'); // rolled back

    // profiles and follows
    expect((await api.get('/api/profiles/jake')).body).toEqual({
      profile: {
        username: 'jake',
        bio: 'I like to skateboard',
        image: 'https://i.example/j.png',
        following: false,
      },
    });
    expect((await api.get('/api/profiles/nobody')).status).toBe(404);
    expect((await api.post('/api/profiles/jake/follow').set(auth(at))).body.profile.following).toBe(true);
    expect((await api.post('/api/profiles/jake/follow')).status).toBe(401);
    expect((await api.get('/api/profiles/jake').set(auth(at))).body.profile.following).toBe(true);

    // articles
    const created = await api
      .post('/api/articles')
      .set(auth(jt))
      .send({
        article: {
          title: 'How to train your dragon',
          description: 'Ever wonder how?',
          body: 'You have to believe',
          tagList: ['reactjs', 'angularjs', 'dragons'],
        },
      });
    expect(created.status).toBe(201);
    const article = created.body.article;
    expect(article).toMatchObject({
      title: 'How to train your dragon',
      tagList: ['angularjs', 'dragons', 'reactjs'],
      favorited: false,
      favoritesCount: 0,
      author: { username: 'jake', following: false },
    });
    expect(article.slug).toMatch(/^how-to-train-your-dragon-/);
    expect(
      (
        await api
          .post('/api/articles')
          .set(auth(jt))
          .send({ article: { title: 'x' } })
      ).body,
    ).toEqual({
      errors: { description: ["can't be blank"], body: ["can't be blank"] },
    });
    expect((await api.post('/api/articles').send({ article: {} })).status).toBe(401);
    await api
      .post('/api/articles')
      .set(auth(at))
      .send({ article: { title: 'Ann writes', description: 'd', body: 'b', tagList: ['dragons'] } });
    expect((await api.get(`/api/articles/${article.slug}`)).body.article.title).toBe(
      'How to train your dragon',
    );
    expect((await api.get('/api/articles/missing')).status).toBe(404);
    const list = await api.get('/api/articles');
    expect(list.body.articlesCount).toBe(2);
    expect(list.body.articles.map((x: { title: string }) => x.title)).toEqual([
      'Ann writes',
      'How to train your dragon',
    ]);
    expect((await api.get('/api/articles?tag=reactjs')).body.articlesCount).toBe(1);
    expect((await api.get('/api/articles?author=ann')).body.articles[0].title).toBe('Ann writes');
    expect((await api.get('/api/articles?limit=1&offset=1')).body.articles[0].title).toBe(
      'How to train your dragon',
    );
    const feed = await api.get('/api/articles/feed').set(auth(at));
    expect(feed.body).toMatchObject({
      articlesCount: 1,
      articles: [{ title: 'How to train your dragon', author: { following: true } }],
    });
    expect((await api.get('/api/articles/feed')).status).toBe(401);

    const edited = await api
      .put(`/api/articles/${article.slug}`)
      .set(auth(jt))
      .send({ article: { title: 'Did you train your dragon?', tagList: ['dragons'] } });
    expect(edited.body.article).toMatchObject({ title: 'Did you train your dragon?', tagList: ['dragons'] });
    const slug = edited.body.article.slug as string;
    expect(
      (
        await api
          .put(`/api/articles/${slug}`)
          .set(auth(at))
          .send({ article: { body: 'mine now' } })
      ).status,
    ).toBe(403);

    // favorites
    const faved = await api.post(`/api/articles/${slug}/favorite`).set(auth(at));
    expect(faved.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
    expect((await api.get('/api/articles?favorited=ann')).body.articlesCount).toBe(1);
    expect((await api.get(`/api/articles/${slug}`).set(auth(jt))).body.article).toMatchObject({
      favorited: false,
      favoritesCount: 1,
    });
    expect((await api.delete(`/api/articles/${slug}/favorite`).set(auth(at))).body.article).toMatchObject({
      favorited: false,
      favoritesCount: 0,
    });

    // comments
    const comment = await api
      .post(`/api/articles/${slug}/comments`)
      .set(auth(at))
      .send({ comment: { body: 'Thank you so much!' } });
    expect(comment.status).toBe(200);
    expect(comment.body.comment).toMatchObject({
      id: expect.any(Number),
      body: 'Thank you so much!',
      author: { username: 'ann' },
    });
    expect(
      (await api.post(`/api/articles/${slug}/comments`).set(auth(at)).send({ comment: {} })).body,
    ).toEqual({
      errors: { body: ["can't be blank"] },
    });
    expect((await api.get(`/api/articles/${slug}/comments`)).body.comments).toHaveLength(1);
    const id = comment.body.comment.id as number;
    expect((await api.delete(`/api/articles/${slug}/comments/${id}`).set(auth(jt))).status).toBe(403);
    expect((await api.delete(`/api/articles/${slug}/comments/9999`).set(auth(at))).status).toBe(404);
    expect((await api.delete(`/api/articles/${slug}/comments/${id}`).set(auth(at))).status).toBe(204);
    expect((await api.get(`/api/articles/${slug}/comments`)).body.comments).toEqual([]);

    // tags, then deleting an article
    expect((await api.get('/api/tags')).body.tags).toEqual(['angularjs', 'dragons', 'reactjs']);
    await api.post(`/api/articles/${slug}/favorite`).set(auth(at));
    expect((await api.delete(`/api/articles/${slug}`).set(auth(at))).status).toBe(403);
    expect((await api.delete(`/api/articles/${slug}`).set(auth(jt))).status).toBe(204);
    expect((await api.get(`/api/articles/${slug}`)).status).toBe(404);
    expect((await api.get('/api/articles')).body.articlesCount).toBe(1);
    expect((await api.delete('/api/profiles/jake/follow').set(auth(at))).body.profile.following).toBe(false);
    expect(engine.poolStatus.used).toBe(0);
  });

  it('the migrations made the tables the entities map: autogenerate finds nothing to change', async () => {
    const plan = await autogenerateRevision({
      engine,
      metadata: registry.metadata,
      message: 'check',
      allowDestructive: false,
      interactive: false,
    });
    expect(plan.operations).toEqual([]);
    expect(await new MigrationRunner(engine, migrations).current()).toEqual(
      migrations.ordered.map((r) => r.id),
    );
  });
});
