/**
 * Counts the statements every entry sends, by wrapping `Client.prototype.query` of each copy of
 * `pg` in the process (MikroORM ships its own copy). The wrapper costs one increment per query,
 * the same for every entry.
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

/** Installs the counter on every resolvable copy of `pg`; returns the paths patched. */
export function installStatementCounter(): string[] {
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
