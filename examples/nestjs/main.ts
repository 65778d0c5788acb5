// npx ts-node examples/nestjs/main.ts — SQLite by default; DATABASE_URL=postgresql://… or mysql://… for a server.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { registry, type Engine } from '../../lib';
import { getEngineToken } from '../../lib/entries/nestjs';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.register());
  await registry.metadata.createAll(app.get<Engine>(getEngineToken())); // CREATE TABLE IF NOT EXISTS …
  app.enableShutdownHooks(); // SIGTERM: transactions in flight get their grace period, then the engine closes
  await app.listen(Number(process.env['PORT'] ?? 3000));
}

void bootstrap();
