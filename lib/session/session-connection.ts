import {
  Connection,
  TwoPhaseTransaction,
  isConnectHookTransaction,
  type BeginOptions,
  type Engine,
  type NestedTransaction,
  type Transaction,
} from '../drivers';
import { ArgumentError, InvalidRequestError } from '../errors';

/**
 * How a session bound to a `Connection` that is already in a transaction takes part in it
 * (SQLAlchemy's `join_transaction_mode`):
 * - `conservativeSavepoint` (default): inside a SAVEPOINT of the connection's, as
 *   `createSavepoint`; otherwise as `rollbackOnly`.
 * - `createSavepoint`: the session works in a SAVEPOINT of its own; its commit releases it and
 *   its rollback rolls back to it, leaving the connection's transaction as it was.
 * - `rollbackOnly`: the session's commit and close leave the connection's transaction alone; its
 *   rollback rolls that transaction (or its innermost SAVEPOINT) back.
 * - `controlFully`: the session commits and rolls back the connection's transaction (or its
 *   innermost SAVEPOINT) as if it had begun it.
 *
 * A connection that is not in a transaction is always fully the session's: it begins one and
 * ends it.
 */
export type JoinTransactionMode =
  'conservativeSavepoint' | 'createSavepoint' | 'rollbackOnly' | 'controlFully';

const JOIN_MODES: readonly JoinTransactionMode[] = [
  'conservativeSavepoint',
  'createSavepoint',
  'rollbackOnly',
  'controlFully',
];

/** Checks a `joinTransactionMode` option. @internal */
export function checkJoinTransactionMode(mode: unknown): JoinTransactionMode {
  if (mode === undefined) return 'conservativeSavepoint';
  if (!JOIN_MODES.includes(mode as JoinTransactionMode)) {
    throw new ArgumentError(
      `invalid selection for joinTransactionMode: ${JSON.stringify(mode)}; expected one of ${JOIN_MODES.join(', ')}`,
    );
  }
  return mode as JoinTransactionMode;
}

/** How the session holds its database transaction. */
type Hold = 'own' | 'savepoint' | 'rollbackOnly' | 'controlFully';

/**
 * The session's hold on one pooled connection and its database transaction. Reads before the
 * first write run on the connection without BEGIN (each statement sees committed data, as at READ
 * COMMITTED); the first flush, locking read, Core write, savepoint or explicit `begin()` starts
 * the transaction, which lasts until commit or rollback. The connection goes back to the pool at
 * commit, rollback and close. Whether the session may use it is the session transaction's call
 * (see `SessionTransactions`), not this class's.
 *
 * Bound to a `Connection` instead of an engine, it never closes that connection, and joins a
 * transaction already open on it as `joinTransactionMode` says.
 * @internal
 */
export class SessionConnection {
  private conn: Connection | undefined;
  private opening: Promise<Connection> | undefined;
  /** The transaction the session ends: its own, its savepoint, or the external one it controls. */
  private tx: Transaction | undefined;
  private hold: Hold | undefined;
  /** The connection the session is bound to, which it never closes. */
  private readonly external: Connection | undefined;
  private readonly engine: Engine | undefined;
  /** Told of each COMMIT of the session's own transaction, on its connection (read-your-writes). */
  afterCommit: ((conn: Connection) => Promise<void>) | undefined;

  constructor(
    bind: Engine | Connection,
    private readonly joinMode: JoinTransactionMode = 'conservativeSavepoint',
    /** Begin the session's transaction with `beginTwoPhase()` (the session's `twoPhase`). */
    private readonly twoPhase = false,
  ) {
    if (bind instanceof Connection) {
      this.external = bind;
      this.conn = bind;
    } else {
      this.engine = bind;
    }
  }

  /** A database transaction is open. */
  get inTransaction(): boolean {
    return this.hold !== undefined;
  }

  /**
   * The connection, checked out on first use. Returned as is (not as a promise) once it is open,
   * so the common path of a query adds no await.
   */
  connection(): Connection | Promise<Connection> {
    if (this.conn !== undefined) return this.conn;
    // A pooled connection at hand is taken at once: no promise between the pool and the query.
    const now = this.opening === undefined ? this.engine?.connectNow() : undefined;
    if (now !== undefined) return (this.conn = now);
    return this.open();
  }

  /** One `then` between the pool's checkout and the caller (no async wrapper: fewer hops). */
  private open(): Promise<Connection> {
    if (this.external !== undefined) return Promise.resolve(this.external);
    return (this.opening ??= this.engine!.connect().then(
      (conn) => {
        this.opening = undefined;
        this.conn = conn;
        return conn;
      },
      (e: unknown) => {
        this.opening = undefined;
        throw e;
      },
    ));
  }

