/**
 * Compiles code the way an application does and runs it with node: the library is built with
 * `tsc -p tsconfig.build.json` into a package named `athanor`, and a project importing it is
 * compiled with the compiler settings under test. Everything lives under
 * `node_modules/.cache/athanor-compiled/` of this checkout, so the package finds its dependencies
 * (sqlite3, tarn, reflect-metadata) where npm installed them; the build is incremental, so a run
 * after an unchanged library takes seconds.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const WORKSPACE = join(ROOT, 'node_modules', '.cache', 'athanor-compiled');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** What a child process did. */
export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd: string, timeoutMs: number): RunResult {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tsc(args: readonly string[], cwd: string): void {
  const r = run([TSC, ...args], cwd, 600_000);
  if (r.status !== 0) throw new Error(`tsc ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Builds the library into `node_modules/athanor` of the workspace (with the ES module wrappers of
 * the entry points and the package.json fields a consumer resolves: name, main, types, exports)
 * and returns the workspace directory.
 */
export function buildPackage(): string {
  const pkgDir = join(WORKSPACE, 'node_modules', 'athanor');
  const buildInfo = join(WORKSPACE, 'athanor.tsbuildinfo');
  // An incremental build trusts its build info: without the output, start over.
  if (!existsSync(join(pkgDir, 'dist', 'index.js'))) rmSync(buildInfo, { force: true });
  tsc(
    [
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      join(pkgDir, 'dist'),
      '--incremental',
      '--tsBuildInfoFile',
      buildInfo,
    ],
    ROOT,
  );
  // The ES module faces of the entry points, as `npm run build` writes them.
  const wrappers = run([join(ROOT, 'scripts', 'esm-entries.js'), join(pkgDir, 'dist')], ROOT, 120_000);
  if (wrappers.status !== 0) throw new Error(`scripts/esm-entries.js failed:\n${wrappers.stderr}`);
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const manifest: Record<string, unknown> = {};
  for (const key of ['name', 'version', 'main', 'types', 'exports', 'type']) {
    if (own[key] !== undefined) manifest[key] = own[key];
  }
  writeFileSync(join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2));
  return WORKSPACE;
}

/** A directory for one test run's projects, removed by `remove()`. */
export function runDirectory(): { dir: string; remove(): void } {
  const dir = join(WORKSPACE, 'runs', `${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Compiler options of an application using decorators, with the class-field setting under test. */
export function appCompilerOptions(useDefineForClassFields: boolean): Record<string, unknown> {
  return {
    target: 'ES2022',
    lib: ['ES2023', 'ESNext.Disposable'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    useDefineForClassFields,
    skipLibCheck: true,
    types: ['node'],
  };
}

/** Writes `files` (path relative to `dir` → text), creating directories. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Copies a fixture directory of spec/compiled/fixtures into `dir`. */
export function copyFixture(name: string, dir: string): void {
  cpSync(join(__dirname, 'fixtures', name), dir, { recursive: true });
}

/** Type-checks and compiles the project in `dir` (JavaScript next to each source file). */
export function compileProject(dir: string, compilerOptions: Record<string, unknown>): void {
  writeFiles(dir, { 'tsconfig.json': JSON.stringify({ compilerOptions, include: ['**/*.ts'] }, null, 2) });
  tsc(['-p', dir], dir);
}

/** Runs a compiled file with node (60 s at most: a program that does not exit is a failure). */
export function runNode(file: string): RunResult {
  return run([file], dirname(file), 60_000);
}
