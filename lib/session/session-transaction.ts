import type { NestedTransaction } from '../drivers';
import { ResourceClosedError } from '../errors';
import type { InstanceState } from '../mapper';

/** Where a session transaction stands (SQLAlchemy's SessionTransactionState, less the internal ones). */
export type SessionTransactionPhase = 'active' | 'prepared' | 'deactive' | 'committed' | 'closed';

/** How a transaction came to be. */
export type SessionTransactionOrigin = 'autobegin' | 'begin' | 'nested';

/** What a transaction handle asks of its session. @internal */
export interface TransactionOwner {
  commitTransaction(tx: SessionTransaction): Promise<void>;
  rollbackTransaction(tx: SessionTransaction): Promise<void>;
}

const NONE: ReadonlySet<InstanceState> = new Set();

/**
 * What the flushes of one transaction touched, for its rollback to restore. @internal
 */
export interface TouchedObjects {
  /** Objects its flushes inserted (they become transient again on rollback). */
  readonly inserted: Set<InstanceState>;
  /**
   * Persistent objects its flushes updated (expired on a savepoint's rollback); a savepoint's
   * only, as the outermost transaction's rollback expires every object.
   */
  readonly updated: Set<InstanceState>;
  /** Objects its flushes deleted (persistent again on rollback). */
  readonly deleted: Set<InstanceState>;
  /**
   * Identity keys its flushes changed: state → [key before the transaction, key now, the primary
   * key attribute values that went with the key before].
   */
  readonly keySwitches: Map<
    InstanceState,
    readonly [string | undefined, string | undefined, readonly unknown[] | undefined]
  >;
}

/**
 * One level of a session's transaction: the outermost one (begun on first use, or by
 * `session.begin()`) or a SAVEPOINT (`session.beginNested()`). It keeps the snapshot of what it
 * touched — objects its flushes inserted, updated and deleted, and identity keys they changed —
 * so that its rollback restores exactly those, as SQLAlchemy's SessionTransaction does.
 *
 * @example
 * const sp = await session.beginNested();
 * session.add(risky);
 * await sp.rollback(); // ROLLBACK TO SAVEPOINT; `risky` is transient again
 */
export class SessionTransaction {
  /** @internal */
  phase: SessionTransactionPhase = 'active';
  /** @internal The error that deactivated it (a failed flush or COMMIT); raised on later use. */
  rollbackError: unknown = undefined;
  /** @internal Whether `rollbackError` came from COMMIT rather than a flush. */
  failedAtCommit = false;
  /** @internal The driver's savepoint of a nested transaction, once emitted. */
  savepoint: NestedTransaction | undefined = undefined;
  /** What its flushes touched; made by the first one (most transactions only read). */
  private touchedObjects: TouchedObjects | undefined = undefined;

  /** @internal */
  constructor(
    private readonly owner: TransactionOwner,
    /** The enclosing transaction of a SAVEPOINT; undefined for the outermost one. */
    readonly parent: SessionTransaction | undefined,
    /** What began the transaction. */
    readonly origin: SessionTransactionOrigin,
  ) {}

  /** @internal What its flushes touched, made now if nothing was yet: for recording a write. */
  touched(): TouchedObjects {
    return (this.touchedObjects ??= {
      inserted: new Set(),
      updated: new Set(),
      deleted: new Set(),
      keySwitches: new Map(),
    });
  }

  /** @internal What its flushes touched so far; undefined when none wrote anything. */
  get touchedSoFar(): TouchedObjects | undefined {
    return this.touchedObjects;
  }

  /**
   * @internal Persistent objects its flushes updated so far (expired on a savepoint's rollback);
   * always empty for the outermost transaction, whose rollback expires every object.
   */
  get updated(): ReadonlySet<InstanceState> {
    return this.touchedObjects?.updated ?? NONE;
  }

  /** @internal Forgets what its flushes touched, once a commit or rollback has settled it. */
  forgetTouched(): void {
    this.touchedObjects = undefined;
  }

  /** True for a SAVEPOINT (`beginNested()`). */
  get nested(): boolean {
    return this.origin === 'nested';
  }

  /** True until it is prepared, committed, rolled back, or deactivated by a failure. */
  get isActive(): boolean {
    return this.phase === 'active';
  }

  /**
   * Commits this transaction: a SAVEPOINT is released (its work joins the enclosing transaction),
   * the outermost transaction flushes and COMMITs. SAVEPOINTs inside it are released first.
   */
  async commit(): Promise<void> {
    this.assertNotClosed();
    await this.owner.commitTransaction(this);
  }

  /**
   * Rolls this transaction back: a SAVEPOINT with ROLLBACK TO SAVEPOINT (the enclosing transaction
   * goes on), the outermost transaction with ROLLBACK. The objects it touched are restored.
   */
  async rollback(): Promise<void> {
    this.assertNotClosed();
    await this.owner.rollbackTransaction(this);
  }

  private assertNotClosed(): void {
    if (this.phase === 'closed' || this.phase === 'committed')
      throw new ResourceClosedError('this transaction is closed');
  }
}
