import { STANDARD_CAPABILITIES, type DialectCapabilities } from '../../sql/compiler/capabilities';

/**
 * What MySQL 8 can do: no RETURNING (so no ordered multi-row RETURNING either), no transactional
 * DDL, no FULL JOIN, no NULLS FIRST/LAST, ON DUPLICATE KEY UPDATE.
 */
export const mysqlCapabilities: DialectCapabilities = Object.freeze({
  ...STANDARD_CAPABILITIES,
  returning: 'none',
  updateReturning: false,
  updateFromReturning: false,
  // Its multi-table UPDATE writes a temporary table of the changed rows (on disk for TEXT columns).
  updateFromMinRows: 32,
  multiRowReturningOrdered: false,
  transactionalDdl: false,
  fullJoin: false,
  nullsOrdering: false,
  upsert: 'onDuplicateKey',
  maxIdentifierLength: 64,
  indexesInCreateTable: true,
});
