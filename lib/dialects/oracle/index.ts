import type { DialectDefinition } from '../../drivers/dialect-definition';
import { oracleInspector } from './inspector';
import { oracleCapabilities } from './capabilities';
import { OracleCompiler } from './compiler';
import { oracleDriver } from './driver';
import { oracleTransactions } from './transactions';
import { oracleTypes } from './types';

/** Oracle (12c+) through `oracledb`: `oracle://` URLs. */
export const oracleDialect: DialectDefinition<'oracle'> = Object.freeze({
  name: 'oracle',
  schemes: Object.freeze(['oracle']),
  urlStyle: 'server',
  capabilities: oracleCapabilities,
  types: oracleTypes,
  createCompiler: () => new OracleCompiler(),
  driver: oracleDriver,
  transactions: oracleTransactions,
  inspector: oracleInspector,
});

export { OracleCompiler };
