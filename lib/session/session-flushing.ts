import type { Engine } from '../drivers';
import { InvalidRequestError } from '../errors';
import { NO_EXECUTION_OPTIONS, type ExecutionOptions } from '../sql';
import type { InstanceState, RelationshipProperty } from '../mapper';
import type { IdentityMap } from './identity-map';
import { flushSpan } from './orm-spans';
import type { SessionConnection } from './session-connection';
import { flushUnitOfWork } from './session-flush';
import type { SessionTransactions } from './session-transactions';
import type { UnitOfWork } from './unit-of-work';

/** Appended to the message of an error raised by a flush a query started. */
const AUTOFLUSH_NOTE =
  'raised as a result of a query-invoked autoflush; consider using session.noAutoflush() if this flush is occurring prematurely';

/** What the session's flushes need from it. @internal */
export interface FlushingHost {
  readonly conn: SessionConnection;
  readonly transactions: SessionTransactions;
  readonly identityMap: IdentityMap;
  readonly uow: UnitOfWork;
  readonly spans: Pick<Engine, 'instrumentation'>;
  /** The session's `autoflush` option. */
  readonly autoflush: boolean;
  /** The session's execution options. */
  readonly executionOptions: ExecutionOptions;
  /** Runs the listeners of a flush event, if any. */
  emit(event: 'beforeFlush' | 'afterFlush'): Promise<void>;
  loadMany(states: readonly InstanceState[], prop: RelationshipProperty): Promise<void>;
  warn(message: string): void;
}

/**
 * When and how the session flushes: `flush()` with its events, autoflush before queries, and the
 * state that says a flush is running (queries then read in its transaction; session operations
 * during its writing stage warn).
 * @internal
 */
export class SessionFlushing {
  /** A flush is running (from `beforeFlush` to `afterFlush`). */
  flushing = false;
  /** The flush is writing (mapper listeners run now): session changes are not part of it. */
  executing = false;
  /** `noAutoflush()` callbacks running. */
  private autoflushSuspended = 0;

  constructor(private readonly host: FlushingHost) {}

  /** `session.flush()` of an open session. */
  async flush(): Promise<void> {
    const { transactions, uow } = this.host;
    if (this.flushing) throw new InvalidRequestError('this session is already flushing');
    if (uow.isClean) return;
    const tx = transactions.autobegin();
    transactions.assertActive();
    this.flushing = true;
    try {
      await this.host.emit('beforeFlush');
      try {
        this.executing = true;
        const write = (): ReturnType<typeof flushUnitOfWork> =>
          flushUnitOfWork({
            conn: this.host.conn,
            uow,
            identityMap: this.host.identityMap,
            loadRelationship: (states, prop) => this.host.loadMany(states, prop),
            warn: (message) => this.host.warn(message),
          });
        const options = this.host.executionOptions;
        const run =
          options === NO_EXECUTION_OPTIONS
            ? write
            : // The session's execution options are those of its flush statements too.
              async () => (await this.host.conn.transactional()).withExecutionOptions(options, write);
        const spans = this.host.spans;
        const written = await (spans.instrumentation === undefined ? run() : this.traced(spans, run));
        this.executing = false;
        uow.registerPersistent(written.saved, tx, written.previousKeys);
        uow.removeNewlyDeleted(written.deleted, tx);
        const touched = uow.settleChangedDuringFlush(written.saved);
        if (touched > 0) {
          this.host.warn(
            `attribute changes made on ${touched} previously clean object(s) by listeners during the flush have been reset and will not be written; write them from beforeFlush instead`,
          );
        }
        await this.host.emit('afterFlush');
      } catch (e) {
        this.executing = false;
        await transactions.flushFailed(e);
        throw e;
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Runs a flush under its ORM span, on the session's connection (checked out first: the span
   * hands itself to that connection's statements, the flush's BEGIN included).
   */
  private async traced<T>(spans: Pick<Engine, 'instrumentation'>, run: () => Promise<T>): Promise<T> {
    const pending = this.host.conn.connection();
    return flushSpan(spans, pending instanceof Promise ? await pending : pending, run);
  }

  /** Flushes before a query when `autoflush` is on and there is something to flush. */
  async autoflushIfNeeded(flush: () => Promise<void>): Promise<void> {
    if (this.host.autoflush && this.autoflushSuspended === 0 && !this.flushing && !this.host.uow.isClean) {
      try {
        await flush();
      } catch (e) {
        // Say where the flush came from: the query did not ask for it (SQLAlchemy's note).
        if (e instanceof Error && !e.message.includes(AUTOFLUSH_NOTE)) e.message += `\n(${AUTOFLUSH_NOTE})`;
        throw e;
      }
    }
  }

  /** `session.noAutoflush(fn)`. */
  async noAutoflush<T>(fn: () => Promise<T>): Promise<T> {
    this.autoflushSuspended++;
    try {
      return await fn();
    } finally {
      this.autoflushSuspended--;
    }
  }

  /** Warns that a session operation was used while the flush writes (SQLAlchemy's wording). */
  warnIfExecuting(operation: string): void {
    if (!this.executing) return;
    this.host.warn(
      `Usage of the '${operation}' operation is not currently supported within the execution stage of the flush process; results may not be consistent. Use a beforeFlush listener or connection-level operations instead`,
    );
  }
}
