import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = /^<!-- package-test: ([\w-]+) -->\s*$/;

/**
 * The README blocks an application copies, each after a `<!-- package-test: NAME -->` comment
 * (invisible on GitHub): `tsconfig` and `app` of the PostgreSQL quick-start.
 */
export function readmeBlocks(root: string): Map<string, string> {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const blocks = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const name = MARKER.exec(lines[i]!)?.[1];
    if (name === undefined) continue;
    let start = i + 1;
    while (lines[start]?.trim() === '') start++;
    if (!lines[start]?.startsWith('```')) throw new Error(`README.md:${i + 1}: a code block must follow`);
    const end = lines.indexOf('```', start + 1);
    blocks.set(name, `${lines.slice(start + 1, end).join('\n')}\n`);
    i = end;
  }
  return blocks;
}
