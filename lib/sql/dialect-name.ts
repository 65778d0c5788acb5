/** The SQL dialects Athanor compiles for. `mariadb` is MySQL's dialect plus RETURNING. */
export type DialectName = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite' | 'mssql' | 'oracle';

/** Every dialect name, in a fixed order (for loops over all dialects, as in the specs). */
export const DIALECT_NAMES: readonly DialectName[] = Object.freeze([
  'postgresql',
  'mysql',
  'mariadb',
  'sqlite',
  'mssql',
  'oracle',
]);
