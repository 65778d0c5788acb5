// npx ts-node examples/express/main.ts — SQLite by default; DATABASE_URL=postgresql://… or mysql://… for a server.
import 'reflect-metadata';
import { createEngine, registry } from '../../lib';
import { SessionContext } from '../../lib/entries/express';
import { createApp } from './app';

async function main(): Promise<void> {
  const engine = createEngine(process.env['DATABASE_URL'] ?? 'sqlite:///express-example.db');
  await registry.metadata.createAll(engine); // CREATE TABLE IF NOT EXISTS …
  const context = new SessionContext(engine, { strict: true });
  const port = Number(process.env['PORT'] ?? 3000);
  const server = createApp(context).listen(port, () => console.log(`listening on http://127.0.0.1:${port}`));
  process.once('SIGTERM', () => {
    server.close();
    // Requests in flight get 10 s to finish; the rest roll back; then every connection closes.
    void context.shutdown({ graceMillis: 10_000 }).then(() => engine.dispose());
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
