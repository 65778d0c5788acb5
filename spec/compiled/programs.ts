import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './workspace';

const MARKER = /^<!-- spec: ([\w-]+)\b.*-->\s*$/;

/**
 * The README's TypeScript blocks that are meant to run: each follows a `<!-- spec: NAME -->`
 * comment (invisible on GitHub). Blocks with the same NAME form one program, in order, so a
 * section can continue the example of an earlier one.
 */
export function readmePrograms(markdown: string, file = 'README.md'): Map<string, string> {
  const programs = new Map<string, string>();
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const name = MARKER.exec(lines[i]!)?.[1];
    if (name === undefined) continue;
    let start = i + 1;
    while (lines[start]?.trim() === '') start++;
    if (lines[start] !== '```ts')
      throw new Error(`${file}:${i + 1}: <!-- spec: ${name} --> must precede a ts block`);
    const end = lines.indexOf('```', start + 1);
    const code = lines.slice(start + 1, end).join('\n');
    programs.set(name, `${programs.get(name) ?? ''}${code}\n`);
    i = end;
  }
  return programs;
}

/** The README's runnable programs. */
export function readReadmePrograms(): Map<string, string> {
  return readmePrograms(readFileSync(join(ROOT, 'README.md'), 'utf8'));
}

/**
 * The files of examples/ as an application would write them: imports of the library's sources
 * (`../lib`, `../lib/sql`, …) become imports of the package.
 */
export function examplePrograms(): Map<string, string> {
  const dir = join(ROOT, 'examples');
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    out.set(file, source.replace(/from '\.\.\/lib(\/[\w-]+)*'/g, "from 'athanor'"));
  }
  return out;
}

/** The Markdown files of docs/: the tutorial and the guides. */
export function docsFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'api') walk(path);
      else if (entry.name.endsWith('.md')) out.push(path);
    }
  };
  walk(join(ROOT, 'docs'));
  return out.sort();
}

/**
 * The programs of docs/, by name (each name belongs to one file). Every `ts` block of docs/ must
 * belong to a program: a block without its `<!-- spec: NAME -->` comment is an error, so no
 * snippet of the guides goes untested.
 */
export function readDocsPrograms(): Map<string, string> {
  const programs = new Map<string, string>();
  for (const path of docsFiles()) {
    const file = relative(ROOT, path);
    const markdown = readFileSync(path, 'utf8');
    const lines = markdown.split('\n');
    lines.forEach((line, i) => {
      if (line !== '```ts') return;
      let j = i - 1;
      while (j >= 0 && lines[j]!.trim() === '') j--;
      if (!MARKER.test(lines[j] ?? ''))
        throw new Error(`${file}:${i + 1}: a ts block without <!-- spec: NAME -->`);
    });
    for (const [name, code] of readmePrograms(markdown, file)) {
      if (programs.has(name)) throw new Error(`${file}: program ${name} is also in another file`);
      programs.set(name, code);
    }
  }
  return programs;
}

/** Where the library's sources are imported from in examples/, and the package subpath instead. */
const PACKAGE_IMPORTS: readonly (readonly [RegExp, string])[] = [
  [/from '(\.\.\/)+lib\/entries\/([\w-]+)'/g, "from 'athanor/$2'"],
  [/from '(\.\.\/)+lib(\/[\w-]+)*'/g, "from 'athanor'"],
  // nodenext resolution wants the extension of relative imports (ES modules need it at run time).
  [/(from|import) '(\.\.?\/[\w./-]+)'/g, "$1 '$2.js'"],
];

/**
 * The files of the application examples (`examples/<name>/**\/*.ts`, by path relative to examples/)
 * as an application would write them: imports of the package instead of the library's sources,
 * relative imports with their `.js` extension.
 */
export function applicationExamplePrograms(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const examples = join(ROOT, 'examples');
  for (const name of names) {
    for (const entry of readdirSync(join(examples, name), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      let source = readFileSync(join(examples, name, entry), 'utf8');
      for (const [pattern, replacement] of PACKAGE_IMPORTS) source = source.replace(pattern, replacement);
      out.set(`${name}/${entry}`, source);
    }
  }
  return out;
}
