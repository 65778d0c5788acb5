/**
 * New migration files are formatted with the project's own prettier when it has one (as Alembic's
 * post-write hooks run black), so a generated file passes the project's format check as written.
 * Prettier runs as a child process: the project's version and config, and no ES-module loading
 * inside the CLI's process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The prettier executable the project at `dir` would use, if it has one. */
function prettierBin(dir: string): string | undefined {
  try {
    const manifest = createRequire(join(dir, 'noop.js')).resolve('prettier/package.json');
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
    const path = typeof bin === 'string' ? bin : bin?.['prettier'];
    return path === undefined ? undefined : join(dirname(manifest), path);
  } catch {
    return undefined;
  }
}

/** `source` as the project's prettier formats a file at `file`; unchanged when prettier is absent or fails. */
export function formatScript(
  source: string,
  file: string,
): {
  /** The source, formatted or as given. */
  source: string;
  /** Whether prettier formatted it. */
  formatted: boolean;
} {
  const bin = prettierBin(dirname(file));
  if (bin === undefined) return { source, formatted: false };
  const r = spawnSync(process.execPath, [bin, '--stdin-filepath', file], {
    input: source,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status === 0 && r.stdout !== ''
    ? { source: r.stdout, formatted: true }
    : { source, formatted: false };
}
