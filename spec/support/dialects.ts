/**
 * Which databases the integration suites run on, and a `describe` per database.
 *
 * - `ATHANOR_TEST_DIALECTS=sqlite,postgresql,mysql` runs exactly those (CI): a database that is
 *   down FAILS its tests, it is never skipped.
 * - Unset: `sqlite`, plus `postgresql` and `mysql` when they answer on their URLs; the others show
 *   as skipped with the reason.
 * - `ATHANOR_SQLITE_URL=sqlite+better-sqlite3://` runs the SQLite suites through better-sqlite3
 *   instead of sqlite3 (file-backed suites keep the driver).
 * - `mssql`, `oracle` and `mysql8` join when `ATHANOR_MSSQL_URL`, `ATHANOR_ORACLE_URL`,
 *   `ATHANOR_MYSQL8_URL` are set; without them they show as skipped, naming the variable.
 *
 * @example
 * describeEachDialect('round trip', (d) => {
 *   const { users } = d.defineTables((metadata, name) => ({
 *     users: table(name('users'), { id: column(types.integer(), { primaryKey: true }) }, { metadata }),
 *   }));
 *   it('inserts', async () => {
 *     await d.engine.execute(insert(users).values({}));
 *   });
 * });
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, parseUrl, type Engine, type EngineOptions } from '../../lib/drivers';
import { MetaData, type DialectName } from '../../lib/sql';

/** A database the suites can run on. `mysql` is whatever answers on ATHANOR_MYSQL_URL (MariaDB here). */
export type TestTarget = 'sqlite' | 'postgresql' | 'mysql' | 'mysql8' | 'mssql' | 'oracle';

interface TargetSpec {
  readonly env: string;
  readonly defaultUrl: string | undefined;
}

const TARGETS: Readonly<Record<TestTarget, TargetSpec>> = {
  sqlite: { env: 'ATHANOR_SQLITE_URL', defaultUrl: 'sqlite://' },
  postgresql: { env: 'ATHANOR_POSTGRESQL_URL', defaultUrl: 'postgresql://postgres@127.0.0.1:5432/test' },
  mysql: { env: 'ATHANOR_MYSQL_URL', defaultUrl: 'mysql://root@127.0.0.1:3306/test' },
  mysql8: { env: 'ATHANOR_MYSQL8_URL', defaultUrl: undefined },
  mssql: { env: 'ATHANOR_MSSQL_URL', defaultUrl: undefined },
  oracle: { env: 'ATHANOR_ORACLE_URL', defaultUrl: undefined },
};

const ALL_TARGETS = Object.keys(TARGETS) as TestTarget[];

/** A target and whether (and why not) it runs. */
export interface TargetPlan {
  readonly target: TestTarget;
  readonly url: string | undefined;
  /** Undefined when the target runs; otherwise why it is skipped (or why it must fail). */
  readonly skipReason: string | undefined;
  /** Listed in ATHANOR_TEST_DIALECTS but unusable: its tests fail instead of skipping. */
  readonly mustFail: string | undefined;
}

let cachedPlan: readonly TargetPlan[] | undefined;

