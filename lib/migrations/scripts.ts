/**
 * The migrations folder: every `.ts` / `.js` file in it is a revision. TypeScript files load
 * through ts-node (transpile only) when Node cannot load them itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ConfigurationError, MigrationError } from '../errors';
import { revisionOf, RevisionGraph, type MigrationModule, type Revision } from './revision-graph';

const SCRIPT = /^[^.].*\.(ts|js|cjs|mts|mjs)$/;

let typeScriptRegistered = false;

const load = createRequire(__filename);

/** Makes `require` load .ts files (ts-node, transpile only), where nothing does yet. */
export function registerTypeScript(from: string): void {
  if (typeScriptRegistered) return;
  let tsNode: string;
  try {
    tsNode = load.resolve('ts-node', { paths: [from, process.cwd(), __dirname] });
  } catch (e) {
    throw new ConfigurationError(
      'loading a .ts migration or athanor.config.ts needs ts-node (npm install --save-dev ts-node typescript)',
      { cause: e },
    );
  }
  (load(tsNode) as { register(options: object): void }).register({
    transpileOnly: true,
    compilerOptions: { module: 'commonjs', moduleResolution: 'node' },
  });
  typeScriptRegistered = true;
}

/** Loads a module by path; a .ts file Node cannot parse is loaded again through ts-node. */
export function loadModule(path: string): unknown {
  const file = resolve(path);
  try {
    return load(file);
  } catch (e) {
    const unparsable =
      e instanceof SyntaxError || (e as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION';
    if (!/\.m?ts$/.test(file) || !unparsable || typeScriptRegistered) throw e;
    delete load.cache[file];
    registerTypeScript(file);
    return load(file);
  }
}

/** The revisions in a folder (none when it does not exist). */
export function loadRevisions(dir: string): Revision[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => SCRIPT.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      let module: Partial<MigrationModule>;
      try {
        module = loadModule(path) as Partial<MigrationModule>;
      } catch (e) {
        throw new MigrationError(`cannot load migration ${path}: ${(e as Error).message}`, { cause: e });
      }
      return revisionOf(module, path);
    });
}

/** The history in a folder. */
export function loadHistory(dir: string): RevisionGraph {
  return new RevisionGraph(loadRevisions(dir));
}
