/** What the registry closes: a session. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Every session made in this process, held weakly: a session nobody references is collected as
 * before, and its entry goes with it.
 */
const sessions = new Set<WeakRef<Closable>>();
const collected = new FinalizationRegistry<WeakRef<Closable>>((ref) => sessions.delete(ref));

/** @internal Called by each session's constructor. */
export function registerSession(session: Closable): void {
  const ref = new WeakRef(session);
  sessions.add(ref);
  collected.register(session, ref);
}

/**
 * Closes every session of the process that is still referenced (SQLAlchemy's
 * `close_all_sessions()`): each rolls back what it has open, returns its connection and lets go
 * of its objects. For the end of a test or of a process; the registry keeps no session alive.
 *
 * @example
 * afterAll(async () => {
 *   await closeAllSessions();
 *   await engine.dispose();
 * });
 */
export async function closeAllSessions(): Promise<void> {
  for (const ref of [...sessions]) {
    const session = ref.deref();
    if (session === undefined) sessions.delete(ref);
    else await session.close();
  }
}
