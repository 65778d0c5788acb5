/**
 * Each test of the SQLAlchemy files in the coverage manifest is either ported (a conformance
 * test's title names it as `[file::Class::test_name]`, or builds that name from a template whose
 * file lists the test name) or listed as not applicable / not ported with a reason — never both,
 * never silently missing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_APPLICABLE, NOT_PORTED, SQLALCHEMY_TESTS } from './coverage-manifest';

const sources = readdirSync(__dirname)
  .filter((f) => f.endsWith('.spec.ts') && f !== 'coverage.spec.ts')
  .map((f) => readFileSync(join(__dirname, f), 'utf8'));

function isPorted(file: string, cls: string, test: string): boolean {
  const prefix = `${file}::${cls}::`;
  return sources.some(
    (src) =>
      src.includes(`${prefix}${test}]`) ||
      (src.includes(`${prefix}\${`) && (src.includes(`'${test}'`) || src.includes(`"${test}"`))),
  );
}

const all = Object.entries(SQLALCHEMY_TESTS).flatMap(([file, classes]) =>
  Object.entries(classes).flatMap(([cls, tests]) => tests.map((test) => ({ file, cls, test }))),
);

describe('conformance coverage of SQLAlchemy test files', () => {
  for (const file of Object.keys(SQLALCHEMY_TESTS)) {
    it(`every test of ${file} is ported or listed with a reason`, () => {
      const missing = all
        .filter((t) => t.file === file)
        .map((t) => ({ ...t, id: `${t.file}::${t.cls}::${t.test}` }))
        .filter((t) => !(t.id in NOT_APPLICABLE) && !(t.id in NOT_PORTED) && !isPorted(t.file, t.cls, t.test))
        .map((t) => t.id);
      expect(missing).toEqual([]);
    });
  }

  it('a test listed as not applicable or not ported is not also ported, and exists', () => {
    const known = new Set(all.map((t) => `${t.file}::${t.cls}::${t.test}`));
    const listed = [...Object.keys(NOT_APPLICABLE), ...Object.keys(NOT_PORTED)];
    expect(listed.filter((id) => !known.has(id))).toEqual([]);
    expect(listed.filter((id) => sources.some((src) => src.includes(`${id}]`)))).toEqual([]);
    for (const reason of [...Object.values(NOT_APPLICABLE), ...Object.values(NOT_PORTED)])
      expect(reason.length).toBeGreaterThan(10);
  });

  it('every test a title names is in the manifest', () => {
    const known = new Set(all.map((t) => `${t.file}::${t.cls}::${t.test}`));
    const files = Object.keys(SQLALCHEMY_TESTS).map((f) => f.replace('.', '\\.'));
    const named = new RegExp(`\\[((?:${files.join('|')})::\\w+::test_\\w+)\\]`, 'g');
    const unknown = sources
      .flatMap((src) => [...src.matchAll(named)].map((m) => m[1]!))
      .filter((id) => !known.has(id));
    expect(unknown).toEqual([]);
  });
});
