import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { entryPoints } from './entry-points';

const ROOT = join(__dirname, '..', '..');

interface DocsReport {
  readonly converted: boolean;
  readonly messages: readonly string[];
  readonly undocumentedFunctions: readonly string[];
}

/** Runs typedoc-check.mjs (TypeDoc with typedoc.json's validation, nothing written). */
function checkDocs(options?: Record<string, unknown>): DocsReport {
  const args = [join(__dirname, 'typedoc-check.mjs'), ...(options ? [JSON.stringify(options)] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`typedoc-check.mjs failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as DocsReport;
}

/**
 * The API reference (`npm run docs`) builds without a warning: typedoc.json turns on TypeDoc's
 * validation (broken `{@link}`s, types used by the public API but not exported, and exported
 * classes, interfaces, type aliases, variables, functions and their methods, properties, accessors
 * and constructors without a doc comment) and treats warnings as errors; exported functions
 * without a doc comment are also found here. Members TypeDoc cannot attach a comment to (the
 * signature of a constructor type) are listed in typedoc.json's `intentionallyNotDocumented`, and
 * types deliberately kept out of the entry points in its `intentionallyNotExported` (TypeDoc warns
 * when a listed name is documented or exported after all, so neither list can go stale).
 */
describe('API reference', () => {
  it('has every entry point of package.json `exports` among its TypeDoc entry points', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
    const exported = entryPoints().map((entry) => relative(ROOT, entry.source));
    expect(exported.length).toBeGreaterThan(1);
    expect([...config.entryPoints].sort()).toEqual([...exported].sort());
  });

  it('documents the public entry points without a warning', () => {
    expect(checkDocs()).toEqual({ converted: true, messages: [], undocumentedFunctions: [] });
  });

  it('reports a broken link, an undocumented export or member and a type the entry point does not export', () => {
    const report = checkDocs({ options: 'spec/package/fixtures/typedoc-broken/typedoc.json' });
    expect(report.converted).toBe(true);
    expect(report.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Failed to resolve link to "NoSuchThing" in comment for brokenLink/),
        expect.stringMatching(/UndocumentedInterface \(Interface\).* does not have any documentation/),
        expect.stringMatching(/UndocumentedInterface\.value \(Property\).* does not have any documentation/),
        expect.stringMatching(/undocumentedFunction \(CallSignature\).* does not have any documentation/),
        expect.stringMatching(/Hidden, defined in .* is referenced by leaksHidden but not included/),
      ]),
    );
    expect(report.messages).toHaveLength(5);
    expect(report.undocumentedFunctions).toEqual(['undocumentedFunction']);
  });
});
