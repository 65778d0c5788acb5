import type { Connection, Engine, IsolationLevel } from '../drivers';
import { RollbackOnlyError, TransactionEndedError } from '../errors';
import { Session, type SessionOptions, type SessionTransaction, type TransactionAttempt } from '../session';
import { scopedEngine } from './scoped-engine';
import type { TransactionHook } from './propagation';

/**
 * - `transaction`: owns a Session whose transaction commits when the scope completes.
 * - `savepoint`: a SAVEPOINT in the session of its parent.
 * - `none`: owns a Session but manages no transaction: reads run as they come, and what the code
 *   did not commit itself is rolled back when the scope ends.
 */
export type ScopeKind = 'transaction' | 'savepoint' | 'none';

/** What a scope needs from its context. @internal */
export interface ScopeHost {
  /** The engine sessions are made with now (a test may bind it to one connection). */
  readonly engine: Engine;
  readonly sessionOptions: SessionOptions;
  /** A connection was checked out for the session of `owner`. */
  connected(owner: Scope, conn: Connection): void;
  /** `scope` ended (committed, rolled back or closed). */
  ended(scope: Scope): void;
  /** Runs `fn` with `scope` ambient. */
  within<T>(scope: Scope | undefined, fn: () => T): T;
  /** Reports a hook that threw (hooks run after the outcome is final; they cannot change it). */
  hookFailed(error: unknown, hook: 'afterCommit' | 'afterRollback'): void;
}

let nextScopeId = 1;

/**
 * One level of ambient context: which Session the code inside it uses, and what happens to that
 * session's work when the level completes. The integrations open one per request (or job), and
 * `transactional()` opens one per transaction, savepoint or suspension.
 * @internal
 */
export class Scope {
  readonly id = nextScopeId++;
  /** Completed: its session may no longer be used through it. */
  ended = false;
  /** Which run of its transaction this is (`transactional({ retry })` runs it again). */
  attempt: TransactionAttempt = { attempt: 1, attempts: 1 };
  /** A part that joined this transaction threw: completing it rolls back. */
  rollbackOnly: unknown = undefined;
  /** Why it was rolled back from outside, before its code completed it. */
  private abortedBy: Error | undefined;
  private ownSession: Session | undefined;
  private readonly commitHooks: TransactionHook[] = [];
  private readonly rollbackHooks: TransactionHook[] = [];

  constructor(
    private readonly host: ScopeHost,
    readonly kind: ScopeKind,
    /** The scope this one was opened in (undefined at the top). */
    readonly parent: Scope | undefined,
    /** The isolation level its transaction begins with (`transaction` scopes). */
    readonly isolationLevel: IsolationLevel | undefined,
    /** The SAVEPOINT of a `savepoint` scope. */
    private readonly savepoint: SessionTransaction | undefined = undefined,
  ) {}

  /** The scope that owns the session used here (a savepoint's is its parent's). */
  get owner(): Scope {
    return this.kind === 'savepoint' ? this.parent!.owner : this;
  }

  /** A transaction is ambient here. */
  get transactional(): boolean {
    return this.owner.kind === 'transaction';
  }

  /** The session of this scope, made on first use. */
  get session(): Session {
    if (this.ended) throw endedError();
    const owner = this.owner;
    return (owner.ownSession ??= owner.makeSession());
  }

  /** Whether the session was made (so there may be work to commit). */
  get hasSession(): boolean {
    return this.owner.ownSession !== undefined;
  }

  private makeSession(): Session {
    const engine = scopedEngine(this.host.engine, {
      beforeConnect: () => {
        if (this.ended) throw endedError();
      },
      connected: (conn) => this.host.connected(this, conn),
      beginOptions: this.isolationLevel === undefined ? undefined : { isolationLevel: this.isolationLevel },
    });
    return new Session(engine, this.host.sessionOptions);
  }

  addHook(outcome: 'afterCommit' | 'afterRollback', hook: TransactionHook): void {
    (outcome === 'afterCommit' ? this.commitHooks : this.rollbackHooks).push(hook);
  }

