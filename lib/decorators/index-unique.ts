import { declarationOf } from './declarations';

function push<K extends 'indexes' | 'uniques'>(cls: { prototype: object }, key: K, item: object): void {
  const table = declarationOf(cls.prototype).table as Record<K, object[] | undefined>;
  table[key] = [...(table[key] ?? []), item];
}

/**
 * A (composite) index over property keys, or `{ sql }` expressions; `where` makes it partial.
 * @example @Index(['lastName', 'firstName'], { name: 'ix_people_name' }) @Table('people') class Person { … }
 * @example @Index([{ sql: 'lower(email)' }], { unique: true, where: 'deleted_at IS NULL' })
 */
export function Index(
  columns: readonly (string | { sql: string })[],
  options: { name?: string; unique?: boolean; where?: string; using?: string } = {},
): ClassDecorator {
  return (cls) => push(cls as unknown as { prototype: object }, 'indexes', { ...options, columns });
}

/**
 * A (composite) UNIQUE constraint over property keys.
 * @example @Unique(['tenantId', 'email']) @Table('accounts') class Account { … }
 */
export function Unique(columns: readonly string[], options: { name?: string } = {}): ClassDecorator {
  return (cls) => push(cls as unknown as { prototype: object }, 'uniques', { ...options, columns });
}
