import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const GUIDES = join(ROOT, 'docs', 'guides');

/** The relative link targets (`[text](path)`, anchors dropped) of a Markdown file. */
function relativeLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target));
}

describe('documentation links', () => {
  const pages = [
    join(ROOT, 'README.md'),
    join(ROOT, 'docs', 'tutorial.md'),
    ...readdirSync(GUIDES).map((f) => join(GUIDES, f)),
  ];

  it.each(pages.map((p) => [relative(ROOT, p), p]))('%s links only to files that exist', (_, page) => {
    const broken = relativeLinks(page).filter((target) => !existsSync(join(dirname(page), target)));
    expect(broken).toEqual([]);
  });

  it('the README and the tutorial link every guide', () => {
    const guides = readdirSync(GUIDES).filter((f) => f.endsWith('.md'));
    const fromReadme = new Set(relativeLinks(join(ROOT, 'README.md')));
    const fromTutorial = new Set(relativeLinks(join(ROOT, 'docs', 'tutorial.md')));
    expect(guides.filter((g) => !fromReadme.has(`docs/guides/${g}`))).toEqual([]);
    expect(guides.filter((g) => !fromTutorial.has(`guides/${g}`))).toEqual([]);
  });
});
