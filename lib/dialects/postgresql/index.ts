import type { DialectDefinition } from '../../drivers/dialect-definition';
import { postgresqlInspector } from './inspector';
import { postgresqlCapabilities } from './capabilities';
import { PostgresCompiler } from './compiler';
import { pgDriver } from './driver';
import { postgresqlTransactions } from './transactions';
import { postgresqlTypes } from './types';

/** PostgreSQL through `pg`: `postgresql://` or `postgres://` URLs. */
export const postgresqlDialect: DialectDefinition<'postgresql'> = Object.freeze({
  name: 'postgresql',
  schemes: Object.freeze(['postgresql', 'postgres']),
  urlStyle: 'server',
  capabilities: postgresqlCapabilities,
  types: postgresqlTypes,
  createCompiler: () => new PostgresCompiler(),
  driver: pgDriver,
  transactions: postgresqlTransactions,
  inspector: postgresqlInspector,
});

export { PostgresCompiler };
