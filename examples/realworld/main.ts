// npx ts-node examples/realworld/main.ts — the Conduit API on http://127.0.0.1:3000/api; SQLite by
// default, DATABASE_URL=postgresql://… or mysql://… for a server; JWT_SECRET signs the tokens.
import 'reflect-metadata';
import { createEngine } from '../../lib';
import { SessionContext } from '../../lib/entries/express';
import { createApp } from './app';
import { migrate } from './schema';

async function main(): Promise<void> {
  const engine = createEngine(process.env['DATABASE_URL'] ?? 'sqlite:///conduit.db');
  await migrate(engine); // the tables, by the migrations of examples/realworld/migrations
  const context = new SessionContext(engine, { strict: true });
  const port = Number(process.env['PORT'] ?? 3000);
  const server = createApp(context, process.env['JWT_SECRET'] ?? 'change-me').listen(port, () =>
    console.log(`Conduit API on http://127.0.0.1:${port}/api`),
  );
  process.once('SIGTERM', () => {
    server.close();
    void context.shutdown({ graceMillis: 10_000 }).then(() => engine.dispose());
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
