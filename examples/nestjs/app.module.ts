import { Catch, ConflictException, Module, type ArgumentsHost, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, BaseExceptionFilter } from '@nestjs/core';
import { IntegrityError } from '../../lib';
import { AthanorModule } from '../../lib/entries/nestjs';
import { Comment, Post, Tag, User } from '../express/entities';
import { BlogController } from './blog.controller';
import { PostsService, UsersService } from './blog.service';

/** A unique or foreign key violation is the client's conflict, not a server error. */
@Catch(IntegrityError)
class IntegrityErrorFilter extends BaseExceptionFilter {
  override catch(_error: IntegrityError, host: ArgumentsHost): void {
    super.catch(new ConflictException('conflicts with existing data'), host);
  }
}

@Module({})
export class AppModule {
  /** The application on a database URL (SQLite file by default). */
  static register(url: string = process.env['DATABASE_URL'] ?? 'sqlite:///nest-example.db'): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AthanorModule.forRootAsync({
          useFactory: () => ({ url, strict: true, shutdownGraceMillis: 10_000 }),
        }),
        AthanorModule.forFeature([User, Post, Comment, Tag]),
      ],
      controllers: [BlogController],
      providers: [UsersService, PostsService, { provide: APP_FILTER, useClass: IntegrityErrorFilter }],
    };
  }
}
