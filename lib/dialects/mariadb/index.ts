import type { DialectDefinition } from '../../drivers/dialect-definition';
import { mariadbInspector } from './inspector';
import { mysqlPreparer } from '../mysql/compiler';
import { MYSQL_PORT, mysqlDriver } from '../mysql/driver';
import { mysqlTransactions } from '../mysql/transactions';
import { mysqlTypes } from '../mysql/types';
import { mariadbGtidReplication } from '../mysql/replication';
import { mariadbCapabilities } from './capabilities';
import { MariadbCompiler } from './compiler';
import { MariadbDdlCompiler } from './ddl-compiler';
import { MariadbMigrationDdl } from './migration-ddl';
import { MYSQL_LINT_RULES } from '../mysql/migration-lint';

/** MariaDB through `mysql2` (the MySQL client): `mariadb://` URLs. */
export const mariadbDialect: DialectDefinition<'mariadb'> = Object.freeze({
  name: 'mariadb',
  schemes: Object.freeze(['mariadb']),
  urlStyle: 'server',
  telemetryName: 'mariadb',
  defaultPort: MYSQL_PORT,
  capabilities: mariadbCapabilities,
  types: mysqlTypes,
  preparer: mysqlPreparer,
  statementCompiler: MariadbCompiler,
  ddlCompiler: MariadbDdlCompiler,
  migrationDdlCompiler: MariadbMigrationDdl,
  migrationLintRules: MYSQL_LINT_RULES,
  driver: mysqlDriver,
  transactions: mysqlTransactions,
  inspector: mariadbInspector,
  replication: mariadbGtidReplication,
});

export { MariadbCompiler, MariadbDdlCompiler };
