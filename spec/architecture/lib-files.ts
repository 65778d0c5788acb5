import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The library's source root. */
export const LIB = resolve(__dirname, '../../lib');

/** Every TypeScript source file under `dir` (declaration files aside). */
export function tsFiles(dir: string = LIB): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** A file's path relative to lib/, with forward slashes: `sql/nodes/nodes.ts`. */
export function libPath(file: string): string {
  return relative(LIB, file).replace(/\\/g, '/');
}

/** One relative import or re-export of a file: the file it names, and whether only types cross. */
export interface ImportEdge {
  readonly target: string;
  readonly typeOnly: boolean;
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

/**
 * The relative imports and re-exports of a file. `import type`, `export type` and braces whose
 * every name is marked `type` are type-only; anything else may run when the module loads.
 */
export function importsOf(file: string): ImportEdge[] {
  return importsIn(readFileSync(file, 'utf8'), file);
}

/** The relative imports of `source`, resolved as if it were `file`. */
export function importsIn(source: string, file: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(/\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)) {
    const specifier = m[4]!;
    if (!specifier.startsWith('.')) continue;
    const target = resolveSpecifier(file, specifier);
    if (target === undefined) continue;
    const clause = m[3]!.trim();
    let typeOnly = m[2] !== undefined;
    if (!typeOnly && clause.startsWith('{')) {
      const names = clause
        .slice(1, clause.lastIndexOf('}'))
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      typeOnly = names.length > 0 && names.every((s) => s.startsWith('type '));
    }
    edges.push({ target, typeOnly });
  }
  return edges;
}

/** The string literals of a file (comments are not code, so never reported), with their lines. */
export function stringLiterals(file: string): { readonly text: string; readonly line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
