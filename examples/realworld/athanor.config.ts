// Read by the athanor CLI: `npx athanor revision --autogenerate -m "…" -c examples/realworld/athanor.config.ts`
// compares the entities with the database at DATABASE_URL and writes the next file of migrations/.
import { registry } from '../../lib';
import type { AthanorConfig } from '../../lib/entries/migrations';
import './entities';

const config: AthanorConfig = {
  url: process.env['DATABASE_URL'] ?? 'sqlite:///conduit.db',
  migrations: 'migrations',
  metadata: () => registry.metadata,
};

export default config;
