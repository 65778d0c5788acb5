/**
 * A database of its own for an example application (whose tables have plain names such as
 * `users`): a fresh database on PostgreSQL / MariaDB, dropped afterwards; memory on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { text } from '../../lib/sql';
import type { DialectContext } from '../support/dialects';

export interface ExampleDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function exampleDatabase(d: DialectContext, prefix: string): Promise<ExampleDatabase> {
  if (d.target === 'sqlite') return { url: 'sqlite://', drop: async () => undefined };
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await d.engine.execute(text(`CREATE DATABASE ${name}`));
  return {
    url: d.url.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`),
    drop: async () => void (await d.engine.execute(text(`DROP DATABASE IF EXISTS ${name}`))),
  };
}
