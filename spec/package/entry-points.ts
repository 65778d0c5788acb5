/**
 * The package's entry points as package.json `exports` declares them, and the names each one
 * exports (values and types), read from the sources with the TypeScript compiler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..', '..');

interface Conditions {
  readonly import: { readonly types: string; readonly default: string };
  readonly require: { readonly types: string; readonly default: string };
}

export interface EntryPoint {
  /** What an application imports: `athanor`, `athanor/core`, … */
  readonly specifier: string;
  /** The source file under lib/. */
  readonly source: string;
  readonly conditions: Conditions;
}

/** The entry points of package.json `exports` (`./package.json` aside). */
export function entryPoints(): EntryPoint[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, Conditions | string>;
  };
  return Object.entries(manifest.exports).flatMap(([subpath, conditions]) => {
    if (typeof conditions === 'string') return [];
    const built = conditions.require.default;
    const source = join(ROOT, built.replace(/^\.\/dist\//, 'lib/').replace(/\.js$/, '.ts'));
    return [{ specifier: `athanor${subpath.slice(1)}`, source, conditions }];
  });
}

/** `value name` / `type name` for every export of each file, sorted. */
export function exportedNames(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...files], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (moduleSymbol === undefined) throw new Error(`${file}: not a module`);
    const names = checker.getExportsOfModule(moduleSymbol).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      // A type-only export of a class is a type for the importer.
      const typeOnly = symbol.declarations?.some((d) => ts.isTypeOnlyExportDeclaration(d)) ?? false;
      const value = (target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly;
      return `${value ? 'value' : 'type'} ${symbol.name}`;
    });
    out.set(file, names.sort());
  }
  return out;
}
