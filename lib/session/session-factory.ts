import type { Engine } from '../drivers';
import { retryPolicy, type RetrySetting, type TransactionAttempt } from './retry/retry-options';
import { runWithRetry } from './retry/run-with-retry';
import { Session } from './session';
import type { SessionOptions } from './session-options';

/** Options of `factory.begin(fn, options)`. */
export interface FactoryBeginOptions {
  /**
   * Run the whole callback again, in a fresh session, when the transaction fails with a
   * serialization failure, a deadlock or a lock timeout (see `RetryOptions`). Default: no retry.
   */
  readonly retry?: RetrySetting;
}

/** Makes sessions with shared options; `factory.begin(fn)` runs one unit of work. */
export interface SessionFactory {
  /** A new session; `options` add to (and override) the factory's, `info` merged key by key. */
  (options?: SessionOptions): Session;
  /**
   * Opens a session, runs `fn`, commits (or rolls back when it throws), and closes it. With
   * `retry`, a transaction that lost to a concurrent one runs again in a new session (new identity
   * map and unit of work): `fn` must do all its work through the session it is given, and create
   * the objects it adds itself.
   */
  begin<T>(
    fn: (session: Session, attempt: TransactionAttempt) => Promise<T>,
    options?: FactoryBeginOptions,
  ): Promise<T>;
  /** The engine the sessions use. */
  readonly engine: Engine;
  /** The options every session is made with. */
  readonly options: Readonly<SessionOptions>;
}

/**
 * Configures sessions once for an engine, as SQLAlchemy's `sessionmaker`.
 *
 * @example
 * const Session = sessionFactory(engine); // expireOnCommit: false, autoflush: true
 * await using session = Session();
 * await Session.begin(async (s) => { s.add(user); });
 * await Session.begin(async (s) => transfer(s, from, to), { retry: { attempts: 5 } });
 */
export function sessionFactory(engine: Engine, options: SessionOptions = {}): SessionFactory {
  const frozen = Object.freeze({ ...options });
  const factory = ((own?: SessionOptions) =>
    new Session(
      engine,
      own === undefined ? frozen : { ...frozen, ...own, info: { ...frozen.info, ...own.info } },
    )) as SessionFactory;
  Object.defineProperties(factory, {
    engine: { value: engine },
    options: { value: frozen },
    begin: {
      value: async <T>(
        fn: (session: Session, attempt: TransactionAttempt) => Promise<T>,
        own: FactoryBeginOptions = {},
      ): Promise<T> =>
        await runWithRetry(retryPolicy(own.retry, 'sessionFactory.begin()'), async (attempt) => {
          const session = new Session(engine, frozen);
          try {
            return await session.begin((s) => fn(s, attempt));
          } finally {
            await session.close();
          }
        }),
    },
  });
  return factory;
}
