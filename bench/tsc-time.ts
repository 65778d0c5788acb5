/**
 * How long `tsc --noEmit` takes on an application model: writes a model of N mapped entities (each
 * with eight columns, a many-to-one to the previous entity and the collection back) plus code that
 * queries every entity (attrs, joins, WHERE on typed columns, a two-step selectinload chain, rows
 * of a column select), then type-checks it against the library's sources. A model of one entity is
 * checked the same way, so the difference is what the model costs and not the library itself.
 *
 * Run: `npx ts-node --transpile-only bench/tsc-time.ts` (BENCH_TSC_ENTITIES, default 100;
 * BENCH_ROUNDS, default 3; the median of the rounds is printed).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ENTITIES = Number(process.env['BENCH_TSC_ENTITIES'] ?? 100);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

function entity(i: number, count: number): string {
  const parent = i > 0 ? `E${i - 1}` : undefined;
  const child = i + 1 < count ? `E${i + 1}` : undefined;
  return [
    `@Table('e${i}')`,
    `export class E${i} {`,
    `  @Column({ primaryKey: true }) id!: number;`,
    `  @Column() name!: string;`,
    `  @Column() nickname!: string | null;`,
    `  @Column() score!: number;`,
    `  @Column() active!: boolean;`,
    `  @Column() createdAt!: Date;`,
    `  @Column() notes!: string | null;`,
    parent === undefined
      ? ''
      : `  @Column({ foreignKey: () => ${parent} }) parentId!: number;\n` +
        `  @Relationship(() => ${parent}, { backPopulates: 'children' }) parent!: ${parent} | null;`,
    child === undefined
      ? ''
      : `  @Relationship(() => ${child}, { backPopulates: 'parent' }) children!: ${child}[];`,
    `}`,
  ].join('\n');
}

function query(i: number, count: number): string {
  const lines = [
    `export async function q${i}(session: Session): Promise<number> {`,
    `  const a = attrs(E${i});`,
    `  const stmt = select(E${i}).where(a.name.eq('x'), a.score.gt(${i}), a.active.eq(true)).limit(10);`,
  ];
  if (i + 2 < count) {
    lines.push(
      `  const rows = await session.scalars(stmt.options(selectinload(a.children, attrs(E${i + 1}).children)));`,
    );
  } else {
    lines.push(`  const rows = await session.scalars(stmt);`);
  }
  if (i > 0)
    lines.push(`  await session.execute(select(E${i}).join(a.parent).where(attrs(E${i - 1}).score.lt(5)));`);
  lines.push(
    `  const named = await session.execute(select(a.id, a.name, a.createdAt));`,
    `  for (const [id, name, at] of named.all()) void (id + name.length + at.getTime());`,
    `  return rows.length;`,
    `}`,
  );
  return lines.join('\n');
}

/** Writes a project of `count` entities under `dir`; returns its tsconfig path. */
function writeProject(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  const lib = JSON.stringify(join(ROOT, 'lib'));
  const header = `import { Column, Relationship, Table, attrs, select, selectinload, type Session } from ${lib};\n`;
  const model = Array.from({ length: count }, (_, i) => entity(i, count)).join('\n\n');
  const queries = Array.from({ length: count }, (_, i) => query(i, count)).join('\n\n');
  writeFileSync(join(dir, 'model.ts'), `${header}\n${model}\n\n${queries}\n`);
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        rootDir: '/',
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        incremental: false,
      },
      include: [join(dir, 'model.ts'), join(ROOT, 'lib', '**', '*.d.ts')],
    }),
  );
  return tsconfig;
}

interface Diagnostics {
  readonly totalSeconds: number;
  readonly checkSeconds: number;
  readonly instantiations: number;
  readonly memoryKb: number;
}

function check(tsconfig: string): Diagnostics {
  let out: string;
  try {
    out = execFileSync(process.execPath, [TSC, '-p', tsconfig, '--extendedDiagnostics'], {
      encoding: 'utf8',
    });
  } catch (error) {
    const e = error as { stdout?: string };
    throw new Error(`the generated model does not compile:\n${e.stdout ?? String(error)}`, {
      cause: error,
    });
  }
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+([\\d.]+)`, 'm').exec(out);
    if (m === null) throw new Error(`tsc printed no "${name}"`);
    return Number(m[1]);
  };
  return {
    totalSeconds: field('Total time'),
    checkSeconds: field('Check time'),
    instantiations: field('Instantiations'),
    memoryKb: field('Memory used'),
  };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function measure(label: string, tsconfig: string): Diagnostics {
  const runs = Array.from({ length: ROUNDS }, () => check(tsconfig));
  const result: Diagnostics = {
    totalSeconds: median(runs.map((r) => r.totalSeconds)),
    checkSeconds: median(runs.map((r) => r.checkSeconds)),
    instantiations: median(runs.map((r) => r.instantiations)),
    memoryKb: median(runs.map((r) => r.memoryKb)),
  };
  console.log(
    `${label.padEnd(14)} total ${result.totalSeconds.toFixed(2)} s   check ${result.checkSeconds.toFixed(2)} s   ` +
      `instantiations ${result.instantiations}   memory ${Math.round(result.memoryKb / 1024)} MB`,
  );
  return result;
}

const work = mkdtempSync(join(tmpdir(), 'athanor-tsc-'));
try {
  console.log(
    `tsc ${execFileSync(process.execPath, [TSC, '-v'], { encoding: 'utf8' }).trim()}, median of ${ROUNDS}`,
  );
  const one = measure('1 entity', writeProject(join(work, 'one'), 1));
  const many = measure(`${ENTITIES} entities`, writeProject(join(work, 'many'), ENTITIES));
  const per = (many.checkSeconds - one.checkSeconds) / (ENTITIES - 1);
  console.log(
    `the model adds ${(many.totalSeconds - one.totalSeconds).toFixed(2)} s in all, ` +
      `${(per * 1000).toFixed(1)} ms of checking per entity`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
