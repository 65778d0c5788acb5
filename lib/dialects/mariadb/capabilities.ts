import { STANDARD_CAPABILITIES, type DialectCapabilities } from '../../sql/compiler/capabilities';

/** What MariaDB ≥ 10.5 can do: MySQL's table, plus INSERT/DELETE … RETURNING in VALUES order. */
export const mariadbCapabilities: DialectCapabilities = Object.freeze({
  ...STANDARD_CAPABILITIES,
  returning: 'returning',
  updateReturning: false,
  updateFromReturning: false,
  // Its multi-table UPDATE writes a temporary table of the changed rows (on disk for TEXT columns).
  updateFromMinRows: 32,
  transactionalDdl: false,
  fullJoin: false,
  nullsOrdering: false,
  upsert: 'onDuplicateKey',
  maxIdentifierLength: 64,
  indexesInCreateTable: true,
  sequences: true,
});
