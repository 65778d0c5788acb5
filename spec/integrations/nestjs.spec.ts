/**
 * athanor/nestjs: the module, the ambient session behind DEFAULT-scoped providers,
 * @Transactional across services, repositories, named engines, per-test transactions, the
 * health indicator and shutdown.
 */
import { Body, Controller, Get, Injectable, Module, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  AthanorHealthIndicator,
  AthanorModule,
  beginTestTransaction,
  getEngineToken,
  InjectRepository,
  InjectSession,
  InjectSessionContext,
  Repository,
  sessionContext,
  SessionContext,
  Transactional,
} from '../../lib/entries/nestjs';
import { Column, Table } from '../../lib/decorators';
import { registry } from '../../lib/mapper';
import type { Session } from '../../lib/session';
import { deleteFrom, insert, select, trueValue, types } from '../../lib/sql';
import { createEngine, type Engine } from '../../lib/drivers';
import { NoSessionContextError, RollbackOnlyError } from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';

@Table('nest_spec_notes')
class Note {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(40) }) body!: string;
}

class Refused extends Error {}

@Injectable()
class AuditService {
  constructor(@InjectSession() private readonly session: Session) {}

  /** Joins the caller's transaction: sees what it flushed before COMMIT. */
  @Transactional({ propagation: 'mandatory' })
  async countNotes(): Promise<number> {
    return (await this.session.scalars(select(Note))).length;
  }
}

@Injectable()
class NotesService {
  constructor(
    @InjectSession() private readonly session: Session,
    @InjectRepository(Note) private readonly notes: Repository<Note>,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async create(body: string): Promise<{ note: Note; seen: number }> {
    const note = Object.assign(new Note(), { body });
    this.notes.add(note);
    await this.session.flush();
    const seen = await this.audit.countNotes();
    if (body.startsWith('refuse')) throw new Refused(body);
    return { note, seen };
  }

  @Transactional()
  async createThenSwallow(body: string): Promise<void> {
    this.notes.add(Object.assign(new Note(), { body }));
    await this.create(`refuse-${body}`).catch(() => undefined);
  }

  async all(): Promise<string[]> {
    return (await this.notes.find()).map((n) => n.body).sort();
  }
}

@Controller('notes')
class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  async create(@Body() body: { body: string }): Promise<{ id: number; body: string; seen: number }> {
    const { note, seen } = await this.notes.create(body.body);
    return { id: note.id, body: note.body, seen };
  }

  @Get()
  all(): Promise<string[]> {
    return this.notes.all();
  }
}

@Injectable()
class OtherEngineService {
  constructor(
    @InjectSession('other') private readonly session: Session,
    @InjectSessionContext('other') readonly context: SessionContext,
  ) {}

  @Transactional({ engine: 'other' })
  async inTransaction(): Promise<boolean> {
    await this.session.execute(select(Note).limit(1)).catch(() => undefined);
    return this.context.inTransaction;
  }
}

