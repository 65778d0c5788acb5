import { join } from 'node:path';
import { createEngine, text } from '../../lib';
import { generateEntities } from '../../lib/sql/autogenerate';
import {
  appCompilerOptions,
  buildPackage,
  compileProject,
  runDirectory,
  runNode,
  writeFiles,
} from '../compiled/workspace';
import { testPlan, type TestTarget } from '../support/dialects';
import { chinookAvailable, loadChinook, type LoadedChinook } from './chinook';

const BUILD_TIMEOUT = 600_000;
const TARGETS: readonly TestTarget[] = ['sqlite', 'postgresql', 'mysql'];

/** Loads every generated entity through a Session (the URL is in url.txt) and prints each class's row count as JSON. */
const MAIN = `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, sessionFactory, select } from 'athanor';
import * as entities from './entities';

async function main(): Promise<void> {
  const engine = createEngine(readFileSync(join(__dirname, 'url.txt'), 'utf8'));
  const session = sessionFactory(engine)();
  const counts: Record<string, number> = {};
  try {
    for (const [name, cls] of Object.entries(entities)) {
      counts[name] = (await session.scalars(select(cls as new () => object))).length;
    }
  } finally {
    await session.close();
    await engine.dispose();
  }
  console.log(JSON.stringify(counts));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/**
 * Codegen on Chinook: the database loaded once per server, its entities generated, compiled by tsc
 * as an application (useDefineForClassFields false and true) and run: every table loads through a
 * Session with as many objects as it has rows.
 */
const plans = testPlan().filter((p) => TARGETS.includes(p.target) && p.skipReason === undefined);
const describeIf = chinookAvailable() ? describe : describe.skip;

describeIf('codegen on Chinook', () => {
  const loaded = new Map<TestTarget, LoadedChinook>();
  const expected = new Map<TestTarget, Record<string, number>>();
  let run: ReturnType<typeof runDirectory>;

  beforeAll(async () => {
    buildPackage();
    run = runDirectory();
    const files: Record<string, string> = {};
    for (const plan of plans) {
      const db = await loadChinook(plan.target, plan.url!);
      loaded.set(plan.target, db);
      const engine = createEngine(db.url);
      try {
        const schema = await engine.reflectSchema();
        files[`${plan.target}/entities.ts`] = generateEntities(schema);
        files[`${plan.target}/main.ts`] = MAIN;
        files[`${plan.target}/url.txt`] = db.url;
        const dialect = engine.dialect;
        const counts: Record<string, number> = {};
        for (const t of schema.tables) {
          const rows = (
            await engine.execute(
              text(`SELECT COUNT(*) AS n FROM ${dialect.preparer.quoteIdentifier(t.name)}`),
            )
          ).all() as { n: unknown }[];
          counts[t.name] = Number(rows[0]!.n);
        }
        expected.set(plan.target, counts);
      } finally {
        await engine.dispose();
      }
    }
    for (const define of [false, true]) {
      const dir = join(run.dir, `define-${define}`);
      writeFiles(dir, { 'package.json': '{ "private": true, "type": "commonjs" }\n', ...files });
      compileProject(dir, appCompilerOptions(define));
    }
  }, BUILD_TIMEOUT);

  afterAll(async () => {
    for (const db of loaded.values()) await db.drop();
    run?.remove();
  });

  it('loads Chinook into each live database', () => {
    expect([...loaded.keys()]).toEqual(plans.map((p) => p.target));
    for (const counts of expected.values()) {
      expect(Object.keys(counts)).toHaveLength(11);
      expect(Math.min(...Object.values(counts))).toBeGreaterThan(0);
    }
  });

  describe.each(plans.map((p) => p.target))('%s', (target) => {
    it.each([false, true])(
      'entities compiled with useDefineForClassFields %s load every table through a Session',
      (define) => {
        const r = runNode(join(run.dir, `define-${define}`, target, 'main.js'));
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const counts = JSON.parse(r.stdout) as Record<string, number>;
        const want = expected.get(target)!;
        expect(Object.values(counts).sort((a, b) => a - b)).toEqual(
          Object.values(want).sort((a, b) => a - b),
        );
        expect(Object.keys(counts)).toHaveLength(Object.keys(want).length);
      },
      60_000,
    );
  });
});
