import type { DialectDefinition } from '../../drivers/dialect-definition';
import { mssqlInspector } from './inspector';
import { mssqlCapabilities } from './capabilities';
import { MssqlCompiler } from './compiler';
import { mssqlDriver } from './driver';
import { mssqlTransactions } from './transactions';

/** SQL Server through `mssql` (tedious): `mssql://` or `sqlserver://` URLs. */
export const mssqlDialect: DialectDefinition = Object.freeze({
  name: 'mssql',
  schemes: Object.freeze(['mssql', 'sqlserver']),
  urlStyle: 'server',
  capabilities: mssqlCapabilities,
  createCompiler: () => new MssqlCompiler(),
  driver: mssqlDriver,
  transactions: mssqlTransactions,
  inspector: mssqlInspector,
});

export { MssqlCompiler };