describeEachDialect(
  'athanor/nestjs',
  (d) => {
    let app: INestApplication;
    const bodies = async (): Promise<string[]> =>
      (await d.engine.execute(select(registry.metadata.tables.get('nest_spec_notes')!.c['body']!)))
        .scalars()
        .sort() as string[];

    beforeAll(async () => {
      await registry.metadata.createAll(d.engine);
      @Module({
        imports: [
          AthanorModule.forRootAsync({ useFactory: async () => ({ engine: d.engine, strict: true }) }),
          AthanorModule.forRoot({ name: 'other', url: 'sqlite://' }),
          AthanorModule.forFeature([Note]),
        ],
        controllers: [NotesController],
        providers: [NotesService, AuditService, OtherEngineService],
      })
      class AppModule {}
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      await app.init();
    });
    afterAll(async () => {
      await app?.close();
      await registry.metadata.dropAll(d.engine);
    });
    afterEach(async () => {
      const notes = registry.metadata.tables.get('nest_spec_notes')!;
      await d.engine.execute(deleteFrom(notes).where(trueValue()));
    });

    it('a @Transactional service commits, and the services it calls join its transaction', async () => {
      const res = await request(app.getHttpServer()).post('/notes').send({ body: 'hello' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ body: 'hello', seen: 1 });
      expect(await bodies()).toContain('hello');
    });

    it('a throwing @Transactional method rolls back what it flushed', async () => {
      const res = await request(app.getHttpServer()).post('/notes').send({ body: 'refuse-me' });
      expect(res.status).toBe(500);
      expect(await bodies()).not.toContain('refuse-me');
    });

    it('a joined failure that is caught still rolls back the whole transaction', async () => {
      const error = await app
        .get(NotesService)
        .createThenSwallow('swallowed')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RollbackOnlyError);
      expect(await bodies()).not.toContain('swallowed');
    });

    it('works outside HTTP (a queue job, a cron task), and refuses the session where no scope is open', async () => {
      await app.get(NotesService).create('from-a-job');
      expect(await bodies()).toContain('from-a-job');
      const scope = sessionContext().open({ kind: 'none' });
      expect(await scope.run(() => app.get(NotesService).all())).toContain('from-a-job');
      await scope.rollback();
      await expect(app.get(NotesService).all()).rejects.toThrow(NoSessionContextError);
    });

    it('reads without @Transactional run in the request scope the interceptor opens', async () => {
      await app.get(NotesService).create('listed');
      const res = await request(app.getHttpServer()).get('/notes');
      expect(res.status).toBe(200);
      expect(res.body).toContain('listed');
    });

    it('named engines have their own sessions and transactions', async () => {
      const other = app.get(OtherEngineService);
      expect(await other.inTransaction()).toBe(true);
      expect(other.context.engine).not.toBe(d.engine);
      expect(app.get<Engine>(getEngineToken())).toBe(d.engine);
    });

    describe('per-test transactions', () => {
      it('requests share the test transaction, whose rollback undoes their commits', async () => {
        const tx = await beginTestTransaction(app);
        try {
          const res = await request(app.getHttpServer()).post('/notes').send({ body: 'in-test' });
          expect(res.status).toBe(201);
          const listed = await request(app.getHttpServer()).get('/notes');
          expect(listed.body).toContain('in-test');
          const failed = await request(app.getHttpServer()).post('/notes').send({ body: 'refuse-in-test' });
          expect(failed.status).toBe(500);
          const after = await request(app.getHttpServer()).get('/notes');
          expect(after.body).toEqual(['in-test']);
        } finally {
          await tx.rollback();
        }
        expect(await bodies()).toEqual([]);
        expect(d.engine.poolStatus.used).toBe(0);
      });
    });

    it('the health indicator reports a saturated pool and pending migrations', async () => {
      const small = createEngine(d.url, { pool: { max: 1, acquireTimeoutMillis: 2000 } });
      try {
        const health = new AthanorHealthIndicator(small);
        expect((await health.check('db')).db.status).toBe('up');
        const pending = await health.check('db', { pendingMigrations: async () => 2 });
        expect(pending.db).toMatchObject({ status: 'down', pendingMigrations: 2 });
        const held = await small.connect();
        const waiting = small.connect();
        await new Promise((r) => setTimeout(r, 20));
        const saturated = await health.check('db');
        expect(saturated.db).toMatchObject({ status: 'down', pool: { max: 1, used: 1, pendingAcquires: 1 } });
        await held.close();
        await (await waiting).close();
      } finally {
        await small.dispose();
      }
    });

    it('shutdown lets transactions in flight finish within the grace period and rolls back the rest', async () => {
      @Module({ imports: [AthanorModule.forRoot({ name: 'closing', url: d.url, shutdownGraceMillis: 300 })] })
      class ClosingModule {}
      const moduleRef = await Test.createTestingModule({ imports: [ClosingModule] }).compile();
      const closing = await moduleRef.init();
      const context = closing.get<SessionContext>('athanor:closing:context');
      const engine = context.engine;
      const notes = registry.metadata.tables.get('nest_spec_notes')!;
      const quick = context.transactional(async () => {
        await context.session.execute(insert(notes).values({ id: 9001, body: 'quick' }));
        await new Promise((r) => setTimeout(r, 50));
      });
      const slow = context.transactional(async () => {
        await context.session.execute(insert(notes).values({ id: 9002, body: 'slow' }));
        await new Promise((r) => setTimeout(r, 600));
      });
      await new Promise((r) => setTimeout(r, 20));
      await closing.close();
      await quick;
      await expect(slow).rejects.toThrow();
      expect(await bodies()).toEqual(expect.arrayContaining(['quick']));
      expect(await bodies()).not.toContain('slow');
      expect(engine.poolStatus.used).toBe(0);
    });
  },
  { sqliteFile: true },
);
