import { STANDARD_CAPABILITIES, type DialectCapabilities } from '../../sql/compiler/capabilities';

/** What Oracle (12c+) can do: RETURNING … INTO out-binds, MERGE; no transactional DDL, no UPDATE … FROM. */
export const oracleCapabilities: DialectCapabilities = Object.freeze({
  ...STANDARD_CAPABILITIES,
  deleteUsing: 'none',
  returning: 'into',
  multiRowReturningOrdered: false,
  transactionalDdl: false,
  upsert: 'merge',
  updateFrom: false,
  maxIdentifierLength: 128,
  commentStatements: true,
  sequences: true,
});
