import type { Engine } from '../drivers';
import { Session, type SessionOptions } from './session';

/** Makes sessions with shared options; `factory.begin(fn)` runs one unit of work. */
export interface SessionFactory {
  /** A new session; `options` add to (and override) the factory's, `info` merged key by key. */
  (options?: SessionOptions): Session;
  /** Opens a session, runs `fn`, commits (or rolls back when it throws), and closes it. */
  begin<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  readonly engine: Engine;
  readonly options: Readonly<SessionOptions>;
}

/**
 * Configures sessions once for an engine, as SQLAlchemy's `sessionmaker`.
 *
 * @example
 * const Session = sessionFactory(engine); // expireOnCommit: false, autoflush: true
 * await using session = Session();
 * await Session.begin(async (s) => { s.add(user); });
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
      value: async <T>(fn: (session: Session) => Promise<T>): Promise<T> => {
        const session = new Session(engine, frozen);
        try {
          return await session.begin(fn);
        } finally {
          await session.close();
        }
      },
    },
  });
  return factory;
}
