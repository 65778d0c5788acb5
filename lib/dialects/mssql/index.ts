import type { DialectDefinition } from '../../drivers/dialect-definition';
import { mssqlInspector } from './inspector';
import { mssqlCapabilities } from './capabilities';
import { MssqlCompiler } from './compiler';
import { mssqlDriver } from './driver';
import { mssqlTransactions } from './transactions';
import { mssqlTypes } from './types';

/** SQL Server through `mssql` (tedious): `mssql://` or `sqlserver://` URLs. */
export const mssqlDialect: DialectDefinition<'mssql'> = Object.freeze({
  name: 'mssql',
  schemes: Object.freeze(['mssql', 'sqlserver']),
  urlStyle: 'server',
  capabilities: mssqlCapabilities,
  types: mssqlTypes,
  createCompiler: () => new MssqlCompiler(),
  driver: mssqlDriver,
  transactions: mssqlTransactions,
  inspector: mssqlInspector,
});

export { MssqlCompiler };
