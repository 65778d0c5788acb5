import type { DialectCapabilities } from '../compiler/capabilities';
import { CAPABILITIES } from '../compiler/capabilities';
import type { SqlCompiler } from '../compiler/compiler';
import type { CompiledQuery } from '../compiled-query';
import type { DialectName } from '../dialect-name';
import { ArgumentError } from '../../errors';
import type { StatementNode } from '../nodes';
import type { Executable } from '../selectable';
import { MssqlCompiler } from './mssql';
import { MariadbCompiler, MysqlCompiler } from './mysql';
import { OracleCompiler } from './oracle';
import { PostgresCompiler } from './postgresql';
import { SqliteCompiler } from './sqlite';

/** A SQL dialect: its name, its capability table, and a compiler factory. */
export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  createCompiler(): SqlCompiler;
}

const makers: Record<DialectName, () => SqlCompiler> = {
  postgresql: () => new PostgresCompiler(),
  mysql: () => new MysqlCompiler(),
  mariadb: () => new MariadbCompiler(),
  sqlite: () => new SqliteCompiler(),
  mssql: () => new MssqlCompiler(),
  oracle: () => new OracleCompiler(),
};

const dialects = new Map<DialectName, Dialect>(
  (Object.keys(makers) as DialectName[]).map((name) => [
    name,
    Object.freeze({ name, capabilities: CAPABILITIES[name], createCompiler: makers[name] }),
  ]),
);

/** The dialect called `name`. @example getDialect('postgresql').capabilities.fullJoin // true */
export function getDialect(name: DialectName): Dialect {
  const dialect = dialects.get(name);
  if (dialect === undefined) {
    throw new ArgumentError(
      `unknown dialect '${String(name)}'; expected one of ${[...dialects.keys()].join(', ')}`,
    );
  }
  return dialect;
}

/**
 * Compiles a statement for a dialect: SQL with the dialect's placeholders, and the parameters.
 *
 * @example
 * compile(select(users.c.id).where(users.c.name.eq('sandy')), 'postgresql')
 * // { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1', params: ['sandy'], … }
 */
export function compile(
  statement: Executable | StatementNode,
  dialect: DialectName | Dialect,
): CompiledQuery {
  const d = typeof dialect === 'string' ? getDialect(dialect) : dialect;
  const node = 'kind' in statement ? statement : statement.toStatementNode();
  return d.createCompiler().compile(node);
}

export { PostgresCompiler, MysqlCompiler, MariadbCompiler, SqliteCompiler, MssqlCompiler, OracleCompiler };
