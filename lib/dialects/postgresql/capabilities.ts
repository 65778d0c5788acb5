import { STANDARD_CAPABILITIES, type DialectCapabilities } from '../../sql/compiler/capabilities';

/** What PostgreSQL can do: RETURNING, transactional DDL, ILIKE, ON CONFLICT. */
export const postgresqlCapabilities: DialectCapabilities = Object.freeze({
  ...STANDARD_CAPABILITIES,
  returning: 'returning',
  transactionalDdl: true,
  nativeIlike: true,
  upsert: 'onConflict',
  maxIdentifierLength: 63,
  namedEnumTypes: true,
  commentStatements: true,
  sequences: true,
});
