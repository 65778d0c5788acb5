import { Connection, type Engine } from '../drivers';
import { InvalidRequestError } from '../errors';
import { instanceState, type InstanceState, type RelationshipProperty, type StateOwner } from '../mapper';
import type { ExecutionOptions } from '../sql';
import type { SessionRouter } from './binds/route';
import type { IdentityMap } from './identity-map';
import {
  ormExecuteKind,
  type InvokeStatementOptions,
  type OrmExecuteState,
  type SessionResult,
} from './orm-execute-state';
import { checkJoinTransactionMode, SessionConnection } from './session-connection';
import type { SessionEmitter } from './session-events';
import { SessionFlushing, type FlushingHost } from './session-flushing';
import type { SessionOptions } from './session-options';
import { SessionQueries, type ExecuteRun, type QueriesHost } from './session-queries';
import { registerSession, type RegistryEntry } from './session-registry';
import { SessionStates } from './session-states';
import { SessionTransactions, type TransactionsHost } from './session-transactions';
import { warnFrom, type WarningTarget } from './session-warnings';
import type { UnitOfWork } from './unit-of-work';

/** A connection-bound session reports no ORM spans: its connection's engine is not known here. */
const NO_SPANS: Pick<Engine, 'instrumentation'> = Object.freeze({ instrumentation: undefined });

/** What the collaborators of a session call back on the session itself (its public members). @internal */
export interface PartsSession extends StateOwner, WarningTarget {
  readonly identityMap: IdentityMap;
  readonly uow: UnitOfWork;
  readonly expireOnCommit: boolean;
  readonly autoflush: boolean;
  readonly executionOptions: ExecutionOptions;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A session's collaborators — its connection, transaction stack, flushes, queries and
 * object-state moves — and the session-wide state they share (listeners, closed). The session
 * keeps the API, these keep the work. This one object is the host each collaborator is given,
 * its callbacks methods rather than closures: a session is made per request (or per lookup), and
 * wiring it allocates no function.
 * @internal
 */
export class SessionParts<S extends PartsSession>
  implements TransactionsHost, FlushingHost, QueriesHost, RegistryEntry
{
  readonly conn: SessionConnection;
  readonly transactions: SessionTransactions;
  /** Made by the first flush, autoflush or change: a session that only reads never needs it. */
  private flushesMade: SessionFlushing | undefined = undefined;
  readonly queries: SessionQueries;
  readonly states: SessionStates;
  readonly identityMap: IdentityMap;
  readonly uow: UnitOfWork;
  readonly spans: Pick<Engine, 'instrumentation'>;
  readonly router: SessionRouter | undefined;
  readonly expireOnCommit: boolean;
  readonly autoflush: boolean;
  readonly autobegin: boolean;
  readonly twoPhase: boolean;
  readonly executionOptions: ExecutionOptions;
  /** The session's listeners: made by the first `on()`, most sessions have none. */
  events: SessionEmitter<S> | undefined = undefined;
  /** `close()` was called with `closeResetsOnly: false`: the session refuses further use. */
  closed = false;
  /** Whether `closeAllSessions()` can find the session: from construction, and from first use after a reset. */
  registered = true;
  /** @internal The session's place in the registry's list of fresh sessions (see `RegistryEntry`). */
  freshPrev: RegistryEntry | undefined = undefined;
  /** @internal */
  freshNext: RegistryEntry | undefined = undefined;

  constructor(
    /** The session: the owner of its object states, and what its listeners receive. */
    readonly session: S,
    bind: Engine | Connection,
    options: SessionOptions,
  ) {
    this.identityMap = session.identityMap;
    this.uow = session.uow;
    this.expireOnCommit = session.expireOnCommit;
    this.autoflush = session.autoflush;
    this.executionOptions = session.executionOptions;
    this.autobegin = options.autobegin ?? true;
    this.twoPhase = options.twoPhase === true;
    this.spans = bind instanceof Connection ? NO_SPANS : bind;
    const conn = new SessionConnection(
      bind,
      checkJoinTransactionMode(options.joinTransactionMode),
      this.twoPhase,
    );
    const router = options.router;
    if (router !== undefined) {
      router.check?.(bind);
      if (router.committed !== undefined) conn.afterCommit = (c) => router.committed!(c);
    }
    this.conn = conn;
    this.router = router;
    this.transactions = new SessionTransactions(this);
    this.states = new SessionStates(session, this.uow, this.transactions, this);
    this.queries = new SessionQueries(this);
  }

  /** The session's flushes (see `flushesMade`). */
  get flushes(): SessionFlushing {
    return (this.flushesMade ??= new SessionFlushing(this));
  }

  /** Raises when the session was closed for good; registers a session used again after a reset. */
  assertOpen(): void {
    if (this.closed) {
      throw new InvalidRequestError(
        'this session has been permanently closed (closeResetsOnly: false) and cannot be used again',
      );
    }
    if (!this.registered) {
      this.registered = true;
      registerSession(this);
    }
  }

  // ---- what the collaborators call back ----

  /** The session's `flush()`. */
  flush(): Promise<void> {
    return this.session.flush();
  }

  /** Runs the session's listeners of `event`, if any. */
  async emit(event: 'beforeFlush' | 'afterFlush' | 'afterCommit' | 'afterRollback'): Promise<void> {
    const events = this.events;
    if (events?.has(event)) await events.emit(event, this.session);
  }

  warn(message: string): void {
    warnFrom(this.session, message);
  }

  loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void> {
    return this.queries.loadMany(states, prop);
  }

  isFlushing(): boolean {
    return this.flushesMade?.flushing === true;
  }

  owns(state: InstanceState): boolean {
    return state.owner === this.session;
  }

  autoflushPending(): Promise<void> | undefined {
    // Nothing to flush (a read, usually): nothing to await either.
    if (this.uow.isClean) return undefined;
    return this.flushes.autoflushIfNeeded(() => this.session.flush());
  }

  add(obj: object): void {
    this.states.add(instanceState(obj));
  }

  intercept(
    statement: OrmExecuteState<unknown>['statement'],
    run: ExecuteRun,
    invoke: (options?: InvokeStatementOptions) => Promise<SessionResult>,
  ): Promise<SessionResult | undefined> | undefined {
    const events = this.events;
    if (events === undefined || !events.has('doOrmExecute')) return undefined;
    const state: OrmExecuteState<S> = {
      session: this.session,
      statement,
      executionOptions: run.executionOptions,
      bindArguments: run.bindArguments,
      ...ormExecuteKind(statement),
      invokeStatement: invoke,
    };
    return events.firstResult('doOrmExecute', state) as Promise<SessionResult | undefined>;
  }

  intercepts(): boolean {
    return this.events?.has('doOrmExecute') === true;
  }
}
