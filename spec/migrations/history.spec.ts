import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateRevisionError, MigrationError } from '../../lib/errors';
import { loadHistory, revisionFiles } from '../../lib/migrations/scripts';
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

  describe('a folder where a build left .js beside .ts', () => {
    // The .js says which file ran: a revision loaded twice, or from the wrong file, shows in `message`.
    const ts = (rev: string, down: string, from: string) =>
      `export const revision = '${rev}';\nexport const downRevision: string | null = ${down};\n` +
      `export const message = '${from}';\n` +
      `export function upgrade(): void {}\nexport function downgrade(): void {}\n`;
    const js = (rev: string, down: string, from: string) =>
      `exports.revision = '${rev}';\nexports.downRevision = ${down};\nexports.message = '${from}';\n` +
      `exports.upgrade = function () {};\nexports.downgrade = function () {};\n`;
    beforeEach(() => {
      writeFileSync(join(dir, '001_first.ts'), ts('aaa111', 'null', 'first.ts'));
      writeFileSync(join(dir, '001_first.js'), js('aaa111', 'null', 'first.js'));
      writeFileSync(join(dir, '001_first.js.map'), '{}');
      writeFileSync(join(dir, '001_first.d.ts'), 'export declare const revision: string;\n');
      writeFileSync(join(dir, '002_second.ts'), ts('bbb222', "'aaa111'", 'second.ts'));
      writeFileSync(join(dir, '002_second.js'), js('bbb222', "'aaa111'", 'second.js'));
      writeFileSync(join(dir, '003_third.js'), js('ccc333', "'bbb222'", 'third.js'));
    });

    it('loads each revision once, from the .js outside TypeScript', () => {
      expect(revisionFiles(dir, false)).toEqual(['001_first.js', '002_second.js', '003_third.js']);
      const graph = loadHistory(dir, { preferTypeScript: false });
      expect(graph.ordered.map((x) => [x.id, x.message])).toEqual([
        ['aaa111', 'first.js'],
        ['bbb222', 'second.js'],
        ['ccc333', 'third.js'],
      ]);
    });

    it('loads each revision once, from the .ts under ts-node or tsx (a lone .js still loads)', () => {
      expect(revisionFiles(dir, true)).toEqual(['001_first.ts', '002_second.ts', '003_third.js']);
      const graph = loadHistory(dir, { preferTypeScript: true });
      expect(graph.ordered.map((x) => [x.id, x.message])).toEqual([
        ['aaa111', 'first.ts'],
        ['bbb222', 'second.ts'],
        ['ccc333', 'third.js'],
      ]);
    });

    it('refuses two files of different names claiming one revision, naming both', () => {
      writeFileSync(join(dir, '004_copy.js'), js('bbb222', "'aaa111'", 'copy.js'));
      const run = () => loadHistory(dir, { preferTypeScript: false });
      expect(run).toThrow(DuplicateRevisionError);
      expect(run).toThrow(MigrationError);
      try {
        run();
      } catch (e) {
        const err = e as DuplicateRevisionError;
        expect(err.revision).toBe('bbb222');
        expect(err.paths).toEqual([join(dir, '002_second.js'), join(dir, '004_copy.js')]);
        expect(err.message).toBe(
          `revision bbb222 is defined twice: in ${join(dir, '002_second.js')} and in ${join(dir, '004_copy.js')}`,
        );
      }
    });
  });

  it('names the file whose exports are wrong', () => {
    writeFileSync(join(dir, 'bad.ts'), `export const revision = 'x1';\n`);
    expect(() => loadHistory(dir)).toThrow(MigrationError);
    expect(() => loadHistory(dir)).toThrow(/bad\.ts must export downRevision/);
  });

  it('rejects duplicates, unknown parents, cycles and ambiguous prefixes', () => {
    expect(() => new RevisionGraph([r('a1', null), r('a1', null)])).toThrow(DuplicateRevisionError);
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