/** The plan for every target, computed once per test process. */
export function testPlan(): readonly TargetPlan[] {
  if (cachedPlan !== undefined) return cachedPlan;
  const listed = (process.env['ATHANOR_TEST_DIALECTS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of listed) {
    if (!(name in TARGETS)) {
      throw new Error(`ATHANOR_TEST_DIALECTS names unknown '${name}'; expected ${ALL_TARGETS.join(', ')}`);
    }
  }
  const urlOf = (t: TestTarget): string | undefined => process.env[TARGETS[t].env] || TARGETS[t].defaultUrl;
  const probed = listed.length ? {} : probe(['postgresql', 'mysql'].map((t) => urlOf(t as TestTarget)!));
  cachedPlan = ALL_TARGETS.map((target): TargetPlan => {
    const spec = TARGETS[target];
    const url = urlOf(target);
    const explicit = listed.includes(target);
    const run: TargetPlan = { target, url, skipReason: undefined, mustFail: undefined };
    if (explicit) {
      return url === undefined ? { ...run, mustFail: `${spec.env} is not set` } : run;
    }
    if (url === undefined) return { ...run, skipReason: `${spec.env} is not set` };
    // A URL given for a server without a default (SQL Server, Oracle, MySQL 8) joins the run.
    if (spec.defaultUrl === undefined) return run;
    if (listed.length) return { ...run, skipReason: 'not in ATHANOR_TEST_DIALECTS' };
    if (target === 'sqlite' || probed[url]) return run;
    return { ...run, skipReason: `nothing answers at ${hostPort(url)}` };
  });
  return cachedPlan;
}

/** The targets that run in this process. */
export function activeTargets(): TestTarget[] {
  return testPlan()
    .filter((p) => p.skipReason === undefined)
    .map((p) => p.target);
}

/** What a per-database `describe` body receives. */
export interface DialectContext {
  readonly target: TestTarget;
  readonly url: string;
  /** This suite's engine (created now, connected in `beforeAll`, disposed in `afterAll`). */
  readonly engine: Engine;
  /** The resolved dialect (MariaDB ≥ 10.5 → `mariadb`); valid inside hooks and tests. */
  readonly dialect: DialectName;
  /** A table name no other test (or parallel worker) uses: `base_<random>`. */
  uniqueName(base: string): string;
  /**
   * Declares tables in a fresh MetaData under unique names; they are created in `beforeAll` and
   * dropped in `afterAll`.
   */
  defineTables<T>(build: (metadata: MetaData, name: (base: string) => string) => T): T;
  /** Another engine on the same database (own pool / options), disposed in `afterAll`. */
  newEngine(options?: EngineOptions): Engine;
}

export interface DescribeEachOptions {
  /** Run only on these targets (the others do not appear). */
  only?: readonly TestTarget[];
  /** Options of the suite's engine. */
  engine?: EngineOptions;
  /**
   * On SQLite, use a database file (removed after the suite) instead of memory, so a second
   * engine — a separate connection — sees what the suite's engine committed.
   */
  sqliteFile?: boolean;
}

/** Declares `fn` once per database, as `describe('<title> [<target>]')`. */
export function describeEachDialect(
  title: string,
  fn: (d: DialectContext) => void,
  options: DescribeEachOptions = {},
): void {
  for (const plan of testPlan()) {
    if (options.only !== undefined && !options.only.includes(plan.target)) continue;
    const name = `${title} [${plan.target}]`;
    if (plan.mustFail !== undefined) {
      describe(name, () => {
        it(`cannot run: ${plan.mustFail} (listed in ATHANOR_TEST_DIALECTS)`, () => {
          throw new Error(`${plan.target} is listed in ATHANOR_TEST_DIALECTS but ${plan.mustFail}`);
        });
      });
    } else if (plan.skipReason !== undefined) {
      describe.skip(`${name} — skipped: ${plan.skipReason}`, () => {
        it(`needs ${plan.target}: ${plan.skipReason}`, () => undefined);
      });
    } else {
      describe(name, () => declare(plan, fn, options));
    }
  }
}

function declare(plan: TargetPlan, fn: (d: DialectContext) => void, options: DescribeEachOptions): void {
  const { target } = plan;
  const file = target === 'sqlite' && options.sqliteFile ? sqliteFile(plan.url!) : undefined;
  const url = file?.url ?? plan.url!;
  const engines: Engine[] = [];
  const newEngine = (opts: EngineOptions = {}): Engine => {
    const e = createEngine(url, opts);
    engines.push(e);
    return e;
  };
  const engine = newEngine(options.engine);
  const ctx: DialectContext = {
    target,
    url,
    engine,
    get dialect() {
      return engine.dialect.name;
    },
    uniqueName,
    defineTables<T>(build: (metadata: MetaData, name: (base: string) => string) => T): T {
      const metadata = new MetaData();
      const result = build(metadata, uniqueName);
      beforeAll(() => metadata.createAll(engine));
      afterAll(() => metadata.dropAll(engine));
      return result;
    },
    newEngine,
  };
  beforeAll(() => engine.resolveDialect());
  fn(ctx);
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    file?.remove();
  });
}

/** A fresh database file for `sqliteFile` suites on SQLite (same driver as `base`), and how to remove it. */
function sqliteFile(base: string): { url: string; remove: () => void } {
  const file = join(tmpdir(), `${uniqueName('athanor')}.db`);
  const remove = (): void => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  };
  return { url: `${base.slice(0, base.indexOf('://'))}:///${file}`, remove };
}

let counter = 0;
const processTag = randomBytes(3).toString('hex');

/** A unique identifier: `base_<process tag><counter>`, short enough for every dialect. */
export function uniqueName(base: string): string {
  return `${base}_${processTag}${(counter++).toString(36)}`;
}

function hostPort(url: string): string {
  const u = parseUrl(url);
  return `${u.host ?? '127.0.0.1'}:${u.port ?? (u.dialect === 'postgresql' ? 5432 : 3306)}`;
}

/** Which URLs accept a TCP connection within 1 s, checked synchronously in a child process. */
function probe(urls: readonly string[]): Record<string, boolean> {
  const endpoints = urls.map((url) => {
    const [host, port] = hostPort(url).split(/:(?=\d+$)/);
    return { url, host, port: Number(port) };
  });
  const script = `
    const net = require('net');
    const eps = JSON.parse(process.argv[1]);
    Promise.all(eps.map((e) => new Promise((res) => {
      const s = net.connect({ host: e.host, port: e.port });
      const done = (ok) => { s.destroy(); res([e.url, ok]); };
      s.setTimeout(1000, () => done(false));
      s.on('connect', () => done(true));
      s.on('error', () => done(false));
    }))).then((r) => process.stdout.write(JSON.stringify(Object.fromEntries(r))));`;
  try {
    const out = execFileSync(process.execPath, ['-e', script, JSON.stringify(endpoints)], {
      encoding: 'utf8',
      timeout: 5000,
    });
    return JSON.parse(out) as Record<string, boolean>;
  } catch {
    return {};
  }
}
