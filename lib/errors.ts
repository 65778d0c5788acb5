/**
 * One error hierarchy for the whole library. Every error Athanor raises is an `AthanorError`,
 * so applications can catch ours apart from their own.
 */
export class AthanorError extends Error {
  /**
   * An error with its message and, optionally, the error that caused it.
   *
   * @param message - What went wrong, naming the entity, column or option at fault.
   * @param options - `cause`: the underlying error, when there is one.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A mapping, table definition or option is wrong; raised at definition or configure time. */
export class ConfigurationError extends AthanorError {}

/**
 * Read-replica routing was asked of a database that has no replication positions to route by
 * (SQLite, or a dialect whose position queries are not written yet); the message names it.
 */
export class ReplicaRoutingUnsupportedError extends ConfigurationError {}

/**
 * The client library a database URL needs is not installed. Drivers are optional peer
 * dependencies of Athanor: an application installs the one it uses (`npm install pg`).
 */
export class DriverNotInstalledError extends ConfigurationError {
  /**
   * The message says which package to install and what needs it.
   *
   * @param options - `cause`: the error raised when the package was required.
   */
  constructor(
    /** The npm package to install, e.g. `pg`. */
    readonly packageName: string,
    /** What needs it, e.g. `postgresql:// URLs` or `conn.stream() on PostgreSQL`. */
    readonly neededFor: string,
    options?: { cause?: unknown },
  ) {
    super(`${packageName} is not installed (needed for ${neededFor}): npm install ${packageName}`, options);
  }
}

/** A statement cannot be compiled for the chosen dialect, or is malformed. */
export class CompileError extends AthanorError {}

/**
 * A sequence is used (its next value, or its CREATE / DROP) on a dialect that has no sequences
 * (SQLite, MySQL): the message names the sequence and the dialect.
 */
export class SequencesNotSupportedError extends CompileError {
  /**
   * The message names the sequence and the dialect.
   *
   * @param sequence - The sequence's name.
   * @param dialectName - The dialect that has none, e.g. `sqlite`.
   */
  constructor(
    /** The sequence's name. */
    readonly sequence: string,
    /** The dialect that has no sequences, e.g. `sqlite`. */
    readonly dialectName: string,
  ) {
    super(
      `sequence '${sequence}': the ${dialectName} dialect has no sequences; generate the column another way (autoincrement) on this database`,
    );
  }
}

/** An argument passed to a public function is invalid. */
export class ArgumentError extends AthanorError {}

/**
 * A value cannot be stored in a column without being changed: a fraction for an integer column, an
 * object for a string column, an invalid date, NaN, a lone surrogate, more decimals than the scale.
 * Raised before the statement is sent, by the type's bind processing, so nothing is written.
 */
export class InvalidValueError extends ArgumentError {
  /** The message is built from the reason, the type and (when known) the column. */
  constructor(
    /** Why the value was refused, e.g. `42.7 is not an integer`. */
    readonly reason: string,
    /** The column type, e.g. `integer` or `numeric(10, 2)`. */
    readonly typeName: string,
    /** The column, as `table.column`, when the statement names it. */
    readonly column?: string,
  ) {
    super(
      column === undefined
        ? `invalid ${typeName} value: ${reason}`
        : `invalid value for column ${column} (${typeName}): ${reason}`,
    );
  }

