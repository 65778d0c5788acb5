/**
 * What every conformance suite needs: a suite per database (SQLite on a file, so a second
 * connection can read back what was committed), entities in their own registry under unique table
 * names, sessions closed after each test, the statements sent, and rows read back on a separate
 * connection.
 *
 * @example
 * conformanceSuite('test_cascade.py O2MCascadeTest', (c) => {
 *   const { User, Address } = c.entities((registry, name) => {
 *     @Table(name('users'), { registry }) class User { … }
 *     …
 *     return { User, Address };
 *   });
 *   it('deletes the children with the parent [test_cascade.py::O2MCascadeTest::test_delete]', async () => {
 *     const s = c.session();
 *     …
 *     expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
 *   });
 * });
 */
import { inspect, Registry, type Mapper } from '../../lib/mapper';
import { Session, type SessionOptions } from '../../lib/session';
import { text } from '../../lib/sql';
import type { Engine } from '../../lib/drivers';
import { describeEachDialect, type DescribeEachOptions, type DialectContext } from '../support/dialects';

/** One statement as the engine sent it. */
export interface SentStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Records the statements an engine sends between `start()` and `stop()`. */
export interface StatementLog {
  start(): void;
  stop(): SentStatement[];
  /** Everything recorded since `start()`. */
  readonly all: readonly SentStatement[];
  /** The recorded statements' SQL, without BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE. */
  dml(): string[];
  /** How many recorded statements start with `keyword` (case-insensitive). */
  count(keyword: string): number;
}

export interface ConformanceContext extends DialectContext {
  /**
   * Declares entities in a fresh registry (table names through `name()` are unique); their
   * tables are created before the suite's tests and dropped after them.
   */
  entities<T extends object>(build: (registry: Registry, name: (base: string) => string) => T): T;
  /**
   * A session on the suite's engine, closed after the test. Like SQLAlchemy's `Session()` it
   * expires objects on commit unless told otherwise.
   */
  session(options?: SessionOptions): Session;
  /** The statements the suite's engine sends. */
  readonly sql: StatementLog;
  /** The table name of an entity class, quoted for this database. */
  tableOf(cls: abstract new (...args: never[]) => object): string;
  /** Runs `sql` on a second engine (a separate connection) and returns its rows. */
  readBack(sql: string): Promise<Record<string, unknown>[]>;
  /** Deletes every row of the given entities' tables (children first), on the suite's engine. */
  clear(...classes: (abstract new (...args: never[]) => object)[]): Promise<void>;
}

/** `describeEachDialect` for conformance suites: one `describe` per database. */
export function conformanceSuite(
  title: string,
  fn: (c: ConformanceContext) => void,
  options: Omit<DescribeEachOptions, 'sqliteFile'> = {},
): void {
  describeEachDialect(title, (d) => fn(conformanceContext(d)), { ...options, sqliteFile: true });
}

function conformanceContext(d: DialectContext): ConformanceContext {
  const open = new Set<Session>();
  afterEach(async () => {
    const left = [...open];
    open.clear();
    await Promise.all(left.map((s) => s.close()));
  });
  let reader: Engine | undefined;
  const quote = (name: string): string =>
    d.dialect === 'mysql' || d.dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`;
  const tableName = (cls: abstract new (...args: never[]) => object): string =>
    (inspect(cls as never) as Mapper).table.name;
  return Object.assign(Object.create(d) as DialectContext, {
    entities<T extends object>(build: (registry: Registry, name: (base: string) => string) => T): T {
      const registry = new Registry();
      const result = build(registry, (base: string) => d.uniqueName(base));
      beforeAll(async () => {
        registry.configure();
        await registry.metadata.createAll(d.engine);
      });
      afterAll(() => registry.metadata.dropAll(d.engine));
      return result;
    },
    session(options?: SessionOptions): Session {
      const s = new Session(d.engine, { expireOnCommit: true, ...options });
      open.add(s);
      return s;
    },
    sql: statementLog(d.engine),
    tableOf: (cls: abstract new (...args: never[]) => object): string => quote(tableName(cls)),
    async readBack(sql: string): Promise<Record<string, unknown>[]> {
      reader ??= d.newEngine();
      return (await reader.execute(text(sql))).all() as Record<string, unknown>[];
    },
    async clear(...classes: (abstract new (...args: never[]) => object)[]): Promise<void> {
      for (const cls of classes) await d.engine.execute(text(`DELETE FROM ${quote(tableName(cls))}`));
    },
  });
}

const TRANSACTION_CONTROL = /^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

function statementLog(engine: Engine): StatementLog {
  const seen: SentStatement[] = [];
  let off: (() => void) | undefined;
  afterEach(() => {
    off?.();
    off = undefined;
  });
  return {
    start(): void {
      off?.(); // a test that failed before stop() must not leave its listener recording twice
      seen.length = 0;
      off = engine.on('beforeExecute', (e) => seen.push({ sql: e.sql, params: [...e.params] }));
    },
    stop(): SentStatement[] {
      off?.();
      off = undefined;
      return [...seen];
    },
    get all(): readonly SentStatement[] {
      return seen;
    },
    dml(): string[] {
      return seen.map((s) => s.sql).filter((sql) => !TRANSACTION_CONTROL.test(sql));
    },
    count(keyword: string): number {
      const k = keyword.toUpperCase();
      return seen.filter((s) => s.sql.trimStart().toUpperCase().startsWith(k)).length;
    },
  };
}
