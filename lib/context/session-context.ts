import { AsyncLocalStorage } from 'node:async_hooks';
import type { BeforeExecuteEvent, Connection, Engine } from '../drivers';
import {
  ArgumentError,
  ContextClosedError,
  NoSessionContextError,
  OutsideTransactionError,
  TransactionEndedError,
  TransactionPropagationError,
} from '../errors';
import type { Session, SessionOptions, TransactionAttempt } from '../session';
import { retryPolicy, type RetryPolicy } from '../session/retry/retry-options';
import { runWithRetry } from '../session/retry/run-with-retry';
import {
  PROPAGATIONS,
  type Propagation,
  type TransactionalOptions,
  type TransactionHook,
} from './propagation';
import { boundEngine } from './scoped-engine';
import { Scope, type ScopeHost } from './scope';

const FIRST_ATTEMPT: TransactionAttempt = Object.freeze({ attempt: 1, attempts: 1 });

/** Options of `new SessionContext(engine, options)`. */
export interface SessionContextOptions {
  /** Options of every session the context makes (`expireOnCommit`, `autoflush`, …). */
  readonly session?: SessionOptions;
  /**
   * Raise `OutsideTransactionError` for a statement sent, inside a transaction scope, on any
   * connection but that scope's (`engine.execute`, a Session made by hand, the session of another
   * scope), and `TransactionEndedError` for one sent from a scope that already ended. Default false.
   */
  readonly strict?: boolean;
  /** Receives an error thrown by an `afterCommit` / `afterRollback` hook (default: `console.error`). */
  readonly onHookError?: (error: unknown, hook: 'afterCommit' | 'afterRollback') => void;
}

/** A scope opened by an integration (a request, a job), completed by it. */
export interface OpenScope {
  /** Runs `fn` with this scope ambient (and everything `fn` starts, awaited or not). */
  run<T>(fn: () => T): T;
  /** Commits (or, when a joined part failed, rolls back and raises) and ends the scope. */
  commit(): Promise<void>;
  /** Rolls back and ends the scope. */
  rollback(): Promise<void>;
  /** Commits the work so far; the scope stays open and a new transaction begins on next use. */
  commitNow(): Promise<void>;
  /** Whether the scope ended (committed, rolled back or closed); a handle used after it throws. */
  readonly ended: boolean;
}

/** Options of `context.open()`. */
export interface OpenScopeOptions {
  /**
   * `transaction` (default): the scope's work commits when the integration completes it;
   * `none`: a session without a managed transaction (reads; `transactional()` inside begins them).
   */
  readonly kind?: 'transaction' | 'none';
}

/** A test's transaction: everything the context does meanwhile runs inside it. */
export interface TestTransaction {
  /** Rolls everything back, closes the connection and unbinds the context. */
  rollback(): Promise<void>;
}

/**
 * The ambient session of an engine, held in AsyncLocalStorage: code anywhere below a request, a
 * job or a `transactional()` call reaches the same Session through `context.session`, without
 * passing it along. This is what the Express and NestJS integrations are built on, and works in
 * any other program (scripts, workers, queue consumers).
 *
 * @example
 * const context = new SessionContext(engine);
 * await context.transactional(async () => {
 *   context.session.add(order);
 *   context.afterCommit(() => mailer.send(order));
 * }); // committed here, then the mail goes out
 */
export class SessionContext {
  private readonly storage = new AsyncLocalStorage<Scope>();
  private readonly host: ScopeHost;
  private readonly owners = new Map<number, Scope>();
  private readonly live = new Set<Scope>();
  private readonly sessionOptions: SessionOptions;
  private readonly onHookError: (error: unknown, hook: 'afterCommit' | 'afterRollback') => void;
  private bound: { engine: Engine; conn: Connection } | undefined;
  private closing = false;
  private readonly detach: (() => void)[] = [];

