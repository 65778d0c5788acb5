import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * Data flows one way: decorators → mapper → session → sql → drivers, with lib/sql at the bottom
 * (drivers compile its statements). The dialects sit above both: each fills the hooks of the
 * compiler (lib/sql) and implements the adapter contract (lib/drivers), and the package entry
 * registers them, so nothing below imports a dialect. The ambient session (lib/context) sits on the
 * session, and the framework integrations (lib/integrations) on it. A layer may import only what
 * this table allows.
 */
const ALLOWED: Record<string, readonly string[]> = {
  util: [],
  errors: ['util'],
  sql: ['util', 'errors'],
  drivers: ['sql', 'util', 'errors'],
  dialects: ['drivers', 'sql', 'util', 'errors'],
  mapper: ['sql', 'util', 'errors'],
  decorators: ['mapper', 'sql', 'util', 'errors'],
  session: ['mapper', 'drivers', 'sql', 'util', 'errors'],
  // The ambient session (AsyncLocalStorage scopes, propagation) sits on the session.
  context: ['session', 'mapper', 'drivers', 'sql', 'util', 'errors'],
  // Framework integrations (Express, NestJS) sit on the context; only they import a framework.
  integrations: ['context', 'session', 'decorators', 'mapper', 'drivers', 'sql', 'util', 'errors'],
  // Migrations run operations (lib/sql/migration) on an engine; the CLI's entry registers the dialects.
  migrations: ['drivers', 'sql', 'util', 'errors'],
  // The package's entry points (lib/index.ts and lib/entries/) sit on top of everything.
  entries: [
    'migrations',
    'integrations',
    'context',
    'session',
    'decorators',
    'mapper',
    'dialects',
    'drivers',
    'sql',
    'util',
    'errors',
  ],
};

const LIB = resolve(__dirname, '../../lib');

function layerOf(file: string): string | undefined {
  const rel = relative(LIB, file).replace(/\\/g, '/');
  if (rel === 'errors.ts') return 'errors';
  if (rel === 'index.ts') return undefined;
  return rel.split('/')[0]!.replace(/\.ts$/, '');
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

describe('layering of lib/', () => {
  const files = tsFiles(LIB);

  it('finds the layers', () => {
    expect(files.some((f) => layerOf(f) === 'sql')).toBe(true);
  });

  it.each(files.filter((f) => layerOf(f) !== undefined).map((f) => [relative(LIB, f), f]))(
    '%s imports only lower layers',
    (_name, file) => {
      const layer = layerOf(file)!;
      const allowed = ALLOWED[layer];
      expect(allowed).toBeDefined();
      const offending = importsOf(file)
        .map((target) => layerOf(target.endsWith('.ts') ? target : `${target}.ts`))
        .filter(
          (target): target is string =>
            target !== undefined && target !== layer && !allowed!.includes(target),
        );
      expect(offending).toEqual([]);
    },
  );

  it('rejects an upward import (the check can fail)', () => {
    const fake = join(LIB, 'sql/fake.ts');
    const target = layerOf(join(LIB, 'session/session.ts'));
    expect(ALLOWED[layerOf(fake)!]).not.toContain(target);
  });
});
