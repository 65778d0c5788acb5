import type { DialectDefinition } from '../../drivers/dialect-definition';
import { identifierPreparer } from '../../sql/compiler/identifier-preparer';
import { postgresqlInspector } from './inspector';
import { postgresqlReplication } from './replication';
import { postgresqlCapabilities } from './capabilities';
import { PostgresCompiler } from './compiler';
import { PostgresDdlCompiler } from './ddl-compiler';
import { POSTGRESQL_PORT, pgDriver } from './driver';
import { postgresqlTransactions } from './transactions';
import { postgresqlTypes } from './types';
import { PostgresMigrationDdl } from './migration-ddl';
import { POSTGRESQL_LINT_RULES } from './migration-lint';

/** PostgreSQL through `pg`: `postgresql://` or `postgres://` URLs. */
export const postgresqlDialect: DialectDefinition<'postgresql'> = Object.freeze({
  name: 'postgresql',
  schemes: Object.freeze(['postgresql', 'postgres']),
  urlStyle: 'server',
  telemetryName: 'postgresql',
  defaultPort: POSTGRESQL_PORT,
  capabilities: postgresqlCapabilities,
  types: postgresqlTypes,
  // NAMEDATALEN - 1: longer names are truncated by the server without an error.
  preparer: identifierPreparer({ open: '"', maxIdentifierBytes: 63 }),
  statementCompiler: PostgresCompiler,
  ddlCompiler: PostgresDdlCompiler,
  migrationDdlCompiler: PostgresMigrationDdl,
  migrationLintRules: POSTGRESQL_LINT_RULES,
  driver: pgDriver,
  transactions: postgresqlTransactions,
  inspector: postgresqlInspector,
  replication: postgresqlReplication,
});

export { PostgresCompiler, PostgresDdlCompiler };
