import { Connection, type Engine } from '../drivers';
import { instanceState, type StateOwner } from '../mapper';
import type { ExecutionOptions } from '../sql';
import type { IdentityMap } from './identity-map';
import { ormExecuteKind, type OrmExecuteState, type SessionResult } from './orm-execute-state';
import { checkJoinTransactionMode, SessionConnection } from './session-connection';
import type { SessionEmitter } from './session-events';
import { SessionFlushing } from './session-flushing';
import type { SessionOptions } from './session-options';
import { SessionQueries } from './session-queries';
import { SessionStates } from './session-states';
import { SessionTransactions } from './session-transactions';
import { warnFrom, type WarningTarget } from './session-warnings';
import type { UnitOfWork } from './unit-of-work';

/** A connection-bound session reports no ORM spans: its connection's engine is not known here. */
const NO_SPANS: Pick<Engine, 'instrumentation'> = Object.freeze({ instrumentation: undefined });

/** What the collaborators of a session `S` call back on it. @internal */
export interface PartsOwner<S> {
  /** The session itself: the owner of its object states, and what its listeners receive. */
  readonly session: S;
  readonly identityMap: IdentityMap;
  readonly uow: UnitOfWork;
  readonly expireOnCommit: boolean;
  readonly autoflush: boolean;
  readonly executionOptions: ExecutionOptions;
  /** The session's listeners, undefined until the first `on()`. */
  events(): SessionEmitter<S> | undefined;
  /** The session's `flush()`. */
  flush(): Promise<void>;
  /** Raises when the session was closed for good. */
  assertOpen(): void;
  /** Whether the session was closed for good. */
  isClosed(): boolean;
}

/** The collaborators a session delegates to, wired to each other and to the session. @internal */
export interface SessionParts {
  readonly conn: SessionConnection;
  readonly transactions: SessionTransactions;
  readonly flushes: SessionFlushing;
  readonly queries: SessionQueries;
  readonly states: SessionStates;
}

/**
 * Builds a session's collaborators: its connection, transaction stack, flushes, queries and
 * object-state moves. The session keeps the API; these keep the work, each told only what it
 * needs of the others.
 * @internal
 */
export function sessionParts<S extends StateOwner & WarningTarget>(
  bind: Engine | Connection,
  options: SessionOptions,
  owner: PartsOwner<S>,
): SessionParts {
  const session = owner.session;
  const { identityMap, uow, executionOptions } = owner;
  const spans = bind instanceof Connection ? NO_SPANS : bind;
  const warn = (message: string): void => void warnFrom(session, message);
  const emit = async (
    event: 'beforeFlush' | 'afterFlush' | 'afterCommit' | 'afterRollback',
  ): Promise<void> => {
    const events = owner.events();
    if (events?.has(event)) await events.emit(event, session);
  };
  const conn = new SessionConnection(
    bind,
    checkJoinTransactionMode(options.joinTransactionMode),
    options.twoPhase === true,
  );
  const router = options.router;
  if (router !== undefined) {
    router.check?.(bind);
    if (router.committed !== undefined) conn.afterCommit = (c) => router.committed!(c);
  }
  const transactions = new SessionTransactions({
    conn,
    uow,
    expireOnCommit: owner.expireOnCommit,
    autobegin: options.autobegin ?? true,
    twoPhase: options.twoPhase === true,
    flush: () => owner.flush(),
    emit,
    warn,
  });
  const states = new SessionStates(session, uow, transactions, () => owner.isClosed());
  const flushes: SessionFlushing = new SessionFlushing({
    conn,
    transactions,
    identityMap,
    uow,
    spans,
    autoflush: owner.autoflush,
    executionOptions,
    emit,
    // `queries` is made below; a flush loads relationships only once both exist.
    loadMany: (loading, prop) => queries.loadMany(loading, prop),
    warn,
  });
  const queries: SessionQueries = new SessionQueries({
    conn,
    transactions,
    identityMap,
    uow,
    spans,
    router,
    isFlushing: () => flushes.flushing,
    assertOpen: () => owner.assertOpen(),
    executionOptions,
    intercept: (statement, run, invoke) => {
      const events = owner.events();
      if (events === undefined || !events.has('doOrmExecute')) return undefined;
      const state: OrmExecuteState<S> = {
        session,
        statement,
        executionOptions: run.executionOptions,
        bindArguments: run.bindArguments,
        ...ormExecuteKind(statement),
        invokeStatement: invoke,
      };
      return events.firstResult('doOrmExecute', state) as Promise<SessionResult | undefined>;
    },
    intercepts: () => owner.events()?.has('doOrmExecute') === true,
    owns: (state) => state.owner === session,
    autoflush: () => flushes.autoflushIfNeeded(() => owner.flush()),
    add: (obj) => states.add(instanceState(obj)),
    warn,
  });
  return { conn, transactions, flushes, queries, states };
}
