import { STANDARD_CAPABILITIES, type DialectCapabilities } from '../../sql/compiler/capabilities';

/** What SQL Server can do: OUTPUT instead of RETURNING, 2,100 parameters, 1,000 VALUES rows, MERGE. */
export const mssqlCapabilities: DialectCapabilities = Object.freeze({
  ...STANDARD_CAPABILITIES,
  deleteUsing: 'from',
  returning: 'output',
  maxParams: 2098,
  maxRowsPerInsert: 1000,
  transactionalDdl: true,
  nullsOrdering: false,
  upsert: 'merge',
  maxIdentifierLength: 128,
  sequences: true,
});
