/**
 * The built-in dialects, one folder each: compiler hooks, capabilities, transaction statements,
 * URL schemes and the client-library adapter. The package entry registers them; a seventh dialect
 * is a `DialectDefinition` passed to `registerDialect`.
 */
import { mariadbDialect } from './mariadb';
import { mssqlDialect } from './mssql';
import { mysqlDialect } from './mysql';
import { oracleDialect } from './oracle';
import { postgresqlDialect } from './postgresql';
import { sqliteDialect } from './sqlite';

/** The six dialects the package entry registers, in a fixed order. */
export const BUILT_IN_DIALECTS = Object.freeze([
  postgresqlDialect,
  mysqlDialect,
  mariadbDialect,
  sqliteDialect,
  mssqlDialect,
  oracleDialect,
] as const);

/** The name of a built-in dialect. */
export type BuiltInDialectName = (typeof BUILT_IN_DIALECTS)[number]['name'];

/** Every built-in dialect's name, in a fixed order (for loops over all dialects, as in the specs). */
export const DIALECT_NAMES: readonly BuiltInDialectName[] = Object.freeze(
  BUILT_IN_DIALECTS.map((d) => d.name),
);

export { postgresqlDialect, PostgresCompiler, PostgresDdlCompiler } from './postgresql';
export { mysqlDialect, MysqlCompiler, MysqlDdlCompiler } from './mysql';
export { mariadbDialect, MariadbCompiler, MariadbDdlCompiler } from './mariadb';
export { sqliteDialect, SqliteCompiler, SqliteDdlCompiler } from './sqlite';
export { mssqlDialect, MssqlCompiler, MssqlDdlCompiler } from './mssql';
export { oracleDialect, OracleCompiler, OracleDdlCompiler } from './oracle';
