import type { DialectDefinition } from '../../drivers/dialect-definition';
import { mysqlInspector } from './inspector';
import { mysqlGtidSetReplication } from './replication';
import { mysqlCapabilities } from './capabilities';
import { MysqlCompiler, mysqlPreparer } from './compiler';
import { MysqlDdlCompiler } from './ddl-compiler';
import { MYSQL_PORT, mysqlDriver } from './driver';
import { mysqlTransactions } from './transactions';
import { mysqlTypes } from './types';
import { MysqlMigrationDdl } from './migration-ddl';
import { MYSQL_LINT_RULES } from './migration-lint';

/**
 * MySQL 8 through `mysql2`: `mysql://` URLs. A MariaDB ≥ 10.5 server answering a `mysql://` URL
 * switches the engine to the `mariadb` dialect when the first connection opens.
 */
export const mysqlDialect: DialectDefinition<'mysql'> = Object.freeze({
  name: 'mysql',
  schemes: Object.freeze(['mysql']),
  urlStyle: 'server',
  telemetryName: 'mysql',
  defaultPort: MYSQL_PORT,
  capabilities: mysqlCapabilities,
  types: mysqlTypes,
  preparer: mysqlPreparer,
  statementCompiler: MysqlCompiler,
  ddlCompiler: MysqlDdlCompiler,
  migrationDdlCompiler: MysqlMigrationDdl,
  migrationLintRules: MYSQL_LINT_RULES,
  driver: mysqlDriver,
  transactions: mysqlTransactions,
  inspector: mysqlInspector,
  replication: mysqlGtidSetReplication,
});

export { MysqlCompiler, MysqlDdlCompiler };
