/**
 * The runner's pending revisions, read without writing (no version table is created), and the
 * NestJS health indicator taking the runner itself: down while revisions are pending, up after.
 */
import { AthanorHealthIndicator } from '../../lib/integrations/nestjs/health';
import { MigrationRunner } from '../../lib/migrations/runner';
import { revisionOf, RevisionGraph } from '../../lib/migrations/revision-graph';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('pending migrations', (d) => {
  const things = d.uniqueName('mg_pending_things');
  const versionTable = d.uniqueName('mg_pending_version');
  const history = new RevisionGraph([
    revisionOf({
      revision: 'p1',
      downRevision: null,
      upgrade: (op) =>
        void op.createTable(things, { id: op.column(op.types.integer(), { primaryKey: true }) }),
      downgrade: (op) => void op.dropTable(things),
    }),
    revisionOf({
      revision: 'p2',
      downRevision: 'p1',
      upgrade: (op) => void op.addColumn(things, 'size', op.column(op.types.integer())),
      downgrade: (op) => void op.dropColumn(things, 'size'),
    }),
  ]);
  const runner = new MigrationRunner(d.engine, history, { versionTable });
  const versionTableExists = async () =>
    (await d.engine.reflectSchema()).tables.some((t) => t.name.toLowerCase() === versionTable.toLowerCase());

  afterAll(async () => {
    for (const t of [things, versionTable, `${versionTable}_progress`])
      await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
  });

  it('counts every revision on a database without a version table, and creates none', async () => {
    expect((await runner.pending()).map((r) => r.id)).toEqual(['p1', 'p2']);
    expect(await runner.pendingCount()).toBe(2);
    expect(await versionTableExists()).toBe(false);
  });

  it('counts what upgrade would run; the health indicator is down until none is left', async () => {
    const health = new AthanorHealthIndicator(d.engine);
    await runner.upgrade('+1');
    expect((await runner.pending()).map((r) => r.id)).toEqual(['p2']);
    expect((await health.check('db', { pendingMigrations: runner })).db).toMatchObject({
      status: 'down',
      message: '1 migration(s) not applied',
      pendingMigrations: 1,
    });
    await runner.upgrade('head');
    expect(await runner.pendingCount()).toBe(0);
    expect((await health.check('db', { pendingMigrations: runner })).db).toMatchObject({
      status: 'up',
      pendingMigrations: 0,
    });
    await runner.downgrade('base');
    expect(await runner.pendingCount()).toBe(2);
  });

  it('reports the database down when the count fails (a revision the history does not know)', async () => {
    await runner.stamp('p1');
    await d.engine.execute(text(`UPDATE ${versionTable} SET version_num = 'gone'`));
    const health = new AthanorHealthIndicator(d.engine);
    const report = (await health.check('db', { pendingMigrations: runner })).db;
    expect(report.status).toBe('down');
    expect(report.message).toMatch(/^pending migrations unknown: .*gone/);
  });
});
