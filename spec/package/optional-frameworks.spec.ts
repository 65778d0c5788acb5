/**
 * Express, NestJS, rxjs and terminus are optional peer dependencies: only `athanor/express` and
 * `athanor/nestjs` may load them, never the package root or `athanor/core`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** One process (loading TypeScript sources is slow): the packages each entry added to the cache. */
const SCRIPT = `
const seen = new Set();
const added = (entry) => {
  require(entry);
  const now = Object.keys(require.cache)
    .map((f) => /node_modules[\\\\/](@nestjs|express|rxjs)[\\\\/]/.exec(f)?.[1])
    .filter((p) => p !== undefined && !seen.has(p));
  now.forEach((p) => seen.add(p));
  return [...new Set(now)].sort();
};
console.log(JSON.stringify({
  root: added('./lib/index.ts'),
  core: added('./lib/entries/core.ts'),
  nestjs: added('./lib/entries/nestjs.ts'),
}));
`;

describe('framework packages stay optional', () => {
  it('the root and athanor/core load no framework; athanor/nestjs loads Nest and rxjs', () => {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
      root: [],
      core: [],
      nestjs: ['@nestjs', 'rxjs'],
    });
  });
});
