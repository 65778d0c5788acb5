import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { BUILT_IN_DIALECTS } from '../../lib/dialects';
import { MetaData, type ReflectedSchema } from '../../lib/sql';
import { autogenerate, normalizerFor } from '../../lib/sql/autogenerate';
import { buildCorpus, type CorpusFlavour } from './corpus';
import { evaluateBody } from './run-ops';
import { compileOperation, type MigrationOperation } from '../../lib/sql/migration';

const EMPTY: ReflectedSchema = { schema: undefined, tables: [], enums: [], views: [], triggers: [] };

/**
 * The migration bodies autogenerate writes for the whole corpus (from an empty database, and back)
 * type-check against the `op` of migration files under strict settings, and record operations
 * that compile to the SQL of those they were rendered from.
 */
describe('rendered migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const flavours: readonly [CorpusFlavour, string][] = [
    ['postgresql', 'postgresql'],
    ['mysql', 'mariadb'],
    ['sqlite', 'sqlite'],
  ];
  const files = flavours.map(([flavour, dialectName]) => {
    const definition = BUILT_IN_DIALECTS.find((d) => d.name === dialectName)!;
    const corpus = buildCorpus(new MetaData(), (b) => b, flavour);
    const out = autogenerate(
      corpus.tables,
      EMPTY,
      normalizerFor(definition, definition.inspector!),
      definition,
    );
    const opPath = resolve(__dirname, '../../lib/migrations/op').replace(/\\/g, '/');
    const file = join(dir, `${flavour}.ts`);
    writeFileSync(
      file,
      `import type { MigrationOps } from '${opPath}';\n\n` +
        `export function upgrade(op: MigrationOps): void {\n${out.upgrade}\n}\n\n` +
        `export function downgrade(op: MigrationOps): void {\n${out.downgrade}\n}\n`,
    );
    return { flavour, file, out, definition };
  });

  it('type-check under strict settings', () => {
    const program = ts.createProgram(
      files.map((f) => f.file),
      {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        experimentalDecorators: true,
        types: ['node'],
      },
    );
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.some((f) => resolve(f.file) === resolve(d.file!.fileName)))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it.each(files.map((f) => [f.flavour, f] as const))(
    '%s: the bodies record the planned operations (the same SQL; what is implied left out)',
    (_name, f) => {
      expect(f.out.operations.length).toBeGreaterThan(60);
      const recorded = evaluateBody(f.out.upgrade);
      expect(recorded.map((op) => op.kind)).toEqual(f.out.operations.map((op) => op.kind));
      const sql = (ops: readonly MigrationOperation[]) => ops.map((op) => compileOperation(op, f.definition));
      expect(sql(recorded)).toEqual(sql(f.out.operations));
      expect(f.out.upgrade).not.toMatch(/nullable: true|: \[\],/);
      expect(
        evaluateBody(f.out.downgrade).every((op) => op.kind === 'dropTable' || op.kind === 'dropEnum'),
      ).toBe(true);
    },
  );
});