  /**
   * A context whose transaction scopes open sessions on `engine`.
   *
   * @param engine - The engine every scope's session uses (`bind()` can pin one connection instead).
   * @param options - Session options for the scopes' sessions, and the handler of a throwing `afterCommit` /
   * `afterRollback` hook (by default it logs to `console.error`).
   */
  constructor(
    readonly engine: Engine,
    options: SessionContextOptions = {},
  ) {
    this.sessionOptions = Object.freeze({ ...(options.session ?? {}) });
    this.onHookError =
      options.onHookError ??
      ((error, hook) => {
        console.error(`athanor: an ${hook} hook threw`, error);
      });
    const engineNow = (): Engine => this.bound?.engine ?? this.engine;
    this.host = {
      get engine() {
        return engineNow();
      },
      sessionOptions: this.sessionOptions,
      connected: (owner, conn) => {
        if (conn !== this.bound?.conn) this.owners.set(conn.connectionId, owner.owner);
      },
      ended: (scope) => {
        this.live.delete(scope);
      },
      within: (scope, fn) => this.storage.run(scope as Scope, fn),
      hookFailed: (error, hook) => this.onHookError(error, hook),
    };
    this.detach.push(engine.on('checkin', ({ connectionId }) => this.owners.delete(connectionId)));
    if (options.strict === true) this.detach.push(engine.on('beforeExecute', (e) => this.checkStatement(e)));
  }

  // ---- the ambient session ----

  /** The session of the ambient scope; `NoSessionContextError` outside any scope. */
  get session(): Session {
    const scope = this.storage.getStore();
    if (scope === undefined) {
      throw new NoSessionContextError(
        'no session context here: run the code inside context.transactional(), a request of the Express or NestJS integration, or context.open().run()',
      );
    }
    return scope.session;
  }

  /** Whether code here runs inside a session context. */
  get active(): boolean {
    const scope = this.storage.getStore();
    return scope !== undefined && !scope.ended;
  }

  /** Whether a transaction is ambient here (one `required` would join). */
  get inTransaction(): boolean {
    const scope = this.storage.getStore();
    return scope !== undefined && !scope.ended && scope.transactional;
  }

  /** Runs `hook` once after the ambient transaction's outermost COMMIT (not after a rollback). */
  afterCommit(hook: TransactionHook): void {
    this.transactionScope('afterCommit').addHook('afterCommit', hook);
  }

  /** Runs `hook` once after the ambient transaction (or this savepoint of it) rolls back. */
  afterRollback(hook: TransactionHook): void {
    this.transactionScope('afterRollback').addHook('afterRollback', hook);
  }

  private transactionScope(what: string): Scope {
    const scope = this.storage.getStore();
    if (scope === undefined || scope.ended || !scope.transactional) {
      throw new NoSessionContextError(`${what}() needs an ambient transaction; none is open here`);
    }
    return scope;
  }

  // ---- transactions ----

  /**
   * Runs `fn` in a transaction as `options.propagation` says (default `required`: join the
   * ambient transaction, or begin one that commits when `fn` resolves and rolls back when it
   * throws). See `Propagation` for every mode, and `retry` for running it again after a
   * serialization failure or a deadlock. `fn` is told which attempt of its transaction runs.
   */
  async transactional<T>(
    fn: (attempt: TransactionAttempt) => Promise<T>,
    options: TransactionalOptions = {},
  ): Promise<T> {
    const propagation = options.propagation ?? 'required';
    if (!PROPAGATIONS.includes(propagation)) {
      throw new ArgumentError(
        `transactional(): propagation ${JSON.stringify(propagation)} is not one of ${PROPAGATIONS.join(', ')}`,
      );
    }
    const policy = retryPolicy(options.retry, 'transactional()');
    const current = this.storage.getStore();
    if (current?.ended)
      throw new TransactionEndedError('transactional() was called from a scope that already ended');
    const outer = current !== undefined && current.transactional ? current : undefined;
    switch (propagation) {
      case 'required':
        return outer ? this.join(outer, fn, options) : this.beginNew(fn, options, policy);
      case 'supports':
        return outer ? this.join(outer, fn, options) : this.runUntransacted(current, fn);
      case 'mandatory':
        if (!outer) {
          throw new TransactionPropagationError(
            propagation,
            "propagation 'mandatory' needs an ambient transaction, and there is none here",
          );
        }
        return this.join(outer, fn, options);
      case 'never':
        if (outer) {
          throw new TransactionPropagationError(
            propagation,
            "propagation 'never' refuses to run inside a transaction, and one is ambient here",
          );
        }
        return this.runUntransacted(current, fn);
      case 'notSupported':
        if (outer) this.assertSecondConnection(propagation);
        return this.runUntransacted(outer ? undefined : current, fn);
      case 'requiresNew':
        if (outer) this.assertSecondConnection(propagation);
        return this.beginNew(fn, options, policy);
      case 'nested':
        return outer ? this.runSavepoint(outer, fn) : this.beginNew(fn, options, policy);
    }
  }