  /** The same error naming `column` (the compiler knows the column, the type does not). */
  forColumn(column: string | undefined): InvalidValueError {
    if (column === undefined || this.column !== undefined) return this;
    return new InvalidValueError(this.reason, this.typeName, column);
  }
}

/** What a failing statement carried, for errors raised while executing it. */
export interface StatementContext {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * A statement failed in the database. Carries the SQL, the parameters (unless redacted)
 * and the driver's own error as `cause`.
 */
export class StatementError extends AthanorError {
  /** The SQL of the failing statement (`undefined` when the error arose outside one). */
  readonly sql: string | undefined;
  /** The statement's bound parameters, unless the engine redacts them. */
  readonly params: readonly unknown[] | undefined;
  /**
   * An error carrying the failing statement's SQL and parameters.
   *
   * @param statement - The SQL and parameters of the statement that failed, if any.
   * @param options - `cause`: the driver's error.
   */
  constructor(message: string, statement: StatementContext | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.sql = statement?.sql;
    this.params = statement?.params;
  }
}

/** Base of errors that follow the DB-API classification. */
export class DatabaseError extends StatementError {}
/** A constraint was violated: unique, foreign key, not null or check. */
export class IntegrityError extends DatabaseError {}
/** The connection or server failed: lost connection, timeout, server shutting down. */
export class OperationalError extends DatabaseError {}
/** The SQL is wrong for the database: syntax error, unknown table or column. */
export class ProgrammingError extends DatabaseError {}
/** A value was not acceptable: overflow, invalid text representation. */
export class DataError extends DatabaseError {}

/**
 * The transaction lost to a concurrent one and was rolled back by the server; running the whole
 * unit of work again may succeed. Base of `DeadlockError` and `SerializationError`.
 */
export class TransactionConflictError extends OperationalError {}
/** The server broke a deadlock by rolling back this transaction (PostgreSQL 40P01, MySQL 1213). */
export class DeadlockError extends TransactionConflictError {}
/** A serializable (or repeatable read) transaction could not be serialized with a concurrent one (PostgreSQL 40001). */
export class SerializationError extends TransactionConflictError {}
/** A lock could not be taken in time (PostgreSQL 55P03 with `lock_timeout` or NOWAIT, MySQL 1205, SQLite BUSY). */
export class LockTimeoutError extends OperationalError {}
/**
 * SQLite: another connection holds the database file's lock (SQLITE_BUSY) — past `busy_timeout`,
 * or at once when a transaction that began by reading tries to write while another connection
 * writes (waiting could deadlock). Running the whole transaction again may succeed; beginning
 * write transactions with `BEGIN IMMEDIATE` (`?transaction_mode=immediate` in the URL) avoids the
 * second case.
 */
export class DatabaseBusyError extends LockTimeoutError {}
/** The statement ran past its time limit and was cancelled (PostgreSQL 57014, MySQL 3024, MariaDB 1969). */
export class StatementTimeoutError extends OperationalError {}

/**
 * The server sent no answer within the engine's `queryTimeoutMillis` (a stalled network or
 * server). The connection was closed and will not be reused; the statement may or may not have
 * run, so a transaction it belonged to is gone (roll the session back before using it again).
 */
export class QueryTimeoutError extends OperationalError {
  /**
   * An error carrying the statement and the limit that passed.
   *
   * @param statement - The statement that got no answer, if any.
   */
  constructor(
    message: string,
    statement: StatementContext | undefined,
    /** The limit that passed, in milliseconds. */
    readonly timeoutMillis: number,
  ) {
    super(message, statement);
  }
}

/**
 * A statement binds more parameters than the database accepts in one statement (PostgreSQL and
 * MySQL 65,535, SQLite 32,766, SQL Server 2,100). Raised before anything is sent. Flushes split
 * their INSERT / UPDATE / DELETE pages below the limit by themselves; a hand-written statement
 * (a long `in()` list, a multi-row `values()`) is not split, since that would change what one
 * statement means: split it in the caller, inside one transaction when it must stay atomic.
 */
export class TooManyParametersError extends CompileError {
  /** The message names the count, the limit and the dialect. */
  constructor(
    /** Parameters the statement binds. */
    readonly count: number,
    /** The database's limit. */
    readonly limit: number,
    /** The dialect, e.g. `postgresql`. */
    readonly dialect: string,
  ) {
    super(
      `the statement binds ${count} parameters; ${dialect} accepts at most ${limit} in one statement ` +
        '(split the IN list or the multi-row VALUES into several statements)',
    );
  }
}

/**
 * MySQL / MariaDB: a statement with its values is larger than the server's `max_allowed_packet`
 * (named with its value). Raised before the statement is sent, so nothing is written and the
 * connection stays usable; raise `max_allowed_packet` on the server or store less per row.
 */
export class PacketTooLargeError extends DataError {
  /**
   * An error carrying the statement and both sizes.
   *
   * @param statement - The statement that was not sent.
   * @param options - `cause`: the driver's error, if any.
   */
  constructor(
    message: string,
    statement: StatementContext | undefined,
    /** The server's max_allowed_packet, in bytes. */
    readonly maxAllowedPacket: number,
    /** The size of the statement's packet, in bytes (at least). */
    readonly packetBytes: number,
    options?: { cause?: unknown },
  ) {
    super(message, statement, options);
  }
}

/** No connection could be checked out of the pool before `acquireTimeoutMillis`. */
export class PoolTimeoutError extends OperationalError {}

/** `one()` found no row. */
export class NoResultError extends AthanorError {}
/** `one()` / `oneOrNull()` / `scalar()` found more than one row. */
export class MultipleResultsError extends AthanorError {}

/** An UPDATE or DELETE matched fewer rows than expected (optimistic locking). */
export class StaleDataError extends AthanorError {}

/** An unloaded relationship or expired attribute was read synchronously. */
export class LazyLoadError extends AthanorError {}

/**
 * A column attribute has no value to give: it was expired (by a commit, a rollback or `expire()`)
 * or never loaded. Raised when it is read, and by `toJSON()`, which never leaves it out silently.
 */
export class UnloadedAttributeError extends LazyLoadError {
  /**
   * An error naming the entity and the attribute.
   *
   * @param message - What was read, and why it has no value.
   */
  constructor(
    message: string,
    /** The mapped class, e.g. `User`. */
    readonly entity: string,
    /** The attribute, e.g. `email`. */
    readonly attribute: string,
  ) {
    super(message);
  }
}

/**
 * An entity's mapper-level primary key (`@Table(name, { primaryKey: [...] })`) is declared wrong:
 * it names an attribute that is not a column of the class, is empty, or is declared on a class
 * that inherits its identity from a mapped parent.
 */
export class MapperPrimaryKeyError extends ConfigurationError {
  /**
   * An error naming the entity and, where one is at fault, the attribute.
   *
   * @param message - What is wrong with the declared primary key.
   */
  constructor(
    message: string,
    /** The mapped class, e.g. `Account`. */
    readonly entity: string,
    /** The attribute named, where one is at fault. */
    readonly attribute: string | undefined,
  ) {
    super(message);
  }
}

/**
 * A class mapped to a select or a join (`@Table({ mappedTo })`) that the ORM cannot read or write:
 * an attribute whose column the select does not read as it is, a column named ambiguously, a
 * table whose primary key is not mapped. Names the class and, where one is at fault, the attribute.
 */
export class MappedSelectableError extends ConfigurationError {
  /**
   * An error naming the entity and, where one is at fault, the attribute.
   *
   * @param message - What is wrong with the mapping to a selectable.
   */
  constructor(
    message: string,
    /** The mapped class, e.g. `User`. */
    readonly entity: string,
    /** The attribute named, where one is at fault. */
    readonly attribute: string | undefined,
  ) {
    super(message);
  }
}

/** A session or object is in a state that does not allow the operation. */
export class InvalidRequestError extends AthanorError {}

/** A flush cannot proceed: an object has a NULL identity key, commit kept flushing, … */
export class FlushError extends AthanorError {}

/**
 * The database or its driver cannot do what was asked: two-phase commit on SQLite, SQL Server or
 * Oracle (the message names the dialect and the operation).
 */
export class NotSupportedError extends InvalidRequestError {}

/** A transaction (or other resource) that was closed was used again. */
export class ResourceClosedError extends InvalidRequestError {}

/**
 * The session's transaction was rolled back because a flush failed inside it; every further use
 * of the session raises this until `session.rollback()` is called (SQLAlchemy's rule: a unit of
 * work happens entirely or not at all). `cause` is the error that failed the flush.
 */
export class PendingRollbackError extends InvalidRequestError {}

/**
 * The connection was lost while COMMIT was in flight: the transaction may or may not have been
 * committed. Never retry blindly on this error; check the database first. `cause` is the
 * driver-level error.
 */
export class CommitOutcomeUnknownError extends AthanorError {}

/**
 * Something worth knowing that does not stop the operation, where SQLAlchemy emits an SAWarning.
 * Emitted through `process.emitWarning` with the type `'AthanorWarning'` (listen with
 * `process.on('warning', (w) => w.name === 'AthanorWarning' && …)`) and, for warnings of a
 * session, as this class through the session's `warning` event.
 */
export class AthanorWarning extends Error {
  /**
   * A warning named `AthanorWarning`.
   *
   * @param message - What is worth knowing, naming the object or option concerned.
   */
  constructor(message: string) {
    super(message);
    this.name = 'AthanorWarning';
  }
}

/**
 * @internal Emits an `AthanorWarning` through `process.emitWarning` and returns it. Session code
 * warns through `warnFrom(session, …)` (lib/session/session-warnings.ts), which also fires the
 * session's `warning` event.
 */
export function emitAthanorWarning(message: string): AthanorWarning {
  const warning = new AthanorWarning(message);
  // By message and type, not the object: Node refuses Error objects of another realm (a VM
  // context, as test runners use).
  process.emitWarning(message, 'AthanorWarning');
  return warning;
}

/**
 * The row of a persistent object is gone (deleted, or its primary key changed, behind the
 * session's back): refreshing the object found nothing.
 */
export class ObjectDeletedError extends InvalidRequestError {}

/**
 * A transaction propagation rule refused the call: `mandatory` without a transaction, `never`
 * inside one, `requiresNew` / `notSupported` on a pool that cannot give a second connection, or
 * an isolation level that differs from the transaction being joined.
 */
export class TransactionPropagationError extends InvalidRequestError {
  /**
   * An error naming the propagation mode that refused the call.
   *
   * @param message - Which rule refused the call, and why.
   */
  constructor(
    /** The propagation mode of the refused call. */
    readonly propagation: string,
    message: string,
  ) {
    super(message);
  }
}

/** `context.session` (or a hook) was used where no session context is open. */
export class NoSessionContextError extends InvalidRequestError {}

/**
 * Strict mode of a session context: a statement was sent outside the ambient transaction — on
 * another connection (`engine.execute`, a session made by hand) or through the session of another
 * transaction scope.
 */
export class OutsideTransactionError extends InvalidRequestError {}

/**
 * A session handle was used after its transaction scope ended: captured in a closure, or used by
 * a promise nobody awaited.
 */
export class TransactionEndedError extends InvalidRequestError {}

/**
 * The transaction was rolled back instead of committed because a part that joined it threw (the
 * error was caught, but that part's writes may be half done).
 */
export class RollbackOnlyError extends InvalidRequestError {}

/** The session context is shutting down: no new transaction scope may open. */
export class ContextClosedError extends InvalidRequestError {}

/**
 * A sharded session could not tell which shard to use: a query that names no shard (cross-shard
 * queries are opt-in), an unknown shard id, an object the shard chooser places nowhere, or an
 * object reached by cascade that the chooser places on another shard than the object it hangs on.
 */
export class ShardSelectionError extends InvalidRequestError {}

/**
 * Committing a sharded session failed on one shard after others had committed: shards commit one
 * after another, without two-phase commit. `committed` lists the shards whose COMMIT succeeded,
 * `failed` the one that raised (`cause`); the shards after it were rolled back.
 */
export class PartialShardCommitError extends AthanorError {
  /**
   * An error naming the shards that committed and the one that failed.
   *
   * @param options - `cause`: the error the failing shard's COMMIT raised.
   */
  constructor(
    message: string,
    /** The shards whose COMMIT succeeded before the failure. */
    readonly committed: readonly string[],
    /** The shard whose COMMIT raised. */
    readonly failed: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A migration cannot run as asked: a script without its exports, an unknown or ambiguous
 * revision, several heads where one was expected, a cycle in the history.
 */
export class MigrationError extends AthanorError {}

/** Two migration files claim one revision id; `paths` names both. */
export class DuplicateRevisionError extends MigrationError {
  /** The message names the revision and both files. */
  constructor(
    /** The revision id both files claim. */
    readonly revision: string,
    /** The two files that declare it. */
    readonly paths: readonly [string, string],
  ) {
    super(`revision ${revision} is defined twice: in ${paths[0]} and in ${paths[1]}`);
  }
}

/** A downgrade reached an operation that cannot be undone; `reason` says which and why. */
export class IrreversibleMigrationError extends MigrationError {
  /** The message names the revision and the reason. */
  constructor(
    /** The revision whose downgrade was refused. */
    readonly revision: string,
    /** Which operation cannot be undone, and why. */
    readonly reason: string,
  ) {
    super(`revision ${revision} cannot be downgraded: ${reason}`);
  }
}
