/**
 * examples/nestjs: the blog API as a Nest application, each test in a transaction rolled back at
 * its end (beginTestTransaction), on each database.
 */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { registry, select, type Engine } from '../../lib';
import { beginTestTransaction, getEngineToken, type TestTransaction } from '../../lib/entries/nestjs';
import { AppModule } from '../../examples/nestjs/app.module';
import { User } from '../../examples/express/entities';
import { describeEachDialect } from '../support/dialects';
import { exampleDatabase, type ExampleDatabase } from './example-database';

describeEachDialect('examples/nestjs', (d) => {
  let db: ExampleDatabase;
  let app: INestApplication;
  let engine: Engine;
  let tx: TestTransaction;

  beforeAll(async () => {
    db = await exampleDatabase(d, 'example_nestjs');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(db.url)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    engine = app.get<Engine>(getEngineToken());
    await registry.metadata.createAll(engine);
  });
  afterAll(async () => {
    await app?.close(); // the module disposes the engine it made
    await db?.drop();
  });
  beforeEach(async () => {
    tx = await beginTestTransaction(app);
  });
  afterEach(() => tx.rollback());

  const countUsers = async (): Promise<number> =>
    (await engine.execute(select(registry.metadata.tables.get('users')!.c['id']!))).all().length;

  it('serves users, posts with tags and comments through @Transactional services', async () => {
    const api = request(app.getHttpServer());
    const ann = await api.post('/users').send({ email: 'ann@example.com', name: 'Ann' });
    expect(ann.status).toBe(201);
    expect((await api.post('/users').send({ email: 'ann@example.com', name: 'Again' })).status).toBe(409);
    expect((await api.post('/users').send({ name: 'No email' })).status).toBe(422);
    const post = await api
      .post('/posts')
      .send({ authorId: ann.body.id, title: 'Hello', body: 'First', tags: ['intro', 'news'] });
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ title: 'Hello', author: { name: 'Ann' }, tags: ['intro', 'news'] });
    expect((await api.post('/posts').send({ authorId: 999, title: 'x', body: 'y' })).status).toBe(422);
    const comment = await api
      .post(`/posts/${post.body.id}/comments`)
      .send({ authorId: ann.body.id, body: 'Nice' });
    expect(comment.status).toBe(201);
    expect((await api.get(`/posts/${post.body.id}`)).body.comments).toEqual([
      { id: comment.body.id, body: 'Nice', authorId: ann.body.id },
    ]);
    expect((await api.get('/tags')).body).toEqual(['intro', 'news']);
    expect((await api.get('/posts?tag=news')).body).toHaveLength(1);
    expect((await api.delete(`/posts/${post.body.id}`)).status).toBe(204);
    expect((await api.get(`/posts/${post.body.id}`)).status).toBe(404);
    expect((await api.get('/users')).body).toHaveLength(1);
  });

  it('starts from an empty database: the previous test was rolled back', async () => {
    expect((await request(app.getHttpServer()).get('/users')).body).toEqual([]);
  });

  it('nothing a test wrote reaches the database', async () => {
    await request(app.getHttpServer()).post('/users').send({ email: 'temp@example.com', name: 'Temp' });
    await tx.rollback();
    expect(await countUsers()).toBe(0);
    expect(engine.poolStatus.used).toBe(0);
    tx = await beginTestTransaction(app);
    expect(User.name).toBe('User');
  });
});