  private async join<T>(
    outer: Scope,
    fn: (attempt: TransactionAttempt) => Promise<T>,
    options: TransactionalOptions,
  ): Promise<T> {
    const level = options.isolationLevel;
    if (level !== undefined && level !== outer.owner.isolationLevel) {
      throw new TransactionPropagationError(
        options.propagation ?? 'required',
        `isolation level ${level} was asked for, but the transaction it would join runs at ${outer.owner.isolationLevel ?? "the engine's default level"}; use propagation 'requiresNew' for a transaction of its own`,
      );
    }
    try {
      return await fn(outer.owner.attempt);
    } catch (e) {
      outer.rollbackOnly ??= e;
      throw e;
    }
  }

  /**
   * The outermost transaction of `fn`: with a retry policy, a transaction that lost to a
   * concurrent one runs again from the start in a new scope (new session, new hooks).
   */
  private beginNew<T>(
    fn: (attempt: TransactionAttempt) => Promise<T>,
    options: TransactionalOptions,
    policy: RetryPolicy | undefined,
  ): Promise<T> {
    return runWithRetry(policy, (attempt) => this.runNew('transaction', fn, options, attempt));
  }

  /** A scope of its own (a transaction, or a session without one) for `fn`. */
  private async runNew<T>(
    kind: 'transaction' | 'none',
    fn: (attempt: TransactionAttempt) => Promise<T>,
    options: TransactionalOptions,
    attempt: TransactionAttempt = FIRST_ATTEMPT,
  ): Promise<T> {
    const scope = this.newScope(kind, this.storage.getStore(), options);
    scope.attempt = attempt;
    let result: T;
    try {
      // A session reads without BEGIN until its first write; a chosen isolation level must cover
      // the reads too, so that transaction begins now.
      if (options.isolationLevel !== undefined)
        await this.storage.run(scope, () => scope.session.connection());
      result = await this.storage.run(scope, () => fn(attempt));
    } catch (e) {
      await scope.complete(false);
      throw e;
    }
    await scope.complete(true);
    return result;
  }

  /** Without a transaction: in the ambient transactionless scope if there is one, else a new one. */
  private runUntransacted<T>(
    current: Scope | undefined,
    fn: (attempt: TransactionAttempt) => Promise<T>,
  ): Promise<T> {
    if (current !== undefined && !current.transactional) return fn(FIRST_ATTEMPT);
    return this.runNew('none', fn, {});
  }

  private async runSavepoint<T>(outer: Scope, fn: (attempt: TransactionAttempt) => Promise<T>): Promise<T> {
    const savepoint = await this.storage.run(outer, () => outer.session.beginNested());
    const scope = new Scope(this.host, 'savepoint', outer, undefined, savepoint);
    this.live.add(scope);
    let result: T;
    try {
      result = await this.storage.run(scope, () => fn(outer.owner.attempt));
    } catch (e) {
      await scope.complete(false);
      throw e;
    }
    await scope.complete(true);
    return result;
  }

  /**
   * `requiresNew` and `notSupported` with a transaction ambient need a second connection while the
   * first stays checked out: on a pool of one connection that would wait forever, so refuse now.
   */
  private assertSecondConnection(propagation: Propagation): void {
    if (this.bound !== undefined) return; // a test's transaction: everything shares its connection
    const max = this.engine.poolStatus.max;
    if (max > 1) return;
    throw new TransactionPropagationError(
      propagation,
      `propagation '${propagation}' needs a second connection while the ambient transaction holds one, but the pool of ${this.engine.toString()} has ${max} (a single-connection database); use 'nested' (a SAVEPOINT) or run it after the transaction`,
    );
  }

