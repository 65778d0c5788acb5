import { join } from 'node:path';
import { examplePrograms, readDocsPrograms, readReadmePrograms } from './programs';
import {
  appCompilerOptions,
  buildPackage,
  compileProject,
  copyFixture,
  runDirectory,
  runNode,
  writeFiles,
} from './workspace';

const BUILD_TIMEOUT = 600_000;

/**
 * The README's programs, examples/ (what `npm run quickstart` runs) and an ES module application
 * whose entities import each other, each compiled by tsc against the built package — once with
 * `useDefineForClassFields: false`, once with `true` — and run with node on SQLite.
 */
describe('code compiled as an application compiles it', () => {
  let run: ReturnType<typeof runDirectory>;
  beforeAll(() => {
    buildPackage();
    run = runDirectory();
  }, BUILD_TIMEOUT);
  afterAll(() => run?.remove());

  it('finds the README programs it runs', () => {
    expect([...readReadmePrograms().keys()]).toEqual([
      'readme-core',
      'readme-orm',
      'readme-engine',
      'readme-context',
    ]);
    expect([...readDocsPrograms().keys()].sort()).toEqual([
      'guide-bulk',
      'guide-core-queries',
      'guide-dialects',
      'guide-inheritance',
      'guide-mapped-selectables',
      'guide-merge',
      'guide-queries',
      'guide-queries-criteria',
      'guide-queries-deferred',
      'guide-queries-expressions',
      'guide-relationships',
      'guide-relationships-keyed',
      'guide-session',
      'guide-telemetry',
      'guide-transactions',
      'guide-types',
      'guide-upsert',
      'guide-versioning',
      'tutorial',
    ]);
  });

  describe.each([false, true])('with useDefineForClassFields: %s', (define) => {
    let dir: string;
    beforeAll(() => {
      dir = join(run.dir, `define-${define}`);
      writeFiles(dir, {
        'package.json': '{ "private": true, "type": "commonjs" }\n',
        // The README's examples use top-level await: they are ES modules.
        'readme/package.json': '{ "private": true, "type": "module" }\n',
        'docs/package.json': '{ "private": true, "type": "module" }\n',
      });
      for (const [name, code] of readDocsPrograms()) writeFiles(dir, { [`docs/${name}.ts`]: code });
      for (const [name, code] of readReadmePrograms()) writeFiles(dir, { [`readme/${name}.ts`]: code });
      for (const [file, code] of examplePrograms()) writeFiles(dir, { [`examples/${file}`]: code });
      copyFixture('esm-app', join(dir, 'esm-app'));
      compileProject(dir, appCompilerOptions(define));
    }, BUILD_TIMEOUT);

    it('runs the README Core example', () => {
      const r = runNode(join(dir, 'readme', 'readme-core.js'));
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toContain(`sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1'`);
      expect(r.stdout).toContain(`params: [ 'sandy' ]`);
    });

    it('runs the README ORM example as written: create, commit, serialize, query, load', () => {
      const r = runNode(join(dir, 'readme', 'readme-orm.js'));
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout.split('\n')).toEqual([
        '{"id":1,"email":"sandy@example.com","posts":[{"id":1,"title":"Hello","authorId":1}]}',
        'sandy@example.com 1 1',
        '',
      ]);
    });

    it('runs the README engine example: a savepoint rolled back inside a transaction, a stream', () => {
      const r = runNode(join(dir, 'readme', 'readme-engine.js'));
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toBe("[ { id: 1, name: 'sandy' } ]\nsandy\n");
    });

    it('runs the README SessionContext example: afterCommit after the COMMIT, a throw rolled back', () => {
      const r = runNode(join(dir, 'readme', 'readme-context.js'));
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toBe("before COMMIT\nmail: order 1, kelp\nout of coral\n[ 'kelp' ]\n");
    });

    it('runs the quick-start (examples/quick-start.ts and examples/orm-quick-start.ts)', () => {
      const r = runNode(join(dir, 'examples', 'quick-start.js'));
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toContain('3 users in total');
      expect(r.stdout).toContain('ORM: 2 authors and 5 books written in 4 statements');
      expect(r.stdout).toContain(
        'ursula@example.com: A Wizard of Earthsea, The Dispossessed, The Lathe of Heaven',
      );
      expect(r.stdout).toContain('commit after an edit and a removal: 4 statements');
    });

    it('runs every program of docs/ (the tutorial and the guides) as written', () => {
      const outputs = new Map(
        [...readDocsPrograms().keys()].map((name) => [name, runNode(join(dir, 'docs', `${name}.js`))]),
      );
      for (const [name, r] of outputs)
        expect({ name, ...r, stdout: '' }).toMatchObject({ name, status: 0, stderr: '' });
      expect(outputs.get('tutorial')!.stdout).toContain('2 true sandy\n3 true\n');
      expect(outputs.get('guide-queries-criteria')!.stdout).toBe("[ 'public' ]\n1\n");
      expect(outputs.get('guide-queries-deferred')!.stdout).toBe(
        'A long text\nA long text Deferred columns\n',
      );
      expect(outputs.get('guide-queries-expressions')!.stdout).toBe(
        "Ada Lovelace\ntrue Ada Byron\n[ 'Ada Byron' ]\n2\n",
      );
      expect(outputs.get('guide-bulk')!.stdout).toBe("3 1\n[ 'wendy 32' ]\n1\n0\njack 35\n");
      expect(outputs.get('guide-upsert')!.stdout).toBe('true sandy 3\ntrue false true\n');
      expect(outputs.get('guide-telemetry')!.stdout).toBe('true\nsqlite INSERT\n');
      expect(outputs.get('guide-session')!.stdout).toBe("1\ntrue true\ntrue\nnull\n1\n[ 'b', true ]\ntrue\n");
      expect(outputs.get('guide-relationships')!.stdout).toBe(
        "true 1\n[ 'A Wizard of Earthsea: fantasy', 'The Dispossessed: ' ]\n[ 'Ursula', 'Ursula' ]\n[ [ 'A Wizard of Earthsea', 'The Dispossessed' ] ]\ntrue\nUrsula\n[ 1, 0 ]\n",
      );
      expect(outputs.get('guide-relationships-keyed')!.stdout).toBe(
        "[ 'draft', 'urgent' ] true\ntrue\n[ 'urgent' ] 2\n",
      );
      expect(outputs.get('guide-queries')!.stdout).toBe(
        "[ 'Grace', 'Ada' ]\n[ 'Ada' ]\nAda 100 2\n0\n[ 'Ada' ]\n2 3 2\n",
      );
      expect(outputs.get('guide-transactions')!.stdout).toBe('2\ntrue\ntrue\n2\n70 2\ntrue\n125\n');
      expect(outputs.get('guide-types')!.stdout).toBe('ada@example.com 1 20\n1\ntrue 1999\n');
      expect(outputs.get('guide-inheritance')!.stdout).toBe(
        "single joined\n[ 'employee', 'manager', 'engineer' ]\n[ 'Employee', 'Manager', 'Engineer' ]\nTypeScript\ntrue true\n1\n[ 'Car', 'Truck' ]\n1\nAmy number true\nAmelia\n",
      );
      expect(outputs.get('guide-mapped-selectables')!.stdout).toBe(
        "1 1 [ 'userId', 'addressId' ]\n[ 'Ada ada@analytical.org', 'Grace grace@example.com' ]\n[ 'Grace' ]\n",
      );
      expect(outputs.get('guide-versioning')!.stdout).toBe('1\ntrue\nBob was here 2\n3\n1\ntrue 2\n');
      expect(outputs.get('guide-merge')!.stdout).toBe(
        "false true\nfalse The Dispossessed: An Ambiguous Utopia\n[ 'SELECT', 'SELECT', 'BEGIN', 'UPDATE', 'UPDATE', 'COMMIT' ]\ntrue 1\n2\n0 false\ntrue\n",
      );
      expect(outputs.get('guide-core-queries')!.stdout).toBe(
        "[ { name: 'Ada' } ]\n[ { name: 'Ada' } ]\n[ 'Ada', 'Brian' ]\n[ { dept: 'eng' } ]\n[ '0:Ada', '1:Brian', '1:Dora', '2:Cleo' ]\nAda 1 300\nBrian 2 500\nCleo 2 700\nDora 1 850\n",
      );
      expect(outputs.get('guide-dialects')!.stdout).toBe(
        "SELECT [tasks].[title] FROM [tasks] WHERE [tasks].[done] = ?1 AND [tasks].[id] > ?2\n[ { title: 'test' } ]\ntrue\n",
      );
    });

    it('runs an ES module application whose entity files import each other (typed with Rel<T>)', () => {
      const r = runNode(join(dir, 'esm-app', 'main.js'));
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(JSON.parse(r.stdout)).toEqual([
        { title: 'Notes on the Analytical Engine', author: 'ada', authorId: 1 },
      ]);
    });

    it('shows what Rel<T> prevents: the same cycle typed with the class fails at start-up', () => {
      const r = runNode(join(dir, 'esm-app', 'plain-main.js'));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("Cannot access 'PlainUser' before initialization");
    });
  });
});
