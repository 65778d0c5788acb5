import type { DialectDefinition } from '../../drivers/dialect-definition';
import { STANDARD_PREPARER } from '../../sql/compiler/identifier-preparer';
import { oracleInspector } from './inspector';
import { oracleCapabilities } from './capabilities';
import { OracleCompiler } from './compiler';
import { OracleDdlCompiler } from './ddl-compiler';
import { ORACLE_PORT, oracleDriver } from './driver';
import { oracleTransactions } from './transactions';
import { oracleTypes } from './types';
import { OracleMigrationDdl } from './migration-ddl';

/** Oracle (12c+) through `oracledb`: `oracle://` URLs. */
export const oracleDialect: DialectDefinition<'oracle'> = Object.freeze({
  name: 'oracle',
  schemes: Object.freeze(['oracle']),
  urlStyle: 'server',
  telemetryName: 'oracle.db',
  defaultPort: ORACLE_PORT,
  capabilities: oracleCapabilities,
  types: oracleTypes,
  preparer: STANDARD_PREPARER,
  statementCompiler: OracleCompiler,
  ddlCompiler: OracleDdlCompiler,
  migrationDdlCompiler: OracleMigrationDdl,
  driver: oracleDriver,
  transactions: oracleTransactions,
  inspector: oracleInspector,
});

export { OracleCompiler, OracleDdlCompiler };
