import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace';

const MARKER = /^<!-- spec: ([\w-]+)\b.*-->\s*$/;

/**
 * The README's TypeScript blocks that are meant to run: each follows a `<!-- spec: NAME -->`
 * comment (invisible on GitHub). Blocks with the same NAME form one program, in order, so a
 * section can continue the example of an earlier one.
 */
export function readmePrograms(markdown: string): Map<string, string> {
  const programs = new Map<string, string>();
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const name = MARKER.exec(lines[i]!)?.[1];
    if (name === undefined) continue;
    let start = i + 1;
    while (lines[start]?.trim() === '') start++;
    if (lines[start] !== '```ts')
      throw new Error(`README.md:${i + 1}: <!-- spec: ${name} --> must precede a ts block`);
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
