import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MigrationError } from '../../lib/errors';
import { loadHistory } from '../../lib/migrations/scripts';
import { revisionOf, RevisionGraph } from '../../lib/migrations/revision-graph';

const noop = () => undefined;
const r = (revision: string, downRevision: string | string[] | null) =>
  revisionOf({ revision, downRevision, upgrade: noop, downgrade: noop });

describe('migration history', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'athanor-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads TypeScript migration files from a folder into a graph', () => {
    const file = (rev: string, down: string) =>
      `import type { MigrationOps } from 'athanor/migrations';\n` +
      `export const revision = '${rev}';\nexport const downRevision: string | null = ${down};\n` +
      `export function upgrade(op: MigrationOps): void { op.execute('SELECT 1'); }\n` +
      `export function downgrade(op: MigrationOps): void { op.execute('SELECT 2'); }\n`;
    writeFileSync(join(dir, '001_first.ts'), file('aaa111', 'null'));
    writeFileSync(join(dir, '002_second.ts'), file('bbb222', "'aaa111'"));
    writeFileSync(join(dir, 'notes.md'), 'not a migration');
    const graph = loadHistory(dir);
    expect(graph.ordered.map((x) => x.id)).toEqual(['aaa111', 'bbb222']);
    expect(graph.heads()).toEqual(['bbb222']);
    expect(graph.get('bbb').id).toBe('bbb222');
  });

  it('names the file whose exports are wrong', () => {
    writeFileSync(join(dir, 'bad.ts'), `export const revision = 'x1';\n`);
    expect(() => loadHistory(dir)).toThrow(MigrationError);
    expect(() => loadHistory(dir)).toThrow(/bad\.ts must export downRevision/);
  });

  it('rejects duplicates, unknown parents, cycles and ambiguous prefixes', () => {
    expect(() => new RevisionGraph([r('a1', null), r('a1', null)])).toThrow(/defined twice/);
    expect(() => new RevisionGraph([r('a1', 'zz')])).toThrow(/follows zz, which no migration defines/);
    expect(() => new RevisionGraph([r('a1', 'b1'), r('b1', 'a1')])).toThrow(/cycle/);
    const g = new RevisionGraph([r('ab1', null), r('ab2', 'ab1')]);
    expect(() => g.get('ab')).toThrow(/ambiguous: ab1, ab2/);
    expect(() => g.get('zz')).toThrow(/no revision 'zz'/);
  });

  it('finds heads, bases and the heads of an applied set across a merge', () => {
    const g = new RevisionGraph([r('m', ['x', 'y']), r('x', 'base1'), r('y', 'base1'), r('base1', null)]);
    expect(g.ordered.map((x) => x.id)).toEqual(['base1', 'x', 'y', 'm']);
    expect(g.heads()).toEqual(['m']);
    expect(g.bases()).toEqual(['base1']);
    expect(g.headsOf(new Set(['base1', 'x', 'y']))).toEqual(['x', 'y']);
    expect([...g.ancestry(['m'])].sort()).toEqual(['base1', 'm', 'x', 'y']);
  });
});