  /**
   * Ends the scope: commits (when `commit` and nothing joined failed) or rolls back its
   * transaction or savepoint, closes a session it owns, then runs the hooks of the outcome once
   * the outermost transaction's outcome is final. Raises the COMMIT's error (after rolling back),
   * or `RollbackOnlyError` when a joined part failed.
   */
  async complete(commit: boolean): Promise<void> {
    if (this.ended) {
      // Rolled back from outside (shutdown) while its code ran: that code must not think it committed.
      if (commit && this.abortedBy !== undefined) throw this.abortedBy;
      return;
    }
    let failure: unknown = undefined;
    if (commit && this.rollbackOnly !== undefined) {
      commit = false;
      failure = new RollbackOnlyError(
        'the transaction was rolled back: a part that joined it threw, and the error was caught before the transaction completed',
        { cause: this.rollbackOnly },
      );
    }
    try {
      await this.host.within(this, async () => {
        if (this.kind === 'savepoint') failure = (await this.endSavepoint(commit)) ?? failure;
        else failure = (await this.endSession(commit)) ?? failure;
      });
    } finally {
      this.ended = true;
      this.host.ended(this);
    }
    const committed = failure === undefined && commit;
    if (this.kind === 'savepoint' && committed) {
      // Released: its work (and its hooks) now share the fate of the enclosing transaction.
      for (const hook of this.commitHooks) this.parent!.addHook('afterCommit', hook);
      for (const hook of this.rollbackHooks) this.parent!.addHook('afterRollback', hook);
    } else {
      await this.runHooks(committed ? 'afterCommit' : 'afterRollback');
    }
    if (failure !== undefined) throw failure;
  }

  private async endSavepoint(commit: boolean): Promise<unknown> {
    const sp = this.savepoint!;
    if (commit && sp.isActive) {
      try {
        await sp.commit();
        return undefined;
      } catch (e) {
        if (sp.isActive) await sp.rollback().catch(() => undefined);
        return e;
      }
    }
    if (sp.isActive) await sp.rollback();
    else if (commit)
      return new RollbackOnlyError('the savepoint was already rolled back by a failure inside it');
    return undefined;
  }

  private async endSession(commit: boolean): Promise<unknown> {
    const session = this.ownSession;
    if (session === undefined) return undefined;
    let failure: unknown = undefined;
    try {
      if (commit && this.kind === 'transaction') {
        try {
          await session.commit();
        } catch (e) {
          failure = e;
          await session.rollback().catch(() => undefined);
        }
      } else if (this.kind === 'transaction') {
        await session.rollback();
      }
      // A scope without a transaction only closes its session: what was not committed is rolled
      // back, and the objects it read keep their values (detached) for the response to serialize.
    } finally {
      await session.close();
    }
    return failure;
  }

  /** Runs the hooks outside any scope (they may open transactions of their own). */
  private async runHooks(outcome: 'afterCommit' | 'afterRollback'): Promise<void> {
    const hooks = outcome === 'afterCommit' ? this.commitHooks : this.rollbackHooks;
    const once = hooks.splice(0);
    this.commitHooks.length = 0;
    this.rollbackHooks.length = 0;
    for (const hook of once) {
      try {
        await this.host.within(undefined, hook);
      } catch (e) {
        this.host.hookFailed(e, outcome);
      }
    }
  }

  /** Rolls back from outside (shutdown); the code still running in it gets `reason` when it completes. */
  async abort(reason: Error): Promise<void> {
    if (this.ended) return;
    this.abortedBy = reason;
    await this.complete(false);
  }

  /** Commits the work so far (the integrations' "commit now"); the scope stays open. */
  async commitNow(): Promise<void> {
    if (this.ended) throw endedError();
    if (this.kind !== 'transaction' || this.ownSession === undefined) return;
    await this.host.within(this, () => this.ownSession!.commit());
    await this.runHooks('afterCommit');
  }
}

function endedError(): TransactionEndedError {
  return new TransactionEndedError(
    'this session was used after its transaction scope ended: a session captured in a closure, or a promise nobody awaited; use the ambient session of the scope the code runs in',
  );
}
