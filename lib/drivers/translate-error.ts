import {
  AthanorError,
  CommitOutcomeUnknownError,
  DatabaseBusyError,
  DatabaseError,
  DataError,
  DeadlockError,
  IntegrityError,
  LockTimeoutError,
  OperationalError,
  PacketTooLargeError,
  ProgrammingError,
  SerializationError,
  StatementTimeoutError,
  type StatementContext,
} from '../errors';
import { errorMessage, type ErrorClassification } from './driver';

const CLASSES = {
  integrity: IntegrityError,
  operational: OperationalError,
  programming: ProgrammingError,
  data: DataError,
  database: DatabaseError,
  deadlock: DeadlockError,
  serialization: SerializationError,
  lockTimeout: LockTimeoutError,
  busy: DatabaseBusyError,
  // Built with its sizes in translateError.
  packetTooLarge: DataError,
  statementTimeout: StatementTimeoutError,
  // Built in translateError: it carries no statement.
  commitOutcomeUnknown: OperationalError,
} as const;

const REDACTED = Object.freeze(['[redacted]']);

/** How parameters appear in messages and errors. @internal */
export function shownParams(params: readonly unknown[], redact: boolean): readonly unknown[] {
  return redact && params.length > 0 ? REDACTED : params;
}

/** A short rendering of parameters for messages. @internal */
export function formatParams(params: readonly unknown[]): string {
  const text = JSON.stringify(params, (_k, v: unknown) =>
    typeof v === 'bigint'
      ? v.toString()
      : typeof v === 'string' && v.length > 100
        ? `${v.slice(0, 100)}…`
        : Buffer.isBuffer(v)
          ? `<${v.length} bytes>`
          : v,
  );
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * A driver error as the `AthanorError` subclass its classification names, carrying the SQL, the
 * parameters (or `[redacted]`) and the driver's error as `cause`. Already-translated errors pass.
 * @internal
 */
export function translateError(
  error: unknown,
  classification: ErrorClassification,
  statement: StatementContext | undefined,
  redact: boolean,
): AthanorError {
  if (error instanceof AthanorError) return error;
  if (classification.kind === 'commitOutcomeUnknown') return commitOutcomeUnknown(error, statement);
  const Class = CLASSES[classification.kind];
  const base = errorMessage(error);
  const code = (error as { code?: unknown } | null)?.code;
  const tag = typeof code === 'string' || typeof code === 'number' ? ` (${code})` : '';
  if (statement === undefined) return new Class(`${base}${tag}`, undefined, { cause: error });
  const params = shownParams(statement.params, redact);
  const message = `${base}${tag}\n[SQL: ${statement.sql}]${params.length ? `\n[parameters: ${formatParams(params)}]` : ''}`;
  if (classification.kind === 'packetTooLarge') {
    const sizes = error as { maxAllowedPacket?: unknown; packetBytes?: unknown };
    return new PacketTooLargeError(
      message,
      { sql: statement.sql, params },
      Number(sizes.maxAllowedPacket ?? Number.NaN),
      Number(sizes.packetBytes ?? Number.NaN),
      { cause: error },
    );
  }
  return new Class(message, { sql: statement.sql, params }, { cause: error });
}

/**
 * The server says it cannot tell whether the transaction committed: the same error as a
 * connection lost while COMMIT was in flight, so that no retry helper runs the work again blindly.
 */
function commitOutcomeUnknown(error: unknown, statement: StatementContext | undefined): AthanorError {
  const code = (error as { code?: unknown } | null)?.code;
  const tag = typeof code === 'string' || typeof code === 'number' ? ` (${code})` : '';
  const during = statement === undefined ? '' : `\n[SQL: ${statement.sql}]`;
  return new CommitOutcomeUnknownError(
    `the server cannot tell whether the transaction was committed: ${errorMessage(error)}${tag}${during}`,
    { cause: error },
  );
}
