/** What the registry closes: a session. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Every session made in this process, held weakly: a session nobody references is collected as
 * before. Entries of collected sessions are dropped by a sweep whenever the set has doubled since
 * the last one (amortised constant time per session) rather than by a FinalizationRegistry, whose
 * registration costs about as much again as the WeakRef on every session's construction.
 */
const sessions = new Set<WeakRef<Closable>>();
/** The set's size at which the next sweep runs. */
let sweepAt = 1024;

/** @internal Called by each session's constructor. */
export function registerSession(session: Closable): void {
  sessions.add(new WeakRef(session));
  if (sessions.size < sweepAt) return;
  for (const ref of sessions) if (ref.deref() === undefined) sessions.delete(ref);
  sweepAt = Math.max(1024, sessions.size * 2);
}

/** @internal Entries in the registry (live sessions and collected ones not yet swept). */
export function registeredSessions(): number {
  return sessions.size;
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
