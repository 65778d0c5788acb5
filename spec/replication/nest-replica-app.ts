import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Param,
  Post,
  type INestApplication,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Engine } from '../../lib/drivers';
import { AthanorModule, readYourWrites, sessionContext, Transactional } from '../../lib/entries/nestjs';
import type { ScopedPositions, SessionRouter } from '../../lib/session';

/** The entity the app renames and reads: a row with an id and a name. */
type Named = new () => { id: number; name: string };

/**
 * A Nest application over a routed primary: `POST /name/:name` renames row 1 in a
 * `@Transactional()` service method, `GET /name` reads it outside any transaction, and the
 * read-your-writes middleware carries the position in the `x-athanor-position` header and the
 * `athanor_pos` cookie.
 */
export async function nestReplicaApp(
  primary: Engine,
  router: SessionRouter,
  positions: ScopedPositions,
  entity: Named,
): Promise<INestApplication> {
  const engineName = 'replicas';

  @Injectable()
  class Names {
    @Transactional({ engine: engineName })
    async rename(name: string): Promise<void> {
      (await sessionContext(engineName).session.getOrThrow(entity, 1)).name = name;
    }

    async current(): Promise<string> {
      return (await sessionContext(engineName).session.getOrThrow(entity, 1)).name;
    }
  }

  @Controller('name')
  class NamesController {
    constructor(@Inject(Names) private readonly names: Names) {}

    @Post(':name')
    async rename(@Param('name') name: string): Promise<{ ok: true }> {
      await this.names.rename(name);
      return { ok: true };
    }

    @Get()
    async current(): Promise<{ name: string }> {
      return { name: await this.names.current() };
    }
  }

  @Module({
    imports: [AthanorModule.forRoot({ name: engineName, engine: primary, session: { router } })],
    controllers: [NamesController],
    providers: [Names],
  })
  class AppModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(readYourWrites(positions, { cookie: 'athanor_pos' })).forRoutes(NamesController);
    }
  }

  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