  /** The connection inside a transaction (begun now if needed). */
  async transactional(options?: BeginOptions): Promise<Connection> {
    const conn = await this.connection();
    if (this.hold === undefined) await this.join(conn, options);
    return conn;
  }

  /** Begins the session's transaction, or joins the one open on its external connection. */
  private async join(conn: Connection, options: BeginOptions | undefined): Promise<void> {
    if (!conn.inTransaction) {
      this.tx = this.twoPhase ? await conn.beginTwoPhase(undefined, options) : await conn.begin(options);
      this.hold = 'own';
      return;
    }
    if (this.twoPhase) {
      throw new InvalidRequestError(
        'a twoPhase session cannot join a transaction already open on its connection; it begins its own',
      );
    }
    if (this.external === undefined) {
      // The session's own checkout. A transaction an `engineConnect` listener began is the
      // session's, whatever joinTransactionMode says (as in SQLAlchemy); on any other connection
      // handed out already in a transaction (a test's shared connection), begin() nests in it.
      const hooked = conn.getTransaction();
      this.tx = isConnectHookTransaction(hooked) ? hooked : await conn.begin(options);
      this.hold = 'own';
      return;
    }
    const inner = conn.getNestedTransaction();
    const mode =
      this.joinMode === 'conservativeSavepoint'
        ? inner !== undefined
          ? 'createSavepoint'
          : 'rollbackOnly'
        : this.joinMode;
    if (mode === 'createSavepoint') {
      this.tx = await conn.beginNested();
      this.hold = 'savepoint';
    } else {
      this.tx = inner ?? conn.getTransaction();
      this.hold = mode;
    }
  }

  /**
   * The first phase of two-phase commit: the transaction (if one began) is prepared. Nothing to do
   * when the session has run no statement in a transaction.
   */
  async prepare(): Promise<void> {
    const tx = this.tx;
    if (tx instanceof TwoPhaseTransaction && tx.isActive && !tx.isPrepared) await tx.prepare();
  }

  /** A SAVEPOINT in the transaction (begun now if needed). */
  async savepoint(): Promise<NestedTransaction> {
    const conn = await this.transactional();
    return conn.beginNested();
  }

  /**
   * COMMITs the transaction (if any) and returns the connection. When COMMIT fails the
   * transaction is over all the same (the driver rolled it back, or lost the connection and
   * raised `CommitOutcomeUnknownError`): the connection goes back and the error propagates.
   */
  async commit(): Promise<void> {
    const tx = this.tx;
    try {
      // Joined with rollbackOnly: the connection's owner commits its transaction.
      if (tx !== undefined && tx.isActive && this.hold !== 'rollbackOnly') {
        await tx.commit();
        if (this.afterCommit !== undefined && this.conn !== undefined) await this.afterCommit(this.conn);
      }
    } finally {
      this.tx = undefined;
      this.hold = undefined;
      await this.release();
    }
  }

  /**
   * Ends the transaction for `close()`: rolled back, except one joined with `rollbackOnly`,
   * which the connection's owner ends.
   */
  async close(): Promise<void> {
    if (this.hold === 'rollbackOnly') {
      this.tx = undefined;
      this.hold = undefined;
      return;
    }
    await this.rollback();
  }

  /** Rolls back the transaction (if any) and returns the connection; never throws for a lost one. */
  async rollback(): Promise<void> {
    const tx = this.tx;
    this.tx = undefined;
    this.hold = undefined;
    try {
      if (tx !== undefined && tx.isActive) await tx.rollback();
    } catch {
      // The connection is gone (the driver layer discards it); there is nothing left to undo.
    } finally {
      await this.release();
    }
  }

  /**
   * Ends the transaction by invalidating the connection (an external one too, as SQLAlchemy's
   * `Session.invalidate()` does): what was not committed is lost with it.
   */
  invalidate(): void {
    const conn = this.conn;
    this.tx = undefined;
    this.hold = undefined;
    if (this.external === undefined) this.conn = undefined;
    conn?.invalidate();
  }

  async release(): Promise<void> {
    this.tx = undefined;
    this.hold = undefined;
    if (this.external !== undefined) return; // not the session's to close
    const conn = this.conn;
    this.conn = undefined;
    if (conn !== undefined && !conn.closeIdle()) await conn.close();
  }

  /**
   * Returns the connection at once when nothing needs rolling back or waiting for (the end of a
   * read-only session); false when `rollback()` is needed.
   */
  releaseIdle(): boolean {
    if (this.hold !== undefined || this.opening !== undefined) return false;
    if (this.external !== undefined) return true;
    const conn = this.conn;
    if (conn !== undefined && !conn.closeIdle()) return false;
    this.conn = undefined;
    return true;
  }
}
