/**
 * The `athanor` command line, built with commander: init, revision, upgrade, downgrade, heads,
 * current, history, stamp, merge, check, lint, codegen. Every command reads the config file
 * (`--config`, default ./athanor.config.ts); each step prints what it runs and its timing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, CommanderError } from 'commander';
import { AthanorError } from '../../errors';
import { createEngine, type Engine } from '../../drivers/engine';
import { getDialect } from '../../sql/dialect';
import type { DialectName } from '../../sql/dialect-name';
import { autogenerateRevision } from '../autogenerate';
import { getAutogenerate, type AutogenerateHook } from '../autogenerate-seam';
import { DEFAULT_CONFIG_FILE, loadConfig, urlOf, type LoadedConfig } from '../config';
import { MigrationRunner } from '../runner';
import { loadHistory } from '../scripts';
import { newRevisionId, renderScript, slug } from '../script-template';
import type { RevisionGraph } from '../revision-graph';
import { lintOperations } from '../../sql/migration/lint';
import type { MigrationOperation } from '../../sql/migration/operations';
import { formatScript } from '../format-script';
import { runCodegen } from './codegen-command';
import { lintMigrations } from './lint-command';

/** Where the CLI writes, and where it runs from. */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** The folder relative paths start from. */
  readonly cwd: string;
  /** Whether the terminal can ask questions (autogenerate's open questions). */
  readonly interactive: boolean;
}

const CONFIG_TEMPLATE = `import type { AthanorConfig } from 'athanor/migrations';

/** Read by the athanor CLI; the application can import it too. */
const config: AthanorConfig = {
  url: process.env.DATABASE_URL,
  migrations: 'migrations',
};

export default config;
`;

interface Context {
  readonly config: LoadedConfig;
  readonly history: RevisionGraph;
}

