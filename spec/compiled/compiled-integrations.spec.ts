import { join } from 'node:path';
import { INTEGRATION_EXAMPLES } from './excerpts';
import { applicationExamplePrograms } from './programs';
import {
  appCompilerOptions,
  buildPackage,
  compileProject,
  copyFixture,
  runDirectory,
  runNode,
  writeFiles,
  type RunResult,
} from './workspace';

const BUILD_TIMEOUT = 600_000;

/** What a driver printed, once it exited cleanly. */
function output(r: RunResult): Record<string, unknown> {
  expect(r).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/**
 * examples/express, examples/nestjs and examples/realworld as an application builds them: imports
 * of `athanor`, `athanor/express` and `athanor/nestjs`, compiled by tsc against the built package
 * as CommonJS and as ES modules, with `useDefineForClassFields` false and true, then served on
 * SQLite and called over HTTP by a small driver.
 */
describe('the framework integrations compiled as an application compiles them', () => {
  let run: ReturnType<typeof runDirectory>;
  beforeAll(() => {
    buildPackage();
    run = runDirectory();
  }, BUILD_TIMEOUT);
  afterAll(() => run?.remove());

  describe.each([
    ['commonjs', false],
    ['commonjs', true],
    ['module', false],
    ['module', true],
  ] as const)('as %s with useDefineForClassFields: %s', (type, define) => {
    let dir: string;
    beforeAll(() => {
      dir = join(run.dir, `integrations-${type}-${define}`);
      copyFixture('integrations', dir);
      writeFiles(dir, { 'package.json': JSON.stringify({ private: true, type }) });
      for (const [file, code] of applicationExamplePrograms(INTEGRATION_EXAMPLES))
        writeFiles(dir, { [file]: code });
      compileProject(dir, appCompilerOptions(define));
    }, BUILD_TIMEOUT);

    it('serves examples/express: a transaction per request, a conflict rolled back', () => {
      const out = output(runNode(join(dir, 'run-express.js')));
      expect(out).toEqual({
        ann: { status: 201, body: { id: 1, email: 'ann@example.com', name: 'Ann' } },
        again: 409,
        post: {
          status: 201,
          body: {
            id: 1,
            title: 'Hello',
            body: 'First',
            author: { id: 1, name: 'Ann' },
            tags: ['intro', 'news'],
          },
        },
        comment: 201,
        read: {
          id: 1,
          title: 'Hello',
          body: 'First',
          author: { id: 1, name: 'Ann' },
          tags: ['intro', 'news'],
          comments: [{ id: 1, body: 'Nice', authorId: 1 }],
        },
        users: 1,
        fieldsDefined: define,
        entityOwnFields: [],
      });
    });

    it('serves examples/nestjs: module, @Transactional services, injected session and repositories', () => {
      const out = output(runNode(join(dir, 'run-nestjs.js')));
      expect(out).toMatchObject({
        ann: { status: 201, body: { id: 1, email: 'ann@example.com', name: 'Ann' } },
        again: 409,
        post: {
          status: 201,
          body: { id: 1, title: 'Hello', author: { name: 'Ann' }, tags: ['intro', 'news'] },
        },
        orphan: 422,
        comment: 201,
        read: { id: 1, comments: [{ id: 1, body: 'Nice', authorId: 1 }] },
        users: 1,
      });
    });

    it('serves examples/realworld: its migrations run at start, JWT authentication, articles with tags', () => {
      expect(output(runNode(join(dir, 'run-realworld.js')))).toEqual({
        migrated: ['0441e33afdc6'],
        registered: 201,
        created: 201,
        count: 1,
        tagList: ['dragons', 'training'],
        author: { username: 'ann', bio: null, image: null, following: false },
      });
    });
  });
});
