import type { DialectDefinition } from '../../drivers/dialect-definition';
import { mssqlInspector } from './inspector';
import { mssqlCapabilities } from './capabilities';
import { MssqlCompiler, mssqlPreparer } from './compiler';
import { MssqlDdlCompiler } from './ddl-compiler';
import { MSSQL_PORT, mssqlDriver } from './driver';
import { mssqlTransactions } from './transactions';
import { mssqlTypes } from './types';
import { MssqlMigrationDdl } from './migration-ddl';

/** SQL Server through `mssql` (tedious): `mssql://` or `sqlserver://` URLs. */
export const mssqlDialect: DialectDefinition<'mssql'> = Object.freeze({
  name: 'mssql',
  schemes: Object.freeze(['mssql', 'sqlserver']),
  urlStyle: 'server',
  telemetryName: 'microsoft.sql_server',
  defaultPort: MSSQL_PORT,
  capabilities: mssqlCapabilities,
  types: mssqlTypes,
  preparer: mssqlPreparer,
  statementCompiler: MssqlCompiler,
  ddlCompiler: MssqlDdlCompiler,
  migrationDdlCompiler: MssqlMigrationDdl,
  driver: mssqlDriver,
  transactions: mssqlTransactions,
  inspector: mssqlInspector,
});

export { MssqlCompiler, MssqlDdlCompiler };
