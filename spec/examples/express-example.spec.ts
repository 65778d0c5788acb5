/** examples/express: the blog API, end to end, on each database. */
import type { Server } from 'node:http';
import request from 'supertest';
import { createEngine, registry, type Engine } from '../../lib';
import { SessionContext } from '../../lib/entries/express';
import { createApp } from '../../examples/express/app';
import { describeEachDialect } from '../support/dialects';
import { exampleDatabase, type ExampleDatabase } from './example-database';

describeEachDialect('examples/express', (d) => {
  let db: ExampleDatabase;
  let engine: Engine;
  let context: SessionContext;
  let server: Server;

  beforeAll(async () => {
    db = await exampleDatabase(d, 'example_express');
    engine = createEngine(db.url);
    await registry.metadata.createAll(engine);
    context = new SessionContext(engine, { strict: true });
    server = createApp(context).listen(0);
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await context?.shutdown({ graceMillis: 0 });
    await engine?.dispose();
    await db?.drop();
  });

  it('serves users, posts with tags, comments; maps errors to statuses and rolls them back', async () => {
    const api = request(server);
    const ann = await api.post('/users').send({ email: 'ann@example.com', name: 'Ann' });
    expect(ann.status).toBe(201);
    expect(ann.body).toMatchObject({ id: expect.any(Number), email: 'ann@example.com' });
    expect((await api.post('/users').send({ email: 'ann@example.com', name: 'Again' })).status).toBe(409);
    expect((await api.post('/users').send({ name: 'No email' })).status).toBe(422);
    expect((await api.get('/users')).body).toHaveLength(1);

    const post = await api
      .post('/posts')
      .send({ authorId: ann.body.id, title: 'Hello', body: 'First post', tags: ['intro', 'news'] });
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ title: 'Hello', author: { name: 'Ann' }, tags: ['intro', 'news'] });
    const second = await api
      .post('/posts')
      .send({ authorId: ann.body.id, title: 'Again', body: '…', tags: ['news'] });
    expect(second.body.tags).toEqual(['news']);
    expect((await api.get('/tags')).body).toEqual(['intro', 'news']);
    expect((await api.post('/posts').send({ authorId: 999, title: 'x', body: 'y' })).status).toBe(422);

    const comment = await api
      .post(`/posts/${post.body.id}/comments`)
      .send({ authorId: ann.body.id, body: 'Nice' });
    expect(comment.status).toBe(201);
    const full = await api.get(`/posts/${post.body.id}`);
    expect(full.body.comments).toEqual([{ id: comment.body.id, body: 'Nice', authorId: ann.body.id }]);
    expect((await api.get('/posts?tag=intro')).body.map((p: { title: string }) => p.title)).toEqual([
      'Hello',
    ]);
    expect((await api.get('/posts')).body).toHaveLength(2);

    expect((await api.delete(`/posts/${post.body.id}`)).status).toBe(204);
    expect((await api.get(`/posts/${post.body.id}`)).status).toBe(404);
    expect((await api.get('/posts')).body).toHaveLength(1);
    expect(engine.poolStatus.used).toBe(0);
  });
});
