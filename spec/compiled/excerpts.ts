import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { applicationExamplePrograms } from './programs';
import { ROOT } from './workspace';

/** The application examples that spec/compiled/compiled-integrations.spec.ts builds and serves. */
export const INTEGRATION_EXAMPLES: readonly string[] = ['express', 'nestjs', 'realworld'];

/** The fixture application that spec/compiled/compiled-usage.spec.ts compiles and runs. */
export const ESM_FIXTURE = 'spec/compiled/fixtures/esm-app/';

const ANY_MARKER = /^<!-- (spec|package-test|excerpt): ([\w./-]+)\b.*-->\s*$/;

/** A line of an excerpt that stands for lines of the file left out. */
const SKIPPED = '// …';

/** A README block that quotes a file of the test suite. */
export interface Excerpt {
  readonly file: string;
  /** The block's opening line in the Markdown file (1-based). */
  readonly line: number;
  readonly code: string;
}

/**
 * Every `ts` block of a Markdown file must follow a marker: `<!-- spec: NAME -->` (a program the
 * compiled specs run), `<!-- package-test: NAME -->` (the packed-install spec) or
 * `<!-- excerpt: PATH -->` (lines of a file the suite runs). Returns the excerpts.
 */
export function markedBlocks(markdown: string, file: string): Excerpt[] {
  const lines = markdown.split('\n');
  const excerpts: Excerpt[] = [];
  lines.forEach((line, i) => {
    if (line !== '```ts') return;
    let j = i - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const marker = ANY_MARKER.exec(lines[j] ?? '');
    if (marker === null)
      throw new Error(`${file}:${i + 1}: a ts block without <!-- spec: NAME -->, package-test or excerpt`);
    if (marker[1] !== 'excerpt') return;
    const end = lines.indexOf('```', i + 1);
    excerpts.push({ file: marker[2]!, line: i + 1, code: lines.slice(i + 1, end).join('\n') });
  });
  return excerpts;
}

/** The excerpts of README.md (and the check that no block of it goes unmarked). */
export function readmeExcerpts(): Excerpt[] {
  return markedBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'README.md');
}

const RELATIVE_IMPORT = /from '(\.\.?\/[\w./-]+)'/g;

/** Whether jest runs `file`: a spec, or a module a spec of its directory imports (transitively). */
function importedBySpec(file: string): boolean {
  if (file.endsWith('.spec.ts')) return true;
  const dir = dirname(join(ROOT, file));
  const seen = new Set<string>();
  const queue = readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .map((f) => join(dir, f));
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path) || !existsSync(path)) continue;
    seen.add(path);
    for (const [, target] of readFileSync(path, 'utf8').matchAll(RELATIVE_IMPORT))
      queue.push(join(dirname(path), `${target!.replace(/\.js$/, '')}.ts`));
  }
  return seen.has(join(ROOT, file));
}

/**
 * Whether the test suite compiles and runs `file` (relative to the checkout): a file of an
 * integration example, of the ES module fixture, or a spec module outside the compiled fixtures.
 */
export function runBySuite(file: string): boolean {
  if (!file.endsWith('.ts') || !existsSync(join(ROOT, file))) return false;
  const [top, example] = file.split('/');
  if (top === 'examples') return INTEGRATION_EXAMPLES.includes(example!);
  if (file.startsWith(ESM_FIXTURE)) return true;
  return top === 'spec' && !file.startsWith('spec/compiled/fixtures/') && importedBySpec(file);
}

/** The text an excerpt quotes: an example as an application writes it (imports of `athanor`). */
export function excerptSource(file: string): string {
  const [top, example] = file.split('/');
  if (top !== 'examples') return readFileSync(join(ROOT, file), 'utf8');
  const programs = applicationExamplePrograms([example!]);
  return programs.get(relative(join(ROOT, 'examples'), join(ROOT, file)))!;
}

const significant = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * Whether the block's lines occur in the source in order, consecutively except where the block
 * has a `// …` line (trimmed lines compared, blank lines ignored).
 */
export function occursIn(block: string, source: string): boolean {
  const want = significant(block);
  const have = significant(source);
  const match = (b: number, s: number, gap: boolean): boolean => {
    if (b === want.length) return true;
    if (want[b] === SKIPPED) return match(b + 1, s, true);
    if (!gap) return have[s] === want[b] && match(b + 1, s + 1, false);
    for (let k = s; k < have.length; k++) if (have[k] === want[b] && match(b + 1, k + 1, false)) return true;
    return false;
  };
  return match(0, 0, true);
}
