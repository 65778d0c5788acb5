/**
 * `athanor codegen`: reflects a database and writes its tables as decorated entity classes
 * (`generateEntities`), leaving out the migration runner's own tables.
 */
import { writeFileSync } from 'node:fs';
import { createEngine } from '../../drivers/engine';
import type { EngineOptions } from '../../drivers/engine-options';
import { generateEntities } from '../../sql/autogenerate/codegen';

/** Options of `runCodegen()` (the `codegen` command's flags). */
export interface CodegenCommandOptions {
  /** The database to reflect. */
  readonly url: string;
  /** Options of the engine made from `url`. */
  readonly engine?: EngineOptions;
  /** Where to write the module; printed when undefined. */
  readonly out?: string;
  /** Only these tables (all by default). */
  readonly tables?: readonly string[];
  /** The PostgreSQL schema / MySQL database (the connection's default when omitted). */
  readonly schema?: string;
  /** The module the decorators are imported from (default `athanor`). */
  readonly importFrom?: string;
  /** Tables never generated: the version table, its progress table and the config's ignored ones. */
  readonly ignoreTables: readonly string[];
}

/** Reflects and generates; resolves to the module's source and the tables it holds. */
export async function runCodegen(options: CodegenCommandOptions): Promise<{
  /** The generated module's TypeScript source. */
  source: string;
  /** The tables it declares entities of. */
  tables: readonly string[];
}> {
  const engine = createEngine(options.url, options.engine);
  try {
    const reflected = await engine.reflectSchema({
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      ...(options.tables === undefined ? {} : { tables: options.tables }),
    });
    const ignored = new Set(options.ignoreTables.map((t) => t.toLowerCase()));
    const tables = reflected.tables.filter((t) => !ignored.has(t.name.toLowerCase()));
    const source = generateEntities(
      { ...reflected, tables },
      options.importFrom === undefined ? {} : { importFrom: options.importFrom },
    );
    if (options.out !== undefined) writeFileSync(options.out, source);
    return { source, tables: tables.map((t) => t.name) };
  } finally {
    await engine.dispose();
  }
}
