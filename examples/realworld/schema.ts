// The Conduit schema is the history of examples/realworld/migrations, run forward at start. The
// files are imported, not searched for on disk, so the app runs the same from ts-node, compiled
// CommonJS or ES modules. After changing entities.ts: `npx athanor revision --autogenerate -m "…"
// -c examples/realworld/athanor.config.ts`, then import the new file here.
import type { Engine } from '../../lib';
import { MigrationRunner, RevisionGraph, revisionOf, type StepReport } from '../../lib/entries/migrations';
import * as createTheConduitTables from './migrations/20261201075146_0441e33afdc6_create_the_conduit_tables';

export const migrations = new RevisionGraph([revisionOf(createTheConduitTables)]);

/** Brings the database to the newest revision (nothing to do when it is there already). */
export function migrate(engine: Engine): Promise<StepReport[]> {
  return new MigrationRunner(engine, migrations).upgrade('head');
}
