/**
 * Counts the statements every entry sends, by wrapping the statement calls of each driver: pg's
 * `Client.prototype.query` (every copy in the process; MikroORM ships its own), mysql2's
 * `query`/`execute`, sqlite3's and better-sqlite3's statement `run`/`all`/`get`/`iterate`, and the
 * `mariadb` driver's connection `query`/`prepareExecute` (Prisma's MariaDB adapter uses it). The
 * wrapper costs one increment per call, the same for every entry.
 */
import * as path from 'node:path';

let count = 0;

/** Statements sent so far by any entry. */
export function statementCount(): number {
  return count;
}

interface QueryableProto {
  query: (...args: unknown[]) => unknown;
  __benchCounted?: boolean;
}

function countCalls(proto: Record<string, unknown> & QueryableProto, methods: string[]): void {
  if (proto.__benchCounted) return;
  for (const m of methods) {
    const original = proto[m] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    proto[m] = function counted(this: unknown, ...args: unknown[]): unknown {
      count++;
      return original.apply(this, args);
    };
  }
  proto.__benchCounted = true;
}

/** The SQLite and MySQL client libraries of the root package and the bench's mariadb, when installed. */
function installOtherDrivers(root: string): void {
  const load = (name: string, from = root): unknown => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(require.resolve(name, { paths: [from] }));
    } catch {
      return undefined;
    }
  };
  type Proto = Record<string, unknown> & QueryableProto;
  const mysql2 = load('mysql2') as { Connection?: { prototype: Proto } } | undefined;
  if (mysql2?.Connection) countCalls(mysql2.Connection.prototype, ['query', 'execute']);
  const sqlite3 = load('sqlite3') as { Statement?: { prototype: Proto } } | undefined;
  if (sqlite3?.Statement) countCalls(sqlite3.Statement.prototype, ['run', 'all', 'get']);
  const Better = load('better-sqlite3') as
    (new (file: string) => { prepare(sql: string): object; close(): void }) | undefined;
  if (Better) {
    const db = new Better(':memory:');
    countCalls(Object.getPrototypeOf(db.prepare('SELECT 1')) as Proto, ['run', 'all', 'get', 'iterate']);
    db.close();
  }
  const mariadb = load('mariadb/lib/connection.js', path.join(__dirname, '..')) as
    { prototype: Proto } | undefined;
  if (mariadb?.prototype) countCalls(mariadb.prototype, ['query', 'prepareExecute']);
}

/** Installs the counter on every resolvable copy of `pg` and on the other drivers; returns pg's paths. */
export function installStatementCounter(): string[] {
  installOtherDrivers(path.join(__dirname, '..', '..'));
  const roots = [
    __dirname,
    path.join(__dirname, '..', 'node_modules', '@mikro-orm', 'postgresql'),
    path.join(__dirname, '..', '..'),
  ];
  const patched: string[] = [];
  for (const root of roots) {
    let file: string;
    try {
      file = require.resolve('pg', { paths: [root] });
    } catch {
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require(file) as { Client: { prototype: QueryableProto } };
    const proto = pg.Client.prototype;
    if (proto.__benchCounted) continue;
    const original = proto.query;
    proto.query = function countedQuery(this: unknown, ...args: unknown[]): unknown {
      count++;
      return original.apply(this, args);
    };
    proto.__benchCounted = true;
    patched.push(file);
  }
  return patched;
}
