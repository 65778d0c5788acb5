import { IrreversibleMigrationError, MigrationError } from '../../lib/errors';
import { MigrationRunner } from '../../lib/migrations/runner';
import { revisionOf, RevisionGraph, type MigrationModule } from '../../lib/migrations/revision-graph';
import type { MigrationOps } from '../../lib/migrations/op';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { catalogDump } from './catalog';

type Up = (op: MigrationOps) => void | Promise<void>;

/** A revision whose downgrade is the inverse of its upgrade. */
function rev(revision: string, downRevision: MigrationModule['downRevision'], upgrade: Up, downgrade?: Up) {
  return revisionOf({
    revision,
    downRevision,
    message: `rev ${revision}`,
    upgrade,
    downgrade: downgrade ?? ((op) => op.reverseOf(upgrade, revision).then(() => undefined)),
  });
}

describeEachDialect('migration runner', (d) => {
  const users = d.uniqueName('mg_users');
  const posts = d.uniqueName('mg_posts');
  const versionTable = d.uniqueName('mg_version');
  const lines: string[] = [];

  const history = () =>
    new RevisionGraph([
      rev('r1', null, (op) => {
        op.createTable(users, {
          id: op.column(op.types.integer(), { primaryKey: true }),
          email: op.column(op.types.string(100), { nullable: false }),
          name: op.column(op.types.string(50)),
        });
        op.createIndex(`ix_${users}_email`, users, ['email'], { unique: true });
      }),
      rev('r2', 'r1', (op) => {
        op.addColumn(users, 'age', op.column(op.types.integer(), { serverDefault: 0 }));
        op.createTable(posts, {
          id: op.column(op.types.integer(), { primaryKey: true }),
          user_id: op.column(op.types.integer(), { foreignKey: `${users}.id` }),
          title: op.column(op.types.string(20)),
        });
      }),
      rev('r3', 'r2', (op) => {
        op.batchAlterTable(users, (batch) => {
          batch.alterColumn('name', { type: op.types.string(80), existingType: op.types.string(50) });
          batch.renameColumn('age', 'years');
        });
      }),
    ]);

  const runner = () => new MigrationRunner(d.engine, history(), { versionTable, log: (l) => lines.push(l) });
  const dump = () => catalogDump(d.engine, [users, posts]);
  const rows = async () => (await d.engine.execute(text(`SELECT id, email FROM ${users} ORDER BY id`))).all();

  afterAll(async () => {
    for (const t of [posts, users, versionTable, `${versionTable}_progress`])
      await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
  });

  it('upgrades step by step, downgrades to base and back to identical catalogs, keeping seeded rows', async () => {
    const empty = await dump();
    await runner().upgrade('+1');
    expect(await runner().current()).toEqual(['r1']);
    await d.engine.execute(
      text(
        `INSERT INTO ${users} (id, email, name) VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob'), (3, 'c@x', NULL)`,
      ),
    );
    const seeded = await rows();
    const at1 = await dump();
    await runner().upgrade('r2');
    const at2 = await dump();
    await runner().upgrade('head');
    expect(await runner().current()).toEqual(['r3']);
    const at3 = await dump();
    expect(at3).not.toEqual(at2);

    await runner().downgrade('-1');
    expect(await dump()).toEqual(at2);
    expect(await rows()).toEqual(seeded);
    await runner().downgrade('r1');
    expect(await dump()).toEqual(at1);
    await runner().upgrade('head');
    expect(await dump()).toEqual(at3);
    expect(await rows()).toEqual(seeded);
    const names = (await d.engine.execute(text(`SELECT name, years FROM ${users} ORDER BY id`))).all();
    expect(names.map((r) => r['name'])).toEqual(['Ann', 'Bob', null]);
    expect(names.map((r) => Number(r['years']))).toEqual([0, 0, 0]);

    await runner().downgrade('base');
    expect(await runner().current()).toEqual([]);
    expect(await dump()).toEqual(empty);
    expect(lines.some((l) => /^Upgrade base -> r1 \(r1: rev r1\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /CREATE TABLE .*\(\d+(\.\d+)? ms\)$/.test(l))).toBe(true);
  });

  it('stamps without running anything, and refuses unknown revisions', async () => {
    expect(await runner().stamp('r2')).toEqual(['r2']);
    expect(((await dump()) as { tables: unknown[] }).tables).toEqual([]);
    expect(await runner().current()).toEqual(['r2']);
    await expect(runner().upgrade('nope')).rejects.toThrow(MigrationError);
    expect(await runner().stamp('base')).toEqual([]);
  });

  it('refuses a downgrade it cannot do, with the reason, and leaves the database as it was', async () => {
    const t = d.uniqueName('mg_irrev');
    const graph = new RevisionGraph([
      rev('i1', null, (op) => {
        op.createTable(t, { id: op.column(op.types.integer(), { primaryKey: true }) });
      }),
      rev('i2', 'i1', (op) => {
        op.execute(`INSERT INTO ${t} (id) VALUES (7)`);
      }),
    ]);
    const r = new MigrationRunner(d.engine, graph, { versionTable });
    await r.upgrade('head');
    const err = await r.downgrade('base').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IrreversibleMigrationError);
    expect((err as IrreversibleMigrationError).revision).toBe('i2');
    expect((err as Error).message).toMatch(/has no reverseSql/);
    expect(await r.current()).toEqual(['i2']);
    expect((await d.engine.execute(text(`SELECT id FROM ${t}`))).all()).toHaveLength(1);
    await r.stamp('base');
    await d.engine.execute(text(`DROP TABLE ${t}`));
  });

  it('follows branches and merges: heads, partial upgrades, merge point, downgrade into the branches', async () => {
    const [a, b] = [d.uniqueName('mg_a'), d.uniqueName('mg_b')];
    const graph = new RevisionGraph([
      rev('g1', null, () => undefined),
      rev(
        'ga',
        'g1',
        (op) => void op.createTable(a, { id: op.column(op.types.integer(), { primaryKey: true }) }),
      ),
      rev(
        'gb',
        'g1',
        (op) => void op.createTable(b, { id: op.column(op.types.integer(), { primaryKey: true }) }),
      ),
      rev('gm', ['ga', 'gb'], () => undefined),
    ]);
    const r = new MigrationRunner(d.engine, graph, { versionTable });
    expect(graph.heads()).toEqual(['gm']);
    await r.upgrade('ga');
    expect(await r.current()).toEqual(['ga']);
    await r.upgrade('gb');
    expect(await r.current()).toEqual(['ga', 'gb']);
    await r.upgrade('head');
    expect(await r.current()).toEqual(['gm']);
    await r.downgrade('-1');
    expect(await r.current()).toEqual(['ga', 'gb']);
    await r.downgrade('ga');
    expect(await r.current()).toEqual(['ga']);
    await r.downgrade('base');
    expect(await r.current()).toEqual([]);
    const branched = new RevisionGraph(graph.ordered.filter((x) => x.id !== 'gm'));
    expect(() => new MigrationRunner(d.engine, branched).planUpgrade('head', [])).toThrow(/2 heads/);
  });

  if (d.target === 'postgresql') {
    it('adds an enum value the same revision can use (committed before the rest)', async () => {
      const mood = d.uniqueName('mg_mood');
      const t = d.uniqueName('mg_feel');
      const graph = new RevisionGraph([
        rev('e1', null, (op) => {
          op.createEnum(mood, ['a', 'b']);
          op.createTable(t, {
            id: op.column(op.types.integer(), { primaryKey: true }),
            m: op.column(op.types.enum(['a', 'b'], { name: mood })),
          });
        }),
        rev(
          'e2',
          'e1',
          (op) => {
            op.addEnumValue(mood, 'c', { after: 'b' });
            op.execute(`INSERT INTO ${t} (id, m) VALUES (1, 'c')`);
          },
          (op) => void op.execute(`DELETE FROM ${t}`),
        ),
      ]);
      const r = new MigrationRunner(d.engine, graph, { versionTable });
      await r.upgrade('head');
      expect((await d.engine.execute(text(`SELECT m FROM ${t}`))).all()).toEqual([{ m: 'c' }]);
      await r.downgrade('base');
      expect(await r.current()).toEqual([]);
    });
  }

  it('prints an offline script that builds the same catalog as the online run', async () => {
    const online = await (async () => {
      await runner().upgrade('r2');
      const dumped = await dump();
      await runner().downgrade('base');
      return dumped;
    })();
    const script = await runner().script('upgrade', 'r2', [], d.engine.dialect);
    expect(script).toMatch(/-- upgrade r1: rev r1/);
    const statements = script
      .replace(/^--.*$/gm, '')
      .split(/;\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    expect(statements).toContain(statements.find((s) => /^CREATE TABLE/.test(s)));
    // The engine runs each statement in its own transaction: the script's BEGIN / COMMIT are the psql user's.
    for (const sql of statements.filter((s) => !/^(BEGIN|COMMIT)$/.test(s)))
      await d.engine.execute(text(sql));
    expect(await dump()).toEqual(online);
    expect(await runner().current()).toEqual(['r2']);
    await runner().downgrade('base');
  });
});
