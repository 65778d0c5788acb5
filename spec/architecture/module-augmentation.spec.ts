import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { libPath, tsFiles } from './lib-files';

/**
 * No file of lib/ adds to another file's types with `declare module './…'`: an augmentation is an
 * import the import graph does not show, so it can hide a cycle (a module completing a type that
 * its own importee names) or an upward dependency (a higher layer adding members to a lower
 * layer's class). Declarations for third-party modules (`declare module 'pg'` in a vendor .d.ts)
 * stay allowed: they augment no file of the library.
 */
function relativeAugmentations(source: string, file: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && node.name.text.startsWith('.')) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push(`${libPath(file)}:${line}: declare module '${node.name.text}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('module augmentation in lib/', () => {
  it("no file augments a library module (`declare module './…'`)", () => {
    expect(tsFiles().flatMap((file) => relativeAugmentations(readFileSync(file, 'utf8'), file))).toEqual([]);
  });

  it('finds a relative augmentation, not a third-party one (the check can fail)', () => {
    const source = [
      "declare module 'pg' {\n  interface Client { x: number }\n}",
      "declare module '../../mapper/write-only' {\n  interface WriteOnlyCollection<T> { insert(): T }\n}",
      "export {};\ndeclare module './mapper-types' {\n  interface MapperClasses<E> { readonly mapper: E }\n}",
    ].join('\n');
    const file = `${__dirname}/../../lib/session/fake.ts`;
    expect(relativeAugmentations(source, file)).toEqual([
      "session/fake.ts:4: declare module '../../mapper/write-only'",
      "session/fake.ts:8: declare module './mapper-types'",
    ]);
  });
});
