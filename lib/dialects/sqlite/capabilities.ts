import { STANDARD_CAPABILITIES, type DialectCapabilities } from '../../sql/compiler/capabilities';

/** What SQLite (3.35+) can do: RETURNING, transactional DDL, ON CONFLICT; no FOR UPDATE. */
export const sqliteCapabilities: DialectCapabilities = Object.freeze({
  ...STANDARD_CAPABILITIES,
  deleteUsing: 'none',
  returning: 'returning',
  returningSeesTriggerChanges: false,
  updateFromReturning: false,
  maxParams: 32766,
  transactionalDdl: true,
  alterForeignKeys: false,
  forUpdate: false,
  upsert: 'onConflict',
  maxIdentifierLength: Number.MAX_SAFE_INTEGER,
});