/** Runs the CLI on `argv` (without node and the script); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('athanor')
    .description('Athanor migrations')
    .option('-c, --config <file>', 'the config file', DEFAULT_CONFIG_FILE)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const context = (): Context => {
    const config = loadConfig(resolve(io.cwd, program.opts<{ config: string }>().config));
    return { config, history: loadHistory(config.migrationsDir) };
  };
  const withEngine = async <T>(ctx: Context, fn: (engine: Engine, runner: MigrationRunner) => Promise<T>) => {
    const engine = createEngine(urlOf(ctx.config), ctx.config.engine);
    try {
      const runner = new MigrationRunner(engine, ctx.history, {
        ...(ctx.config.versionTable === undefined ? {} : { versionTable: ctx.config.versionTable }),
        log: (line) => io.out(`${line}\n`),
      });
      return await fn(engine, runner);
    } finally {
      await engine.dispose();
    }
  };
  const timed = async (what: string, fn: () => Promise<void>) => {
    const start = performance.now();
    await fn();
    io.out(`${what} in ${Math.round(performance.now() - start)} ms\n`);
  };
  /** The offline script: `--sql` with the dialect of the configured URL, from `--from` (default base). */
  const offline = async (
    ctx: Context,
    direction: 'upgrade' | 'downgrade',
    target: string,
    from: string | undefined,
  ) => {
    const dialectName = urlOf(ctx.config).split(':')[0]!;
    const engine = createEngine(urlOf(ctx.config), ctx.config.engine);
    try {
      const dialect =
        getDialect(engine.dialect.name as DialectName) ?? getDialect(dialectName as DialectName);
      const runner = new MigrationRunner(engine, ctx.history, {
        ...(ctx.config.versionTable === undefined ? {} : { versionTable: ctx.config.versionTable }),
      });
      const start =
        from === undefined || from === 'base'
          ? []
          : from === 'heads'
            ? ctx.history.heads()
            : [ctx.history.get(from).id];
      io.out(await runner.script(direction, target, start, dialect));
    } finally {
      await engine.dispose();
    }
  };

  /** Writes a new migration file, formatted with the project's prettier unless the config says no. */
  const writeScript = (ctx: Context, file: string, source: string): string => {
    const result = ctx.config.format === false ? { source, formatted: false } : formatScript(source, file);
    writeFileSync(file, result.source);
    return result.formatted ? ' formatted with prettier' : '';
  };
  /** The lock-aware lint of a generated revision, for the URL's dialect: printed, never fatal. */
  const lintGenerated = async (ctx: Context, operations: readonly MigrationOperation[]): Promise<void> => {
    const engine = createEngine(urlOf(ctx.config));
    const dialect = getDialect(engine.dialect.name as DialectName);
    await engine.dispose();
    const findings = lintOperations(operations, dialect.migrationLintRules ?? []);
    for (const f of findings) io.out(`  lint: operation ${f.index + 1}: [${f.rule}] ${f.message}\n`);
    if (findings.length)
      io.out(`  ${findings.length} lint finding(s): athanor lint --safe shows the safe forms\n`);
  };

  program
    .command('init')
    .description('write athanor.config.ts and the migrations folder')
    .argument('[dir]', 'the migrations folder', 'migrations')
    .action((dir: string) => {
      const configFile = resolve(io.cwd, program.opts<{ config: string }>().config);
      if (existsSync(configFile)) io.out(`${relative(io.cwd, configFile)} exists: left as it is\n`);
      else {
        writeFileSync(configFile, CONFIG_TEMPLATE.replace("'migrations'", `'${dir}'`));
        io.out(`wrote ${relative(io.cwd, configFile)}\n`);
      }
      mkdirSync(resolve(io.cwd, dir), { recursive: true });
      io.out(`migrations go in ${dir}/ — next: athanor revision -m "create users"\n`);
    });

  program
    .command('revision')
    .description('write a new migration file')
    .requiredOption('-m, --message <text>', 'what the migration does')
    .option('--autogenerate', 'compare the metadata with the database and write the operations')
    .option('--head <rev>', 'the revision it follows (default: the single head)')
    .option('--allow-destructive', 'accept drops and narrowing type changes (autogenerate)')
    .option('--answers <file>', 'answers to autogenerate questions, as JSON')
    .action(
      async (opts: {
        message: string;
        autogenerate?: boolean;
        head?: string;
        allowDestructive?: boolean;
        answers?: string;
      }) => {
        const ctx = context();
        const down = opts.head !== undefined ? [ctx.history.get(opts.head).id] : ctx.history.heads();
        if (down.length > 1 && opts.head === undefined)
          throw new AthanorError(`the history has heads ${down.join(', ')}: pass --head or merge them first`);
        let bodies: { upgrade?: string; downgrade?: string; operations?: readonly MigrationOperation[] } = {};
        if (opts.autogenerate) {
          const result = await autogenerate(ctx, io, opts.message, !!opts.allowDestructive, opts.answers);
          if (result === undefined) {
            exitCode = 1;
            return;
          }
          bodies = result;
        }
        const revision = newRevisionId();
        mkdirSync(ctx.config.migrationsDir, { recursive: true });
        const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
        const file = join(ctx.config.migrationsDir, `${stamp}_${revision}_${slug(opts.message)}.ts`);
        const { upgrade, downgrade } = bodies;
        const how = writeScript(
          ctx,
          file,
          renderScript({ revision, downRevisions: down, message: opts.message, upgrade, downgrade }),
        );
        io.out(
          `wrote ${relative(io.cwd, file)} (revision ${revision}, follows ${down.join(', ') || 'base'})${how}\n`,
        );
        if (bodies.operations !== undefined) await lintGenerated(ctx, bodies.operations);
      },
    );

  const autogenerate = async (
    ctx: Context,
    cliIo: CliIo,
    message: string,
    allowDestructive: boolean,
    answersFile: string | undefined,
  ): Promise<
    | { upgrade: string; downgrade: string; empty: boolean; operations: readonly MigrationOperation[] }
    | undefined
  > => {
    // The config's hook or one set with setAutogenerate() replaces the built-in comparison.
    const hook: AutogenerateHook = ctx.config.autogenerate ?? getAutogenerate() ?? autogenerateRevision;
    if (ctx.config.metadata === undefined)
      throw new AthanorError(`${ctx.config.path}: autogenerate needs metadata (the application's MetaData)`);
    const metadata =
      typeof ctx.config.metadata === 'function' ? await ctx.config.metadata() : ctx.config.metadata;
    const result = await withEngine(ctx, (engine) =>
      hook({
        engine,
        metadata,
        message,
        allowDestructive,
        answersFile,
        interactive: cliIo.interactive,
        ...(ctx.config.versionTable === undefined ? {} : { versionTable: ctx.config.versionTable }),
        ...(ctx.config.ignoreTables === undefined ? {} : { ignoreTables: ctx.config.ignoreTables }),
      }),
    );
    if (result.questions?.length) {
      cliIo.err(`${JSON.stringify({ questions: result.questions }, null, 2)}\n`);
      return undefined;
    }
    if (result.refused?.length) {
      cliIo.err(
        `refused (pass --allow-destructive to accept):\n${result.refused.map((r) => `  ${r}`).join('\n')}\n`,
      );
      return undefined;
    }
    return {
      upgrade: result.upgrade,
      downgrade: result.downgrade,
      empty: result.operations.length === 0,
      operations: result.operations,
    };
  };

  program
    .command('upgrade')
    .description('run migrations up to a target: head (default), heads, +N or a revision')
    .argument('[target]', 'head, heads, +N or a revision', 'head')
    .option('--sql', 'print the SQL instead of running it')
    .option('--from <rev>', 'with --sql: the revision the database is at (default base)')
    .action(async (target: string, opts: { sql?: boolean; from?: string }) => {
      const ctx = context();
      if (opts.sql) return offline(ctx, 'upgrade', target, opts.from);
      await timed('upgrade', () =>
        withEngine(ctx, async (_e, runner) => void (await runner.upgrade(target))),
      );
    });

  program
    .command('downgrade')
    .description('undo migrations down to a target: -N, a revision or base')
    .argument('<target>', '-N, a revision or base')
    .option('--sql', 'print the SQL instead of running it')
    .option('--from <rev>', 'with --sql: the revision the database is at (default heads)')
    .action(async (target: string, opts: { sql?: boolean; from?: string }) => {
      const ctx = context();
      if (opts.sql) return offline(ctx, 'downgrade', target, opts.from ?? 'heads');
      await timed('downgrade', () =>
        withEngine(ctx, async (_e, runner) => void (await runner.downgrade(target))),
      );
    });

  program
    .command('heads')
    .description('the revisions nothing follows')
    .action(() => {
      const { history } = context();
      for (const id of history.heads()) io.out(`${id} (head) ${history.get(id).message}\n`);
    });

  program
    .command('current')
    .description('the revisions the database is at')
    .action(async () => {
      const ctx = context();
      const current = await withEngine(ctx, (_e, runner) => runner.current());
      if (current.length === 0) io.out('base (no revision applied)\n');
      for (const id of current) io.out(`${id}${ctx.history.heads().includes(id) ? ' (head)' : ''}\n`);
    });

  program
    .command('history')
    .description('every revision, newest first')
    .action(() => {
      const { history } = context();
      const heads = new Set(history.heads());
      for (const r of [...history.ordered].reverse()) {
        const marks = [
          heads.has(r.id) ? '(head)' : '',
          history.childrenOf(r.id).length > 1 ? '(branchpoint)' : '',
          r.downRevisions.length > 1 ? '(mergepoint)' : '',
        ].filter(Boolean);
        io.out(
          `${r.downRevisions.join(', ') || '<base>'} -> ${r.id}${marks.length ? ` ${marks.join(' ')}` : ''}, ${r.message}\n`,
        );
      }
    });

  program
    .command('stamp')
    .description('set the version table without running migrations')
    .argument('<revisions...>', 'revisions, heads or base')
    .action(async (revisions: string[]) => {
      const ctx = context();
      const heads = await withEngine(ctx, (_e, runner) => runner.stamp(revisions));
      io.out(`stamped ${heads.join(', ') || 'base'}\n`);
    });

  program
    .command('merge')
    .description('write a revision that merges heads')
    .argument('[revisions...]', 'the revisions to merge (default: every head)')
    .option('-m, --message <text>', 'what the merge is', 'merge heads')
    .action((revisions: string[], opts: { message: string }) => {
      const ctx = context();
      const down = revisions.length ? revisions.map((r) => ctx.history.get(r).id) : ctx.history.heads();
      if (down.length < 2) throw new AthanorError(`nothing to merge: ${down.length} head(s)`);
      const revision = newRevisionId();
      const file = join(ctx.config.migrationsDir, `${revision}_${slug(opts.message)}.ts`);
      const how = writeScript(
        ctx,
        file,
        renderScript({ revision, downRevisions: down, message: opts.message }),
      );
      io.out(`wrote ${relative(io.cwd, file)} (revision ${revision}, merges ${down.join(', ')})${how}\n`);
    });

  program
    .command('check')
    .description('exit 1 when the metadata and the migrations disagree (for CI)')
    .action(async () => {
      const ctx = context();
      const result = await autogenerate(ctx, io, 'check', true, undefined);
      if (result === undefined || !result.empty) {
        io.out(
          result === undefined
            ? 'check failed\n'
            : `the database and the metadata differ:\n${result.upgrade}\n`,
        );
        exitCode = 1;
      } else io.out('no differences\n');
    });

  program
    .command('lint')
    .description('lock-aware checks of migrations (PostgreSQL, MySQL/MariaDB rules)')
    .argument('[files...]', 'migration files (default: every migration)')
    .option('--dialect <name>', 'the dialect to lint for (default: the configured URL)')
    .option('--safe', 'print the safe rewrite of each flagged operation')
    .action(async (files: string[], opts: { dialect?: string; safe?: boolean }) => {
      const ctx = context();
      const dialect = opts.dialect ?? createEngine(urlOf(ctx.config)).dialect.name;
      const chosen = files.length
        ? files.map((f) => readFileSync(resolve(io.cwd, f)) && resolve(io.cwd, f))
        : ctx.history.ordered.map((r) => r.path!);
      const revisions = ctx.history.ordered.filter((r) => r.path !== undefined && chosen.includes(r.path));
      const findings = await lintMigrations(revisions, getDialect(dialect as DialectName), {
        safe: !!opts.safe,
        out: io.out,
        cwd: io.cwd,
      });
      if (findings > 0) exitCode = 1;
    });

  program
    .command('codegen')
    .description('reflect a database into decorated entity classes')
    .option('--url <url>', "the database (default: the config file's url)")
    .option('-o, --out <file>', 'the file to write (default: print the module)')
    .option('--tables <names...>', 'only these tables')
    .option('--schema <name>', 'the PostgreSQL schema or MySQL database')
    .option('--import-from <module>', 'the module the decorators come from', 'athanor')
    .action(
      async (opts: {
        url?: string;
        out?: string;
        tables?: string[];
        schema?: string;
        importFrom: string;
      }) => {
        // With --url no config file is needed; without it the config's URL and engine options apply.
        const config =
          opts.url === undefined
            ? loadConfig(resolve(io.cwd, program.opts<{ config: string }>().config))
            : undefined;
        const version = config?.versionTable ?? 'athanor_version';
        const out = opts.out === undefined ? undefined : resolve(io.cwd, opts.out);
        const start = performance.now();
        const result = await runCodegen({
          url: opts.url ?? urlOf(config!),
          ...(config?.engine === undefined ? {} : { engine: config.engine }),
          ...(out === undefined ? {} : { out }),
          ...(opts.tables === undefined ? {} : { tables: opts.tables }),
          ...(opts.schema === undefined ? {} : { schema: opts.schema }),
          importFrom: opts.importFrom,
          ignoreTables: [version, `${version}_progress`, ...(config?.ignoreTables ?? [])],
        });
        if (out === undefined) io.out(result.source);
        else
          io.out(
            `wrote ${relative(io.cwd, out)}: ${result.tables.length} entities in ${Math.round(performance.now() - start)} ms\n`,
          );
      },
    );

  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.err(`error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    return 1;
  }
}