  private newScope(
    kind: 'transaction' | 'none',
    parent: Scope | undefined,
    options: TransactionalOptions,
  ): Scope {
    if (this.closing)
      throw new ContextClosedError('the session context is shutting down; no new scope may open');
    const scope = new Scope(this.host, kind, parent, options.isolationLevel);
    this.live.add(scope);
    return scope;
  }

  // ---- scopes for integrations ----

  /**
   * Opens a scope that its opener completes: the Express middleware opens one per request, a
   * queue consumer one per job. `run()` makes it ambient; `commit()` / `rollback()` end it.
   *
   * @example
   * const scope = context.open();
   * try { await scope.run(() => handle(job)); await scope.commit(); }
   * catch (e) { await scope.rollback(); throw e; }
   */
  open(options: OpenScopeOptions = {}): OpenScope {
    const scope = this.newScope(options.kind ?? 'transaction', undefined, {});
    return {
      run: (fn) => this.storage.run(scope, fn),
      commit: () => scope.complete(true),
      rollback: () => scope.complete(false),
      commitNow: () => scope.commitNow(),
      get ended() {
        return scope.ended;
      },
    };
  }

  /** The scope ambient here, for the integrations' explicit-control helpers. @internal */
  currentScope(): Scope | undefined {
    return this.storage.getStore();
  }

  // ---- tests ----

  /**
   * Binds the context to one connection in a transaction until `rollback()`: every scope opened
   * meanwhile (HTTP requests included) runs in it, its transactions becoming SAVEPOINTs, and
   * `rollback()` undoes it all. Meant for one test at a time, with requests made one after another.
   */
  async beginTestTransaction(): Promise<TestTransaction> {
    if (this.bound !== undefined)
      throw new ArgumentError('a test transaction is already open on this context');
    const conn = await this.engine.connect();
    try {
      await conn.begin();
    } catch (e) {
      await conn.close();
      throw e;
    }
    const bound = { engine: boundEngine(this.engine, conn), conn };
    this.bound = bound;
    return {
      rollback: async () => {
        if (this.bound === bound) this.bound = undefined;
        await conn.close(); // rolls back
      },
    };
  }

  // ---- shutdown ----

  /** Scopes open now (requests and transactions in flight). */
  get openScopes(): number {
    return this.live.size;
  }

  /**
   * Refuses new scopes, waits up to `graceMillis` for the open ones to complete, rolls back those
   * still open, and detaches from the engine (which the caller disposes).
   */
  async shutdown(options: { graceMillis?: number } = {}): Promise<{
    /** Scopes still open at the deadline, whose transactions were rolled back. */
    rolledBack: number;
  }> {
    this.closing = true;
    const deadline = Date.now() + (options.graceMillis ?? 10_000);
    while (this.live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const left = [...this.live].reverse();
    const reason = new ContextClosedError(
      'rolled back: the application shut down before this transaction completed',
    );
    for (const scope of left) await scope.abort(reason).catch(() => undefined);
    for (const off of this.detach.splice(0)) off();
    return { rolledBack: left.length };
  }

  // ---- strict mode ----

  private checkStatement(event: BeforeExecuteEvent): void {
    const scope = this.storage.getStore();
    if (scope === undefined) return;
    if (this.bound !== undefined && event.connectionId === this.bound.conn.connectionId) return;
    if (scope.ended) {
      throw new TransactionEndedError(
        `a statement was sent from a transaction scope that already ended (a promise nobody awaited, or a captured session): ${event.sql}`,
      );
    }
    const owner = this.owners.get(event.connectionId);
    const here = scope.owner;
    if (owner === here) return;
    if (owner !== undefined) {
      throw new OutsideTransactionError(
        `a statement was sent through the session of another transaction scope than the ambient one (a session captured from an enclosing or finished transaction): ${event.sql}`,
      );
    }
    if (here.kind === 'transaction') {
      throw new OutsideTransactionError(
        `a statement was sent on connection ${event.connectionId}, outside the ambient transaction (engine.execute, engine.connect or a Session made by hand); use context.session: ${event.sql}`,
      );
    }
  }
}
