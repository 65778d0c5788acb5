/**
 * The migrations folder: every `.ts` / `.js` file in it is a revision (one of the two where a
 * build left both). TypeScript files load through ts-node (transpile only) when Node cannot load
 * them itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ConfigurationError, DuplicateRevisionError, MigrationError } from '../errors';
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

const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * Whether .ts files load in this process already (ts-node, tsx, jest, Node's own type stripping),
 * so that a revision built beside its source runs from the source the author edits.
 */
function runningTypeScript(): boolean {
  if (typeScriptRegistered) return true;
  const extensions = (load as unknown as { extensions?: Record<string, unknown> }).extensions;
  if (extensions?.['.ts'] !== undefined) return true;
  const strips = (process.features as { typescript?: unknown }).typescript;
  return strips === 'strip' || strips === 'transform';
}

/**
 * The files of a folder that are revisions, one per name: where a build left `x.js` beside `x.ts`,
 * the .ts when this process runs TypeScript, else the .js (the same revision is never loaded twice).
 */
export function revisionFiles(dir: string, preferTypeScript = runningTypeScript()): string[] {
  const byStem = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    if (!SCRIPT.test(f) || f.endsWith('.d.ts') || f.endsWith('.d.mts') || f.endsWith('.d.cts')) continue;
    const stem = f.replace(/\.[cm]?[jt]s$/, '');
    byStem.set(stem, [...(byStem.get(stem) ?? []), f]);
  }
  return [...byStem.values()].map((files) => {
    const preferred = files.filter((f) => TYPESCRIPT.test(f) === preferTypeScript);
    return (preferred.length ? preferred : files)[0]!;
  });
}

/**
 * The revisions in a folder (none when it does not exist). Two files of different names that
 * claim one revision id are refused with DuplicateRevisionError naming both.
 */
export function loadRevisions(dir: string, options: { preferTypeScript?: boolean } = {}): Revision[] {
  if (!existsSync(dir)) return [];
  const seen = new Map<string, string>();
  return revisionFiles(dir, options.preferTypeScript ?? runningTypeScript()).map((f) => {
    const path = join(dir, f);
    let module: Partial<MigrationModule>;
    try {
      module = loadModule(path) as Partial<MigrationModule>;
    } catch (e) {
      throw new MigrationError(`cannot load migration ${path}: ${(e as Error).message}`, { cause: e });
    }
    const revision = revisionOf(module, path);
    const other = seen.get(revision.id);
    if (other !== undefined) throw new DuplicateRevisionError(revision.id, [other, path]);
    seen.set(revision.id, path);
    return revision;
  });
}

/** The history in a folder. */
export function loadHistory(dir: string, options: { preferTypeScript?: boolean } = {}): RevisionGraph {
  return new RevisionGraph(loadRevisions(dir, options));
}
