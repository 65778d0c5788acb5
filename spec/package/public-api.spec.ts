/**
 * The public API is a list kept on purpose. Each entry point's exported names (values and types)
 * are compared with spec/package/public-api.json: a name that becomes public — an internal
 * helper leaking through a barrel, a new function — fails here until the snapshot is updated
 * deliberately, with the diff in review:
 *
 *   UPDATE_PUBLIC_API=1 npx jest spec/package/public-api.spec.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as root from '../../lib';
import * as decorators from '../../lib/decorators';
import * as core from '../../lib/entries/core';
import * as dialects from '../../lib/entries/dialects';
import * as expressEntry from '../../lib/entries/express';
import * as nestjsEntry from '../../lib/entries/nestjs';
import * as errors from '../../lib/errors';
import * as sql from '../../lib/sql';
import { entryPoints, exportedNames, ROOT } from './entry-points';

const SNAPSHOT = join(__dirname, 'public-api.json');

/** Internals named when the root still re-exported every layer: none may come back. */
const NEVER_PUBLIC = [
  'STATE',
  'NO_VALUE',
  'InstanceState',
  'instanceState',
  'setLoaded',
  'rawItems',
  'encodeKeyValue',
  'CAPABILITIES',
  'STANDARD_CAPABILITIES',
  'SqlCompiler',
  'DdlCompiler',
  'emitAthanorWarning',
  'entityMapper',
  'isOrphan',
  'CoreTable',
  'CoreColumn',
  'CoreIndex',
];

describe('the public API of each entry point', () => {
  const entries = entryPoints();
  let actual: Record<string, string[]>;

  beforeAll(() => {
    const names = exportedNames(entries.map((e) => e.source));
    actual = Object.fromEntries(entries.map((e) => [e.specifier, names.get(e.source)!]));
    if (process.env.UPDATE_PUBLIC_API === '1')
      writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 2)}\n`);
  }, 120_000);

  it('declares the entry points, each built from a file under lib/', () => {
    expect(entries.map((e) => [e.specifier, relative(ROOT, e.source)])).toEqual([
      ['athanor', 'lib/index.ts'],
      ['athanor/core', 'lib/entries/core.ts'],
      ['athanor/dialects', 'lib/entries/dialects.ts'],
      ['athanor/express', 'lib/entries/express.ts'],
      ['athanor/nestjs', 'lib/entries/nestjs.ts'],
      ['athanor/migrations', 'lib/entries/migrations.ts'],
    ]);
  });

  it('exports exactly the names of spec/package/public-api.json (update it deliberately)', () => {
    const expected = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, string[]>;
    expect(actual).toEqual(expected);
  });

  it.each(['athanor', 'athanor/core'])('%s exports none of the internals', (specifier) => {
    const names = new Set(actual[specifier]!.map((n) => n.split(' ')[1]));
    expect(NEVER_PUBLIC.filter((n) => names.has(n))).toEqual([]);
  });

  it('the root and athanor/core export every error class of lib/errors.ts', () => {
    const classes = Object.entries(errors)
      .filter(([, v]) => typeof v === 'function' && v.prototype instanceof Error)
      .map(([name]) => `value ${name}`);
    expect(classes.length).toBeGreaterThan(10);
    for (const specifier of ['athanor', 'athanor/core']) {
      expect(classes.filter((c) => !actual[specifier]!.includes(c))).toEqual([]);
    }
  });

  it('one name per concept: the root has the decorators, athanor/core the schema classes', () => {
    expect([root.Table, root.Column, root.Index]).toEqual([
      decorators.Table,
      decorators.Column,
      decorators.Index,
    ]);
    expect([core.Table, core.Column, core.Index]).toEqual([sql.Table, sql.Column, sql.Index]);
    expect(root.Table).not.toBe(core.Table);
  });

  it('the runtime exports are the snapshot values (type-only names stay types)', () => {
    const modules: Record<string, object> = {
      athanor: root,
      'athanor/core': core,
      'athanor/dialects': dialects,
      'athanor/express': expressEntry,
      'athanor/nestjs': nestjsEntry,
    };
    for (const [specifier, module] of Object.entries(modules)) {
      const runtime = Object.keys(module).sort();
      const values = actual[specifier]!.filter((n) => n.startsWith('value ')).map((n) => n.slice(6));
      expect(runtime).toEqual(values.sort());
    }
  });
});
